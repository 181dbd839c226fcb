"""What a tag points at: ``from`` of a TagReference (catalogue C5-C9, S3, S4, S7, S9).

The same checks run on every TagReference the server validates: ``spec`` of an
ImageTag, each ``spec.tags[]`` of an ImageStream and the ``tag`` of an ImageStreamTag;
messages name the field path of wherever the reference sits. An ImageTag's and an
ImageStreamTag's reference is validated twice: as the object's own (C5-C11), then as
a tag of the image stream it is written into (S3-S9), where only the stream's own
annotations count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache

from ..diagnostics import Finding, Severity
from ..errors import Invalid
from ..openshift import pullspec
from ..settings import AllowedRegistry
from ._fixes import enum_fixer
from ._rule import RuleContext, rule
from ._support import REQUIRED_VALUE, mapping, metadata, not_valid, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

DOCKER_IMAGE = "DockerImage"
IMAGE_STREAM_TAG = "ImageStreamTag"
IMAGE_STREAM_IMAGE = "ImageStreamImage"
FROM_KINDS = (DOCKER_IMAGE, IMAGE_STREAM_IMAGE, IMAGE_STREAM_TAG)
FROM_KIND_DETAIL = "valid values are 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'"
SCHEDULED_DETAIL = (
    "only tags pointing to Docker repositories may be scheduled for background import"
)
STREAM_LAYER_NOTE = "(checked when the tag is written to the image stream)"
INSECURE_ANNOTATION = "openshift.io/image.insecureRepository"
STREAM_ANNOTATION_NOTE = (
    f"(checked again when the tag is written to the image stream, whose own {INSECURE_ANNOTATION}"
    " annotation counts, not this object's)"
)
# Kinds whose tag the server writes into an image stream that does not get the object's
# annotations (catalogue D8, S9; openshift-apiserver ``registry/imagetag/rest.go`` and
# ``registry/imagestreamtag/rest.go``).
_WRITTEN_TO_A_STREAM = frozenset({"ImageTag", "ImageStreamTag"})
# The integrated registry is always allowed (C7). Its host name is cluster state; these
# are the names a default OpenShift installation gives it.
INTERNAL_REGISTRIES = (
    "image-registry.openshift-image-registry.svc:5000",
    "image-registry.openshift-image-registry.svc",
)
_DOCKER_HUB = "docker.io"
_DOCKER_HUB_V1 = "index.docker.io"
_DOCKER_HUB_V2 = "registry-1.docker.io"
_SHOW_MAX = 5


def _from_kind_is(*kinds: str) -> dict[str, Any]:
    """A schema that holds for a ``from`` whose ``kind`` is one of ``kinds`` (and for null)."""
    return {"required": ["kind"], "properties": {"kind": {"enum": list(kinds)}}}


# A ``from`` mapping names its image by a non-empty string (C5); no ``from`` needs none.
_FROM_NAME_ACCEPT: Final = {
    "properties": {
        "from": {"required": ["name"], "properties": {"name": {"type": "string", "minLength": 1}}}
    }
}
# The pull-spec grammar of ``pullspec`` (its unambiguous form of GO_REFERENCE), with the
# digest narrowed to what ``parse_digest`` accepts; a whole name of at most 255 characters
# keeps the repository within its limit. An empty name is ITL213's, not checked here (C6).
_NAME_COMPONENT: Final = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_HOST_COMPONENT: Final = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_HOST: Final = f"{_HOST_COMPONENT}(?:\\.{_HOST_COMPONENT})*(?::[0-9]+)?"
_REPOSITORY: Final = f"(?:{_HOST}/)?{_NAME_COMPONENT}(?:/{_NAME_COMPONENT})*"
_TAG: Final = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"
_DIGEST: Final = "(?:sha256:[0-9A-Fa-f]{64}|sha384:[0-9A-Fa-f]{96}|sha512:[0-9A-Fa-f]{128})"
_PULL_SPEC_ACCEPT: Final = {
    "properties": {
        "from": {
            "if": _from_kind_is(DOCKER_IMAGE),
            "then": {
                "properties": {
                    "name": {
                        "maxLength": pullspec.NAME_TOTAL_LENGTH_MAX,
                        "pattern": f"^(?:{_REPOSITORY}(?::{_TAG})?(?:@{_DIGEST})?)?$",
                    }
                }
            },
        }
    }
}
# ``from.kind`` is one of the three kinds, exactly (C8); no ``from`` needs no kind.
_FROM_KIND_ACCEPT: Final = {
    "properties": {
        "from": {"required": ["kind"], "properties": {"kind": {"enum": list(FROM_KINDS)}}}
    }
}
# An ImageStreamTag name holds at most one ":", an ImageStreamImage name at most one "@"
# (S3, S4), and a DockerImage names no namespace at all: stricter than S7, which compares
# it with the object's own namespace (a DockerImage ``from`` rarely has one).
_FROM_REFERENCE_FORM_ACCEPT: Final = {
    "properties": {
        "from": {
            "allOf": [
                {
                    "if": _from_kind_is(IMAGE_STREAM_TAG),
                    "then": {"properties": {"name": {"pattern": "^[^:]*(?::[^:]*)?$"}}},
                },
                {
                    "if": _from_kind_is(IMAGE_STREAM_IMAGE),
                    "then": {"properties": {"name": {"pattern": "^[^@]*(?:@[^@]*)?$"}}},
                },
                {
                    "if": _from_kind_is(DOCKER_IMAGE),
                    "then": {"properties": {"namespace": {"maxLength": 0}}},
                },
            ]
        }
    }
}
# A ``from`` of another image stream tag or image is not scheduled (C9).
_SCHEDULED_STREAM_REFERENCE_ACCEPT: Final = {
    "if": {
        "required": ["from"],
        "properties": {
            "from": {"type": "object", **_from_kind_is(IMAGE_STREAM_TAG, IMAGE_STREAM_IMAGE)}
        },
    },
    "then": {
        "properties": {"importPolicy": {"properties": {"scheduled": {"not": {"const": True}}}}}
    },
}


@rule(
    code="ITL213",
    name="from-name-required",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="C5",
    accept={"TagReference": _FROM_NAME_ACCEPT},
)
def from_name_required(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``from`` reference needs a ``name``.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    source = tag_ref.get("from")  # not mapping(): no ``from`` needs no name, ``{}`` does
    if isinstance(source, Mapping) and not text(source.get("name")):
        yield Finding("/from/name", REQUIRED_VALUE)


@rule(
    code="ITL214",
    name="pull-spec",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="C6",
    accept={"TagReference": _PULL_SPEC_ACCEPT},
)
def pull_spec(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``DockerImage`` name must parse as a pull spec: ``[registry/]repo[:tag][@digest]``.

    The grammar is library-go's: repository components are lower case, separated by
    ``.``, ``_``, ``__`` or dashes; a tag is at most 128 word characters, ``.`` and
    ``-`` (not first); a digest is ``sha256``/``sha384``/``sha512`` with 64/96/128 hex;
    the repository name is at most 255 characters. A registry alone (``quay.io``)
    and tag plus digest are valid; a URL scheme is not.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/Org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    source = mapping(tag_ref.get("from"))
    if text(source.get("kind")) != DOCKER_IMAGE:
        return
    name = text(source.get("name"))
    if name:
        parsed = pullspec.parse_docker_image_reference(name)
        if isinstance(parsed, Invalid):
            yield Finding("/from/name", parsed.message)


@rule(
    code="ITL215",
    name="registry-not-allowed",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="C7",
    setting="allowed_registries",
)
def registry_not_allowed(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``DockerImage`` registry must be on the cluster's allowed list, when one is configured.

    Clusters can restrict imports (``allowedRegistriesForImport``). Entries are
    ``host`` or ``host:port`` globs (``*``, ``?``); a bare host means port 443, or 80
    for an insecure entry. A reference is checked as secure (port 443) unless
    ``importPolicy.insecure`` or the object's annotation
    ``openshift.io/image.insecureRepository: "true"`` makes either port acceptable
    (C7). The integrated registry is always allowed. Without a configured list this
    rule reports nothing.

    The annotation of an ImageTag or an ImageStreamTag helps only the first check:
    the tag is then written into its image stream, which does not get the object's
    annotations (D8) and checks every tag again with its own (S9). A registry that
    only the object's annotation lets through is reported with S9: a stream created
    for the tag has no annotations, and an existing one lets it through only if it
    carries the annotation itself.

    Fails (allowed-registries: quay.io)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: docker.io/library/nginx:1.27}

    Passes (allowed-registries: quay.io)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    allowed = ctx.settings.allowed_registries
    source = mapping(tag_ref.get("from"))
    if allowed is None or text(source.get("kind")) != DOCKER_IMAGE:
        return
    name = text(source.get("name"))
    parsed = pullspec.parse_docker_image_reference(name) if name else None
    if isinstance(parsed, Invalid):
        return  # unparseable: ITL214 (C6) reports it and the server checks no further
    registry = parsed.registry if parsed is not None else ""
    insecure_policy = mapping(tag_ref.get("importPolicy")).get("insecure") is True
    annotated = mapping(metadata(ctx.obj).get("annotations")).get(INSECURE_ANNOTATION) == "true"
    error = admit_registry(registry, insecure_policy or annotated, allowed)
    if error is not None:
        yield Finding("/from/name", error)  # C7, the object's own check
    elif annotated and not insecure_policy and ctx.root_type in _WRITTEN_TO_A_STREAM:
        error = admit_registry(registry, False, allowed)
        if error is not None:
            yield Finding("/from/name", f"{error} {STREAM_ANNOTATION_NOTE}", server="S9")


def _split_host_port(hostport: str) -> tuple[str, str] | None:
    """Go's ``net.SplitHostPort`` for the forms a registry takes (no IPv6 brackets)."""
    if hostport.count(":") != 1:
        return None
    host, _, port = hostport.partition(":")
    return host, port


