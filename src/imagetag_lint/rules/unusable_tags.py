"""Tag names the server accepts but nobody can use afterwards (catalogue C3, U1, P5).

The server never checks the tag part of an ImageTag name (C3): it creates the
tag whatever it is. These rules report the names that cannot be addressed again
(by ``oc get imagetag``, a later update, or a pull spec) and the empty tag that
silently means ``latest``.

An ImageTag's tag is the text after the first ``:`` of ``metadata.name``; the
rules look there. In other kinds (an ImageStream's ``spec.tags[]``) the tag is
the ``name`` of the tag reference. An ImageTag's ``spec.name`` must equal its
tag part anyway (C2, an error), so it is not reported a second time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..openshift.apimachinery import go_quote
from ..regex import lazy
from ._rule import Accept, RuleContext, rule
from ._support import image_tag_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

MAX_TAG_LENGTH: Final = 128  # the pull-spec TAG grammar (P5)
_TAG_FIRST: Final = "[0-9A-Za-z_]"
_TAG_REST: Final = "[0-9A-Za-z_.-]"
# P5 with Go's ASCII ``\w``; the length is reported by its own rule.
_PULL_SPEC_TAG: Final = lazy(f"{_TAG_FIRST}{_TAG_REST}*", re.ASCII)
# A clean tag is a pull-spec tag of 1-128 characters: no ":", "@" or whitespace, not
# empty and not too long, so none of ITL300-ITL304 reports it. An ImageTag's tag is what
# follows the first ":" of its name; a name without one is C2's error, not these rules'.
_CLEAN_TAG: Final = f"{_TAG_FIRST}{_TAG_REST}{{0,{MAX_TAG_LENGTH - 1}}}"
_IMAGE_TAG_NAME_ACCEPT: Final = {
    "properties": {"metadata": {"properties": {"name": {"pattern": f"^[^:]*(?::{_CLEAN_TAG})?$"}}}}
}
# A tag reference's name (outside an ImageTag; in one it must equal the tag, C2): a clean
# tag, or empty (which these rules skip).
_TAG_REFERENCE_NAME_ACCEPT: Final = {"properties": {"name": {"pattern": f"^(?:{_CLEAN_TAG})?$"}}}
_TAG_NAME_ACCEPT: Final[Accept] = {
    "ImageTag": _IMAGE_TAG_NAME_ACCEPT,
    "TagReference": _TAG_REFERENCE_NAME_ACCEPT,
}


def tag_names(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[tuple[str, str, str]]:
    """(pointer relative to ``node``, the tag, the whole name) for each tag name to check.

    ``node`` is an ``ImageTag`` (its ``metadata.name``) or a ``TagReference`` outside an
    ImageTag (its ``name``).
    """
    # An ImageTag never sits inside another object (an ImageTagList is split into its
    # items), so a node of that type is the linted object itself.
    if ctx.node_type == "ImageTag":
        name = image_tag_name(node)
        if name.has_colon:
            yield "/metadata/name", name.raw_tag, name.whole
    # The TagReference of an ImageTag is its spec, whose name must equal the tag part of
    # metadata.name (C2, an error): that tag is checked above, not a second time.
    elif ctx.root_type != "ImageTag":
        tag = node.get("name")
        if isinstance(tag, str):
            yield "/name", tag, tag


@rule(
    code="ITL300",
    name="unaddressable-tag-name",
    severity=Severity.WARNING,
    types=("ImageTag", "TagReference"),
    accept=_TAG_NAME_ACCEPT,
)
def unaddressable_tag_name(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag name with a second ``:`` or an ``@``: created, but never addressable again.

    The server splits an ImageTag name at its first ``:`` and creates whatever
    follows as the tag (C3), so ``app:a:b`` creates the tag ``a:b``. Reading,
    updating or deleting an ImageTag needs a name with exactly one ``:`` and no
    ``@`` (U1: ``ImageTags must be retrieved with <name>:<tag>``), and no pull
    spec can name such a tag either, so the tag stays until the whole image
    stream is edited by hand.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:1.0:hotfix}
        spec: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:1.0-hotfix}
        spec: {}
    """
    for pointer, tag, _ in tag_names(node, ctx):
        for char in (":", "@"):
            if char in tag:
                yield Finding(
                    pointer,
                    f"tag {go_quote(tag)} contains '{char}': the server creates it, "
                    "but it can never be read, updated or deleted by name",
                )
                break


