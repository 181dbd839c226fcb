"""A JSON array of findings (see ``Diagnostic.to_dict`` for the fields, ``fix`` included)."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import JsonArray, ReportContext, json_array


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return json_array([d.to_dict() for d in diagnostics])


class _Streaming(JsonArray):
    __slots__ = ()

    def items(self, diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
        return [d.to_dict() for d in diagnostics]


STREAMING = _Streaming
