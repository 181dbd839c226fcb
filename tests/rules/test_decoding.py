"""R4: dockerImageMetadata must decode as a DockerImage even though create drops image."""

from __future__ import annotations

import pytest

from ._helpers import findings, tag

META = "metadata: {name: app:v1}\nspec: {name: v1}\n"
HINT_10 = '(dockerImageMetadataVersion is "1.0")'


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (
            "image: {dockerImageMetadata: {Size: 12, Id: abc, Created: '2024-05-01T12:00:00Z'}}\n",
            [],
        ),
        # Field names are matched case-sensitively: "size" is no 1.0 field, and is dropped.
        ("image: {dockerImageMetadata: {size: '12 MB', unknown: [1]}}\n", []),
        ("image: {dockerImageMetadataVersion: '9.9'}\n", []),  # no metadata: nothing decoded
        ("image: {dockerImageMetadataVersion: pre012, dockerImageMetadata: {size: 1}}\n", []),
        ("image: {dockerImageMetadataVersion: pre012, dockerImageMetadata: {Size: x}}\n", []),
        ("image: {dockerImageMetadata: {Size: 12.0}}\n", []),  # sent as 12
        (
            "image: {dockerImageMetadata: {Size: '12 MB'}}\n",
            [
                "5:37: ITL220 image.dockerImageMetadata.Size: json: cannot unmarshal string into "
                "Go struct field DockerImage.Size of type int64"
            ],
        ),
        (
            "image: {dockerImageMetadataVersion: pre012, dockerImageMetadata: {size: 1.5}}\n",
            [
                "5:73: ITL220 image.dockerImageMetadata.size: json: cannot unmarshal number 1.5 "
                "into Go struct field DockerImage.size of type int64"
            ],
        ),
        (
            "image: {dockerImageMetadata: {Size: 1.0e+25}}\n",
            [
                "5:37: ITL220 image.dockerImageMetadata.Size: json: cannot unmarshal number 1e+25 "
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
                "number into Go struct field DockerConfig.Config.Env of type string",
                "5:73: ITL220 image.dockerImageMetadata.Config.ExposedPorts.80/tcp: json: cannot "
                "unmarshal string into Go struct field DockerConfig.Config.ExposedPorts of type "
                "struct {}",
            ],
        ),
        (
            "image:\n  dockerImageMetadataVersion: pre012\n"
            "  dockerImageMetadata: {config: {Labels: {a: [1]}}, Config: {Labels: {a: [1]}}}\n",
            [
                "7:46: ITL220 image.dockerImageMetadata.config.Labels.a: json: cannot unmarshal "
                "array into Go struct field DockerConfig.config.Labels of type string"
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
            "image: {dockerImageMetadata: {Created: 5}}\n",
            [
                "5:40: ITL220 image.dockerImageMetadata.Created: json: cannot unmarshal number "
                "into Go value of type string"
            ],
        ),
        (
            "image: {dockerImageMetadata: {ContainerConfig: [], Architecture: 1}}\n",
            [
                "5:48: ITL220 image.dockerImageMetadata.ContainerConfig: json: cannot unmarshal "
                "array into Go struct field DockerImage.ContainerConfig of type "
                "docker10.DockerConfig",
                "5:66: ITL220 image.dockerImageMetadata.Architecture: json: cannot unmarshal "
                "number into Go struct field DockerImage.Architecture of type string",
            ],
        ),
    ],
)
def test_docker_image_metadata(image: str, expected: list[str]) -> None:
    assert findings(tag(META + image)) == expected


def _metadata(inner: str, version: str | None = None) -> str:
    text = META + "image:\n"
    if version is not None:
        text += f"  dockerImageMetadataVersion: '{version}'\n"
    return tag(text + f"  dockerImageMetadata: {inner}\n")


@pytest.mark.parametrize(
    ("inner", "version"),
    [
        ("{apiVersion: image.openshift.io/1.0, kind: DockerImage, Size: 1}", None),
        ("{apiVersion: '1.0', kind: DockerImage}", "1.0"),  # the group-less registration
        ("{apiVersion: null, kind: null}", None),
        ("{apiVersion: '', kind: ''}", None),
        ("{apiVersion: image.openshift.io/}", None),  # an empty version takes the default
        ("{apiVersion: /1.0}", None),
        ("{apiVersion: image.openshift.io/pre012, kind: DockerImage}", "pre012"),
        ("{apiVersion: pre012}", "pre012"),
        ("{apiversion: image.openshift.io/1.0, Kind: DockerImage}", None),  # any case
        ("{APIVersion: v1, apiVersion: '1.0'}", None),  # keys sorted, the last one wins
    ],
)
def test_an_inner_api_version_of_the_metadata_version_decodes(
    inner: str, version: str | None
) -> None:
    assert findings(_metadata(inner, version)) == []


