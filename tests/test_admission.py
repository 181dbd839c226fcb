"""admission.review(): AdmissionReview v1 responses, exact to the member."""

from __future__ import annotations

import copy
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rules._helpers import valid_tag_object
from rules.test_examples import _cases, _lint

from imagetag_lint import Diagnostic, Settings, Severity, lint_path, validate
from imagetag_lint.ruledocs import Example
from imagetag_lint.rules import Rule
from imagetag_lint.serving.admission import (
    MAX_WARNING,
    aggregate,
    review,
    warning_line,
    warning_lines,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
V1 = {"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview"}
UID = "705ab4f5-6393-11e8-b7cc-42010a800002"
# ITL313: a create that sets spec.generation is warned (the server overwrites it). The
# whole message is 126 characters with its code: the warning drops the aside to fit 120.
GENERATION_WARNING = "ITL313 spec.generation: is set by the server: remove it from the manifest"
LOCAL = (
    'spec.referencePolicy.type: "local" is not valid: valid values are "Source", "Local"'
    ' (did you mean "Local"?)'
)
# Rules whose message does not fit a warning even as its first clause alone.
TOO_LONG_ALONE: dict[str, str] = {}


def request(operation: str, obj: Any, old: Any = None, **extra: Any) -> dict[str, Any]:
    inner = {
        "uid": UID,
        "kind": {"group": "image.openshift.io", "version": "v1", "kind": "ImageTag"},
        "resource": {"group": "image.openshift.io", "version": "v1", "resource": "imagetags"},
        "name": "app:v1",
        "namespace": "demo",
        "operation": operation,
        "userInfo": {"username": "dev"},
        "object": obj,
        "oldObject": old,
        "dryRun": False,
        **extra,
    }
    return {**V1, "request": inner}


def response(**members: Any) -> dict[str, Any]:
    return {**V1, "response": {"uid": UID, **members}}


def denied(message: str, code: int = 422, reason: str = "Invalid") -> dict[str, Any]:
    return response(allowed=False, status={"code": code, "reason": reason, "message": message})


def test_a_valid_create_is_allowed() -> None:
    assert review(request("CREATE", valid_tag_object())) == response(allowed=True)


def test_an_invalid_create_is_denied_with_422() -> None:
    answer = review(request("CREATE", valid_tag_object(referencePolicy={"type": "local"})))
    assert answer == denied(LOCAL)


def test_all_errors_are_aggregated_in_one_message() -> None:
    obj = valid_tag_object(referencePolicy={"type": "local"}, generation="3", referencPolicy={})
    assert review(request("CREATE", obj)) == response(
        allowed=False,
        status={
            "code": 422,
            "reason": "Invalid",
            "message": '3 problems: spec.generation: expected integer, got string "3"; '
            'spec.referencPolicy: unknown field (did you mean "referencePolicy"?); ' + LOCAL,
        },
        warnings=[GENERATION_WARNING],
    )


def test_warnings_are_code_path_and_message() -> None:
    settings = Settings(severities=MappingProxyType({"ITL201": Severity.WARNING}))
    obj = valid_tag_object(referencePolicy={"type": "local"})
    assert review(request("CREATE", obj), settings=settings) == response(
        allowed=True, warnings=["ITL201 " + LOCAL]
    )


def test_errors_and_warnings_together() -> None:
    settings = Settings(severities=MappingProxyType({"ITL201": Severity.WARNING}))
    obj = valid_tag_object(referencePolicy={"type": "local"}, generation="3")
    assert review(request("CREATE", obj), settings=settings) == response(
        allowed=False,
        status={
            "code": 422,
            "reason": "Invalid",
            "message": 'spec.generation: expected integer, got string "3"',
        },
        warnings=["ITL201 " + LOCAL, GENERATION_WARNING],
    )


def test_update_with_old_object_applies_the_update_rules() -> None:
    old = valid_tag_object()
    old["status"] = {"tag": "v1", "items": [{"created": "2024-05-01T12:00:00Z"}]}
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {"team": "web"}
    new["spec"]["name"] = ""
    del new["status"]
    assert review(request("UPDATE", new, old)) == denied(
        "3 problems: "
        'spec.name: must match image tag name (an update does not fill it in; set it to "v1"); '
        "metadata: may not update fields other than spec (labels differ from the stored object); "
        "status: may not update fields other than spec (it is missing; send the stored status)"
    )


def test_an_unchanged_update_is_allowed() -> None:
    assert review(request("UPDATE", valid_tag_object(), valid_tag_object())) == response(
        allowed=True
    )


def test_the_same_changes_are_fine_on_create() -> None:
    new = valid_tag_object()
    new["metadata"]["labels"] = {"team": "web"}
    new["spec"]["name"] = ""
    assert review(request("CREATE", new)) == response(
        allowed=True,
        warnings=["ITL312 metadata.labels: labels of an ImageTag are never stored"],
    )


def test_an_update_gets_no_warnings_about_what_a_create_drops() -> None:
    old = valid_tag_object(generation=2)
    old["metadata"]["labels"] = {"team": "web"}
    old["status"] = {"tag": "v1", "items": [{"created": "2024-05-01T12:00:00Z"}]}
    assert [d.code for d in validate(old)] == ["ITL310", "ITL312", "ITL313"]
    assert review(request("UPDATE", copy.deepcopy(old), old)) == response(allowed=True)


def test_update_without_old_object_gets_the_create_checks() -> None:
    obj = valid_tag_object(referencePolicy={"type": "local"})
    assert review(request("UPDATE", obj)) == denied(LOCAL)


@pytest.mark.parametrize("operation", ["DELETE", "CONNECT"])
def test_delete_and_connect_are_allowed(operation: str) -> None:
    broken = valid_tag_object(referencePolicy={"type": "local"})
    assert review(request(operation, None, broken)) == response(allowed=True)


@pytest.mark.parametrize(
    "obj",
    [
        {"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "three"}},
        {"apiVersion": "image.openshift.io/v1", "kind": "ImageStreamMapping", "tag": 1},
        {"apiVersion": "kustomize.config.k8s.io/v1beta1", "kind": "ImageTag", "spec": 1},
    ],
)
def test_objects_of_other_kinds_are_allowed_untouched(obj: dict[str, Any]) -> None:
    before = copy.deepcopy(obj)
    assert review(request("CREATE", obj)) == response(allowed=True)
    assert obj == before


def test_image_streams_are_checked_too() -> None:
    stream = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageStream",
        "metadata": {"name": "app", "namespace": "demo"},
        "spec": {"x": 1},
    }
    assert review(request("CREATE", stream)) == denied("spec.x: unknown field")


@pytest.mark.parametrize(
    ("body", "uid", "message"),
    [
        ([1, 2], "", "malformed review: expected a JSON object"),
        ("text", "", "malformed review: expected a JSON object"),
        (
            {"apiVersion": "admission.k8s.io/v1beta1", "kind": "AdmissionReview", "request": {}},
            "",
            "malformed review: expected apiVersion admission.k8s.io/v1 and kind AdmissionReview",
        ),
        ({**V1}, "", "malformed review: request is missing"),
        ({**V1, "request": []}, "", "malformed review: request is missing"),
        (
            {**V1, "request": {"operation": "CREATE"}},
            "",
            "malformed review: request.uid is missing",
        ),
        ({**V1, "request": {"uid": 5}}, "", "malformed review: request.uid is missing"),
        (
            {**V1, "request": {"uid": UID, "operation": "PATCH"}},
            UID,
            "malformed review: request.operation must be one of CONNECT, CREATE, DELETE, UPDATE,"
            " got 'PATCH'",
        ),
        (
            {**V1, "request": {"uid": UID, "operation": "CREATE", "object": "x"}},
            UID,
            "malformed review: request.object must be an object for CREATE",
        ),
        (
            {**V1, "request": {"uid": UID, "operation": "UPDATE", "object": {}, "oldObject": 3}},
            UID,
            "malformed review: request.oldObject must be an object",
        ),
    ],
)
def test_a_malformed_review_gets_a_400_response(body: Any, uid: str, message: str) -> None:
    assert review(body) == {
        **V1,
        "response": {
            "uid": uid,
            "allowed": False,
            "status": {"code": 400, "reason": "BadRequest", "message": message},
        },
    }


def test_aggregate_is_bounded_and_counts_what_it_leaves_out() -> None:
    messages = [f"spec.field{i}: " + "x" * 40 for i in range(60)]
    text = aggregate(messages, limit=200)
    assert len(text) <= 200
    assert text == (
        "60 problems: spec.field0: " + "x" * 40 + "; spec.field1: " + "x" * 40
        + "; spec.field2: " + "x" * 40 + "; and 57 more"
    )  # fmt: skip


def test_aggregate_shortens_a_single_long_message() -> None:
    assert aggregate(["a" * 300], limit=100) == "a" * 97 + "..."
    text = aggregate(["b" * 300, "c"], limit=100)
    assert text == "2 problems: " + "b" * 73 + "...; and 1 more"
    assert len(text) == 100


def warning(message: str, pointer: str = "/spec/x", code: str = "ITL999") -> Diagnostic:
    return Diagnostic(
        code, "rule", Severity.WARNING, message, "-", None, None, None, None, pointer, 0
    )


def test_warning_lines_are_at_most_120_characters_and_bounded_in_number() -> None:
    found = [warning("spec.x: " + "w" * 200)]
    found += [warning(f"spec.y{i}: short", f"/spec/y{i}") for i in range(25)]
    lines = warning_lines(found)
    assert lines[0] == "ITL999 spec.x: " + "w" * 102 + "..."
    assert len(lines[0]) == 120
    assert lines[1:20] == [f"ITL999 spec.y{i}: short" for i in range(19)]
    assert lines[20] == "6 more warnings not shown"
    assert len(lines) == 21


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Short enough: whole.
        ("spec.x: is fine (as it is): keep it", "ITL999 spec.x: is fine (as it is): keep it"),
        # Asides go first; a did-you-mean stays.
        (
            "spec.x: " + "a" * 60 + " (an aside that is long enough to matter here): fix it"
            ' (did you mean "y"?)',
            "ITL999 spec.x: " + "a" * 60 + ': fix it (did you mean "y"?)',
        ),
        # Then every clause after the first, keeping the did-you-mean.
        (
            'spec.x: "v" is not valid: ' + "b" * 80 + ' (did you mean "w"?)',
            'ITL999 spec.x: "v" is not valid (did you mean "w"?)',
        ),
        (
            "spec.x: " + "c" * 50 + "; " + "d" * 50 + ", and " + "e" * 20,
            "ITL999 spec.x: " + "c" * 50,
        ),
        # Breaks and parentheses inside double quotes are text.
        (
            'spec.x: must match "(a: b; c), and (d)" ' + "f" * 60 + ": " + "g" * 30,
            'ITL999 spec.x: must match "(a: b; c), and (d)" ' + "f" * 60,
        ),
        # The path is never shortened; a key with ": " in it is still the path.
        ("spec.a: b: " + "h" * 120, "ITL999 spec.a: b: " + "h" * 99 + "..."),
    ],
)
def test_a_long_warning_is_shortened_by_clauses_not_cut(message: str, expected: str) -> None:
    pointer = "/spec/a: b" if message.startswith("spec.a: b") else "/spec/x"
    assert warning_lines([warning(message, pointer)]) == [expected]


