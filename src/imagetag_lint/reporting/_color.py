"""ANSI colours for the text formats; plain text when colour is off."""

from __future__ import annotations

from ..diagnostics import Severity

BOLD, RED, YELLOW, CYAN, RESET = "\x1b[1m", "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"


def paint(text: str, style: str, enabled: bool) -> str:
    return f"{style}{text}{RESET}" if enabled and text else text


def severity_style(severity: Severity) -> str:
    return BOLD + (RED if severity is Severity.ERROR else YELLOW)
