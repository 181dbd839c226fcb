"""Suppression comments, through ``main(argv)``: exact findings, and unused ones reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint.cli import main

HEAD = "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: app:v1}\n"


def lint(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, *args: str) -> str:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    main([*args, str(path)])
    return capsys.readouterr().out.replace(f"{path}:", "")


def test_end_of_line_disable_silences_that_line_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "spec:\n  nme: v1  # imagetag-lint: disable=ITL102\n  nam: v2\n"
    assert lint(tmp_path, capsys, text) == (
        '6:3: error: ITL102 spec.nam: unknown field (did you mean "name"?)\n'
    )


def test_codes_prefixes_and_names_in_one_comment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "spec:\n"
        '  nme: v1\n  reference: "yes"\n'
        "  referencePolicy: {type: Foo, bad: 1}"
        "  # imagetag-lint: disable=ITL1, reference-policy-type\n"
    )
    assert lint(tmp_path, capsys, text) == (
        '5:3: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
        '6:14: error: ITL101 spec.reference: expected boolean, got string "yes"\n'
    )


def test_disable_next_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = "spec:\n  # imagetag-lint: disable-next-line=unknown-field\n  nme: v1\n  nam: v2\n"
    assert lint(tmp_path, capsys, text) == (
        '7:3: error: ITL102 spec.nam: unknown field (did you mean "name"?)\n'
    )


def test_disable_file_with_codes_and_without(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = 'spec:\n  nme: v1\n  reference: "yes"\n# imagetag-lint: disable-file=ITL101\n'
    assert lint(tmp_path, capsys, text) == (
        '5:3: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
    )
    text = "# imagetag-lint: disable-file\n" + 'spec:\n  nme: v1\n  reference: "yes"\n'
    assert lint(tmp_path, capsys, text) == ""


def test_unused_suppressions_are_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "# imagetag-lint: disable-file=ITL201\n"
        "spec:\n"
        "  name: v1  # imagetag-lint: disable=ITL102,ITL777\n"
        "  # imagetag-lint: disable-next-line=ITL101\n"
        "  nme: x  # imagetag-lint: disable=\n"
    )
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    assert main([str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.replace(f"{path}:", "") == (
        "4:1: warning: ITL901 unused suppression: no ITL201 finding in this file\n"
        "6:13: warning: ITL901 unknown rule code or name 'ITL777' in suppression\n"
        "6:13: warning: ITL901 unused suppression: no ITL102 finding on this line\n"
        "7:3: warning: ITL901 unused suppression: no ITL101 finding on the next line\n"
        '8:3: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
        "8:11: warning: ITL901 suppression 'disable' names no rule\n"
    )
    assert err == "Found 1 error and 5 warnings in 1 file (1 file checked).\n"
    # Warnings alone do not fail a run; --fail-on warning makes them.
    path.write_text(HEAD + "spec:\n  name: v1  # imagetag-lint: disable=ITL102\n", "utf-8")
    assert main([str(path)]) == 0
    assert main(["--fail-on", "warning", str(path)]) == 1


def test_a_reason_after_two_dashes_is_ignored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "spec:\n"
        "  nme: v1  # imagetag-lint: disable=ITL102 -- mirrors upstream, ITL101 # as is\n"
        '  reference: "yes"  # imagetag-lint: disable=ITL101 --\n'
        "  # imagetag-lint: disable-next-line=unknown-field -- kept for the old tool\n"
        "  nam: v2\n"
        "  name: v1  # imagetag-lint: disable=ITL103 -- a reason does not make it used\n"
    )
    assert lint(tmp_path, capsys, text) == (
        "9:13: warning: ITL901 unused suppression: no ITL103 finding on this line\n"
    )
    text = "# imagetag-lint: disable-file=ITL102 -- generated\nspec:\n  nme: v1\n"
    assert lint(tmp_path, capsys, text) == ""


def test_a_directive_without_rules_silences_every_rule_there(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "spec:\n"
        '  nme: {reference: "yes"}  # imagetag-lint: disable -- both findings\n'
        "  # imagetag-lint: disable-next-line\n"
        '  nam: "x"\n'
        '  reference: "no"\n'
    )
    assert lint(tmp_path, capsys, text) == (
        '8:14: error: ITL101 spec.reference: expected boolean, got string "no"\n'
    )


def test_an_unused_directive_without_rules_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "spec:\n"
        "  name: v1  # imagetag-lint: disable\n"
        "  # imagetag-lint: disable-next-line -- nothing below\n"
        "  # a comment\n"
    )
    assert lint(tmp_path, capsys, text) == (
        "5:13: warning: ITL901 unused suppression: no finding on this line\n"
        "6:3: warning: ITL901 unused suppression: no finding on the next line\n"
    )
    text = "# imagetag-lint: disable-file -- nothing to silence\nspec:\n  name: v1\n"
    assert lint(tmp_path, capsys, text) == (
        "4:1: warning: ITL901 unused suppression: no finding in this file\n"
    )


def test_suppressions_of_rules_not_checked_are_not_unused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "spec:\n  name: v1  # imagetag-lint: disable=ITL102\n"
    assert lint(tmp_path, capsys, text, "--ignore", "ITL102") == ""
    assert lint(tmp_path, capsys, text, "--ignore", "unused-suppression") == ""
    text = "spec:\n  name: v1  # imagetag-lint: disable=ITL102,ITL901\n"
    assert lint(tmp_path, capsys, text) == ""


def test_comment_look_alikes_inside_values_are_not_directives(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "spec:\n"
        "  name: v1#imagetag-lint:disable=ITL102\n"
        '  nme: "x # imagetag-lint: disable=ITL102"\n'
        "  nam: |\n"
        "    text # imagetag-lint: disable=ITL102\n"
    )
    # spec.name no longer matches the tag; that is not what this test is about.
    assert lint(tmp_path, capsys, text, "--ignore", "ITL211") == (
        '6:3: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
        '7:3: error: ITL102 spec.nam: unknown field (did you mean "name"?)\n'
    )


def test_positions_of_unused_suppressions_in_later_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "spec: {name: v1}\n---\n" + HEAD + "spec: {name: v1}  # imagetag-lint: disable=ITL102\n"
    path = tmp_path / "t.yaml"
    path.write_text(HEAD + text, encoding="utf-8")
    assert main(["--format", "junit", str(path)]) == 0
    out = capsys.readouterr().out
    assert '<testcase name="document 1" classname=' in out
    assert (
        "9:19: warning: ITL901 unused suppression: no ITL102 finding on this line"
    ) in out.split('name="document 2"')[1]


def test_json_files_are_not_searched_for_comments(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "t.json"
    path.write_text(
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag", "metadata": {"name": "a:v1"},'
        ' "spec": {"name": "v1", "annotations": {"note": "# imagetag-lint: disable=ITL102"}}}',
        encoding="utf-8",
    )
    assert main([str(path)]) == 0
    assert capsys.readouterr().out == ""
