"""Reporters: pure functions from diagnostics to text. Only the CLI prints.

Each format lives in its own module and is imported only when chosen, so a
pre-commit run never pays for SARIF or JUnit.

May import ``diagnostics`` and, for type annotations only, the ``rules`` registry's
``Rule``: the command line hands the registry over in ``ReportContext``, so a
reporter never looks anything up by itself.
"""

from __future__ import annotations

import hashlib
import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic

if TYPE_CHECKING:
    from ..rules import Rule

TOOL = "imagetag-lint"
INFORMATION_URI = "https://github.com/imagetag-lint/imagetag-lint"
RULES_DOC = f"{INFORMATION_URI}/blob/main/docs/rules.md"


@dataclass(frozen=True)
class ReportContext:
    """What a reporter may need besides the diagnostics."""

    files: Sequence[str] = ()  # every file linted, in order, clean ones included
    color: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # file -> text, for `full`
    documents: Mapping[str, int] = field(default_factory=dict)  # file -> documents in it
    version: str = ""
    rules: Mapping[str, Rule] = field(default_factory=dict)  # code -> rule (the registry)


def help_uri(code: str) -> str:
    return f"{RULES_DOC}#{code.lower()}"


def fingerprints(diagnostics: Sequence[Diagnostic]) -> list[str]:
    """One stable, unique fingerprint per finding.

    Built from what identifies a finding independently of its line (file, code,
    document, pointer, message), so unrelated edits above it keep it; findings
    that share all of these are numbered in order.
    """
    seen: dict[str, int] = {}
    result = []
    for d in diagnostics:
        key = "\0".join((d.file, d.code, str(d.document), d.pointer, d.message))
        count = seen.get(key, 0)
        seen[key] = count + 1
        result.append(hashlib.sha256(f"{key}\0{count}".encode()).hexdigest())
    return result


Reporter = Callable[[Sequence[Diagnostic], ReportContext], str]

# format name -> module in this package exporting ``render``.
FORMATS: dict[str, str] = {
    "concise": "concise",
    "full": "full",
    "json": "json_format",
    "json-lines": "json_lines",
    "sarif": "sarif",
    "github": "github",
    "gitlab": "gitlab",
    "junit": "junit",
}


def get_reporter(name: str) -> Reporter:
    module = importlib.import_module(f"{__name__}.{FORMATS[name]}")
    render: Reporter = module.render
    return render
