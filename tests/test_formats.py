"""Every report format, exact output through ``main(argv)``, and the empty run of each."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest

from imagetag_lint import __version__
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Diagnostic, Edit, Fix, Severity
from imagetag_lint.reporting import (
    FORMATS,
    ReportContext,
    get_reporter,
    markdown_doc,
    markdown_inline,
    plain,
    plain_doc,
)
from imagetag_lint.rules import BY_CODE

DATA = Path(__file__).parent / "data"
DOCS = "https://github.com/imagetag-lint/imagetag-lint/blob/main/docs/rules.md"

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
spec:
  name: v1  # imagetag-lint: disable=ITL102
  referencePolicy: {type: Foo}
---
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v2}
spec: {name: v2, nme: x}
"""
OK = "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: a:v1}\nspec: {name: v1}\n"
SUMMARY = "Found 2 errors and 1 warning in 1 file (2 files checked).\n"
TWO = "Found 1 error and 1 warning in 1 file (2 files checked).\n"
ONE = "Found 1 error and 0 warnings in 1 file (2 files checked).\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "bad.yaml").write_text(BAD, encoding="utf-8")
    (tmp_path / "ok.yaml").write_text(OK, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def report(capsys: pytest.CaptureFixture[str], *args: str, summary: str = SUMMARY) -> str:
    assert main([*args, "bad.yaml", "ok.yaml"]) == 1
    out, err = capsys.readouterr()
    assert err == summary
    return out


def empty_report(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    assert main(["--format", fmt, "ok.yaml"]) == 0
    out, err = capsys.readouterr()
    assert err == "All checks passed (1 file checked).\n"
    return out


POLICY = 'spec.referencePolicy.type: "Foo" is not valid: valid values are "Source", "Local"'


def test_concise(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(capsys, "--format", "concise") == (
        "bad.yaml:6:13: warning: ITL901 unused suppression: no ITL102 finding on this line\n"
        f"bad.yaml:7:27: error: ITL201 {POLICY}\n"
        'bad.yaml:12:18: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
    )
    assert empty_report(capsys, "concise") == ""


def test_full_shows_source_caret_rule_name_and_hint(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert report(capsys, "--format", "full") == (
        "bad.yaml:6:13: warning: ITL901 [unused-suppression] unused suppression:"
        " no ITL102 finding on this line\n"
        "  |\n"
        "6 |   name: v1  # imagetag-lint: disable=ITL102\n"
        "  |             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n"
        "  = help: A suppression comment silences nothing, or names a rule that does not exist.\n"
        f"  = see: {DOCS}#itl901\n"
        "\n"
        f"bad.yaml:7:27: error: ITL201 [reference-policy-type] {POLICY}\n"
        "  |\n"
        "7 |   referencePolicy: {type: Foo}\n"
        "  |                           ^^^\n"
        "  = help: referencePolicy.type must be Source or Local (case-sensitive).\n"
        f"  = see: {DOCS}#itl201\n"
        "\n"
        "bad.yaml:12:18: error: ITL102 [unknown-field]"
        ' spec.nme: unknown field (did you mean "name"?)\n'
        "   |\n"
        "12 | spec: {name: v2, nme: x}\n"
        "   |                  ^^^\n"
        "   = help: A field that the API type does not have, usually a typo.\n"
        f"   = see: {DOCS}#itl102\n"
    )
    assert empty_report(capsys, "full") == ""


COLOURED = (
    "\x1b[1mbad.yaml:6:13\x1b[0m: \x1b[1m\x1b[33mwarning: ITL901\x1b[0m"
    " unused suppression: no ITL102 finding on this line\n"
    "\x1b[1mbad.yaml:12:18\x1b[0m: \x1b[1m\x1b[31merror: ITL102\x1b[0m"
    ' spec.nme: unknown field (did you mean "name"?)\n'
)
PLAIN = (
    "bad.yaml:6:13: warning: ITL901 unused suppression: no ITL102 finding on this line\n"
    'bad.yaml:12:18: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
)


def test_colour_always_and_never(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(capsys, "--color", "always", "--ignore", "ITL201", summary=TWO) == COLOURED
    assert report(capsys, "--color", "never", "--ignore", "ITL201", summary=TWO) == PLAIN
    full = report(capsys, "--format", "full", "--color", "always", summary=SUMMARY)
    assert "\x1b[36m12\x1b[0m \x1b[36m|\x1b[0m spec: {name: v2, nme: x}\n" in full
    assert "\x1b[1m\x1b[31m^^^\x1b[0m\n" in full


def test_colour_auto_follows_the_terminal_and_no_color(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert report(capsys, "--ignore", "ITL201", summary=TWO) == PLAIN  # not a terminal
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    assert report(capsys, "--ignore", "ITL201", summary=TWO) == COLOURED
    assert report(capsys, "--ignore", "ITL201", "--output", "r.txt", summary=TWO) == ""
    assert (project / "r.txt").read_text(encoding="utf-8") == PLAIN
    monkeypatch.setenv("NO_COLOR", "1")
    assert report(capsys, "--ignore", "ITL201", summary=TWO) == PLAIN


def test_json_lines(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = report(capsys, "--format", "json-lines").splitlines()
    assert [json.loads(line) for line in lines] == [
        {
            "code": "ITL901",
            "name": "unused-suppression",
            "severity": "warning",
            "message": "unused suppression: no ITL102 finding on this line",
            "file": "bad.yaml",
            "line": 6,
            "column": 13,
            "end_line": 6,
            "end_column": 44,
            "pointer": "",
            "document": 0,
            "server": None,
            "fix": None,
        },
        {
            "code": "ITL201",
            "name": "reference-policy-type",
            "severity": "error",
            "message": POLICY,
            "file": "bad.yaml",
            "line": 7,
            "column": 27,
            "end_line": 7,
            "end_column": 30,
            "pointer": "/spec/referencePolicy/type",
            "document": 0,
            "server": "C10",
            "fix": None,
        },
        {
            "code": "ITL102",
            "name": "unknown-field",
            "severity": "error",
            "message": 'spec.nme: unknown field (did you mean "name"?)',
            "file": "bad.yaml",
            "line": 12,
            "column": 18,
            "end_line": 12,
            "end_column": 21,
            "pointer": "/spec/nme",
            "document": 1,
            "server": "R3",
            "fix": None,
        },
    ]
    assert empty_report(capsys, "json-lines") == ""


def test_json_empty_run(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert empty_report(capsys, "json") == "[]\n"


def test_github_annotations(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert report(capsys, "--format", "github") == (
        "::warning file=bad.yaml,line=6,col=13,endLine=6,endColumn=44,"
        "title=imagetag-lint (ITL901 unused-suppression)"
        "::ITL901 unused suppression: no ITL102 finding on this line\n"
        "::error file=bad.yaml,line=7,col=27,endLine=7,endColumn=30,"
        "title=imagetag-lint (ITL201 reference-policy-type)"
        f"::ITL201 {POLICY}\n"
        "::error file=bad.yaml,line=12,col=18,endLine=12,endColumn=21,"
        "title=imagetag-lint (ITL102 unknown-field)"
        '::ITL102 spec.nme: unknown field (did you mean "name"?)\n'
    )
    assert empty_report(capsys, "github") == ""


def test_github_is_chosen_on_github_actions_unless_a_format_is_given(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    out = report(capsys, "--select", "ITL201", summary=ONE)
    assert out.startswith("::error file=bad.yaml,line=7,col=27,")
    out = report(capsys, "--select", "ITL201", "--format", "concise", summary=ONE)
    assert out.startswith("bad.yaml:7:27: error: ITL201 ")


def test_github_escapes_data_and_properties() -> None:
    diagnostic = Diagnostic(
        code="ITL102",
        name="unknown-field",
        severity=Severity.ERROR,
        message="100% wrong\r\nsecond line",
        file="dir,with:odd%name.yaml",
        line=3,
        column=5,
        end_line=4,
        end_column=1,
        pointer="/a",
        document=0,
    )
    assert get_reporter("github")([diagnostic], ReportContext()) == (
        "::error file=dir%2Cwith%3Aodd%25name.yaml,line=3,col=5,endLine=4,endColumn=1,"
        "title=imagetag-lint (ITL102 unknown-field)::ITL102 100%25 wrong%0D%0Asecond line\n"
    )


def _without_fingerprints(text: str) -> str:
    return re.sub(r'"fingerprint": "[0-9a-f]{64}"', '"fingerprint": "<sha256>"', text)


def test_gitlab_code_quality(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = report(capsys, "--format", "gitlab")
    issues = json.loads(out)
    assert len({issue["fingerprint"] for issue in issues}) == 3
    assert _without_fingerprints(out) == (
        "[\n"
        "  {\n"
        '    "description": "ITL901 unused suppression: no ITL102 finding on this line",\n'
        '    "check_name": "ITL901",\n'
        '    "fingerprint": "<sha256>",\n'
        '    "severity": "minor",\n'
        '    "location": {\n'
        '      "path": "bad.yaml",\n'
        '      "lines": {\n'
        '        "begin": 6\n'
        "      }\n"
        "    }\n"
        "  },\n"
        "  {\n"
        '    "description": "ITL201 spec.referencePolicy.type: \\"Foo\\" is not valid:'
        ' valid values are \\"Source\\", \\"Local\\"",\n'
        '    "check_name": "ITL201",\n'
        '    "fingerprint": "<sha256>",\n'
        '    "severity": "major",\n'
        '    "location": {\n'
        '      "path": "bad.yaml",\n'
        '      "lines": {\n'
        '        "begin": 7\n'
        "      }\n"
        "    }\n"
        "  },\n"
        "  {\n"
        '    "description": "ITL102 spec.nme: unknown field (did you mean \\"name\\"?)",\n'
        '    "check_name": "ITL102",\n'
        '    "fingerprint": "<sha256>",\n'
        '    "severity": "major",\n'
        '    "location": {\n'
        '      "path": "bad.yaml",\n'
        '      "lines": {\n'
        '        "begin": 12\n'
        "      }\n"
        "    }\n"
        "  }\n"
        "]\n"
    )
    assert empty_report(capsys, "gitlab") == "[]\n"


def test_fingerprints_survive_edits_above_and_are_unique_for_twins(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    def fingerprints() -> list[str]:
        assert main(["--format", "gitlab", "--select", "ITL102", "bad.yaml"]) == 1
        return [issue["fingerprint"] for issue in json.loads(capsys.readouterr().out)]

    before = fingerprints()
    (project / "bad.yaml").write_text("# a comment above\n" + BAD, encoding="utf-8")
    assert fingerprints() == before
    twin = BAD.split("---\n")[1]
    (project / "bad.yaml").write_text(BAD + "---\n" + twin.replace("v2", "v3"), encoding="utf-8")
    after = fingerprints()
    assert after[0] == before[0]
    assert len(after) == 2
    assert len(set(after)) == 2


def test_junit_one_suite_per_file_one_case_per_document(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = report(capsys, "--format", "junit")
    assert out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="3" failures="2" errors="0" skipped="0">\n'
        '  <testsuite name="bad.yaml" tests="2" failures="2" errors="0" skipped="0">\n'
        '    <testcase name="document 1" classname="bad.yaml">\n'
        '      <failure message="1 error, 1 warning" type="ITL201">'
        "6:13: warning: ITL901 unused suppression: no ITL102 finding on this line\n"
        f"7:27: error: ITL201 {POLICY}</failure>\n"
        "    </testcase>\n"
        '    <testcase name="document 2" classname="bad.yaml">\n'
        '      <failure message="1 error, 0 warnings" type="ITL102">'
        '12:18: error: ITL102 spec.nme: unknown field (did you mean "name"?)</failure>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        '  <testsuite name="ok.yaml" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="document 1" classname="ok.yaml" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )
    root = ET.fromstring(out.split("\n", 1)[1])
    suites = {suite.get("name"): suite for suite in root}
    cases = suites["bad.yaml"].findall("testcase")
    assert [case.get("name") for case in cases] == ["document 1", "document 2"]
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.text == '12:18: error: ITL102 spec.nme: unknown field (did you mean "name"?)'
    assert empty_report(capsys, "junit") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="1" failures="0" errors="0" skipped="0">\n'
        '  <testsuite name="ok.yaml" tests="1" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="document 1" classname="ok.yaml" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )


UNUSED = "6:13: warning: ITL901 unused suppression: no ITL102 finding on this line"
UNKNOWN = '12:18: warning: ITL102 spec.nme: unknown field (did you mean "name"?)'


def test_junit_honours_fail_on(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Only warnings: by default the documents pass, their findings in <system-out>.
    args = ["--format", "junit", "--select", "ITL102,ITL901", "--severity", "ITL102=warning"]
    assert main([*args, "bad.yaml"]) == 0
    assert capsys.readouterr() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="2" failures="0" errors="0" skipped="0">\n'
        '  <testsuite name="bad.yaml" tests="2" failures="0" errors="0" skipped="0">\n'
        '    <testcase name="document 1" classname="bad.yaml">\n'
        f"      <system-out>{UNUSED}</system-out>\n"
        "    </testcase>\n"
        '    <testcase name="document 2" classname="bad.yaml">\n'
        f"      <system-out>{UNKNOWN}</system-out>\n"
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n",
        "Found 0 errors and 2 warnings in 1 file (1 file checked).\n",
    )
    # With --fail-on warning the same documents fail, as the exit code does.
    assert main([*args, "--fail-on", "warning", "bad.yaml"]) == 1
    assert capsys.readouterr().out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="2" failures="2" errors="0" skipped="0">\n'
        '  <testsuite name="bad.yaml" tests="2" failures="2" errors="0" skipped="0">\n'
        '    <testcase name="document 1" classname="bad.yaml">\n'
        f'      <failure message="0 errors, 1 warning" type="ITL901">{UNUSED}</failure>\n'
        "    </testcase>\n"
        '    <testcase name="document 2" classname="bad.yaml">\n'
        f'      <failure message="0 errors, 1 warning" type="ITL102">{UNKNOWN}</failure>\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def _finding(severity: Severity, code: str, line: int, document: int) -> Diagnostic:
    return Diagnostic(
        code=code,
        name="rule",
        severity=severity,
        message=f"{severity.value} here",
        file="m.yaml",
        line=line,
        column=1,
        end_line=None,
        end_column=None,
        pointer="/spec",
        document=document,
    )


def test_junit_fails_on_the_first_finding_at_or_above_fail_on() -> None:
    found = [_finding(Severity.WARNING, "ITL320", 3, 0), _finding(Severity.ERROR, "ITL101", 4, 0)]
    render = get_reporter("junit")
    by_default = render(found, ReportContext(files=["m.yaml"], documents={"m.yaml": 1}))
    assert (
        '<failure message="1 error, 1 warning" type="ITL101">'
        "3:1: warning: ITL320 warning here\n4:1: error: ITL101 error here</failure>"
    ) in by_default
    context = ReportContext(files=["m.yaml"], documents={"m.yaml": 1}, fail_on=Severity.WARNING)
    assert '<failure message="1 error, 1 warning" type="ITL320">' in render(found, context)


def test_junit_marks_documents_that_are_not_image_api_objects_skipped() -> None:
    context = ReportContext(
        files=["m.yaml"], documents={"m.yaml": 3}, skipped={"m.yaml": frozenset({0, 2})}
    )
    found = [_finding(Severity.WARNING, "ITL320", 9, 1)]
    assert get_reporter("junit")(found, context) == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="3" failures="0" errors="0" skipped="2">\n'
        '  <testsuite name="m.yaml" tests="3" failures="0" errors="0" skipped="2">\n'
        '    <testcase name="document 1" classname="m.yaml">\n'
        '      <skipped message="not an image API object" />\n'
        "    </testcase>\n"
        '    <testcase name="document 2" classname="m.yaml">\n'
        "      <system-out>9:1: warning: ITL320 warning here</system-out>\n"
        "    </testcase>\n"
        '    <testcase name="document 3" classname="m.yaml">\n'
        '      <skipped message="not an image API object" />\n'
        "    </testcase>\n"
        "  </testsuite>\n"
        "</testsuites>\n"
    )


def sarif_validator() -> jsonschema.protocols.Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_sarif_validates_and_points_at_real_positions(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    log = json.loads(report(capsys, "--format", "sarif"))
    sarif_validator().validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("imagetag-lint", __version__)
    assert [rule["id"] for rule in driver["rules"]] == ["ITL102", "ITL201", "ITL901"]
    assert driver["rules"][1]["helpUri"] == f"{DOCS}#itl201"
    assert driver["rules"][1]["shortDescription"]["text"] == (
        "referencePolicy.type must be Source or Local (case-sensitive)."
    )
    assert "``" not in json.dumps(driver["rules"])
    doc = BY_CODE["ITL201"].doc
    assert driver["rules"][1]["fullDescription"] == {"text": plain_doc(doc)}
    assert driver["rules"][1]["help"] == {"text": plain_doc(doc), "markdown": markdown_doc(doc)}
    assert driver["rules"][1]["help"]["markdown"].startswith(
        "`referencePolicy.type` must be `Source` or `Local` (case-sensitive).\n"
    )
    assert driver["rules"][2]["defaultConfiguration"] == {"level": "warning"}
    found = [
        (
            result["ruleId"],
            driver["rules"][result["ruleIndex"]]["id"],
            result["level"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["locations"][0]["physicalLocation"]["region"],
            result["message"]["text"],
        )
        for result in run["results"]
    ]
    assert found == [
        (
            "ITL901",
            "ITL901",
            "warning",
            "bad.yaml",
            {"startLine": 6, "startColumn": 13, "endLine": 6, "endColumn": 44},
            "unused suppression: no ITL102 finding on this line",
        ),
        (
            "ITL201",
            "ITL201",
            "error",
            "bad.yaml",
            {"startLine": 7, "startColumn": 27, "endLine": 7, "endColumn": 30},
            POLICY,
        ),
        (
            "ITL102",
            "ITL102",
            "error",
            "bad.yaml",
            {"startLine": 12, "startColumn": 18, "endLine": 12, "endColumn": 21},
            'spec.nme: unknown field (did you mean "name"?)',
        ),
    ]
    prints = [result["partialFingerprints"]["imagetagLint/v1"] for result in run["results"]]
    assert len(set(prints)) == 3


FIXABLE = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v1}
spec:
  name: v1
  referencePolicy: {type: local}
  frm: {kind: DockerImage, name: quay.io/org/app:1.0}
"""


def test_sarif_fixes_are_artifact_changes_at_character_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "fix.yaml").write_text(FIXABLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["fix.yaml", "--format", "sarif"]) == 1
    log = json.loads(capsys.readouterr().out)
    sarif_validator().validate(log)
    fixes = [(result["ruleId"], result["fixes"]) for result in log["runs"][0]["results"]]
    assert fixes == [
        (
            "ITL201",
            [
                {
                    "description": {"text": 'replace "local" with "Local"'},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": "fix.yaml"},
                            "replacements": [
                                {
                                    "deletedRegion": {"charOffset": 117, "charLength": 5},
                                    "insertedContent": {"text": "Local"},
                                }
                            ],
                        }
                    ],
                    "properties": {"safe": True},
                }
            ],
        ),
        (
            "ITL102",
            [
                {
                    "description": {"text": 'rename the key to "from"'},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": "fix.yaml"},
                            "replacements": [
                                {
                                    "deletedRegion": {"charOffset": 126, "charLength": 3},
                                    "insertedContent": {"text": "from"},
                                }
                            ],
                        }
                    ],
                    "properties": {"safe": False},
                }
            ],
        ),
    ]
    assert (FIXABLE[117:122], FIXABLE[126:129]) == ("local", "frm")


def test_sarif_a_deletion_has_no_inserted_content() -> None:
    fix = Fix("remove the member", (Edit(10, 20, ""), Edit(30, 30, "x")), safe=False)
    found = [_finding(Severity.ERROR, "ITL310", 3, 0).replace(fix=fix)]
    log = json.loads(get_reporter("sarif")(found, ReportContext(files=["m.yaml"])))
    sarif_validator().validate(log)
    change = log["runs"][0]["results"][0]["fixes"][0]["artifactChanges"][0]
    assert change["replacements"] == [
        {"deletedRegion": {"charOffset": 10, "charLength": 10}},
        {"deletedRegion": {"charOffset": 30, "charLength": 0}, "insertedContent": {"text": "x"}},
    ]


def test_sarif_empty_run_keeps_results(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    log = json.loads(empty_report(capsys, "sarif"))
    sarif_validator().validate(log)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["tool"]["driver"]["rules"] == []


def test_sarif_absolute_paths_are_file_uris(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "dir with space" / "bad.yaml"
    path.parent.mkdir()
    path.write_text(BAD, encoding="utf-8")
    assert main(["--format", "sarif", "--select", "ITL201", str(path)]) == 1
    log = json.loads(capsys.readouterr().out)
    sarif_validator().validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == path.as_uri()
    assert "%20" in location["artifactLocation"]["uri"]


def test_sarif_rejects_what_code_scanning_rejects() -> None:
    # The schema copy is live: a result without a message fails validation.
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{}]}]}
    with pytest.raises(jsonschema.ValidationError):
        sarif_validator().validate(broken)


def test_output_writes_the_report_to_a_file(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--format", "json", "--output", "out.json", "bad.yaml", "ok.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == SUMMARY
    found = json.loads((project / "out.json").read_text(encoding="utf-8"))
    assert [(d["code"], d["line"], d["column"]) for d in found] == [
        ("ITL901", 6, 13),
        ("ITL201", 7, 27),
        ("ITL102", 12, 18),
    ]


def test_a_run_imports_only_the_chosen_reporter(project: Path) -> None:
    code = (
        "import sys\n"
        "from imagetag_lint.cli import main\n"
        "main(['--format', 'concise', 'ok.yaml'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('imagetag_lint.reporting.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    assert (
        result.stdout == "['imagetag_lint.reporting._color', 'imagetag_lint.reporting.concise']\n"
    )


def test_every_format_is_registered_and_lazily_imported() -> None:
    assert sorted(FORMATS) == [
        "concise",
        "full",
        "github",
        "gitlab",
        "json",
        "json-lines",
        "junit",
        "sarif",
    ]


def test_findings_without_a_position(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--max-file-size", "10", "ok.yaml"]
    assert main(["--format", "concise", *args]) == 1
    assert capsys.readouterr().out == (
        "ok.yaml: error: ITL005 file is larger than 10 bytes; not read\n"
    )
    assert main(["--format", "full", *args]) == 1
    assert capsys.readouterr().out == (
        "ok.yaml: error: ITL005 [input-limit] file is larger than 10 bytes; not read\n"
        "  = help: The input is beyond a safety limit: too large, nested too deep,"
        " or aliases that expand too far.\n"
        f"  = see: {DOCS}#itl005\n"
    )
    assert main(["--format", "sarif", *args]) == 1
    log = json.loads(capsys.readouterr().out)
    sarif_validator().validate(log)
    location = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "ok.yaml"}, "region": {"startLine": 1}}
    assert main(["--format", "github", *args]) == 1
    assert capsys.readouterr().out == (
        "::error file=ok.yaml,title=imagetag-lint (ITL005 input-limit)"
        "::ITL005 file is larger than 10 bytes; not read\n"
    )
    assert main(["--format", "junit", *args]) == 1
    assert '<testcase name="document 1" classname="ok.yaml">' in capsys.readouterr().out


def test_standard_input_uses_its_name_for_full_and_junit(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(BAD.encode())))
    assert main(["--format", "full", "--select", "ITL201", "--stdin-filename", "in.yaml", "-"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("in.yaml:7:27: error: ITL201 [reference-policy-type] ")
    assert "7 |   referencePolicy: {type: Foo}\n" in out


DOC = """\
``spec.name`` must be ``v1``::

Fails::

    spec:
      name: ``v2``  # kept as written

Passes (profile: object)::

    spec: {name: v1}
Back to ``prose``."""


def test_rule_documentation_as_plain_text_and_markdown() -> None:
    assert plain("``a`` and ``b c``") == "a and b c"
    assert markdown_inline("``a`` and ``b c``") == "`a` and `b c`"
    assert plain_doc(DOC) == (
        "spec.name must be v1:\n"
        "\n"
        "Fails:\n"
        "\n"
        "    spec:\n"
        "      name: ``v2``  # kept as written\n"
        "\n"
        "Passes (profile: object):\n"
        "\n"
        "    spec: {name: v1}\n"
        "Back to prose."
    )
    assert markdown_doc(DOC) == (
        "`spec.name` must be `v1`:\n"
        "\n"
        "Fails:\n"
        "\n"
        "    spec:\n"
        "      name: ``v2``  # kept as written\n"
        "\n"
        "Passes (profile: object):\n"
        "\n"
        "    spec: {name: v1}\n"
        "Back to `prose`."
    )


def test_junit_skips_documents_that_are_not_image_api_objects(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n---\n"
    (project / "mixed.yaml").write_text(other + OK, encoding="utf-8")
    assert main(["--format", "junit", "mixed.yaml"]) == 0
    assert capsys.readouterr().out == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<testsuites name="imagetag-lint" tests="2" failures="0" errors="0" skipped="1">\n'
        '  <testsuite name="mixed.yaml" tests="2" failures="0" errors="0" skipped="1">\n'
        '    <testcase name="document 1" classname="mixed.yaml">\n'
        '      <skipped message="not an image API object" />\n'
        "    </testcase>\n"
        '    <testcase name="document 2" classname="mixed.yaml" />\n'
        "  </testsuite>\n"
        "</testsuites>\n"
    )
