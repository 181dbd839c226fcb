"""Direct checks (rules.direct): True only when the rules they cover have nothing to say.

The differential tests in test_fast_accept.py compare whole reports with the gate on
and off; these hold each direct check to its rules one object at a time, read the
places it reads against the type graph, and make sure the engine uses it.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import gate_mode, mutate, paths

from imagetag_lint import validate
from imagetag_lint.checking.engine import _rules_for
from imagetag_lint.loading.documents import LoadFailure, load_documents
from imagetag_lint.openshift import typegraph
from imagetag_lint.openshift.kinds import targets
from imagetag_lint.ruledocs import examples
from imagetag_lint.rules import BY_CODE, RULES, Scope
from imagetag_lint.rules.direct import DIRECT, NOTHING_LEFT

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ("manifest", "object")


def _objects(text: str) -> list[tuple[str, dict[str, Any]]]:
    return [
        (target.type_name, copy.deepcopy(dict(target.obj)))
        for document in load_documents(text)
        if not isinstance(document, LoadFailure)
        for target in targets(document.data)
    ]


# Every object of a kind with a direct check: the shipped examples, the real-world
# manifests and every rule's documented examples, clean or not.
OBJECTS = [
    (kind, obj)
    for path in sorted([*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/realworld/**/*.yaml")])
    for kind, obj in _objects(path.read_text(encoding="utf-8"))
    if kind in DIRECT
] + [
    (kind, obj)
    for item in RULES
    for example in examples(item)
    for kind, obj in _objects(example.text)
    if kind in DIRECT
]


def _said(kind: str, obj: dict[str, Any], profile: str) -> set[str]:
    """What the rules a direct check covers say about ``obj``, with the gate off."""
    with gate_mode("off"):
        found = validate(obj, profile=profile)
    return {d.code for d in found} & DIRECT[kind].covers


def test_there_are_objects_of_every_kind_with_a_direct_check() -> None:
    assert {kind for kind, _ in OBJECTS} == set(DIRECT)
    assert len(OBJECTS) > 100


@pytest.mark.parametrize("profile", PROFILES)
def test_a_direct_check_is_true_only_when_its_rules_say_nothing(profile: str) -> None:
    answered = {True: 0, False: 0}
    for kind, obj in OBJECTS:
        quiet = DIRECT[kind].check(obj, profile)
        answered[quiet] += 1
        if quiet:
            assert _said(kind, obj, profile) == set(), json.dumps(obj)
    assert answered[True] > 50  # it answers for most objects, not for none
    assert answered[False] > 5  # and the examples of its rules' failures reach it


@pytest.mark.parametrize("profile", PROFILES)
def test_it_is_false_for_every_failing_example_of_its_rules(profile: str) -> None:
    for kind, direct in DIRECT.items():
        for code in direct.covers:
            for example in examples(BY_CODE[code]):
                if not example.fails or example.options.get("profile", profile) != profile:
                    continue
                for found_kind, obj in _objects(example.text):
                    if found_kind == kind and _said(kind, obj, profile):
                        assert not direct.check(obj, profile), (code, example.text)


SEEDS = [(kind, obj) for kind, obj in OBJECTS if DIRECT[kind].check(obj, "object")]
VALUES = st.sampled_from(
    [
        None,
        "",
        "v1",
        "v2",
        "latest",
        "app:v1",
        "app:",
        "app",
        "2024-05-01T12:00:00Z",
        "2024-06-01T12:00:00Z",
        "2024-05-01T12:00:00+02:00",
        "2024-05-01T12:00:00.5Z",
        17,
        {},
        [],
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_objects_keep_the_direct_checks_sufficient(data: st.DataObject) -> None:
    kind, seed = data.draw(st.sampled_from(SEEDS))
    obj = copy.deepcopy(seed)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        places = [path for path in paths(obj) if path]
        if not places:
            break
        how = data.draw(st.sampled_from(["set", "delete", "add", "copy"]))
        key = data.draw(st.sampled_from(["name", "tag", "created", "items", "tags"]))
        value = copy.deepcopy(data.draw(VALUES))  # never the shared one
        mutate(obj, data.draw(st.sampled_from(places)), how, value, key)
    for profile in PROFILES:
        if DIRECT[kind].check(obj, profile):
            assert _said(kind, obj, profile) == set(), json.dumps(obj)


def _pointers(root: str, wanted: str) -> set[str]:
    """Where the type graph puts ``wanted`` inside an object of type ``root``."""
    found = set()
    todo = [(root, "", 0)]
    while todo:
        type_name, pointer, depth = todo.pop()
        if type_name == wanted:
            found.add(pointer)
        if depth < 12:
            for edge in typegraph.type_graph().get(type_name, ()):
                step = f"{pointer}/{edge.prop}" + ("/*" if edge.many else "")
                todo.append((edge.target, step, depth + 1))
    return found


@pytest.mark.parametrize("kind", sorted(DIRECT))
def test_a_direct_check_reads_where_the_type_graph_puts_its_rules_types(kind: str) -> None:
    expected: dict[str, set[str]] = {}
    for code in DIRECT[kind].covers:
        rule = BY_CODE[code]
        for type_name in rule.types:
            where = {""} if rule.scope is Scope.ROOT and type_name == kind else set()
            if rule.scope is not Scope.ROOT:
                where = _pointers(kind, type_name)
            if where:
                expected.setdefault(type_name, set()).update(where)
    assert {name: set(where) for name, where in DIRECT[kind].reads.items()} == expected


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize(
    "kind", ["ImageTag", "ImageStream", "ImageStreamTag", "ImageStreamImport", "Image"]
)
def test_the_default_plans_use_a_direct_check(kind: str, profile: str) -> None:
    """A rule without ``accept`` added later must be added to the direct check (or this
    test told why not): otherwise the kind silently loses its fast path."""
    direct = _rules_for(None, frozenset(), kind, False, profile, False, ()).direct
    # An ImageStreamTag holds none of the residual rules' types.
    assert direct is (NOTHING_LEFT if kind == "ImageStreamTag" else DIRECT[kind])
    # Text with a leading-zero number brings in ITL350, which no direct check covers.
    assert _rules_for(None, frozenset(), kind, False, profile, True, ()).direct is None
