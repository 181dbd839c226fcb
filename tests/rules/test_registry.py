"""The server rules are documented: docstring shape, catalogue table, code range."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from imagetag_lint.rules import RULES, Rule

CATALOGUE = (Path(__file__).resolve().parents[2] / "docs" / "catalogue.md").read_text(
    encoding="utf-8"
)
SEMANTIC = [r for r in RULES if r.check is not None and "ITL200" <= r.code < "ITL250"]


def test_server_rules_use_their_range() -> None:
    assert len(SEMANTIC) >= 25
    assert all(r.code.startswith("ITL2") for r in SEMANTIC)


@pytest.mark.parametrize("item", SEMANTIC, ids=lambda r: r.code)
def test_rule_is_documented(item: Rule) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", item.name)
    assert item.summary
    assert not item.summary.endswith(":")
    assert "Fails" in item.doc
    assert "Passes" in item.doc
    assert item.code in CATALOGUE


@pytest.mark.parametrize("item", [r for r in RULES if r.server], ids=lambda r: r.code)
def test_catalogue_table_names_the_rule_under_its_id(item: Rule) -> None:
    row = next(line for line in CATALOGUE.splitlines() if line.startswith(f"| {item.server} |"))
    assert item.code in row