@cache
def _glob(pattern: str) -> re.Pattern[str]:
    parts = (".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in pattern)
    return re.compile("".join(parts), re.DOTALL)


def _wildcard_match(value: str, pattern: str) -> bool:
    return _glob(pattern).fullmatch(value) is not None


def allowed_host_ports(allowed: Sequence[AllowedRegistry]) -> list[tuple[str, str]]:
    """The whitelister's (host glob, port glob) list, in its order, malformed entries dropped."""
    entries: list[tuple[str, str]] = []
    for registry in reversed(allowed):  # prepended in reverse: the given order, deduplicated
        parts = registry.domain_name.split(":", 2)
        if len(parts) > 2:
            continue  # "too many colons": the server refuses the whole configuration
        port = parts[1] if len(parts) == 2 else ("80" if registry.insecure else "443")
        if (parts[0], port) not in entries:
            entries.insert(0, (parts[0], port))
    return entries


def _registry_host_port(registry: str, insecure: bool) -> tuple[str, str]:
    """library-go ``RegistryHostPort`` (after ``AsV2`` and ``DockerClientDefaults``)."""
    if registry in (_DOCKER_HUB, _DOCKER_HUB_V1):
        registry = _DOCKER_HUB_V2
    registry = registry or _DOCKER_HUB
    split = _split_host_port(registry)
    if split is not None:
        return split
    return registry, "80" if insecure else "443"


def admit_registry(registry: str, insecure: bool, allowed: Sequence[AllowedRegistry]) -> str | None:
    """``AdmitDockerImageReference``: None when allowed, else the server's error text.

    ``insecure`` stands for the "any" transport the server uses for insecure imports.
    """
    configured = allowed_host_ports(allowed)
    internal = allowed_host_ports([AllowedRegistry(name) for name in INTERNAL_REGISTRIES])
    entries = internal + configured
    if insecure:
        split = _split_host_port(registry)
        host, port = split if split is not None and split[1] else (registry, "")
        if not host:
            host = _registry_host_port(registry, False)[0]
    else:
        host, port = _registry_host_port(registry, False)

    def match_host(candidate: str) -> bool:
        for host_glob, port_glob in entries:
            if not _wildcard_match(candidate, host_glob):
                continue
            if not port:
                if port_glob in ("80", "443", "*"):
                    return True
                continue
            if _wildcard_match(port, port_glob):
                return True
        return False

    if host in (_DOCKER_HUB_V1, _DOCKER_HUB_V2) and match_host(_DOCKER_HUB):
        return None
    if match_host(host):
        return None
    hostname = registry or (f"{host}:{port}" if port else host)
    if not configured:
        return f'registry "{hostname}" not allowed by empty whitelist'
    shown = [f'"{h}:{p}"' for h, p in configured]
    if len(shown) <= _SHOW_MAX:
        return f'registry "{hostname}" not allowed by whitelist: {", ".join(shown)}'
    listed = ", ".join(shown[: _SHOW_MAX - 1])
    more = len(shown) - _SHOW_MAX + 1
    return f'registry "{hostname}" not allowed by whitelist: {listed}, and {more} more ...'


@rule(
    code="ITL216",
    name="from-kind",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="C8",
    fix=enum_fixer(FROM_KINDS),
    accept={"TagReference": _FROM_KIND_ACCEPT},
)
def from_kind(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``from.kind`` must be ``DockerImage``, ``ImageStreamTag`` or ``ImageStreamImage``.

    The values are case-sensitive. The server reports a wrong or missing kind as a
    Required error on ``from.kind``.

    Fix (safe): a kind that differs from a valid one only in case or by a typo,
    when exactly one is that close, is replaced by it (``dockerimage`` becomes
    ``DockerImage``). The server accepts no other spelling, and the three kinds
    are far apart, so the meant kind is never in doubt. A missing kind has no fix.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: dockerimage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    source = tag_ref.get("from")  # not mapping(): no ``from`` needs no kind, ``{}`` does
    if not isinstance(source, Mapping):
        return
    kind = text(source.get("kind"))
    if not kind:  # missing: the server's Required error, with no value to name
        yield Finding("/from/kind", FROM_KIND_DETAIL)
    elif kind not in FROM_KINDS:
        yield Finding("/from/kind", not_valid(kind, FROM_KIND_DETAIL, FROM_KINDS))


@rule(
    code="ITL217",
    name="from-reference-form",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="S3",
    accept={"TagReference": _FROM_REFERENCE_FORM_ACCEPT},
)
def from_reference_form(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Image stream references must be ``<tag>``/``<stream>:<tag>`` or ``<id>``/``<stream>@<id>``.

    An ``ImageStreamTag`` name may hold one ``:`` and an ``ImageStreamImage`` name
    one ``@`` (S3, S4). A ``DockerImage`` reference may not name another namespace in
    ``from.namespace`` (S7). The image stream layer checks this when the tag is
    written, and its error comes back as an ``ImageStream`` error. That holds for
    an ImageStreamTag's ``tag`` too: its create puts the tag into the image stream
    (``REST.Create`` in openshift-apiserver
    ``pkg/image/apiserver/registry/imagestreamtag/rest.go``), whose strategy then
    parses the reference (``parseFromReference``, ``TagVerifier.Verify``).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: ImageStreamTag, name: base:v1:extra}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: ImageStreamTag, name: base:v1}
    """
    source = mapping(tag_ref.get("from"))
    kind, name = text(source.get("kind")), text(source.get("name"))
    if kind in (IMAGE_STREAM_TAG, IMAGE_STREAM_IMAGE) and name:
        if isinstance(pullspec.parse_from_reference(kind, name, ""), Invalid):
            server = "S3" if kind == IMAGE_STREAM_TAG else "S4"
            yield Finding("/from/name", _form_message(), server=server)
        return
    from_namespace = text(source.get("namespace"))
    own_namespace = text(metadata(ctx.obj).get("namespace"))
    # Only when both are known: an object without a namespace gets it from -n (R5).
    if kind == DOCKER_IMAGE and from_namespace and own_namespace not in ("", from_namespace):
        yield Finding("/from/name", _form_message(), server="S7")


def _form_message() -> str:
    return f"{pullspec.FROM_REFERENCE_FORM} {STREAM_LAYER_NOTE}"


@rule(
    code="ITL218",
    name="scheduled-stream-reference",
    severity=Severity.ERROR,
    types=("TagReference",),
    server="C9",
    accept={"TagReference": _SCHEDULED_STREAM_REFERENCE_ACCEPT},
)
def scheduled_stream_reference(tag_ref: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``importPolicy.scheduled`` is only for ``DockerImage`` references.

    Periodic re-import pulls from a registry; a reference to another image stream
    tag or image cannot be scheduled. Scheduling a tag without ``from`` is accepted.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: ImageStreamTag, name: base:v1}
          importPolicy: {scheduled: true}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
          importPolicy: {scheduled: true}
    """
    source = mapping(tag_ref.get("from"))
    if text(source.get("kind")) not in (IMAGE_STREAM_TAG, IMAGE_STREAM_IMAGE):
        return
    if mapping(tag_ref.get("importPolicy")).get("scheduled") is True:
        yield Finding("/importPolicy/scheduled", SCHEDULED_DETAIL)


RULES = (
    from_name_required,
    pull_spec,
    registry_not_allowed,
    from_kind,
    from_reference_form,
    scheduled_stream_reference,
)
