"""What the API server enforces on ``kind: Image`` objects (catalogue I1-I12).

The server runs ``validateImage`` on Image objects only: an ``Image`` inside an
ImageTag, an ImageStreamTag or an import status is never validated, so these
rules look at root Image objects only. Two server behaviours are bugs and the
rules say so: the manifest digest check (I3) is unanchored, so it lets through
digests no registry can serve, and a signature condition of an unexpected type
(I12) crashes the validation with an HTTP 500.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime, timezone
from typing import Any

from ..diagnostics import Finding, Severity
from ..positions import join_pointer
from ..pullspec import (
    ERR_MANIFEST_DIGEST,
    matches_manifest_digest,
    validate_docker_image_reference,
    validate_manifest_digest_strict,
    validate_media_type,
)
from ._rule import RuleContext, rule
from .streams import REQUIRED_VALUE, field_message

TRUSTED, FOR_IMAGE = "Trusted", "ForImage"
UNKNOWN_STATE = "must be unset for unknown signature state"
_ZERO_TIME = datetime.min.replace(tzinfo=timezone.utc)


def _is_image_object(ctx: RuleContext) -> bool:
    return ctx.pointer == "" and ctx.kind == "Image"


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _mappings(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping):
                yield index, item


@rule(
    code="ITL275",
    name="image-namespace-forbidden",
    severity=Severity.ERROR,
    types=("Image",),
    server="I1",
)
def image_namespace_forbidden(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An Image is cluster-scoped: ``metadata.namespace`` is refused.

    Images are shared by every project; the server answers ``Forbidden: not
    allowed on this type``. ``kubectl apply -n`` ignores the namespace of
    cluster-scoped objects, but one written in the file is sent and refused.

    Fails::

        kind: Image
        metadata:
          name: sha256:...
          namespace: demo

    Passes::

        kind: Image
        metadata:
          name: sha256:...
    """
    meta = image.get("metadata")
    if _is_image_object(ctx) and isinstance(meta, Mapping) and _text(meta.get("namespace")):
        yield Finding("/metadata/namespace", "not allowed on this type")


