"""Tag names the server creates but nobody can use (ITL300-ITL304): exact findings."""

from __future__ import annotations

import pytest

from imagetag_lint import lint_text
from imagetag_lint.rules import unusable_tags
from imagetag_lint.rules._rule import RuleContext
from imagetag_lint.settings import DEFAULT_SETTINGS

from ._helpers import found, valid_tag

LONG_TAG = "b" * 129

CASES = [
    pytest.param(
        valid_tag("app:a:b", "a:b"),
        "ITL300",
        [
            "4:9 ITL300 metadata.name: tag \"a:b\" contains ':': the server creates it,"
            " but it can never be read, updated or deleted by name"
        ],
        id="second-colon",
    ),
    pytest.param(
        valid_tag("app:v1@x", "v1@x"),
        "ITL300",
        [
            "4:9 ITL300 metadata.name: tag \"v1@x\" contains '@': the server creates it,"
            " but it can never be read, updated or deleted by name"
        ],
        id="at-sign",
    ),
    pytest.param(valid_tag("app:v1"), "ITL300", [], id="one-colon-passes"),
    pytest.param(
        valid_tag("|\n    app:v1"),
        "ITL301",
        [
            '4:9 ITL301 metadata.name: tag "v1\\n" ends with a line break'
            " (a YAML block scalar '|' keeps it): use a plain scalar or '|-'"
        ],
        id="block-scalar-newline",
    ),
    pytest.param(
        valid_tag('"app:A B"', '"A B"'),
        "ITL301",
        [
            '4:9 ITL301 metadata.name: tag "A B" contains whitespace: the server creates it,'
            " but no pull spec can name it"
        ],
        id="space",
    ),
    pytest.param(valid_tag("|-\n    app:v1"), "ITL301", [], id="strip-block-passes"),
    pytest.param(
        valid_tag(f"app:{LONG_TAG}", LONG_TAG),
        "ITL302",
        [
            "4:9 ITL302 metadata.name: tag is 129 characters long: the server creates it,"
            " but a pull spec allows at most 128"
        ],
        id="129-characters",
    ),
    pytest.param(valid_tag(f"app:{LONG_TAG[1:]}", LONG_TAG[1:]), "ITL302", [], id="128-passes"),
    pytest.param(
        valid_tag('"app:"', "latest"),
        "ITL303",
        [
            "4:9 ITL303 metadata.name: the tag part is empty, so the server creates the tag"
            ' "latest" and names the object "app:latest": write that name'
        ],
        id="empty-tag",
    ),
    pytest.param(valid_tag("app:latest", "latest"), "ITL303", [], id="explicit-latest-passes"),
    pytest.param(
        valid_tag("app:v1+build.7", "v1+build.7"),
        "ITL304",
        [
            '4:9 ITL304 metadata.name: tag "v1+build.7" is not a pull-spec tag'
            " ([A-Za-z0-9_][A-Za-z0-9_.-]*): the server creates it, but no image can be pulled"
            " by it"
        ],
        id="plus-sign",
    ),
    pytest.param(
        valid_tag("app:.hidden", ".hidden"),
        "ITL304",
        [
            '4:9 ITL304 metadata.name: tag ".hidden" is not a pull-spec tag'
            " ([A-Za-z0-9_][A-Za-z0-9_.-]*): the server creates it, but no image can be pulled"
            " by it"
        ],
        id="leading-dot",
    ),
    pytest.param(valid_tag("app:v1-build.7_x", "v1-build.7_x"), "ITL304", [], id="pullable"),
    # Reported by a more specific rule: not a second time.
    pytest.param(valid_tag('"app:A B"', '"A B"'), "ITL304", [], id="space-not-twice"),
    pytest.param(valid_tag("app:a:b", "a:b"), "ITL304", [], id="colon-not-twice"),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_tag_name_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected


def test_a_plain_tag_gets_no_finding_at_all() -> None:
    assert lint_text(valid_tag("app:v1.2.3_rc-1", "v1.2.3_rc-1")) == []


def test_spec_name_of_an_image_tag_is_not_reported_twice() -> None:
    # spec.name must equal the tag part (C2); only metadata.name carries the warning.
    codes = [(d.code, d.pointer) for d in lint_text(valid_tag("app:a:b", "a:b"))]
    assert ("ITL300", "/metadata/name") in codes
    assert ("ITL300", "/spec/name") not in codes


def test_tag_reference_names_are_checked_outside_image_tags() -> None:
    ctx = RuleContext("/spec/tags/0", {}, "ImageStream", "TagReference", DEFAULT_SETTINGS)
    check = unusable_tags.unaddressable_tag_name.check
    assert check is not None
    findings = list(check({"name": "a:b"}, ctx))
    assert [(f.pointer, f.message) for f in findings] == [
        (
            "/name",
            "tag \"a:b\" contains ':': the server creates it,"
            " but it can never be read, updated or deleted by name",
        )
    ]
    assert list(check({"name": "v1"}, ctx)) == []
