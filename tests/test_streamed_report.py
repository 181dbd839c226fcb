"""Reports written as the findings arrive: the same output as written at the end.

Every format is written piece by piece, file by file and, in a file read piece by
piece, document by document, so memory stays flat on a stream of any length; JUnit
and SARIF spool their body until their head is known. Each test runs the command
line both ways (the buffered way by taking the format's ``STREAMING`` away) and
wants the same standard output, standard error and exit code, and the same report
file with ``--output``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest

from imagetag_lint import cli
from imagetag_lint.checking import runner
from imagetag_lint.diagnostics import Diagnostic, LintedFile
from imagetag_lint.loading import files
from imagetag_lint.reporting import FORMATS, get_streaming
from imagetag_lint.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
STREAMED = tuple(sorted(FORMATS))

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
    args: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    streams: bool = True,
) -> tuple[int, str, str]:
    """Run the command line streamed, then buffered; ``streams``: whether the run could
    hand its files over as they came (else the report is written at the end anyway)."""
    with _runs(monkeypatch) as results:
        streamed = (cli.main(args), *capsys.readouterr())
    assert all(result.streamed is streams for result in results)
    with monkeypatch.context() as patched:
        patched.setattr(cli, "get_streaming", lambda name: None)
        buffered = (cli.main(args), *capsys.readouterr())
    assert streamed == buffered
    return streamed


@contextlib.contextmanager
def _runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[runner.RunResult]]:
    """The ``RunResult`` of every run the command line makes meanwhile."""
    results: list[runner.RunResult] = []
    real = runner.run

    def run(*args: Any, **kwargs: Any) -> runner.RunResult:
        result = real(*args, **kwargs)
        results.append(result)
        return result

    with monkeypatch.context() as patched:
        patched.setattr(runner, "run", run)
        yield results


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
    code, out, _ = _both_ways(
        ["--isolated", "--format", form, *paths], capsys, monkeypatch, streams=False
    )
    assert code == 0  # warnings only
    if form != "junit":  # which lists the files in the order they were linted
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
    path = tmp_path / "a.yaml"
    if form == "sarif":
        assert json.loads(out)["runs"][0]["results"] == []
    elif form == "junit":  # one suite, one passing case
        assert out.count(f'<testcase name="document 1" classname="{path}" />') == 1
    else:
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


def test_every_format_is_written_as_the_run_goes() -> None:
    assert [form for form in FORMATS if get_streaming(form) is None] == []


@pytest.mark.parametrize("form", STREAMED)
@pytest.mark.parametrize(
    ("jobs", "pieces"),
    [("1", False), ("2", False), ("1", True)],
    ids=["one-process", "two-processes", "read-piece-by-piece"],
)
def test_the_examples_and_real_world_manifests_read_the_same(
    form: str,
    jobs: str,
    pieces: bool,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Hundreds of files, clean ones among them, and (``pieces``) many read piece by piece."""
    monkeypatch.chdir(ROOT)
    if pieces:
        monkeypatch.setattr(files, "STREAM_FROM", 1024)
    args = ["--isolated", "--format", form, "--jobs", jobs, "examples", "tests/realworld"]
    code, out, err = _both_ways(args, capsys, monkeypatch)
    assert code == 1
    assert "examples/invalid/bad-policies.yaml" in out
    assert err.startswith("Found ")


MANY = 120  # documents with two findings each, in one file held whole
CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n"


