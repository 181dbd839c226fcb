"""Import mode (catalogue C11) and reference policy (C10) of a tag: exact findings."""

from __future__ import annotations

import pytest

from ._helpers import VALID_TAG, findings


@pytest.mark.parametrize(
    ("policies", "expected"),
    [
        ("  importPolicy: {importMode: PreserveOriginal}\n  referencePolicy: {type: Local}\n", []),
        (
            "  importPolicy: {importMode: legacy}\n",
            [
                '11:30: ITL219 spec.importPolicy.importMode: "legacy" is not valid: invalid import'
                " mode, valid modes are '', 'Legacy', 'PreserveOriginal' (did you mean \"Legacy\"?)"
            ],
        ),
        (
            "  importPolicy: {importMode: Preserve}\n",
            [
                '11:30: ITL219 spec.importPolicy.importMode: "Preserve" is not valid: invalid'
                " import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"
                ' (did you mean "PreserveOriginal"?)'
            ],
        ),
        (
            "  importPolicy: {importMode: Copy}\n",
            [
                '11:30: ITL219 spec.importPolicy.importMode: "Copy" is not valid: invalid'
                " import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"
            ],
        ),
        (
            "  referencePolicy: {type: local}\n",
            [
                '11:27: ITL201 spec.referencePolicy.type: "local" is not valid: valid values are'
                ' "Source", "Local" (did you mean "Local"?)'
            ],
        ),
        (
            "  referencePolicy: {type: Sorce}\n",
            [
                '11:27: ITL201 spec.referencePolicy.type: "Sorce" is not valid: valid values are'
                ' "Source", "Local" (did you mean "Source"?)'
            ],
        ),
        (
            '  referencePolicy: {type: "Local\\n"}\n',
            [
                '11:27: ITL201 spec.referencePolicy.type: "Local\\n" is not valid: valid values'
                ' are "Source", "Local" (did you mean "Local"?)'
            ],
        ),
        (
            "  referencePolicy: {type: Remote}\n",
            [
                '11:27: ITL201 spec.referencePolicy.type: "Remote" is not valid: valid values are'
                ' "Source", "Local"'
            ],
        ),
    ],
)
def test_policies(policies: str, expected: list[str]) -> None:
    assert findings(VALID_TAG + policies) == expected
