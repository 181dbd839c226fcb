"""JUnit XML: one testsuite per file, one testcase per document of it.

A testcase is named after its document, 1-based (``document 1`` is the first).
It honours ``--fail-on``: a document with a finding at or above that severity has
one ``<failure>`` whose text lists all its findings, each as
``line:col: error: CODE message``; a document whose findings are all below it
passes, and lists them in its ``<system-out>``. A document that is not an image
API object is ``<skipped/>``. A file that could not be read as documents has none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence, Set

from ..diagnostics import Diagnostic, Severity
from . import TOOL, ReportContext, document_name
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
        case = ET.SubElement(suite, "testcase", name=document_name(index), classname=path)
        items = by_document.get(index)
        if items:
            failures += _case(case, items, fail_on)
        elif index in skipped:
            ET.SubElement(case, "skipped", message=NOT_OURS)
            skips += 1
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skips))
    return suite


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
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
