"""Image signatures in an ImageTag's image (ITL330-ITL332): exact findings."""

from __future__ import annotations

import pytest

from ._helpers import VALID_TAG, found

BASE = (
    VALID_TAG
    + """\
image:
  signatures:
"""
)
TRUSTED = '    - {type: Trusted, status: "True"}\n'
FOR_IMAGE = '    - {type: ForImage, status: "True"}\n'
UNKNOWN = "    - {type: Trusted, status: Unknown}\n    - {type: ForImage, status: Unknown}\n"


CASES = [
    pytest.param(
        BASE + "  - conditions:\n" + TRUSTED,
        "ITL330",
        [
            '14:5 ITL330 image.signatures[0].conditions: missing "ForImage" condition type'
            " (Trusted needs one)"
        ],
        id="trusted-alone",
    ),
    pytest.param(
        BASE + "  - conditions:\n" + FOR_IMAGE,
        "ITL330",
        [
            '14:5 ITL330 image.signatures[0].conditions: missing "Trusted" condition type'
            " (ForImage needs one)"
        ],
        id="for-image-alone",
    ),
    pytest.param(BASE + "  - conditions:\n" + TRUSTED + FOR_IMAGE, "ITL330", [], id="pair"),
    pytest.param(
        BASE + "  - imageIdentity: quay.io/org/app\n    conditions:\n" + UNKNOWN,
        "ITL331",
        [
            "13:20 ITL331 image.signatures[0].imageIdentity: must be unset for unknown"
            " signature state"
        ],
        id="unknown-trust",
    ),
    pytest.param(
        BASE + "  - issuedBy: {commonName: Org CA}\n    signedClaims: {a: b}\n",
        "ITL331",
        [
            "13:15 ITL331 image.signatures[0].issuedBy: must be unset for unknown signature state",
            "14:19 ITL331 image.signatures[0].signedClaims: must be unset for unknown"
            " signature state",
        ],
        id="no-conditions",
    ),
    pytest.param(
        BASE
        + "  - imageIdentity: quay.io/org/app\n    conditions:\n"
        + '    - {type: Trusted, status: "True", lastProbeTime: "2024-05-01T12:00:00Z"}\n'
        + '    - {type: Trusted, status: Unknown, lastProbeTime: "2024-06-01T12:00:00Z"}\n'
        + FOR_IMAGE,
        "ITL331",
        [
            "13:20 ITL331 image.signatures[0].imageIdentity: must be unset for unknown"
            " signature state"
        ],
        id="latest-trusted-is-unknown",
    ),
    pytest.param(
        BASE
        + "  - imageIdentity: quay.io/org/app\n    conditions:\n"
        + '    - {type: Trusted, status: Unknown, lastProbeTime: "2024-05-01T12:00:00Z"}\n'
        + '    - {type: Trusted, status: "True", lastProbeTime: "2024-06-01T12:00:00Z"}\n'
        + FOR_IMAGE,
        "ITL331",
        [],
        id="latest-trusted-is-true",
    ),
    pytest.param(
        BASE + "  - conditions:\n" + '    - {type: trusted, status: "True"}\n',
        "ITL332",
        [
            '14:14 ITL332 image.signatures[0].conditions[0].type: "trusted" is not valid: valid'
            ' values are "Trusted", "ForImage", "Expired", "Revoked" (did you mean "Trusted"?)'
        ],
        id="lower-case-type",
    ),
    pytest.param(
        BASE
        + "  - conditions:\n"
        + TRUSTED
        + FOR_IMAGE
        + '    - {type: Expired, status: "False"}\n',
        "ITL332",
        [],
        id="known-types",
    ),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_signature_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected
