"""SARIF 2.1.0, as GitHub code scanning accepts it.

Only the rules that have results are listed (``ruleIndex`` points into that
list); ``results`` is present even when empty; columns count Unicode code
points; every result has a region (line 1 when a finding has no position,
because code scanning requires one) and a fingerprint that survives edits
elsewhere in the file.

A rule's descriptions are plain text; its ``help`` has the documentation both as
plain text and as Markdown (``help.markdown``, which code scanning shows). A
result's ``properties.document`` is the 0-based index of its document in the file.

A finding with a fix has SARIF ``fixes``: one artifact change to its file whose
replacements delete a region given as ``charOffset``/``charLength`` (Unicode
code points from the start of the text, as the run's ``columnKind`` says) and
insert text there. ``properties.safe`` tells a safe fix from one applied only
with ``--unsafe-fixes``.

Written as the run goes, the results are spooled (``Spooled``): the rules come
before them, and a result's ``ruleIndex`` is known only once every rule used is.
Each spooled result names its rule's code there instead, and the index replaces it
as the body goes out. Fingerprints are numbered batch by batch, as GitLab's are: the
findings that share a fingerprint's key share a document, whose findings come together.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import quote

from ..diagnostics import Diagnostic, Edit, Fix, Severity
from . import (
    INFORMATION_URI,
    TOOL,
    ReportContext,
    Spooled,
    fingerprints,
    help_uri,
    json_array_close,
    json_array_part,
    markdown_doc,
    plain,
    plain_doc,
)

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = "imagetagLint/v1"


def artifact_uri(path: str) -> str:
    """A relative URI for a relative path, a ``file://`` URI for an absolute one."""
    if os.path.isabs(path):
        return Path(path).as_uri()
    return quote(Path(path).as_posix())


def _level(severity: Severity) -> str:
    return "error" if severity is Severity.ERROR else "warning"


def _rule(code: str, diagnostic: Diagnostic, context: ReportContext) -> dict[str, object]:
    rule = context.rules.get(code)
    summary = rule.summary if rule is not None else diagnostic.name
    doc = rule.doc if rule is not None and rule.doc else summary
    level = _level(rule.severity if rule is not None else diagnostic.severity)
    return {
        "id": code,
        "name": diagnostic.name,
        "shortDescription": {"text": plain(summary)},
        "fullDescription": {"text": plain_doc(doc)},
        "help": {"text": plain_doc(doc), "markdown": markdown_doc(doc)},
        "helpUri": help_uri(code),
        "defaultConfiguration": {"level": level},
    }


def _region(diagnostic: Diagnostic) -> dict[str, int]:
    if diagnostic.line is None:
        return {"startLine": 1}
    region = {"startLine": diagnostic.line, "startColumn": diagnostic.column or 1}
    if diagnostic.end_line is not None and diagnostic.end_column is not None:
        region["endLine"] = diagnostic.end_line
        region["endColumn"] = diagnostic.end_column
    return region


def _result(diagnostic: Diagnostic, index: int, fingerprint: str) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": diagnostic.code,
        "ruleIndex": index,
        "level": _level(diagnostic.severity),
        "message": {"text": diagnostic.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": artifact_uri(diagnostic.file)},
                    "region": _region(diagnostic),
                }
            }
        ],
        "partialFingerprints": {FINGERPRINT: fingerprint},
    }
    if diagnostic.fix is not None:
        result["fixes"] = [_fix(diagnostic.fix, diagnostic.file)]
    if diagnostic.pointer:
        result["properties"] = {"pointer": diagnostic.pointer, "document": diagnostic.document}
    return result


def _fix(fix: Fix, file: str) -> dict[str, object]:
    return {
        "description": {"text": fix.title},
        "artifactChanges": [
            {
                "artifactLocation": {"uri": artifact_uri(file)},
                "replacements": [_replacement(edit) for edit in fix.edits],
            }
        ],
        "properties": {"safe": fix.safe},
    }


def _replacement(edit: Edit) -> dict[str, object]:
    replacement: dict[str, object] = {
        "deletedRegion": {"charOffset": edit.start, "charLength": edit.end - edit.start}
    }
    if edit.text:
        replacement["insertedContent"] = {"text": edit.text}
    return replacement


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    first_of: dict[str, Diagnostic] = {}
    for diagnostic in diagnostics:
        first_of.setdefault(diagnostic.code, diagnostic)
    index = _indexes(first_of)
    results = [
        _result(d, index[d.code], f)
        for d, f in zip(diagnostics, fingerprints(diagnostics), strict=True)
    ]
    return json.dumps(_log(first_of, context, results), indent=2, ensure_ascii=False) + "\n"


def _indexes(first_of: dict[str, Diagnostic]) -> dict[str, int]:
    """Each rule's ``ruleIndex``: rules are listed by code."""
    return {code: number for number, code in enumerate(sorted(first_of))}


def _log(
    first_of: dict[str, Diagnostic], context: ReportContext, results: list[dict[str, object]]
) -> dict[str, object]:
    """The SARIF log: the rules used (``first_of``: code -> its first finding), the results."""
    driver: dict[str, object] = {"name": TOOL, "informationUri": INFORMATION_URI}
    if context.version:
        driver["version"] = context.version
    driver["rules"] = [_rule(code, first_of[code], context) for code in sorted(first_of)]
    return {
        "version": "2.1.0",
        "$schema": SCHEMA_URI,
        "runs": [
            {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
        ],
    }


_RESULTS = '"results": '
_RESULTS_DEPTH = 3  # the results array's depth in the log: in the one run, in ``runs``
# The line of a result's ``ruleIndex`` (its keys are two levels deeper than the array):
# no other line of the results starts so, since keys of deeper objects are indented
# more and a string never starts a line of its own outside an array.
_RULE_INDEX = "  " * (_RESULTS_DEPTH + 2) + '"ruleIndex": '


class _Streaming(Spooled):
    """The results in the body; the log around them, rules included, as head and end."""

    __slots__ = ("empty", "first_of", "log")

    def __init__(self, context: ReportContext) -> None:
        super().__init__(context)
        self.first_of: dict[str, Diagnostic] = {}  # code -> its first finding
        self.empty = True
        self.log = ""  # the log without results, once every rule used is known

    def part(self, diagnostics: Sequence[Diagnostic]) -> str:
        results = []
        for d, fingerprint in zip(diagnostics, fingerprints(diagnostics), strict=True):
            self.first_of.setdefault(d.code, d)
            result = _result(d, 0, fingerprint)
            result["ruleIndex"] = d.code  # until the index is known
            results.append(result)
        text = json_array_part(results, self.empty, _RESULTS_DEPTH)
        self.empty = False
        return text

    def end(self) -> str:
        self.log = json.dumps(_log(self.first_of, self.context, []), indent=2, ensure_ascii=False)
        after = self.log[self.log.rindex(_RESULTS) + len(_RESULTS) + len("[]") :]
        return json_array_close(self.empty, _RESULTS_DEPTH) + after + "\n"

    def head(self) -> str:
        return self.log[: self.log.rindex(_RESULTS) + len(_RESULTS)]

    def body(self, lines: Iterable[str]) -> Iterator[str]:
        index = _indexes(self.first_of)
        for line in lines:
            if line.startswith(_RULE_INDEX):
                code, _, rest = line[len(_RULE_INDEX) :].partition(",")
                yield f"{_RULE_INDEX}{index[json.loads(code)]},{rest}"
            else:
                yield line


STREAMING = _Streaming
