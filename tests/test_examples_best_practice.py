"""The valid examples are best practice: not a single finding, warnings included."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint import lint_path

VALID = Path(__file__).resolve().parents[1] / "examples" / "valid"
EXAMPLES = sorted(p for p in VALID.rglob("*") if p.suffix in (".yaml", ".yml", ".json"))


def test_there_are_valid_examples() -> None:
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_valid_example_has_no_finding(path: Path) -> None:
    assert [f"{d.line}:{d.column} {d.code} {d.message}" for d in lint_path(path)] == []