@pytest.mark.parametrize(("item", "example"), [c for c in _cases() if c.values[1].fails])
def test_every_rule_documented_failure_fits_as_a_warning(
    item: Rule, example: Example, tmp_path: Path
) -> None:
    for diagnostic in _lint(example, tmp_path):
        line = warning_line(diagnostic)
        assert line.startswith(diagnostic.code + " ")
        assert len(line) <= MAX_WARNING
        assert (diagnostic.code in TOO_LONG_ALONE) == line.endswith("..."), line


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.yaml")), ids=lambda p: p.name)
def test_every_example_finding_fits_as_a_warning(path: Path) -> None:
    for diagnostic in lint_path(path):
        line = warning_line(diagnostic)
        assert len(line) <= MAX_WARNING
        assert (diagnostic.code in TOO_LONG_ALONE) == line.endswith("..."), line


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
FIELDS = st.sampled_from(["uid", "operation", "object", "oldObject", "kind", "apiVersion"])


# One and a half times the profile's budget: 150 examples in the full run (tests/conftest.py).
@settings(max_examples=settings().max_examples * 3 // 2, deadline=None)
@given(
    operation=st.sampled_from(["CREATE", "UPDATE", "DELETE", "CONNECT", "PATCH", None]),
    obj=JSON,
    old=JSON,
    spec=JSON,
    extra=st.dictionaries(FIELDS, JSON, max_size=3),
)
def test_review_never_raises(operation: Any, obj: Any, old: Any, spec: Any, extra: Any) -> None:
    tag = valid_tag_object()
    tag["spec"] = spec
    for candidate in (obj, tag):
        body = request(operation, candidate, old)
        body["request"].update(extra)
        answer = review(body)
        assert set(answer) == {"apiVersion", "kind", "response"}
        assert isinstance(answer["response"]["allowed"], bool)
        if not answer["response"]["allowed"]:
            assert answer["response"]["status"]["code"] in (400, 422)
