"""``path:line:col: error: CODE message``, one finding per line, as compilers write them.

The severity comes first, as ``error:`` or ``warning:``, the form gcc and clang
use: so an error and a warning read differently without colour (in a CI log), a
plain ``grep ': error: '`` finds the errors, and the error formats of editors
(Emacs' compilation mode, Vim's ``%f:%l:%c: %t%*[^:]: %m``) and CI problem
matchers still parse the line and tell the two kinds apart (yamllint's
``[error]`` reads as well, but the patterns made for gcc do not take it). A
finding without a position reads ``path: error: CODE message``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext, lines
from ._color import BOLD, paint, severity_style


def location(diagnostic: Diagnostic) -> str:
    if diagnostic.line is None:
        return diagnostic.file
    return f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"


def header(diagnostic: Diagnostic, color: bool, with_name: bool = False) -> str:
    """``path:line:col: error: CODE message``, ``CODE [name]`` with the name; coloured if asked."""
    where = paint(location(diagnostic), BOLD, color)
    return f"{where}: {finding(diagnostic, color, with_name)}"


def finding(diagnostic: Diagnostic, color: bool = False, with_name: bool = False) -> str:
    """``error: CODE message``: the severity, the code (and the rule name) and the message."""
    label = f"{diagnostic.severity.value}: {diagnostic.code}"
    name = f" [{diagnostic.name}]" if with_name else ""
    return f"{paint(label, severity_style(diagnostic.severity), color)}{name} {diagnostic.message}"


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return "".join(header(d, context.color) + "\n" for d in diagnostics)


STREAMING = lines(render)
