"""Server rules for ``kind: Image`` objects (I1-I12): exact code, position and message."""

from __future__ import annotations

import pytest

from imagetag_lint import engine

DIGEST = "sha256:" + "0123456789abcdef" * 4
HEADER = f"""\
apiVersion: image.openshift.io/v1
kind: Image
metadata:
  name: {DIGEST}
dockerImageReference: quay.io/org/app@{DIGEST}
"""


def lint(text: str) -> list[str]:
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in engine.lint_text(text, "i.yaml")]


def test_a_complete_image_passes() -> None:
    assert lint(HEADER) == []


def test_namespace_is_forbidden() -> None:
    text = HEADER.replace("metadata:\n", "metadata:\n  namespace: demo\n")
    assert lint(text) == ["4:14 ITL275 metadata.namespace: not allowed on this type"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("", "1:1 ITL276 dockerImageReference: Required value"),
        ('dockerImageReference: ""\n', "5:1 ITL276 dockerImageReference: Required value"),
        (
            "dockerImageReference: Quay.io/Org/App\n",
            "5:23 ITL276 dockerImageReference: repository name must be lowercase",
        ),
    ],
)
def test_docker_image_reference(line: str, expected: str) -> None:
    text = HEADER.replace(f"dockerImageReference: quay.io/org/app@{DIGEST}\n", line)
    assert lint(text) == [expected]


def test_image_rules_do_not_apply_to_embedded_images() -> None:
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\nmetadata:\n  name: app:v1\n"
        "image:\n  metadata: {name: x, namespace: demo}\n  dockerImageManifests:\n"
        "  - {digest: latest}\n"
    )
    assert lint(text) == []


MANIFEST = """\
dockerImageManifests:
- digest: {digest}
  mediaType: application/vnd.oci.image.manifest.v1+json
  manifestSize: 1024
  architecture: amd64
  os: linux
"""


@pytest.mark.parametrize(
    ("digest", "expected"),
    [
        (
            "latest",
            "7:11 ITL277 dockerImageManifests[0].digest:"
            " digest does not conform with OCI image specification",
        ),
        (
            "md5:" + "0" * 32,
            "7:11 ITL382 dockerImageManifests[0].digest: unsupported digest algorithm:"
            " the server accepts it only because its digest check is unanchored (a known bug);"
            " pulls by this digest fail",
        ),
        (
            "sha256:" + "0" * 40,
            "7:11 ITL382 dockerImageManifests[0].digest: invalid checksum digest length:"
            " the server accepts it only because its digest check is unanchored (a known bug);"
            " pulls by this digest fail",
        ),
        (
            f"'x {DIGEST} y'",
            "7:11 ITL382 dockerImageManifests[0].digest: invalid checksum digest format:"
            " the server accepts it only because its digest check is unanchored (a known bug);"
            " pulls by this digest fail",
        ),
    ],
)
def test_manifest_digest(digest: str, expected: str) -> None:
    assert lint(HEADER + MANIFEST.format(digest=digest)) == [expected]


def test_a_valid_manifest_passes() -> None:
    assert lint(HEADER + MANIFEST.format(digest=DIGEST)) == []


def test_manifest_fields() -> None:
    text = (
        HEADER
        + f"dockerImageManifests:\n- digest: {DIGEST}\n  mediaType: json\n"
        + "  manifestSize: -1\n  os: ''\n"
    )
    assert lint(text) == [
        "7:3 ITL278 dockerImageManifests[0].architecture: Required value",
        "8:14 ITL278 dockerImageManifests[0].mediaType: media type does not conform to RFC6838",
        "9:17 ITL278 dockerImageManifests[0].manifestSize: manifest size cannot be negative",
        "10:7 ITL278 dockerImageManifests[0].os: Required value",
    ]


def test_layers_with_manifests() -> None:
    text = (
        HEADER
        + MANIFEST.format(digest=DIGEST)
        + f"dockerImageLayers:\n- {{name: '{DIGEST}', size: 1, mediaType: m}}\n"
    )
    assert lint(text) == [
        "13:1 ITL279 dockerImageLayers: dockerImageLayers should not be set when"
        " dockerImageManifests is set"
    ]


SIGNATURE = """\
signatures:
- metadata:
    name: {name}
{extra}  type: AtomicImageV1
  content: aGVsbG8=
"""