@pytest.mark.parametrize(
    ("inner", "version", "expected"),
    [
        (
            "{apiVersion: image.openshift.io/pre012, kind: DockerImage}",
            None,
            "6:37: ITL220 image.dockerImageMetadata.apiVersion: converting "
            f"(dockerpre012.DockerImage) to (docker10.DockerImage): unknown conversion {HINT_10}",
        ),
        (
            "{apiVersion: pre012, Size: x}",  # decoded as pre012 and not converted
            "1.0",
            "7:37: ITL220 image.dockerImageMetadata.apiVersion: converting "
            f"(dockerpre012.DockerImage) to (docker10.DockerImage): unknown conversion {HINT_10}",
        ),
        (
            "{apiVersion: '1.0'}",
            "pre012",
            "7:37: ITL220 image.dockerImageMetadata.apiVersion: converting "
            "(docker10.DockerImage) to (dockerpre012.DockerImage): unknown conversion "
            '(dockerImageMetadataVersion is "pre012")',
        ),
        (
            "{apiVersion: image.openshift.io/v1, kind: DockerImage}",
            None,
            '6:37: ITL220 image.dockerImageMetadata.apiVersion: no kind "DockerImage" is '
            f'registered for version "image.openshift.io/v1" {HINT_10}',
        ),
        (
            "{apiVersion: v1}",
            None,
            '6:37: ITL220 image.dockerImageMetadata.apiVersion: no kind "DockerImage" is '
            f'registered for version "v1" {HINT_10}',
        ),
        (
            "{apiVersion: v1, kind: Image}",
            None,
            '6:37: ITL220 image.dockerImageMetadata.apiVersion: no kind "Image" is registered '
            f'for version "v1" {HINT_10}',
        ),
        (
            "{apiVersion: image.openshift.io/v1, kind: Image}",
            None,
            "6:37: ITL220 image.dockerImageMetadata.apiVersion: converting (v1.Image) to "
            f"(docker10.DockerImage): unknown conversion {HINT_10}",
        ),
        (
            "{apiVersion: '1.0', kind: Status}",
            None,
            "6:50: ITL220 image.dockerImageMetadata.kind: converting (v1.Status) to "
            "(docker10.DockerImage): unknown conversion",
        ),
        (
            "{kind: Image}",
            None,
            '6:31: ITL220 image.dockerImageMetadata.kind: no kind "Image" is registered for '
            'version "image.openshift.io/1.0"',
        ),
        (
            "{apiVersion: image.openshift.io/__internal, kind: Image}",
            None,
            '6:37: ITL220 image.dockerImageMetadata.apiVersion: "image.openshift.io/__internal, '
            f'Kind=Image" does not decode as the DockerImage of version "1.0" {HINT_10}',
        ),
        (
            "{apiVersion: __internal}",
            None,
            '6:37: ITL220 image.dockerImageMetadata.apiVersion: no kind "DockerImage" is '
            f'registered for the internal version of group "" {HINT_10}',
        ),
        (
            "{APIVersion: pre012}",  # matched in any case
            None,
            "6:37: ITL220 image.dockerImageMetadata.APIVersion: converting "
            f"(dockerpre012.DockerImage) to (docker10.DockerImage): unknown conversion {HINT_10}",
        ),
        (
            "{apiVersion: a/b/c}",
            None,
            "6:37: ITL220 image.dockerImageMetadata.apiVersion: unexpected GroupVersion string: "
            f"a/b/c {HINT_10}",
        ),
        (
            "{apiVersion: registry/, Size: 1, Comment: <&>}",
            None,
            "6:37: ITL220 image.dockerImageMetadata.apiVersion: Object 'apiVersion' is missing "
            'in \'{"Comment":"\\u003c\\u0026\\u003e","Size":1,"apiVersion":"registry/"}\' '
            f"{HINT_10}",
        ),
        (
            "{apiVersion: 1, kind: DockerImage}",
            None,
            "6:37: ITL220 image.dockerImageMetadata.apiVersion: couldn't get version/kind; json "
            "parse error: json: cannot unmarshal number into Go struct field .apiVersion of type "
            "string",
        ),
        (
            "{Kind: [DockerImage]}",
            None,
            "6:31: ITL220 image.dockerImageMetadata.Kind: couldn't get version/kind; json parse "
            "error: json: cannot unmarshal array into Go struct field .kind of type string",
        ),
    ],
)
def test_an_inner_api_version_or_kind_of_another_type_fails(
    inner: str, version: str | None, expected: str
) -> None:
    assert findings(_metadata(inner, version)) == [expected]
