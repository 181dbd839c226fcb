"""Reporters: pure functions from diagnostics to text. Only the CLI prints.

Each format lives in its own module and is imported only when chosen, so a
pre-commit run never pays for SARIF or JUnit.

May import ``diagnostics`` and, for type annotations only, the ``rules`` registry's
``Rule``: the command line hands the registry over in ``ReportContext``, so a
reporter never looks anything up by itself.

Every format can be written piece by piece as the run goes (``Streaming``), so a
report of any size takes memory for one file at a time; those with a head that
depends on every finding (JUnit's totals, SARIF's rules) have their body spooled
(``Spooled``). The text is the same either way.

Rule documentation is written as reStructuredText: code between double backticks,
``Fails::`` and an indented block. ``plain`` and ``markdown_inline`` convert a line of
it, ``plain_doc`` and ``markdown_doc`` a whole rule's documentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence

from ..diagnostics import Diagnostic, LintedFile, Severity
from ..frozen import Frozen
from ..regex import lazy

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from ..rules import Rule

TOOL = "imagetag-lint"
INFORMATION_URI = "https://github.com/imagetag-lint/imagetag-lint"
RULES_DOC = f"{INFORMATION_URI}/blob/main/docs/rules.md"


class ReportContext(Frozen):
    """What a reporter may need besides the diagnostics."""

    __slots__ = (
        "color",
        "documents",
        "fail_on",
        "files",
        "rules",
        "skipped",
        "sources",
        "version",
    )
    _fields = ("files", "color", "sources", "documents", "version", "rules", "fail_on", "skipped")

    files: Sequence[str]  # every file linted, in order, clean ones included
    color: bool
    sources: dict[str, str]  # file -> text, for `full`
    documents: Mapping[str, int]  # file -> documents in it
    version: str
    rules: Mapping[str, Rule]  # code -> rule (the registry)
    fail_on: Severity  # the least severity that fails the run
    # file -> 0-based indexes of its documents that are not image API objects
    skipped: Mapping[str, frozenset[int]]

    def __init__(
        self,
        files: Sequence[str] = (),
        color: bool = False,
        sources: dict[str, str] | None = None,
        documents: Mapping[str, int] | None = None,
        version: str = "",
        rules: Mapping[str, Rule] | None = None,
        fail_on: Severity = Severity.ERROR,
        skipped: Mapping[str, frozenset[int]] | None = None,
    ) -> None:
        self._init(
            files,
            color,
            {} if sources is None else sources,
            {} if documents is None else documents,
            version,
            {} if rules is None else rules,
            fail_on,
            {} if skipped is None else skipped,
        )


def document_name(index: int) -> str:
    """How human-facing text names a document: 1-based (a finding's ``document`` is 0-based)."""
    return f"document {index + 1}"


def help_uri(code: str) -> str:
    return f"{RULES_DOC}#{code.lower()}"


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """One stable, unique fingerprint per finding.

    Built from what identifies a finding independently of its line (file, code,
    document, pointer, message), so unrelated edits above it keep it; findings
    that share all of these are numbered in order.
    """
    import hashlib  # only the formats with fingerprints pay for OpenSSL's start-up

    seen: dict[str, int] = {}
    result = []
    for d in diagnostics:
        key = "\0".join((d.file, d.code, str(d.document), d.pointer, d.message))
        count = seen.get(key, 0)
        seen[key] = count + 1
        result.append(hashlib.sha256(f"{key}\0{count}".encode()).hexdigest())
    return result


_DOUBLE_BACKTICKS = lazy(r"``(.+?)``")


def plain(text: str) -> str:
    """Inline reStructuredText as plain text: code loses its double backticks."""
    return _DOUBLE_BACKTICKS.sub(r"\1", text)


def markdown_inline(text: str) -> str:
    """Inline reStructuredText as Markdown: code in double backticks gets single ones."""
    return _DOUBLE_BACKTICKS.sub(r"`\1`", text)


def plain_doc(doc: str) -> str:
    """A rule's documentation as plain text: ``Fails::`` reads ``Fails:``, blocks stay indented."""
    return _convert_doc(doc, plain)


def markdown_doc(doc: str) -> str:
    """A rule's documentation as Markdown; its literal blocks are indented code blocks."""
    return _convert_doc(doc, markdown_inline)


def _convert_doc(doc: str, inline: Callable[[str], str]) -> str:
    """Prose lines through ``inline``; the indented block after a ``::`` line kept as it is."""
    out = []
    in_block = False
    for line in doc.split("\n"):
        if in_block and (not line.strip() or line.startswith(" ")):
            out.append(line)
            continue
        in_block = line.rstrip().endswith("::")
        out.append(inline(line.rstrip()[:-1] if in_block else line))
    return "\n".join(out)


Reporter = Callable[[Sequence[Diagnostic], ReportContext], str]


class Streaming:
    """A format written piece by piece as the run goes, in memory bounded by one file.

    One is made for each report, from a context that holds no files, sources or
    documents (they are not known yet), and may keep small state of its own
    (counts, the rules seen). For every file, in report order and clean ones
    included, ``file`` comes first; ``part`` then gets the file's findings, all in
    one batch or, for a file read piece by piece, document by document in document
    order, never an empty batch; ``end`` follows the last file. What they return, in
    that order, is exactly what ``render`` makes of the whole run.
    """

    __slots__ = ("context",)

    def __init__(self, context: ReportContext) -> None:
        self.context = context

    def file(self, linted: LintedFile) -> str:
        """A file begins (its text, documents and skipped documents are known by now)."""
        return ""

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        raise NotImplementedError

    def end(self) -> str:
        return ""


class Spooled(Streaming):
    """A format whose head (totals, a table) comes before the findings it depends on.

    What ``file``, ``part`` and ``end`` return is its body, which the command line
    spools to a temporary file, so that the run's findings are never all held; the
    report is ``head()``, asked once the body is done, followed by ``body`` of the
    spooled lines (which fills in what the body could only leave a placeholder for).
    """

    __slots__ = ()

    def head(self) -> str:
        raise NotImplementedError

    def body(self, lines: Iterable[str]) -> Iterable[str]:
        """The spooled body as it goes out, line by line (each line with its line break)."""
        return lines


class _Lines(Streaming):
    """A format that writes each finding on lines of its own: each part is ``render``'s."""

    __slots__ = ("render",)

    def __init__(self, context: ReportContext, render: Reporter) -> None:
        super().__init__(context)
        self.render = render

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        return self.render(diagnostics, self.context)


def lines(render: Reporter) -> Callable[[ReportContext], Streaming]:
    """How a format that writes each finding on lines of its own is written piece by piece."""
    return lambda context: _Lines(context, render)


def json_array(items: Sequence[object]) -> str:
    """``items`` as a JSON array, indented as every JSON format writes one."""
    import json

    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def json_array_part(items: Sequence[object], first: bool, depth: int = 0) -> str:
    """Some items of a JSON array written piece by piece: the pieces, then
    ``json_array_close``, make exactly what ``json.dumps(..., indent=2)`` makes of all the
    items, for an array ``depth`` levels deep in the document (0: the document itself)."""
    import json

    # json.dumps(..., indent=2) writes each item two spaces deeper than its array.
    indent = "  " * (depth + 1)
    dumped = (json.dumps(item, indent=2, ensure_ascii=False) for item in items)
    return ("[\n" if first else ",\n") + ",\n".join(
        indent + item.replace("\n", "\n" + indent) for item in dumped
    )


def json_array_close(empty: bool, depth: int = 0) -> str:
    """The end of a JSON array written by ``json_array_part`` (all of it, when empty)."""
    return "[]" if empty else "\n" + "  " * depth + "]"


class JsonArray(Streaming):
    """A format that is a JSON array of items made from the findings (``items``),
    written piece by piece: exactly ``json_array`` of all of them."""

    __slots__ = ("empty",)

    def __init__(self, context: ReportContext) -> None:
        super().__init__(context)
        self.empty = True

    def items(self, diagnostics: Sequence[Diagnostic]) -> Sequence[object]:
        raise NotImplementedError

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        text = json_array_part(self.items(diagnostics), self.empty)
        self.empty = False
        return text

    def end(self) -> str:
        return json_array_close(self.empty) + "\n"


# format name -> module in this package exporting ``render`` (and ``STREAMING``, if it can:
# a ``Streaming`` made from a ``ReportContext``).
FORMATS: dict[str, str] = {
    "concise": "concise",
    "full": "full",
    "json": "json_format",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def _format_module(name: str) -> Any:
    # ``__import__`` with a fromlist returns the module named itself; importlib would
    # import ``warnings`` as well, on every run.
    return __import__(f"{__name__}.{FORMATS[name]}", fromlist=("render",))


def get_reporter(name: str) -> Reporter:
    module = _format_module(name)
    render: Reporter = module.render
    return render


def get_streaming(name: str) -> Callable[[ReportContext], Streaming] | None:
    """What writes the format piece by piece, made from a report's context; None for a
    format that needs every finding first."""
    module = _format_module(name)
    streaming: Callable[[ReportContext], Streaming] | None = getattr(module, "STREAMING", None)
    return streaming
