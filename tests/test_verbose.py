"""``-v``/``--verbose``: each skipped document, and why, on standard error.

The summary counts the documents skipped as not of a kind the run lints; with
``--verbose`` the concise and full formats also list each one at its first line, with
the reason the classifier gave, and each file named explicitly that ``--force-exclude``
leaves out. Standard output (the report) is the same with or without it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rules._helpers import VALID_TAG as VALID

from imagetag_lint.cli import main
from imagetag_lint.loading import files

MIXED = (
    "apiVersion: v1\n"
    "kind: ConfigMap\n"
    "metadata:\n"
    "  name: settings\n"
    "---\n"
    "- just\n"
    "- a list\n"
    "---\n"
    "metadata:\n"
    "  name: no-kind\n"
    "---\n"
    "apiVersion: image.openshift.io/v1\n"
    "kind: ImageSignature\n"
    "---\n"
    "apiVersion: v1\n"
    "kind: List\n"
    "items:\n"
    "- {apiVersion: v1, kind: Secret}\n"
    "---\n"
    "kind: 3\n"
    "---\n" + VALID
)
SKIPPED = (
    '{path}:1:1: skipped: kind "ConfigMap" (v1) is not an image API kind\n'
    "{path}:6:1: skipped: not a Kubernetes object (a list, not a mapping)\n"
    "{path}:9:1: skipped: not a Kubernetes object (no kind)\n"
    '{path}:12:1: skipped: kind "ImageSignature" (image.openshift.io/v1)'
    " is an image API kind that is not linted\n"
    '{path}:15:1: skipped: kind "List" (v1) holds no image API object\n'
    "{path}:20:1: skipped: not a Kubernetes object (kind is 3, not a string)\n"
)
SUMMARY = (
    "All checks passed (1 file checked; 1 document linted,"
    " 6 skipped: not of a kind this run lints).\n"
)


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("option", ["-v", "--verbose"])
def test_each_skipped_document_is_listed_with_its_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED)
    assert run(capsys, option, path) == (0, "", SKIPPED.format(path=path) + SUMMARY)


def test_without_verbose_only_the_count_is_said(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED)
    assert run(capsys, path) == (0, "", SUMMARY)


def test_the_full_format_lists_them_too_and_the_report_is_unchanged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED.replace("app:v1", "app:V1"))
    code, report, _ = run(capsys, "--format", "full", path)
    assert code == 1
    assert report
    verbose = run(capsys, "--format", "full", "--verbose", path)
    assert verbose[:2] == (code, report)
    assert verbose[2].startswith(SKIPPED.format(path=path))


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "junit"])
def test_formats_read_by_programs_list_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED)
    plain = run(capsys, "--format", fmt, path)
    assert run(capsys, "--format", fmt, "-v", path) == plain
    assert plain[2] == SUMMARY


def test_quiet_wins_over_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED)
    assert run(capsys, "-q", "-v", path) == (0, "", "")


def test_kinds_left_out_by_the_run_say_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "mixed.yaml", MIXED)
    code, out, err = run(capsys, "-v", "--kinds", "ImageStream", path)
    assert (code, out) == (0, "")
    assert err.splitlines()[4:] == [
        f'{path}:15:1: skipped: kind "List" (v1) holds no object of a kind this run lints',
        f"{path}:20:1: skipped: not a Kubernetes object (kind is 3, not a string)",
        f'{path}:22:1: skipped: kind "ImageTag" (image.openshift.io/v1)'
        " is not among the kinds this run lints",
        "All checks passed (1 file checked; 0 documents linted,"
        " 7 skipped: not of a kind this run lints).",
    ]


def test_a_template_source_of_other_kinds_is_listed_at_its_first_directive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    helm = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n"
    path = write(tmp_path, "deployment.yaml", helm)
    assert run(capsys, "-v", path) == (
        0,
        "",
        f"{path}:4:9: skipped: templated text (Helm/Jinja) that names no image API kind\n"
        "All checks passed (1 file checked; 0 documents linted,"
        " 1 skipped: not of a kind this run lints).\n",
    )


def test_a_file_named_but_force_excluded_is_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "generated.yaml", VALID)
    write(tmp_path, "ok.yaml", VALID)
    argv = ["--isolated", "--force-exclude", "--exclude", "generated.yaml", "-v"]
    assert run(capsys, *argv, "generated.yaml", "ok.yaml") == (
        0,
        "",
        "generated.yaml: skipped: the exclude globs match it and force-exclude is on\n"
        "All checks passed (1 file checked).\n",
    )


def test_a_file_read_piece_by_piece_and_other_processes_list_the_same(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = write(tmp_path, "a.yaml", MIXED)
    second = write(tmp_path, "b.yaml", MIXED)
    expected = (
        0,
        "",
        SKIPPED.format(path=first)
        + SKIPPED.format(path=second)
        + "All checks passed (2 files checked; 2 documents linted,"
        " 12 skipped: not of a kind this run lints).\n",
    )
    assert run(capsys, "-v", first, second) == expected
    assert run(capsys, "-v", "--jobs", "2", first, second) == expected
    monkeypatch.setattr(files, "STREAM_FROM", 0)
    assert run(capsys, "-v", first, second) == expected


def test_help_documents_verbose(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "-v, --verbose with the concise and full formats, also print each skipped document"
        " (and each file named but excluded) with the reason to standard error"
    ) in text
