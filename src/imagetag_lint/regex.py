"""Regular expressions compiled on first use.

A run pays at start-up for every pattern a module compiles when it is imported,
and most of them meet no value in a given run (a pull-spec grammar in a file of
ImageStreams, a suppression comment in a file without one). ``lazy`` gives an
object with the methods of a compiled pattern that compiles it the first time
one is used, then hands out the compiled pattern's own methods.
"""

from __future__ import annotations

import re

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
        compiled = re.compile(*self._arguments)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when first used."""
    return _Lazy(pattern, flags)  # type: ignore[return-value]  # it acts as one
