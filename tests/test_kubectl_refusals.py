"""What kubectl/oc refuse on the client (catalogue K1-K3), and what they let through (K6).

An error with a K id in its ``server`` field is one kubectl really raises before
anything reaches the server; a duplicate key is kept last-wins by kubectl, so it is
reported without an id.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint import lint_text
from imagetag_lint.cli import main

HEADER = "apiVersion: image.openshift.io/v1\nkind: ImageTag\n"
TAG = HEADER + "metadata: {name: app:v1}\nspec: {name: v1}\n"


def _found(text: str, filename: str = "tags.yaml") -> list[tuple[str, int | None, str, str | None]]:
    return [(d.code, d.line, d.message, d.server) for d in lint_text(text, filename)]


def test_a_syntax_error_is_kubectls_k1() -> None:
    text = HEADER + "metadata: {name: app:v1}\nspec:\n  name: v1\n from: {}\n"
    [(code, line, message, server)] = _found(text)
    assert (code, line, server) == ("ITL001", 6, "K1")
    assert "while parsing a block mapping" in message


def test_a_json_syntax_error_is_k1() -> None:
    assert _found('{\n"kind": "ImageTag",\n}', "tag.json") == [
        ("ITL001", 3, "invalid JSON: Expecting property name enclosed in double quotes", "K1")
    ]


def test_a_separator_with_text_after_it_is_kubectls_k2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tags.yaml"
    path.write_text(TAG + "--- the next tag\n", encoding="utf-8")
    assert main(["--isolated", str(path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{path}:5:1: error: ITL001 invalid Yaml document separator: the next tag\n"
    [diagnostic] = lint_text(path.read_text(encoding="utf-8"))
    assert (diagnostic.server, diagnostic.document, diagnostic.end_column) == ("K2", 1, 17)


def test_a_separator_glued_to_a_key_is_k2_beside_what_libyaml_makes_of_it() -> None:
    """``---apiVersion: v1`` (a Helm ``{{-`` trimmed the line break) is one document for
    libyaml, with duplicate keys; kubectl refuses the line itself."""
    found = _found(TAG + "---apiVersion: image.openshift.io/v1\nkind: ImageTag\n")
    assert found[0] == (
        "ITL001",
        5,
        "invalid Yaml document separator: apiVersion: image.openshift.io/v1",
        "K2",
    )


@pytest.mark.parametrize(
    "text",
    [
        TAG + "---\n" + TAG,
        TAG + "---   \n" + TAG,
        TAG + "--- # the next tag\n" + TAG,
        "--- # the first tag\n" + TAG,
        TAG + "metadata:\n  annotations:\n    note: |\n      --- indented\n",
        TAG + "...\n",
    ],
)
def test_separators_kubectl_accepts(text: str) -> None:
    assert [finding for finding in _found(text) if finding[0] == "ITL001"] == []


def test_json_is_not_split_by_lines() -> None:
    text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        '"metadata": {"name":\n"---x"}}'
    )
    assert [d for d in lint_text(text, "tag.yaml") if d.server == "K2"] == []


def test_separator_documents_are_counted_as_libyaml_counts_them() -> None:
    text = "# a comment\n---\n" + TAG + "--- first\n" + TAG + "---second\n"
    found = [(d.document, d.line) for d in lint_text(text) if d.server == "K2"]
    assert found == [(1, 7), (2, 12)]


def test_a_null_key_is_kubectls_k3() -> None:
    text = HEADER + "metadata:\n  name: app:v1\n  ~: nothing\nspec: {name: v1}\n"
    assert _found(text) == [("ITL004", 4, "a null key cannot be read by kubectl", "K3")]


def test_a_duplicate_key_is_reported_without_a_server_id() -> None:
    text = HEADER + "metadata: {name: app:v1}\nspec:\n  name: v1\n  name: v1\n"
    assert _found(text) == [
        (
            "ITL002",
            6,
            'duplicate key "name": kubectl uses the last value and drops the earlier one',
            None,
        )
    ]


def test_valid_json_with_characters_beyond_the_basic_plane_reads() -> None:
    """JSON escapes them as surrogate pairs, which YAML has not; kubectl reads them."""
    text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",'
        ' "metadata": {"name": "app:v1", "annotations": {"note": "\\ud83d\\ude00 \\ud800"}},'
        ' "spec": {"name": "v1"}}'
    )
    assert [(d.code, d.message) for d in lint_text(text, "tag.json")] == [
        (
            "ITL312",
            "metadata.annotations: annotations of an ImageTag are never stored, and the next"
            ' update fails with "may not update fields other than spec": set them on the'
            " ImageStream",
        )
    ]


STREAM_WITH_DUPLICATES = """\
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata: {name: app}
spec:
  tags:
  - name: latest
    from: {kind: DockerImag, name: quay.io/org/app:1.0}
    referencePolicy: {type: source}
    generation: "2"
  - name: latest
    from: {kind: DockerImage, name: quay.io/org/app:2.0}
  - name: stable
    from: {kind: DockerImag, name: quay.io/org/app:2.0}
"""


def test_a_shadowed_tag_gets_no_server_error() -> None:
    """D9: the server turns spec.tags into a map, last entry wins, and never validates
    the earlier one; JSON decoding has read it first, so its type errors stay."""
    assert [(d.code, d.line, d.server) for d in lint_text(STREAM_WITH_DUPLICATES)] == [
        ("ITL380", 6, None),
        ("ITL313", 9, None),  # a lint-only warning stays
        ("ITL101", 9, "R2"),
        ("ITL216", 13, "C8"),
    ]


@pytest.mark.parametrize(
    ("text", "ours"),
    [
        (
            "apiVersion: image.openshift.io/v1\nkind: Image\nmetadata:\n  name: {{ .Values.n }}\n",
            True,
        ),
        ("apiVersion: v1\nkind: Image\nmetadata:\n  name: {{ .Values.n }}\n", True),
        ("apiVersion: v1\nkind: ImageStream\nmetadata:\n  name: {{ .Values.n }}\n", True),
        ("apiVersion: config.openshift.io/v1\nkind: Image\nspec:\n  x: {{ .Values.n }}\n", False),
        ("apiVersion: kpack.io/v1alpha2\nkind: Image\nspec:\n  tag: {{ .Values.n }}\n", False),
        ("apiVersion: v1\nkind: Template\nobjects:\n- {{ .Values.deployment }}\n", False),
    ],
)
def test_helm_sources_are_ours_by_group_and_kind(text: str, ours: bool) -> None:
    codes = [d.code for d in lint_text(text, "template.yaml")]
    assert codes == (["ITL001"] if ours else [])
