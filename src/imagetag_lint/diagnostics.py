"""The values findings travel in: ``Finding`` from a check, ``Diagnostic`` to a reporter.

A ``Finding`` is a pointer and a message, made where positions are unknown; the
engine turns it into a ``Diagnostic`` with code, severity and 1-based position.
A ``Diagnostic`` may carry a ``Fix``: text edits, as character offsets into the
file, that a rule proposes for it. ``LintedFile`` is what a report needs of a
file besides its findings, handed over with them when a report is written as the
run goes. All of them are immutable, so any layer may keep, sort or share them;
``replace`` makes a changed copy (``frozen.Frozen``).
"""

from __future__ import annotations

import enum

from .frozen import Frozen, NamedTuple

_set = object.__setattr__  # the values are frozen: their own ``__setattr__`` refuses


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


class Edit(Frozen):
    """Replace ``text[start:end]`` of a file's text by ``text``.

    Offsets count characters (not bytes) from 0, ``end`` is exclusive; an edit
    with ``start == end`` inserts.
    """

    __slots__ = ("end", "start", "text")
    _fields = ("start", "end", "text")

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str) -> None:
        _set(self, "start", start)
        _set(self, "end", end)
        _set(self, "text", text)

    def to_dict(self) -> dict[str, object]:
        return {"start": self.start, "end": self.end, "text": self.text}


class Fix(Frozen):
    """A change that resolves one diagnostic, applied all at once or not at all.

    ``safe`` says whether it keeps the meaning the author evidently had: a safe
    fix is applied by ``--fix``, an unsafe one (it renames or removes something)
    only when asked for. The engine sets it from the rule's declaration.
    """

    __slots__ = ("edits", "safe", "title")
    _fields = ("title", "edits", "safe")

    title: str
    edits: tuple[Edit, ...]
    safe: bool

    def __init__(self, title: str, edits: tuple[Edit, ...], safe: bool = True) -> None:
        _set(self, "title", title)
        _set(self, "edits", edits)
        _set(self, "safe", safe)

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


class Diagnostic(Frozen):
    """One finding, with everything a reporter needs and nothing it must compute."""

    __slots__ = (
        "code",
        "column",
        "document",
        "end_column",
        "end_line",
        "file",
        "fix",
        "line",
        "message",
        "name",
        "pointer",
        "server",
        "severity",
    )
    _fields = (
        "code",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
        "document",
        "server",
        "fix",
    )

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
    server: str | None
    fix: Fix | None

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        message: str,
        file: str,
        line: int | None,
        column: int | None,
        end_line: int | None,
        end_column: int | None,
        pointer: str,
        document: int,
        server: str | None = None,
        fix: Fix | None = None,
    ) -> None:
        _set(self, "code", code)
        _set(self, "name", name)
        _set(self, "severity", severity)
        _set(self, "message", message)
        _set(self, "file", file)
        _set(self, "line", line)
        _set(self, "column", column)
        _set(self, "end_line", end_line)
        _set(self, "end_column", end_column)
        _set(self, "pointer", pointer)
        _set(self, "document", document)
        _set(self, "server", server)
        _set(self, "fix", fix)

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


class LintedFile(Frozen):
    """One file of a run, as a report needs it besides its findings.

    A report written as the run goes (``reporting.Streaming``) is handed one for
    every file, clean ones included, before the file's findings: the run keeps none
    of it, so memory holds one file's text at a time, not every file's.
    """

    __slots__ = ("documents", "name", "skipped", "text")
    _fields = ("name", "text", "documents", "skipped")

    name: str  # as the findings name it
    text: str | None  # its decoded text, when the run keeps it (``full`` quotes lines)
    documents: int  # documents in it; 0 when read piece by piece (never held whole)
    skipped: frozenset[int]  # 0-based indexes of its documents that are not image API objects

    def __init__(
        self,
        name: str,
        text: str | None = None,
        documents: int = 0,
        skipped: frozenset[int] = frozenset(),
    ) -> None:
        self._init(name, text, documents, skipped)
