"""Image content: manifests, layers, media types, digests, sizes (design card; catalogue I3-I7).

The server runs these checks (``validateImage``) on ``Image`` objects only; inside
an ImageTag it discards ``image`` without looking at it (C13). The rules still
report errors there, because a wrong digest or media type in a manifest is a
mistake wherever it is written, but they tag a finding with the catalogue id only
when the server itself would refuse it (``ctx.root_type == "Image"`` and the server's,
laxer, check fails). Lint-only findings carry no catalogue id.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any, Final

from ..diagnostics import Finding, Severity
from ..openshift import pullspec
from ._rule import RuleContext, rule
from ._support import REQUIRED_VALUE, did_you_mean, text

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
# Where media types sit: (API type, field, whether the server checks it on Image objects).
_MEDIA_TYPE_FIELDS: Final = {
    "ImageManifest": ("mediaType", True),
    "ImageLayer": ("mediaType", False),
    "Image": ("dockerImageManifestMediaType", False),
}
# "<algorithm>:" at the start: a value meant as a digest (layer names, image names).
_ALGORITHM_PREFIX: Final = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:")

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
# ITL222: the server's RFC 6838 syntax (``pullspec.GO_MEDIA_TYPE`` is the Go spelling of the
# check's regex, anchored; every known type meets it); an empty value is skipped where the
# server does not check it.
_MEDIA_TYPE_SYNTAX: Final = {
    "anyOf": [_KNOWN_MEDIA_TYPE_EXACT, {"pattern": pullspec.GO_MEDIA_TYPE}]
}
_MEDIA_TYPE_SYNTAX_OR_EMPTY: Final = {
    "anyOf": [_KNOWN_MEDIA_TYPE_EXACT, {"pattern": pullspec.GO_MEDIA_TYPE}, {"maxLength": 0}]
}
# ITL370: a known media type, with the spaces the check strips; blanks fail the syntax
# (ITL222's finding, not this rule's).
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


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@rule(
    code="ITL221",
    name="manifests-and-layers",
    severity=Severity.ERROR,
    types=("Image",),
    # Not both a non-empty list of manifests and a non-empty list of layers.
    accept={
        "Image": {
            "not": {
                "type": "object",
                "required": ["dockerImageManifests", "dockerImageLayers"],
                "properties": {
                    "dockerImageManifests": {"type": "array", "minItems": 1},
                    "dockerImageLayers": {"type": "array", "minItems": 1},
                },
            }
        }
    },
)
def manifests_and_layers(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An image is a manifest list (``dockerImageManifests``) or has layers, not both.

    Catalogue I7 on ``Image`` objects: ``dockerImageLayers should not be set when
    dockerImageManifests is set``. On an ImageTag the server discards ``image``.

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
    if _list(image.get("dockerImageManifests")) and _list(image.get("dockerImageLayers")):
        server = "I7" if ctx.root_type == "Image" else None
        yield Finding(
            "/dockerImageLayers",
            "dockerImageLayers should not be set when dockerImageManifests is set",
            "key",
            server,
        )


def _media_type(node: Mapping[str, Any], ctx: RuleContext) -> tuple[str, str, bool] | None:
    field, server_checks = _MEDIA_TYPE_FIELDS[ctx.node_type]
    value = node.get(field)
    if not isinstance(value, str) or (not value and not server_checks):
        return None
    return field, value, server_checks


@rule(
    code="ITL222",
    name="media-type-syntax",
    severity=Severity.ERROR,
    types=("Image", "ImageManifest", "ImageLayer"),
    accept={
        "Image": {"properties": {"dockerImageManifestMediaType": _MEDIA_TYPE_SYNTAX_OR_EMPTY}},
        "ImageManifest": {"properties": {"mediaType": _MEDIA_TYPE_SYNTAX}},
        "ImageLayer": {"properties": {"mediaType": _MEDIA_TYPE_SYNTAX_OR_EMPTY}},
    },
)
def media_type_syntax(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A media type must be an RFC 6838 ``type/subtype`` (no parameters, no wildcards).

    Checked on ``dockerImageManifests[].mediaType`` (catalogue I4 on ``Image``
    objects), ``dockerImageLayers[].mediaType`` and ``dockerImageManifestMediaType``.

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
    found = _media_type(node, ctx)
    if found is None:
        return
    field, value, server_checks = found
    if pullspec.validate_media_type(value):
        server = "I4" if server_checks and ctx.root_type == "Image" else None
        yield Finding("/" + field, pullspec.ERR_MEDIA_TYPE, server=server)


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
    only the syntax (ITL222), never against this list, so this is a warning.

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
    field, value, _ = found
    stripped = value.strip(" ")
    if not pullspec.validate_media_type(value) and stripped not in KNOWN_MEDIA_TYPES:
        hint = did_you_mean(stripped, sorted(KNOWN_MEDIA_TYPES), cutoff=_MEDIA_TYPE_CUTOFF)
        yield Finding("/" + field, f'unknown media type "{stripped}"{hint}')


def _digest_findings(value: str, pointer: str, server: str | None) -> Iterator[Finding]:
    for error in pullspec.validate_manifest_digest_strict(value):
        yield Finding(pointer, error.detail, server=server)


@rule(
    code="ITL224",
    name="digest-format",
    severity=Severity.ERROR,
    types=("ImageManifest", "ImageLayer", "TagEvent"),
    accept={
        "ImageManifest": {"properties": {"digest": _STRICT_DIGEST_ACCEPT}},
        "ImageLayer": {"properties": {"name": _DIGEST_IF_PREFIXED_ACCEPT}},
        "TagEvent": {"properties": {"image": _DIGEST_IF_PREFIXED_ACCEPT}},
    },
)
def digest_format(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A digest is ``sha256``, ``sha384`` or ``sha512``, a colon and 64, 96 or 128 hex digits.

    Checked on ``dockerImageManifests[].digest`` and, when they start with an
    algorithm and a colon, layer names and ``status.items[].image``. The server's
    own check (catalogue I3, ``Image`` objects only) is laxer: any algorithm name and
    at least 32 hex digits anywhere in the text; the finding carries I3 only when
    that check fails too.

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
    kind = ctx.node_type
    if kind == "ImageManifest":
        value = node.get("digest")
        if isinstance(value, str):
            lax_fails = not pullspec.matches_manifest_digest(value)
            server = "I3" if lax_fails and ctx.root_type == "Image" else None
            yield from _digest_findings(value, "/digest", server)
        return
    field = "name" if kind == "ImageLayer" else "image"
    value = node.get(field)
    if isinstance(value, str) and _ALGORITHM_PREFIX.match(value):
        yield from _digest_findings(value, "/" + field, None)


@rule(
    code="ITL225",
    name="negative-size",
    severity=Severity.ERROR,
    types=("ImageManifest", "ImageLayer"),
    # Each type has only one of the two fields (the schema allows no other).
    accept={
        "ImageManifest": {"properties": {"manifestSize": {"minimum": 0}}},
        "ImageLayer": {"properties": {"size": {"minimum": 0}}},
    },
)
def negative_size(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``manifestSize`` and layer ``size`` may not be negative.

    On ``Image`` objects the server refuses a negative ``manifestSize`` (catalogue
    I6, reported by the server at ``dockerImageManifests[i].size``); layer sizes it
    never checks.

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
    for field, what in (("manifestSize", "manifest"), ("size", "layer")):
        value = node.get(field)
        if isinstance(value, int) and not isinstance(value, bool) and value < 0:
            server = "I6" if field == "manifestSize" and ctx.root_type == "Image" else None
            yield Finding("/" + field, f"{what} size cannot be negative", server=server)


@rule(
    code="ITL226",
    name="manifest-platform",
    severity=Severity.ERROR,
    types=("ImageManifest",),
    accept={
        "ImageManifest": {
            "required": ["architecture", "os"],
            "properties": {
                "architecture": {"type": "string", "minLength": 1},
                "os": {"type": "string", "minLength": 1},
            },
        }
    },
)
def manifest_platform(manifest: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Every manifest list entry names its ``architecture`` and ``os``.

    The importer picks the entry for the cluster's platform by these fields
    (catalogue I5 on ``Image`` objects).

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
    for field in ("architecture", "os"):
        if not text(manifest.get(field)):
            server = "I5" if ctx.root_type == "Image" else None
            yield Finding("/" + field, REQUIRED_VALUE, server=server)


RULES = (
    manifests_and_layers,
    media_type_syntax,
    unknown_media_type,
    digest_format,
    negative_size,
    manifest_platform,
)
