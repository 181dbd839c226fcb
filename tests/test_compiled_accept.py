"""The compiled accept checks (``checking.compiled``): current, and answering as jsonschema-rs.

The whole-run differential tests (``tests/test_fast_accept.py``) hold the reports
equal with either engine; these tests hold the engines' answers to each other
object by object, so a disagreement is found where it starts.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import mutate, paths

from imagetag_lint.checking import acceptcode, compiled, gate
from imagetag_lint.loading.documents import LoadFailure, load_documents
from imagetag_lint.openshift import typegraph
from imagetag_lint.openshift.kinds import IMAGE_KINDS, targets
from imagetag_lint.openshift.schemas import PROFILES
from imagetag_lint.ruledocs import examples
from imagetag_lint.rules import RULES

pytest.importorskip("jsonschema_rs")

ROOT = Path(__file__).resolve().parents[1]
KINDS_AND_PROFILES = [(kind, profile) for kind in IMAGE_KINDS for profile in PROFILES]


def test_the_committed_modules_are_current() -> None:
    assert acceptcode.main(["--check"]) == 0


def test_the_type_graph_table_is_the_graph_of_the_schemas() -> None:
    assert typegraph.type_graph() == typegraph.derive()


@pytest.mark.parametrize(("kind", "profile"), KINDS_AND_PROFILES)
def test_each_module_consults_what_a_default_plan_asks(kind: str, profile: str) -> None:
    from imagetag_lint.checking.engine import _rules_for

    loaded = compiled.load(kind, profile)
    assert loaded is not None
    assert _rules_for(None, frozenset(), kind, False, profile).accepted <= loaded[1]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^a$", "^a\\Z"),
        ("(?::|$)", "(?::|\\Z)"),
        ("^[$a]+$", "^[$a]+\\Z"),
        ("^\\$$", "^\\$\\Z"),
        ("^[\\]$]$", "^[\\]$]\\Z"),
    ],
)
def test_a_pattern_ends_only_at_the_very_end(pattern: str, expected: str) -> None:
    assert acceptcode.pattern_source(pattern) == expected
    assert re.search(acceptcode.pattern_source("^a$"), "a\n") is None


@pytest.mark.parametrize(
    ("schema", "message"),
    [
        ({"uniqueItems": True}, "keywords the compiler does not know: ['uniqueItems']"),
        ({"format": "date-time"}, "format 'date-time' is not compiled"),
        ({"$ref": "https://example.com/x"}, "$ref 'https://example.com/x'"),
    ],
)
def test_what_the_compiler_does_not_know_fails_the_build(schema: Any, message: str) -> None:
    compiler = acceptcode._Compiler({"$defs": {}}, {}, frozenset())
    with pytest.raises(ValueError, match=re.escape(message)):
        compiler._schema(schema)


@pytest.mark.parametrize(
    ("value", "values", "expected"),
    [
        (1, (1.0,), True),
        (True, (1,), False),
        (1, (True,), False),
        (None, ("", None), True),
        ("", (None,), False),
        ({"a": [1]}, ({"a": [1.0]},), True),
        ([1, 2], ([1],), False),
    ],
)
def test_enum_and_const_compare_as_json(
    value: Any, values: tuple[Any, ...], expected: bool
) -> None:
    assert compiled.json_in(value, values) is expected


def _objects(text: str) -> list[tuple[str, Any]]:
    return [
        (target.type_name, target.obj)
        for document in load_documents(text)
        if not isinstance(document, LoadFailure)
        for target in targets(document.data)
    ]


def _answers(kind: str, obj: Any, profile: str) -> tuple[Any, Any]:
    codes = acceptcode.accept_codes(kind, profile)
    loaded = compiled.load(kind, profile)
    assert loaded is not None
    return loaded[0](obj), gate._rs_failing(obj, kind, profile, codes)


def _assert_sound(kind: str, obj: Any, profile: str) -> tuple[Any, Any]:
    """What the compiled check puts down to rules, jsonschema-rs accepts without them."""
    python, rs = _answers(kind, obj, profile)
    if python is not None:
        rest = acceptcode.accept_codes(kind, profile) - python
        assert gate._rs_failing(obj, kind, profile, rest) == frozenset(), (kind, profile, python)
    return python, rs


@pytest.fixture(scope="module")
def corpus_objects(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, Any]]:
    out = tmp_path_factory.mktemp("corpus")
    command = [sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--out", str(out)]
    sizes = ["--files", "60", "--stream-docs", "10", "--invalid", "120", "--manifests", "120"]
    subprocess.run([*command, *sizes], check=True, capture_output=True)
    files = [
        *sorted(out.glob("*/yaml/*.yaml")),
        *sorted((ROOT / "tests" / "realworld").rglob("*.yaml")),
        *sorted((ROOT / "examples").rglob("*.yaml")),
    ]
    found = [
        item
        for path in files
        for item in _objects(path.read_text(encoding="utf-8", errors="replace"))
    ]
    found += [
        item for rule in RULES for example in examples(rule) for item in _objects(example.text)
    ]
    assert {kind for kind, _ in found} == set(IMAGE_KINDS)
    return found


@pytest.mark.parametrize("profile", PROFILES)
def test_both_engines_give_the_same_answers(
    corpus_objects: list[tuple[str, Any]], profile: str
) -> None:
    """The corpus, the real-world manifests, the examples and every rule example."""
    differ = []
    for kind, obj in corpus_objects:
        python, rs = _assert_sound(kind, obj, profile)
        if python != rs:
            differ.append((kind, python, rs))
    assert differ == []


SEEDS = [
    copy.deepcopy(obj)
    for path in sorted((ROOT / "examples").rglob("*.yaml"))
    for _, obj in _objects(path.read_text(encoding="utf-8"))
]
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=2**70),
    st.floats(allow_nan=False),
    st.sampled_from(["", "a:b", "quay.io/org/app:1.0", "sha256:" + "a" * 64, "x\n", "Local"]),
    st.text(max_size=5),
    st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
    st.lists(st.text(max_size=4), max_size=2),
)


@settings(
    max_examples=3 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.sampled_from(SEEDS), st.data(), st.sampled_from(PROFILES))
def test_mutated_objects_are_judged_soundly(seed: Any, data: st.DataObject, profile: str) -> None:
    obj = copy.deepcopy(seed)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        places = [path for path in paths(obj) if path]
        if not places:
            break
        path = data.draw(st.sampled_from(places))
        how = data.draw(st.sampled_from(["replace", "delete", "add", "copy"]))
        key = data.draw(st.sampled_from(["name", "tag", "kind", "x", "from", "generation"]))
        try:
            mutate(obj, path, how, data.draw(VALUES), key)
        except (KeyError, IndexError, TypeError):
            continue
    kind = obj.get("kind") if isinstance(obj, dict) else None
    if kind in IMAGE_KINDS:
        _assert_sound(kind, obj, profile)


@pytest.mark.parametrize("error", [compiled.Unsure, RecursionError, KeyError])
def test_a_value_the_check_cannot_answer_for_takes_the_slow_path(error: type[Exception]) -> None:
    def check(value: Any) -> frozenset[str] | None:
        raise error()

    assert compiled._guarded(check)({"kind": "ImageTag"}) is None
    assert compiled._guarded(lambda value: frozenset({"ITL212"}))({}) == frozenset({"ITL212"})
