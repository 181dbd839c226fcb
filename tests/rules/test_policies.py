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


IMPORT = """\
apiVersion: image.openshift.io/v1
kind: ImageStreamImport
metadata: {{name: app}}
spec:
  import: {import_}
  images:
  - from: {{kind: DockerImage, name: quay.io/org/app:1.0}}
    to: {{name: v1}}
    referencePolicy: {{type: local}}
    importPolicy: {{importMode: legacy}}
  - from: {{kind: DockerImage, name: quay.io/org/app:2.0}}
    referencePolicy: {{type: local}}
  repository:
    from: {{kind: DockerImage, name: quay.io/org/app}}
    referencePolicy: {{type: Remote}}
"""
LOCAL = '"local" is not valid: valid values are "Source", "Local" (did you mean "Local"?)'
REMOTE = '"Remote" is not valid: valid values are "Source", "Local"'
WRITTEN = "(checked when the import writes the tag to the image stream)"
LEGACY = (
    '10:32: ITL219 spec.images[0].importPolicy.importMode: "legacy" is not valid: invalid'
    " import mode, valid modes are '', 'Legacy', 'PreserveOriginal' (did you mean \"Legacy\"?)"
)


def test_an_import_checks_its_modes_and_writes_its_reference_policies() -> None:
    """C11 is ValidateImageStreamImport's own; C10 only where the import writes a tag."""
    assert findings(IMPORT.format(import_="true")) == [
        f"9:29: ITL201 spec.images[0].referencePolicy.type: {LOCAL} {WRITTEN}",
        LEGACY,
        f"15:29: ITL201 spec.repository.referencePolicy.type: {REMOTE} {WRITTEN}",
    ]


def test_an_import_that_writes_nothing_has_no_reference_policy_error() -> None:
    assert findings(IMPORT.format(import_="false")) == [LEGACY]
    without = IMPORT.format(import_="true").replace("  import: true\n", "")
    assert findings(without) == [LEGACY.replace("10:32", "9:32")]
