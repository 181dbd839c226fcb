"""ImageStreamImport create rules (ITL260-ITL264), from ``ValidateImageStreamImport``.

Each rule is run on the occurrences of its types, as the engine runs it, so the
tables hold without the rules in the registry; once they are registered, the same
tables are checked through the whole engine, with positions.
"""

from __future__ import annotations

import pytest
import yaml

from imagetag_lint.openshift.typegraph import occurrences
from imagetag_lint.rules import BY_CODE, Rule, RuleContext, imagestreamimport_objects
from imagetag_lint.settings import Settings

from ._helpers import found

HEADER = "apiVersion: image.openshift.io/v1\nkind: ImageStreamImport\n"
RULES = {item.code: item for item in imagestreamimport_objects.RULES}
FROM = "from: {kind: DockerImage, name: quay.io/org/app:1.0}"
IMAGE = f"spec:\n  import: true\n  images:\n  - {FROM}\n    to: {{name: '1.0'}}\n"
NOTE = "(checked when spec.import creates the image stream)"
PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'
NOTHING = "/spec/images " + imagestreamimport_objects.NOTHING_TO_IMPORT


def run(code: str, text: str) -> list[str]:
    """``<pointer> <message>`` of rule ``code`` on every occurrence of its types."""
    item: Rule = RULES[code]
    assert item.check is not None
    obj = yaml.safe_load(HEADER + text)
    result = []
    for at in occurrences(obj, "ImageStreamImport", frozenset(item.types)):
        context = RuleContext(at.pointer, obj, "ImageStreamImport", at.type_name, Settings())
        for finding in item.check(at.value, context):
            result.append(f"{at.pointer}{finding.pointer} {finding.message}")
    return result


@pytest.mark.parametrize(
    ("metadata", "spec", "expected"),
    [
        ("{name: app}", IMAGE, []),
        ("{name: My_App}", IMAGE, [f"/metadata/name must match {PATTERN}"]),
        ("{name: a/b}", IMAGE, []),  # "may not contain '/'": metadata-name (M3)
        (
            "{name: app, generateName: app-}",
            IMAGE,
            [f"/metadata/generateName must match {PATTERN}"],
        ),
        ("{generateName: app}", IMAGE, []),  # generate-name-unsupported (R6)
        ("{namespace: team}", IMAGE, []),  # no name at all: metadata-name (M1)
        (
            f"{{name: {'a' * 250}, namespace: team-a}}",
            IMAGE,
            [f"/metadata/name 'namespace/name' cannot be longer than 255 characters {NOTE}"],
        ),
        (  # no stream is created without spec.import
            f"{{name: {'a' * 250}, namespace: team-a}}",
            IMAGE.replace("import: true", "import: false"),
            [],
        ),
        (f"{{name: {'a' * 250}}}", IMAGE, []),  # fits a namespace of up to 4 characters
    ],
)
def test_the_name_is_an_image_stream_name(metadata: str, spec: str, expected: list[str]) -> None:
    assert run("ITL260", f"metadata: {metadata}\n{spec}") == expected


