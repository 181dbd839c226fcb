"""``--fix``, ``--unsafe-fixes``, ``--diff`` and ``--fix-only``, end to end through ``main``.

Exact output and exit codes, and what happens on disk: a fixed file is replaced
atomically with its mode kept, a file without a fix to apply is never written (its
modification time stays), and a file is not written when it changed since it was
read or when it is a symbolic link out of the tree being linted.
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from pathlib import Path

import pytest

from imagetag_lint.checking import fixing, runner
from imagetag_lint.cli import main
from imagetag_lint.loading import files
from imagetag_lint.settings import Settings

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1  # the tag
spec:
  name: v1
  referencePolicy: {type: local}
  importPolicy:
    importMode: preserveOriginal
  frm: {kind: DockerImage, name: quay.io/org/app:1.0}
  bogus: 1
"""
# The safe fixes: the case of two enum values. The unsafe one: renaming frm to from.
SAFE_FIXED = BAD.replace("type: local", "type: Local").replace(
    "preserveOriginal", "PreserveOriginal"
)
UNSAFE_FIXED = SAFE_FIXED.replace("  frm:", "  from:")
# Findings, but none with a fix to apply.
UNFIXABLE = UNSAFE_FIXED.replace("  from:", "  frm:")
ONLY_TYPE = BAD.replace("    importMode: preserveOriginal\n", "    importMode: PreserveOriginal\n")
ONLY_TYPE = ONLY_TYPE.replace("  frm:", "  from:").replace("  bogus: 1\n", "")


