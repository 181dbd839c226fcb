"""The values findings travel in: ``Finding`` from a check, ``Diagnostic`` to a reporter.

A ``Finding`` is a pointer and a message, made where positions are unknown; the
engine turns it into a ``Diagnostic`` with code, severity and 1-based position.
A ``Diagnostic`` may carry a ``Fix``: text edits, as character offsets into the
file, that a rule proposes for it. All of them are immutable, so any layer may
keep, sort or share them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import NamedTuple


class Severity(str, enum.Enum):
    """How bad a finding is; ``ERROR`` fails a run by default."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class Span(NamedTuple):
    """A 1-based region of source text; ``end_*`` point just past the last character."""

    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` of a file's text by ``text``.

    Offsets count characters (not bytes) from 0, ``end`` is exclusive; an edit
    with ``start == end`` inserts.
    """

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves one diagnostic, applied all at once or not at all.

    ``safe`` says whether it keeps the meaning the author evidently had: a safe
    fix is applied by ``--fix``, an unsafe one (it renames or removes something)
    only when asked for. The engine sets it from the rule's declaration.
    """

    title: str
    edits: tuple[Edit, ...]
    safe: bool = True

    def to_dict(self) -> dict[str, object]:
        return {
            "title": self.title,
            "safe": self.safe,
            "edits": [edit.to_dict() for edit in self.edits],
        }


class Finding(NamedTuple):
    """What a check reports before the engine knows where it is.

    ``pointer`` is an RFC 6901 JSON pointer into the document. ``at`` says whether
    the finding is about the key of that member (an unknown field, a duplicate
    key) or its value (a wrong type, a bad enum value).
    """

    pointer: str
    message: str
    at: str = "value"
    server: str | None = None  # a catalogue id that overrides the rule's own


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding, with everything a reporter needs and nothing it must compute."""

    code: str
    name: str
    severity: Severity
    message: str
    file: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    pointer: str
    document: int
    server: str | None = None
    fix: Fix | None = None

    @property
    def sort_key(self) -> tuple[str, int, int, int, str, str]:
        return (
            self.file,
            self.document if self.line is None else 0,
            self.line or 0,
            self.column or 0,
            self.code,
            self.message,
        )

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a finding, shared by the JSON-based reporters."""
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "pointer": self.pointer,
            "document": self.document,
            "server": self.server,
            "fix": None if self.fix is None else self.fix.to_dict(),
        }
