"""Regular expressions compiled on first use.

A run pays at start-up for every pattern a module compiles when it is imported,
and most of them meet no value in a given run (a pull-spec grammar in a file of
ImageStreams, a suppression comment in a file without one). ``lazy`` gives an
object with the methods of a compiled pattern that compiles it the first time
one is used, then hands out the compiled pattern's own methods.

Compiling is still most of what a run of one file spends on its patterns: ``re``
parses each one and generates its code in Python, about a tenth of ``import yaml``
for the patterns one ImageTag meets. So the patterns the package's modules define
are also compiled ahead of time: ``regex_table`` holds what ``re.compile`` makes of
each (its flags, its compiled code, its groups), and ``compile_pattern`` hands that
to ``_sre.compile``, the call ``re.compile`` ends with. The table is written by
``python -m imagetag_lint.checking.acceptcode --write`` for the Python that runs it
and is used on that Python only (same version, same ``_sre`` code format); on any
other, patterns compile as usual. A compiled pattern compares equal to another only
if its code is the same, and ``tests/test_regex.py`` holds every entry to
``re.compile``.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# What a caller may use: the methods and attributes of ``re.Pattern``.
_ATTRIBUTES = (
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
    "pattern",
    "flags",
    "groups",
    "groupindex",
)


class _Lazy:
    def __init__(self, pattern: str, flags: int) -> None:
        self._arguments = (pattern, flags)

    def __getattr__(self, name: str) -> Any:  # only until the first use: then they are set
        if name not in _ATTRIBUTES:
            raise AttributeError(name)
        compiled = compile_pattern(*self._arguments)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    DEFINED.append((pattern, int(flags)))
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # it acts as one


# Every (pattern, flags) given to ``lazy``, in order: what the table is written from.
DEFINED: list[tuple[str, int]] = []

# A table entry: the pattern and flags given, the flags re adds (inline flags, UNICODE),
# the code as native unsigned ints, the number of groups less one, the group names with
# their numbers, and each group's name or None. Constants only, so the whole table is
# one constant of the module's bytecode, read at once.
Entry = tuple[str, int, int, bytes, int, tuple[tuple[str, int], ...], tuple["str | None", ...]]

_ahead: dict[tuple[str, int], Entry] | None = None


def compile_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, from the table written ahead of time when it has it."""
    entry = _table().get((pattern, flags))
    if entry is None:
        return re.compile(pattern, flags)
    _, _, full_flags, code, groups, names, indexgroup = entry
    words = memoryview(code).cast("I").tolist()
    made: re.Pattern[str] = _sre.compile(
        pattern, full_flags, words, groups, dict(names), indexgroup
    )
    return made


def this_python() -> tuple[object, ...]:
    """What the compiled code depends on: the interpreter, its version and ``_sre``'s format."""
    return (sys.implementation.name, sys.version_info[:2], _sre.MAGIC, _sre.CODESIZE, sys.byteorder)


def _table() -> dict[tuple[str, int], Entry]:
    global _ahead
    if _ahead is None:
        from . import regex_table

        usable = this_python() == regex_table.BUILT_FOR
        _ahead = {entry[:2]: entry for entry in regex_table.ENTRIES} if usable else {}
    return _ahead


def defined_patterns() -> list[tuple[str, int]]:
    """Every (pattern, flags) the package's modules give ``lazy`` when imported, read in a
    fresh interpreter: this one's ``DEFINED`` may hold patterns made since."""
    import ast
    import subprocess

    program = (
        "import importlib, pkgutil, imagetag_lint\n"
        "from imagetag_lint import regex\n"
        "for m in pkgutil.walk_packages(imagetag_lint.__path__, 'imagetag_lint.'):\n"
        "    if not m.name.endswith(('__main__', 'regex_table')):\n"
        "        importlib.import_module(m.name)\n"
        "print(repr(sorted(set(regex.DEFINED))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    found: list[tuple[str, int]] = ast.literal_eval(done.stdout)
    return found


def table_source() -> str:
    """The text of ``regex_table``: every pattern the package's modules define, compiled."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    lines = [
        '"""What ``re.compile`` makes of each pattern the package defines (see ``regex``).',
        "",
        "Generated by ``python -m imagetag_lint.checking.acceptcode --write``; do not edit.",
        '"""',
        "",
        "# ruff: noqa",
        f"BUILT_FOR = {this_python()!r}",
        "ENTRIES = (",
    ]
    for pattern, flags in defined_patterns():
        tree = _parser.parse(pattern, flags)
        code = _compiler._code(tree, flags)
        groupindex: dict[str, int] = dict(tree.state.groupdict)
        indexgroup: list[str | None] = [None] * tree.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        words = b"".join(word.to_bytes(_sre.CODESIZE, sys.byteorder) for word in code)
        groups = tree.state.groups - 1
        names = tuple(groupindex.items())
        full_flags = flags | tree.state.flags
        entry = (pattern, flags, full_flags, words, groups, names, tuple(indexgroup))
        lines.append(f"    {entry!r},")
    lines.append(")")
    return "\n".join(lines) + "\n"
