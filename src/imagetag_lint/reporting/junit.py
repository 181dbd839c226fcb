"""JUnit XML: one testsuite per file, one testcase per document of it.

A testcase is named after its document, 1-based (``document 1`` is the first).
It honours ``--fail-on``: a document with a finding at or above that severity has
one ``<failure>`` whose text lists all its findings, each as
``line:col: error: CODE message``; a document whose findings are all below it
passes, and lists them in its ``<system-out>``. A document that is not an image
API object is ``<skipped/>``. A file that could not be read as documents has none.

Written as the run goes, the body is spooled (``Spooled``): the root's totals come
first. A file's suite is made whole when its findings come in one batch; a file
read piece by piece is written case by case as its documents come, and its suite's
opening tag, whose totals are known only at its end, is filled in as the spooled
body goes out.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import deque
from collections.abc import Iterable, Iterator, Sequence, Set

from ..diagnostics import Diagnostic, LintedFile, Severity
from . import TOOL, ReportContext, Spooled, document_name
from .concise import finding

NOT_OURS = "not an image API object"


def _line(diagnostic: Diagnostic) -> str:
    where = "" if diagnostic.line is None else f"{diagnostic.line}:{diagnostic.column}: "
    return f"{where}{finding(diagnostic)}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _case(case: ET.Element, items: Sequence[Diagnostic], fail_on: Severity) -> bool:
    """Add a document's findings to its testcase; whether they fail it."""
    text = "\n".join(_line(d) for d in items)
    failing = [d for d in items if d.severity.rank >= fail_on.rank]
    if not failing:
        ET.SubElement(case, "system-out").text = text
        return False
    errors = sum(d.severity is Severity.ERROR for d in items)
    message = f"{_plural(errors, 'error')}, {_plural(len(items) - errors, 'warning')}"
    ET.SubElement(case, "failure", message=message, type=failing[0].code).text = text
    return True


def _testcase(
    path: str, index: int, items: Sequence[Diagnostic] | None, skipped: Set[int], fail_on: Severity
) -> tuple[ET.Element, bool, bool]:
    """A document's testcase; whether it fails, and whether it is skipped."""
    case = ET.Element("testcase", name=document_name(index), classname=path)
    if items:
        return case, _case(case, items, fail_on), False
    if index in skipped:
        ET.SubElement(case, "skipped", message=NOT_OURS)
        return case, False, True
    return case, False, False


def _totals(element: ET.Element, failures: int, skipped: int) -> None:
    """Set a suite's (or the root's) totals after its name and test count, in JUnit's order."""
    element.set("failures", str(failures))
    element.set("errors", "0")
    element.set("skipped", str(skipped))


def _suite(
    path: str, found: Sequence[Diagnostic], documents: int, skipped: Set[int], fail_on: Severity
) -> ET.Element:
    by_document: dict[int, list[Diagnostic]] = {}
    for diagnostic in found:
        by_document.setdefault(diagnostic.document, []).append(diagnostic)
    count = max([documents, *(index + 1 for index in by_document)])
    suite = ET.Element("testsuite", name=path, tests=str(count))
    failures = skips = 0
    for index in range(count):
        case, failed, skip = _testcase(path, index, by_document.get(index), skipped, fail_on)
        suite.append(case)
        failures += failed
        skips += skip
    _totals(suite, failures, skips)
    return suite


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    files = list(context.files) + [f for f in by_file if f not in context.files]
    root = ET.Element("testsuites", name=TOOL)
    for path in files:
        documents = context.documents.get(path, 0)
        skipped = context.skipped.get(path, frozenset())
        root.append(_suite(path, by_file.get(path, []), documents, skipped, context.fail_on))
    for total in ("tests", "failures", "errors", "skipped"):
        root.set(total, str(sum(int(s.get(total, "0")) for s in root)))
    ET.indent(root)
    return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"


# ``render`` indents with ``ET.indent``: two spaces a level, each element on a line of
# its own. Written piece by piece, each piece is indented at its own level and put
# after the line break and indentation that ``ET.indent`` puts before it.
_SUITE = "\n  "
_CASE = "\n    "
_EMPTY_END = " />"  # how ElementTree ends an element without content
# A piece-by-piece suite's opening tag until its totals are known: in the spooled body,
# a line that nothing else can be (text and attribute values never hold a raw ``<``).
_PLACEHOLDER = "<testsuite>"
_PLACEHOLDER_LINE = _SUITE.removeprefix("\n") + _PLACEHOLDER + "\n"


