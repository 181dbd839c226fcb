"""What a manifest should not carry: fields the server discards, ignores or overwrites.

These rules apply to the ``manifest`` profile only: an object as the API returns
it (``oc get -o yaml``, the ``object`` profile) has all of them, legitimately.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Fix, Severity
from ._fixes import delete_member
from ._rule import FixContext, Phase, RuleContext, Scope, rule
from ._support import metadata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

MANIFEST = "manifest"

# A clean manifest leaves ``status``, ``image`` and ``generation`` out (or null), and gives an
# ImageTag no labels or annotations (an empty map is none).
_NO_STATUS_ACCEPT: Final = {"properties": {"status": {"type": "null"}}}
_NO_IMAGE_ACCEPT: Final = {"properties": {"image": {"type": "null"}}}
_NO_METADATA_ACCEPT: Final = {
    "properties": {
        "metadata": {
            "properties": {"labels": {"maxProperties": 0}, "annotations": {"maxProperties": 0}}
        }
    }
}
_NO_GENERATION_ACCEPT: Final = {"properties": {"generation": {"type": "null"}}}


def _remove(ctx: FixContext) -> Fix | None:
    """Remove the member the finding is on (``status``, ``image``, ``generation``)."""
    name = ctx.pointer[ctx.pointer.rfind("/") + 1 :]
    return delete_member(ctx, ctx.pointer, f"remove {name}")


@rule(
    code="ITL310",
    name="status-in-manifest",
    severity=Severity.WARNING,
    types=("ImageTag",),
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    profile=MANIFEST,
    fix=_remove,
    fix_safe=False,
    accept={"ImageTag": _NO_STATUS_ACCEPT},
)
def status_in_manifest(tag_object: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag manifest with a ``status``: discarded on create, a trap on update.

    The server drops ``status`` when it creates an ImageTag (D4). On an update
    it must equal the tag's live history exactly, or the whole update is
    refused with ``may not update fields other than spec`` (U8), so a status
    copied into a manifest breaks the next ``kubectl apply`` as soon as the tag
    is imported again. Leave ``status`` to the server.

    Fix (unsafe): the ``status`` member is removed. A create stores the same
    object without it, but the fix deletes data the author wrote, perhaps on
    purpose (a copy of ``oc get`` output kept for reference), so it applies
    only when asked for unsafe fixes. In flow style and JSON the member and one
    comma go.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        status: {tag: v1, items: []}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if tag_object.get("status") is not None:
        yield Finding(
            "/status",
            "is discarded on create, and on update must equal the tag's history"
            ' ("may not update fields other than spec"): remove it from the manifest',
            at="key",
        )


@rule(
    code="ITL311",
    name="image-in-manifest",
    severity=Severity.WARNING,
    types=("ImageTag",),
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    profile=MANIFEST,
    fix=_remove,
    fix_safe=False,
    accept={"ImageTag": _NO_IMAGE_ACCEPT},
)
def image_in_manifest(tag_object: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag manifest with an ``image``: the server ignores it.

    ``image`` is set to null on create (D4) and replaced by the stored value on
    update (D5); the server fills it from the imported image. It is still
    decoded first (R4), so a malformed ``image`` can fail a request that would
    not have used it. Leave ``image`` to the server.

    Fix (unsafe): the ``image`` member is removed. The server ignores its
    value, but decodes it first, and the removed lines are data the author
    wrote; the fix applies only when asked for unsafe fixes.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: {dockerImageReference: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if tag_object.get("image") is not None:
        yield Finding(
            "/image",
            "is ignored by the server (discarded on create, replaced on update):"
            " remove it from the manifest",
            at="key",
        )


@rule(
    code="ITL312",
    name="image-tag-metadata-not-stored",
    severity=Severity.WARNING,
    types=("ImageTag",),
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    profile=MANIFEST,
    accept={"ImageTag": _NO_METADATA_ACCEPT},
)
def metadata_not_stored(tag_object: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Labels or annotations on an ImageTag manifest: never stored, and they break updates.

    An ImageTag is a view of one tag of an image stream. On create its labels
    and annotations are validated and then dropped (D8): the object returned
    carries the image stream's metadata. On update the metadata must equal the
    stream's, so the same manifest applied again fails with ``may not update
    fields other than spec`` (U7). Put labels and annotations on the ImageStream.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          labels: {team: payments}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
        spec: {name: v1}
    """
    meta = metadata(tag_object)
    for field in ("labels", "annotations"):
        if meta.get(field):
            yield Finding(
                f"/metadata/{field}",
                f"{field} of an ImageTag are never stored, and the next update fails with"
                ' "may not update fields other than spec": set them on the ImageStream',
                at="key",
            )


@rule(
    code="ITL313",
    name="generation-set-by-hand",
    severity=Severity.WARNING,
    types=("TagReference",),
    phase=Phase.CREATE,
    profile=MANIFEST,
    fix=_remove,
    fix_safe=False,
    accept={"TagReference": _NO_GENERATION_ACCEPT},
)
def generation_set_by_hand(reference: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag's ``generation`` written in a manifest: the server overwrites it.

    The server neither validates nor keeps the value (C12, D6): a new or
    changed tag gets the image stream's new generation, an unchanged one keeps
    its old generation. A hand-written value only suggests a control it does
    not give.

    Fix (unsafe): the ``generation`` member is removed. The server overwrites
    the value anyway, so the stored object is the same, but the fix deletes
    what the author wrote on purpose, and a ``spec`` whose only member is
    ``generation`` is left alone (removing it would make ``spec`` null).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1, generation: 3}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if reference.get("generation") is not None:
        yield Finding(
            "/generation",
            "is set by the server (the image stream's generation when the tag changes):"
            " remove it from the manifest",
            at="key",
        )


RULES = (status_in_manifest, image_in_manifest, metadata_not_stored, generation_set_by_hand)
