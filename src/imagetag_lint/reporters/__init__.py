"""Reporters: pure functions from diagnostics to text. Only the CLI prints.

Each format lives in its own module and is imported only when chosen, so a
pre-commit run never pays for SARIF or JUnit.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may need besides the diagnostics."""

    files: Sequence[str] = ()  # every file linted, in order, clean ones included
    color: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for `full`


Reporter = Callable[[Sequence[Diagnostic], ReportContext], str]

# format name -> module in this package exporting ``render``.
FORMATS: dict[str, str] = {
    "concise": "concise",
    "json": "json_format",
}


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Reporter = module.render
    return render
