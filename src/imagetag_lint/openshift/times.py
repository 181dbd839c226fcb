"""Times and bytes as the API server's Go decoders read them (metav1.Time, ``[]byte``).

One RFC 3339 parser serves the schema layer (``is_rfc3339``, the ``date-time``
format) and the rules that compare times (``parse_time``), so the two can never
disagree about what a time is.
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime, timedelta, timezone

from ..regex import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

# Go's zero time.Time: what an unset or unreadable time compares as.
ZERO_TIME: Final = datetime(1, 1, 1, tzinfo=timezone.utc)

_RFC3339: Final = lazy(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))\Z"
)
_DAYS: Final = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _fields(text: str) -> tuple[int, int, int, int, int, int, int, int] | None:
    """Year, month, day, hour, minute, second, microsecond and offset in minutes; or None."""
    match = _RFC3339.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return None
    if month == 2 and day == 29 and not _is_leap(year):
        return None
    if hour > 23 or minute > 59 or second > 59:
        return None
    offset = 0
    if match.group(8):
        hours, minutes = int(match.group(9)), int(match.group(10))
        if hours > 23 or minutes > 59:
            return None
        offset = (hours * 60 + minutes) * (-1 if match.group(8) == "-" else 1)
    micro = int((match.group(7) or "0")[:6].ljust(6, "0"))
    return year, month, day, hour, minute, second, micro, offset


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_rfc3339(value: object) -> bool:
    """What Go's ``time.Parse(time.RFC3339, ...)`` accepts; other types are not a format error."""
    return not isinstance(value, str) or _fields(value) is not None


def parse_time(value: object) -> datetime | None:
    """The instant of an RFC 3339 time, or None when it is not one (a schema error).

    Year 0, which Go accepts and Python's datetime cannot hold, is None as well.
    """
    if not isinstance(value, str):
        return None
    fields = _fields(value)
    if fields is None:
        return None
    year, month, day, hour, minute, second, micro, offset = fields
    try:
        zone = timezone(timedelta(minutes=offset))
        return datetime(year, month, day, hour, minute, second, micro, zone)
    except ValueError:
        return None


def is_base64(value: object) -> bool:
    """What Go's encoding/json accepts for ``[]byte``: standard base64, padded."""
    if not isinstance(value, str):
        return True
    try:
        base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True
