"""Import and reference policies of a tag (TagReferencePolicy, TagImportPolicy).

The server checks both wherever a tag is validated (``ValidateImageStreamTagReference``:
an ImageTag's ``spec``, an ImageStream's ``spec.tags[]``, an ImageStreamTag's ``tag``).
An ImageStreamImport is another matter (``ValidateImageStreamImport`` in
openshift-apiserver ``pkg/image/apis/image/validation/validation.go``): it checks the
import mode of ``spec.images[]`` and ``spec.repository`` itself (C11), but never their
reference policy, which only reaches the server's checks when the import writes it
into the image stream's tag (``ensureSpecTag`` in
``pkg/image/apiserver/registry/imagestreamimport/rest.go``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ._fixes import enum_fixer
from ._rule import Accept, RuleContext, rule
from ._support import mapping, not_valid, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

REFERENCE_POLICY_TYPES = ("Source", "Local")
IMPORT_MODES = ("", "Legacy", "PreserveOriginal")
REFERENCE_POLICY_DETAIL = 'valid values are "Source", "Local"'
IMPORT_WRITE_NOTE = "(checked when the import writes the tag to the image stream)"
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
    valid one it most likely means. In an ImageStreamImport the server checks the
    policy of ``spec.images[]`` (with a ``to``) and ``spec.repository`` only when
    ``spec.import`` is true: the import then writes it into the image stream's tag,
    and the stream refuses it (an ``ImageStream`` error). Without ``import: true``
    the policy is never read, and is not reported.

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
    if not value or value in REFERENCE_POLICY_TYPES:
        return
    message = not_valid(value, REFERENCE_POLICY_DETAIL, REFERENCE_POLICY_TYPES)
    if ctx.root_type != "ImageStreamImport" or ctx.pointer.startswith("/status/"):
        yield Finding("/type", message)  # a tag the server validates as it is
    elif _import_writes_to_stream(ctx):
        yield Finding("/type", f"{message} {IMPORT_WRITE_NOTE}")


def _import_writes_to_stream(ctx: RuleContext) -> bool:
    """Whether an import request's ``referencePolicy`` reaches the image stream's tags.

    Only an import with ``spec.import: true`` writes tags; ``spec.repository`` writes
    one per image it imports, ``spec.images[i]`` one when it names its tag in ``to``.
    """
    if mapping(ctx.obj.get("spec")).get("import") is not True:
        return False
    if ctx.pointer.startswith("/spec/repository/"):
        return True
    return isinstance(mapping(ctx.parents[-1] if ctx.parents else None).get("to"), Mapping)


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
