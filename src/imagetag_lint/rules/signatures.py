"""Image signatures: condition pairs and identity fields (catalogue I10-I12).

The server checks these on ``Image`` objects and their signatures, never on an
ImageTag's ``image`` (it discards it). In an ImageTag they are warnings: the
data is inconsistent, and the same signature would be refused where it counts.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from typing import Any, Final

from ..diagnostics import Finding, Severity
from ..openshift.times import parse_time
from ._rule import RuleContext, rule

TRUSTED: Final = "Trusted"
FOR_IMAGE: Final = "ForImage"
SIGNATURE_CONDITION_TYPES: Final = (TRUSTED, FOR_IMAGE, "Expired", "Revoked")
IDENTITY_FIELDS: Final = ("imageIdentity", "signedClaims", "issuedBy", "issuedTo")
_EPOCH: Final = datetime(1, 1, 1, tzinfo=timezone.utc)


def _conditions(signature: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    conditions = signature.get("conditions")
    if not isinstance(conditions, list):
        return []
    return [c for c in conditions if isinstance(c, Mapping)]


def _latest(conditions: list[Mapping[str, Any]], kind: str) -> Mapping[str, Any] | None:
    """The condition of a type with the latest ``lastProbeTime`` (the later one on a tie)."""
    found: Mapping[str, Any] | None = None
    found_time = _EPOCH
    for condition in conditions:
        if condition.get("type") != kind:
            continue
        probed = parse_time(condition.get("lastProbeTime")) or _EPOCH
        if found is None or probed >= found_time:
            found, found_time = condition, probed
    return found


@rule(
    code="ITL330",
    name="signature-condition-pair",
    severity=Severity.WARNING,
    types=("ImageSignature",),
)
def signature_condition_pair(signature: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``Trusted`` signature condition without a ``ForImage`` one, or the reverse.

    The two conditions are a pair: a signature is trusted *for this image*.
    The server refuses a signature with only one of them on an Image
    (I10: ``missing "ForImage" condition type``).

    Fails::

        signatures:
        - conditions:
          - {type: Trusted, status: "True"}

    Passes::

        signatures:
        - conditions:
          - {type: Trusted, status: "True"}
          - {type: ForImage, status: "True"}
    """
    if ctx.root_type != "Image":  # on Image objects ITL282 reports it as the server's error
        yield from _condition_pair(signature)


def _condition_pair(signature: Mapping[str, Any]) -> Iterator[Finding]:
    types = {condition.get("type") for condition in _conditions(signature)}
    if TRUSTED in types and FOR_IMAGE not in types:
        yield Finding("/conditions", 'missing "ForImage" condition type (Trusted needs one)')
    elif FOR_IMAGE in types and TRUSTED not in types:
        yield Finding("/conditions", 'missing "Trusted" condition type (ForImage needs one)')


@rule(
    code="ITL331",
    name="signature-identity-unknown-state",
    severity=Severity.WARNING,
    types=("ImageSignature",),
)
def signature_identity_unknown_state(
    signature: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    Signature identity fields set while the signature's trust is unknown.

    ``imageIdentity``, ``signedClaims``, ``issuedBy`` and ``issuedTo`` describe a
    verified signature. Without a ``Trusted`` condition, or when the latest one
    (by ``lastProbeTime``) has status ``Unknown``, nothing was verified and the
    server refuses them on an Image (I11: ``must be unset for unknown signature
    state``).

    Fails::

        signatures:
        - imageIdentity: quay.io/org/app
          conditions:
          - {type: Trusted, status: Unknown}
          - {type: ForImage, status: Unknown}

    Passes::

        signatures:
        - imageIdentity: quay.io/org/app
          conditions:
          - {type: Trusted, status: "True"}
          - {type: ForImage, status: "True"}
    """
    if ctx.root_type != "Image":  # on Image objects ITL283 reports it as the server's error
        yield from _identity_in_unknown_state(signature)


def _identity_in_unknown_state(signature: Mapping[str, Any]) -> Iterator[Finding]:
    trusted = _latest(_conditions(signature), TRUSTED)
    if trusted is not None and trusted.get("status") != "Unknown":
        return
    for field in IDENTITY_FIELDS:
        value = signature.get(field)
        if value is not None and value != "" and value != {}:
            yield Finding(f"/{field}", "must be unset for unknown signature state")


@rule(
    code="ITL282",
    name="image-signature-condition-pair",
    severity=Severity.ERROR,
    types=("ImageSignature",),
    server="I10",
)
def image_signature_condition_pair(
    signature: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    On an Image, a ``Trusted`` signature condition needs a ``ForImage`` one, and the reverse.

    The same check as ITL330, as the error the server returns for ``Image``
    objects (I10: ``missing "ForImage" condition type``). Elsewhere (an
    ImageTag's discarded ``image``) ITL330 warns instead.

    Fails::

        kind: Image
        signatures:
        - conditions:
          - {type: Trusted, status: "True"}

    Passes::

        kind: Image
        signatures:
        - conditions:
          - {type: Trusted, status: "True"}
          - {type: ForImage, status: "True"}
    """
    if ctx.root_type == "Image":
        yield from _condition_pair(signature)


@rule(
    code="ITL283",
    name="image-signature-unknown-state",
    severity=Severity.ERROR,
    types=("ImageSignature",),
    server="I11",
)
def image_signature_identity_unknown_state(
    signature: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    On an Image, signature identity fields must be unset while the trust state is unknown.

    The same check as ITL331, as the error the server returns for ``Image``
    objects (I11: ``must be unset for unknown signature state``).

    Fails::

        kind: Image
        signatures:
        - imageIdentity: quay.io/org/app
          conditions:
          - {type: Trusted, status: Unknown}
          - {type: ForImage, status: Unknown}

    Passes::

        kind: Image
        signatures:
        - conditions:
          - {type: Trusted, status: Unknown}
          - {type: ForImage, status: Unknown}
    """
    if ctx.root_type == "Image":
        yield from _identity_in_unknown_state(signature)


@rule(
    code="ITL332",
    name="signature-condition-type",
    severity=Severity.WARNING,
    types=("SignatureCondition",),
)
def signature_condition_type(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature condition type other than ``Trusted``, ``ForImage``, ``Expired``, ``Revoked``.

    These are the types the image API defines. An unknown type is most likely a
    typo, and on an Image it can even crash the server's validation (I12: a
    condition that is neither ``Trusted`` nor ``ForImage`` met before any
    ``ForImage`` ends in an HTTP 500).

    Fails::

        conditions:
        - {type: trusted, status: "True"}

    Passes::

        conditions:
        - {type: Trusted, status: "True"}
    """
    kind = condition.get("type")
    if isinstance(kind, str) and kind not in SIGNATURE_CONDITION_TYPES:
        yield Finding("/type", 'valid values are "Trusted", "ForImage", "Expired", "Revoked"')


RULES = (
    signature_condition_pair,
    signature_identity_unknown_state,
    image_signature_condition_pair,
    image_signature_identity_unknown_state,
    signature_condition_type,
)
