"""Image content: manifests, layers, media types, digests, sizes (design card; catalogue I3-I7).

The server runs these checks (``validateImage``) on ``Image`` objects only, and there
only on the manifest list: each ``dockerImageManifests[]`` entry (I3-I6) and no layers
beside it (I7). It never looks at layer names, sizes or media types, nor at
``dockerImageManifestMediaType`` (I13), nor at an image inside another kind: an
ImageTag's ``image`` is discarded (C13), an ImageStreamTag's is not written anywhere,
an import's status is the server's own. So, as the signature checks
(``rules.signatures``), each check is declared twice, with one function for both: the
server's error, with its catalogue id and message, on Image objects where the server
runs it (ITL221-ITL226), and a warning everywhere else (ITL371-ITL375), where the
content is just as wrong but nothing refuses it. ``_server_runs`` says where the error
twin runs, so the warning needs no list of its own. The one check that depends on the
value is the digest: the server's I3 test is laxer than a digest a registry accepts,
so a digest it lets through (``md5:<32 hex>``) is the warning even on an Image.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..openshift import pullspec
from ..regex import lazy
from ._rule import Rule, RuleContext, rule
from ._support import REQUIRED_VALUE, did_you_mean, text
from .signatures import NOT_IMAGE

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# The media types of Docker schema 1, schema 2, manifest lists and OCI (catalogue table).
KNOWN_MEDIA_TYPES: Final = frozenset(
    {
        "application/vnd.docker.distribution.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v1+prettyjws",
        "application/vnd.docker.distribution.manifest.v2+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
        "application/vnd.docker.container.image.v1+json",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
        "application/vnd.docker.image.rootfs.diff.tar",
        "application/vnd.docker.container.image.rootfs.diff+x-gtar",
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.oci.image.config.v1+json",
        "application/vnd.oci.image.layer.v1.tar",
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.oci.image.layer.v1.tar+zstd",
        "application/vnd.oci.image.layer.nondistributable.v1.tar",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
        "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
        "application/vnd.oci.empty.v1+json",
        "application/vnd.oci.descriptor.v1+json",
    }
)
# Media types share most of their text: only a near-identical known one is a likely typo.
_MEDIA_TYPE_CUTOFF: Final = 0.9
# Where media types sit: (API type, field, whether an empty value is malformed too: the I4
# pattern reads a manifest's media type whatever it holds; other empty ones mean "unknown").
_MEDIA_TYPE_FIELDS: Final = {
    "ImageManifest": ("mediaType", True),
    "ImageLayer": ("mediaType", False),
    "Image": ("dockerImageManifestMediaType", False),
}
# Where digests sit: a manifest's ``digest`` always is one; a layer's ``name`` and a tag
# event's ``image`` are read as one when they start with "<algorithm>:".
_DIGEST_FIELDS: Final = {"ImageManifest": "digest", "ImageLayer": "name", "TagEvent": "image"}
# "<algorithm>:" at the start: a value meant as a digest (layer names, image names).
_ALGORITHM_PREFIX: Final = lazy(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:")

# --- what a clean value looks like, for the validity gate (see ``rules._rule``) ---------------

# A digest ``validate_manifest_digest_strict`` accepts: a supported algorithm and its hex length.
_STRICT_DIGEST: Final = "sha256:[0-9A-Fa-f]{64}|sha384:[0-9A-Fa-f]{96}|sha512:[0-9A-Fa-f]{128}"
_STRICT_DIGEST_ACCEPT: Final = {"pattern": f"^(?:{_STRICT_DIGEST})$"}
# A layer name or ``image`` is checked only when it starts with "<algorithm>:", so a clean
# one is a strict digest (the usual case, tried first) or does not start like one.
_DIGEST_IF_PREFIXED_ACCEPT: Final = {
    "anyOf": [_STRICT_DIGEST_ACCEPT, {"not": {"pattern": "^" + _ALGORITHM_PREFIX.pattern}}]
}


def _literal(text: str) -> str:
    """A regex that matches ``text`` (a media type: letters, digits and ``/.+-``) as written."""
    return "".join(f"[{char}]" if char in ".+" else char for char in text)


# The usual value, a known media type as written, is an ``enum`` hit: much cheaper than a
# pattern, so each media type fragment tries it first.
_KNOWN_MEDIA_TYPE_EXACT: Final = {"enum": sorted(KNOWN_MEDIA_TYPES)}
# ITL222, ITL372: the server's RFC 6838 syntax (``pullspec.GO_MEDIA_TYPE`` is the Go spelling
# of the check's regex, anchored; every known type meets it); an empty value is skipped where
# it does not count as malformed.
_MEDIA_TYPE_SYNTAX: Final = {
    "anyOf": [_KNOWN_MEDIA_TYPE_EXACT, {"pattern": pullspec.GO_MEDIA_TYPE}]
}
_MEDIA_TYPE_SYNTAX_OR_EMPTY: Final = {
    "anyOf": [_KNOWN_MEDIA_TYPE_EXACT, {"pattern": pullspec.GO_MEDIA_TYPE}, {"maxLength": 0}]
}
# ITL370: a known media type, with the spaces the check strips; blanks fail the syntax
# (ITL222's or ITL372's finding, not this rule's).
_KNOWN_MEDIA_TYPE: Final = {
    "anyOf": [
        _KNOWN_MEDIA_TYPE_EXACT,
        {
            "pattern": "^ *(?:"
            + "|".join(_literal(media_type) for media_type in sorted(KNOWN_MEDIA_TYPES))
            + ")? *$"
        },
    ]
}


# ITL221, ITL371: not both a non-empty list of manifests and a non-empty list of layers.
_EXCLUSIVE_ACCEPT: Final = {
    "not": {
        "type": "object",
        "required": ["dockerImageManifests", "dockerImageLayers"],
        "properties": {
            "dockerImageManifests": {"type": "array", "minItems": 1},
            "dockerImageLayers": {"type": "array", "minItems": 1},
        },
    }
}
# ITL226, ITL375: a manifest list entry names its platform.
_PLATFORM_ACCEPT: Final = {
    "required": ["architecture", "os"],
    "properties": {
        "architecture": {"type": "string", "minLength": 1},
        "os": {"type": "string", "minLength": 1},
    },
}


def _server_runs(twin: Rule, ctx: RuleContext) -> bool:
    """Whether the server runs the check of ``twin``, an error rule, where ``ctx`` is.

    The error rules name the one kind (``Image``) and the types the server checks.
    """
    return ctx.root_type in (twin.kinds or ()) and ctx.node_type in twin.types


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _manifests_and_layers(image: Mapping[str, Any]) -> Iterator[Finding]:
    """The check of ITL221 and ITL371: a manifest list has no layers of its own."""
    if _list(image.get("dockerImageManifests")) and _list(image.get("dockerImageLayers")):
        yield Finding(
            "/dockerImageLayers",
            "dockerImageLayers should not be set when dockerImageManifests is set",
            "key",
        )


@rule(
    code="ITL221",
    name="manifests-and-layers",
    severity=Severity.ERROR,
    types=("Image",),
    server="I7",
    kinds=("Image",),
    accept={"Image": _EXCLUSIVE_ACCEPT},
)
def manifests_and_layers(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An Image is a manifest list (``dockerImageManifests``) or has layers, not both.

    Catalogue I7, on ``Image`` objects: ``dockerImageLayers should not be set when
    dockerImageManifests is set``. An image inside another kind gets the warning
    ITL371 instead.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 1024

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    return _manifests_and_layers(image)


@rule(
    code="ITL371",
    name="unchecked-manifests-and-layers",
    severity=Severity.WARNING,
    types=("Image",),
    kinds=NOT_IMAGE,
    accept={"Image": _EXCLUSIVE_ACCEPT},
)
def unchecked_manifests_and_layers(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An image inside another kind with both a manifest list and layers of its own.

    The same check as ITL221, where the server never makes it: the ``image`` of an
    ImageTag or an ImageStreamTag, the images of an import's status. Nothing refuses
    the object, but the image is inconsistent, and an ``Image`` with the same
    content is refused (I7).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          dockerImageManifests:
          - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            mediaType: application/vnd.oci.image.manifest.v1+json
            manifestSize: 1024
            architecture: amd64
            os: linux
          dockerImageLayers:
          - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            size: 1024

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          dockerImageManifests:
          - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            mediaType: application/vnd.oci.image.manifest.v1+json
            manifestSize: 1024
            architecture: amd64
            os: linux
    """
    return _manifests_and_layers(image)


