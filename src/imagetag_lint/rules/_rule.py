"""What a rule is: an id, its docs, and (for semantic rules) a small generator.

A semantic rule attaches to API types. The engine calls it with every occurrence
of those types, as a plain mapping, and a ``RuleContext``; the rule yields
``Finding``s whose pointers are relative to the node it was given. The engine
turns them into ``Diagnostic``s (code, severity, position), so a rule can
neither forget nor mis-base a position, and it can be tested on plain dicts.

A rule declares where it applies, and the engine runs it nowhere else: the API
types it attaches to, the ``scope`` of the occurrences it wants (the linted
object, its own metadata, or any nested occurrence), the ``kinds`` of object it
runs in, the ``phase`` (create, update or both) and the ``profile``. So a check
holds no guards of its own, and ``ruledocs`` prints what each rule declares.

Rules for the loader and the schema layer carry only metadata: those layers
produce their findings themselves, under these codes.

Two more declarations let the engine leave a rule out where it cannot report
anything: ``source=True`` for a rule about integers written with a leading zero
in the YAML source text (it has nothing to say about an object that never was
text, such as an admission request's, nor about a document in which the loader
saw no such number: ``Locator.leading_zeros``), and ``setting=`` for one that
reports only when that ``Settings`` field is set (the allowed registries).

A rule may also declare what a clean object looks like to it: ``accept``, JSON
Schema fragments keyed by API type, which the validity gate (``checking.gate``)
adds to that type's schema. The fragments must be *sufficient*: an object that
meets them gets no finding from the rule (they may be stricter than the rule;
that only sends more objects down the slow path that explains). The gate then
accepts a clean object without calling the rule at all; a rule without
``accept`` runs on every object, as before.

Any rule may declare a ``fix``: a function of a ``FixContext`` (the file's text
and where a finding sits in it) that returns a ``Fix`` or None. The engine calls
it only for documents that came from text, and marks the fix safe or unsafe as
the rule declares with ``fix_safe``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping
from functools import cache

from .. import codes
from ..diagnostics import Finding, Fix, Severity
from ..frozen import NamedTuple
from ..settings import Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Protocol
else:  # an interface for type checkers: nothing checks it at run time
    Protocol = object

Check = Callable[[Mapping[str, "Any"], "RuleContext"], Iterable[Finding]]
# API type -> a JSON Schema (draft 2020-12) that every occurrence the rule finds no
# fault with meets. ``$ref`` may only point into the bundle (``#/$defs/<Type>``).
Accept = Mapping[str, Mapping[str, "Any"]]


class _Missing:
    """The type of ``MISSING``: no value sits at a pointer."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()


class FixContext(Protocol):
    """What a fixer may know: the file's text and where a finding sits in it.

    Pointers are absolute within the document (the finding's ``pointer`` is one);
    offsets are 0-based characters into ``text``, end exclusive.
    """

    text: str  # the whole source text of the file
    pointer: str  # the finding's JSON pointer, absolute within the document
    at: str  # "key" or "value", as the finding says
    value: Any  # the decoded value at ``pointer``; MISSING when there is none
    is_json: bool
    message: str  # the finding's message, without the path the engine puts before it

    def span(self, pointer: str, at: str = "value") -> tuple[int, int] | None:
        """Where the key or value node at ``pointer`` is; None if it is not there."""

    def source(self, pointer: str) -> str | None:
        """The text of the value node at ``pointer``, quotes included."""

    def member(self, pointer: str) -> tuple[int, int] | None:
        """What to delete to remove a block-style mapping member; None in flow style or JSON.

        From the start of the key's line to the end of the value's last line,
        including the final line break.
        """


Fixer = Callable[[FixContext], "Fix | None"]


def _no_text(pointer: str) -> str | None:
    """``plain_scalar`` of an object that never was text: no value was written plainly."""
    return None


class RuleContext(NamedTuple):
    """What a rule may know beyond the node it checks."""

    pointer: str  # where the node sits, relative to the linted object
    obj: Mapping[str, Any]  # the whole object being linted (an ImageTag, ...)
    root_type: str  # the API type of ``obj`` (its kind)
    node_type: str  # the API type of the node the rule was called with
    settings: Settings
    plain_scalar: Callable[[str], str | None] = _no_text
    parents: tuple[Any, ...] = ()  # the values between ``obj`` and the node, outermost first
    old: Mapping[str, Any] | None = None  # the stored object an update replaces; None on create
    templated: bool = False  # inside a Template: values may hold ${PARAM} placeholders

    @property
    def stored(self) -> Mapping[str, Any]:
        """The stored object an update replaces: for rules declared ``phase=Phase.UPDATE``."""
        if self.old is None:
            raise LookupError("only update rules read the stored object")
        return self.old

    def source_text(self, relative: str) -> str | None:
        """The unquoted source text of a value below the node, if it was a plain scalar."""
        return self.plain_scalar(self.pointer + relative)

    def is_placeholder(self, value: object) -> bool:
        """Whether ``value`` is or holds a Template parameter that ``oc process`` replaces.

        The engine already drops a rule's finding on such a value; a rule needs this
        only when it compares several values (two tag names, a name and a tag).
        """
        if not self.templated:
            return False
        from ..openshift.template_parameters import has_placeholder

        return has_placeholder(value)


