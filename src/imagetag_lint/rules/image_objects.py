"""What the API server enforces on ``kind: Image`` objects only: the pull spec (I2) and
the signatures' metadata, fields and condition order (I8, I9, I12).

The server runs ``validateImage`` on Image objects only: an ``Image`` inside an
ImageTag, an ImageStreamTag or an import status is never validated, so these
rules look at root Image objects only. (The namespace, I1, is a metadata rule;
manifests and layers, I3-I7, are checked wherever they occur by ``image_content``,
and the condition pairs and unknown-state fields, I10-I11, by ``signatures``,
whose reading of a condition's ``lastProbeTime`` the I12 rule shares.)
One server behaviour is a bug and the rule says so: a signature condition of an
unexpected type (I12) crashes the validation with an HTTP 500.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..openshift.pullspec import validate_docker_image_reference
from ..pointers import join_pointer
from ._rule import RuleContext, Scope, rule
from ._support import REQUIRED_VALUE, detail, mappings, metadata, text
from .signatures import FOR_IMAGE, TRUSTED, condition_accept, probe_time

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# --- what a clean value looks like, for the validity gate (see ``rules._rule``) ---------------
# These rules look at root Images only, but a fragment holds for every Image (the
# ``image`` of an ImageTag too): the signatures of clean images there meet them as well.

# Each signature's metadata: a name with one "@" and text on both sides, no namespace,
# no labels, no annotations.
_SIGNATURE_METADATA_ACCEPT: Final = {
    "properties": {
        "signatures": {
            "items": {
                "required": ["metadata"],
                "properties": {
                    "metadata": {
                        "type": "object",
                        "required": ["name"],
                        "properties": {
                            "name": {"type": "string", "pattern": "^[^@]+@[^@]+$"},
                            "namespace": {"maxLength": 0},
                            "labels": {"maxProperties": 0},
                            "annotations": {"maxProperties": 0},
                        },
                    }
                },
            }
        }
    }
}
_SIGNATURE_FIELDS_ACCEPT: Final = {
    "properties": {
        "signatures": {
            "items": {
                "required": ["type", "content"],
                "properties": {
                    "type": {"type": "string", "minLength": 1},
                    "content": {"type": "string", "minLength": 1},
                },
            }
        }
    }
}


# The server's loop cannot crash when the first condition is ForImage, or when a Trusted
# one (then the latest Trusted seen) comes first and ForImage second.
_CONDITION_ORDER_ACCEPT: Final = {
    "properties": {
        "signatures": {
            "items": {
                "properties": {
                    "conditions": {
                        "anyOf": [
                            {
                                "prefixItems": [
                                    condition_accept(TRUSTED),
                                    condition_accept(FOR_IMAGE),
                                ]
                            },
                            {"prefixItems": [condition_accept(FOR_IMAGE)]},
                        ]
                    }
                }
            }
        }
    }
}


@rule(
    code="ITL276",
    name="image-docker-image-reference",
    severity=Severity.ERROR,
    types=("Image",),
    server="I2",
    scope=Scope.ROOT,
    # No accept: it runs on linted Images only (one parse per object), and a fragment on
    # the Image type would need the pull-spec grammar of ``references`` written out again.
)
def image_docker_image_reference(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An Image needs a ``dockerImageReference`` the pull-spec grammar accepts.

    It is where the image is pulled from; the server answers ``Required value``
    when it is missing or empty and the parser's message when it does not parse.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
    """
    if docker_image_reference_parses(image):
        return
    reference = text(image.get("dockerImageReference"))
    for error in validate_docker_image_reference(reference):
        yield Finding("/dockerImageReference", detail(error), "key" if not reference else "value")


def docker_image_reference_parses(image: Mapping[str, Any]) -> bool:
    """Whether ITL276 has nothing to say: the Image's ``dockerImageReference`` parses."""
    return not validate_docker_image_reference(text(image.get("dockerImageReference")))


