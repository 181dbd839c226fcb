"""The command line, end to end through ``main(argv)``: exact output and exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from rules._helpers import VALID_TAG as VALID

from imagetag_lint.cli import main


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_valid_file_exits_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    assert main([path]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == "All checks passed (1 file checked).\n"


def test_findings_are_positioned_and_sorted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = VALID.replace("  name: v1\n", "  name: v1\n  referencPolicy: {type: Local}\n")
    text = text.replace(
        "name: quay.io/org/app:1.0", "name: quay.io/org/app:1.0\n  reference: 'yes'"
    )
    path = write(tmp_path, "bad.yaml", text)
    assert main([path]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"{path}:8:3: error: ITL102 spec.referencPolicy: unknown field"
        ' (did you mean "referencePolicy"?)\n'
        f'{path}:12:14: error: ITL101 spec.reference: expected boolean, got string "yes"\n'
    )
    assert err == "Found 2 errors and 0 warnings in 1 file (1 file checked).\n"


def test_unquoted_scalar_gets_a_quoting_hint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "num.yaml",
        VALID.replace("app:v1", "app:1.10").replace("  name: v1\n", "  name: 1.10\n"),
    )
    assert main([path]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f"{path}:7:9: error: ITL101 spec.name: expected string, got number 1.1;"
        ' YAML reads the unquoted 1.10 as number: quote it ("1.10")\n'
    )


def test_missing_required_is_on_the_key_of_the_mapping_that_lacks_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata:\n  name: app:v1\n"
    path = write(tmp_path, "nospec.yaml", text)
    assert main([path]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{path}:1:1: error: ITL103 spec: required field is missing\n"


def test_object_profile_applies_documented_required_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    assert main(["--profile", "manifest", path]) == 0
    capsys.readouterr()
    assert main(["--profile", "object", path]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f"{path}:1:1: error: ITL103 image: required field is missing\n"
        f"{path}:1:1: error: ITL103 status: required field is missing\n"
    )


def test_look_alikes_and_other_kinds_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "apiVersion: builtin\nkind: ImageTagTransformer\nmetadata: {name: x}\nbogus: 1\n---\n"
        "apiVersion: config.openshift.io/v1\nkind: ImageTagMirrorSet\nspec: {bogus: 1}\n---\n"
        "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a, name: b}\n"
    )
    path = write(tmp_path, "other.yaml", text)
    assert main([path]) == 0
    assert capsys.readouterr().out == ""


def test_list_items_are_linted_with_their_positions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    item = "  - apiVersion: image.openshift.io/v1\n    kind: ImageTag\n    spec: {nme: v1}\n"
    item += "    metadata: {name: app:latest}\n"
    path = write(tmp_path, "list.yaml", "apiVersion: v1\nkind: List\nitems:\n" + item)
    assert main([path]) == 1
    out, _ = capsys.readouterr()
    assert out == f'{path}:6:12: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'


def test_directories_are_walked_for_yaml_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "b/one.yaml", VALID)
    write(tmp_path, "a/two.yml", VALID)
    # Not ours: a look-alike (an image apiVersion without a kind is refused by kubectl, K5).
    write(tmp_path, "a/three.json", json.dumps({"apiVersion": "config.openshift.io/v1"}))
    write(tmp_path, "a/notes.txt", "not: linted\n")
    assert main([str(tmp_path)]) == 0
    assert capsys.readouterr().err == (
        "All checks passed (3 files checked; 2 documents linted, 1 skipped"
        ": not of a kind this run lints).\n"
    )


def test_json_findings_have_positions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    obj = {"apiVersion": "image.openshift.io/v1", "kind": "ImageTag", "spec": {"reference": 1}}
    obj["metadata"] = {"name": "app:latest"}
    path = write(tmp_path, "it.json", json.dumps(obj, indent=2))
    assert main([path]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{path}:5:18: error: ITL101 spec.reference: expected boolean, got integer 1\n"


def test_syntax_error_is_a_finding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "broken.yaml", "kind: ImageTag\nspec:\n  name: a\n bad: b\n")
    assert main([path]) == 1
    out, _ = capsys.readouterr()
    assert out.startswith(f"{path}:4:2: error: ITL001 ")


def test_broken_yaml_that_names_no_image_api_is_not_ours(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A pre-commit hook must not fail on a broken ConfigMap: it is not ours to read."""
    path = write(tmp_path, "broken.yaml", "kind: ConfigMap\ndata:\n  a: b\n bad: c\n")
    assert main([path]) == 0
    assert capsys.readouterr() == ("", "All checks passed (1 file checked).\n")


def test_missing_file_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path, "ok.yaml", VALID)
    missing = str(tmp_path / "nope.yaml")
    assert main([missing, good]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"imagetag-lint: error: {missing}: no such file or directory\n"
        "All checks passed (1 file checked).\n"
    )


def test_no_paths_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "no paths given" in capsys.readouterr().err


def test_unknown_option_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--bogus"])
    assert exit_info.value.code == 2


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    stdin = io.TextIOWrapper(
        io.BytesIO(VALID.replace("v1\n  from", "v2\n  from").replace("app:v1", "app:v2").encode())
    )
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["-", "--stdin-filename", "tag.yaml"]) == 0


def test_json_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "bad.yaml", VALID.replace("  name: v1\n", "  name: v1\n  x: 1\n"))
    assert main(["--format", "json", path]) == 1
    (finding,) = json.loads(capsys.readouterr().out)
    assert finding == {
        "code": "ITL102",
        "name": "unknown-field",
        "severity": "error",
        "message": "spec.x: unknown field",
        "file": path,
        "line": 8,
        "column": 3,
        "end_line": 8,
        "end_column": 4,
        "pointer": "/spec/x",
        "document": 0,
        "server": "R3",
        "fix": None,  # no field of that name is close enough to rename it to
    }


def test_module_entry_point(tmp_path: Path) -> None:
    path = write(tmp_path, "ok.yaml", VALID)
    done = subprocess.run(
        [sys.executable, "-m", "imagetag_lint", path], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout) == (0, "")


def test_type_error_on_a_mapping_or_list_names_only_the_type(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "t.yaml", VALID.replace("  name: v1\n", "  name: [v1]\n"))
    assert main(["--select", "ITL101", path]) == 1
    assert capsys.readouterr().out == (
        f"{path}:7:9: error: ITL101 spec.name: expected string, got list\n"
    )