def _project(root: Path) -> list[str]:
    """Files of every kind a report lists: clean, empty, skipped documents, broken, one
    with many findings, a stream read piece by piece (documents without findings
    between those with, and a last document that cannot be decoded) and JSON (never
    read piece by piece). Their names, in order."""
    many = "---\n".join(FINDINGS.format(n=n) for n in range(MANY))
    mixed = "---\n".join([CLEAN.format(n=1), CONFIG_MAP, FINDINGS.format(n=2), CONFIG_MAP])
    stream = _stream_text(400).removesuffix(BROKEN).encode() + b"kind: \xff\n"
    texts: dict[str, str | bytes] = {
        "a-clean.yaml": CLEAN.format(n=1),
        "b-empty.yaml": "",
        "c-many.yaml": many,
        "d-mixed.yaml": mixed,
        "e-broken.yaml": BROKEN,
        "f-not-ours.yaml": CONFIG_MAP,
        "g-stream.yaml": stream,
        "h-incomplete.json": json.dumps(
            {"apiVersion": "image.openshift.io/v1", "kind": "ImageTag"}
        ),
    }
    for name, text in texts.items():
        if isinstance(text, bytes):
            (root / name).write_bytes(text)
        else:
            (root / name).write_text(text, encoding="utf-8")
    return sorted(texts)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``_project`` in a directory of its own; its stream alone is read piece by piece."""
    root = tmp_path / "project"
    root.mkdir()
    _project(root)
    assert (root / "c-many.yaml").stat().st_size < 40_000 < (root / "g-stream.yaml").stat().st_size
    monkeypatch.setattr(files, "STREAM_FROM", 40_000)
    return root


@pytest.mark.parametrize("form", STREAMED)
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_every_kind_of_file_reads_the_same(
    form: str,
    jobs: str,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ["--isolated", "--format", form, "--jobs", jobs, str(project)]
    code, out, err = _both_ways(args, capsys, monkeypatch)
    assert code == 1
    assert "ITL006" in out  # the stream's last document
    assert "8 files checked" in err


@pytest.mark.parametrize("form", STREAMED)
def test_a_report_file_reads_the_same(
    form: str,
    project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    report = tmp_path / "report.out"
    args = ["--isolated", "--format", form, "--output", str(report), str(project)]
    with _runs(monkeypatch) as results:
        streamed = (cli.main(args), *capsys.readouterr(), report.read_text(encoding="utf-8"))
    assert [result.streamed for result in results] == [True]
    report.unlink()
    with monkeypatch.context() as patched:
        patched.setattr(cli, "get_streaming", lambda name: None)
        buffered = (cli.main(args), *capsys.readouterr(), report.read_text(encoding="utf-8"))
    assert streamed == buffered
    assert streamed[:2] == (1, "")
    assert "ITL351" in streamed[3]


@pytest.mark.parametrize("form", STREAMED)
def test_nothing_to_lint_reads_the_same(
    form: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "notes.txt").write_text("nothing to lint\n", encoding="utf-8")
    code, _, err = _both_ways(["--isolated", "--format", form, str(tmp_path)], capsys, monkeypatch)
    assert code == 0
    assert "no files to lint" in err


@pytest.mark.parametrize("form", STREAMED)
@pytest.mark.parametrize("where", ["missing-directory", "full-disk"])
def test_a_report_that_cannot_be_written_is_one_line(
    form: str,
    where: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whether opening the file fails or writing its last bytes does (a small report)."""
    if where == "full-disk" and not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    output = "/dev/full" if where == "full-disk" else str(tmp_path / "missing" / "report")
    (tmp_path / "a.yaml").write_text(FINDINGS.format(n=1), encoding="utf-8")
    args = ["--isolated", "--format", form, "--output", output, str(tmp_path / "a.yaml")]
    code, out, err = _both_ways(args, capsys, monkeypatch)
    assert (code, out) == (2, "")
    reason = "no space left on device" if where == "full-disk" else "no such file or directory"
    assert err == f"imagetag-lint: error: {output}: {reason}\n"


def test_a_run_hands_each_file_over_before_its_findings_and_keeps_neither(
    tmp_path: Path,
) -> None:
    """What keeps memory bounded: the run keeps no text, finding or document count."""
    names = _project(tmp_path)
    events: list[tuple[str, str]] = []
    handed: dict[str, LintedFile] = {}

    def take_file(linted: LintedFile) -> None:
        events.append(("file", linted.name))
        handed[linted.name] = linted

    def take_findings(found: Sequence[Diagnostic]) -> None:
        assert len({d.file for d in found}) == 1
        events.append(("findings", found[0].file))

    result = runner.run(
        [str(tmp_path)],
        lambda name: Settings(),
        stdin_name="-",
        jobs=1,
        keep_sources=True,
        sink=take_findings,
        file_sink=take_file,
    )
    assert result.streamed
    kept = (result.diagnostics, result.sources, result.documents, result.skipped)
    assert kept == ([], {}, {}, {})
    paths = [str(tmp_path / name) for name in names]
    assert [name for kind, name in events if kind == "file"] == paths  # clean ones too
    for number, (kind, name) in enumerate(events):
        if kind == "findings":
            assert events.index(("file", name)) < number
            assert events[number - 1][1] == name  # nothing of another file in between
    mixed = handed[str(tmp_path / "d-mixed.yaml")]
    assert mixed.text == (tmp_path / "d-mixed.yaml").read_text(encoding="utf-8")
    assert (mixed.documents, mixed.skipped) == (4, frozenset({1, 3}))


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_full_report_keeps_no_file_text_in_the_run(
    jobs: str,
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with _runs(monkeypatch) as results:
        code = cli.main(["--isolated", "--format", "full", "--jobs", jobs, str(project)])
    assert code == 1
    assert "c-many.yaml" in capsys.readouterr().out
    assert [(result.streamed, result.sources) for result in results] == [(True, {})]
