"""A tag's status history (ITL340-ITL343): exact findings."""

from __future__ import annotations

import pytest

from imagetag_lint import lint_text

from ._helpers import VALID_TAG, found

BASE = (
    VALID_TAG
    + """\
status:
"""
)
NEWEST_FIRST = (
    "  items:\n"
    '  - {created: "2024-06-01T12:00:00Z", image: b}\n'
    '  - {created: "2024-05-01T12:00:00Z", image: a}\n'
)


CASES = [
    pytest.param(
        BASE + '  conditions:\n  - {type: ImportSuccess, status: "false"}\n',
        "ITL340",
        [
            '13:35 ITL340 status.conditions[0].status: "false" is not valid: valid values are'
            ' "True", "False", "Unknown" (did you mean "False"?)'
        ],
        id="lower-case-status",
    ),
    pytest.param(
        BASE
        + "image:\n  signatures:\n  - conditions:\n    - {type: Trusted, status: Yes}\n"
        + '    - {type: ForImage, status: "True"}\n',
        "ITL340",
        [],  # YAML reads Yes as true: the schema's type error (ITL101), not reported twice
        id="signature-status-type-error-is-the-schema's",
    ),
    pytest.param(
        BASE + '  conditions:\n  - {type: ImportSuccess, status: "False"}\n',
        "ITL340",
        [],
        id="status-false",
    ),
    pytest.param(
        BASE + '  conditions:\n  - {type: ImportFailed, status: "True"}\n',
        "ITL341",
        [
            '13:12 ITL341 status.conditions[0].type: "ImportFailed" is not valid: the only'
            ' condition type is "ImportSuccess"'
        ],
        id="unknown-type",
    ),
    pytest.param(
        BASE + '  conditions:\n  - {type: importSuccess, status: "True"}\n',
        "ITL341",
        [
            '13:12 ITL341 status.conditions[0].type: "importSuccess" is not valid: the only'
            ' condition type is "ImportSuccess" (did you mean "ImportSuccess"?)'
        ],
        id="lower-case-type",
    ),
    pytest.param(
        BASE + '  conditions:\n  - {type: ImportSuccess, status: "True"}\n',
        "ITL341",
        [],
        id="import-success",
    ),
    pytest.param(
        BASE + "  tag: v2\n",
        "ITL342",
        ['12:8 ITL342 status.tag: "v2" is not the tag of this ImageTag ("v1")'],
        id="other-tag",
    ),
    pytest.param(
        BASE.replace("  name: v1\n  from", "  from") + "  tag: v2\n",
        "ITL342",
        ['11:8 ITL342 status.tag: "v2" is not the tag of this ImageTag ("v1")'],
        id="tag-from-metadata-name",
    ),
    pytest.param(BASE + "  tag: v1\n", "ITL342", [], id="own-tag"),
    pytest.param(
        BASE
        + "  items:\n"
        + '  - {created: "2024-05-01T12:00:00Z", image: a}\n'
        + '  - {created: "2024-06-01T12:00:00Z", image: b}\n',
        "ITL343",
        [
            "14:15 ITL343 status.items[1].created: is newer than items[0].created:"
            " the history lists the newest event first"
        ],
        id="oldest-first",
    ),
    pytest.param(
        BASE
        + "  items:\n"
        + '  - {created: "2024-05-01T12:00:00+02:00", image: a}\n'
        + '  - {created: "2024-05-01T11:00:00Z", image: b}\n',
        "ITL343",
        [
            "14:15 ITL343 status.items[1].created: is newer than items[0].created:"
            " the history lists the newest event first"
        ],
        id="time-zones-compared-as-instants",
    ),
    pytest.param(BASE + NEWEST_FIRST, "ITL343", [], id="newest-first"),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_history_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected


def test_history_rules_apply_to_objects_as_the_api_returns_them() -> None:
    text = BASE + "  tag: v2\n" + NEWEST_FIRST
    diagnostics = lint_text(text, profile="object")
    assert "ITL310" not in {d.code for d in diagnostics}
    assert [d.code for d in diagnostics if d.code.startswith("ITL34")] == ["ITL342"]
