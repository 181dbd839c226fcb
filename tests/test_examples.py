"""Every example: the valid ones are clean; each invalid one gives exactly the findings
written in the ``.findings`` file next to it (the CLI's output, run in that directory)."""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Invalid examples with a ``.findings`` file (examples without one are tested elsewhere).
INVALID = sorted(
    path.with_suffix(".yaml").name for path in (EXAMPLES / "invalid").glob("*.findings")
)
KINDS = {"ImageTag", "ImageStream", "ImageStreamTag", "ImageStreamImport", "Image"}


def test_valid_examples_are_clean(capsys: pytest.CaptureFixture[str]) -> None:
    count = len(list((EXAMPLES / "valid").glob("*.yaml")))
    assert main([str(EXAMPLES / "valid")]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"All checks passed ({count} files checked).\n")


@pytest.mark.parametrize("name", INVALID)
def test_invalid_examples_give_exactly_their_findings(
    name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(EXAMPLES / "invalid")
    expected = Path(name).with_suffix(".findings").read_text(encoding="utf-8")
    assert expected, "an invalid example has findings"
    assert main([name]) == (1 if " ITL1" in expected or " ITL2" in expected else 0)
    assert capsys.readouterr().out == expected


def test_every_findings_file_belongs_to_an_example() -> None:
    assert len(INVALID) >= 9
    for name in INVALID:
        assert (EXAMPLES / "invalid" / name).is_file()


def test_every_kind_and_wrapper_has_valid_and_invalid_examples() -> None:
    def kinds_in(folder: str) -> set[str]:
        found = set()
        for path in (EXAMPLES / folder).glob("*.yaml"):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip().startswith(("kind:", "- kind:")):
                    found.add(line.split(":", 1)[1].strip())
        return found

    assert KINDS | {"List", "Template"} <= kinds_in("valid")
    assert KINDS - {"ImageTag"} | {"Template"} <= kinds_in("invalid")
