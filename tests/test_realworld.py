"""The real-world corpus (``tests/realworld/``): public ImageStreams, Templates, Lists,
Helm charts and look-alikes, linted as they were published.

* Every error finding on the whole corpus is listed, exactly, in ``realworld_findings.txt``
  (concise format, paths relative to the corpus): nothing more, nothing less.
* The classification in ``realworld/EXPECTATIONS.md`` holds: no error on a file real
  clusters ``accepted`` (unknown fields aside, see below); no finding on a ``look-alike``
  (except that a file which is not YAML at all gets its syntax error when it names the
  image API's group or one of its kinds); ``templated``
  (Helm/Jinja) sources get one clear ``ITL001`` or nothing; ``api-test-data`` files get
  the findings of their deliberate mistakes.
* The only warning is the legacy ``apiVersion: v1`` one, on lines that say ``v1``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from imagetag_lint.checking import engine
from imagetag_lint.diagnostics import Diagnostic, Severity
from imagetag_lint.settings import DEFAULT_SETTINGS

TESTS = Path(__file__).resolve().parent
CORPUS = TESTS / "realworld"
GOLDEN = TESTS / "realworld_findings.txt"
CLASSES = ("api-test-data", "look-alike", "templated", "accepted")

pytestmark = pytest.mark.skipif(
    not (CORPUS / "INDEX.tsv").is_file(), reason="the real-world corpus is not in this checkout"
)


@cache
def corpus_files() -> tuple[str, ...]:
    with (CORPUS / "INDEX.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return tuple(sorted(row[0] for row in rows[1:] if row and (CORPUS / row[0]).is_file()))


@cache
def findings() -> dict[str, tuple[Diagnostic, ...]]:
    return {
        name: tuple(engine.lint_bytes((CORPUS / name).read_bytes(), name))
        for name in corpus_files()
    }


def concise(diagnostic: Diagnostic) -> str:
    return (
        f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}:"
        f" {diagnostic.code} {diagnostic.message}"
    )


def object_profile_errors(name: str) -> list[Diagnostic]:
    settings = DEFAULT_SETTINGS.replace(profile="object")
    found = engine.lint_bytes((CORPUS / name).read_bytes(), name, settings)
    return [d for d in found if d.severity is Severity.ERROR]


def errors(name: str) -> list[Diagnostic]:
    return [d for d in findings()[name] if d.severity is Severity.ERROR]


EXPECTATION = re.compile(
    r"^- `([^`]+)` \*\*(accepted|look-alike|templated|api-test-data)\*\* — (.*)$"
)


@cache
def expectations() -> dict[str, tuple[str, str]]:
    """File -> (class, note), parsed with the regular expression EXPECTATIONS.md gives."""
    text = (CORPUS / "EXPECTATIONS.md").read_text(encoding="utf-8")
    found = {}
    for line in text.splitlines():
        match = EXPECTATION.match(line)
        if match:
            found[match.group(1)] = (match.group(2), match.group(3))
    return found


def classification() -> dict[str, str]:
    return {name: kind for name, (kind, _) in expectations().items() if name in corpus_files()}


def test_the_corpus_is_there() -> None:
    assert len(corpus_files()) >= 150


def test_every_error_on_the_corpus_is_the_expected_one() -> None:
    expected = [
        line
        for line in GOLDEN.read_text(encoding="utf-8").splitlines()
        if line.split(":", 1)[0] in corpus_files()
    ]
    actual = [concise(d) for name in corpus_files() for d in errors(name)]
    assert actual == expected


def test_every_file_is_classified() -> None:
    missing = [name for name in corpus_files() if name not in classification()]
    assert missing == []


@pytest.mark.parametrize("kind", CLASSES)
def test_classes_get_what_they_deserve(kind: str) -> None:
    wrong = []
    for name, given in classification().items():
        if given != kind:
            continue
        codes = [d.code for d in findings()[name]]
        error_codes = [d.code for d in errors(name)]
        if kind == "accepted":
            # A "caveat:" names what a cluster took but a strict check flags (a misplaced
            # top-level ``labels``, ``from.Kind``): those errors are pinned one by one in
            # realworld_findings.txt; every other accepted file has none.
            ok = error_codes == [] or "caveat:" in expectations()[name][1]
        elif kind == "look-alike":
            ok = codes == [] or codes == ["ITL001"]  # not YAML at all: its syntax error
        elif kind == "templated":
            ok = codes in ([], ["ITL001"])
        else:
            # Trimmed API output may only lack what the API returns (the object profile).
            ok = error_codes != [] or object_profile_errors(name) != []
        if not ok:
            wrong.append((name, codes))
    assert wrong == []


# Every warning the corpus gets, by code: each one reviewed (see the kinds docs).
EXPECTED_WARNINGS = {"ITL313": 9, "ITL320": 208, "ITL321": 1, "ITL373": 1, "ITL381": 89}


def test_the_warnings_on_the_corpus_are_the_reviewed_ones() -> None:
    counts: Counter[str] = Counter()
    for name, found in findings().items():
        lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
        for diagnostic in found:
            if diagnostic.severity is Severity.ERROR:
                continue
            counts[diagnostic.code] += 1
            if diagnostic.code == "ITL381":
                assert diagnostic.line is not None
                assert re.search(r'apiVersion"?\s*:\s*"?v1\b', lines[diagnostic.line - 1])
    assert dict(sorted(counts.items())) == EXPECTED_WARNINGS
