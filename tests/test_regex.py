"""Regular expressions compiled on first use (``imagetag_lint.regex``)."""

from __future__ import annotations

import re

import pytest

from imagetag_lint import regex


def test_a_pattern_compiles_on_first_use_and_then_is_the_compiled_one() -> None:
    pattern = regex.lazy(r"(a+)(b)?\Z", re.IGNORECASE)
    assert "match" not in vars(pattern)  # nothing compiled yet
    found = pattern.match("AAb")
    assert found is not None
    assert found.groups() == ("AA", "b")
    compiled = re.compile(r"(a+)(b)?\Z", re.IGNORECASE)
    assert vars(pattern)["match"] == compiled.match  # the compiled pattern's own method
    assert pattern.fullmatch("ab") is not None
    assert pattern.search("xab") is not None
    assert pattern.sub("x", "aa") == "x"
    assert pattern.pattern == compiled.pattern
    assert pattern.flags == compiled.flags
    assert pattern.groups == 2


def test_only_the_attributes_of_a_pattern_are_there() -> None:
    pattern = regex.lazy("a")
    with pytest.raises(AttributeError):
        pattern.nothing  # type: ignore[attr-defined]  # noqa: B018
    assert "match" not in vars(pattern)  # an unknown name compiles nothing


# --- patterns compiled ahead of time (regex_table) ------------------------------------------

from imagetag_lint import regex_table  # noqa: E402

WRITTEN_HERE = regex.this_python() == regex_table.BUILT_FOR
needs_this_python = pytest.mark.skipif(
    not WRITTEN_HERE, reason="the table was written for another Python, and is not used here"
)


@needs_this_python
@pytest.mark.parametrize("entry", regex_table.ENTRIES, ids=lambda entry: repr(entry[0])[:40])
def test_each_pattern_from_the_table_is_what_re_compile_makes(entry: regex.Entry) -> None:
    pattern, flags = entry[:2]
    made, expected = regex.compile_pattern(pattern, flags), re.compile(pattern, flags)
    assert made is not expected  # made from the table, not taken from re's cache
    assert made == expected  # patterns compare their flags and compiled code
    assert (made.groups, made.groupindex) == (expected.groups, expected.groupindex)


@needs_this_python
def test_the_table_holds_every_pattern_the_package_defines_and_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert [entry[:2] for entry in regex_table.ENTRIES] == regex.defined_patterns()

    def refused(*args: object) -> None:
        raise AssertionError("compiled by re, not from the table")

    monkeypatch.setattr(re, "compile", refused)
    pattern, flags = regex_table.ENTRIES[0][:2]
    assert regex.compile_pattern(pattern, flags).pattern == pattern


def test_a_pattern_the_table_does_not_hold_compiles_as_usual() -> None:
    made = regex.compile_pattern(r"not (in) the (?P<name>table)\Z", re.IGNORECASE)
    assert made == re.compile(r"not (in) the (?P<name>table)\Z", re.IGNORECASE)
    assert regex.lazy(r"(?P<x>nor)\s+this").match("nor  this").group("x") == "nor"  # type: ignore[union-attr]
