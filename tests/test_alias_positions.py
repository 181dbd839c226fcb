"""A value that comes through a YAML alias or a merge key is reported where it is used.

The composed tree holds the anchored node itself wherever an alias repeats it, so
without care every finding inside it would sit at the anchor, in another field, and
several fields would share one position. The locator finds the alias instead (the
field's own place); a member a merge key brings in sits at the alias of the mapping it
comes from, unless the mapping sets the member itself.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml

from imagetag_lint.api import lint_text
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Span
from imagetag_lint.loading import files
from imagetag_lint.loading.documents import (
    HAS_C_COMPOSER,
    SourceDocument,
    _KubeCLoader,
    _KubePyLoader,
    compose_documents,
)

LOADERS = [pytest.param(_KubePyLoader, id="python")]
if HAS_C_COMPOSER:
    LOADERS.append(pytest.param(_KubeCLoader, id="libyaml"))

HEAD = "apiVersion: image.openshift.io/v1\nkind: ImageStream\nmetadata:\n  name: app\n"
BAD = "invalid reference format"


def lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> str:
    path = tmp_path / "stream.yaml"
    path.write_text(text, encoding="utf-8")
    main([str(path)])
    out, _ = capsys.readouterr()
    return out.replace(f"{path}:", "")


def test_an_aliased_scalar_is_reported_at_the_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "  annotations:\n"
        '    image: &img "quay.io/org/Bad Image"\n'  # valid as an annotation
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from:\n"
        "      kind: DockerImage\n"
        "      name: *img\n"
    )
    assert lint(tmp_path, capsys, text) == f"12:13: error: ITL214 spec.tags[0].from.name: {BAD}\n"


def test_findings_inside_an_aliased_mapping_are_reported_at_the_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: &ref\n"
        "      kind: DockerImage\n"
        '      name: "quay.io/org/Bad Image"\n'
        "      colour: blue\n"
        "  - name: v2\n"
        "    from: *ref\n"
    )
    assert lint(tmp_path, capsys, text) == (
        f"10:13: error: ITL214 spec.tags[0].from.name: {BAD}\n"
        "11:7: error: ITL102 spec.tags[0].from.colour: unknown field\n"
        # a key inside the aliased mapping as well as a value: both at the alias
        "13:11: error: ITL102 spec.tags[1].from.colour: unknown field\n"
        f"13:11: error: ITL214 spec.tags[1].from.name: {BAD}\n"
    )


def test_a_merged_member_is_reported_at_the_merge_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: &base\n"
        "      kind: DockerImage\n"
        '      name: "quay.io/org/Bad Image"\n'
        "  - name: v2\n"
        "    from:\n"
        "      <<: *base\n"
    )
    assert lint(tmp_path, capsys, text) == (
        f"10:13: error: ITL214 spec.tags[0].from.name: {BAD}\n"
        f"13:11: error: ITL214 spec.tags[1].from.name: {BAD}\n"
    )


def test_a_member_merged_from_a_list_is_reported_at_its_own_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: &kind\n"
        "      kind: DockerImage\n"
        "      name: quay.io/org/app:1.0\n"
        "  - name: v2\n"
        "    importPolicy: &policy\n"
        "      scheduled: true\n"
        "  - name: v3\n"
        "    from:\n"
        "      <<: [*kind, *policy]\n"  # scheduled comes from *policy
    )
    assert lint(tmp_path, capsys, text) == (
        "16:19: error: ITL102 spec.tags[2].from.scheduled: unknown field\n"
    )


def test_a_merged_key_the_mapping_overrides_is_reported_where_it_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: &base\n"
        "      kind: DockerImage\n"
        '      name: "quay.io/org/Bad Image"\n'
        "      colour: blue\n"
        "  - name: v2\n"
        "    from:\n"
        "      <<: *base\n"
        '      name: "quay.io/org/Other Bad"\n'
    )
    assert lint(tmp_path, capsys, text) == (
        f"10:13: error: ITL214 spec.tags[0].from.name: {BAD}\n"
        "11:7: error: ITL102 spec.tags[0].from.colour: unknown field\n"
        "14:11: error: ITL102 spec.tags[1].from.colour: unknown field\n"
        f"15:13: error: ITL214 spec.tags[1].from.name: {BAD}\n"
    )


def test_an_anchor_used_twice_is_reported_at_each_alias(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "  annotations:\n"
        '    image: &img "quay.io/org/Bad Image"\n'
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: {kind: DockerImage, name: *img}\n"
        "  - name: v2\n"
        "    from:\n"
        "      kind: DockerImage\n"
        "      name:   # the same image\n"
        "        *img\n"
    )
    assert lint(tmp_path, capsys, text) == (
        f"10:37: error: ITL214 spec.tags[0].from.name: {BAD}\n"
        f"15:9: error: ITL214 spec.tags[1].from.name: {BAD}\n"
    )


def test_aliases_of_the_same_node_in_one_list_are_told_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tag = '&t {name: v1, from: {kind: DockerImage, name: "quay.io/org/Bad Image"}}'
    text = HEAD + f"spec:\n  tags: [{tag}, *t, *t]\n"
    name = len("  tags: [&t {name: ") + 1
    first = len(f"  tags: [{tag}, ") + 1
    again = "is defined again at spec.tags[2]: the server keeps only the last one"
    assert lint(tmp_path, capsys, text) == (
        f'6:{name}: warning: ITL380 spec.tags[0].name: tag "v1" {again}\n'
        + f'6:{first}: warning: ITL380 spec.tags[1].name: tag "v1" {again}\n'
        + f"6:{first + 4}: error: ITL214 spec.tags[2].from.name: {BAD}\n"
    )


def test_a_tag_on_an_anchored_scalar_is_reported_once_at_the_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + "  annotations:\n    a: &x !!foo bar\n    b: *x\n"
    assert lint(tmp_path, capsys, text) == (
        "6:8: error: ITL003 the tag !!foo is not supported; the value is read as plain data\n"
    )


def test_a_file_read_piece_by_piece_gives_the_same_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Long enough that libyaml reads it in many chunks, each document after others.
    document = HEAD + (
        "  annotations:\n"
        '    image: &img "quay.io/org/Bad Image"\n'
        "    padding: " + "x" * 400 + "\n"
        "spec:\n"
        "  tags:\n"
        "  - name: v1\n"
        "    from: {kind: DockerImage, name: *img}\n"
    )
    text = "---\n".join([document] * 60)
    whole = lint(tmp_path, capsys, text)
    lines = document.count("\n") + 1  # with its separator
    assert whole == "".join(
        f"{n * lines + 11}:37: error: ITL214 spec.tags[0].from.name: {BAD}\n" for n in range(60)
    )
    monkeypatch.setattr(files, "STREAM_FROM", 0)
    assert lint(tmp_path, capsys, text) == whole


def test_a_byte_order_mark_does_not_move_an_alias() -> None:
    text = HEAD + "  annotations:\n    a: &x 'Bad Image'\nspec:\n  tags:\n  - name: v1\n"
    text += "    from: {kind: DockerImage, name: *x}\n"
    found = [(d.line, d.column, d.code) for d in lint_text(text)]
    assert found == [(10, 37, "ITL214")]
    assert [(d.line, d.column, d.code) for d in lint_text("\ufeff" + text)] == found


def _locator_spans(text: str, loader: type[yaml.SafeLoader], stream: bool) -> list[Span | None]:
    source = io.StringIO(text) if stream else text
    (document,) = compose_documents(source, loader)
    assert isinstance(document, SourceDocument)
    pointers = [("/b", "value"), ("/b", "key"), ("/c/1/d", "value"), ("/c/1/d", "key")]
    pointers += [("/e/d", "value"), ("/e/d", "key"), ("/e/f", "key"), ("/g/d", "value")]
    return [document.locator.span(pointer, at) for pointer, at in pointers]


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("stream", [False, True], ids=["text", "stream"])
@pytest.mark.parametrize("loader", LOADERS)
def test_the_locator_finds_aliases_with_either_composer(
    loader: type[yaml.SafeLoader], stream: bool, bom: str
) -> None:
    # libyaml counts from after a byte order mark, PyYAML counts the mark (on line 1).
    text = bom + (
        "a: &x {d: 1}\n"
        "b: *x\n"
        "c: [*x, *x]  # the second one\n"
        "e: {<<: *x, f: 2}\n"
        "g: {<<: {d: 3}}\n"  # an inline mapping merged: its members are where they are
    )
    assert _locator_spans(text, loader, stream) == [
        Span(2, 4, 2, 6),  # the alias, not the anchored mapping of line 1
        Span(2, 1, 2, 2),  # the key b is b's own
        Span(3, 9, 3, 11),  # inside the second alias of the list
        Span(3, 9, 3, 11),  # a key inside it: the alias too
        Span(4, 9, 4, 11),  # merged: the alias of the merge key
        Span(4, 9, 4, 11),
        Span(4, 13, 4, 14),  # written in the mapping itself
        Span(5, 13, 5, 14),
    ]
