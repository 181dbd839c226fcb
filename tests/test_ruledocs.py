"""Every rule documented by its own code: the registry, the sub-commands, docs/rules.md."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from imagetag_lint import ruledocs
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Severity
from imagetag_lint.reporting import plain_doc
from imagetag_lint.rules import BY_CODE, RULES, Rule

ROOT = Path(__file__).resolve().parents[1]
KEBAB = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
CODE = re.compile(r"ITL\d{3}")
SERVER_ID = re.compile(r"[A-Z]\d{1,2}")


@pytest.mark.parametrize("item", RULES, ids=lambda item: item.code)
def test_every_rule_is_documented(item: Rule) -> None:
    assert item.summary.strip(), "a one-line summary"
    assert "\n" not in item.summary
    assert item.doc.startswith(item.summary)
    body = item.doc[len(item.summary) :]
    assert body.strip(), "why, after the summary"
    found = ruledocs.examples(item)
    assert not found or found[0].fails, "the failing example comes first, then its fix"


@pytest.mark.parametrize("item", RULES, ids=lambda item: item.code)
def test_codes_and_names_are_well_formed(item: Rule) -> None:
    assert CODE.fullmatch(item.code)
    assert KEBAB.fullmatch(item.name)
    assert item.server is None or SERVER_ID.fullmatch(item.server)
    number = int(item.code[3:])
    if 300 <= number < 400:
        # what the server lets through: warnings, never server-enforced
        assert item.severity is Severity.WARNING
        assert item.server is None
    if item.severity is Severity.ERROR:
        assert not 300 <= number < 400
    if item.layer == "input":
        assert number < 100
    elif item.layer == "schema":
        assert 100 <= number < 200


def test_codes_and_names_are_unique() -> None:
    assert len({r.code for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_rules_lists_every_registered_rule(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == sorted(BY_CODE)
    assert "ITL320  warning  -    -           mutable-image-tag" in out
    assert (
        "ITL201  error    C10  safe fix    reference-policy-type             referencePolicy.type"
        " must be Source or Local (case-sensitive).\n"
    ) in out
    assert "ITL102  error    R3   unsafe fix  unknown-field" in out


def test_rules_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["code"] for row in rows] == sorted(BY_CODE)
    assert {tuple(row) for row in rows} == {
        ("code", "name", "severity", "server", "fix", "summary")
    }
    by_code = {row["code"]: row for row in rows}
    assert by_code["ITL201"] == {
        "code": "ITL201",
        "name": "reference-policy-type",
        "severity": "error",
        "server": "C10",
        "fix": "safe",
        "summary": "``referencePolicy.type`` must be ``Source`` or ``Local`` (case-sensitive).",
    }
    assert (by_code["ITL102"]["fix"], by_code["ITL303"]["fix"]) == ("unsafe", None)
    assert by_code["ITL303"]["server"] is None
    assert by_code["ITL303"]["severity"] == "warning"


@pytest.mark.parametrize("query", ["ITL303", "itl303", "implicit-latest-tag"])
def test_rule_explains_one_rule(query: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", query]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "ITL303 implicit-latest-tag (warning; lint-only)\n"
        "Applies to: ImageTag\n"
        "\n"
        "An ImageTag name ending in : silently means the tag latest.\n"
    )
    doc = BY_CODE["ITL303"].doc
    assert out.endswith(f"\n{plain_doc(doc)}\n"), "the whole documentation, as plain text"
    assert "``" not in out
    assert "\nFails:\n\n    apiVersion: image.openshift.io/v1\n" in out
    assert '    metadata: {name: "app:"}\n' in out


def test_rule_names_the_catalogue_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "ITL201"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(
        "ITL201 reference-policy-type (error; server rule, catalogue C10; safe fix)\n"
    )


def test_unknown_rule_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rule", "ITL999"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert (
        err == "imagetag-lint: error: no rule 'ITL999' (see 'imagetag-lint rules' for the list)\n"
    )


def test_a_path_named_like_a_sub_command_can_still_be_linted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rules").mkdir()
    monkeypatch.chdir(tmp_path)
    assert main(["./rules"]) == 0
    assert capsys.readouterr().err == (
        "imagetag-lint: warning: no files to lint in ./rules"
        " (no *.yaml, *.yml or *.json file that is not excluded)\n"
    )


def test_markdown_has_an_anchor_and_a_row_per_rule() -> None:
    text = ruledocs.render_markdown(ruledocs.sorted_rules())
    for item in RULES:
        assert f'<a id="{item.code.lower()}"></a>\n\n## {item.code} `{item.name}`\n' in text
        assert f"| [{item.code}](#{item.code.lower()}) | `{item.name}` |" in text
    # A literal block becomes a fenced YAML block of the same text, dedented.
    fails, passes = ruledocs.examples(BY_CODE["ITL303"])
    assert fails.text.startswith("apiVersion: image.openshift.io/v1\n")
    assert 'metadata: {name: "app:"}\n' in fails.text
    assert (f"Fails:\n\n```yaml\n{fails.text}```\n\nPasses:\n\n```yaml\n{passes.text}```\n") in text


def test_docs_rules_md_is_current() -> None:
    committed = (ROOT / ruledocs.DOCS_PATH).read_text(encoding="utf-8")
    assert committed == ruledocs.render_markdown(ruledocs.sorted_rules()), (
        f"{ruledocs.DOCS_PATH} is stale: regenerate it with `{ruledocs.REGENERATE}`"
    )


def test_check_reports_a_stale_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = tmp_path / "rules.md"
    assert ruledocs.main(["--write", str(page)]) == 0
    assert ruledocs.main(["--check", str(page)]) == 0
    page.write_text(page.read_text(encoding="utf-8").replace("ITL303", "ITL3O3"), "utf-8")
    assert ruledocs.main(["--check", str(page)]) == 1
    assert capsys.readouterr().err == (
        f"{page} is stale: regenerate it with"
        " `python -m imagetag_lint.ruledocs --write docs/rules.md`\n"
    )
