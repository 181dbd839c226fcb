"""The promise, checked over cases written from the catalogue of server rules.

A document the server accepts gets no server-class error (an error whose ``server``
is set); a document it rejects gets one at the field the server names.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from imagetag_lint.api import lint_text
from imagetag_lint.diagnostics import Diagnostic, Severity
from imagetag_lint.settings import AllowedRegistry, Settings

HEAD = "apiVersion: image.openshift.io/v1\nkind: ImageTag\n"
CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "cases.yaml").read_text(encoding="utf-8")
)


def server_errors(case: dict[str, Any]) -> list[Diagnostic]:
    allowed = case.get("allowed")
    config = Settings(
        allowed_registries=None
        if allowed is None
        else tuple(AllowedRegistry(**entry) for entry in allowed)
    )
    found = lint_text(HEAD + case["doc"] + "\n", profile=case.get("profile"), settings=config)
    return [d for d in found if d.server is not None and d.severity is Severity.ERROR]


def test_corpus_is_well_formed() -> None:
    ids = [case["id"] for case in CASES]
    assert len(ids) == len(set(ids))
    for case in CASES:
        assert case["verdict"] in ("accepted", "rejected")
        assert ("field" in case) == (case["verdict"] == "rejected")


@pytest.mark.parametrize("case", [c for c in CASES if c["verdict"] == "accepted"], ids=str)
def test_accepted_gets_no_server_error(case: dict[str, Any]) -> None:
    assert [d.message for d in server_errors(case)] == []


@pytest.mark.parametrize("case", [c for c in CASES if c["verdict"] == "rejected"], ids=str)
def test_rejected_gets_a_server_error_at_the_field(case: dict[str, Any]) -> None:
    found = server_errors(case)
    assert case["field"] in [d.pointer for d in found], [(d.pointer, d.message) for d in found]
    assert case["rule"] in [d.server for d in found if d.pointer == case["field"]]


def _tag_document(tag: str) -> str:
    obj = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {"name": f"app:{tag}"},
        "spec": {"name": tag or "latest"},
    }
    return json.dumps(obj)


# Twice the profile's budget: 200 examples in the full run (see tests/conftest.py).
@settings(max_examples=2 * settings().max_examples, deadline=None)
@given(st.text(st.characters(blacklist_characters="/%", blacklist_categories=["Cs"]), max_size=300))
def test_any_tag_part_is_accepted(tag: str) -> None:
    """C3: the server never checks the tag part (only ``/`` and ``%`` in the whole name)."""
    found = lint_text(_tag_document(tag), "tag.json")
    assert [d.message for d in found if d.server and d.severity is Severity.ERROR] == []
