"""The validity gate: jsonschema-rs may only skip jsonschema for objects without findings.

The differential test generates valid objects and mutations of them and checks
that the gate and jsonschema agree on validity in both profiles. The remaining
tests show that output is the same with the gate on and off.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutation import mutate, paths

from imagetag_lint import validate
from imagetag_lint.checking import gate, validation
from imagetag_lint.cli import main
from imagetag_lint.openshift.schemas import FORMATS

jsonschema_rs = pytest.importorskip("jsonschema_rs")

OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
OBJECT: dict[str, Any] = {
    "apiVersion": "image.openshift.io/v1",
    "kind": "ImageTag",
    "metadata": {
        "name": "app:v1",
        "namespace": "demo",
        "creationTimestamp": "2024-05-01T12:00:00Z",
        "labels": {"team": "a"},
        "generation": 3,
    },
    "spec": {
        "name": "v1",
        "from": {"kind": "DockerImage", "name": "quay.io/org/app:1.0"},
        "referencePolicy": {"type": "Source"},
        "importPolicy": {"scheduled": True, "importMode": "Legacy"},
        "generation": 2,
    },
    "status": {
        "tag": "v1",
        "items": [
            {
                "created": "2024-05-01T12:00:00Z",
                "dockerImageReference": "quay.io/org/app@sha256:" + "a" * 64,
                "image": "sha256:" + "a" * 64,
                "generation": 2,
            }
        ],
        "conditions": [
            {
                "type": "ImportSuccess",
                "status": "False",
                "generation": 2,
                "lastTransitionTime": "2024-05-01T12:00:00+02:00",
            }
        ],
    },
    "image": {
        "metadata": {"name": "sha256:" + "a" * 64},
        "dockerImageReference": "quay.io/org/app@sha256:" + "a" * 64,
        "dockerImageLayers": [
            {"name": "sha256:" + "b" * 64, "size": 1024, "mediaType": OCI_LAYER},
        ],
        "signatures": [{"type": "atomic", "content": "aGVsbG8=", "created": None}],
    },
}

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**65), max_value=2**65),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "2024-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2024-01-01T24:00:00Z",
            "2024-01-01t00:00:00z",
            "2024-01-01T00:00:00.123-07:30",
            "2024-01-01 00:00:00Z",
            "aGVsbG8=",
            "aGVsbG8",
            "aGVs\nbG8=",
            "",
            "Source",
            "v1",
        ]
    ),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)


PATHS = [p for p in paths(OBJECT) if p]
MUTATION = st.tuples(
    st.sampled_from(PATHS),
    st.sampled_from(["replace", "delete", "add"]),
    VALUES,
    st.text(max_size=6),
)


def _jsonschema_valid(obj: Any, profile: str) -> bool:
    return next(iter(validation.validator("ImageTag", profile).iter_errors(obj)), None) is None


def test_gate_is_on_when_jsonschema_rs_is_installed() -> None:
    assert gate.enabled()


@pytest.mark.parametrize("profile", validation.PROFILES)
def test_the_valid_object_passes_both(profile: str) -> None:
    assert _jsonschema_valid(OBJECT, profile)
    assert gate.known_valid(OBJECT, "ImageTag", profile)


# Three times the profile's budget: 300 examples in the full run (see tests/conftest.py).
@settings(
    max_examples=3 * settings().max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(st.lists(MUTATION, min_size=1, max_size=3))
def test_gate_and_jsonschema_agree_on_validity(
    mutations: list[tuple[tuple[Any, ...], str, Any, str]],
) -> None:
    obj = copy.deepcopy(OBJECT)
    for path, how, value, key in mutations:
        try:
            mutate(obj, path, how, value, key)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    for profile in validation.PROFILES:
        assert gate.known_valid(obj, "ImageTag", profile) == _jsonschema_valid(obj, profile)


@pytest.mark.parametrize(
    "value",
    [2**64, -(2**63) - 1, float("nan"), float("inf")],
)
def test_values_beyond_jsonschema_rs_fall_back_to_jsonschema(value: Any) -> None:
    obj = copy.deepcopy(OBJECT)
    obj["spec"]["generation"] = value
    assert not gate.known_valid(obj, "ImageTag", "manifest")
    expected = {2**64: ["ITL105"], -(2**63) - 1: ["ITL105"]}.get(value, ["ITL101"])
    if value == float("inf"):
        expected = ["ITL101", "ITL105"]
    # The gate is about the schema layer: its codes are the ITL1xx ones.
    assert [d.code for d in validate(obj) if d.code.startswith("ITL1")] == expected


def test_non_string_keys_fall_back_to_jsonschema() -> None:
    obj = copy.deepcopy(OBJECT)
    obj["metadata"]["labels"] = {1: "a"}
    assert not gate.known_valid(obj, "ImageTag", "manifest")


INVALID = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
  creationTimestamp: 2024-13-01T00:00:00Z
spec:
  name: v1
  referencPolicy: {type: Local}
  from: {kind: DockerImage, name: quay.io/org/app:1.0}
---
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v2}
spec: {name: v2, generation: "3"}
---
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v3}
spec: {name: v3}
"""


