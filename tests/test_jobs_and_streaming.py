"""``--jobs N`` gives exactly the output of one process; large files are streamed."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from imagetag_lint.cli import main
from imagetag_lint.loading import files

DOC = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v{n}
spec:
  name: v{n}
  from: {{kind: DockerImage, name: quay.io/org/app:{n}}}
"""
BAD = DOC.replace("  name: v{n}\n", "  name: v{n}\n  referencPolicy: {{type: Local}}\n")


def _tree(tmp_path: Path) -> list[str]:
    paths = []
    for n in range(12):
        path = tmp_path / f"d{n % 3}" / f"f{n:02d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text((BAD if n % 4 == 1 else DOC).format(n=n), encoding="utf-8")
        paths.append(str(path))
    return paths


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_jobs_output_is_identical_to_one_process(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = _tree(tmp_path)
    missing = str(tmp_path / "missing.yaml")
    argv = [str(tmp_path / "d2"), paths[1], missing, str(tmp_path / "d0"), str(tmp_path / "d1")]
    one = _run([*argv, "--jobs", "1"], capsys)
    two = _run([*argv, "--jobs", "2"], capsys)
    assert two == one
    hint = 'unknown field (did you mean "referencePolicy"?)'
    assert one == (
        2,
        "".join(
            f"{tmp_path}/{d}/f{n:02d}.yaml:7:3: error: ITL102 spec.referencPolicy: {hint}\n"
            for d, n in (("d0", 9), ("d1", 1), ("d1", 1), ("d2", 5))
        ),
        f"imagetag-lint: error: {missing}: no such file or directory\n"
        "Found 4 errors and 0 warnings in 3 files (13 files checked).\n",
    )


def test_jobs_zero_means_one_per_cpu(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _tree(tmp_path)
    code, out, err = _run([str(tmp_path), "-j", "0"], capsys)
    assert (code, out.count("ITL102"), err) == (
        1,
        3,
        "Found 3 errors and 0 warnings in 3 files (12 files checked).\n",
    )


def test_jobs_lint_the_same_files_after_excludes_and_gitignore(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _tree(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".gitignore").write_text("f01.yaml\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = [".", "--extend-exclude", "d2", "--format", "json-lines"]
    one = _run([*argv, "--jobs", "1"], capsys)
    assert _run([*argv, "--jobs", "2"], capsys) == one
    assert (one[0], one[1].count("ITL102"), one[2]) == (
        1,
        1,  # f09 only: f01 is gitignored, f05 in the excluded d2
        "Found 1 error and 0 warnings in 1 file (7 files checked).\n",
    )


def test_jobs_must_be_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["x.yaml", "--jobs", "many"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "imagetag-lint: error: argument -j/--jobs: expected a number of processes, got 'many'\n"
    )


def test_large_files_are_streamed_with_the_same_findings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stream = "---\n".join((BAD if n % 3 == 0 else DOC).format(n=n) for n in range(7))
    stream += "---\nkey: [unclosed\n"
    path = tmp_path / "stream.yaml"
    path.write_text(stream, encoding="utf-8")
    whole = _run([str(path)], capsys)
    monkeypatch.setattr(files, "STREAM_FROM", 0)
    streamed = _run([str(path)], capsys)
    assert streamed == whole
    assert whole[1].splitlines()[-1] == (
        f"{path}:{stream.count(chr(10)) + 1}:1: error: ITL001 "
        "did not find expected ',' or ']' while parsing a flow sequence"
    )


def test_bad_utf8_in_a_streamed_file_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(DOC.format(n=1).encode() + b"---\na: \xff\n")
    monkeypatch.setattr(files, "STREAM_FROM", 0)
    code, out, _ = _run([str(path)], capsys)
    assert (code, out) == (1, f"{path}: error: ITL006 not valid UTF-8 text\n")


def test_a_caller_of_main_keeps_its_objects_unfrozen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(DOC.format(n=1), encoding="utf-8")
    gc.unfreeze()
    assert _run([str(path)], capsys)[0] == 0
    monkeypatch.setattr(sys, "argv", ["imagetag-lint", str(path)])
    assert main() == 0  # main() on the command line's arguments: still the caller's process
    assert gc.get_freeze_count() == 0


# The program, with main() wrapped to say whether start-up was frozen when the run began,
# and an exit handler that would say whether the interpreter tore itself down.
PROGRAM = """
import atexit, gc, sys
from imagetag_lint import cli
lint = cli.main
def main():
    print("frozen" if gc.get_freeze_count() else "not frozen", file=sys.stderr)
    return lint()
cli.main = main
atexit.register(lambda: print("torn down", file=sys.stderr))
sys.argv[0] = "imagetag-lint"
cli.run()
"""


@pytest.mark.parametrize("output", [False, True], ids=["stdout", "output-file"])
def test_the_program_freezes_start_up_flushes_everything_and_skips_the_teardown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: bool
) -> None:
    # Enough findings to fill a pipe several times over: none may be lost at the exit.
    path = tmp_path / "many.yaml"
    path.write_text("---\n".join(BAD.format(n=n) for n in range(2000)), encoding="utf-8")
    report = tmp_path / "report.txt"
    options = ["--output", str(report)] if output else []
    expected = _run([*options, str(path)], capsys)
    written = report.read_text(encoding="utf-8") if output else expected[1]
    report.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", PROGRAM, *options, str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == expected[0] == 1
    assert done.stdout == expected[1]
    assert done.stderr == "frozen\n" + expected[2]
    assert (report.read_text(encoding="utf-8") if output else done.stdout) == written
    assert len(written.splitlines()) == 2000


def test_the_program_leaves_output_it_cannot_flush_to_the_interpreter(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(BAD.format(n=1), encoding="utf-8")
    closed = PROGRAM.replace(
        "cli.run()",
        "import io\n"
        "class Closed(io.StringIO):\n"
        "    def flush(self):\n"
        "        raise BrokenPipeError(32, 'Broken pipe')\n"
        "sys.stdout = Closed()\n"
        "cli.run()",
    )
    done = subprocess.run(
        [sys.executable, "-c", closed, str(path)], capture_output=True, text=True, timeout=60
    )
    # The ordinary exit: the exit handlers run, and Python reports the failed flush (120).
    assert done.returncode == 120
    assert "torn down" in done.stderr
    assert "BrokenPipeError" in done.stderr
