"""Reporters: pure functions from diagnostics to text. Only the CLI prints.

Each format lives in its own module and is imported only when chosen, so a
pre-commit run never pays for SARIF or JUnit.

May import ``diagnostics`` and, for type annotations only, the ``rules`` registry's
``Rule``: the command line hands the registry over in ``ReportContext``, so a
reporter never looks anything up by itself.

Rule documentation is written as reStructuredText: code between double backticks,
``Fails::`` and an indented block. ``plain`` and ``markdown_inline`` convert a line of
it, ``plain_doc`` and ``markdown_doc`` a whole rule's documentation.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence

from ..diagnostics import Diagnostic, Severity
from ..frozen import Frozen, NamedTuple
from ..regex import lazy

TYPE_CHECKING = False

if TYPE_CHECKING:
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


class Streaming(NamedTuple):
    """A format that can be written piece by piece as findings arrive, in flat memory.

    The pieces of a run, ``part`` for each batch of findings in order (``first`` for
    the first one) and then ``end``, make exactly what ``render`` makes of all of them.
    The context holds no files, sources or documents: they are not known yet.
    """

    part: Callable[[Sequence[Diagnostic], ReportContext, bool], str]
    end: Callable[[ReportContext, bool], str]  # the bool: nothing was written before


def lines(render: Reporter) -> Streaming:
    """The ``Streaming`` of a format that writes each finding on lines of its own."""
    return Streaming(lambda found, context, first: render(found, context), lambda *_: "")


def json_array(items: Sequence[object]) -> str:
    """``items`` as a JSON array, indented as every JSON format writes one."""
    import json

    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def json_array_part(items: Sequence[object], first: bool) -> str:
    """Some items of a JSON array written piece by piece: the pieces, then
    ``json_array_end``, make exactly what ``json_array`` makes of all the items."""
    import json

    # json.dumps(list, indent=2) writes each item indented two more spaces.
    dumped = (json.dumps(item, indent=2, ensure_ascii=False) for item in items)
    return ("[\n" if first else ",\n") + ",\n".join(
        "  " + item.replace("\n", "\n  ") for item in dumped
    )


def json_array_end(context: ReportContext, empty: bool) -> str:
    """The end of a JSON array written by ``json_array_part``."""
    return "[]\n" if empty else "\n]\n"


# format name -> module in this package exporting ``render`` (and ``STREAMING``, if it can).
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


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Reporter = module.render
    return render


def get_streaming(name: str) -> Streaming | None:
    """How to write the format piece by piece; None for one that needs every finding first."""
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    streaming: Streaming | None = getattr(module, "STREAMING", None)
    return streaming
