"""Every rule's documented examples run: a Fails example gives that rule's findings
and no other, a Passes example gives no finding at all. So docs/rules.md, which
prints these examples, cannot say what the linter does not do."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from imagetag_lint import Diagnostic, lint_path, validate
from imagetag_lint.loading.documents import LoadFailure, load_documents
from imagetag_lint.openshift.kinds import targets
from imagetag_lint.openshift.schemas import load_schemas
from imagetag_lint.ruledocs import EXAMPLE_OPTIONS, Example, examples
from imagetag_lint.rules import RULES, Rule
from imagetag_lint.settings import DEFAULT_SETTINGS, AllowedRegistry, Settings

# Rules whose findings no input can produce with the schemas shipped today; the
# tests below hold the reason true, so a schema that makes one reachable fails here
# until the rule gets examples.
UNREACHABLE = {
    "ITL106": "no schema has an enum or a const",
    "ITL107": "no schema has a keyword beyond those with codes of their own",
}
# The keywords the schema layer explains with a code of its own, and annotations.
EXPLAINED = frozenset(
    {"type", "additionalProperties", "required", "format", "minimum", "maximum"}
    | {"properties", "items", "$ref", "$defs", "$id", "$schema", "title", "description"}
)


def _cases() -> list[Any]:
    cases = []
    for item in RULES:
        counts = {True: 0, False: 0}
        for example in examples(item):
            counts[example.fails] += 1
            verdict = "fails" if example.fails else "passes"
            case_id = f"{item.code}-{verdict}-{counts[example.fails]}"
            cases.append(pytest.param(item, example, id=case_id))
    return cases


def _settings(example: Example) -> Settings:
    options = example.options
    registries = options.get("allowed-registries")
    return Settings(
        profile=options.get("profile", DEFAULT_SETTINGS.profile),
        allowed_registries=(
            tuple(AllowedRegistry(name.strip()) for name in registries.split(","))
            if registries is not None
            else None
        ),
        max_file_size=int(options.get("max-file-size", DEFAULT_SETTINGS.max_file_size)),
    )


def _lint(example: Example, tmp_path: Path) -> list[Diagnostic]:
    settings = _settings(example)
    if "update" in example.options:
        stored, new = (
            item.data for item in load_documents(example.text) if not isinstance(item, LoadFailure)
        )
        return validate(new, old_object=stored, settings=settings)
    path = tmp_path / example.options.get("filename", "example.yaml")
    path.write_bytes(example.text.encode(example.options.get("encoding", "utf-8")))
    return lint_path(path, settings=settings)


def _objects(example: Example) -> int:
    """How many objects of a kind this tool lints the example holds."""
    return sum(
        len(list(targets(item.data)))
        for item in load_documents(example.text)
        if not isinstance(item, LoadFailure)
    )


@pytest.mark.parametrize(("item", "example"), _cases())
def test_the_documented_example_does_what_it_says(
    item: Rule, example: Example, tmp_path: Path
) -> None:
    assert set(example.options) <= EXAMPLE_OPTIONS
    # A broken file, or a header kubectl refuses (ITL230), may hold no object we lint.
    if not (example.fails and item.layer in ("input", "kinds")):
        assert _objects(example) >= (2 if "update" in example.options else 1), (
            "an example is a whole manifest of a kind the linter checks"
        )
    found = [(d.code, d.line, d.message) for d in _lint(example, tmp_path)]
    if example.fails:
        assert found, f"{item.code}: the Fails example gives no finding"
        assert {code for code, _, _ in found} == {item.code}, found
    else:
        assert found == []


@pytest.mark.parametrize("item", RULES, ids=lambda item: item.code)
def test_every_rule_shows_a_failing_and_a_passing_example(item: Rule) -> None:
    verdicts = {example.fails for example in examples(item)}
    if item.code in UNREACHABLE:
        assert verdicts == set(), f"{item.code} has examples: take it off UNREACHABLE"
    else:
        assert verdicts == {True, False}


def _keywords(schema: Any) -> set[str]:
    if isinstance(schema, list):
        return set().union(*(_keywords(item) for item in schema))
    if not isinstance(schema, dict):
        return set()
    found = set(schema)
    for key, value in schema.items():
        if key == "properties":
            found |= set().union(*(_keywords(sub) for sub in value.values()))
        elif key not in ("required", "description", "title"):
            found |= _keywords(value)
    return found


def test_the_unreachable_rules_are_unreachable() -> None:
    keywords = set().union(*(_keywords(schema) for schema in load_schemas().values()))
    assert not keywords & {"enum", "const"}, UNREACHABLE["ITL106"]
    assert keywords <= EXPLAINED, UNREACHABLE["ITL107"]
