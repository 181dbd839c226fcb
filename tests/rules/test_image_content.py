"""Image content (design card; catalogue I3-I7): manifests, layers, media types, digests.

Each check is the server's error on an Image where the server makes it, and a warning
everywhere else: on the parts of an Image it never reads (layers, the manifest's own
media type) and on an image inside another kind. The same content is linted as an
Image and as the ``image`` of an ImageStreamTag, with every finding, warnings included.
"""

from __future__ import annotations

from typing import Any

import pytest

from imagetag_lint.api import lint_text
from imagetag_lint.diagnostics import Finding
from imagetag_lint.rules import Rule, RuleContext
from imagetag_lint.rules.image_content import (
    digest_format,
    unchecked_digest_format,
    unchecked_negative_size,
)
from imagetag_lint.settings import Settings

from ._helpers import found, tag

SHA = "sha256:" + "a" * 64
OCI = "application/vnd.oci.image.manifest.v1+json"
LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
IMAGE_HEAD = (
    "apiVersion: image.openshift.io/v1\nkind: Image\n"
    f"metadata: {{name: '{SHA}'}}\ndockerImageReference: quay.io/org/app:1.0\n"
)
STREAM_TAG_HEAD = (
    "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\nmetadata: {name: app:v1}\nimage:\n"
)


def as_image(content: str) -> str:
    """``content`` (top-level Image fields, from line 5) as an Image object."""
    return IMAGE_HEAD + content


def as_nested(content: str) -> str:
    """The same content as the ``image`` of an ImageStreamTag: two columns further right."""
    return STREAM_TAG_HEAD + "".join(f"  {line}\n" for line in content.splitlines())


def every_finding(text: str) -> list[str]:
    """``line:col: CODE severity server message`` of every finding, warnings included."""
    return [
        f"{d.line}:{d.column}: {d.code} {d.severity.value} {d.server or '-'} {d.message}"
        for d in lint_text(text, "t.yaml")
    ]


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
    return f"dockerImageManifests: [{{{inner}}}]\n"


def layer(**fields: object) -> str:
    entry = {"name": f"'{SHA}'", "size": 10, "mediaType": LAYER}
    entry.update(fields)
    inner = ", ".join(f"{k}: {v}" for k, v in entry.items() if v is not None)
    return f"dockerImageLayers: [{{{inner}}}]\n"


LAYERS_BESIDE = "dockerImageLayers should not be set when dockerImageManifests is set"
RFC6838 = "media type does not conform to RFC6838"
NOT_OCI = "digest does not conform with OCI image specification"


