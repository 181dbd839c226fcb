"""Small helpers shared by the semantic rule families."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ..diagnostics import Finding
from ..openshift.apimachinery import REQUIRED, FieldError
from ..pointers import join_pointer

REQUIRED_VALUE = "Required value"  # Go's text for a Required error without a detail


def text(value: Any) -> str:
    """A string field as Go decodes it: absent or null is ``""``; other types are not ours."""
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> Mapping[str, Any]:
    """A mapping field as Go decodes it: absent, null or mistyped is empty."""
    return value if isinstance(value, Mapping) else {}


def metadata(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """An object's ``metadata``, empty when it has none."""
    return mapping(obj.get("metadata"))


def mappings(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mappings of a list with their index; other items are the schema layer's findings."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


def detail(error: FieldError) -> str:
    """The server's detail, or Go's type text when a Required error has none."""
    if error.kind == REQUIRED and not error.detail:
        return REQUIRED_VALUE
    return error.detail


def field_findings(
    errors: Iterable[FieldError], base: str = "", server: str | None = None
) -> Iterator[Finding]:
    """Findings at each error's JSON location (below ``base``), on the key for key errors."""
    for error in errors:
        pointer = join_pointer(base, *error.location)
        yield Finding(pointer, detail(error), "key" if error.key is not None else "value", server)
