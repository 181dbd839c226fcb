"""Fields a manifest should not carry (ITL310-ITL313): exact findings, per profile."""

from __future__ import annotations

import pytest

from imagetag_lint import lint_text

from ._helpers import VALID_TAG, found

BASE = VALID_TAG
STATUS = "status:\n  tag: v1\n  items: []\n"
IMAGE = "image:\n  dockerImageReference: quay.io/org/app:1.0\n"
LABELS = BASE.replace("  namespace: demo\n", "  namespace: demo\n  labels:\n    team: payments\n")
ANNOTATIONS = BASE.replace("  namespace: demo\n", "  namespace: demo\n  annotations:\n    a: b\n")
GENERATION = BASE.replace("  name: v1\n", "  name: v1\n  generation: 3\n")


CASES = [
    pytest.param(
        BASE + STATUS,
        "ITL310",
        [
            "11:1 ITL310 status: is discarded on create, and on update must equal the tag's"
            ' history ("may not update fields other than spec"): remove it from the manifest'
        ],
        id="status",
    ),
    pytest.param(BASE + "status: null\n", "ITL310", [], id="null-status-passes"),
    pytest.param(
        BASE + IMAGE,
        "ITL311",
        [
            "11:1 ITL311 image: is ignored by the server (discarded on create, replaced on"
            " update): remove it from the manifest"
        ],
        id="image",
    ),
    pytest.param(
        LABELS,
        "ITL312",
        [
            "6:3 ITL312 metadata.labels: labels of an ImageTag are never stored, and the next"
            ' update fails with "may not update fields other than spec": set them on the'
            " ImageStream"
        ],
        id="labels",
    ),
    pytest.param(
        ANNOTATIONS,
        "ITL312",
        [
            "6:3 ITL312 metadata.annotations: annotations of an ImageTag are never stored, and"
            ' the next update fails with "may not update fields other than spec": set them on'
            " the ImageStream"
        ],
        id="annotations",
    ),
    pytest.param(
        BASE.replace("  namespace: demo\n", "  namespace: demo\n  labels: {}\n"),
        "ITL312",
        [],
        id="empty-labels-pass",
    ),
    pytest.param(
        GENERATION,
        "ITL313",
        [
            "8:3 ITL313 spec.generation: is set by the server (the image stream's generation"
            " when the tag changes): remove it from the manifest"
        ],
        id="generation",
    ),
    pytest.param(BASE, "ITL313", [], id="no-generation-passes"),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_manifest_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (BASE + STATUS, "ITL310"),
        (BASE + IMAGE, "ITL311"),
        (LABELS, "ITL312"),
        (GENERATION, "ITL313"),
    ],
)
def test_objects_as_the_api_returns_them_may_carry_these_fields(text: str, code: str) -> None:
    assert found(text, code, profile="object") == []


def test_base_manifest_is_clean() -> None:
    assert lint_text(BASE) == []
