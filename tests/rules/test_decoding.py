"""R4: dockerImageMetadata must decode as a DockerImage even though create drops image."""

from __future__ import annotations

import pytest

from ._helpers import findings, tag

META = "metadata: {name: app:v1}\nspec: {name: v1}\n"


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (
            "image: {dockerImageMetadata: {Size: 12, Id: abc, Created: '2024-05-01T12:00:00Z'}}\n",
            [],
        ),
        ("image: {dockerImageMetadata: {size: 12, unknown: [1]}}\n", []),  # keys fold, extras drop
        ("image: {dockerImageMetadataVersion: '9.9'}\n", []),  # no metadata: nothing decoded
        ("image: {dockerImageMetadataVersion: pre012, dockerImageMetadata: {Size: 1}}\n", []),
        (
            "image: {dockerImageMetadata: {Size: '12 MB'}}\n",
            [
                "5:37: ITL220 image.dockerImageMetadata.Size: json: cannot unmarshal string into "
                "Go struct field DockerImage.Size of type int64"
            ],
        ),
        (
            "image: {dockerImageMetadata: {size: 1.5}}\n",
            [
                "5:37: ITL220 image.dockerImageMetadata.size: json: cannot unmarshal number 1.5 "
                "into Go struct field DockerImage.Size of type int64"
            ],
        ),
        (
            "image: {dockerImageMetadataVersion: '9.9', dockerImageMetadata: {}}\n",
            [
                '5:37: ITL220 image.dockerImageMetadataVersion: no kind "DockerImage" is '
                'registered for version "image.openshift.io/9.9" (known versions are "1.0" and '
                '"pre012")'
            ],
        ),
        (
            "image: {dockerImageMetadata: {Config: {Env: [1], ExposedPorts: {80/tcp: x}}}}\n",
            [
                "5:46: ITL220 image.dockerImageMetadata.Config.Env[0]: json: cannot unmarshal "
                "number 1 into Go struct field DockerImage.Config.Env of type string",
                "5:73: ITL220 image.dockerImageMetadata.Config.ExposedPorts.80/tcp: json: cannot "
                "unmarshal string into Go struct field DockerImage.Config.ExposedPorts of type "
                "struct {}",
            ],
        ),
        (
            "image: {dockerImageMetadata: {Created: yesterday, Tty: yes}}\n",
            [
                '5:40: ITL220 image.dockerImageMetadata.Created: parsing time "yesterday": not an '
                "RFC 3339 time"
            ],
        ),
        (
            "image: {dockerImageMetadata: {ContainerConfig: [], Architecture: 1}}\n",
            [
                "5:48: ITL220 image.dockerImageMetadata.ContainerConfig: json: cannot unmarshal "
                "array into Go struct field DockerImage.ContainerConfig of type "
                "docker10.DockerConfig",
                "5:66: ITL220 image.dockerImageMetadata.Architecture: json: cannot unmarshal "
                "number 1 into Go struct field DockerImage.Architecture of type string",
            ],
        ),
    ],
)
def test_docker_image_metadata(image: str, expected: list[str]) -> None:
    assert findings(tag(META + image)) == expected
