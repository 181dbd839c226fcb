"""Import and reference policies of a tag (TagReferencePolicy, TagImportPolicy)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..diagnostics import Finding, Severity
from ._rule import RuleContext, rule

REFERENCE_POLICY_TYPES = ("Source", "Local")
IMPORT_MODES = ("", "Legacy", "PreserveOriginal")


@rule(
    code="ITL201",
    name="reference-policy-type",
    severity=Severity.ERROR,
    types=("TagReferencePolicy",),
    server="C10",
)
def reference_policy_type(policy: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``referencePolicy.type`` must be ``Source`` or ``Local`` (case-sensitive).

    The server fills an empty type with ``Source`` and refuses anything else with
    ``valid values are "Source", "Local"``.

    Fails::

        spec:
          referencePolicy:
            type: local

    Passes::

        spec:
          referencePolicy:
            type: Local
    """
    value = policy.get("type")
    if isinstance(value, str) and value and value not in REFERENCE_POLICY_TYPES:
        yield Finding("/type", 'valid values are "Source", "Local"')


@rule(
    code="ITL219",
    name="import-mode",
    severity=Severity.ERROR,
    types=("TagImportPolicy",),
    server="C11",
)
def import_mode(policy: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``importPolicy.importMode`` must be empty, ``Legacy`` or ``PreserveOriginal``.

    ``Legacy`` imports one image of a manifest list (for the cluster's platform);
    ``PreserveOriginal`` keeps the whole list. The values are case-sensitive.

    Fails::

        spec:
          importPolicy:
            importMode: preserveOriginal

    Passes::

        spec:
          importPolicy:
            importMode: PreserveOriginal
    """
    value = policy.get("importMode")
    if isinstance(value, str) and value not in IMPORT_MODES:
        yield Finding(
            "/importMode", "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"
        )


RULES = (reference_policy_type, import_mode)
