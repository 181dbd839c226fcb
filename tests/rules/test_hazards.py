"""YAML hazards the schema cannot see (ITL350, ITL351), and no double report with ITL101."""

from __future__ import annotations

import pytest

from imagetag_lint import lint_text
from imagetag_lint.rules import hazards

from ._helpers import VALID_TAG, found

BASE = VALID_TAG
HAZARDS = ("ITL350", "ITL351")


def with_labels(value: str) -> str:
    return BASE.replace(
        "  namespace: demo\n", f"  namespace: demo\n  labels:\n    release: {value}\n"
    )


CASES = [
    pytest.param(
        BASE.replace("  name: v1\n", "  name: v1\n  generation: 010\n"),
        "ITL350",
        [
            "8:15 ITL350 spec.generation: YAML reads the unquoted 010 as the octal number 8:"
            " write 8, or 10 if that is what you meant"
        ],
        id="octal-generation",
    ),
    pytest.param(
        BASE.replace("  name: v1\n", "  name: v1\n  generation: 0\n"), "ITL350", [], id="zero"
    ),
    pytest.param(
        BASE.replace("  name: v1\n", "  name: v1\n  generation: 10\n"), "ITL350", [], id="ten"
    ),
    pytest.param(
        with_labels("null"),
        "ITL351",
        [
            "7:14 ITL351 metadata.labels.release: null is stored as an empty string:"
            ' quote it ("null") if the text is meant, or remove the entry'
        ],
        id="null-label-value",
    ),
    pytest.param(
        with_labels("~"),
        "ITL351",
        [
            "7:14 ITL351 metadata.labels.release: ~ is stored as an empty string:"
            ' quote it ("~") if the text is meant, or remove the entry'
        ],
        id="tilde-label-value",
    ),
    pytest.param(
        BASE.replace("namespace: demo", "namespace: ~"), "ITL351", [], id="string-field-unset"
    ),
    pytest.param(with_labels('"null"'), "ITL351", [], id="quoted-null-passes"),
    pytest.param(with_labels(""), "ITL351", [], id="empty-value-passes"),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_hazard_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            BASE.replace("app:v1", "app:1.10").replace("  name: v1\n", "  name: 1.10\n"),
            "7:9 ITL101 spec.name: expected string, got number 1.1;"
            ' YAML reads the unquoted 1.10 as number: quote it ("1.10")',
            id="float",
        ),
        pytest.param(
            with_labels("0755"),
            "7:14 ITL101 metadata.labels.release: expected string, got integer 493;"
            ' YAML reads the unquoted 0755 as integer: quote it ("0755")',
            id="octal-in-string-map",
        ),
        pytest.param(
            with_labels("on"),
            "7:14 ITL101 metadata.labels.release: expected string, got boolean true;"
            ' YAML reads the unquoted on as boolean: quote it ("on")',
            id="bool-in-string-map",
        ),
    ],
)
def test_where_a_string_is_wanted_the_schema_reports_once(text: str, expected: str) -> None:
    # ITL101 owns these, with the quoted fix; the hazard rules stay silent.
    assert found(text, "ITL101") == [expected]
    assert [d.code for d in lint_text(text) if d.code in HAZARDS] == []


def test_null_in_a_json_label_is_reported_too() -> None:
    text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        ' "metadata": {"name": "app:v1", "labels": {"release": null}}, "spec": {"name": "v1"}}'
    )
    assert found(text, "ITL351") == [
        "2:55 ITL351 metadata.labels.release: null is stored as an empty string:"
        ' quote it ("null") if the text is meant, or remove the entry'
    ]


def test_the_string_map_types_are_those_the_schemas_have() -> None:
    assert hazards.types_with("map") == hazards.STRING_MAP_TYPES