@rule(
    code="ITL301",
    name="tag-name-whitespace",
    severity=Severity.WARNING,
    types=("ImageTag", "TagReference"),
    accept=_TAG_NAME_ACCEPT,
)
def tag_name_whitespace(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag name with whitespace, often a line break kept by a YAML block scalar.

    The server creates such a tag (C3), but no pull spec can name it (P5), so
    no image can be pulled by it. A block scalar (``name: |``) keeps the final
    line break: the tag then is ``"v1\\n"``, not ``v1``. Use ``|-``, or better
    a plain scalar.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: |
            app:v1
        spec: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
        spec: {}
    """
    for pointer, tag, _ in tag_names(node, ctx):
        stripped = tag.rstrip("\r\n")
        if stripped != tag and not any(ch.isspace() for ch in stripped):
            yield Finding(
                pointer,
                f"tag {go_quote(tag)} ends with a line break (a YAML block scalar '|' keeps it):"
                " use a plain scalar or '|-'",
            )
        elif any(ch.isspace() for ch in tag):
            yield Finding(
                pointer,
                f"tag {go_quote(tag)} contains whitespace: the server creates it,"
                " but no pull spec can name it",
            )


@rule(
    code="ITL302",
    name="tag-name-too-long",
    severity=Severity.WARNING,
    types=("ImageTag", "TagReference"),
    accept=_TAG_NAME_ACCEPT,
)
def tag_name_too_long(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag name longer than 128 characters, the most a pull spec allows.

    The server creates the tag (C3), but the pull-spec grammar limits a tag to
    128 characters (P5), so no image can be pulled by it.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name:  # 129 characters after the colon
            app:build-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-0123456789-01
        spec: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:build-0123456789
        spec: {}
    """
    for pointer, tag, _ in tag_names(node, ctx):
        if len(tag) > MAX_TAG_LENGTH:
            yield Finding(
                pointer,
                f"tag is {len(tag)} characters long: the server creates it,"
                f" but a pull spec allows at most {MAX_TAG_LENGTH}",
            )


@rule(
    code="ITL303",
    name="implicit-latest-tag",
    severity=Severity.WARNING,
    types=("ImageTag",),
    accept={"ImageTag": _IMAGE_TAG_NAME_ACCEPT},
)
def implicit_latest_tag(tag_object: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag name ending in ``:`` silently means the tag ``latest``.

    ``SplitImageStreamTag`` turns an empty tag part into ``latest`` (D3, C2):
    ``app:`` creates ``app:latest`` and the server returns an object of another
    name than the one applied, so the next ``kubectl apply`` of the same file
    cannot find it (U1: ``app:`` cannot be read). Write the tag out.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: "app:"}
        spec: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec: {}
    """
    name = image_tag_name(tag_object)
    if name.has_colon and not name.raw_tag:  # nothing after the one ":" the name has
        yield Finding(
            "/metadata/name",
            f"the tag part is empty, so the server creates the tag {go_quote(name.tag)}"
            f" and names the object {go_quote(name.whole + name.tag)}: write that name",
        )


@rule(
    code="ITL304",
    name="tag-name-not-pullable",
    severity=Severity.WARNING,
    types=("ImageTag", "TagReference"),
    accept=_TAG_NAME_ACCEPT,
)
def tag_name_not_pullable(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Any other tag name no pull spec can name: it must start with a letter, digit or ``_``.

    A pull-spec tag is ``[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}`` (P5). The server
    creates other tags (C3), such as ``.v1``, ``-rc`` or ``v1+build``, but no
    image can be pulled by them. Names already reported for a ``:``, an ``@``,
    whitespace or their length are not reported again.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1+build.7}
        spec: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1-build.7}
        spec: {}
    """
    for pointer, tag, _ in tag_names(node, ctx):
        if not tag or _PULL_SPEC_TAG.fullmatch(tag) or len(tag) > MAX_TAG_LENGTH:
            continue
        if any(ch in ":@" or ch.isspace() for ch in tag):
            continue
        yield Finding(
            pointer,
            f"tag {go_quote(tag)} is not a pull-spec tag ([A-Za-z0-9_][A-Za-z0-9_.-]*):"
            " the server creates it, but no image can be pulled by it",
        )


RULES = (
    unaddressable_tag_name,
    tag_name_whitespace,
    tag_name_too_long,
    implicit_latest_tag,
    tag_name_not_pullable,
)
