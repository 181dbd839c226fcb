"""``path:line:col: CODE message``, one finding per line (gcc/emacs/vim compatible)."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext
from ._color import BOLD, paint, severity_style


def location(diagnostic: Diagnostic) -> str:
    if diagnostic.line is None:
        return diagnostic.file
    return f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"


def header(diagnostic: Diagnostic, color: bool, with_name: bool = False) -> str:
    """``path:line:col: CODE message`` (``CODE [name]`` with the name), coloured when asked."""
    where = paint(location(diagnostic), BOLD, color)
    code = paint(diagnostic.code, severity_style(diagnostic.severity), color)
    name = f" [{diagnostic.name}]" if with_name else ""
    return f"{where}: {code}{name} {diagnostic.message}"


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return "".join(header(d, context.color) + "\n" for d in diagnostics)
