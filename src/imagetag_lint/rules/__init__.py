"""The rule registry: every rule, listed by hand, each code and name exactly once."""

from __future__ import annotations

from collections.abc import Mapping

from . import (
    decoding,
    directives,
    hazards,
    history,
    image_content,
    image_objects,
    imagestreamimport_objects,
    imagestreamtag_objects,
    imagetag_objects,
    input_problems,
    manifests,
    metadata,
    policies,
    references,
    schema_failures,
    security,
    signatures,
    streams,
    templates,
    unusable_tags,
    update,
)
from ._rule import MISSING, Accept, FixContext, Fixer, Phase, Rule, RuleContext, Scope, rule

RULES: tuple[Rule, ...] = (
    *input_problems.RULES,
    *schema_failures.RULES,
    *metadata.RULES,
    *policies.RULES,
    *imagetag_objects.RULES,
    *references.RULES,
    *decoding.RULES,
    *image_content.RULES,
    *unusable_tags.RULES,
    *manifests.RULES,
    *security.RULES,
    *signatures.RULES,
    *history.RULES,
    *hazards.RULES,
    *streams.RULES,
    *image_objects.RULES,
    *imagestreamtag_objects.RULES,
    *imagestreamimport_objects.RULES,
    *templates.RULES,
    *directives.RULES,
    *update.RULES,
)


def _index(rules: tuple[Rule, ...]) -> dict[str, Rule]:
    by_code: dict[str, Rule] = {}
    names: set[str] = set()
    for item in rules:
        if item.code in by_code or item.name in names:
            raise ValueError(f"rule {item.code} ({item.name}) is registered twice")
        by_code[item.code] = item
        names.add(item.name)
    return by_code


def _by_type(rules: tuple[Rule, ...]) -> dict[str, tuple[Rule, ...]]:
    table: dict[str, list[Rule]] = {}
    for item in rules:
        for type_name in item.types:
            table.setdefault(type_name, []).append(item)
    return {type_name: tuple(items) for type_name, items in table.items()}


BY_CODE: Mapping[str, Rule] = _index(RULES)
BY_NAME: Mapping[str, Rule] = {item.name: item for item in RULES}
BY_TYPE: Mapping[str, tuple[Rule, ...]] = _by_type(RULES)

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
