"""A JSON array of findings (see ``Diagnostic.to_dict`` for the fields, ``fix`` included)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext, Streaming


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return json.dumps([d.to_dict() for d in diagnostics], indent=2, ensure_ascii=False) + "\n"


def _part(diagnostics: Sequence[Diagnostic], context: ReportContext, first: bool) -> str:
    # json.dumps(list, indent=2) writes each item indented two more spaces.
    items = (json.dumps(d.to_dict(), indent=2, ensure_ascii=False) for d in diagnostics)
    return ("[\n" if first else ",\n") + ",\n".join(
        "  " + item.replace("\n", "\n  ") for item in items
    )


STREAMING = Streaming(_part, lambda context, empty: "[]\n" if empty else "\n]\n")
