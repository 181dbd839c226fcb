"""Update rules: what the server refuses when an ImageTag replaces a stored one (U4, U5, U7, U8).

These rules compare the new object with the old one, so the engine runs them
only when it is given the old object (an admission request's ``oldObject``).
Rules that need the image stream itself (U2 resourceVersion conflicts, U10
stream-layer checks) cannot be decided from the two objects and are not here.

Before it validates an update the server copies a few fields from the old
object into the new one (``rest.BeforeUpdate``): ``metadata.generation``
always, ``creationTimestamp`` when the old one is set, ``uid`` and
``deletionGracePeriodSeconds`` when the new one is empty, ``namespace`` from
the request when empty; ``selfLink`` and ``image`` are replaced (D5) and
``resourceVersion`` is a conflict check (U2), not a validation. Those fields
never make an update fail here.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ._rule import Phase, RuleContext, Scope, rule
from ._support import image_tag_name, metadata

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

NOT_SPEC = "may not update fields other than spec"

# ``ValidateObjectMetaUpdate``'s immutable fields that an update cannot fill in
# from the old object (U4). ``creationTimestamp`` is immutable too, but the
# server copies the old value over the new one first, so it never fails.
IMMUTABLE = ("name", "namespace", "uid", "deletionTimestamp", "deletionGracePeriodSeconds")
# Filled in from the old object (or the request) when the new object leaves them empty.
FILLED_WHEN_EMPTY = frozenset({"namespace", "uid", "deletionGracePeriodSeconds"})
# Not compared by U7: copied from the old object, replaced, checked elsewhere (U2), or
# rewritten by the field manager before validation.
NOT_COMPARED = frozenset(
    {"generation", "creationTimestamp", "resourceVersion", "selfLink", "managedFields"}
)
# Go maps (not structs) in ObjectMeta: an entry with an empty value still counts.
METADATA_MAPS = frozenset({"labels", "annotations"})
# Findings with these catalogue ids hold on create only: ``spec`` may be null or
# missing on an update (U9: that removes the spec tag and keeps the status).
CREATE_ONLY_SERVER_IDS = frozenset({"C1"})


def waived_on_update(finding: Finding) -> bool:
    """Whether a create-time finding does not apply to an update."""
    return finding.server in CREATE_ONLY_SERVER_IDS


def semantic(value: Any, maps: frozenset[str] = frozenset()) -> Any:
    """``value`` as Go's semantic equality sees it once decoded into structs.

    A missing field, ``null`` and the zero value (``""``, ``0``, ``false``, an
    empty list or mapping) decode to the same struct, so they are dropped; the
    entries of the Go maps named in ``maps`` are kept even when empty.
    """
    if isinstance(value, Mapping):
        kept = {}
        for key, item in value.items():
            inner = semantic(item, frozenset()) if key not in maps else _go_map(item)
            if not _is_zero(inner):
                kept[key] = inner
        return kept
    if isinstance(value, list):
        return [semantic(item) for item in value]
    return value


def _go_map(value: Any) -> Any:
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _is_zero(value: Any) -> bool:
    return value is None or value is False or value == "" or value == 0 or value in ({}, [])


def _scalar(value: Any) -> Any:
    """A string or pointer field: ``""`` and ``null`` are both unset (a pointer's 0 is not)."""
    return None if value is None or value == "" else value


@rule(
    code="ITL250",
    name="update-immutable-metadata",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="U4",
    scope=Scope.ROOT,
    phase=Phase.UPDATE,
)
def immutable_metadata(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An update may not change ``metadata`` name, namespace, uid or the deletion fields.

    ``ValidateObjectMetaUpdate`` refuses the update with ``field is immutable``.
    An empty ``namespace``, ``uid`` or ``deletionGracePeriodSeconds`` is filled
    in from the request or the old object first, so leaving them out is fine.

    Fails (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, uid: 7f3c2a10-5d4e-4b8a-9c61-0e2f3a4b5c6d}
        spec: {name: v1}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, uid: 0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}
        spec: {name: v1}

    Passes (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, uid: 7f3c2a10-5d4e-4b8a-9c61-0e2f3a4b5c6d}
        spec: {name: v1}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, uid: 7f3c2a10-5d4e-4b8a-9c61-0e2f3a4b5c6d}
        spec: {name: v1}
    """
    new_meta, old_meta = metadata(tag), metadata(ctx.stored)
    for name in IMMUTABLE:
        new, old = _scalar(new_meta.get(name)), _scalar(old_meta.get(name))
        if name in FILLED_WHEN_EMPTY and new is None:
            continue
        if new != old:
            yield Finding(f"/metadata/{name}", "field is immutable")


@rule(
    code="ITL251",
    name="update-empty-spec-name",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="U5",
    scope=Scope.ROOT,
    phase=Phase.UPDATE,
)
def empty_spec_name(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An update must send ``spec.name``: the server does not default it on update.

    On create an empty ``spec.name`` becomes the tag part of ``metadata.name``;
    on update it stays empty and fails ``must match image tag name``. (A
    non-empty name that differs from the tag is the create-time check's
    business; it runs on updates too.) ``spec: null`` is allowed: it removes
    the spec tag.

    Fails (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          from: {kind: DockerImage, name: quay.io/org/app:1.1}

    Passes (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.1}
    """
    spec = tag.get("spec")
    if not isinstance(spec, Mapping):
        return
    if _is_zero(spec.get("name")):
        name = image_tag_name(tag)
        hint = ""
        if name.has_colon:
            hint = f'; set it to "{name.raw_tag}"'  # as written: no "latest" for "app:"
        yield Finding(
            "/spec/name", f"must match image tag name (an update does not fill it in{hint})"
        )


