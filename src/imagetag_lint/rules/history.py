"""A tag's status history: conditions, the tag it belongs to, the order of events.

The server never validates an ImageTag's ``status`` (T1, T3): it drops it on
create and only compares it on update. These rules find histories that cannot
be what the server wrote, in objects as the API returns them and in manifests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..openshift.decoded import MAPPINGS
from ..openshift.times import parse_time
from ..regex import lazy
from ._rule import RuleContext, rule
from ._support import image_tag_name, mapping, not_valid, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

CONDITION_STATUSES: Final = ("True", "False", "Unknown")
IMPORT_SUCCESS: Final = "ImportSuccess"

# A clean condition's status is one of the three ConditionStatus values or unset (null):
# exactly what ITL340 lets through, since the schema already makes it a string or null.
_CONDITION_STATUS_ACCEPT: Final = {"properties": {"status": {"enum": [*CONDITION_STATUSES, None]}}}
# A clean tag event condition is an ImportSuccess one or has no type (null): exactly ITL341.
_CONDITION_TYPE_ACCEPT: Final = {"properties": {"type": {"enum": [IMPORT_SUCCESS, None]}}}


@rule(
    code="ITL340",
    name="condition-status",
    severity=Severity.WARNING,
    types=("TagEventCondition", "SignatureCondition"),
    accept={
        "TagEventCondition": _CONDITION_STATUS_ACCEPT,
        "SignatureCondition": _CONDITION_STATUS_ACCEPT,
    },
)
def condition_status(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A condition ``status`` other than ``True``, ``False`` or ``Unknown`` (case-sensitive).

    Condition statuses are Kubernetes ``ConditionStatus`` values; clients compare
    them exactly, so ``true`` or ``OK`` reads as neither true nor false. The
    server does not check them (T3).

    Fails (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items: null
          conditions:
          - {type: ImportSuccess, status: "false", generation: 2}

    Passes (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items: null
          conditions:
          - {type: ImportSuccess, status: "False", generation: 2}
    """
    status = condition.get("status")
    if isinstance(status, str) and status not in CONDITION_STATUSES:
        detail = 'valid values are "True", "False", "Unknown"'
        yield Finding("/status", not_valid(status, detail, CONDITION_STATUSES))


