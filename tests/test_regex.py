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
