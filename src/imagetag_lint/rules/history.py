"""A tag's status history: conditions, the tag it belongs to, the order of events.

The server never validates an ImageTag's ``status`` (T1, T3): it drops it on
create and only compares it on update. These rules find histories that cannot
be what the server wrote, in objects as the API returns them and in manifests.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ..diagnostics import Finding, Severity
from ..openshift.pullspec import split_image_stream_tag
from ..openshift.times import parse_time
from ._rule import RuleContext, rule

CONDITION_STATUSES: Final = ("True", "False", "Unknown")
IMPORT_SUCCESS: Final = "ImportSuccess"


@rule(
    code="ITL340",
    name="condition-status",
    severity=Severity.WARNING,
    types=("TagEventCondition", "SignatureCondition"),
)
def condition_status(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A condition ``status`` other than ``True``, ``False`` or ``Unknown`` (case-sensitive).

    Condition statuses are Kubernetes ``ConditionStatus`` values; clients compare
    them exactly, so ``true`` or ``OK`` reads as neither true nor false. The
    server does not check them (T3).

    Fails::

        conditions:
        - {type: ImportSuccess, status: "false"}

    Passes::

        conditions:
        - {type: ImportSuccess, status: "False"}
    """
    status = condition.get("status")
    if isinstance(status, str) and status not in CONDITION_STATUSES:
        yield Finding("/status", 'valid values are "True", "False", "Unknown"')


@rule(
    code="ITL341",
    name="tag-event-condition-type",
    severity=Severity.WARNING,
    types=("TagEventCondition",),
)
def tag_event_condition_type(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A tag event condition of a type other than ``ImportSuccess``, the only one there is.

    ``ImportSuccess`` with status ``False`` means the import of the tag failed;
    the image API defines no other type, so anything else is a typo nobody reads.

    Fails::

        conditions:
        - {type: ImportFailed, status: "True"}

    Passes::

        conditions:
        - {type: ImportSuccess, status: "False"}
    """
    kind = condition.get("type")
    if isinstance(kind, str) and kind != IMPORT_SUCCESS:
        yield Finding("/type", f'the only condition type is "{IMPORT_SUCCESS}"')


def _effective_tag(obj: Mapping[str, Any]) -> str | None:
    """The ImageTag's tag: ``spec.name``, or the tag part of ``metadata.name`` (D3)."""
    spec = obj.get("spec")
    name = spec.get("name") if isinstance(spec, Mapping) else None
    if isinstance(name, str) and name:
        return name
    metadata = obj.get("metadata")
    full = metadata.get("name") if isinstance(metadata, Mapping) else None
    if not isinstance(full, str):
        return None
    tag, has_colon = split_image_stream_tag(full)[1:]
    return tag if has_colon else None


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

    Fails::

        metadata: {name: app:v2}
        spec: {name: v2}
        status: {tag: v1}

    Passes::

        metadata: {name: app:v2}
        spec: {name: v2}
        status: {tag: v2}
    """
    tag = history.get("tag")
    expected = _effective_tag(ctx.obj)
    if isinstance(tag, str) and tag and expected is not None and tag != expected:
        yield Finding("/tag", f'"{tag}" is not the tag of this ImageTag ("{expected}")')


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

    Fails::

        status:
          items:
          - {created: "2024-05-01T12:00:00Z", image: sha256:...}
          - {created: "2024-06-01T12:00:00Z", image: sha256:...}

    Passes::

        status:
          items:
          - {created: "2024-06-01T12:00:00Z", image: sha256:...}
          - {created: "2024-05-01T12:00:00Z", image: sha256:...}
    """
    items = history.get("items")
    if not isinstance(items, list) or len(items) < 2:
        return
    previous = None
    for index, item in enumerate(items):
        created = parse_time(item.get("created")) if isinstance(item, Mapping) else None
        if created is None:
            continue
        if previous is not None and created > previous[1]:
            yield Finding(
                f"/items/{index}/created",
                f"is newer than items[{previous[0]}].created: the history lists the newest"
                " event first",
            )
        previous = (index, created)


RULES = (condition_status, tag_event_condition_type, status_tag_mismatch, status_history_order)