@rule(
    code="ITL252",
    name="update-metadata-changed",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="U7",
    scope=Scope.ROOT,
    phase=Phase.UPDATE,
)
def metadata_changed(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An update must send ``metadata`` exactly as stored: only ``spec`` can be updated.

    An ImageTag's metadata is its image stream's. After copying generation,
    uid and creationTimestamp from the old object the server compares the whole
    ObjectMeta with the stream's and refuses any difference (labels,
    annotations, finalizers, ownerReferences) with ``metadata: Invalid value:
    "": may not update fields other than spec``. Label or annotate the image
    stream instead. The immutable fields are reported by ITL250, not again here.

    Fails (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          labels: {team: web}
        spec: {name: v1}

    Passes (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    new_meta, old_meta = metadata(tag), metadata(ctx.stored)
    changed = [
        name
        for name in sorted(set(new_meta) | set(old_meta))
        if name not in NOT_COMPARED
        and name not in IMMUTABLE
        and _meta_value(new_meta, name) != _meta_value(old_meta, name)
    ]
    if changed:
        fields = ", ".join(changed)
        yield Finding("/metadata", f"{NOT_SPEC} ({fields} differ from the stored object)", at="key")


def _meta_value(meta: Mapping[str, Any], name: str) -> Any:
    """``{name: value}`` as Go compares it, ``{}`` when the value is unset or empty."""
    return semantic({name: meta.get(name)}, METADATA_MAPS)


@rule(
    code="ITL253",
    name="update-status-changed",
    severity=Severity.ERROR,
    types=("ImageTag",),
    server="U8",
    scope=Scope.ROOT,
    phase=Phase.UPDATE,
)
def status_changed(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An update must send ``status`` exactly as stored (``null`` when there is no history).

    The server compares ``status`` with the tag's current status history
    (semantic equality: ``null`` and empty lists are equal) and refuses any
    difference with ``status: Invalid value: "": may not update fields other
    than spec``. Leaving ``status`` out of an update of a tag that has history
    fails too: send back what ``oc get -o yaml`` returned.

    Fails (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        status:
          tag: v1
          items:
          - created: "2024-05-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:1a046dafd1288481a3fc7bfcf9e91726f1779e852ef216d1e83ddd11e0ca7b1d
            generation: 2
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        status:
          tag: v1
          items: []

    Passes (update)::

        # the stored object
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        status:
          tag: v1
          items:
          - created: "2024-05-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:1a046dafd1288481a3fc7bfcf9e91726f1779e852ef216d1e83ddd11e0ca7b1d
            generation: 2
        ---
        # the update
        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        status:
          tag: v1
          items:
          - created: "2024-05-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:1a046dafd1288481a3fc7bfcf9e91726f1779e852ef216d1e83ddd11e0ca7b1d
            generation: 2
    """
    new, old = _meta_value(tag, "status"), _meta_value(ctx.stored, "status")
    if new != old:
        missing = " (it is missing; send the stored status)" if not new else ""
        yield Finding("/status", f"{NOT_SPEC}{missing}", at="key")


RULES = (immutable_metadata, empty_spec_name, metadata_changed, status_changed)
