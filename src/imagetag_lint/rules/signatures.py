"""Image signatures: condition pairs, identity fields and condition types (catalogue I10-I12).

The server checks the pairs and the identity fields on ``Image`` objects only,
never on an image inside another kind (the ``image`` of an ImageTag or an
ImageStreamTag, the images of an import's status). So each is one check
declared twice: the server's error on Image objects (ITL282, ITL283) and a
warning in every other kind (ITL330, ITL331), where the data is inconsistent
and the same signature would be refused where it counts. A condition type the
API does not define is a warning in every kind (ITL332). ``probe_time`` is how
the server reads a condition's ``lastProbeTime``; the I12 rule of
``image_objects`` reads it the same way.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from ..diagnostics import Finding, Severity
from ..openshift.kinds import IMAGE_KINDS
from ..openshift.times import ZERO_TIME, parse_time
from ._rule import RuleContext, rule
from ._support import mappings, not_valid

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

TRUSTED: Final = "Trusted"
FOR_IMAGE: Final = "ForImage"
SIGNATURE_CONDITION_TYPES: Final = (TRUSTED, FOR_IMAGE, "Expired", "Revoked")
IDENTITY_FIELDS: Final = ("imageIdentity", "signedClaims", "issuedBy", "issuedTo")
# Where the server never validates a signature: the lint-only warnings run there.
NOT_IMAGE: Final = tuple(kind for kind in IMAGE_KINDS if kind != "Image")


# --- what a clean value looks like, for the validity gate (see ``rules._rule``) ---------------


def condition_accept(kind: str, status: str | None = None) -> dict[str, Any]:
    """A condition (a mapping, as ``mappings`` reads the list) of this type and status."""
    properties = {"type": {"const": kind}}
    if status is not None:
        properties["status"] = {"const": status}
    return {"type": "object", "required": list(properties), "properties": properties}


# ITL330, ITL282: a list with a Trusted condition has a ForImage one, and one without
# has none.
_CONDITION_PAIR_ACCEPT: Final = {
    "properties": {
        "conditions": {
            "if": {"contains": condition_accept(TRUSTED)},
            "then": {"contains": condition_accept(FOR_IMAGE)},
            "else": {"not": {"contains": condition_accept(FOR_IMAGE)}},
        }
    }
}
# ITL331, ITL283: some Trusted condition and none of status Unknown (so the latest one is
# not Unknown whatever the probe times), or no identity field set (absent, null, "", {}).
_IDENTITY_ACCEPT: Final = {
    "anyOf": [
        {
            "required": ["conditions"],
            "properties": {
                "conditions": {
                    "type": "array",
                    "contains": condition_accept(TRUSTED),
                    "not": {"contains": condition_accept(TRUSTED, "Unknown")},
                }
            },
        },
        {
            "properties": {
                "imageIdentity": {"maxLength": 0},
                "signedClaims": {"maxProperties": 0},
                "issuedBy": {"maxProperties": 0},
                "issuedTo": {"maxProperties": 0},
            }
        },
    ]
}
# ITL332: one of the defined types (a null type is not checked).
_CONDITION_TYPE_ACCEPT: Final = {
    "properties": {"type": {"enum": [*SIGNATURE_CONDITION_TYPES, None]}}
}


def probe_time(condition: Mapping[str, Any]) -> datetime:
    """A condition's ``lastProbeTime`` as the server compares it.

    Unset, or not a time (which the schema layer reports), it is Go's zero time.
    """
    return parse_time(condition.get("lastProbeTime")) or ZERO_TIME


def _latest(signature: Mapping[str, Any], kind: str) -> Mapping[str, Any] | None:
    """The condition of a type with the latest ``lastProbeTime`` (the later one on a tie)."""
    found: Mapping[str, Any] | None = None
    found_time = ZERO_TIME
    for _, condition in mappings(signature.get("conditions")):
        if condition.get("type") != kind:
            continue
        probed = probe_time(condition)
        if found is None or probed >= found_time:
            found, found_time = condition, probed
    return found


@rule(
    code="ITL330",
    name="signature-condition-pair",
    severity=Severity.WARNING,
    types=("ImageSignature",),
    kinds=NOT_IMAGE,
    accept={"ImageSignature": _CONDITION_PAIR_ACCEPT},
)
def signature_condition_pair(signature: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``Trusted`` signature condition without a ``ForImage`` one, or the reverse.

    The two conditions are a pair: a signature is trusted *for this image*.
    The server refuses a signature with only one of them on an Image
    (I10: ``missing "ForImage" condition type``), where ITL282 reports it as
    the server's error.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - conditions:
            - {type: Trusted, status: "True"}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - conditions:
            - {type: Trusted, status: "True"}
            - {type: ForImage, status: "True"}
    """
    return _condition_pair(signature)


