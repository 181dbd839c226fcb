"""Each finding with its source line, a caret under the column, the rule name and a hint.

path:12:11: error: ITL201 [reference-policy-type] spec.referencePolicy.type: ...
   |
12 |   type: Foo
   |         ^^^
   = help: <the rule's summary, as plain text>
   = see: <the rule's documentation>

The first line is ``concise``'s, with the rule name: see there why the severity
comes first. Written as the run goes, a file's text is held only while its own
findings are written.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, LintedFile
from ..regex import lazy
from . import ReportContext, Streaming, help_uri, plain
from ._color import CYAN, paint, severity_style
from .concise import header

_LINE_BREAK = lazy(r"\r\n|[\n\r\x85\u2028\u2029]")


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    lines_of: dict[str, list[str]] = {}
    blocks = []
    for diagnostic in diagnostics:
        if diagnostic.file not in lines_of:
            lines_of[diagnostic.file] = _lines(context.sources.get(diagnostic.file))
        blocks.append(_block(diagnostic, lines_of[diagnostic.file], context))
    return "\n".join(blocks)


def _lines(text: str | None) -> list[str]:
    """A file's lines, as findings number them; a file without text has one empty line."""
    return _LINE_BREAK.split(text or "")


class _Streaming(Streaming):
    """Blocks separated by an empty line; each file's lines made when its first finding comes."""

    __slots__ = ("lines", "started", "text")

    def __init__(self, context: ReportContext) -> None:
        super().__init__(context)
        self.text: str | None = None  # the current file's, until its lines are made
        self.lines: list[str] | None = None
        self.started = False  # a block was written

    def file(self, linted: LintedFile) -> str:
        self.text, self.lines = linted.text, None
        return ""

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        if self.lines is None:
            self.lines, self.text = _lines(self.text), None
        blocks = "\n".join(_block(d, self.lines, self.context) for d in diagnostics)
        separator = "\n" if self.started else ""
        self.started = True
        return separator + blocks


STREAMING = _Streaming


def _block(diagnostic: Diagnostic, lines: list[str], context: ReportContext) -> str:
    color = context.color
    out = [header(diagnostic, color, with_name=True)]
    line = diagnostic.line
    if line is not None and 0 < line <= len(lines):
        source = lines[line - 1]
        gutter = " " * len(str(line))
        bar = paint("|", CYAN, color)
        out.append(f"{gutter} {bar}")
        out.append(f"{paint(str(line), CYAN, color)} {bar} {source}".rstrip())
        indent, carets = _carets(diagnostic, source)
        style = severity_style(diagnostic.severity)
        out.append(f"{gutter} {bar} {indent}{paint(carets, style, color)}")
        prefix = f"{gutter} {paint('=', CYAN, color)} "
    else:
        prefix = "  = "
    rule = context.rules.get(diagnostic.code)
    if rule is not None and rule.summary:
        out.append(f"{prefix}help: {plain(rule.summary)}")
    out.append(f"{prefix}see: {help_uri(diagnostic.code)}")
    return "\n".join(out) + "\n"


def _carets(diagnostic: Diagnostic, source: str) -> tuple[str, str]:
    """Spaces up to the column (tabs kept, so they line up), then ``^`` to the end of the span."""
    start = max((diagnostic.column or 1) - 1, 0)
    if diagnostic.end_line == diagnostic.line and diagnostic.end_column is not None:
        end = diagnostic.end_column - 1
    else:
        end = len(source.rstrip())
    width = max(min(end, len(source)) - start, 1)
    indent = "".join(c if c == "\t" else " " for c in source[:start])
    return indent, "^" * width
