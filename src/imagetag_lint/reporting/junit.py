"""JUnit XML: one testsuite per file, one testcase per document of it.

A document with findings has one ``<failure>`` whose text lists them, each as
``line:col: CODE message``. A file that could not be read as documents has none.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity
from . import TOOL, ReportContext


def _line(diagnostic: Diagnostic) -> str:
    where = "" if diagnostic.line is None else f"{diagnostic.line}:{diagnostic.column}: "
    return f"{where}{diagnostic.code} {diagnostic.message}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _suite(path: str, found: Sequence[Diagnostic], documents: int) -> ET.Element:
    by_document: dict[int, list[Diagnostic]] = {}
    for diagnostic in found:
        by_document.setdefault(diagnostic.document, []).append(diagnostic)
    count = max([documents, *(index + 1 for index in by_document)])
    suite = ET.Element("testsuite", name=path, tests=str(count))
    failures = 0
    for index in range(count):
        case = ET.SubElement(suite, "testcase", name=f"document {index + 1}", classname=path)
        items = by_document.get(index)
        if not items:
            continue
        failures += 1
        errors = sum(d.severity is Severity.ERROR for d in items)
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{_plural(errors, 'error')}, {_plural(len(items) - errors, 'warning')}",
            type=items[0].code,
        )
        failure.text = "\n".join(_line(d) for d in items)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    by_file: dict[str, list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        by_file.setdefault(diagnostic.file, []).append(diagnostic)
    files = list(context.files) + [f for f in by_file if f not in context.files]
    root = ET.Element("testsuites", name=TOOL)
    for path in files:
        root.append(_suite(path, by_file.get(path, []), context.documents.get(path, 0)))
    root.set("tests", str(sum(int(s.get("tests", "0")) for s in root)))
    root.set("failures", str(sum(int(s.get("failures", "0")) for s in root)))
    root.set("errors", "0")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
