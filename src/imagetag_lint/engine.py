"""The engine: schema layer and rules over every object, findings to diagnostics.

Rules and layers yield ``Finding``s (pointer + message); only here do they
become ``Diagnostic``s, with the rule's code and severity (or the configured
one) and the position the document's locator resolves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from typing import Any

from . import apitypes, kinds, schema
from .diagnostics import Diagnostic, Finding
from .loader import LoadFailure, SourceDocument, decode, load_documents
from .positions import Locator, NoLocator, pointer_to_path
from .rules import BY_CODE, BY_TYPE, Rule, RuleContext
from .settings import DEFAULT_SETTINGS, Settings

SCHEMA_CODES = frozenset(item.code for item in BY_CODE.values() if item.layer == "schema")


def lint_text(
    text: str, filename: str = "<stdin>", settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """Every finding in a YAML stream or JSON text, sorted by position."""
    # Only a .json file gets JSON's own syntax errors: text that merely starts
    # with "{" or "[" may be a YAML flow mapping, and valid JSON reads the same as YAML.
    is_json = filename.endswith(".json")
    found: list[Diagnostic] = []
    for document in load_documents(text, is_json=is_json):
        if isinstance(document, LoadFailure):
            found.extend(failure_diagnostics(document, filename, settings))
        else:
            found.extend(lint_document(document, filename, settings))
    return sorted(found, key=lambda d: d.sort_key)


def lint_bytes(
    data: bytes, filename: str, settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    text = decode(data)
    if isinstance(text, LoadFailure):
        return list(failure_diagnostics(text, filename, settings))
    return lint_text(text, filename, settings)


def lint_document(
    document: SourceDocument, filename: str, settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """The findings of one loaded document: its load problems and every object in it."""
    objects = list(kinds.targets(document.data, settings.kinds))
    if not objects:
        return []  # not an image API document: none of our business, even if odd
    emit = _Emitter(filename, document.index, document.locator, settings)
    for problem in document.problems:
        emit.add(problem.code, problem.finding, "")
    for target in objects:
        checks = check_object(
            target.obj, target.type_name, settings, document.locator, target.pointer
        )
        for code, finding in checks:
            emit.add(code, finding, target.pointer)
    return emit.diagnostics


def lint_object(
    obj: Mapping[str, Any], settings: Settings = DEFAULT_SETTINGS, filename: str = "<object>"
) -> list[Diagnostic]:
    """The findings of an already decoded object (no positions, pointers only)."""
    locator = NoLocator()
    emit = _Emitter(filename, 0, locator, settings)
    for target in kinds.targets(obj, settings.kinds):
        checks = check_object(target.obj, target.type_name, settings, locator, target.pointer)
        for code, finding in checks:
            emit.add(code, finding, target.pointer)
    return sorted(emit.diagnostics, key=lambda d: d.sort_key)


def check_object(
    obj: Mapping[str, Any],
    type_name: str,
    settings: Settings,
    locator: Locator,
    base: str = "",
) -> Iterator[tuple[str, Finding]]:
    """Schema findings, then rule findings, for one object; pointers relative to it."""

    def plain_scalar(pointer: str) -> str | None:
        return locator.plain_scalar(base + pointer)

    if any(settings.enabled(code) for code in SCHEMA_CODES):
        yield from schema.schema_findings(obj, type_name, settings.profile, plain_scalar)
    rules = _enabled_rules(settings)
    if not rules:
        return
    for occurrence in apitypes.occurrences(obj, type_name, frozenset(rules)):
        ctx = RuleContext(
            occurrence.pointer, obj, type_name, settings, plain_scalar, occurrence.parents
        )
        for rule in rules[occurrence.type_name]:
            for finding in _run(rule, occurrence.value, ctx):
                yield rule.code, _rebase(finding, occurrence.pointer)


def _run(rule: Rule, value: Mapping[str, Any], ctx: RuleContext) -> Iterable[Finding]:
    assert rule.check is not None
    return rule.check(value, ctx)


def _rebase(finding: Finding, pointer: str) -> Finding:
    return Finding(pointer + finding.pointer, finding.message, finding.at, finding.server)


def _enabled_rules(settings: Settings) -> Mapping[str, tuple[Rule, ...]]:
    return _rules_for(settings.select, settings.ignore)


@cache
def _rules_for(
    select: frozenset[str] | None, ignore: frozenset[str]
) -> Mapping[str, tuple[Rule, ...]]:
    table = {}
    for type_name, rules in BY_TYPE.items():
        kept = tuple(
            r for r in rules if r.code not in ignore and (select is None or r.code in select)
        )
        if kept:
            table[type_name] = kept
    return table


class _Emitter:
    """Turns findings into diagnostics for one document."""

    def __init__(self, filename: str, document: int, locator: Locator, settings: Settings) -> None:
        self.filename = filename
        self.document = document
        self.locator = locator
        self.settings = settings
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: str, finding: Finding, base: str) -> None:
        if not self.settings.enabled(code):
            return
        rule = BY_CODE[code]
        pointer = base + finding.pointer
        path = pointer_to_path(finding.pointer) if rule.layer != "input" else ""
        span = self.locator.span(pointer, finding.at)
        self.diagnostics.append(
            Diagnostic(
                code=code,
                name=rule.name,
                severity=self.settings.severity(code, rule.severity),
                message=f"{path}: {finding.message}" if path else finding.message,
                file=self.filename,
                line=span.line if span else None,
                column=span.column if span else None,
                end_line=span.end_line if span else None,
                end_column=span.end_column if span else None,
                pointer=pointer,
                document=self.document,
                server=finding.server or rule.server,
            )
        )


def failure_diagnostics(
    failure: LoadFailure, filename: str, settings: Settings
) -> Iterator[Diagnostic]:
    if not settings.enabled(failure.code):
        return
    rule = BY_CODE[failure.code]
    span = failure.span
    yield Diagnostic(
        code=failure.code,
        name=rule.name,
        severity=settings.severity(failure.code, rule.severity),
        message=failure.message,
        file=filename,
        line=span.line if span else None,
        column=span.column if span else None,
        end_line=span.end_line if span else None,
        end_column=span.end_column if span else None,
        pointer="",
        document=failure.document,
        server=rule.server,
    )
