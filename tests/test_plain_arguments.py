"""The command line's plain reader gives what argparse gives, or leaves the line to it.

``cli.read_plainly`` reads the lines pre-commit and CI write without importing
argparse. Whenever it answers, argparse must make the same namespace of the same
line; lines it cannot read exactly as argparse does, it must leave alone (None).
"""

from __future__ import annotations

import contextlib
import io
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagetag_lint import cli


def argparse_reads(argv: list[str]) -> dict[str, Any] | None:
    """argparse's namespace of ``argv``; None when it refuses the line (or prints help)."""
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(cli.build_parser().parse_args(argv))
        except SystemExit:
            return None


def test_the_defaults_are_argparse_s() -> None:
    assert argparse_reads([]) == cli.DEFAULTS
    plain = cli.read_plainly([])
    assert plain is not None
    assert vars(plain) == argparse_reads([])


def test_every_option_of_the_parser_is_read_plainly_except_help_and_version() -> None:
    parser = cli.build_parser()
    spelled = {option for action in parser._actions for option in action.option_strings}
    plain = set(cli._SWITCHES) | set(cli._VALUED)
    assert spelled - plain == {"-h", "--help", "--version"}
    assert plain <= spelled


@pytest.mark.parametrize(
    "argv",
    [
        ["--force-exclude", "app.yaml", "deploy/stream.yml"],  # the pre-commit hook
        ["--force-exclude", "--fix", "app.yaml"],  # the fixing hook
        ["--profile", "manifest", "a.yaml"],
        ["--profile=object", "--format", "json", "-j", "2", "--output", "report.json", "dir"],
        ["--select", "ITL1,ITL2", "--select=ITL3", "--ignore", "ITL101", "-"],
        ["--severity", "ITL301=error", "--severity", "ITL302=warning", "-q", "x.json"],
        ["--kinds", "ImageTag,ImageStream", "--no-respect-gitignore", "--isolated", "x"],
        ["a.yaml", "b.yaml", "--exit-zero", "--statistics", "--max-file-size", "100"],
        ["--show-settings", "a.yaml"],
        ["--output=", "a.yaml"],
        [],
    ],
)
def test_what_pre_commit_and_ci_write_is_read_plainly_as_argparse_reads_it(
    argv: list[str],
) -> None:
    plain = cli.read_plainly(argv)
    assert plain is not None
    assert vars(plain) == argparse_reads(argv)


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["--version"],
        ["--prof", "object", "a.yaml"],  # an abbreviation
        ["--profile", "nope", "a.yaml"],  # argparse explains the choices
        ["--jobs", "-1", "a.yaml"],
        ["--kinds", "Pod", "a.yaml"],
        ["--max-file-size", "big", "a.yaml"],
        ["a.yaml", "--fix", "b.yaml"],  # paths in two runs: argparse's error
        ["--", "-a.yaml"],
        ["-qv", "a.yaml"],
        ["-j2", "a.yaml"],
        ["--fix=yes", "a.yaml"],
        ["--output"],
        ["--output", "-", "a.yaml"],
        ["-x.yaml"],
    ],
)
def test_lines_argparse_must_read_or_refuse_are_left_to_it(argv: list[str]) -> None:
    assert cli.read_plainly(argv) is None


OPTIONS = sorted({*cli._SWITCHES, *cli._VALUED, "--prof", "--", "-h", "-qv", "--fix=1"})
VALUES = [
    "manifest", "object", "json", "sarif", "never", "error", "nope", "ImageTag",
    "ImageTag, ImageStream", "Pod", "ITL1,ITL201", "ITL301=error", "0", "2", "-1", "x",
    "", "-", "a.yaml", "dir/b.yml", "-a.yaml", "--fix",
]  # fmt: skip
TOKEN = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(VALUES),
    st.builds(
        lambda option, value: f"{option}={value}", st.sampled_from(OPTIONS), st.sampled_from(VALUES)
    ),
)


@given(st.lists(TOKEN, max_size=8))
def test_whatever_the_line_the_plain_reader_agrees_with_argparse_or_stands_aside(
    argv: list[str],
) -> None:
    plain = cli.read_plainly(argv)
    if plain is not None:
        assert vars(plain) == argparse_reads(argv)
