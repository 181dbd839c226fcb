"""Rule selection: codes, code prefixes, rule names and ``ALL`` to sets of codes.

Entries are resolved against the rule index (``rules.index``, every rule's code and
name without importing its module), so a rule added to the registry is selectable
by its code, its name and every prefix of its code without any change here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ..diagnostics import Severity
from ..errors import UsageError
from ..rules.index import BY_CODE

_BY_NAME: Mapping[str, str] = {entry.name: entry.code for entry in BY_CODE.values()}

ALL = "ALL"
CODE_PREFIX = "ITL"
_CUTOFF = 0.75  # as for unknown fields: only a likely typo is worth a suggestion


def resolve(entry: str) -> frozenset[str]:
    """The codes one entry stands for: ``ALL``, a code, a code prefix (``ITL1``) or a name.

    An entry that names no registered rule is a ``UsageError`` that quotes it and,
    when one rule name or code is close to it, suggests that one.
    """
    text = entry.strip()
    if text.upper() == ALL:
        return frozenset(BY_CODE)
    if text in _BY_NAME:
        return frozenset((_BY_NAME[text],))
    prefix = text.upper()
    codes = frozenset(code for code in BY_CODE if code.startswith(prefix))
    if not text or not codes:
        raise UsageError(f"unknown rule code or name {entry!r}{_suggestion(text)}")
    return codes


def _suggestion(text: str) -> str:
    """`` (did you mean 'name'?)`` for the rule name or code nearest to ``text``, or ``""``."""
    from ..rules._support import closest  # difflib: only for an entry that names nothing

    if text.upper().startswith(CODE_PREFIX):
        choice = closest(text.upper(), BY_CODE, cutoff=_CUTOFF)
    else:
        choice = closest(text, _BY_NAME, cutoff=_CUTOFF)
    return f" (did you mean {choice!r}?)" if choice else ""


def resolve_all(entries: Iterable[str]) -> frozenset[str]:
    codes: set[str] = set()
    for entry in entries:
        codes |= resolve(entry)
    return frozenset(codes)


def severities(overrides: Mapping[str, str]) -> Mapping[str, Severity]:
    """``Settings.severities`` from ``{entry: "error"|"warning"}``; later entries win."""
    table: dict[str, Severity] = {}
    for entry, level in overrides.items():
        severity = parse_severity(level)
        for code in sorted(resolve(entry)):
            table[code] = severity
    return MappingProxyType(table)


def parse_severity(level: str) -> Severity:
    try:
        return Severity(level.strip().lower())
    except ValueError:
        raise UsageError(f"unknown severity {level!r}; expected 'error' or 'warning'") from None


def parse_override(text: str) -> tuple[str, str]:
    """``CODE=LEVEL`` from the command line."""
    entry, sep, level = text.partition("=")
    if not sep or not entry.strip():
        raise UsageError(f"severity override {text!r} is not CODE=LEVEL")
    parse_severity(level)
    return entry.strip(), level.strip()
