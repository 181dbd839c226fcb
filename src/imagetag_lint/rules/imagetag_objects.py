"""ImageTag names: ``spec.name`` against ``metadata.name`` (C2) and the stream name (S1, S2).

An ImageTag is named ``<stream>:<tag>``. The server splits the name at the first
``:``; the tag part is never checked beyond C2, the stream part only when the stream
does not exist yet and the ImageTag create makes it (those errors come back as
``ImageStream`` errors). An ImageStreamTag create makes the stream the same way
(openshift-apiserver ``registry/imagestreamtag/rest.go``, ``REST.Create``), so the
stream name rule covers it too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Fix, Severity
from ..openshift import pullspec
from ..openshift.apimachinery import (
    NAME_REQUIRED,
    go_quote,
    validate_path_segment_name,
)
from ..openshift.decoded import MAPPINGS
from ._fixes import replace_value, scalar_text
from ._rule import Accept, FixContext, Phase, RuleContext, Scope, rule
from ._support import ImageTagName, image_tag_name, metadata, stream_name_accept, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# The shortest namespace a request can carry: used when the manifest leaves it to -n.
_SHORTEST_NAMESPACE = "x"
STREAM_CHECK_NOTE = "(checked when the image stream is created)"
_SPEC_NAME = "/spec/name"


def _spec_name_from_metadata(ctx: FixContext) -> Fix | None:
    """Set ``spec.name`` to the server's tag part of ``metadata.name`` (``latest`` if empty)."""
    if not ctx.pointer.endswith(_SPEC_NAME):
        return None
    base = ctx.pointer[: -len(_SPEC_NAME)]
    whole = scalar_text(ctx, base + "/metadata/name")
    if whole is None:
        return None
    name = ImageTagName.parse(whole)
    if not name.has_colon:
        return None  # no tag part: the name is what is wrong
    return replace_value(ctx, ctx.pointer, name.tag, f'set spec.name to "{name.tag}"')


# A clean name is absent or empty (not this rule's), or starts with a valid stream name
# that ends at the first ":" or the end, short enough for any namespace (S2).
_STREAM_NAME_FRAGMENT: Final = stream_name_accept("(?::|$)")
_STREAM_NAME_ACCEPT: Final[Accept] = {
    "ImageTag": _STREAM_NAME_FRAGMENT,
    "ImageStreamTag": _STREAM_NAME_FRAGMENT,
}
# Only ``spec: null`` is reported: a clean ImageTag's spec is a mapping (or absent: ITL103).
_NULL_SPEC_ACCEPT: Final[Accept] = {"ImageTag": {"properties": {"spec": {"type": "object"}}}}


def tag_name_matches(obj: Mapping[str, Any], profile: str) -> bool:
    """Whether ITL211 has nothing to say: ``spec.name`` is the tag part of ``metadata.name``
    (after D3 in the ``manifest`` profile), or there is no spec (ITL103, C1) or no name
    (ITL202, M1) to compare."""
    spec = obj.get("spec")
    name = text(metadata(obj).get("name"))
    if not isinstance(spec, MAPPINGS) or not name:
        return True
    spec_name = text(spec.get("name"))
    if profile == "manifest":
        spec_name = pullspec.default_image_tag_spec_name(name, spec_name)
    return not pullspec.validate_image_tag_spec_name(name, spec_name)


@rule(
    code="ITL211",
    name="tag-name-mismatch",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="C2",
    scope=Scope.ROOT,
    fix=_spec_name_from_metadata,
    fix_safe=False,
)
def tag_name_mismatch(obj: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``metadata.name`` must be ``<stream>:<tag>`` and ``spec.name`` must equal its tag part.

    The server splits ``metadata.name`` at the first ``:`` (``latest`` when nothing
    follows it). Without a ``:`` the create always fails; an empty ``spec.name`` is
    filled with the tag part on create (the ``manifest`` profile), but not on update
    nor in objects read back (the ``object`` profile).

    Fix (unsafe): ``spec.name`` is set to the tag part of ``metadata.name``.
    The server refuses the object either way, but which of the two names is the
    intended tag is the author's call: when ``spec.name`` was right, the fix
    points the manifest at another tag. A ``metadata.name`` without ``:`` has no
    tag part to copy, and gets no fix.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v2}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v2}
        spec: {name: v2}
    """
    if tag_name_matches(obj, ctx.settings.profile):
        return
    name = image_tag_name(obj)
    hint = (
        f'the tag part of metadata.name is "{name.tag}"'
        if name.has_colon
        else 'metadata.name has no ":"'
    )
    yield Finding("/spec/name", f"{pullspec.IMAGE_TAG_NAME_MISMATCH} ({hint})")


@rule(
    code="ITL212",
    name="stream-name",
    severity=Severity.ERROR,
    types=("ImageTag", "ImageStreamTag"),
    server="S1",
    scope=Scope.ROOT,
    accept=_STREAM_NAME_ACCEPT,
)
def stream_name(obj: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    The stream part of ``metadata.name`` must be a valid image stream name.

    When the stream does not exist yet, creating the ImageTag (or an ImageStreamTag)
    creates it, and the stream name must match ``[a-z0-9]+(?:[._-][a-z0-9]+)*`` (no
    upper case, no double or leading separators) and ``<namespace>/<stream>`` must fit
    in 255 characters (S2). The server answers with an ``ImageStream`` error; the tag
    part is free. An ImageStreamTag name without ``:``, or with nothing before it,
    never gets that far: ``image-stream-tag-name`` reports it.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: My_App:v1}
        spec: {name: v1}

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: "My_App:v1"}
        tag:
          from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: my-app:v1}
        spec: {name: v1}
    """
    name = image_tag_name(obj)
    if not name.whole:
        return
    if ctx.node_type == "ImageStreamTag" and not (name.has_colon and name.stream):
        return  # the REST create refuses the name before it makes a stream (ITL290)
    stream = name.stream
    whole_name_reasons = set(validate_path_segment_name(name.whole, False))
    if not stream:
        yield Finding("/metadata/name", _stream_message(stream, NAME_REQUIRED))
        return
    reasons = pullspec.validate_image_stream_name(stream)
    for reason in reasons:
        if reason not in whole_name_reasons:  # already reported on the whole name (M2, M3)
            yield Finding("/metadata/name", _stream_message(stream, reason))
    namespace = text(metadata(obj).get("namespace")) or _SHORTEST_NAMESPACE
    if not reasons:
        for error in pullspec.validate_image_stream_path_length(namespace, stream):
            yield Finding("/metadata/name", _stream_message(stream, error.detail), server="S2")


def _stream_message(stream: str, reason: str) -> str:
    return f"stream name {go_quote(stream)}: {reason} {STREAM_CHECK_NOTE}"


@rule(
    code="ITL227",
    name="null-spec",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="C1",
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    profile="manifest",
    accept=_NULL_SPEC_ACCEPT,
)
def null_spec(obj: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``spec: null`` cannot create an ImageTag: the spec is what the create writes.

    A missing ``spec`` is reported by ITL103. On update (the ``object`` profile)
    ``spec: null`` is valid: it removes the tag's spec and keeps its history.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: null

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if "spec" in obj and obj["spec"] is None:
        yield Finding("/spec", "spec is a required field during creation")


RULES = (tag_name_mismatch, stream_name, null_spec)