def _xml(element: ET.Element, level: int) -> str:
    ET.indent(element, level=level)
    return ET.tostring(element, encoding="unicode")


def _opening(element: ET.Element) -> str:
    """The opening tag of an element, from the empty element ElementTree writes."""
    return ET.tostring(element, encoding="unicode").removesuffix(_EMPTY_END) + ">"


class _Pieces:
    """The suite of a file whose findings come document by document: written case by
    case, each document's case once a later document's findings (or the file's end)
    show that it has all of its own."""

    __slots__ = ("fail_on", "failures", "file", "items", "skips", "written")

    def __init__(self, file: LintedFile, fail_on: Severity) -> None:
        self.file = file
        self.fail_on = fail_on
        self.items: list[Diagnostic] = []  # the findings of the document not yet written
        self.written = 0  # the cases written: documents 0 to written - 1
        self.failures = self.skips = 0

    def add(self, diagnostics: Sequence[Diagnostic]) -> str:
        out = []
        for diagnostic in diagnostics:
            if self.items and diagnostic.document != self.items[0].document:
                out.append(self._cases(self.items[0].document + 1))
            self.items.append(diagnostic)
        return "".join(out)

    def close(self) -> tuple[str, ET.Element]:
        """The rest of the suite, and the suite with its totals but without its cases."""
        pending = self.items[0].document + 1 if self.items else 0
        rest = self._cases(max(self.file.documents, pending)) + _SUITE + "</testsuite>"
        suite = ET.Element("testsuite", name=self.file.name, tests=str(self.written))
        _totals(suite, self.failures, self.skips)
        return rest, suite

    def _cases(self, through: int) -> str:
        """The cases of the documents before ``through``, the findings held included."""
        by_document = {self.items[0].document: self.items} if self.items else {}
        self.items = []
        out = []
        for index in range(self.written, through):
            items = by_document.get(index)
            case, failed, skip = _testcase(
                self.file.name, index, items, self.file.skipped, self.fail_on
            )
            self.failures += failed
            self.skips += skip
            out.append(_CASE + _xml(case, 2))
        self.written = max(self.written, through)
        return "".join(out)


class _Streaming(Spooled):
    """The suites in the body, the root with its totals as the head."""

    __slots__ = ("current", "failures", "first", "heads", "pieces", "skips", "suites", "tests")

    def __init__(self, context: ReportContext) -> None:
        super().__init__(context)
        self.current: LintedFile | None = None
        self.first: list[Diagnostic] = []  # the current file's findings, while in one batch
        self.pieces: _Pieces | None = None  # the current file's suite, once a second batch came
        self.heads: deque[str] = deque()  # opening tags for the placeholders, in order
        self.suites = self.tests = self.failures = self.skips = 0

    def file(self, linted: LintedFile) -> str:
        done = self._close()
        self.current = linted
        return done

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        if self.pieces is not None:
            return self.pieces.add(diagnostics)
        if not self.first:
            self.first = list(diagnostics)
            return ""
        assert self.current is not None
        self.pieces = _Pieces(self.current, self.context.fail_on)
        held, self.first = self.first, []
        return _SUITE + _PLACEHOLDER + self.pieces.add(held) + self.pieces.add(diagnostics)

    def end(self) -> str:
        done = self._close()
        return (done + "\n</testsuites>\n") if self.suites else done

    def head(self) -> str:
        root = ET.Element("testsuites", name=TOOL, tests=str(self.tests))
        _totals(root, self.failures, self.skips)
        if not self.suites:
            return _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
        return _DECLARATION + _opening(root)

    def body(self, lines: Iterable[str]) -> Iterator[str]:
        for line in lines:
            if line == _PLACEHOLDER_LINE:
                yield _PLACEHOLDER_LINE.replace(_PLACEHOLDER, self.heads.popleft())
            else:
                yield line

    def _close(self) -> str:
        """The current file's suite, or what is left of it; its counts added to the totals."""
        file, self.current = self.current, None
        if file is None:
            return ""
        if self.pieces is None:
            found, self.first = self.first, []
            suite = _suite(file.name, found, file.documents, file.skipped, self.context.fail_on)
            text = _SUITE + _xml(suite, 1)
        else:
            text, suite = self.pieces.close()
            self.pieces = None
            self.heads.append(_opening(suite))
        self.suites += 1
        self.tests += int(suite.get("tests", "0"))
        self.failures += int(suite.get("failures", "0"))
        self.skips += int(suite.get("skipped", "0"))
        return text


STREAMING = _Streaming
