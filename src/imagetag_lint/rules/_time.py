"""RFC 3339 times as metav1.Time holds them, for rules that compare times."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Final

_PARTS: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:Z|([+-])(\d{2}):(\d{2}))\Z"
)


def parse_time(value: object) -> datetime | None:
    """The instant of an RFC 3339 time, or None when it is not one (a schema error)."""
    if not isinstance(value, str):
        return None
    match = _PARTS.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    micro = int((match.group(7) or "0")[:6].ljust(6, "0"))
    offset = timedelta(0)
    if match.group(8):
        hours, minutes = int(match.group(9)), int(match.group(10))
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        offset = -offset if match.group(8) == "-" else offset
    try:  # datetime checks the calendar (days per month, leap years) as Go's parser does
        return datetime(year, month, day, hour, minute, second, micro, timezone(offset))
    except ValueError:
        return None
