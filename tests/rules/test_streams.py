"""ImageStream server rules (S1, S2, S10, S11, D9) and the legacy apiVersion warning:
exact code, position and message."""

from __future__ import annotations

import pytest

from imagetag_lint.checking import engine
from imagetag_lint.settings import DEFAULT_SETTINGS

HEADER = "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"


MINE = frozenset({"ITL270", "ITL271", "ITL272", "ITL273", "ITL274", "ITL380", "ITL381"})


def lint(text: str, profile: str = "manifest") -> list[str]:
    # Only this family's rules: other rules (metadata, tag references) have their own tests.
    settings = DEFAULT_SETTINGS.replace(select=MINE, profile=profile)
    found = engine.lint_text(text, "s.yaml", settings)
    return [f"{d.line}:{d.column} {d.code} {d.message}" for d in found]


PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("My_App", f"must match {PATTERN}"),
        ("app__x", f"must match {PATTERN}"),
        ("app.-x", f"must match {PATTERN}"),
        ("-app", f"must match {PATTERN}"),
    ],
)
def test_stream_name(name: str, message: str) -> None:
    assert lint(HEADER + f"metadata:\n  name: {name}\n") == [f"4:9 ITL270 metadata.name: {message}"]


@pytest.mark.parametrize("name", ["app", "my-app.v2_x", "a1", "a/b", "'..'"])
def test_valid_stream_names_and_path_segment_errors_are_not_this_rules(name: str) -> None:
    assert lint(HEADER + f"metadata:\n  name: {name}\n") == []


def test_generate_name_prefix_must_match_the_pattern_itself() -> None:
    assert lint(HEADER + "metadata:\n  generateName: my-app-\n") == [
        f"4:17 ITL271 metadata.generateName: must match {PATTERN}"
    ]
    assert lint(HEADER + "metadata:\n  generateName: my-app\n") == []


def test_namespace_and_name_length() -> None:
    name = "a" * 251  # "demo/" + 251 = 256 characters
    text = HEADER + f"metadata:\n  name: {name}\n  namespace: demo\n"
    assert lint(text) == [
        "4:9 ITL272 metadata.name: 'namespace/name' cannot be longer than 255 characters"
    ]
    assert lint(text.replace("namespace: demo", "namespace: dem")) == []


@pytest.mark.parametrize(
    ("repository", "message"),
    [
        ("quay.io/org/app:latest", "the repository name may not contain a tag"),
        (
            "quay.io/org/app@sha256:" + "a" * 64,
            "the repository name may not contain an ID",
        ),
        ("Quay.io/Org/App", "repository name must be lowercase"),
        ("quay.io/org/app?x", "invalid reference format"),
    ],
)
def test_docker_image_repository(repository: str, message: str) -> None:
    text = HEADER + f"metadata:\n  name: app\nspec:\n  dockerImageRepository: {repository}\n"
    assert lint(text) == [f"6:26 ITL273 spec.dockerImageRepository: {message}"]


def test_docker_image_repository_without_tag_passes() -> None:
    text = HEADER + "metadata:\n  name: app\nspec:\n  dockerImageRepository: quay.io/org/app\n"
    assert lint(text) == []


STATUS = """\
metadata:
  name: app
status:
  tags:
  - tag: latest
    items:
    - image: sha256:1
      dockerImageReference: quay.io/org/app@sha256:abc
    - image: sha256:2
      dockerImageReference: ""
    - image: sha256:3
    - image: sha256:4
      dockerImageReference: quay.io/org/app:1.0
"""


def test_status_references_are_not_checked_in_a_manifest() -> None:
    """The server replaces a manifest's status (D10): nothing there is refused."""
    assert lint(HEADER + STATUS) == []


def test_status_references_must_be_set_and_parseable() -> None:
    assert lint(HEADER + STATUS, profile="object") == [
        "10:29 ITL274 status.tags[0].items[0].dockerImageReference: invalid reference format",
        "12:7 ITL274 status.tags[0].items[1].dockerImageReference: Required value",
        "13:7 ITL274 status.tags[0].items[2].dockerImageReference: Required value",
    ]


DUPLICATES = """\
metadata:
  name: app
spec:
  tags:
  - name: latest
    from: {kind: DockerImage, name: "quay.io/org/app:1.0"}
  - name: "1.0"
    from: {kind: DockerImage, name: "quay.io/org/app:1.0"}
  - name: latest
    from: {kind: DockerImage, name: "quay.io/org/app:2.0"}
"""


def test_duplicate_tag_names_warn_at_the_dropped_entry() -> None:
    assert lint(HEADER + DUPLICATES) == [
        '7:11 ITL380 spec.tags[0].name: tag "latest" is defined again at spec.tags[2]:'
        " the server keeps only the last one"
    ]


def test_three_duplicates_warn_twice() -> None:
    text = HEADER + DUPLICATES.replace('name: "1.0"', "name: latest")
    assert [line.split(":", 2)[:2] for line in lint(text)] == [
        ["7", "11 ITL380 spec.tags[0].name"],
        ["9", "11 ITL380 spec.tags[1].name"],
    ]


@pytest.mark.parametrize("kind", ["ImageStream", "ImageStreamTag", "ImageStreamImport", "Image"])
def test_legacy_api_version_warns_on_every_legacy_kind(kind: str) -> None:
    text = f"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: app\n"
    found = [line for line in lint(text) if "ITL381" in line]
    assert found == [
        '1:13 ITL381 apiVersion: "v1" is the legacy group-less API version:'
        ' use "image.openshift.io/v1"'
    ]


def test_embedded_stream_of_an_import_gets_no_metadata_rules() -> None:
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreamImport\nmetadata:\n  name: app\n"
        "status:\n  import:\n    apiVersion: v1\n    metadata: {name: Bad_Name}\n"
    )
    assert lint(text) == []
