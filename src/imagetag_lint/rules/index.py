"""Every rule listed without importing it: what a plan is made of, and where each rule is.

Importing all the rule modules costs a run several milliseconds, yet a run meets few
of the rules: a file of ImageTags never runs the Image or ImageStreamImport rules,
and an object the gate accepts runs none but those no schema can express. So the
engine plans from ``ENTRIES``: per rule its code, name, module, and the facts that
decide where it runs. They are written ahead of time into ``index_table`` by
``python -m imagetag_lint.checking.acceptcode --write`` from the rules themselves
(``table_source``), and a test holds the table to them. ``load`` imports the modules
of the rules a plan runs; ``REGISTRY`` maps a code to its ``Rule``, importing the
rule's module when the code is first looked up.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache

from ..diagnostics import Severity
from ..frozen import NamedTuple
from ._rule import Phase, Rule, Scope, runs_on
from .index_table import ROWS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# The rule modules in the registry's order (``rules.RULES``): input, schema, then the
# rules by family, and the layers' own rules last.
MODULES: tuple[str, ...] = (
    "input_problems",
    "schema_failures",
    "metadata",
    "policies",
    "imagetag_objects",
    "references",
    "decoding",
    "image_content",
    "unusable_tags",
    "manifests",
    "security",
    "signatures",
    "history",
    "hazards",
    "streams",
    "image_objects",
    "imagestreamtag_objects",
    "imagestreamimport_objects",
    "templates",
    "directives",
    "update",
)


class Entry(NamedTuple):
    """One rule as a plan sees it: ``Rule``'s own fields, but no functions or fragments."""

    code: str
    name: str
    module: str  # in ``imagetag_lint.rules``
    severity: Severity
    layer: str  # ``Rule.layer``
    types: tuple[str, ...]
    scope: Scope
    kinds: tuple[str, ...] | None
    phase: Phase
    profile: str | None
    server: str | None
    checks: bool  # it has a check function (a layer's rule has none)
    accepts: bool  # it declares ``accept`` fragments for the gate
    source: bool
    setting: str | None

    def runs_on(self, root_type: str, update: bool, profile: str) -> bool:
        """``Rule.runs_on``."""
        return runs_on(self.kinds, self.phase, self.profile, root_type, update, profile)


def _entry(row: tuple[Any, ...]) -> Entry:
    """A row of ``index_table``: its severity, scope and phase are written as values."""
    code, name, module, severity, layer, types, scope, kinds, phase, *rest = row
    return Entry(
        code,
        name,
        module,
        _SEVERITIES[severity],
        layer,
        types,
        _scope(scope),
        kinds,
        _PHASES[phase],
        *rest,
    )


# Looked up, not called: calling an enum to convert a value is its slow path, and a
# run converts every row.
_SEVERITIES = {severity.value: severity for severity in Severity}
_PHASES = {phase.value: phase for phase in Phase}
_scope = cache(Scope)


ENTRIES: tuple[Entry, ...] = tuple(map(_entry, ROWS))
BY_CODE: Mapping[str, Entry] = {entry.code: entry for entry in ENTRIES}
_POSITION = {entry.code: position for position, entry in enumerate(ENTRIES)}


@cache
def _rules_of(module: str) -> Mapping[str, Rule]:
    # ``__import__`` with a fromlist returns the module named itself; importlib would
    # import ``warnings`` as well, on every run.
    rules: tuple[Rule, ...] = __import__(f"{__package__}.{module}", fromlist=("RULES",)).RULES
    return {item.code: item for item in rules}


_FOUND: dict[str, Rule] = {}


def find(code: str) -> Rule:
    """The rule of ``code``; its module is imported when a code of it is first looked up."""
    found = _FOUND.get(code)  # every finding looks its rule up: one dict look-up then
    if found is None:
        found = _FOUND[code] = _rules_of(BY_CODE[code].module)[code]
    return found


def load(codes: Iterable[str]) -> tuple[Rule, ...]:
    """The rules of ``codes``, in the registry's order; only their modules are imported."""
    return tuple(map(find, sorted(set(codes), key=_POSITION.__getitem__)))


class _Registry(Mapping[str, Rule]):
    """Code -> ``Rule`` for every rule; a rule's module is imported when it is looked up."""

    __slots__ = ()

    def __getitem__(self, code: str) -> Rule:
        return find(code)

    def __contains__(self, code: object) -> bool:
        return code in BY_CODE  # without importing the rule's module

    def __iter__(self) -> Iterator[str]:
        return iter(BY_CODE)

    def __len__(self) -> int:
        return len(BY_CODE)

    def __repr__(self) -> str:
        return f"<the {len(BY_CODE)} rules by code>"


REGISTRY: Mapping[str, Rule] = _Registry()


def rows() -> list[tuple[Any, ...]]:
    """``index_table.ROWS`` as the rule modules define them now (every module imported)."""
    found = []
    for module in MODULES:
        for item in __import__(f"{__package__}.{module}", fromlist=("RULES",)).RULES:
            found.append(
                (
                    item.code,
                    item.name,
                    module,
                    item.severity.value,
                    item.layer,
                    item.types,
                    item.scope.value,
                    item.kinds,
                    item.phase.value,
                    item.profile,
                    item.server,
                    item.check is not None,
                    item.accept is not None,
                    item.source,
                    item.setting,
                )
            )
    return found


def table_source() -> str:
    """The text of ``index_table``."""
    lines = [
        '"""Every rule as ``index.Entry`` fields, in the registry\'s order.',
        "",
        "Generated by ``python -m imagetag_lint.checking.acceptcode --write`` from the",
        "rule modules (``index.rows``); do not edit.",
        '"""',
        "",
        "# ruff: noqa",
        "ROWS = (",
        *(f"    {row!r}," for row in rows()),
        ")",
    ]
    return "\n".join(lines) + "\n"
