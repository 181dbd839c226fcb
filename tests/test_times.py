"""The RFC 3339 reading rules use to compare times: what Go's parser accepts, as instants."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from imagetag_lint.openshift.times import is_rfc3339, parse_time


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-05-01T12:00:00Z", datetime(2024, 5, 1, 12, tzinfo=timezone.utc)),
        ("2024-05-01T14:00:00+02:00", datetime(2024, 5, 1, 12, tzinfo=timezone.utc)),
        ("2024-05-01T12:00:00.1234567Z", datetime(2024, 5, 1, 12, 0, 0, 123456, timezone.utc)),
        ("2024-02-29T00:00:00Z", datetime(2024, 2, 29, tzinfo=timezone.utc)),
    ],
)
def test_times_are_instants(text: str, expected: datetime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z",
        "2024-05-01T12:00:00+24:00",
        "2024-05-01 12:00:00Z",
        "2024-05-01T12:00:00",
        "",
    ],
)
def test_what_is_not_an_rfc3339_time_is_none(text: str) -> None:
    assert parse_time(text) is None
    assert not is_rfc3339(text)  # the schema layer reports those (ITL104)


def test_non_strings_are_none() -> None:
    assert parse_time(20240501) is None
    assert parse_time(None) is None