def test_signature_metadata() -> None:
    extra = "    namespace: demo\n    labels: {a: b}\n    annotations: {a: b}\n"
    text = HEADER + SIGNATURE.format(name="my-signature", extra=extra)
    assert lint(text) == [
        "8:11 ITL280 signatures[0].metadata.name:"
        " name must be of format <imageName>@<signatureName>",
        "9:16 ITL280 signatures[0].metadata.namespace: not allowed on this type",
        "10:13 ITL280 signatures[0].metadata.labels: signature labels cannot be set",
        "11:18 ITL280 signatures[0].metadata.annotations: signature annotations cannot be set",
    ]


@pytest.mark.parametrize("name", ["'@sig'", "'img@'", "'a@b@c'"])
def test_signature_name_needs_exactly_two_parts(name: str) -> None:
    text = HEADER + SIGNATURE.format(name=name, extra="")
    assert [line.split(" ", 2)[1] for line in lint(text)] == ["ITL280"]


def test_signature_type_and_content() -> None:
    text = HEADER + "signatures:\n- metadata: {name: img@sig}\n  type: ''\n"
    assert lint(text) == [
        "7:3 ITL281 signatures[0].content: Required value",
        "8:9 ITL281 signatures[0].type: Required value",
    ]


def _conditions(*items: str) -> str:
    body = "".join(f"  - {item}\n" for item in items)
    return HEADER + SIGNATURE.format(name="img@sig", extra="") + "  conditions:\n" + body


def test_trusted_needs_for_image() -> None:
    assert lint(_conditions("{type: Trusted, status: 'True'}")) == [
        '12:3 ITL282 signatures[0].conditions: missing "ForImage" condition type'
    ]


def test_for_image_needs_trusted() -> None:
    assert lint(_conditions("{type: ForImage, status: 'True'}")) == [
        '12:3 ITL282 signatures[0].conditions: missing "Trusted" condition type'
    ]


def test_a_pair_passes() -> None:
    text = _conditions("{type: ForImage, status: 'True'}", "{type: Trusted, status: 'True'}")
    assert lint(text) == []


def test_claims_need_a_known_trusted_state() -> None:
    text = (
        _conditions("{type: ForImage, status: 'True'}", "{type: Trusted, status: Unknown}")
        + "  imageIdentity: quay.io/org/app:1.0\n  issuedBy: {organization: org}\n"
    )
    assert lint(text) == [
        "14:18 ITL283 signatures[0].imageIdentity: must be unset for unknown signature state",
        "15:13 ITL283 signatures[0].issuedBy: must be unset for unknown signature state",
    ]


def test_the_latest_trusted_condition_counts() -> None:
    text = (
        _conditions(
            "{type: ForImage, status: 'True'}",
            "{type: Trusted, status: Unknown, lastProbeTime: '2024-01-02T00:00:00Z'}",
            "{type: Trusted, status: 'True', lastProbeTime: '2024-01-01T00:00:00Z'}",
        )
        + "  imageIdentity: quay.io/org/app:1.0\n"
    )
    assert [line.split(" ", 2)[1] for line in lint(text)] == ["ITL283"]


def test_a_condition_before_for_image_crashes_the_server() -> None:
    text = _conditions("{type: Expired, status: 'False'}", "{type: ForImage, status: 'True'}")
    assert lint(text) == [
        '12:3 ITL282 signatures[0].conditions: missing "Trusted" condition type',
        '12:12 ITL284 signatures[0].conditions[0].type: a "Expired" condition before any'
        ' "ForImage" condition crashes the server\'s validation (HTTP 500, a known bug):'
        ' list the "ForImage" condition first',
    ]


def test_an_older_trusted_before_for_image_crashes_too() -> None:
    text = _conditions(
        "{type: Trusted, status: 'True', lastProbeTime: '2024-01-02T00:00:00Z'}",
        "{type: Trusted, status: 'True', lastProbeTime: '2024-01-01T00:00:00Z'}",
        "{type: ForImage, status: 'True'}",
    )
    assert [line.split(" ", 2)[:2] for line in lint(text)] == [["13:12", "ITL284"]]


def test_other_conditions_after_for_image_are_fine() -> None:
    text = _conditions(
        "{type: ForImage, status: 'True'}",
        "{type: Expired, status: 'False'}",
        "{type: Trusted, status: 'True'}",
    )
    assert lint(text) == []