@rule(
    code="ITL341",
    name="tag-event-condition-type",
    severity=Severity.WARNING,
    types=("TagEventCondition",),
    accept={"TagEventCondition": _CONDITION_TYPE_ACCEPT},
)
def tag_event_condition_type(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag event condition of a type other than ``ImportSuccess``, the only one there is.

    ``ImportSuccess`` with status ``False`` means the import of the tag failed;
    the image API defines no other type, so anything else is a typo nobody reads.

    Fails (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items: null
          conditions:
          - {type: ImportFailed, status: "True", generation: 2}

    Passes (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items: null
          conditions:
          - {type: ImportSuccess, status: "False", generation: 2}
    """
    kind = condition.get("type")
    if isinstance(kind, str) and kind != IMPORT_SUCCESS:
        detail = f'the only condition type is "{IMPORT_SUCCESS}"'
        yield Finding("/type", not_valid(kind, detail, (IMPORT_SUCCESS,)))


def _effective_tag(obj: Mapping[str, Any]) -> str | None:
    """The ImageTag's tag: ``spec.name``, or the tag part of ``metadata.name`` (D3).

    The tag part as the server reads it: ``latest`` when it is empty; None without a ``:``.
    """
    spec_name = text(mapping(obj.get("spec")).get("name"))
    if spec_name:
        return spec_name
    name = image_tag_name(obj)
    return name.tag if name.has_colon else None


# No ``accept``: status.tag is compared with spec.name / metadata.name, which no
# schema fragment can do (and clean objects carry a non-empty status.tag).
@rule(
    code="ITL342",
    name="status-tag-mismatch",
    severity=Severity.WARNING,
    types=("NamedTagEventList",),
    kinds=("ImageTag",),
)
def status_tag_mismatch(history: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag whose ``status.tag`` is not its own tag.

    The status of an ImageTag is the history of its tag (``spec.name``, or the
    tag part of ``metadata.name``); a history of another tag was copied from
    elsewhere and will not match what the server holds.

    Fails (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v2}
        spec: {name: v2}
        image: null
        status: {tag: v1, items: null}

    Passes (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v2}
        spec: {name: v2}
        image: null
        status: {tag: v2, items: null}
    """
    if status_tag_matches(history, ctx.obj):
        return
    tag = history.get("tag")
    yield Finding("/tag", f'"{tag}" is not the tag of this ImageTag ("{_effective_tag(ctx.obj)}")')


def status_tag_matches(history: Mapping[str, Any], obj: Mapping[str, Any]) -> bool:
    """Whether ITL342 has nothing to say: ``status.tag`` is empty, or the ImageTag's tag
    (or the ImageTag has none to compare it with)."""
    tag = history.get("tag")
    if not isinstance(tag, str) or not tag:
        return True
    expected = _effective_tag(obj)
    return expected is None or tag == expected


# No ``accept``: the order compares the items' times with each other; the only
# sufficient fragment (at most one item) would refuse most real histories.
@rule(
    code="ITL343",
    name="status-history-order",
    severity=Severity.WARNING,
    types=("NamedTagEventList",),
)
def status_history_order(history: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Tag history items that are not newest first (by ``created``).

    The server keeps a tag's events newest first: ``items[0]`` is the image the
    tag points to now. A history in another order makes tools show the wrong
    current image.

    Fails (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items:
          - created: "2024-05-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:1a046dafd1288481a3fc7bfcf9e91726f1779e852ef216d1e83ddd11e0ca7b1d
            generation: 1
          - created: "2024-06-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:d284f0f94ebaf4eec3e0f1cfecd4a4f96dd0fb48210456f0b62b8ad275275b99
            generation: 2

    Passes (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        image: null
        status:
          tag: v1
          items:
          - created: "2024-06-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:d284f0f94ebaf4eec3e0f1cfecd4a4f96dd0fb48210456f0b62b8ad275275b99
            generation: 2
          - created: "2024-05-01T12:00:00Z"
            dockerImageReference: quay.io/org/app:1.0
            image: sha256:1a046dafd1288481a3fc7bfcf9e91726f1779e852ef216d1e83ddd11e0ca7b1d
            generation: 1
    """
    if newest_first(history):
        return
    items = history["items"]
    previous = None
    for index, item in enumerate(items):
        created = parse_time(item.get("created")) if isinstance(item, MAPPINGS) else None
        if created is None:
            continue
        if previous is not None and created > previous[1]:
            yield Finding(
                f"/items/{index}/created",
                f"is newer than items[{previous[0]}].created: the history lists the newest"
                " event first",
            )
        previous = (index, created)


def newest_first(history: Mapping[str, Any]) -> bool:
    """Whether ITL343 has nothing to say, known without reading a time: fewer than two
    items, or every ``created`` a UTC time to the second, newest first."""
    items = history.get("items")
    return not isinstance(items, list) or len(items) < 2 or _newest_first_utc(items)


# A UTC time to the second, as the server writes ``created``: among such texts, the
# order of the texts is the order of the times (and any that is not a valid time
# is skipped by the check, which cannot make an ordered history unordered).
_UTC_SECOND: Final = lazy(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z\Z")


def _newest_first_utc(items: list[Any]) -> bool:
    """Whether every item's ``created`` is a UTC time to the second, newest first."""
    previous = None
    for item in items:
        created = item.get("created") if isinstance(item, MAPPINGS) else None
        if not isinstance(created, str) or not _UTC_SECOND.match(created):
            return False
        if previous is not None and created > previous:
            return False
        previous = created
    return True


RULES = (condition_status, tag_event_condition_type, status_tag_mismatch, status_history_order)