def findings(path: str, *, fixed: bool) -> str:
    """The concise report of ``BAD`` (``fixed``: what is left after the safe fixes)."""
    before = (
        f"{path}:7:27: error: ITL201 spec.referencePolicy.type: "
        '"local" is not valid: valid values are "Source", "Local" (did you mean "Local"?)\n'
        f"{path}:9:17: error: ITL219 spec.importPolicy.importMode: "
        '"preserveOriginal" is not valid: invalid import mode, valid modes are'
        " '', 'Legacy', 'PreserveOriginal' (did you mean \"PreserveOriginal\"?)\n"
    )
    after = (
        f'{path}:10:3: error: ITL102 spec.frm: unknown field (did you mean "from"?)\n'
        f"{path}:11:3: error: ITL102 spec.bogus: unknown field\n"
    )
    return after if fixed else before + after


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def stdin_of(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8"))))


# --- --fix, --unsafe-fixes, --fix-only -------------------------------------------------------


def test_fix_applies_the_safe_fixes_and_reports_what_is_left(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    assert main(["--fix", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == findings(str(path), fixed=True)
    assert err == "Fixed 2 findings (2 remaining) in 1 file (1 file checked).\n"
    assert path.read_text(encoding="utf-8") == SAFE_FIXED  # the comment kept, frm not renamed


def test_unsafe_fixes_also_apply_the_fixes_that_change_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    assert main(["--fix", "--unsafe-fixes", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == f"{path}:11:3: error: ITL102 spec.bogus: unknown field\n"
    assert err == "Fixed 3 findings (1 remaining) in 1 file (1 file checked).\n"
    assert path.read_text(encoding="utf-8") == UNSAFE_FIXED


def test_unsafe_fixes_alone_fixes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    assert main(["--unsafe-fixes", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == findings(str(path), fixed=False)
    assert err == "Found 4 errors and 0 warnings in 1 file (1 file checked).\n"
    assert path.read_text(encoding="utf-8") == BAD


def test_fix_exits_zero_once_everything_is_fixed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", ONLY_TYPE)
    assert main(["--fix", str(path)]) == 0
    assert capsys.readouterr() == (
        "",
        "Fixed 1 finding (0 remaining) in 1 file (1 file checked).\n",
    )
    assert path.read_text(encoding="utf-8") == ONLY_TYPE.replace("type: local", "type: Local")


def test_fix_only_reports_nothing_left_and_exits_zero(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    assert main(["--fix-only", str(path)]) == 0
    assert capsys.readouterr() == (
        "",
        "Fixed 2 findings (2 remaining) in 1 file (1 file checked).\n",
    )
    assert path.read_text(encoding="utf-8") == SAFE_FIXED


def test_quiet_fix_prints_no_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    assert main(["--fix", "--quiet", str(path)]) == 1
    assert capsys.readouterr() == (findings(str(path), fixed=True), "")


def test_the_configuration_cannot_turn_fixing_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pyproject.toml", "[tool.imagetag-lint]\nfix = true\n")
    write(tmp_path, "tag.yaml", BAD)
    assert main(["--fix", "tag.yaml"]) == 2
    assert capsys.readouterr() == (
        "",
        f"imagetag-lint: error: {tmp_path / 'pyproject.toml'}: unknown key 'fix'\n",
    )
    assert Path("tag.yaml").read_text(encoding="utf-8") == BAD


def test_json_files_are_fixed_with_the_same_edits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        ' "metadata": {"name": "a:b"},\n'
        ' "spec": {"name": "b", "referencePolicy": {"type": "local"}}}\n'
    )
    path = write(tmp_path, "tag.json", text)
    assert main(["--fix", str(path)]) == 0
    assert capsys.readouterr() == (
        "",
        "Fixed 1 finding (0 remaining) in 1 file (1 file checked).\n",
    )
    assert path.read_text(encoding="utf-8") == text.replace('"local"', '"Local"')


def test_fixing_in_processes_gives_the_output_of_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for jobs in ("1", "2"):
        tree = tmp_path / f"jobs{jobs}"
        for name in ("a.yaml", "b.yaml", "c.yaml"):
            write(tree, name, BAD)
        assert main(["--fix", "--jobs", jobs, str(tree)]) == 1
        out, err = capsys.readouterr()
        assert out == "".join(
            findings(str(tree / n), fixed=True) for n in ("a.yaml", "b.yaml", "c.yaml")
        )
        assert err == "Fixed 6 findings (6 remaining) in 3 files (3 files checked).\n"
        assert {p.read_text(encoding="utf-8") for p in tree.iterdir()} == {SAFE_FIXED}


# --- --diff ---------------------------------------------------------------------------------


def test_diff_prints_the_fixes_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    clean = write(tmp_path, "other.yaml", UNFIXABLE)
    before = path.stat().st_mtime_ns
    assert main(["--diff", str(clean), str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == (
        f"--- {path}\n"
        f"+++ {path}\n"
        "@@ -4,8 +4,8 @@\n"
        "   name: app:v1  # the tag\n"
        " spec:\n"
        "   name: v1\n"
        "-  referencePolicy: {type: local}\n"
        "+  referencePolicy: {type: Local}\n"
        "   importPolicy:\n"
        "-    importMode: preserveOriginal\n"
        "+    importMode: PreserveOriginal\n"
        "   frm: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "   bogus: 1\n"
    )
    assert err == "Would fix 2 findings (4 remaining) in 1 file (2 files checked).\n"
    assert path.read_text(encoding="utf-8") == BAD
    assert path.stat().st_mtime_ns == before


def test_diff_exits_zero_when_there_is_nothing_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", UNFIXABLE)
    assert main(["--diff", str(path)]) == 0  # findings remain, but there is no diff
    assert capsys.readouterr() == (
        "",
        "Would fix 0 findings (2 remaining) in 0 files (1 file checked).\n",
    )


def test_diff_marks_a_last_line_without_a_line_break() -> None:
    assert runner.unified_diff("a: 1\nb: x", "a: 1\nb: y", "f.yaml") == (
        "--- f.yaml\n+++ f.yaml\n@@ -1,2 +1,2 @@\n a: 1\n-b: x\n"
        "\\ No newline at end of file\n+b: y\n\\ No newline at end of file\n"
    )


# --- standard input -------------------------------------------------------------------------


def test_fixing_standard_input_prints_the_text_and_reports_on_stderr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, BAD)
    assert main(["--fix", "-", "--stdin-filename", "tag.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == SAFE_FIXED
    assert err == (
        findings("tag.yaml", fixed=True)
        + "Fixed 2 findings (2 remaining) in 1 file (1 file checked).\n"
    )


def test_standard_input_without_fixes_is_printed_unchanged(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, UNFIXABLE)
    assert main(["--fix-only", "-"]) == 0  # an editor may pipe every buffer through it
    assert capsys.readouterr() == (
        UNFIXABLE,
        "Fixed 0 findings (2 remaining) in 0 files (1 file checked).\n",
    )


def test_diff_of_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin_of(monkeypatch, ONLY_TYPE)
    assert main(["--diff", "-", "--stdin-filename", "tag.yaml"]) == 1
    assert capsys.readouterr() == (
        "--- tag.yaml\n"
        "+++ tag.yaml\n"
        "@@ -4,7 +4,7 @@\n"
        "   name: app:v1  # the tag\n"
        " spec:\n"
        "   name: v1\n"
        "-  referencePolicy: {type: local}\n"
        "+  referencePolicy: {type: Local}\n"
        "   importPolicy:\n"
        "     importMode: PreserveOriginal\n"
        "   from: {kind: DockerImage, name: quay.io/org/app:1.0}\n",
        "Would fix 1 finding (0 remaining) in 1 file (1 file checked).\n",
    )


# --- what is written, and what is not -------------------------------------------------------


def test_a_file_without_a_fix_to_apply_is_not_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unfixable = write(tmp_path, "unfixable.yaml", UNFIXABLE)  # only an unsafe fix
    clean = write(tmp_path, "clean.yaml", UNSAFE_FIXED.replace("  bogus: 1\n", ""))
    old = 1_000_000_000_000_000_000
    for path in (unfixable, clean):
        os.utime(path, ns=(old, old))
    inodes = [p.stat().st_ino for p in (unfixable, clean)]
    assert main(["--fix", str(tmp_path)]) == 1
    assert capsys.readouterr()[1] == (
        "Fixed 0 findings (2 remaining) in 0 files (2 files checked).\n"
    )
    assert [p.stat().st_mtime_ns for p in (unfixable, clean)] == [old, old]
    assert [p.stat().st_ino for p in (unfixable, clean)] == inodes


def test_a_fixed_file_keeps_its_mode_and_leaves_no_temporary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    path.chmod(0o640)
    inode = path.stat().st_ino
    assert main(["--fix", str(path)]) == 1
    assert path.read_text(encoding="utf-8") == SAFE_FIXED
    assert path.stat().st_mode & 0o7777 == 0o640
    assert path.stat().st_ino != inode  # a new file renamed over the old: atomic
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tag.yaml"]


def test_a_fixed_file_keeps_its_encoding_and_line_breaks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "tag.yaml"
    crlf = ONLY_TYPE.replace("\n", "\r\n")
    path.write_bytes(codecs.BOM_UTF16_BE + crlf.encode("utf-16-be"))
    assert main(["--fix", str(path)]) == 0
    fixed = crlf.replace("type: local", "type: Local")
    assert path.read_bytes() == codecs.BOM_UTF16_BE + fixed.encode("utf-16-be")


def test_a_file_changed_since_it_was_read_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "tag.yaml", BAD)
    real_fix_text = fixing.fix_text
    edited = BAD.replace("# the tag", "# edited meanwhile")

    def meanwhile(text: str, filename: str, settings: Settings, *, unsafe: bool = False) -> object:
        path.write_text(edited, encoding="utf-8")  # someone saves the file while it is fixed
        return real_fix_text(text, filename, settings, unsafe=unsafe)

    monkeypatch.setattr(fixing, "fix_text", meanwhile)
    assert main(["--fix", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == findings(str(path), fixed=False)  # the file as it was read, unfixed
    assert err == (
        f"imagetag-lint: error: {path}: changed since it was read; fixes not written\n"
        "Fixed 0 findings (4 remaining) in 0 files (1 file checked).\n"
    )
    assert path.read_text(encoding="utf-8") == edited
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tag.yaml"]


def test_a_symbolic_link_out_of_the_tree_is_not_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = write(tmp_path, "elsewhere/tag.yaml", BAD)
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "link.yaml").symlink_to(outside)
    link = tree / "link.yaml"
    message = "a symbolic link out of the tree being linted; fixes not written"

    assert main(["--fix", str(tree)]) == 2  # found by walking the tree
    out, err = capsys.readouterr()
    assert out == findings(str(link), fixed=False)
    assert err == (
        f"imagetag-lint: error: {link}: {message}\n"
        "Fixed 0 findings (4 remaining) in 0 files (1 file checked).\n"
    )
    monkeypatch.chdir(tree)
    assert main(["--fix", "link.yaml"]) == 2  # named: the tree is the working directory
    assert capsys.readouterr()[1].startswith(f"imagetag-lint: error: link.yaml: {message}\n")
    assert outside.read_text(encoding="utf-8") == BAD
    assert link.is_symlink()


def test_a_symbolic_link_within_the_tree_stays_a_link_to_the_fixed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = write(tmp_path, "base/tag.yaml", BAD)
    (tmp_path / "overlay").mkdir()
    link = tmp_path / "overlay" / "tag.yaml"
    link.symlink_to(Path("..") / "base" / "tag.yaml")
    monkeypatch.chdir(tmp_path)
    assert main(["--fix", "overlay/tag.yaml"]) == 1
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == SAFE_FIXED


def test_a_file_that_is_not_regular_is_not_written(tmp_path: Path) -> None:
    fifo = tmp_path / "tag.yaml"
    os.mkfifo(fifo)
    refused = files.write_fixed(str(fifo), b"x", files.Stamp.of(str(fifo)), str(tmp_path))
    assert refused is not None
    assert refused.message == "not a regular file; fixes not written"
    assert fifo.is_fifo()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tag.yaml"]
