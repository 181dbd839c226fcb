"""The real-world corpus (``tests/realworld/``): public ImageStreams, Templates, Lists,
Helm charts and look-alikes, linted as they were published.

* Every error finding on the whole corpus is listed, exactly, in ``realworld_findings.txt``
  (concise format, paths relative to the corpus): nothing more, nothing less.
* The classification in ``realworld/EXPECTATIONS.md`` holds: no error on a file real
  clusters ``accepted`` (unknown fields aside, see below); no finding on a ``look-alike``
  (except that a file which is not YAML at all gets its syntax error); ``templated``
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

from imagetag_lint import engine
from imagetag_lint.diagnostics import Diagnostic, Severity

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


def errors(name: str) -> list[Diagnostic]:
    return [d for d in findings()[name] if d.severity is Severity.ERROR]


@cache
def classification() -> dict[str, str]:
    """File -> class, from the lines of EXPECTATIONS.md that name the file."""
    text = (CORPUS / "EXPECTATIONS.md").read_text(encoding="utf-8")
    found = {}
    for name in corpus_files():
        for line in text.splitlines():
            if name in line:
                words = [c for c in CLASSES if re.search(rf"\b{c}\b", line)]
                if words:
                    found[name] = words[0]
                    break
    return found


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
            # Unknown fields (ITL102) are the one error a cluster may have accepted: the
            # server's default field validation only warns and drops them, while kubectl
            # validates strictly and refuses them. They are real mistakes (a top-level
            # ``labels`` that never reaches metadata, ``from.Kind`` that is not ``kind``),
            # pinned one by one in realworld_findings.txt.
            ok = set(error_codes) <= {"ITL102"}
        elif kind == "look-alike":
            ok = codes == [] or codes == ["ITL001"]  # not YAML at all: its syntax error
        elif kind == "templated":
            ok = codes in ([], ["ITL001"])
        else:
            ok = error_codes != []
        if not ok:
            wrong.append((name, codes))
    assert wrong == []


def test_the_only_warning_is_the_legacy_api_version_on_v1_lines() -> None:
    counts: Counter[str] = Counter()
    for name, found in findings().items():
        lines = (CORPUS / name).read_text(encoding="utf-8").splitlines()
        for diagnostic in found:
            if diagnostic.severity is Severity.ERROR:
                continue
            counts[diagnostic.code] += 1
            assert diagnostic.code == "ITL381", concise(diagnostic)
            assert diagnostic.line is not None
            assert re.search(r'apiVersion"?\s*:\s*"?v1\b', lines[diagnostic.line - 1])
    assert set(counts) <= {"ITL381"}