@rule(
    code="ITL276",
    name="image-docker-image-reference",
    severity=Severity.ERROR,
    types=("Image",),
    server="I2",
)
def image_docker_image_reference(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An Image needs a ``dockerImageReference`` the pull-spec grammar accepts.

    It is where the image is pulled from; the server answers ``Required value``
    when it is missing or empty and the parser's message when it does not parse.

    Fails::

        kind: Image
        metadata:
          name: sha256:...

    Passes::

        kind: Image
        metadata:
          name: sha256:...
        dockerImageReference: quay.io/org/app@sha256:...
    """
    if not _is_image_object(ctx):
        return
    reference = _text(image.get("dockerImageReference"))
    for error in validate_docker_image_reference(reference):
        yield Finding(
            "/dockerImageReference", field_message(error), "key" if not reference else "value"
        )


@rule(
    code="ITL277",
    name="image-manifest-digest",
    severity=Severity.ERROR,
    types=("Image",),
    server="I3",
)
def image_manifest_digest(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``dockerImageManifests[].digest`` must contain a digest, or the server refuses the Image.

    The server looks for ``<algorithm>:<32 or more hex digits>`` anywhere in the
    value and otherwise answers ``digest does not conform with OCI image
    specification``. Values it lets through although they are not digests are
    reported by ``image-manifest-digest-strict``.

    Fails::

        dockerImageManifests:
        - digest: latest

    Passes::

        dockerImageManifests:
        - digest: sha256:<64 hex digits>
    """
    if not _is_image_object(ctx):
        return
    for index, manifest in _mappings(image.get("dockerImageManifests")):
        digest = _text(manifest.get("digest"))
        if not matches_manifest_digest(digest):
            yield Finding(
                join_pointer("", "dockerImageManifests", index, "digest"), ERR_MANIFEST_DIGEST
            )


@rule(
    code="ITL382",
    name="image-manifest-digest-strict",
    severity=Severity.WARNING,
    types=("Image",),
    server="I3",
)
def image_manifest_digest_strict(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A manifest digest the server accepts only because its check is unanchored.

    The server's pattern is searched, not matched (a bug): ``md5:<32 hex>``,
    ``sha256:<40 hex>`` or ``x sha256:<64 hex> y`` pass, yet no registry serves
    a manifest by such a digest and every pull of it fails. A digest is
    ``sha256``, ``sha384`` or ``sha512`` with 64, 96 or 128 hex digits, as the
    pull-spec grammar requires.

    Fails::

        dockerImageManifests:
        - digest: md5:0123456789abcdef0123456789abcdef

    Passes::

        dockerImageManifests:
        - digest: sha256:<64 hex digits>
    """
    if not _is_image_object(ctx):
        return
    for index, manifest in _mappings(image.get("dockerImageManifests")):
        digest = _text(manifest.get("digest"))
        if not matches_manifest_digest(digest):
            continue  # image-manifest-digest reports it
        for error in validate_manifest_digest_strict(digest):
            yield Finding(
                join_pointer("", "dockerImageManifests", index, "digest"),
                f"{error.detail}: the server accepts it only because its digest check is"
                " unanchored (a known bug); pulls by this digest fail",
            )


@rule(
    code="ITL278",
    name="image-manifest-fields",
    severity=Severity.ERROR,
    types=("Image",),
    server="I4",
)
def image_manifest_fields(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``dockerImageManifests[]`` entry needs a media type, architecture, OS and a size >= 0.

    The server checks (catalogue I4-I6): ``mediaType`` matches ``type/subtype``
    (``media type does not conform to RFC6838``); ``architecture`` and ``os``
    are set (``Required value``); ``manifestSize`` is not negative (``manifest
    size cannot be negative``, which the server reports at
    ``dockerImageManifests[i].size``, a field that does not exist).

    Fails::

        dockerImageManifests:
        - digest: sha256:...
          mediaType: json
          manifestSize: -1

    Passes::

        dockerImageManifests:
        - digest: sha256:...
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    if not _is_image_object(ctx):
        return
    for index, manifest in _mappings(image.get("dockerImageManifests")):
        at = join_pointer("", "dockerImageManifests", index)
        for error in validate_media_type(_text(manifest.get("mediaType"))):
            yield Finding(
                at + "/mediaType", error.detail, "value" if "mediaType" in manifest else "key"
            )
        for name in ("architecture", "os"):
            if not _text(manifest.get(name)):
                yield Finding(
                    f"{at}/{name}", REQUIRED_VALUE, "value" if name in manifest else "key"
                )
        size = manifest.get("manifestSize")
        if isinstance(size, int) and not isinstance(size, bool) and size < 0:
            yield Finding(f"{at}/manifestSize", "manifest size cannot be negative")


@rule(
    code="ITL279",
    name="image-layers-with-manifests",
    severity=Severity.ERROR,
    types=("Image",),
    server="I7",
)
def image_layers_with_manifests(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An Image that lists ``dockerImageManifests`` (a manifest list) has no layers of its own.

    The server answers ``dockerImageLayers should not be set when
    dockerImageManifests is set``: the layers belong to the per-platform images.

    Fails::

        dockerImageManifests: [{digest: sha256:..., ...}]
        dockerImageLayers: [{name: sha256:..., size: 1, mediaType: ...}]

    Passes::

        dockerImageManifests: [{digest: sha256:..., ...}]
    """
    if not _is_image_object(ctx):
        return
    manifests, layers = image.get("dockerImageManifests"), image.get("dockerImageLayers")
    if isinstance(manifests, list) and manifests and isinstance(layers, list) and layers:
        yield Finding(
            "/dockerImageLayers",
            "dockerImageLayers should not be set when dockerImageManifests is set",
        )


@rule(
    code="ITL280",
    name="image-signature-metadata",
    severity=Severity.ERROR,
    types=("Image",),
    server="I8",
)
def image_signature_metadata(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature's metadata: named ``<imageName>@<signatureName>``, no labels, no annotations.

    The server answers ``name must be of format <imageName>@<signatureName>``
    (exactly one ``@``, both sides non-empty), ``signature labels cannot be
    set`` and ``signature annotations cannot be set``; signatures are not
    namespaced (``not allowed on this type``).

    Fails::

        signatures:
        - metadata:
            name: my-signature
            labels: {team: a}

    Passes::

        signatures:
        - metadata:
            name: sha256:...@my-signature
    """
    if not _is_image_object(ctx):
        return
    for index, signature in _mappings(image.get("signatures")):
        at = join_pointer("", "signatures", index, "metadata")
        raw = signature.get("metadata")
        meta: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
        if _text(meta.get("namespace")):
            yield Finding(at + "/namespace", "not allowed on this type")
        for field, what in (("labels", "labels"), ("annotations", "annotations")):
            value = meta.get(field)
            if isinstance(value, Mapping) and value:
                yield Finding(f"{at}/{field}", f"signature {what} cannot be set")
        name = _text(meta.get("name"))
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
)
def image_signature_fields(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature needs a ``type`` and a ``content``.

    The server answers ``Required value`` for an empty ``type`` (for example
    ``AtomicImageV1``) or ``content`` (the base64 signature blob).

    Fails::

        signatures:
        - metadata: {name: sha256:...@sig}

    Passes::

        signatures:
        - metadata: {name: sha256:...@sig}
          type: AtomicImageV1
          content: aGVsbG8=
    """
    if not _is_image_object(ctx):
        return
    for index, signature in _mappings(image.get("signatures")):
        for name in ("type", "content"):
            if not _text(signature.get(name)):
                at = join_pointer("", "signatures", index, name)
                yield Finding(at, REQUIRED_VALUE, "value" if name in signature else "key")


def _probe_time(condition: Mapping[str, Any]) -> datetime:
    text = _text(condition.get("lastProbeTime"))
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return _ZERO_TIME  # unset (or not a time, which the schema layer reports)


def _latest(conditions: list[tuple[int, Mapping[str, Any]]], kind: str) -> Mapping[str, Any] | None:
    """The latest condition of a type, as the server means to pick it (ties: the later one)."""
    found: Mapping[str, Any] | None = None
    for _, condition in conditions:
        if condition.get("type") == kind and (
            found is None or not _probe_time(condition) < _probe_time(found)
        ):
            found = condition
    return found


@rule(
    code="ITL282",
    name="image-signature-conditions",
    severity=Severity.ERROR,
    types=("Image",),
    server="I10",
)
def image_signature_conditions(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A signature's ``Trusted`` and ``ForImage`` conditions come in pairs.

    The server answers ``missing "ForImage" condition type`` or ``missing
    "Trusted" condition type`` at ``conditions`` when only one of them is there.

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
    if not _is_image_object(ctx):
        return
    for index, signature in _mappings(image.get("signatures")):
        conditions = list(_mappings(signature.get("conditions")))
        trusted, for_image = _latest(conditions, TRUSTED), _latest(conditions, FOR_IMAGE)
        at = join_pointer("", "signatures", index, "conditions")
        if trusted is not None and for_image is None:
            yield Finding(at, f'missing "{FOR_IMAGE}" condition type')
        elif for_image is not None and trusted is None:
            yield Finding(at, f'missing "{TRUSTED}" condition type')


@rule(
    code="ITL283",
    name="image-signature-unknown-state",
    severity=Severity.ERROR,
    types=("Image",),
    server="I11",
)
def image_signature_unknown_state(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Without a ``Trusted`` condition (or with status ``Unknown``) a signature has no verified claims.

    ``imageIdentity``, ``signedClaims``, ``issuedBy`` and ``issuedTo`` are
    results of verification; the server answers ``must be unset for unknown
    signature state`` while the latest ``Trusted`` condition is missing or
    ``Unknown``.

    Fails::

        signatures:
        - imageIdentity: quay.io/org/app:1.0

    Passes::

        signatures:
        - imageIdentity: quay.io/org/app:1.0
          conditions:
          - {type: Trusted, status: "True"}
          - {type: ForImage, status: "True"}
    """
    if not _is_image_object(ctx):
        return
    for index, signature in _mappings(image.get("signatures")):
        trusted = _latest(list(_mappings(signature.get("conditions"))), TRUSTED)
        if trusted is not None and trusted.get("status") != "Unknown":
            continue
        for name in ("imageIdentity", "signedClaims", "issuedBy", "issuedTo"):
            value = signature.get(name)
            if value is not None and value != "" and value != {}:
                yield Finding(join_pointer("", "signatures", index, name), UNKNOWN_STATE)


@rule(
    code="ITL284",
    name="image-signature-condition-crash",
    severity=Severity.ERROR,
    types=("Image",),
    server="I12",
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

        conditions:
        - {type: Expired, status: "False"}
        - {type: ForImage, status: "True"}

    Passes::

        conditions:
        - {type: ForImage, status: "True"}
        - {type: Expired, status: "False"}
    """
    if not _is_image_object(ctx):
        return
    for index, signature in _mappings(image.get("signatures")):
        crash = _crashing_condition(list(_mappings(signature.get("conditions"))))
        if crash is not None:
            kind = _text(crash[1].get("type"))
            yield Finding(
                join_pointer("", "signatures", index, "conditions", crash[0], "type"),
                f'a "{kind}" condition before any "{FOR_IMAGE}" condition crashes the server\'s'
                f' validation (HTTP 500, a known bug): list the "{FOR_IMAGE}" condition first',
            )


def _crashing_condition(
    conditions: list[tuple[int, Mapping[str, Any]]],
) -> tuple[int, Mapping[str, Any]] | None:
    """The condition at which the server's loop dereferences a nil ForImage condition."""
    trusted: Mapping[str, Any] | None = None
    for_image: Mapping[str, Any] | None = None
    for index, condition in conditions:
        kind = condition.get("type")
        if kind == TRUSTED and (
            trusted is None or not _probe_time(condition) < _probe_time(trusted)
        ):
            trusted = condition
        elif kind == FOR_IMAGE and for_image is None:
            for_image = condition
        elif for_image is None:
            return index, condition
        elif not _probe_time(condition) < _probe_time(for_image):
            for_image = condition
    return None


RULES = (
    image_namespace_forbidden,
    image_docker_image_reference,
    image_manifest_digest,
    image_manifest_digest_strict,
    image_manifest_fields,
    image_layers_with_manifests,
    image_signature_metadata,
    image_signature_fields,
    image_signature_conditions,
    image_signature_unknown_state,
    image_signature_condition_crash,
)

# Every rule here checks root Image objects only (see _is_image_object).
ROOT_ONLY: dict[str, tuple[str, ...]] = dict.fromkeys((item.code for item in RULES), ("Image",))
