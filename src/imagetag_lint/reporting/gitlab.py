"""GitLab Code Quality: a JSON array of issues, each with a unique fingerprint."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic, Severity
from . import ReportContext, fingerprints

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


def render(diagnostics: Sequence[Diagnostic], context: ReportContext) -> str:
    issues = [issue(d, f) for d, f in zip(diagnostics, fingerprints(diagnostics), strict=True)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
