"""Suppression comments in YAML: ``# imagetag-lint: disable=CODE[,CODE] -- reason`` and friends.

- ``disable[=...]`` at the end of a line silences findings that start on that line;
- ``disable-next-line[=...]`` silences findings that start on the next line;
- ``disable-file[=...]`` anywhere silences them in the whole file.

Without ``=`` a directive silences every rule there; with it, the codes, code
prefixes or rule names it lists. Anything after `` -- `` is the reason, free text
that matching ignores. A suppression that silences nothing, or names no rule, is
itself a finding (``ITL901``), unless the rules it names are not enabled in the
run or it names ``ITL901`` too; a directive for every rule does not silence its
own ``ITL901``. JSON has no comments: per-file ignores in the configuration serve it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import yaml

from ..codes import UNUSED_SUPPRESSION
from ..diagnostics import Diagnostic
from ..errors import UsageError
from ..frozen import NamedTuple
from ..loading.positions import mark_span
from ..regex import lazy
from ..rules import BY_CODE
from ..settings import Settings
from .selection import resolve

LINE, NEXT_LINE, FILE = "disable", "disable-next-line", "disable-file"
_DIRECTIVE = lazy(r"(?:^|(?<=\s))#\s*imagetag-lint:\s*(disable-next-line|disable-file|disable)\b")
# Where the reason starts: ``--`` at the start of what follows the directive, or after a space.
_REASON = lazy(r"(?:^|\s)--")
# YAML's line breaks (1.1 also counts NEL and the Unicode separators, as PyYAML does).
_LINE_BREAK = lazy(r"\r\n|[\n\r\x85\u2028\u2029]")
_WHERE = {LINE: "on this line", NEXT_LINE: "on the next line", FILE: "in this file"}
_DOCUMENT_START = lazy(r"---(?:\s|$)")


class Entry(NamedTuple):
    text: str  # as written, for messages
    codes: frozenset[str]  # empty: names no rule


class Directive(NamedTuple):
    kind: str
    entries: tuple[Entry, ...]  # empty: every rule (a directive without ``=``)
    line: int
    column: int
    end_column: int
    document: int

    def covers(self, diagnostic: Diagnostic) -> bool:
        if self.kind == FILE:
            return True
        if self.kind == LINE:
            return diagnostic.line == self.line
        return diagnostic.line == self.line + 1

    def entry_for(self, code: str) -> Entry | None:
        return next((entry for entry in self.entries if code in entry.codes), None)


def directives(text: str) -> list[Directive]:
    """Every suppression comment in a YAML text, in order."""
    found: list[Directive] = []
    if "imagetag-lint:" not in text:
        return found  # the common case: no comment to look for
    document, content_seen = 0, False
    in_scalar = _scalar_test(text)
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if _DOCUMENT_START.match(line):
            document += 1 if content_seen else 0
            content_seen = True
        elif line.strip() and not line.lstrip().startswith(("#", "%")):
            content_seen = True
        match = _DIRECTIVE.search(line)
        if match is None or in_scalar(number, match.start() + 1):
            continue
        entries = _entries(line[match.end() :])
        end = len(line.rstrip())
        found.append(
            Directive(match.group(1), entries, number, match.start() + 1, end + 1, document)
        )
    return found


def _entries(rest: str) -> tuple[Entry, ...]:
    """The rules named after a directive: ``=CODE,CODE``, up to the reason (`` -- ...``).

    No ``=`` names every rule (an empty tuple); an ``=`` with nothing after it
    names no rule, which ``ITL901`` reports.
    """
    reason = _REASON.search(rest)
    listed = (rest[: reason.start()] if reason else rest).split("#", 1)[0].strip()
    if not listed.startswith("="):
        return ()
    items = [item.strip() for item in listed[1:].split(",")]
    return tuple(_entry(item) for item in items if item) or (Entry("", frozenset()),)


def _scalar_test(text: str) -> Callable[[int, int], bool]:
    """Whether a 1-based position is inside a scalar (a quoted or block string, say).

    The YAML scanner knows what is a comment; when the text does not scan, every
    match counts, which is right for the lines before the error.
    """
    spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
    try:
        for token in yaml.scan(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            if isinstance(token, yaml.ScalarToken):
                span = mark_span(token.start_mark, token.end_mark)
                spans.append(((span.line, span.column), (span.end_line, span.end_column)))
    except yaml.YAMLError:
        pass

    def inside(line: int, column: int) -> bool:
        return any(start <= (line, column) < end for start, end in spans)

    return inside


def _entry(text: str) -> Entry:
    try:
        return Entry(text, resolve(text))
    except UsageError:
        return Entry(text, frozenset())


def apply(
    text: str, filename: str, diagnostics: Sequence[Diagnostic], settings: Settings
) -> list[Diagnostic]:
    """The findings no directive silences, plus one finding per unused suppression."""
    found = directives(text)
    if not found:
        return list(diagnostics)
    used: set[tuple[int, str]] = set()  # (directive index, entry text)
    kept = [d for d in diagnostics if not _silenced(d, found, used)]
    for index, unused in _unused(found, used, filename, settings):
        # A directive naming ITL901 silences its own report; one for every rule does not,
        # or an unused bare directive would never be reported.
        others = found if found[index].entries else found[:index] + found[index + 1 :]
        if not _silenced(unused, others, set()):
            kept.append(unused)
    return kept


def _silenced(diagnostic: Diagnostic, found: list[Directive], used: set[tuple[int, str]]) -> bool:
    silenced = False
    for index, directive in enumerate(found):
        if not directive.covers(diagnostic):
            continue
        if not directive.entries:
            used.add((index, ""))
            silenced = True
            continue
        entry = directive.entry_for(diagnostic.code)
        if entry is not None:
            used.add((index, entry.text))
            silenced = True
    return silenced


def _unused(
    found: list[Directive], used: set[tuple[int, str]], filename: str, settings: Settings
) -> Iterator[tuple[int, Diagnostic]]:
    """Each unused or wrong suppression, with the index of its directive."""
    code = UNUSED_SUPPRESSION
    if not settings.enabled(code):
        return
    for index, directive in enumerate(found):
        if not directive.entries:
            if (index, "") not in used:
                message = f"unused suppression: no finding {_WHERE[directive.kind]}"
                yield index, _diagnostic(directive, message, filename, settings)
            continue
        for entry in directive.entries:
            if (index, entry.text) in used or code in entry.codes:
                continue
            if entry.codes and not any(settings.enabled(c) for c in entry.codes):
                continue  # a rule the run does not check cannot have been silenced
            yield index, _diagnostic(directive, _message(directive, entry), filename, settings)


def _message(directive: Directive, entry: Entry) -> str:
    if not entry.codes:
        if not entry.text:
            return f"suppression '{directive.kind}' names no rule"
        return f"unknown rule code or name '{entry.text}' in suppression"
    return f"unused suppression: no {entry.text} finding {_WHERE[directive.kind]}"


def _diagnostic(
    directive: Directive, message: str, filename: str, settings: Settings
) -> Diagnostic:
    rule = BY_CODE[UNUSED_SUPPRESSION]
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=settings.severity(rule.code, rule.severity),
        message=message,
        file=filename,
        line=directive.line,
        column=directive.column,
        end_line=directive.line,
        end_column=directive.end_column,
        pointer="",
        document=directive.document,
        server=None,
    )
