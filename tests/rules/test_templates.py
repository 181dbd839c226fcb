"""Templates: references to undeclared parameters (ITL360), and placeholders that
cannot excuse a value whose literal text already breaks the field's pattern."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from imagetag_lint.checking import engine
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Finding
from imagetag_lint.openshift.kinds import targets
from imagetag_lint.openshift.template_parameters import (
    ALPHABETS,
    in_template,
    literal_text,
    never_valid,
    references,
)

HEAD = """\
apiVersion: template.openshift.io/v1
kind: Template
metadata: {name: app}
"""


def lint(text: str) -> list[str]:
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in engine.lint_text(text, "t.yaml")]


def stream(name: str, params: str = "parameters:\n- name: APP\n") -> str:
    return (
        HEAD + params + "objects:\n- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n"
        f"  metadata: {{name: {name!r}}}\n"
    )


# --- ITL360: a reference to a parameter the Template does not declare ----------------------

UNDECLARED = (
    HEAD
    + """\
parameters:
- name: APP
- {value: no-name}
objects:
- apiVersion: image.openshift.io/v1
  kind: ImageStream
  metadata:
    name: ${APP}
    labels: {"${TEAM}": web, tier: "${TIER}-${TIER}-${APP}"}
  spec:
    lookupPolicy: {local: "${{LOCAL}}"}
    tags:
    - name: ${VERSION}
      from: {kind: DockerImage, name: "quay.io/org/${APP}:${VERSION}"}
      annotations: {note: "${{APP}} is text here, a-${{NOTE}} too"}