class Scope(enum.Flag):
    """Which occurrences of its types a rule is called with, by where they sit."""

    ROOT = enum.auto()  # the linted object itself
    METADATA = enum.auto()  # the linted object's own ``metadata``
    NESTED = enum.auto()  # every other occurrence (a list item, an embedded object)
    ANY = ROOT | METADATA | NESTED

    @property
    def label(self) -> str:
        """How the documentation names it: ``root``, ``metadata``, ``root, metadata``."""
        if self is Scope.ANY:
            return "any"
        parts = (Scope.ROOT, Scope.METADATA, Scope.NESTED)
        return ", ".join(str(part.name).lower() for part in parts if part & self)


class Phase(enum.Enum):
    """Which requests a rule checks: creating an object, updating one, or both."""

    ANY = "any"
    CREATE = "create"  # a manifest applied anew, or an admission CREATE
    UPDATE = "update"  # an admission UPDATE: the engine is given the stored object


class Rule(NamedTuple):
    code: str
    name: str
    severity: Severity
    docstring: str  # the documentation as written (indented): ``doc`` cleans it
    types: tuple[str, ...] = ()
    server: str | None = None
    check: Check | None = None
    scope: Scope = Scope.ANY
    kinds: tuple[str, ...] | None = None  # the kinds of object it runs in; None: every one
    phase: Phase = Phase.ANY
    profile: str | None = None  # the only profile it runs in; None: both
    fix: Fixer | None = None  # proposes the edit that resolves a finding
    fix_safe: bool = True  # whether that edit keeps the author's meaning
    accept: Accept | None = None  # what a clean occurrence meets, for the validity gate
    source: bool = False  # about integers written with a leading zero in the YAML text
    setting: str | None = None  # the ``Settings`` field without which it reports nothing

    @property
    def doc(self) -> str:
        """The documentation, without the indentation of the source it was written in."""
        return _cleaned(self.docstring)

    @property
    def summary(self) -> str:
        """The documentation's first line."""
        return self.doc.split("\n", 1)[0]

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    def runs_on(self, root_type: str, update: bool, profile: str) -> bool:
        """Whether the rule applies to an object of this type, request and profile."""
        return runs_on(self.kinds, self.phase, self.profile, root_type, update, profile)

    @property
    def layer(self) -> str:
        if self.check is not None:
            return "rule"
        if self.code >= "ITL900":
            return "linter"  # findings about the linter's own directives
        if self.code < "ITL100":
            return "input"
        if self.code == codes.UNKNOWN_KIND:
            return "kinds"  # made where the engine decides which documents are ours
        # Beyond the schema's codes, a rule without a check is made where the engine
        # opens a Template (its parameters are known only there).
        return "schema" if self.code < "ITL200" else "template"


def runs_on(
    kinds: tuple[str, ...] | None,
    phase: Phase,
    only_profile: str | None,
    root_type: str,
    update: bool,
    profile: str,
) -> bool:
    """Whether a rule of these ``kinds``, ``phase`` and profile applies to an object of
    this type, request and profile (``Rule.runs_on``, and ``index.Entry.runs_on``)."""
    return (
        (kinds is None or root_type in kinds)
        and phase is not (Phase.CREATE if update else Phase.UPDATE)
        and (only_profile is None or only_profile == profile)
    )


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    types: tuple[str, ...],
    server: str | None = None,
    scope: Scope = Scope.ANY,
    kinds: tuple[str, ...] | None = None,
    phase: Phase = Phase.ANY,
    profile: str | None = None,
    fix: Fixer | None = None,
    fix_safe: bool = True,
    accept: Accept | None = None,
    source: bool = False,
    setting: str | None = None,
) -> Callable[[Check], Rule]:
    """Make a ``Rule`` of a check function; its docstring is the rule's documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(
            code,
            name,
            severity,
            check.__doc__ or "",
            types,
            server,
            check,
            scope,
            kinds,
            phase,
            profile,
            fix,
            fix_safe,
            accept,
            source,
            setting,
        )

    return wrap


def layer_rule(
    code: str,
    name: str,
    severity: Severity,
    doc: str,
    server: str | None = None,
    *,
    fix: Fixer | None = None,
    fix_safe: bool = True,
) -> Rule:
    """A rule whose findings a layer produces: the loader, the schema layer, the Template step."""
    return Rule(code, name, severity, doc, (), server, fix=fix, fix_safe=fix_safe)


@cache
def _cleaned(docstring: str) -> str:
    # Cleaned when read (reports and documentation), not when each rule is defined:
    # ``inspect`` imports ``ast``, ``dis`` and ``tokenize``, which a run does not need.
    import inspect

    return inspect.cleandoc(docstring)