def _condition_pair(signature: Mapping[str, Any]) -> Iterator[Finding]:
    """The check of ITL330 and ITL282: ``Trusted`` and ``ForImage`` come as a pair."""
    types = [condition.get("type") for _, condition in mappings(signature.get("conditions"))]
    if TRUSTED in types and FOR_IMAGE not in types:
        yield Finding("/conditions", 'missing "ForImage" condition type (Trusted needs one)')
    elif FOR_IMAGE in types and TRUSTED not in types:
        yield Finding("/conditions", 'missing "Trusted" condition type (ForImage needs one)')


@rule(
    code="ITL331",
    name="signature-identity-unknown-state",
    severity=Severity.WARNING,
    types=("ImageSignature",),
    kinds=NOT_IMAGE,
    accept={"ImageSignature": _IDENTITY_ACCEPT},
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
    state``), where ITL283 reports it as the server's error.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - imageIdentity: quay.io/org/app
            conditions:
            - {type: Trusted, status: Unknown}
            - {type: ForImage, status: Unknown}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - imageIdentity: quay.io/org/app
            conditions:
            - {type: Trusted, status: "True"}
            - {type: ForImage, status: "True"}
    """
    return _identity_in_unknown_state(signature)


def _identity_in_unknown_state(signature: Mapping[str, Any]) -> Iterator[Finding]:
    """The check of ITL331 and ITL283: no identity without a verified ``Trusted`` condition."""
    trusted = _latest(signature, TRUSTED)
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
    kinds=("Image",),
    accept={"ImageSignature": _CONDITION_PAIR_ACCEPT},
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

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08@sig
          type: AtomicImageV1
          content: aGVsbG8=
          conditions:
          - {type: Trusted, status: "True"}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08@sig
          type: AtomicImageV1
          content: aGVsbG8=
          conditions:
          - {type: Trusted, status: "True"}
          - {type: ForImage, status: "True"}
    """
    return _condition_pair(signature)


@rule(
    code="ITL283",
    name="image-signature-unknown-state",
    severity=Severity.ERROR,
    types=("ImageSignature",),
    server="I11",
    kinds=("Image",),
    accept={"ImageSignature": _IDENTITY_ACCEPT},
)
def image_signature_identity_unknown_state(
    signature: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    On an Image, signature identity fields must be unset while the trust state is unknown.

    The same check as ITL331, as the error the server returns for ``Image``
    objects (I11: ``must be unset for unknown signature state``).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08@sig
          type: AtomicImageV1
          content: aGVsbG8=
          imageIdentity: quay.io/org/app
          conditions:
          - {type: Trusted, status: Unknown}
          - {type: ForImage, status: Unknown}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08@sig
          type: AtomicImageV1
          content: aGVsbG8=
          conditions:
          - {type: Trusted, status: Unknown}
          - {type: ForImage, status: Unknown}
    """
    return _identity_in_unknown_state(signature)


@rule(
    code="ITL332",
    name="signature-condition-type",
    severity=Severity.WARNING,
    types=("SignatureCondition",),
    accept={"SignatureCondition": _CONDITION_TYPE_ACCEPT},
)
def signature_condition_type(condition: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature condition type other than ``Trusted``, ``ForImage``, ``Expired``, ``Revoked``.

    These are the types the image API defines. An unknown type is most likely a
    typo, and on an Image it can even crash the server's validation (I12: a
    condition that is neither ``Trusted`` nor ``ForImage`` met before any
    ``ForImage`` ends in an HTTP 500).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - conditions:
            - {type: Trusted, status: "True"}
            - {type: ForImage, status: "True"}
            - {type: expired, status: "False"}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          signatures:
          - conditions:
            - {type: Trusted, status: "True"}
            - {type: ForImage, status: "True"}
            - {type: Expired, status: "False"}
    """
    kind = condition.get("type")
    if isinstance(kind, str) and kind not in SIGNATURE_CONDITION_TYPES:
        detail = 'valid values are "Trusted", "ForImage", "Expired", "Revoked"'
        yield Finding("/type", not_valid(kind, detail, SIGNATURE_CONDITION_TYPES))


RULES = (
    signature_condition_pair,
    signature_identity_unknown_state,
    image_signature_condition_pair,
    image_signature_identity_unknown_state,
    signature_condition_type,
)
