"""What a rule is: an id, its docs, and (for semantic rules) a small generator.

A semantic rule attaches to API types. The engine calls it with every occurrence
of those types, as a plain mapping, and a ``RuleContext``; the rule yields
``Finding``s whose pointers are relative to the node it was given. The engine
turns them into ``Diagnostic``s (code, severity, position), so a rule can
neither forget nor mis-base a position, and it can be tested on plain dicts.

Rules for the loader and the schema layer carry only metadata: those layers
produce their findings themselves, under these codes.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Finding, Severity
from ..openshift.template_parameters import has_placeholder
from ..settings import Settings

Check = Callable[[Mapping[str, Any], "RuleContext"], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """What a rule may know beyond the node it checks."""

    pointer: str  # where the node sits, relative to the linted object
    obj: Mapping[str, Any]  # the whole object being linted (an ImageTag, ...)
    root_type: str  # the API type of ``obj`` (its kind)
    node_type: str  # the API type of the node the rule was called with
    settings: Settings
    plain_scalar: Callable[[str], str | None] = field(default=lambda pointer: None)
    parents: tuple[Any, ...] = ()  # the values between ``obj`` and the node, outermost first
    old: Mapping[str, Any] | None = None  # the stored object an update replaces; None on create
    templated: bool = False  # inside a Template: values may hold ${PARAM} placeholders

    def source_text(self, relative: str) -> str | None:
        """The unquoted source text of a value below the node, if it was a plain scalar."""
        return self.plain_scalar(self.pointer + relative)

    def is_placeholder(self, value: object) -> bool:
        """Whether ``value`` is or holds a Template parameter that ``oc process`` replaces.

        The engine already drops a rule's finding on such a value; a rule needs this
        only when it compares several values (two tag names, a name and a tag).
        """
        return self.templated and has_placeholder(value)


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    doc: str
    types: tuple[str, ...] = ()
    server: str | None = None
    check: Check | None = None

    @property
    def layer(self) -> str:
        if self.check is not None:
            return "rule"
        if self.code >= "ITL900":
            return "linter"  # findings about the linter's own directives
        return "input" if self.code < "ITL100" else "schema"


def rule(
    *,
    code: str,
    name: str,
    severity: Severity,
    types: tuple[str, ...],
    server: str | None = None,
) -> Callable[[Check], Rule]:
    """Make a ``Rule`` of a check function; its docstring is the rule's documentation."""

    def wrap(check: Check) -> Rule:
        doc = inspect.cleandoc(check.__doc__ or "")
        return Rule(code, name, severity, doc.split("\n", 1)[0], doc, types, server, check)

    return wrap


def layer_rule(
    code: str, name: str, severity: Severity, doc: str, server: str | None = None
) -> Rule:
    """A rule whose findings the loader or the schema layer produce."""
    text = inspect.cleandoc(doc)
    return Rule(code, name, severity, text.split("\n", 1)[0], text, (), server)
