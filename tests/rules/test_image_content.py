"""Image content (design card; catalogue I3-I7): manifests, layers, media types, digests."""

from __future__ import annotations

from typing import Any

import pytest

from imagetag_lint.api import lint_text
from imagetag_lint.diagnostics import Finding
from imagetag_lint.rules import Rule, RuleContext
from imagetag_lint.rules.image_content import (
    digest_format,
    manifest_platform,
    manifests_and_layers,
    negative_size,
)
from imagetag_lint.settings import Settings

from ._helpers import findings, found, tag

META = "metadata: {name: app:v1}\nspec: {name: v1}\n"
SHA = "sha256:" + "a" * 64
OCI = "application/vnd.oci.image.manifest.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"


def manifest(**fields: object) -> str:
    entry = {
        "digest": f"'{SHA}'",
        "mediaType": OCI,
        "manifestSize": 100,
        "architecture": "amd64",
        "os": "linux",
    }
    entry.update(fields)
    inner = ", ".join(f"{k}: {v}" for k, v in entry.items() if v is not None)
    return f"image:\n  dockerImageManifests:\n  - {{{inner}}}\n"


def layer(**fields: object) -> str:
    entry = {"name": f"'{SHA}'", "size": 10, "mediaType": LAYER}
    entry.update(fields)
    inner = ", ".join(f"{k}: {v}" for k, v in entry.items() if v is not None)
    return f"image:\n  dockerImageLayers:\n  - {{{inner}}}\n"


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (manifest(), []),
        (layer(), []),
        (layer(mediaType="' application/vnd.docker.image.rootfs.diff.tar.gzip '"), []),
        (
            f"image:\n  dockerImageManifestMediaType: {OCI}\n  dockerImageReference: quay.io/a\n",
            [],
        ),
        (
            manifest() + "  dockerImageLayers: [{name: x, size: 1}]\n",
            [
                "8:3: ITL221 image.dockerImageLayers: dockerImageLayers should not be set when "
                "dockerImageManifests is set"
            ],
        ),
        (
            layer(mediaType="gzip"),
            [
                "7:108: ITL222 image.dockerImageLayers[0].mediaType: media type does not conform "
                "to RFC6838"
            ],
        ),
        (
            manifest(mediaType="'application/json; charset=utf-8'"),
            [
                "7:100: ITL222 image.dockerImageManifests[0].mediaType: media type does not "
                "conform to RFC6838"
            ],
        ),
        (
            "image:\n  dockerImageManifestMediaType: application/vnd.oci.image.manifest.v1.json\n",
            [],  # well-formed: only the ITL370 warning (below)
        ),
        (
            manifest(digest="'sha256:4a5b'"),
            ["7:14: ITL224 image.dockerImageManifests[0].digest: invalid checksum digest format"],
        ),
        (
            manifest(digest="'md5:" + "0" * 32 + "'"),
            ["7:14: ITL224 image.dockerImageManifests[0].digest: unsupported digest algorithm"],
        ),
        (
            manifest(digest="'sha512:" + "0" * 64 + "'"),
            ["7:14: ITL224 image.dockerImageManifests[0].digest: invalid checksum digest length"],
        ),
        (layer(name="plain-layer-name"), []),  # not a digest: not checked
        (
            layer(name="'sha256:xyz'"),
            ["7:12: ITL224 image.dockerImageLayers[0].name: invalid checksum digest format"],
        ),
        (
            layer(size=-1),
            ["7:93: ITL225 image.dockerImageLayers[0].size: layer size cannot be negative"],
        ),
        (
            manifest(manifestSize=-1),
            [
                "7:158: ITL225 image.dockerImageManifests[0].manifestSize: manifest size cannot "
                "be negative"
            ],
        ),
        (
            manifest(architecture=None, os="''"),
            [
                "7:5: ITL226 image.dockerImageManifests[0].architecture: Required value",
                "7:167: ITL226 image.dockerImageManifests[0].os: Required value",
            ],
        ),
    ],
)
def test_image_content(image: str, expected: list[str]) -> None:
    assert findings(tag(META + image)) == expected


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [
        (
            "application/vnd.oci.image.manifest.v1.json",
            [
                "6:33 ITL370 image.dockerImageManifestMediaType: unknown media type "
                '"application/vnd.oci.image.manifest.v1.json"'
                ' (did you mean "application/vnd.oci.image.manifest.v1+json"?)'
            ],
        ),
        (
            "application/vnd.cncf.helm.config.v1+json",
            [
                "6:33 ITL370 image.dockerImageManifestMediaType: unknown media type "
                '"application/vnd.cncf.helm.config.v1+json"'
            ],
        ),
    ],
)
def test_unknown_media_type_is_a_warning(media_type: str, expected: list[str]) -> None:
    text = tag(META + f"image:\n  dockerImageManifestMediaType: {media_type}\n")
    assert found(text, "ITL370") == expected


def test_status_image_digest() -> None:
    status = (
        "status:\n  items:\n  - created: '2024-05-01T12:00:00Z'\n"
        "    dockerImageReference: quay.io/a\n    image: 'sha256:abc'\n    generation: 1\n"
    )
    assert found(tag(META + status), "ITL224", profile="object") == [
        "9:12 ITL224 status.items[0].image: invalid checksum digest format"
    ]
    # A manifest's status is discarded on create (D4): nothing in it is refused.
    assert findings(tag(META + status)) == []


def test_image_rules_are_not_server_errors_on_an_image_tag() -> None:
    """The server discards ImageTag.image: findings there carry no catalogue id."""
    text = tag(META + manifest(digest="'md5:" + "0" * 32 + "'", os=None))
    servers = {(d.code, d.server) for d in lint_text(text) if not d.code.startswith("ITL3")}
    assert servers == {("ITL224", None), ("ITL226", None)}


def run(item: Rule, node: dict[str, Any], ctx: RuleContext) -> list[Finding]:
    assert item.check is not None
    return list(item.check(node, ctx))


def image_ctx(pointer: str, node_type: str) -> RuleContext:
    return RuleContext(
        pointer=pointer, obj={}, root_type="Image", node_type=node_type, settings=Settings()
    )


def test_on_image_objects_findings_carry_the_id_when_the_server_refuses_too() -> None:
    manifest_ctx = image_ctx("/dockerImageManifests/0", "ImageManifest")
    lax_ok = {"digest": "md5:" + "0" * 32, "architecture": "amd64", "os": "linux"}
    assert [(f.message, f.server) for f in run(digest_format, lax_ok, manifest_ctx)] == [
        ("unsupported digest algorithm", None)
    ]
    lax_fails = {"digest": "sha256:abc", "manifestSize": -1, "architecture": "", "os": "linux"}
    assert [(f.pointer, f.server) for f in run(digest_format, lax_fails, manifest_ctx)] == [
        ("/digest", "I3")
    ]
    assert [(f.pointer, f.server) for f in run(negative_size, lax_fails, manifest_ctx)] == [
        ("/manifestSize", "I6")
    ]
    assert [(f.pointer, f.server) for f in run(manifest_platform, lax_fails, manifest_ctx)] == [
        ("/architecture", "I5")
    ]
    image = {"dockerImageManifests": [lax_ok], "dockerImageLayers": [{"name": "x"}]}
    assert [f.server for f in run(manifests_and_layers, image, image_ctx("", "Image"))] == ["I7"]
