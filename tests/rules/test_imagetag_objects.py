"""ImageTag names: C2 (spec.name against metadata.name), S1/S2 (stream part)."""

from __future__ import annotations

import pytest

from ._helpers import findings, tag

NOTE = "(checked when the image stream is created)"
PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("metadata: {name: app:v1}\nspec: {name: v1}\n", []),
        ("metadata: {name: app:v1}\nspec: {}\n", []),  # D3 fills spec.name on create
        ("metadata: {name: 'app:'}\nspec: {name: latest}\n", []),
        ("metadata: {name: 'app:A B'}\nspec: {name: A B}\n", []),  # no tag-name check
        ("metadata: {name: 'app:a:b'}\nspec: {name: 'a:b'}\n", []),  # first colon
        (
            "metadata: {name: app:v2}\nspec: {name: v1}\n",
            [
                "4:14: ITL211 spec.name: must match image tag name "
                '(the tag part of metadata.name is "v2")'
            ],
        ),
        (
            "metadata: {name: app}\nspec: {name: latest}\n",
            ['4:14: ITL211 spec.name: must match image tag name (metadata.name has no ":")'],
        ),
        (
            "metadata: {name: app}\nspec: {}\n",
            ['4:7: ITL211 spec.name: must match image tag name (metadata.name has no ":")'],
        ),
        (
            "metadata: {name: My_App:v1}\nspec: {name: v1}\n",
            [f'3:18: ITL212 metadata.name: stream name "My_App": must match {PATTERN} {NOTE}'],
        ),
        (
            "metadata: {name: 'a__b:v1'}\nspec: {name: v1}\n",
            [f'3:18: ITL212 metadata.name: stream name "a__b": must match {PATTERN} {NOTE}'],
        ),
        (
            "metadata: {name: ':v1'}\nspec: {name: v1}\n",
            [
                '3:18: ITL212 metadata.name: stream name "": name or generateName is required '
                + NOTE
            ],
        ),
    ],
)
def test_names(body: str, expected: list[str]) -> None:
    assert findings(tag(body)) == expected


def test_null_spec() -> None:
    text = tag("metadata: {name: app:v1}\nspec: null\n")
    assert findings(text) == ["4:7: ITL227 spec: spec is a required field during creation"]
    assert [f for f in findings(text, profile="object") if "ITL227" in f] == []


def test_object_profile_does_not_default_spec_name() -> None:
    text = tag("metadata: {name: app:v1}\nspec: {}\n")
    assert [f for f in findings(text, profile="object") if "ITL103" not in f] == [
        '4:7: ITL211 spec.name: must match image tag name (the tag part of metadata.name is "v1")'
    ]


def test_stream_path_length() -> None:
    stream = "a" * 250
    text = tag(f"metadata: {{name: '{stream}:v1', namespace: team-a}}\nspec: {{name: v1}}\n")
    assert findings(text) == [
        f"3:18: ITL212 metadata.name: stream name \"{stream}\": 'namespace/name' cannot be "
        f"longer than 255 characters {NOTE}"
    ]
    # Without a namespace only a stream name too long for any namespace is reported.
    fits = tag(f"metadata: {{name: '{stream}:v1'}}\nspec: {{name: v1}}\n")
    assert findings(fits) == []
