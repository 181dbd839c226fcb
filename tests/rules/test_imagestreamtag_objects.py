"""ImageStreamTag create rules (ITL290, ITL291): the REST create's name split and the
tag annotations check, from the server's code; and the stream it creates (ITL212)."""

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
        ("{generateName: app-}", []),  # ITL210 (R6)
        ('{generateName: "app:v"}', []),
        ('{name: "app:v", generateName: app-}', []),
        ("{namespace: team}", []),  # no name at all: ITL202
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


NOTE = "(checked when the image stream is created)"
PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ('{name: "app:1.0"}', []),
        ('{name: "app:A B"}', []),  # the tag part is free
        (
            '{name: "My_App:1.0"}',
            [f'3:18 ITL212 metadata.name: stream name "My_App": must match {PATTERN} {NOTE}'],
        ),
        (
            '{name: "a..b:1.0", namespace: team}',
            [f'3:18 ITL212 metadata.name: stream name "a..b": must match {PATTERN} {NOTE}'],
        ),
        ('{name: "a/b:1.0"}', []),  # "may not contain '/'": ITL202 on the whole name
        # The create refuses these names before it makes a stream: ITL290 alone.
        ("{name: My_App}", []),
        ('{name: ":1.0"}', []),
        ("{generateName: My_App-}", []),
    ],
)
def test_the_stream_part_is_an_image_stream_name(metadata: str, expected: list[str]) -> None:
    assert found(HEADER + f"metadata: {metadata}\n" + TAG, "ITL212") == expected


def test_the_stream_path_fits_in_255_characters() -> None:
    stream = "a" * 250
    text = HEADER + f"metadata: {{name: '{stream}:v1', namespace: team-a}}\n" + TAG
    assert found(text, "ITL212") == [
        f"3:18 ITL212 metadata.name: stream name \"{stream}\": 'namespace/name' cannot be "
        f"longer than 255 characters {NOTE}"
    ]
    # Without a namespace only a stream name too long for any namespace is reported.
    assert found(HEADER + f"metadata: {{name: '{stream}:v1'}}\n" + TAG, "ITL212") == []


@pytest.mark.parametrize(
    ("metadata", "codes"),
    [
        ("{name: My_App}", ["ITL290"]),
        ('{name: ":1.0"}', ["ITL290"]),
        ('{name: "My_App:1.0"}', ["ITL212"]),
        ("{generateName: My_App-}", []),  # ITL210 (R6)
    ],
)
def test_a_name_gets_one_finding(metadata: str, codes: list[str]) -> None:
    """The name's form (ITL290) and the stream it makes (ITL212) never report the same name."""
    text = HEADER + f"metadata: {metadata}\n" + TAG
    assert [line.split()[1] for line in found(text, "ITL290") + found(text, "ITL212")] == codes