# (content, findings on an Image, findings inside an ImageStreamTag); a nested finding's
# column is two more and its message starts with "image.".
CASES = [
    pytest.param(manifest(), [], [], id="clean manifest list"),
    pytest.param(layer(), [], [], id="clean layers"),
    pytest.param(
        layer(mediaType="' application/vnd.docker.image.rootfs.diff.tar.gzip '"),
        [],
        [],
        id="spaces around a layer media type",
    ),
    pytest.param(f"dockerImageManifestMediaType: {OCI}\n", [], [], id="clean own media type"),
    pytest.param(layer(name="plain-layer-name"), [], [], id="a layer name that is no digest"),
    pytest.param(
        manifest() + "dockerImageLayers: [{name: x, size: 1}]\n",
        [f"6:1: ITL221 error I7 dockerImageLayers: {LAYERS_BESIDE}"],
        [f"6:3: ITL371 warning - image.dockerImageLayers: {LAYERS_BESIDE}"],
        id="I7 manifests and layers",
    ),
    pytest.param(
        manifest(mediaType="'application/json; charset=utf-8'"),
        [f"5:119: ITL222 error I4 dockerImageManifests[0].mediaType: {RFC6838}"],
        [f"5:121: ITL372 warning - image.dockerImageManifests[0].mediaType: {RFC6838}"],
        id="I4 manifest media type",
    ),
    pytest.param(
        manifest(mediaType="''"),
        [f"5:119: ITL222 error I4 dockerImageManifests[0].mediaType: {RFC6838}"],
        [f"5:121: ITL372 warning - image.dockerImageManifests[0].mediaType: {RFC6838}"],
        id="I4 empty manifest media type",
    ),
    pytest.param(
        manifest(mediaType=None),
        [f"5:24: ITL222 error I4 dockerImageManifests[0].mediaType: {RFC6838}"],
        [],
        id="I4 missing manifest media type: the server reads it as empty",
    ),
    pytest.param(
        manifest(mediaType="null"),
        [f"5:119: ITL222 error I4 dockerImageManifests[0].mediaType: {RFC6838}"],
        [],
        id="I4 null manifest media type",
    ),
    pytest.param(
        manifest(digest=None),
        [f"5:24: ITL224 error I3 dockerImageManifests[0].digest: {NOT_OCI}"],
        [],
        id="I3 missing digest: the server reads it as empty",
    ),
    pytest.param(
        manifest(digest="null"),
        [f"5:33: ITL224 error I3 dockerImageManifests[0].digest: {NOT_OCI}"],
        [],
        id="I3 null digest",
    ),
    pytest.param(
        layer(mediaType="gzip"),
        [f"5:124: ITL372 warning - dockerImageLayers[0].mediaType: {RFC6838}"],
        [f"5:126: ITL372 warning - image.dockerImageLayers[0].mediaType: {RFC6838}"],
        id="I13 layer media type: never checked",
    ),
    pytest.param(layer(mediaType="''"), [], [], id="an empty layer media type is not malformed"),
    pytest.param(
        "dockerImageManifestMediaType: 'text/plain; x=y'\n",
        [f"5:31: ITL372 warning - dockerImageManifestMediaType: {RFC6838}"],
        [f"5:33: ITL372 warning - image.dockerImageManifestMediaType: {RFC6838}"],
        id="I13 own media type: never checked",
    ),
    pytest.param(
        manifest(digest="'sha256:4a5b'"),
        [f"5:33: ITL224 error I3 dockerImageManifests[0].digest: {NOT_OCI}"],
        [
            "5:35: ITL373 warning - image.dockerImageManifests[0].digest: "
            "invalid checksum digest format"
        ],
        id="I3 digest the server refuses",
    ),
    pytest.param(
        manifest(digest="'md5:" + "0" * 32 + "'"),
        ["5:33: ITL373 warning - dockerImageManifests[0].digest: unsupported digest algorithm"],
        [
            "5:35: ITL373 warning - image.dockerImageManifests[0].digest: "
            "unsupported digest algorithm"
        ],
        id="I3 lets any algorithm through",
    ),
    pytest.param(
        manifest(digest="'x sha256:" + "0" * 32 + " y'"),
        ["5:33: ITL373 warning - dockerImageManifests[0].digest: invalid checksum digest format"],
        [
            "5:35: ITL373 warning - image.dockerImageManifests[0].digest: "
            "invalid checksum digest format"
        ],
        id="I3 searches instead of matching",
    ),
    pytest.param(
        manifest(digest="'sha512:" + "0" * 64 + "'"),
        ["5:33: ITL373 warning - dockerImageManifests[0].digest: invalid checksum digest length"],
        [
            "5:35: ITL373 warning - image.dockerImageManifests[0].digest: "
            "invalid checksum digest length"
        ],
        id="I3 does not know the lengths",
    ),
    pytest.param(
        layer(name="'sha256:xyz'"),
        ["5:28: ITL373 warning - dockerImageLayers[0].name: invalid checksum digest format"],
        ["5:30: ITL373 warning - image.dockerImageLayers[0].name: invalid checksum digest format"],
        id="I13 layer digest: never checked",
    ),
    pytest.param(
        manifest(manifestSize=-1),
        [
            "5:177: ITL225 error I6 dockerImageManifests[0].manifestSize: "
            "manifest size cannot be negative"
        ],
        [
            "5:179: ITL374 warning - image.dockerImageManifests[0].manifestSize: "
            "manifest size cannot be negative"
        ],
        id="I6 manifest size",
    ),
    pytest.param(
        layer(size=-1),
        ["5:109: ITL374 warning - dockerImageLayers[0].size: layer size cannot be negative"],
        ["5:111: ITL374 warning - image.dockerImageLayers[0].size: layer size cannot be negative"],
        id="I13 layer size: never checked",
    ),
    pytest.param(
        manifest(architecture=None, os="''"),
        [
            "5:24: ITL226 error I5 dockerImageManifests[0].architecture: Required value",
            "5:186: ITL226 error I5 dockerImageManifests[0].os: Required value",
        ],
        [
            "5:26: ITL375 warning - image.dockerImageManifests[0].architecture: Required value",
            "5:188: ITL375 warning - image.dockerImageManifests[0].os: Required value",
        ],
        id="I5 platform",
    ),
]


