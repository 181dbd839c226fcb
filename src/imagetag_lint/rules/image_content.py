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


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


@rule(
    code="ITL221",
    name="manifests-and-layers",
    severity=Severity.ERROR,
    types=("Image",),
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
    code="ITL223",
    name="unknown-media-type",
    severity=Severity.WARNING,
    types=("Image", "ImageManifest", "ImageLayer"),
)
def unknown_media_type(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A well-formed media type that is none of the Docker or OCI image types.

    Registries and the image importer understand Docker schema 1 and 2, manifest
    lists and OCI manifests, indexes, configs and layers; another type is usually a
    typo (``application/vnd.oci.image.manifest.v1.json``).

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
