"""Reports written as the findings arrive: the same output as written at the end.

The line formats (concise, json-lines, github), json and gitlab are written piece by
piece, file by file and, in a file read piece by piece, document by document,
so memory stays flat on a stream of any length. Each test runs the command line
both ways (the buffered way by taking the format's ``STREAMING`` away) and wants
the same standard output, standard error and exit code.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from imagetag_lint import cli
from imagetag_lint.checking import runner
from imagetag_lint.diagnostics import Diagnostic
from imagetag_lint.loading import files
from imagetag_lint.settings import Settings

STREAMED = ("concise", "json", "json-lines", "github", "gitlab")

FINDINGS = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {{name: app:v{n}, labels: {{team: null}}}}
spec: {{name: v{n}, from: {{kind: DockerImage, name: quay.io/org/app:latest}}}}
"""
CLEAN = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {{name: app:v{n}}}
spec: {{name: v{n}}}
"""
BROKEN = "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: [\n"


def _both_ways(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    streamed = (cli.main(args), *capsys.readouterr())
    with monkeypatch.context() as patched:
        patched.setattr(cli, "get_streaming", lambda name: None)
        buffered = (cli.main(args), *capsys.readouterr())
    assert streamed == buffered
    return streamed


def _stream_text(documents: int) -> str:
    parts = [(FINDINGS if n % 3 == 0 else CLEAN).format(n=n) for n in range(documents)]
    return "---\n".join(parts) + "---\n" + BROKEN


@pytest.fixture
def small_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every YAML file of 1 KiB or more is read piece by piece, as an 8 MiB one is."""
    monkeypatch.setattr(files, "STREAM_FROM", 1024)


@pytest.mark.parametrize("form", STREAMED)
@pytest.mark.usefixtures("small_streams")
def test_a_long_stream_reads_the_same(
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a.yaml").write_text(_stream_text(30), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(CLEAN.format(n=1), encoding="utf-8")
    (tmp_path / "c.yaml").write_text(FINDINGS.format(n=2), encoding="utf-8")
    code, out, err = _both_ways(
        ["--isolated", "--format", form, str(tmp_path)], capsys, monkeypatch
    )
    assert code == 1
    assert "ITL001" in out
    assert "ITL351" in out
    assert err.endswith("in 2 files (3 files checked).\n")


@pytest.mark.parametrize("form", STREAMED)
def test_files_out_of_order_read_the_same(
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(FINDINGS.format(n=1), encoding="utf-8")
    paths = [str(tmp_path / "b.yaml"), str(tmp_path / "a.yaml"), str(tmp_path / "a.yaml")]
    code, out, _ = _both_ways(["--isolated", "--format", form, *paths], capsys, monkeypatch)
    assert code == 0  # warnings only
    assert out.index("a.yaml") < out.index("b.yaml")


@pytest.mark.parametrize("form", STREAMED)
def test_no_finding_reads_the_same(
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN.format(n=1), encoding="utf-8")
    code, out, err = _both_ways(
        ["--isolated", "--format", form, str(tmp_path)], capsys, monkeypatch
    )
    assert code == 0
    assert out == ("[]\n" if form in ("json", "gitlab") else "")
    assert err == "All checks passed (1 file checked).\n"


def test_statistics_and_output_file_read_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(_stream_text(6), encoding="utf-8")
    report = tmp_path / "report.json"
    args = ["--isolated", "--statistics", "--format", "json", "--output", str(report)]
    code, out, err = _both_ways([*args, str(tmp_path / "a.yaml")], capsys, monkeypatch)
    assert (code, out) == (1, "")
    assert "ITL351  null-in-string-map" in err
    assert report.read_text(encoding="utf-8").startswith("[\n  {\n")


def test_an_unwritable_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.yaml").write_text(CLEAN.format(n=1), encoding="utf-8")
    output = tmp_path / "missing" / "report.txt"
    code, out, err = _both_ways(
        ["--isolated", "--output", str(output), str(tmp_path / "a.yaml")], capsys, monkeypatch
    )
    assert (code, out) == (2, "")
    assert err == f"imagetag-lint: error: {output}: no such file or directory\n"


@pytest.mark.usefixtures("small_streams")
def test_a_long_stream_is_handed_over_document_by_document(tmp_path: Path) -> None:
    """What makes memory flat: no finding of the stream is kept by the run."""
    path = tmp_path / "a.yaml"
    path.write_text(_stream_text(30), encoding="utf-8")
    batches: list[Sequence[Diagnostic]] = []
    result = runner.run(
        [str(path)],
        lambda name: Settings(),
        stdin_name="-",
        jobs=1,
        keep_sources=False,
        sink=batches.append,
    )
    assert result.diagnostics == []
    # One batch per document with findings (10 of them, and the broken last one).
    assert len(batches) == 11
    assert {d.document for batch in batches[:10] for d in batch} == set(range(0, 30, 3))
    assert result.tally.total == sum(len(batch) for batch in batches)


CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("streamed", [False, True])
def test_the_summary_counts_documents_linted_and_skipped(
    jobs: str,
    streamed: bool,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """However a file is read, the summary says how much of it was linted."""
    if streamed:
        monkeypatch.setattr(files, "STREAM_FROM", 64)
    mixed = "---\n".join([CLEAN.format(n=1), CONFIG_MAP, CLEAN.format(n=2), CONFIG_MAP])
    (tmp_path / "a.yaml").write_text(mixed, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(CONFIG_MAP + "---\n" + CONFIG_MAP, encoding="utf-8")
    assert cli.main(["--isolated", "--jobs", jobs, str(tmp_path)]) == 0
    assert capsys.readouterr() == (
        "",
        "All checks passed (2 files checked; 2 documents linted,"
        " 4 skipped: not of a kind this run lints).\n",
    )
