"""Choosing rules, severities and the exit code, through ``main(argv)``."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint.checking.selection import resolve
from imagetag_lint.cli import main
from imagetag_lint.errors import UsageError
from imagetag_lint.rules import BY_CODE

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v1}
spec:
  name: v1
  nme: x
  referencePolicy: {type: Foo}
  reference: "yes"
"""
ITL101 = 'bad.yaml:8:14: error: ITL101 spec.reference: expected boolean, got string "yes"\n'
ITL102 = 'bad.yaml:6:3: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
ITL201 = (
    'bad.yaml:7:27: error: ITL201 spec.referencePolicy.type: "Foo" is not valid: valid values are'
    ' "Source", "Local"\n'
)


@pytest.fixture(autouse=True)
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def lint(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([*args, "bad.yaml"])
    out, err = capsys.readouterr()
    return code, out, err


def test_every_rule_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(capsys)[1] == ITL102 + ITL201 + ITL101


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "ITL201"], ITL201),
        (["--select", "ITL1"], ITL102 + ITL101),
        (["--select", "unknown-field,reference-policy-type"], ITL102 + ITL201),
        (["--select", "ITL101", "--select", "ITL201"], ITL201 + ITL101),
        (["--select", "ALL", "--ignore", "ITL1"], ITL201),
        (["--ignore", "invalid-type"], ITL102 + ITL201),
        (["--select", "ITL102", "--extend-select", "ITL2"], ITL102 + ITL201),
        (["--select", "itl102"], ITL102),
    ],
)
def test_select_ignore_extend_select(
    capsys: pytest.CaptureFixture[str], args: list[str], expected: str
) -> None:
    assert lint(capsys, *args)[:2] == (1, expected)


@pytest.mark.parametrize(
    ("args", "entry"),
    [
        (["--select", "ITL777"], "--select: unknown rule code or name 'ITL777'"),
        (["--ignore", "no-such-rule"], "--ignore: unknown rule code or name 'no-such-rule'"),
        (["--extend-select", "XYZ"], "--extend-select: unknown rule code or name 'XYZ'"),
        (
            ["--select", "unknown-feild"],
            "--select: unknown rule code or name 'unknown-feild' (did you mean 'unknown-field'?)",
        ),
        (
            ["--ignore", "Reference-Policy-Type"],
            "--ignore: unknown rule code or name 'Reference-Policy-Type'"
            " (did you mean 'reference-policy-type'?)",
        ),
        (
            ["--ignore", "pullspec"],
            "--ignore: unknown rule code or name 'pullspec' (did you mean 'pull-spec'?)",
        ),
        (
            ["--select", "ITL-201"],
            "--select: unknown rule code or name 'ITL-201' (did you mean 'ITL201'?)",
        ),
        (
            ["--severity", "from_kind=warning"],
            "--severity: unknown rule code or name 'from_kind' (did you mean 'from-kind'?)",
        ),
        (["--select", "ITL2011"], "--select: unknown rule code or name 'ITL2011'"),
        (["--severity", "ITL999=error"], "--severity: unknown rule code or name 'ITL999'"),
        (["--severity", "ITL101=fatal"], "unknown severity 'fatal'; expected 'error' or 'warning'"),
        (["--severity", "ITL101"], "severity override 'ITL101' is not CODE=LEVEL"),
    ],
)
def test_unknown_entries_are_usage_errors_that_name_them(
    capsys: pytest.CaptureFixture[str], args: list[str], entry: str
) -> None:
    assert lint(capsys, *args) == (2, "", f"imagetag-lint: error: {entry}\n")


def test_severity_override_and_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--select", "ITL102", "--severity", "unknown-field=warning"]
    assert lint(capsys, *args) == (
        0,
        ITL102.replace(": error: ", ": warning: "),
        "Found 0 errors and 1 warning in 1 file (1 file checked).\n",
    )
    code, out, _ = lint(capsys, *args, "--format", "json-lines")
    assert (code, '"severity": "warning"' in out) == (0, True)
    assert lint(capsys, *args, "--fail-on", "warning")[0] == 1
    assert lint(capsys, "--select", "ITL102", "--fail-on", "error")[0] == 1


def test_exit_zero_reports_but_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert lint(capsys, "--exit-zero") == (
        0,
        ITL102 + ITL201 + ITL101,
        "Found 3 errors and 0 warnings in 1 file (1 file checked).\n",
    )
    assert main(["--exit-zero", "missing.yaml"]) == 2  # input errors are never hidden


def test_statistics_count_findings_per_rule(
    capsys: pytest.CaptureFixture[str], project: Path
) -> None:
    (project / "more.yaml").write_text(BAD.replace("name: v1", "nam: v1"), encoding="utf-8")
    assert main(["--statistics", "--format", "json", "bad.yaml", "more.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out.startswith("[\n")
    assert err == (
        "3  ITL102  unknown-field\n"
        "2  ITL101  invalid-type\n"
        "2  ITL201  reference-policy-type\n"
        "Found 7 errors and 0 warnings in 2 files (2 files checked).\n"
    )


def test_every_registered_rule_resolves_by_code_name_and_prefix() -> None:
    for code, rule in BY_CODE.items():
        assert resolve(code) == {code}
        assert resolve(rule.name) == {code}
        assert code in resolve(code[:4])
    assert resolve("ALL") == set(BY_CODE)
    with pytest.raises(UsageError, match="unknown rule code or name 'ITLx'"):
        resolve("ITLx")