def _run(path: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([path])
    out, err = capsys.readouterr()
    return code, out, err


def test_output_is_the_same_with_the_gate_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mixed.yaml"
    path.write_text(INVALID, encoding="utf-8")
    with_gate = _run(str(path), capsys)
    monkeypatch.setattr(gate, "_mode", lambda: "off")
    assert not gate.enabled()
    assert _run(str(path), capsys) == with_gate
    assert with_gate[0] == 1
    assert with_gate[1] == (
        f"{path}:5:22: error: ITL104 metadata.creationTimestamp: "
        '"2024-13-01T00:00:00Z" is not an RFC 3339 time (for example 2024-05-01T12:00:00Z)\n'
        f"{path}:8:3: error: ITL102 spec.referencPolicy: unknown field"
        ' (did you mean "referencePolicy"?)\n'
        f"{path}:14:18: warning: ITL313 spec.generation: is set by the server (the image stream's"
        " generation when the tag changes): remove it from the manifest\n"
        f'{path}:14:30: error: ITL101 spec.generation: expected integer, got string "3"\n'
    )


def test_gate_can_be_switched_off_by_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMAGETAG_LINT_GATE", "off")
    gate._mode.cache_clear()
    gate._checker_factory.cache_clear()
    try:
        assert not gate.enabled()
        assert not gate.known_valid(OBJECT, "ImageTag", "manifest")
        assert gate.failing(OBJECT, "ImageTag", "manifest", frozenset()) is None
        assert [d for d in validate(OBJECT) if d.code.startswith("ITL1")] == []
    finally:
        monkeypatch.delenv("IMAGETAG_LINT_GATE")
        gate._mode.cache_clear()
        gate._checker_factory.cache_clear()
    assert gate.enabled()


@pytest.mark.parametrize("name", sorted(gate.STRICT_FORMATS))
@settings(deadline=None)
@given(data=st.data())
def test_strict_format_patterns_accept_only_what_the_format_accepts(
    name: str, data: st.DataObject
) -> None:
    """The gate checks formats by pattern; a string it lets through must be valid."""
    pattern = gate.STRICT_FORMATS[name]
    text = data.draw(st.from_regex(pattern.removesuffix("$") + r"\Z", fullmatch=True))
    assert FORMATS[name](text)


@pytest.mark.parametrize(
    ("name", "text", "valid"),
    [
        ("date-time", "2024-05-01T12:00:00Z", True),
        ("date-time", "2024-12-31T23:59:59.123456+05:30", True),
        ("date-time", "2024-02-29T00:00:00Z", False),  # a leap day: the slow path decides
        ("date-time", "2023-04-31T00:00:00Z", False),
        ("date-time", "2024-05-01t12:00:00z", False),
        ("date-time", "2024-05-01T12:00:00Z\n", False),
        ("byte", "aGVsbG8=", True),
        ("byte", "", True),
        ("byte", "aGVsbG8", False),
        ("byte", "aGVs\nbG8=", False),
    ],
)
def test_strict_format_patterns(name: str, text: str, valid: bool) -> None:
    validator = jsonschema_rs.Draft202012Validator({"pattern": gate.STRICT_FORMATS[name]})
    assert validator.is_valid(text) is valid


def test_the_compiled_checks_answer_first_and_jsonschema_rs_once_many_are_expected(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(gate, "_checked", 0)
    monkeypatch.setattr(gate, "_mode", lambda: "auto")
    used: list[str] = []
    monkeypatch.setattr(gate, "_rs_failing", lambda *args: used.append("rs") or frozenset())
    codes = frozenset({"ITL212"})
    assert gate.failing(OBJECT, "ImageTag", "manifest", codes) == frozenset()
    assert used == []
    assert gate._checked == 1
    gate.expect_many()
    assert gate.failing(OBJECT, "ImageTag", "manifest", codes) == frozenset()
    assert used == ["rs"]


def test_a_run_over_many_files_expects_many_objects(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(gate, "_checked", 0)
    for number in range(gate.SMALL_RUN - 1):
        (tmp_path / f"{number}.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    main(["--isolated", str(tmp_path)])
    assert gate._checked == 0  # nothing of ours: no object checked, none expected
    (tmp_path / "last.yaml").write_text("kind: ConfigMap\n", encoding="utf-8")
    main(["--isolated", str(tmp_path)])
    assert gate._checked == gate.SMALL_RUN
    capsys.readouterr()
