"""GitHub Actions workflow commands: one annotation per finding.

``::error file=F,line=L,col=C,endLine=L,endColumn=C,title=T::message``, escaped
as ``actions/toolkit`` escapes them: ``%``, CR and LF in the message; also ``:``
and ``,`` in property values.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity
from . import TOOL, ReportContext, lines


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(diagnostic: Diagnostic) -> str:
    command = "error" if diagnostic.severity is Severity.ERROR else "warning"
    properties = [("file", diagnostic.file)]
    if diagnostic.line is not None:
        properties += [("line", str(diagnostic.line)), ("col", str(diagnostic.column))]
        if diagnostic.end_line is not None:
            properties += [
                ("endLine", str(diagnostic.end_line)),
                ("endColumn", str(diagnostic.end_column)),
            ]
    properties.append(("title", f"{TOOL} ({diagnostic.code} {diagnostic.name})"))
    text = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    return f"::{command} {text}::{escape_data(f'{diagnostic.code} {diagnostic.message}')}\n"


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return "".join(annotation(d) for d in diagnostics)


STREAMING = lines(render)
