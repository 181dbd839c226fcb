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
                "11:30: ITL219 spec.importPolicy.importMode: invalid import mode, valid modes are "
                "'', 'Legacy', 'PreserveOriginal'"
            ],
        ),
        (
            "  referencePolicy: {type: local}\n",
            ['11:27: ITL201 spec.referencePolicy.type: valid values are "Source", "Local"'],
        ),
    ],
)
def test_policies(policies: str, expected: list[str]) -> None:
    assert findings(VALID_TAG + policies) == expected
