"""Imports that are less safe than they look: mutable tags, insecure transports."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..errors import Invalid
from ..openshift.pullspec import DEFAULT_IMAGE_TAG, parse_docker_image_reference
from ..pointers import join_pointer
from ._rule import RuleContext, Scope, rule
from ._support import mapping, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

INSECURE_REPOSITORY_ANNOTATION: Final = "openshift.io/image.insecureRepository"

# A DockerImage ``from`` is scheduled, or its name has a digest ("@": either pinned or
# unparseable), or it ends in a tag other than ``latest`` (after the last ":", which, with
# no "/" after it, is the tag separator). Registry-only names are left to the rule.
_MUTABLE_IMAGE_TAG_ACCEPT: Final = {
    "if": {
        "required": ["from"],
        "properties": {
            "from": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"const": "DockerImage"}},
            }
        },
    },
    "then": {
        "anyOf": [
            {
                "required": ["importPolicy"],
                "properties": {
                    "importPolicy": {
                        "type": "object",
                        "required": ["scheduled"],
                        "properties": {"scheduled": {"const": True}},
                    }
                },
            },
            {
                "properties": {
                    "from": {
                        "properties": {
                            "name": {
                                "type": "string",
                                "anyOf": [
                                    {"pattern": "@"},
                                    {"pattern": ":[^/:@]+$", "not": {"pattern": ":latest$"}},
                                ],
                            }
                        }
                    }
                }
            },
        ]
    },
}
# ``importPolicy.insecure`` is not true.
_INSECURE_IMPORT_ACCEPT: Final = {"properties": {"insecure": {"not": {"const": True}}}}
# The annotation is not "true" (on every ObjectMeta, not only the object's own: stricter).
_INSECURE_REPOSITORY_ANNOTATION_ACCEPT: Final = {
    "properties": {
        "annotations": {"properties": {INSECURE_REPOSITORY_ANNOTATION: {"not": {"const": "true"}}}}
    }
}


@rule(
    code="ITL320",
    name="mutable-image-tag",
    severity=Severity.WARNING,
    types=("TagReference",),
    accept={"TagReference": _MUTABLE_IMAGE_TAG_ACCEPT},
)
def mutable_image_tag(reference: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``DockerImage`` by a mutable tag (``:latest``, or no tag at all) that is never re-imported.

    Without ``importPolicy.scheduled: true`` the image is imported once: the tag
    then points to whatever ``latest`` was at that moment, and which image that
    is depends on when the tag was created. Pin the image by digest for a
    reproducible tag, or set ``scheduled: true`` to follow ``latest`` on purpose.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app}
          importPolicy: {scheduled: true}
    """
    source = mapping(reference.get("from"))
    scheduled = mapping(reference.get("importPolicy")).get("scheduled")
    if source.get("kind") != "DockerImage" or scheduled:
        return
    parsed = parse_docker_image_reference(text(source.get("name")))
    if isinstance(parsed, Invalid) or not parsed.name or parsed.id:
        return  # unparseable (an error elsewhere), registry only, or pinned by digest
    if parsed.tag not in ("", DEFAULT_IMAGE_TAG):
        return
    what = (
        "has no tag, so it means the mutable ':latest'"
        if not parsed.tag
        else "uses the mutable tag ':latest'"
    )
    yield Finding(
        "/from/name",
        f"{what}: pin it by digest (@sha256:...) or set importPolicy.scheduled: true",
    )


@rule(
    code="ITL321",
    name="insecure-import",
    severity=Severity.WARNING,
    types=("TagImportPolicy",),
    accept={"TagImportPolicy": _INSECURE_IMPORT_ACCEPT},
)
def insecure_import(policy: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``importPolicy.insecure: true``: images may be imported over plain HTTP or unverified TLS.

    The server accepts it without a question (C12). Anyone between the cluster
    and the registry can then substitute the image. Give the registry a trusted
    certificate instead.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
          importPolicy: {scheduled: true, insecure: true}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec:
          name: v1
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
          importPolicy: {scheduled: true}
    """
    if policy.get("insecure") is True:
        yield Finding(
            "/insecure",
            "allows imports over plain HTTP or unverified TLS",
        )


@rule(
    code="ITL322",
    name="insecure-repository-annotation",
    severity=Severity.WARNING,
    types=("ObjectMeta",),
    scope=Scope.METADATA,
    accept={"ObjectMeta": _INSECURE_REPOSITORY_ANNOTATION_ACCEPT},
)
def insecure_repository_annotation(
    metadata: Mapping[str, Any], ctx: RuleContext
) -> Iterator[Finding]:
    """
    The ``openshift.io/image.insecureRepository: "true"`` annotation: imports may be insecure.

    The server lets the annotation relax the registry check of the object (C7)
    and imports from that repository over plain HTTP or unverified TLS. Anyone
    between the cluster and the registry can then substitute the image. Give
    the registry a trusted certificate instead.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: payments
          annotations:
            openshift.io/image.insecureRepository: "true"

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: payments
          annotations:
            description: the payments service
    """
    annotations = mapping(metadata.get("annotations"))
    if annotations.get(INSECURE_REPOSITORY_ANNOTATION) == "true":
        yield Finding(
            join_pointer("/annotations", INSECURE_REPOSITORY_ANNOTATION),
            "allows imports over plain HTTP or unverified TLS",
        )


RULES = (mutable_image_tag, insecure_import, insecure_repository_annotation)
