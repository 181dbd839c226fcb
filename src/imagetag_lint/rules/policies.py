"""Import and reference policies of a tag (TagReferencePolicy, TagImportPolicy)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..diagnostics import Finding, Severity
from ._rule import RuleContext, rule

REFERENCE_POLICY_TYPES = ("Source", "Local")


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


RULES = (reference_policy_type,)
