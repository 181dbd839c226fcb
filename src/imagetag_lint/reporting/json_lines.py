"""One JSON object per line (see ``Diagnostic.to_dict`` for the fields, ``fix`` included)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic
from . import ReportContext, lines


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return "".join(json.dumps(d.to_dict(), ensure_ascii=False) + "\n" for d in diagnostics)


STREAMING = lines(render)
