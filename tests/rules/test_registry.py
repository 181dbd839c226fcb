"""The registry agrees with what the documents say about codes.

docs/architecture.md gives each family of codes its range (and the ITL3xx warnings a
range per rule module); docs/catalogue.md names, for every check of the API server,
the code and rule name that reports it. These tests read both documents, so a rule
with a code out of its range, or a catalogue row that names a code or rule that does
not exist, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from imagetag_lint.diagnostics import Severity
from imagetag_lint.rules import BY_CODE, RULES, Rule

DOCS = Path(__file__).resolve().parents[2] / "docs"
CATALOGUE = (DOCS / "catalogue.md").read_text(encoding="utf-8")
ARCHITECTURE = (DOCS / "architecture.md").read_text(encoding="utf-8")

SEMANTIC = [r for r in RULES if r.check is not None]
SERVER = [r for r in RULES if r.server]
WARNINGS = [r for r in SEMANTIC if r.code.startswith("ITL3")]
# "ITL214 `pull-spec`": where the catalogue names a rule, it gives its code and name.
NAMED = sorted(set(re.findall(r"(ITL\d{3}) `([a-z0-9-]+)`", CATALOGUE)))
# "`300`-`309` tag names (`rules/unusable_tags.py`)": the ITL3xx ranges of the rule modules.
MODULE_RANGES = [
    (int(low), int(high), module)
    for low, high, module in re.findall(
        r"`(3\d\d)`-`(3\d\d)`\s[^(]*\(`rules/(\w+)\.py`", ARCHITECTURE
    )
]
# Documented exceptions to "ITL2xx are errors" (none today: ITL223 moved to ITL370).
WARNINGS_AMONG_ERRORS: set[str] = set()


def _family(item: Rule) -> str:
    """The code prefix docs/architecture.md gives the rule's layer and severity."""
    if item.layer == "input":
        return "ITL0"
    if item.layer == "schema":
        return "ITL1"
    if item.layer == "linter":
        return "ITL9"
    if item.severity is Severity.ERROR or item.code in WARNINGS_AMONG_ERRORS:
        return "ITL2"
    return "ITL3"


@pytest.mark.parametrize("item", RULES, ids=lambda r: r.code)
def test_code_is_in_the_range_of_its_layer_and_severity(item: Rule) -> None:
    assert re.fullmatch(r"ITL\d{3}", item.code)
    assert item.code.startswith(_family(item)), f"{item.code} belongs in {_family(item)}xx"


def test_the_documented_exceptions_are_still_exceptions() -> None:
    for code in WARNINGS_AMONG_ERRORS:
        assert BY_CODE[code].severity is Severity.WARNING
        assert code in ARCHITECTURE


def test_the_documents_still_say_what_these_tests_read() -> None:
    assert len(MODULE_RANGES) >= 7, "docs/architecture.md no longer lists the ITL3xx ranges"
    assert len(NAMED) >= 40, "docs/catalogue.md no longer writes codes as ITLnnn `name`"


@pytest.mark.parametrize("item", WARNINGS, ids=lambda r: r.code)
def test_warning_code_is_in_the_range_of_its_module(item: Rule) -> None:
    assert item.check is not None
    module = item.check.__module__.rsplit(".", 1)[-1]
    number = int(item.code[3:])
    ranges = [(low, high) for low, high, owner in MODULE_RANGES if owner == module]
    assert any(low <= number <= high for low, high in ranges), (
        f"{item.code} is in rules/{module}.py, whose documented ranges are {ranges}"
    )


@pytest.mark.parametrize("item", SERVER, ids=lambda r: r.code)
def test_a_rule_with_a_catalogue_id_is_an_error(item: Rule) -> None:
    # "an error with a server id means: the server refuses this" (docs/catalogue.md)
    assert item.severity is Severity.ERROR


@pytest.mark.parametrize("item", SEMANTIC, ids=lambda r: r.code)
def test_rule_is_documented(item: Rule) -> None:
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", item.name)
    assert item.summary
    assert not item.summary.endswith(":")
    assert "Fails" in item.doc
    assert "Passes" in item.doc
    if item.code.startswith("ITL2"):  # what the server rejects: the catalogue says which check
        assert item.code in CATALOGUE


@pytest.mark.parametrize("item", SERVER, ids=lambda r: r.code)
def test_catalogue_table_names_the_rule_under_its_id(item: Rule) -> None:
    rows = [line for line in CATALOGUE.splitlines() if line.startswith(f"| {item.server} |")]
    assert rows, f"docs/catalogue.md has no row for {item.server}"
    assert item.code in rows[0]


@pytest.mark.parametrize(("code", "name"), NAMED, ids=[code for code, _ in NAMED])
def test_catalogue_names_each_code_with_its_rule_name(code: str, name: str) -> None:
    assert code in BY_CODE, f"docs/catalogue.md names {code}, which no rule has"
    assert BY_CODE[code].name == name
