"""The rule registry: every rule, each code and name exactly once.

The modules are listed in ``index.MODULES``. A run imports only those of the rules it
runs (``index``): ``BY_CODE`` imports a rule's module when its code is looked up.
``RULES``, ``BY_NAME`` and ``BY_TYPE`` hold every rule, so the first use of one of
them imports every module (the documentation, the generators and the tests use them).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from ._rule import MISSING, Accept, FixContext, Fixer, Phase, Rule, RuleContext, Scope, rule
from .index import MODULES, REGISTRY

TYPE_CHECKING = False

BY_CODE: Mapping[str, Rule] = REGISTRY

if TYPE_CHECKING:  # made on first use, by ``__getattr__``
    from typing import Any

    RULES: tuple[Rule, ...]
    BY_NAME: Mapping[str, Rule]
    BY_TYPE: Mapping[str, tuple[Rule, ...]]


def __getattr__(name: str) -> Any:
    if name in ("RULES", "BY_NAME", "BY_TYPE"):
        return _registry()[name]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@cache
def _registry() -> dict[str, Any]:
    rules: tuple[Rule, ...] = tuple(
        item
        for module in MODULES
        for item in __import__(f"{__name__}.{module}", fromlist=("RULES",)).RULES
    )
    _check_unique(rules)
    return {
        "RULES": rules,
        "BY_NAME": {item.name: item for item in rules},
        "BY_TYPE": _by_type(rules),
    }


def _check_unique(rules: tuple[Rule, ...]) -> None:
    codes: set[str] = set()
    names: set[str] = set()
    for item in rules:
        if item.code in codes or item.name in names:
            raise ValueError(f"rule {item.code} ({item.name}) is registered twice")
        codes.add(item.code)
        names.add(item.name)


def _by_type(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    table: dict[str, list[Rule]] = {}
    for item in rules:
        for type_name in item.types:
            table.setdefault(type_name, []).append(item)
    return {type_name: tuple(items) for type_name, items in table.items()}


__all__ = [
    "BY_CODE",
    "BY_NAME",
    "BY_TYPE",
    "MISSING",
    "RULES",
    "Accept",
    "FixContext",
    "Fixer",
    "Phase",
    "Rule",
    "RuleContext",
    "Scope",
    "rule",
]