@rule(
    code="ITL280",
    name="image-signature-metadata",
    severity=Severity.ERROR,
    types=("Image",),
    server="I8",
    scope=Scope.ROOT,
    accept={"Image": _SIGNATURE_METADATA_ACCEPT},
)
def image_signature_metadata(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature's metadata: named ``<imageName>@<signatureName>``, no labels, no annotations.

    The server answers ``name must be of format <imageName>@<signatureName>``
    (exactly one ``@``, both sides non-empty), ``signature labels cannot be
    set`` and ``signature annotations cannot be set``; signatures are not
    namespaced (``not allowed on this type``).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: my-signature
            labels: {team: a}
          type: AtomicImageV1
          content: aGVsbG8=

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
    """
    for index, signature in mappings(image.get("signatures")):
        at = join_pointer("", "signatures", index, "metadata")
        meta = metadata(signature)
        if text(meta.get("namespace")):
            yield Finding(at + "/namespace", "not allowed on this type")
        for field, what in (("labels", "labels"), ("annotations", "annotations")):
            value = meta.get(field)
            if isinstance(value, Mapping) and value:
                yield Finding(f"{at}/{field}", f"signature {what} cannot be set")
        name = text(meta.get("name"))
        parts = name.split("@")
        if len(parts) != 2 or not all(parts):
            yield Finding(
                at + "/name",
                "name must be of format <imageName>@<signatureName>",
                "value" if "name" in meta else "key",
            )


@rule(
    code="ITL281",
    name="image-signature-fields",
    severity=Severity.ERROR,
    types=("Image",),
    server="I9",
    scope=Scope.ROOT,
    accept={"Image": _SIGNATURE_FIELDS_ACCEPT},
)
def image_signature_fields(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature needs a ``type`` and a ``content``.

    The server answers ``Required value`` for an empty ``type`` (for example
    ``AtomicImageV1``) or ``content`` (the base64 signature blob).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        signatures:
        - metadata:
            name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08@sig

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
    """
    for index, signature in mappings(image.get("signatures")):
        for name in ("type", "content"):
            if not text(signature.get(name)):
                at = join_pointer("", "signatures", index, name)
                yield Finding(at, REQUIRED_VALUE, "value" if name in signature else "key")


@rule(
    code="ITL284",
    name="image-signature-condition-crash",
    severity=Severity.ERROR,
    types=("Image",),
    server="I12",
    scope=Scope.ROOT,
    accept={"Image": _CONDITION_ORDER_ACCEPT},
)
def image_signature_condition_crash(
    image: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    A signature condition the server's validation crashes on (HTTP 500, a server bug).

    ``validateImageSignature`` picks the latest ``ForImage`` condition with
    ``type == ForImage && forImage == nil || !cond.Before(forImage)``; Go's
    ``&&`` binds tighter than ``||``, so any condition that is not the latest
    ``Trusted`` one (another type such as ``Expired``, or an older ``Trusted``)
    reaches ``forImage.LastProbeTime`` while no ``ForImage`` has been seen: a
    nil dereference, and the request fails with an internal error. What is
    correct is to ignore such conditions; until the server does, list the
    ``ForImage`` condition first.

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
          - {type: Expired, status: "False"}
          - {type: ForImage, status: "True"}
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
          - {type: ForImage, status: "True"}
          - {type: Expired, status: "False"}
          - {type: Trusted, status: "True"}
    """
    for index, signature in mappings(image.get("signatures")):
        crash = _crashing_condition(list(mappings(signature.get("conditions"))))
        if crash is not None:
            kind = text(crash[1].get("type"))
            yield Finding(
                join_pointer("", "signatures", index, "conditions", crash[0], "type"),
                f'"{kind}" before any "{FOR_IMAGE}" condition crashes validation'
                f' (HTTP 500, a server bug): list the "{FOR_IMAGE}" condition first',
            )


def _crashing_condition(
    conditions: list[tuple[int, Mapping[str, Any]]],
) -> tuple[int, Mapping[str, Any]] | None:
    """The condition at which the server's loop dereferences a nil ForImage condition."""
    trusted: Mapping[str, Any] | None = None
    for_image: Mapping[str, Any] | None = None
    for index, condition in conditions:
        kind = condition.get("type")
        if kind == TRUSTED and (trusted is None or not probe_time(condition) < probe_time(trusted)):
            trusted = condition
        elif kind == FOR_IMAGE and for_image is None:
            for_image = condition
        elif for_image is None:
            return index, condition
        elif not probe_time(condition) < probe_time(for_image):
            for_image = condition
    return None


RULES = (
    image_docker_image_reference,
    image_signature_metadata,
    image_signature_fields,
    image_signature_condition_crash,
)
