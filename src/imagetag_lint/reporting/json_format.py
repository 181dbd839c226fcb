"""A JSON array of findings (see ``Diagnostic.to_dict`` for the fields, ``fix`` included)."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext, Streaming, json_array, json_array_end, json_array_part


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return json_array([d.to_dict() for d in diagnostics])


def _part(diagnostics: Sequence[Diagnostic], context: ReportContext, first: bool) -> str:
    return json_array_part([d.to_dict() for d in diagnostics], first)


STREAMING = Streaming(_part, json_array_end)
