"""The example manifests: valid ones lint clean, invalid ones give exactly their errors.

``examples/invalid/<name>.expected`` lists the errors (``line:col: CODE message``)
of ``<name>.yaml``; warnings are left out so that new lint-only rules do not change them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint.api import lint_path
from imagetag_lint.diagnostics import Severity

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VALID = sorted((EXAMPLES / "valid").iterdir())
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))


def errors(path: Path) -> list[str]:
    return [
        f"{d.line}:{d.column}: {d.code} {d.message}"
        for d in lint_path(path)
        if d.severity is Severity.ERROR
    ]


def test_there_are_examples() -> None:
    assert len(VALID) >= 5
    assert len(INVALID) >= 3


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_examples_have_no_error(path: Path) -> None:
    assert errors(path) == []


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.name)
def test_invalid_examples_show_their_errors(path: Path) -> None:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert expected
    assert errors(path) == expected
