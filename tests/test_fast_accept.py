"""Fast accept, slow explain: the gate may make a run faster, never different.

Every input here is linted three times, with the gate's compiled Python checks, with
jsonschema-rs and with the gate off (as ``IMAGETAG_LINT_GATE=python``, ``rs`` and ``off``
do), and the reports must be identical: the shipped
examples, the real-world manifests, every rule's documented examples, a slice of
the generated benchmark corpus, and generated mutations of clean objects of
every kind.
"""

from __future__ import annotations

import collections
import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import GATE_MODES, gate_mode, mutate, paths

from imagetag_lint import lint_path, validate
from imagetag_lint.checking import gate
from imagetag_lint.cli import main
from imagetag_lint.loading.documents import LoadFailure, load_documents
from imagetag_lint.openshift.kinds import targets
from imagetag_lint.ruledocs import examples
from imagetag_lint.rules import RULES
from imagetag_lint.settings import DEFAULT_MAX_FILE_SIZE, AllowedRegistry, Settings

pytest.importorskip("jsonschema_rs")

ROOT = Path(__file__).resolve().parents[1]


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*args, "--isolated", "--format", "json"])
    out, err = capsys.readouterr()
    return code, out, err


def _same_every_way(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    reports = []
    for mode in GATE_MODES:
        with gate_mode(mode):
            reports.append(_cli(args, capsys))
    assert reports[0] == reports[1] == reports[2]
    return reports[0]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small slice of the seeded benchmark corpus (bench/gen_corpus.py)."""
    out = tmp_path_factory.mktemp("corpus")
    command = [sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--out", str(out)]
    sizes = ["--files", "40", "--stream-docs", "150", "--invalid", "60", "--manifests", "80"]
    subprocess.run([*command, *sizes], check=True, capture_output=True)
    return out


def test_the_gate_is_on() -> None:
    assert gate.enabled()
    assert gate._mode() == "auto"


def test_examples_are_reported_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _same_every_way([str(ROOT / "examples")], capsys)
    assert code == 1
    assert '"ITL' in out


def test_real_world_manifests_are_reported_the_same(capsys: pytest.CaptureFixture[str]) -> None:
    _same_every_way([str(ROOT / "tests" / "realworld")], capsys)


@pytest.mark.parametrize(
    ("folder", "profile"),
    [
        ("files/yaml", "object"),
        ("files/json", "object"),
        ("invalid/yaml", "object"),
        ("invalid/yaml", "manifest"),
        ("manifests/yaml", "manifest"),
        ("stream.yaml", "object"),
    ],
)
def test_the_corpus_is_reported_the_same(
    corpus: Path, folder: str, profile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _same_every_way([str(corpus / folder), "--profile", profile], capsys)


def test_clean_corpus_objects_take_the_fast_path(corpus: Path) -> None:
    """Not needed for identical output, but the point of the gate: the fragments are
    not so strict that the realistic clean objects miss the fast path."""
    from imagetag_lint.checking.engine import _rules_for

    documents = [
        item
        for path in sorted((corpus / "files" / "yaml").glob("*.yaml"))
        for item in load_documents(path.read_text(encoding="utf-8"))
    ]
    assert len(documents) == 40
    plan = _rules_for(None, frozenset(), "ImageTag", False, "object")
    clean = 0
    for document in documents:
        assert not isinstance(document, LoadFailure)
        if validate(document.data, profile="object") == []:
            clean += 1
            assert gate.accepts(document.data, "ImageTag", "object", plan.accepted)
    assert clean >= 20


def _rule_examples() -> list[Any]:
    return [
        pytest.param(example.text, example.options, id=f"{item.code}-{number}")
        for item in RULES
        for number, example in enumerate(examples(item), start=1)
        if "update" not in example.options and "encoding" not in example.options
    ]


@pytest.mark.parametrize(("text", "options"), _rule_examples())
def test_rule_examples_are_reported_the_same(
    text: str, options: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / options.get("filename", "example.yaml")
    path.write_text(text, encoding="utf-8")
    registries = options.get("allowed-registries")
    settings = Settings(
        profile=options.get("profile", "manifest"),
        allowed_registries=None
        if registries is None
        else tuple(AllowedRegistry(name.strip()) for name in registries.split(",")),
        max_file_size=int(options.get("max-file-size", DEFAULT_MAX_FILE_SIZE)),
    )
    reports = []
    for mode in GATE_MODES:
        with gate_mode(mode):
            reports.append(lint_path(path, settings=settings))
    assert reports[0] == reports[1] == reports[2]


def _objects(text: str) -> list[dict[str, Any]]:
    return [
        dict(target.obj)
        for document in load_documents(text)
        if not isinstance(document, LoadFailure)
        for target in targets(document.data)
    ]


# Clean objects of every kind: the shipped valid examples and the documented Passes ones.
SEEDS: list[dict[str, Any]] = [
    obj
    for path in sorted((ROOT / "examples" / "valid").glob("*.yaml"))
    for obj in _objects(path.read_text(encoding="utf-8"))
] + [
    obj
    for item in RULES
    for example in examples(item)
    if not example.fails and set(example.options) <= {"profile"}
    for obj in _objects(example.text)
]

DIGEST = "sha256:" + "a" * 64
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=2**40),
    st.sampled_from(
        [
            "",
            " ",
            "latest",
            "v1",
            "app:v1",
            "app",
            "Source",
            "Local",
            "Legacy",
            "PreserveOriginal",
            "DockerImage",
            "ImageStreamTag",
            "ImageStreamImage",
            "True",
            "False",
            "Unknown",
            "ImportSuccess",
            DIGEST,
            "sha256:abc",
            "sha512:" + "b" * 128,
            "quay.io/org/app:1.0",
            "quay.io/org/app@" + DIGEST,
            "Quay.io/Org/App",
            "registry:5000/a/b:c",
            "2024-05-01T12:00:00Z",
            "2024-13-01T00:00:00Z",
            "application/vnd.oci.image.layer.v1.tar+gzip",
            "application/vnd.docker.image.rootfs.diff.tar.gzip",
            "application/x-unknown",
            "not a type",
            "example.com/key",
            "-bad-",
            "a" * 70,
            "aGVsbG8=",
            "1.0",
            "1.0",
            "atomic",
            "v1",
            "1.0",
            "image.openshift.io/v1",
        ]
    ),
    st.text(max_size=6),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=2) | st.dictionaries(st.text(max_size=6), inner, max_size=2)
    ),
    max_leaves=4,
)


@st.composite
def _mutated(draw: st.DrawFn) -> dict[str, Any]:
    obj = copy.deepcopy(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        places = [path for path in paths(obj) if path]
        if not places:
            break
        path = draw(st.sampled_from(places))
        how = draw(st.sampled_from(["replace", "delete", "add", "copy"]))
        key = draw(st.sampled_from(["name", "tag", "kind", "labels", "x", "from", "image"]))
        try:
            mutate(obj, path, how, draw(VALUES), key)
        except (KeyError, IndexError, TypeError):
            continue
    return obj


def test_every_kind_is_seeded() -> None:
    kinds = {seed["kind"] for seed in SEEDS}
    assert kinds >= {"ImageTag", "ImageStream", "ImageStreamTag", "ImageStreamImport", "Image"}


@settings(
    max_examples=3 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(_mutated(), st.sampled_from(["manifest", "object"]))
def test_mutated_objects_are_reported_the_same(obj: dict[str, Any], profile: str) -> None:
    reports = []
    for mode in GATE_MODES:
        with gate_mode(mode):
            reports.append(validate(obj, profile=profile))
    assert reports[0] == reports[1] == reports[2]


class _Text(str):
    """A string of a caller's own type (an enum member's value, a YAML library's scalar)."""


def _exotic(value: Any, how: str) -> Any:
    """``value`` with its mappings, lists or strings of types a caller might pass."""
    if isinstance(value, dict):
        items = {key: _exotic(item, how) for key, item in value.items()}
        return collections.OrderedDict(items) if how == "dict subclass" else items
    if isinstance(value, list):
        items = [_exotic(item, how) for item in value]
        return tuple(items) if how == "tuple" else items
    if isinstance(value, str) and how == "str subclass":
        return _Text(value)
    return value


@pytest.mark.parametrize("how", ["dict subclass", "tuple", "str subclass"])
@pytest.mark.parametrize("profile", ["manifest", "object"])
def test_values_of_other_python_types_are_reported_the_same(how: str, profile: str) -> None:
    """validate() takes whatever a caller built: the gate judges only plain JSON values."""
    for seed in SEEDS:
        obj = _exotic(seed, how)
        reports = []
        for mode in GATE_MODES:
            with gate_mode(mode):
                reports.append(validate(obj, profile=profile))
        assert reports[0] == reports[1] == reports[2], seed.get("kind")
