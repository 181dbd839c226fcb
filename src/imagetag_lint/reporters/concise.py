"""``path:line:col: CODE message``, one finding per line (gcc/emacs/vim compatible)."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext


def location(diagnostic: Diagnostic) -> str:
    if diagnostic.line is None:
        return diagnostic.file
    return f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}"


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return "".join(f"{location(d)}: {d.code} {d.message}\n" for d in diagnostics)