@pytest.mark.parametrize(("content", "on_image", "nested"), CASES)
def test_image_content(content: str, on_image: list[str], nested: list[str]) -> None:
    assert every_finding(as_image(content)) == on_image
    assert every_finding(as_nested(content)) == nested


def test_an_image_tag_image_gets_warnings_only() -> None:
    """The server discards ImageTag.image (C13): nothing in it is an error."""
    text = tag(
        "metadata: {name: app:v1}\nspec: {name: v1}\nimage:\n  "
        + manifest(digest="'sha256:4a5b'", os=None)
    )
    assert [line for line in every_finding(text) if " ITL311 " not in line] == [
        "6:26: ITL375 warning - image.dockerImageManifests[0].os: Required value",
        "6:35: ITL373 warning - image.dockerImageManifests[0].digest: "
        "invalid checksum digest format",
    ]


def test_the_images_of_an_import_status_get_warnings_only() -> None:
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreamImport\nmetadata: {name: app}\n"
        "spec: {images: [{from: {kind: DockerImage, name: quay.io/org/app:1.0}}]}\n"
        "status:\n  images:\n  - image:\n      " + manifest(manifestSize=-1)
    )
    expected = [
        "8:183: ITL374 warning - status.images[0].image.dockerImageManifests[0].manifestSize: "
        "manifest size cannot be negative"
    ]
    assert every_finding(text) == expected
    assert [
        f"{d.line}:{d.column}: {d.code} {d.severity.value} - {d.message}"
        for d in lint_text(text, "t.yaml", profile="object")
        if d.code == "ITL374"
    ] == expected


def test_status_image_digest_is_a_warning_in_both_profiles() -> None:
    status = (
        "metadata: {name: app:v1}\nspec: {name: v1}\n"
        "status:\n  items:\n  - created: '2024-05-01T12:00:00Z'\n"
        "    dockerImageReference: quay.io/a\n    image: 'sha256:abc'\n    generation: 1\n"
    )
    expected = ["9:12 ITL373 status.items[0].image: invalid checksum digest format"]
    assert found(tag(status), "ITL373", profile="object") == expected
    assert found(tag(status), "ITL373") == expected


def run(item: Rule, node: dict[str, Any], ctx: RuleContext) -> list[Finding]:
    assert item.check is not None
    return list(item.check(node, ctx))


def context(root_type: str, node_type: str) -> RuleContext:
    return RuleContext(
        pointer="/dockerImageManifests/0",
        obj={},
        root_type=root_type,
        node_type=node_type,
        settings=Settings(),
    )


def test_the_warning_twin_leaves_to_the_error_what_the_server_refuses() -> None:
    refused = {"digest": "sha256:abc", "manifestSize": -1}
    on_image = context("Image", "ImageManifest")
    assert [f.message for f in run(digest_format, refused, on_image)] == [NOT_OCI]
    assert run(unchecked_digest_format, refused, on_image) == []
    assert run(unchecked_negative_size, refused, on_image) == []
    nested = context("ImageStreamTag", "ImageManifest")
    assert [f.message for f in run(unchecked_digest_format, refused, nested)] == [
        "invalid checksum digest format"
    ]
    assert [f.message for f in run(unchecked_negative_size, refused, nested)] == [
        "manifest size cannot be negative"
    ]
    layer_on_image = context("Image", "ImageLayer")
    assert [f.message for f in run(unchecked_negative_size, {"size": -1}, layer_on_image)] == [
        "layer size cannot be negative"
    ]


@pytest.mark.parametrize(
    ("media_type", "expected"),
    [
        (
            "application/vnd.oci.image.manifest.v1.json",
            [
                "5:31 ITL370 dockerImageManifestMediaType: unknown media type "
                '"application/vnd.oci.image.manifest.v1.json"'
                ' (did you mean "application/vnd.oci.image.manifest.v1+json"?)'
            ],
        ),
        (
            "application/vnd.cncf.helm.config.v1+json",
            [
                "5:31 ITL370 dockerImageManifestMediaType: unknown media type "
                '"application/vnd.cncf.helm.config.v1+json"'
            ],
        ),
        ("'text/plain; x=y'", []),  # malformed: ITL372's finding, not this one's
    ],
)
def test_unknown_media_type_is_a_warning(media_type: str, expected: list[str]) -> None:
    text = as_image(f"dockerImageManifestMediaType: {media_type}\n")
    assert found(text, "ITL370") == expected
