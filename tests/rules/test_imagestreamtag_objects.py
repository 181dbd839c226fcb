"""ImageStreamTag create rules (ITL290, ITL291): the REST create's name split and the
tag annotations check, from the server's code."""

from __future__ import annotations

import pytest

from ._helpers import found

HEADER = "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\n"
TAG = "tag:\n  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('{name: "app:1.0"}', []),
        ('{name: "app:"}', []),  # the tag part defaults to latest
        ('{name: "app:a:b"}', []),  # split at the first ":"
        (
            "{name: app}",
            ['3:18 ITL290 metadata.name: "app" must be of the form <stream_name>:<tag>'],
        ),
        (
            '{name: ":1.0"}',
            ['3:18 ITL290 metadata.name: ":1.0" names no image stream: Name parameter required'],
        ),
        (
            "{generateName: app-}",
            [
                "3:26 ITL290 metadata.generateName: a generated name such as"
                ' "app-xxxxx" must be of the form <stream_name>:<tag>'
            ],
        ),
        ('{generateName: "app:v"}', []),
    ],
)
def test_the_name_is_stream_and_tag(metadata: str, expected: list[str]) -> None:
    assert found(HEADER + f"metadata: {metadata}\n" + TAG, "ITL290") == expected


@pytest.mark.parametrize(
    ("metadata", "annotations", "expected"),
    [
        ("{name: 'app:1'}", None, []),
        ("{name: 'app:1'}", "{}", []),  # empty is none, as the server compares
        ("{name: 'app:1', annotations: {a: b}}", "{a: b}", []),
        ("{name: 'app:1', annotations: {a: ''}}", "{a: null}", []),  # null decodes as ""
        ("{name: 'app:1'}", "{a: b}", ["5:16 ITL291"]),
        ("{name: 'app:1', annotations: {a: b}}", "{a: c}", ["5:16 ITL291"]),
    ],
)
def test_tag_annotations_are_none_or_the_objects(
    metadata: str, annotations: str | None, expected: list[str]
) -> None:
    tag = "tag:\n" + (f"  annotations: {annotations}\n" if annotations else "")
    tag += "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
    codes = [
        " ".join(line.split()[:2])
        for line in found(HEADER + f"metadata: {metadata}\n" + tag, "ITL291")
    ]
    assert codes == expected