def test_the_path_length_carries_the_stream_id() -> None:
    obj = yaml.safe_load(HEADER + f"metadata: {{name: {'a' * 250}, namespace: team-a}}\n{IMAGE}")
    context = RuleContext("", obj, "ImageStreamImport", "ImageStreamImport", Settings())
    check = RULES["ITL260"].check
    assert check is not None
    assert [finding.server for finding in check(obj, context)] == ["S2"]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (IMAGE, []),
        ("spec: {import: true, repository: {from: {kind: DockerImage, name: quay.io/a}}}\n", []),
        ("spec: {import: true, images: [], repository: {}}\n", []),  # the others' findings
        ("spec: {import: true}\n", [NOTHING]),
        (
            "spec: {import: true, images: []}\n",
            [NOTHING],
        ),
        (
            "spec: {images: null, repository: null}\n",
            [NOTHING],
        ),
        ("spec: null\n", [NOTHING]),
        ("status: {}\n", [NOTHING]),
        ("spec: {images: {}}\n", []),  # not a list: the request does not decode (ITL101)
        ("spec: {repository: []}\n", []),
        ("spec: []\n", []),
    ],
)
def test_there_is_something_to_import(spec: str, expected: list[str]) -> None:
    assert run("ITL261", f"metadata: {{name: app}}\n{spec}") == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (IMAGE, []),
        (
            "spec:\n  images:\n  - from: {kind: dockerimage, name: a}\n",
            [
                '/spec/images/0/from/kind "dockerimage" is not valid: only DockerImage is supported'
                ' (did you mean "DockerImage"?)'
            ],
        ),
        (
            "spec:\n  images:\n  - from: {kind: ImageStreamTag, name: 'a:b'}\n",
            [
                '/spec/images/0/from/kind "ImageStreamTag" is not valid:'
                " only DockerImage is supported"
            ],
        ),
        (
            "spec:\n  images:\n  - to: {name: a}\n",
            ["/spec/images/0/from/kind only DockerImage is supported"],
        ),
        (
            "spec:\n  images:\n  - from: null\n",
            ["/spec/images/0/from/kind only DockerImage is supported"],
        ),
        (
            "spec:\n  images:\n  - from: {name: a}\n",
            ["/spec/images/0/from/kind only DockerImage is supported"],
        ),
        (
            "spec:\n  repository: {from: {kind: DockerImage1, name: a}}\n",
            [
                '/spec/repository/from/kind "DockerImage1" is not valid: only DockerImage is'
                ' supported (did you mean "DockerImage"?)'
            ],
        ),
        ("spec:\n  images:\n  - from: {kind: 1}\n", []),  # not a string: ITL101
        ("spec:\n  images:\n  - from: [a]\n", []),
    ],
)
def test_imports_read_docker_images_only(spec: str, expected: list[str]) -> None:
    assert run("ITL262", f"metadata: {{name: app}}\n{spec}") == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (IMAGE, []),
        ("spec:\n  images:\n  - from: {kind: DockerImage, name: '*'}\n", []),  # old clients
        ("spec:\n  images:\n  - from: {kind: DockerImage, name: quay.io}\n", []),
        ("spec:\n  images:\n  - from: {kind: ImageStreamTag, name: 'A B'}\n", []),  # ITL262's
        (
            "spec:\n  images:\n  - from: {kind: DockerImage}\n",
            ["/spec/images/0/from/name Required value"],
        ),
        (
            "spec:\n  images:\n  - from: {kind: DockerImage, name: Quay.io/Org/App}\n",
            ["/spec/images/0/from/name repository name must be lowercase"],
        ),
        (
            "spec:\n  images:\n  - from: {kind: DockerImage, name: 'a:b:c'}\n",
            ["/spec/images/0/from/name invalid reference format"],
        ),
        ("spec:\n  repository: {from: {kind: DockerImage, name: quay.io/org/app}}\n", []),
        (
            "spec:\n  repository: {from: {kind: DockerImage, name: ''}}\n",
            ["/spec/repository/from/name container image references require a name"],
        ),
        (
            "spec:\n  repository: {from: {kind: DockerImage, name: '*'}}\n",
            ["/spec/repository/from/name invalid reference format"],
        ),
        (
            "spec:\n  repository: {from: {kind: DockerImage, name: 'quay.io/org/app:1.0'}}\n",
            ["/spec/repository/from/name you must specify an image repository, not a tag or ID"],
        ),
        (
            "spec:\n  repository:\n    from:\n      kind: DockerImage\n"
            f"      name: quay.io/org/app@sha256:{'a' * 64}\n",
            ["/spec/repository/from/name you must specify an image repository, not a tag or ID"],
        ),
    ],
)
def test_an_import_names_a_pull_spec(spec: str, expected: list[str]) -> None:
    assert run("ITL263", f"metadata: {{name: app}}\n{spec}") == expected


@pytest.mark.parametrize(
    ("image", "expected"),
    [
        (f"{FROM}\n    to: {{name: v1}}", []),
        (FROM, []),  # imported, tagged nowhere
        (f"{FROM}\n    to: null", []),
        (
            f"{FROM}\n    to: {{}}",
            ["/spec/images/0/to/name the name of the target tag must be specified"],
        ),
        (
            f"{FROM}\n    to: {{name: ''}}",
            ["/spec/images/0/to/name the name of the target tag must be specified"],
        ),
        (
            "from: {kind: ImageStreamTag, name: 'a:b'}\n    to: {}",
            [],
        ),  # checked for DockerImage only
    ],
)
def test_a_target_tag_has_a_name(image: str, expected: list[str]) -> None:
    assert run("ITL264", f"metadata: {{name: app}}\nspec:\n  images:\n  - {image}\n") == expected


registered = pytest.mark.skipif(
    any(code not in BY_CODE for code in RULES),
    reason="imagestreamimport_objects.RULES is not in the rule registry yet",
)


@registered
def test_through_the_engine_with_positions() -> None:
    text = HEADER + (
        "metadata: {name: My_App}\n"
        "spec:\n"
        "  import: true\n"
        "  images:\n"
        "  - from: {kind: dockerimage, name: a}\n"
        "    to: {}\n"
        "  - from: {kind: DockerImage, name: 'a:b:c'}\n"
        "  repository:\n"
        "    from: {kind: DockerImage, name: 'quay.io/org/app:1.0'}\n"
    )
    lines = [line for code in sorted(RULES) for line in found(text, code)]
    assert lines == [
        f"3:18 ITL260 metadata.name: must match {PATTERN}",
        '7:18 ITL262 spec.images[0].from.kind: "dockerimage" is not valid: only DockerImage is'
        ' supported (did you mean "DockerImage"?)',
        "9:37 ITL263 spec.images[1].from.name: invalid reference format",
        "11:37 ITL263 spec.repository.from.name: you must specify an image repository, not a tag"
        " or ID",
    ]
    assert found(HEADER + "metadata: {name: app}\nspec: {import: true}\n", "ITL261") == [
        "4:7 ITL261 spec.images: you must specify at least one image or a repository import"
    ]
    # ``images: null`` is no image: the gate's fragment once took it for a list
    empty = HEADER + "metadata: {name: app}\nspec: {import: true, images: null}\n"
    assert found(empty, "ITL261") == [
        "4:30 ITL261 spec.images: you must specify at least one image or a repository import"
    ]
