"""Each rule's ``accept`` fragments (see ``rules._rule``) against its own examples.

The gate may skip a rule only for objects that meet its fragments, so on the
rule's Fails example every object the rule reports must be refused by the
fragments alone (they are sufficient), and on its Passes example every object
must be accepted (they are not stricter than the documented clean case). The
whole-run differential tests are in ``tests/test_fast_accept.py``.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from mutation import gate_mode

from imagetag_lint.checking import engine, gate
from imagetag_lint.loading.documents import LoadFailure, load_documents
from imagetag_lint.loading.positions import NoLocator
from imagetag_lint.openshift.kinds import Target, targets
from imagetag_lint.ruledocs import Example, examples
from imagetag_lint.rules import RULES, Rule

pytest.importorskip("jsonschema_rs")

GATED = [item for item in RULES if item.accept is not None]


def _cases() -> list[Any]:
    cases = []
    for item in GATED:
        for number, example in enumerate(examples(item), start=1):
            if "update" in example.options:
                continue  # the gate answers for creates only
            verdict = "fails" if example.fails else "passes"
            cases.append(pytest.param(item, example, id=f"{item.code}-{verdict}-{number}"))
    return cases


def _targets(example: Example) -> list[Target]:
    return [
        target
        for item in load_documents(example.text)
        if not isinstance(item, LoadFailure)
        for target in targets(item.data)
    ]


def _codes(target: Target, profile: str, monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The codes the slow path reports on one object."""
    from imagetag_lint.settings import Settings

    with monkeypatch.context() as patched:
        patched.setattr(gate, "_mode", lambda: "off")
        found = engine.check_target(target, Settings(profile=profile), NoLocator())
        return {code for code, _ in found}


@pytest.mark.parametrize(("item", "example"), _cases())
def test_accept_fragments_match_the_documented_examples(
    item: Rule, example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = example.options.get("profile", "manifest")
    codes = frozenset({item.code})
    for target, mode in itertools.product(_targets(example), ("python", "rs")):
        with gate_mode(mode):
            accepted = gate.accepts(target.obj, target.type_name, profile, codes)
        if example.fails and item.code in _codes(target, profile, monkeypatch):
            assert not accepted, f"{item.code}: the {mode} gate accepts what the rule reports"
        if not example.fails:
            assert accepted, f"{item.code}: the {mode} gate refuses the documented clean object"


@pytest.mark.parametrize("item", GATED, ids=lambda item: item.code)
def test_accept_fragments_cover_every_type_the_rule_checks(item: Rule) -> None:
    """The gate skips the rule wherever it runs, so its fragments must reach every type
    it is called with: each one, or the root of every kind it is limited to."""
    assert item.accept is not None
    covered = set(item.accept)
    assert set(item.types) <= covered or (item.kinds and set(item.kinds) <= covered)


@pytest.mark.parametrize("item", GATED, ids=lambda item: item.code)
def test_accept_fragments_name_types_the_rule_checks(item: Rule) -> None:
    assert item.accept is not None
    assert item.accept, "an empty accept would let the gate skip the rule unconditionally"
    for type_name, fragment in item.accept.items():
        assert isinstance(fragment, dict), (item.code, type_name)
        assert fragment, (item.code, type_name)
        # Compiles, alone and with every other rule's fragments.
        gate._acceptor(type_name, "manifest", frozenset({item.code}))
