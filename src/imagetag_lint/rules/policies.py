"""Import and reference policies of a tag (TagReferencePolicy, TagImportPolicy)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ..diagnostics import Finding, Severity
from ._fixes import enum_fixer
from ._rule import Accept, RuleContext, rule
from ._support import not_valid, text

REFERENCE_POLICY_TYPES = ("Source", "Local")
IMPORT_MODES = ("", "Legacy", "PreserveOriginal")
REFERENCE_POLICY_DETAIL = 'valid values are "Source", "Local"'
IMPORT_MODE_DETAIL = "invalid import mode, valid modes are '', 'Legacy', 'PreserveOriginal'"

# A clean type is one of the valid values, or empty or null (the server's default).
_REFERENCE_POLICY_ACCEPT: Final[Accept] = {
    "TagReferencePolicy": {"properties": {"type": {"enum": [None, "", *REFERENCE_POLICY_TYPES]}}}
}
# A clean mode is one of the valid ones (empty included), or null (read as empty).
_IMPORT_MODE_ACCEPT: Final[Accept] = {
    "TagImportPolicy": {"properties": {"importMode": {"enum": [None, *IMPORT_MODES]}}}
}


@rule(
    code="ITL201",
    name="reference-policy-type",
    severity=Severity.ERROR,
    types=("TagReferencePolicy",),
    server="C10",
    fix=enum_fixer(REFERENCE_POLICY_TYPES),
    accept=_REFERENCE_POLICY_ACCEPT,
)
def reference_policy_type(policy: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``referencePolicy.type`` must be ``Source`` or ``Local`` (case-sensitive).

    The server fills an empty type with ``Source`` and refuses anything else with
    ``valid values are "Source", "Local"``; the finding names the value and the
    valid one it most likely means.

    Fix (safe): the value is replaced by the valid one it differs from only in
    case or by a typo, when exactly one is that close (``local`` becomes
    ``Local``). The server accepts no other value, so the manifest cannot have
    meant anything else, and the quoting of the value is kept.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          referencePolicy: {type: local}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          referencePolicy: {type: Local}
    """
    value = text(policy.get("type"))  # empty: the server's default, Source
    if value and value not in REFERENCE_POLICY_TYPES:
        yield Finding("/type", not_valid(value, REFERENCE_POLICY_DETAIL, REFERENCE_POLICY_TYPES))


@rule(
    code="ITL219",
    name="import-mode",
    severity=Severity.ERROR,
    types=("TagImportPolicy",),
    server="C11",
    fix=enum_fixer(IMPORT_MODES),
    accept=_IMPORT_MODE_ACCEPT,
)
def import_mode(policy: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``importPolicy.importMode`` must be empty, ``Legacy`` or ``PreserveOriginal``.

    ``Legacy`` imports one image of a manifest list (for the cluster's platform);
    ``PreserveOriginal`` keeps the whole list. The values are case-sensitive.

    Fix (safe): the value is replaced by the mode it differs from only in case
    or by a typo, when exactly one is that close (``preserveOriginal`` becomes
    ``PreserveOriginal``): the server refuses every other value, so no other
    meaning is lost.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
          importPolicy: {importMode: preserveOriginal}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
          importPolicy: {importMode: PreserveOriginal}
    """
    value = text(policy.get("importMode"))
    if value not in IMPORT_MODES:
        yield Finding("/importMode", not_valid(value, IMPORT_MODE_DETAIL, IMPORT_MODES))


RULES = (reference_policy_type, import_mode)