"""
)


def test_undeclared_parameters_are_warnings_at_each_value_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(UNDECLARED, encoding="utf-8")
    assert main(["--select", "ITL360", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out.replace(f"{path}:", "") == (
        "12:14: warning: ITL360 metadata.labels.${TEAM}: ${TEAM} is not a parameter of this"
        " Template: oc process leaves it as written\n"
        "12:36: warning: ITL360 metadata.labels.tier: ${TIER} is not a parameter of this"
        " Template: oc process leaves it as written\n"
        "14:27: warning: ITL360 spec.lookupPolicy.local: ${{LOCAL}} is not a parameter of this"
        " Template: oc process leaves it as written\n"
        "16:13: warning: ITL360 spec.tags[0].name: ${VERSION} is not a parameter of this"
        " Template: oc process leaves it as written\n"
        "17:39: warning: ITL360 spec.tags[0].from.name: ${VERSION} is not a parameter of this"
        " Template: oc process leaves it as written\n"
    )
    assert err == "Found 0 errors and 5 warnings in 1 file (1 file checked).\n"


def test_declared_parameters_are_not_reported() -> None:
    declared = UNDECLARED.replace(
        "- {value: no-name}\n",
        "- name: TEAM\n- name: TIER\n- name: LOCAL\n- name: VERSION\n",
    )
    assert [line for line in lint(declared) if "ITL360" in line] == []


def test_a_template_without_parameters_declares_none() -> None:
    text = stream("${APP}", params="")
    assert lint(text) == [
        "7:20 ITL360 metadata.name: ${APP} is not a parameter of this Template:"
        " oc process leaves it as written"
    ]
    assert lint(stream("${APP}", params="parameters: null\n")) == [
        "8:20 ITL360 metadata.name: ${APP} is not a parameter of this Template:"
        " oc process leaves it as written"
    ]
    # Parameters that cannot be read: nothing is known, nothing is reported.
    assert lint(stream("${APP}", params="parameters: {APP: x}\n")) == []


def test_lists_and_nested_templates_see_the_parameters_of_every_enclosing_template() -> None:
    text = (
        HEAD + "parameters: [{name: OUTER}]\nobjects:\n"
        "- apiVersion: v1\n  kind: List\n  items:\n"
        "  - apiVersion: image.openshift.io/v1\n    kind: ImageStream\n"
        "    metadata: {name: '${OUTER}-${INNER}'}\n"
        "- apiVersion: template.openshift.io/v1\n  kind: Template\n"
        "  parameters: [{name: INNER}]\n  objects:\n"
        "  - apiVersion: image.openshift.io/v1\n    kind: ImageStream\n"
        "    metadata: {name: '${OUTER}-${INNER}-${OTHER}'}\n"
    )
    assert lint(text) == [
        "11:22 ITL360 metadata.name: ${INNER} is not a parameter of this Template:"
        " oc process leaves it as written",
        "18:22 ITL360 metadata.name: ${OTHER} is not a parameter of this Template:"
        " oc process leaves it as written",
    ]
    [outer, inner] = list(targets(yaml.safe_load(text)))
    assert (outer.parameters, inner.parameters) == (
        frozenset({"OUTER"}),
        frozenset({"OUTER", "INNER"}),
    )


def test_references_read_as_oc_process_reads_them() -> None:
    assert references("${A}-${B_1}:${A}") == [("${A}", "A"), ("${B_1}", "B_1"), ("${A}", "A")]
    assert references("${{A}}") == [("${{A}}", "A")]
    assert references("x-${{A}}") == []  # only a whole value is a non-string reference
    assert references("${a-b} $A {A}") == []
    assert literal_text("${APP}-Static") == "-Static"
    assert literal_text("${{APP}}") == ""
    assert literal_text("x-${{APP}}") == "x-${{APP}}"


# --- placeholders in values whose literal text breaks the pattern anyway ------------------

PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "${APP}-Static",
            [
                f"9:20 ITL270 metadata.name: must match {PATTERN};"
                ' "S" is literal text, which no parameter value can change'
            ],
        ),
        (
            "${APP}/x",
            [
                "9:20 ITL202 metadata.name: may not contain '/';"
                ' "/" is literal text, which no parameter value can change'
            ],
        ),
        ("${APP}-static", []),  # APP decides: "my-app" makes it valid
        ("${APP}--x", []),  # the pattern forbids "--", but every character is allowed
        (
            "${APP}%",
            [
                "9:20 ITL202 metadata.name: may not contain '%';"
                ' "%" is literal text, which no parameter value can change'
            ],
        ),
        ("${{APP}}", []),
    ],
)
def test_an_image_stream_name_is_judged_on_its_literal_text(name: str, expected: list[str]) -> None:
    assert lint(stream(name)) == expected


def test_namespace_generate_name_and_labels_keep_what_no_parameter_fixes() -> None:
    text = (
        HEAD + "parameters: [{name: A}]\nobjects:\n"
        "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata:\n"
        "    generateName: ${A}-Gen\n"
        "    namespace: ${A}_ns\n"
        "    labels: {bad: '${A}/x', good: '${A}-x', long: '${A}" + "x" * 70 + "'}\n"
        "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata:\n"
        "    name: app\n    namespace: team-${A}\n"
    )
    assert lint(text) == [
        "9:19 ITL271 metadata.generateName: must match "
        + PATTERN
        + '; "G" is literal text, which no parameter value can change',
        "10:16 ITL203 metadata.namespace: a lowercase RFC 1123 label must consist of lower case"
        " alphanumeric characters or '-', and must start and end with an alphanumeric character"
        " (e.g. 'my-name',  or '123-abc', regex used for validation is"
        " '[a-z0-9]([-a-z0-9]*[a-z0-9])?');"
        ' "_" is literal text, which no parameter value can change',
        "11:19 ITL205 metadata.labels.bad: a valid label must be an empty string or consist of"
        " alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric"
        " character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is"
        " '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?');"
        ' "/" is literal text, which no parameter value can change',
    ]


def test_an_image_tag_stream_part_is_only_sure_before_the_first_reference() -> None:
    def tag(name: str) -> str:
        return (
            HEAD + "parameters: [{name: APP}]\nobjects:\n"
            "- apiVersion: image.openshift.io/v1\n  kind: ImageTag\n"
            f"  metadata: {{name: '{name}'}}\n  spec: {{name: V1}}\n"
        )

    assert lint(tag("My${APP}:V1")) == [
        '8:20 ITL212 metadata.name: stream name "My${APP}": must match '
        + PATTERN
        + " (checked when the image stream is created);"
        ' "M" is literal text, which no parameter value can change'
    ]
    # APP may hold the ":" that ends the stream part: "-Static" may be in the tag part.
    assert lint(tag("${APP}-Static:V1")) == []


def test_findings_that_a_parameter_value_may_fix_are_dropped() -> None:
    text = (
        HEAD + "parameters: [{name: DIGEST}, {name: NS}]\nobjects:\n"
        "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n"
        "  metadata: {name: app, namespace: '${NS}" + "a" * 70 + "'}\n"
        "  spec:\n    tags:\n    - name: v1\n"
        "      from: {kind: DockerImage, name: 'quay.io/org/app@sha256:${DIGEST}'}\n"
    )
    # A namespace too long and a digest that "a" would not make valid: both up to the values.
    assert lint(text) == []


def test_in_template_keeps_rewords_or_drops() -> None:
    obj = {"metadata": {"name": "${A}-X", "labels": {"${K}/x": "v"}}}
    pattern = Finding("/metadata/name", f"must match {PATTERN}")
    assert in_template("ITL270", pattern, obj) == Finding(
        "/metadata/name",
        f'must match {PATTERN}; "X" is literal text, which no parameter value can change',
    )
    assert in_template("ITL272", pattern, obj) is None  # not a pattern rule
    assert in_template("ITL270", Finding("/metadata/name", "too long"), obj) is None
    key = Finding("/metadata/labels/${K}~1x", "prefix part ...", "key")
    assert in_template("ITL205", key, obj) is None  # oc process substitutes keys too
    assert in_template("ITL102", key, obj) == key  # unknown fields do not depend on values
    assert never_valid("ITL202", "may not contain '/'", "${A}-x") is None


@pytest.mark.parametrize("pattern", list(ALPHABETS))
def test_each_alphabet_is_exactly_the_characters_its_pattern_allows(pattern: str) -> None:
    allowed = {
        char
        for char in string.printable
        if any(re.fullmatch(pattern, sample) for sample in (char, f"a{char}a", f"0{char}0"))
    }
    assert allowed == set(ALPHABETS[pattern])
