"""GitLab Code Quality: a JSON array of issues, each with a unique fingerprint.

Written as findings arrive: a fingerprint numbers findings that share a file, a
document, a code, a pointer and a message, and the findings of one document always
arrive together.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity
from . import JsonArray, ReportContext, fingerprints, json_array

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor"}


def issue(diagnostic: Diagnostic, fingerprint: str) -> dict[str, object]:
    line = diagnostic.line or 1  # GitLab needs a line; a finding without one is on the file
    return {
        "description": f"{diagnostic.code} {diagnostic.message}",
        "check_name": diagnostic.code,
        "fingerprint": fingerprint,
        "severity": _SEVERITY[diagnostic.severity],
        "location": {"path": diagnostic.file, "lines": {"begin": line}},
    }


def _issues(diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
    return [issue(d, f) for d, f in zip(diagnostics, fingerprints(diagnostics), strict=True)]


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    return json_array(_issues(diagnostics))


class _Streaming(JsonArray):
    __slots__ = ()

    def items(self, diagnostics: Sequence[Diagnostic]) -> list[dict[str, object]]:
        return _issues(diagnostics)


STREAMING = _Streaming