def _media_type(node: Mapping[str, Any], ctx: RuleContext) -> tuple[str, str] | None:
    """The field and value of the media type this node holds, if there is one to check."""
    field, empty_counts = _MEDIA_TYPE_FIELDS[ctx.node_type]
    value = node.get(field)
    if not isinstance(value, str) or (not value and not empty_counts):
        return None
    return field, value


def _media_type_syntax(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """The check of ITL222 and ITL372: a media type is ``type/subtype`` (RFC 6838)."""
    found = _media_type(node, ctx)
    if found is not None and pullspec.validate_media_type(found[1]):
        yield Finding("/" + found[0], pullspec.ERR_MEDIA_TYPE)


@rule(
    code="ITL222",
    name="media-type-syntax",
    severity=Severity.ERROR,
    types=("ImageManifest",),
    server="I4",
    kinds=("Image",),
    accept={
        "ImageManifest": {
            "required": ["mediaType"],
            "properties": {"mediaType": {"type": "string", **_MEDIA_TYPE_SYNTAX}},
        }
    },
)
def media_type_syntax(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    On an Image, a manifest list entry's ``mediaType`` is an RFC 6838 ``type/subtype``.

    Catalogue I4, on ``Image`` objects: ``dockerImageManifests[].mediaType`` must be a
    type and a subtype (no parameters, no wildcards; spaces around it are allowed),
    else ``media type does not conform to RFC6838``. An empty one fails too, and so
    does a missing or null one, which the server reads as empty. The server checks no
    other media type: layers, ``dockerImageManifestMediaType`` and
    images inside other kinds get the warning ITL372.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: "application/vnd.oci.image.manifest.v1+json; charset=utf-8"
          manifestSize: 1024
          architecture: amd64
          os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    value = manifest.get("mediaType")
    # Missing or null, Go reads ""; another type fails decoding first (ITL101).
    if (value is None or isinstance(value, str)) and pullspec.validate_media_type(text(value)):
        yield Finding("/mediaType", pullspec.ERR_MEDIA_TYPE)


@rule(
    code="ITL372",
    name="unchecked-media-type-syntax",
    severity=Severity.WARNING,
    types=("Image", "ImageManifest", "ImageLayer"),
    accept={
        "Image": {"properties": {"dockerImageManifestMediaType": _MEDIA_TYPE_SYNTAX_OR_EMPTY}},
        "ImageManifest": {"properties": {"mediaType": _MEDIA_TYPE_SYNTAX}},
        "ImageLayer": {"properties": {"mediaType": _MEDIA_TYPE_SYNTAX_OR_EMPTY}},
    },
)
def unchecked_media_type_syntax(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A malformed media type where the server does not check it.

    The same RFC 6838 check as ITL222, on the media types the server never reads:
    ``dockerImageLayers[].mediaType`` and ``dockerImageManifestMediaType`` (an empty
    one is left alone: it means "not known"), and every media type of an image inside
    another kind. Nothing refuses them, but no registry or client understands a media
    type with parameters or without a subtype.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 1024
          mediaType: gzip

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 1024
          mediaType: application/vnd.oci.image.layer.v1.tar+gzip
    """
    if not _server_runs(media_type_syntax, ctx):
        yield from _media_type_syntax(node, ctx)


@rule(
    code="ITL370",
    name="unknown-media-type",
    severity=Severity.WARNING,
    types=("Image", "ImageManifest", "ImageLayer"),
    accept={
        "Image": {"properties": {"dockerImageManifestMediaType": _KNOWN_MEDIA_TYPE}},
        "ImageManifest": {"properties": {"mediaType": _KNOWN_MEDIA_TYPE}},
        "ImageLayer": {"properties": {"mediaType": _KNOWN_MEDIA_TYPE}},
    },
)
def unknown_media_type(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A well-formed media type that is none of the Docker or OCI image types.

    Registries and the image importer understand Docker schema 1 and 2, manifest
    lists and OCI manifests, indexes, configs and layers; another type is usually a
    typo (``application/vnd.oci.image.manifest.v1.json``). The server itself checks
    only the syntax (ITL222; ITL372 where it does not), never against this list, so
    this is a warning.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifestMediaType: application/vnd.docker.distribution.manifest.v3+json

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifestMediaType: application/vnd.docker.distribution.manifest.v2+json
    """
    found = _media_type(node, ctx)
    if found is None:
        return
    field, value = found
    stripped = value.strip(" ")
    if not pullspec.validate_media_type(value) and stripped not in KNOWN_MEDIA_TYPES:
        hint = did_you_mean(stripped, sorted(KNOWN_MEDIA_TYPES), cutoff=_MEDIA_TYPE_CUTOFF)
        yield Finding("/" + field, f'unknown media type "{stripped}"{hint}')


def _digest(node: Mapping[str, Any], ctx: RuleContext) -> tuple[str, str] | None:
    """The field and value of the digest this node holds, if there is one to check."""
    field = _DIGEST_FIELDS[ctx.node_type]
    value = node.get(field)
    if not isinstance(value, str):
        return None
    if ctx.node_type != "ImageManifest" and not _ALGORITHM_PREFIX.match(value):
        return None  # a layer name or image name that is no digest at all
    return field, value


@rule(
    code="ITL224",
    name="digest-format",
    severity=Severity.ERROR,
    types=("ImageManifest",),
    server="I3",
    kinds=("Image",),
    accept={
        "ImageManifest": {
            "required": ["digest"],
            "properties": {"digest": {"type": "string", **_STRICT_DIGEST_ACCEPT}},
        }
    },
)
def digest_format(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    On an Image, a manifest list entry's ``digest`` must look like a digest to the server.

    Catalogue I3, on ``Image`` objects: the server searches its digest pattern (an
    algorithm name, a colon, at least 32 hex digits) anywhere in the value and
    refuses it only when there is none: ``digest does not conform with OCI image
    specification``, as it does a missing or null digest, which it reads as empty.
    A digest it lets through that is still no ``sha256``,
    ``sha384`` or ``sha512`` digest of the right length (``md5:<32 hex>``) gets the
    warning ITL373, as does any digest the server does not check.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:4a5b
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    value = manifest.get("digest")
    if value is None or isinstance(value, str):  # missing or null: Go reads ""; else ITL101's
        for error in pullspec.validate_manifest_digest(text(value)):
            yield Finding("/digest", error.detail)


@rule(
    code="ITL373",
    name="unchecked-digest-format",
    severity=Severity.WARNING,
    types=("ImageManifest", "ImageLayer", "TagEvent"),
    accept={
        "ImageManifest": {"properties": {"digest": _STRICT_DIGEST_ACCEPT}},
        "ImageLayer": {"properties": {"name": _DIGEST_IF_PREFIXED_ACCEPT}},
        "TagEvent": {"properties": {"image": _DIGEST_IF_PREFIXED_ACCEPT}},
    },
)
def unchecked_digest_format(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A digest that is not ``sha256``, ``sha384`` or ``sha512``, a colon and 64, 96 or 128 hex digits.

    Checked wherever the server refuses nothing: ``dockerImageManifests[].digest`` of
    an image inside another kind, or of an Image when the server's lax check (ITL224)
    lets it through; and, when they start with an algorithm and a colon, layer names
    and ``status.items[].image``. No registry can be pulled from by such a digest.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: md5:0123456789abcdef0123456789abcdef
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    found = _digest(node, ctx)
    if found is None:
        return
    field, value = found
    if _server_runs(digest_format, ctx) and not pullspec.matches_manifest_digest(value):
        return  # the server refuses it: ITL224's error
    for error in pullspec.validate_manifest_digest_strict(value):
        yield Finding("/" + field, error.detail)


def _negative_sizes(node: Mapping[str, Any]) -> Iterator[Finding]:
    """The check of ITL225 and ITL374: sizes are not negative."""
    for field, what in (("manifestSize", "manifest"), ("size", "layer")):
        value = node.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            yield Finding("/" + field, f"{what} size cannot be negative")


@rule(
    code="ITL225",
    name="negative-size",
    severity=Severity.ERROR,
    types=("ImageManifest",),
    server="I6",
    kinds=("Image",),
    accept={"ImageManifest": {"properties": {"manifestSize": {"minimum": 0}}}},
)
def negative_size(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    On an Image, a manifest list entry's ``manifestSize`` may not be negative.

    Catalogue I6, on ``Image`` objects: ``manifest size cannot be negative`` (the
    server names the field ``dockerImageManifests[i].size``). Layer sizes it never
    checks: they, and sizes inside other kinds, get the warning ITL374.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: -1
          architecture: amd64
          os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    return _negative_sizes(manifest)


@rule(
    code="ITL374",
    name="unchecked-negative-size",
    severity=Severity.WARNING,
    types=("ImageManifest", "ImageLayer"),
    # Each type has only one of the two fields (the schema allows no other).
    accept={
        "ImageManifest": {"properties": {"manifestSize": {"minimum": 0}}},
        "ImageLayer": {"properties": {"size": {"minimum": 0}}},
    },
)
def unchecked_negative_size(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A negative size where the server does not check it: a layer's, or inside another kind.

    The same check as ITL225, on ``dockerImageLayers[].size`` of any image and on
    ``manifestSize`` of an image inside another kind. Nothing refuses it, but no
    blob has a negative size.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: -1

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 1024
    """
    if not _server_runs(negative_size, ctx):
        yield from _negative_sizes(node)


def _missing_platform(manifest: Mapping[str, Any]) -> Iterator[Finding]:
    """The check of ITL226 and ITL375: a manifest list entry names its platform."""
    for field in ("architecture", "os"):
        if not text(manifest.get(field)):
            yield Finding("/" + field, REQUIRED_VALUE)


@rule(
    code="ITL226",
    name="manifest-platform",
    severity=Severity.ERROR,
    types=("ImageManifest",),
    server="I5",
    kinds=("Image",),
    accept={"ImageManifest": _PLATFORM_ACCEPT},
)
def manifest_platform(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    On an Image, every manifest list entry names its ``architecture`` and ``os``.

    Catalogue I5, on ``Image`` objects (``Required value``); the importer picks the
    entry for the cluster's platform by these fields. An image inside another kind
    gets the warning ITL375 instead.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageManifests:
        - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          mediaType: application/vnd.oci.image.manifest.v1+json
          manifestSize: 1024
          architecture: amd64
          os: linux
    """
    return _missing_platform(manifest)


@rule(
    code="ITL375",
    name="unchecked-manifest-platform",
    severity=Severity.WARNING,
    types=("ImageManifest",),
    kinds=NOT_IMAGE,
    accept={"ImageManifest": _PLATFORM_ACCEPT},
)
def unchecked_manifest_platform(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A manifest list entry without ``architecture`` or ``os``, in an image inside another kind.

    The same check as ITL226, where the server never makes it. Nothing refuses the
    object, but the importer could not pick this entry for any platform, and an
    ``Image`` with the same entry is refused (I5).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          dockerImageManifests:
          - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            mediaType: application/vnd.oci.image.manifest.v1+json
            manifestSize: 1024
            os: linux

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app:1.0}
        image:
          dockerImageManifests:
          - digest: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
            mediaType: application/vnd.oci.image.manifest.v1+json
            manifestSize: 1024
            architecture: amd64
            os: linux
    """
    return _missing_platform(manifest)


RULES = (
    manifests_and_layers,
    unchecked_manifests_and_layers,
    media_type_syntax,
    unchecked_media_type_syntax,
    unknown_media_type,
    digest_format,
    unchecked_digest_format,
    negative_size,
    unchecked_negative_size,
    manifest_platform,
    unchecked_manifest_platform,
)
