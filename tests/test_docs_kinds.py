"""The rule-by-kind table of docs/kinds.md agrees with where the rules really run."""

from __future__ import annotations

import re
from pathlib import Path

from imagetag_lint.openshift import typegraph
from imagetag_lint.openshift.kinds import IMAGE_KINDS
from imagetag_lint.rules import BY_CODE, Scope, image_objects, streams

DOC = Path(__file__).resolve().parents[1] / "docs" / "kinds.md"
ROW = re.compile(r"\| (ITL\d{3}) ([a-z0-9-]+) \|(.*)\|\s*$")


def _documented() -> dict[str, tuple[str, list[str]]]:
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            marks = [cell.strip() for cell in match.group(3).split("|")]
            rows[match.group(1)] = (
                match.group(2),
                [k for k, m in zip(IMAGE_KINDS, marks, strict=True) if m],
            )
    return rows


def _where_it_runs(code: str) -> list[str]:
    rule = BY_CODE[code]
    kinds = [kind for kind in IMAGE_KINDS if rule.kinds is None or kind in rule.kinds]
    if rule.scope == Scope.ROOT:  # the linted object itself: a kind that is one of its types
        return [kind for kind in kinds if kind in rule.types]
    reached = typegraph.reaching(frozenset(rule.types))
    return [kind for kind in kinds if kind in reached]


def test_the_table_matches_the_registry_and_the_type_graph() -> None:
    rows = _documented()
    assert len(rows) >= 12
    for code, (name, kinds) in rows.items():
        assert BY_CODE[code].name == name
        assert kinds == _where_it_runs(code), code


def test_every_rule_of_this_family_is_in_the_table() -> None:
    documented = _documented()
    for rule in (*streams.RULES, *image_objects.RULES):
        assert rule.code in documented
