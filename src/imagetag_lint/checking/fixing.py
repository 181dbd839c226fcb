"""Applying the fixes rules propose: edit the text, lint again, until nothing changes.

A ``Fix`` is a set of edits at character offsets into the text it was computed
on, so fixes from one lint can be applied together only where they do not
touch: a fix whose edits overlap an already accepted fix is left for the next
round, when it is computed again on the new text (or is no longer needed).
Every byte outside the edited ranges, comments and formatting included, is
kept as it was.

Safe fixes keep the meaning the author evidently had (quoting ``1.10``,
correcting the case of an enum value); unsafe ones rename or remove something
and are applied only when asked for.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ..diagnostics import Diagnostic, Edit, Fix
from ..frozen import NamedTuple
from ..settings import Settings
from . import engine

DEFAULT_ROUNDS = 10


class Fixed(NamedTuple):
    text: str  # the text after every applied fix
    diagnostics: list[Diagnostic]  # what is left, linted on the fixed text
    applied: int  # how many fixes were applied


def apply(text: str, fixes: Sequence[Fix]) -> tuple[str, int]:
    """The text with every fix applied that overlaps no fix accepted before it; how many were.

    Fixes are taken in the order of their first edit, and a fix is applied
    whole or not at all. Two edits overlap when their ranges share a character,
    or when both start at the same offset (two insertions there have no order).
    A fix with edits outside the text, or overlapping each other, is refused.
    """
    accepted: list[Edit] = []
    count = 0
    for fix in sorted(fixes, key=_position):
        edits = sorted(fix.edits, key=lambda edit: (edit.start, edit.end))
        if not edits or not _well_formed(edits, len(text)):
            continue
        if any(_overlap(edit, other) for edit in edits for other in accepted):
            continue
        accepted.extend(edits)
        count += 1
    return _edited(text, accepted), count


def fix_text(
    text: str,
    filename: str,
    settings: Settings,
    *,
    unsafe: bool = False,
    rounds: int = DEFAULT_ROUNDS,
) -> Fixed:
    """Lint, apply the safe fixes (unsafe ones too with ``unsafe``), and again until none apply.

    Each round lints the text as it now is, so a fix is always computed on the
    text it edits. ``rounds`` bounds the work should fixes keep undoing each
    other; the diagnostics returned are those of the final text.
    """
    applied = 0
    diagnostics = engine.lint_text(text, filename, settings)
    for _ in range(rounds):
        fixes = [d.fix for d in diagnostics if d.fix is not None and (d.fix.safe or unsafe)]
        if not fixes:
            break
        edited, count = apply(text, fixes)
        if count == 0 or edited == text:
            break
        text, applied = edited, applied + count
        diagnostics = engine.lint_text(text, filename, settings)
    return Fixed(text, diagnostics, applied)


def _position(fix: Fix) -> tuple[int, int]:
    first = min(fix.edits, key=lambda edit: (edit.start, edit.end), default=Edit(0, 0, ""))
    return first.start, first.end


def _well_formed(edits: list[Edit], size: int) -> bool:
    """Inside the text and apart from one another (``edits`` sorted)."""
    if any(not 0 <= edit.start <= edit.end <= size for edit in edits):
        return False
    return not any(_overlap(a, b) for a, b in itertools.pairwise(edits))


def _overlap(a: Edit, b: Edit) -> bool:
    return a.start == b.start or (a.start < b.end and b.start < a.end)


def _edited(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied, built in one pass."""
    parts: list[str] = []
    at = 0
    for edit in sorted(edits, key=lambda edit: (edit.start, edit.end)):
        parts.append(text[at : edit.start])
        parts.append(edit.text)
        at = edit.end
    parts.append(text[at:])
    return "".join(parts)
