"""Server rules for `kind: Image` objects only (I2, I8, I9, I12): exact findings."""

from __future__ import annotations

import pytest

from imagetag_lint.checking import engine
from imagetag_lint.settings import DEFAULT_SETTINGS

DIGEST = "sha256:" + "0123456789abcdef" * 4
HEADER = f"""\
apiVersion: image.openshift.io/v1
kind: Image
metadata:
  name: {DIGEST}
dockerImageReference: quay.io/org/app@{DIGEST}
"""


MINE = frozenset({"ITL276", "ITL280", "ITL281", "ITL284"})


def lint(text: str) -> list[str]:
    # Only this family's rules: manifests and signature warnings have their own tests.
    settings = DEFAULT_SETTINGS.replace(select=MINE)
    found = engine.lint_text(text, "i.yaml", settings)
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in found]


def test_a_complete_image_passes() -> None:
    assert lint(HEADER) == []


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


def test_a_valid_manifest_passes() -> None:
    assert lint(HEADER + MANIFEST.format(digest=DIGEST)) == []


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


def test_a_condition_before_for_image_crashes_the_server() -> None:
    text = _conditions("{type: Expired, status: 'False'}", "{type: ForImage, status: 'True'}")
    assert lint(text) == [
        '12:12 ITL284 signatures[0].conditions[0].type: "Expired" before any "ForImage"'
        " condition crashes validation (HTTP 500, a server bug):"
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


def signature_findings(text: str) -> list[str]:
    """The signature-pair and unknown-state rules, as errors (Image) or warnings."""
    codes = frozenset({"ITL282", "ITL283", "ITL330", "ITL331"})
    settings = DEFAULT_SETTINGS.replace(select=codes)
    found = engine.lint_text(text, "i.yaml", settings)
    return [f"{d.line}:{d.column} {d.code} {d.severity.value} {d.server}" for d in found]


def test_condition_pairs_are_server_errors_on_images() -> None:
    text = _conditions("{type: Trusted, status: 'True'}")
    assert signature_findings(text) == ["12:3 ITL282 error I10"]
    paired = _conditions("{type: Trusted, status: 'True'}", "{type: ForImage, status: 'True'}")
    assert signature_findings(paired) == []


def test_identity_in_unknown_state_is_a_server_error_on_images() -> None:
    text = _conditions(
        "{type: ForImage, status: Unknown}", "{type: Trusted, status: Unknown}"
    ).replace("  type: AtomicImageV1\n", "  type: AtomicImageV1\n  imageIdentity: quay.io/a\n")
    assert signature_findings(text) == ["10:18 ITL283 error I11"]


def test_in_an_image_tag_the_same_signatures_only_warn() -> None:
    body = SIGNATURE.format(name="img@sig", extra="").replace("\n", "\n  ")
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: 'a:b'}\n"
        "spec: {name: b}\nimage:\n  "
        + body
        + "  conditions:\n    - {type: Trusted, status: 'True'}\n"
    )
    assert signature_findings(text) == ["12:5 ITL330 warning None"]
