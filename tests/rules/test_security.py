"""Mutable and insecure imports (ITL320-ITL322): exact findings."""

from __future__ import annotations

import pytest

from ._helpers import found

DIGEST = "sha256:" + "0123456789abcdef" * 4


def manifest(image: str, policy: str = "", annotations: str = "") -> str:
    return (
        "apiVersion: image.openshift.io/v1\n"
        "kind: ImageTag\n"
        "metadata:\n"
        "  name: app:v1\n"
        f"{annotations}"
        "spec:\n"
        "  name: v1\n"
        "  from:\n"
        "    kind: DockerImage\n"
        f"    name: {image}\n"
        f"{policy}"
    )


NO_TAG = (
    "9:11 ITL320 spec.from.name: has no tag, so it means the mutable ':latest':"
    " pin it by digest (@sha256:...) or set importPolicy.scheduled: true"
)
LATEST = (
    "9:11 ITL320 spec.from.name: uses the mutable tag ':latest':"
    " pin it by digest (@sha256:...) or set importPolicy.scheduled: true"
)
INSECURE = "allows imports over plain HTTP or unverified TLS"
INSECURE_ANNOTATION = '  annotations:\n    openshift.io/image.insecureRepository: "true"\n'

CASES = [
    pytest.param(manifest("quay.io/org/app"), "ITL320", [NO_TAG], id="no-tag"),
    pytest.param(manifest("quay.io/org/app:latest"), "ITL320", [LATEST], id="latest"),
    pytest.param(manifest("quay.io/org/app:1.0"), "ITL320", [], id="fixed-tag-passes"),
    pytest.param(manifest(f"quay.io/org/app@{DIGEST}"), "ITL320", [], id="digest-passes"),
    pytest.param(
        manifest(f"quay.io/org/app:latest@{DIGEST}"), "ITL320", [], id="tag-and-digest-pass"
    ),
    pytest.param(
        manifest("quay.io/org/app", "  importPolicy:\n    scheduled: true\n"),
        "ITL320",
        [],
        id="scheduled-passes",
    ),
    pytest.param(
        manifest("quay.io/org/app", "  importPolicy:\n    scheduled: false\n"),
        "ITL320",
        [NO_TAG],
        id="scheduled-false",
    ),
    pytest.param(manifest("quay.io"), "ITL320", [], id="registry-only-not-ours"),
    pytest.param(manifest("Quay.io/Org/App"), "ITL320", [], id="unparseable-not-ours"),
    pytest.param(
        manifest("quay.io/org/app:1.0", "  importPolicy:\n    insecure: true\n"),
        "ITL321",
        [f"11:15 ITL321 spec.importPolicy.insecure: {INSECURE}"],
        id="insecure",
    ),
    pytest.param(
        manifest("quay.io/org/app:1.0", "  importPolicy:\n    insecure: false\n"),
        "ITL321",
        [],
        id="secure-passes",
    ),
    pytest.param(
        manifest("quay.io/org/app:1.0", annotations=INSECURE_ANNOTATION),
        "ITL322",
        [f"6:44 ITL322 metadata.annotations.openshift.io/image.insecureRepository: {INSECURE}"],
        id="insecure-annotation",
    ),
    pytest.param(
        manifest(
            "quay.io/org/app:1.0",
            annotations=INSECURE_ANNOTATION.replace('"true"', '"false"'),
        ),
        "ITL322",
        [],
        id="annotation-false-passes",
    ),
]


@pytest.mark.parametrize(("text", "code", "expected"), CASES)
def test_security_rules(text: str, code: str, expected: list[str]) -> None:
    assert found(text, code) == expected


def test_reference_to_another_kind_is_not_a_mutable_docker_image() -> None:
    text = manifest("app:latest").replace("kind: DockerImage", "kind: ImageStreamTag")
    assert found(text, "ITL320") == []
