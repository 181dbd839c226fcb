"""ImageStreamImport create: its name and what it imports, as the REST create checks them.

The catalogue has no ImageStreamImport section; these rules follow the server's code.
openshift-apiserver's ImageStreamImport REST ``Create``
(``registry/imagestreamimport/rest.go``) never generates a name (``rest.BeforeCreate``
refuses a ``generateName`` alone), then validates the object with
``ValidateImageStreamImport`` (``pkg/image/apis/image/validation/validation.go``): the
name is an image stream name, every ``spec.images[]`` and the ``spec.repository``
import a ``DockerImage`` by a parseable name, and there is at least one of them. Those
errors come back as ``ImageStreamImport`` errors, without a catalogue id. With
``spec.import: true`` the create then makes the image stream when it does not exist,
which brings in the stream's length limit (S2). ``importPolicy.importMode`` is checked
by ``import-mode`` (C11), the same ``ValidateImportPolicy``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..errors import Invalid
from ..openshift import pullspec
from ..openshift.apimachinery import (
    validate_path_segment_name,
)
from ._fixes import enum_fixer
from ._rule import Accept, Phase, RuleContext, Scope, rule
from ._support import REQUIRED_VALUE, mapping, metadata, not_valid, stream_name_accept, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

DOCKER_IMAGE: Final = "DockerImage"
ONLY_DOCKER_IMAGE: Final = "only DockerImage is supported"
NOTHING_TO_IMPORT: Final = "you must specify at least one image or a repository import"
TARGET_TAG_REQUIRED: Final = "the name of the target tag must be specified"
REPOSITORY_NAME_REQUIRED: Final = "container image references require a name"
REPOSITORY_NOT_TAG: Final = "you must specify an image repository, not a tag or ID"
# The legacy clients' "*" (look up image streams): the server skips its parse.
_ANY_IMAGE: Final = "*"
# The shortest namespace a request can carry: used when the manifest leaves it to -n.
_SHORTEST_NAMESPACE: Final = "x"
_STREAM_NOTE: Final = "(checked when spec.import creates the image stream)"

# A clean name: absent or empty (ITL202's), or a stream name short enough that any
# namespace keeps "<namespace>/<name>" within 255 characters (S2); a namespace that is
# a DNS-1123 label (or none); no generateName (with a name it is checked too: slow path).
_NAME_ACCEPT: Final[Accept] = {
    "ImageStreamImport": stream_name_accept("$", generateName={"enum": [None, ""]})
}
# Something to import: a non-empty list of images (``images: null`` is none), or a
# repository.
_SOMETHING_ACCEPT: Final[Accept] = {
    "ImageStreamImport": {
        "required": ["spec"],
        "properties": {
            "spec": {
                "type": "object",
                "anyOf": [
                    {
                        "required": ["images"],
                        "properties": {"images": {"type": "array", "minItems": 1}},
                    },
                    {"required": ["repository"], "properties": {"repository": {"type": "object"}}},
                ],
            }
        },
    }
}
_DOCKER_IMAGE_FROM: Final = {
    "required": ["from"],
    "properties": {
        "from": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"const": DOCKER_IMAGE}},
        }
    },
}
_FROM_KIND_ACCEPT: Final[Accept] = {
    "ImageImportSpec": _DOCKER_IMAGE_FROM,
    "RepositoryImportSpec": _DOCKER_IMAGE_FROM,
}
# A pull spec of the grammar (its digest as ``parse_digest`` accepts it) whose repository,
# the whole name or what precedes "@", has at most 255 characters; or, for an image, "*".
_HEX: Final = "[0-9A-Fa-f]"
_TAG: Final = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"
_DIGEST: Final = f"(?:sha256:{_HEX}{{64}}|sha384:{_HEX}{{96}}|sha512:{_HEX}{{128}})"
_LENGTH: Final = {
    "anyOf": [
        {"maxLength": pullspec.NAME_TOTAL_LENGTH_MAX},
        {"pattern": f"^[^@]{{1,{pullspec.NAME_TOTAL_LENGTH_MAX}}}@"},
    ]
}
_IMAGE_NAME_ACCEPT: Final = {
    "properties": {
        "from": {
            "required": ["name"],
            "properties": {
                "name": {
                    "anyOf": [
                        {"const": _ANY_IMAGE},
                        {
                            "type": "string",
                            "pattern": f"^(?:{pullspec.GO_NAME})(?::{_TAG})?(?:@{_DIGEST})?$",
                            **_LENGTH,
                        },
                    ]
                }
            },
        }
    }
}
_REPOSITORY_NAME_ACCEPT: Final = {
    "properties": {
        "from": {
            "required": ["name"],
            "properties": {
                "name": {
                    "type": "string",
                    "pattern": f"^(?:{pullspec.GO_NAME})$",
                    "maxLength": pullspec.NAME_TOTAL_LENGTH_MAX,
                }
            },
        }
    }
}
# A ``from`` of another kind is ``image-import-from-kind``'s: its name is not checked.
_FROM_NAME_ACCEPT: Final[Accept] = {
    "ImageImportSpec": {"if": _DOCKER_IMAGE_FROM, "then": _IMAGE_NAME_ACCEPT},
    "RepositoryImportSpec": {"if": _DOCKER_IMAGE_FROM, "then": _REPOSITORY_NAME_ACCEPT},
}
# No ``to``, or one with a name.
_TARGET_TAG_ACCEPT: Final[Accept] = {
    "ImageImportSpec": {
        "properties": {
            "to": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "required": ["name"],
                        "properties": {"name": {"type": "string", "minLength": 1}},
                    },
                ]
            }
        }
    }
}


@rule(
    code="ITL260",
    name="image-stream-import-name",
    severity=Severity.ERROR,
    types=("ImageStreamImport",),
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    accept=_NAME_ACCEPT,
)
def image_stream_import_name(isi: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageStreamImport is named after its image stream, and must have a name.

    The server checks the name as an image stream name: ``must match
    "[a-z0-9]+(?:[._-][a-z0-9]+)*"`` (``/`` and ``%`` are ``metadata-name``'s), and a
    ``generateName`` given with it the same way (a ``generateName`` alone is
    ``generate-name-unsupported``'s, R6: the server never generates a name).
    With ``spec.import: true`` a missing stream is created, and
    ``<namespace>/<name>`` must then fit in 255 characters (S2; without a namespace
    in the file, only a name too long for any namespace is reported).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: My_App}
        spec:
          import: true
          images:
          - from: {kind: DockerImage, name: quay.io/org/app:1.0}
            to: {name: "1.0"}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: my-app}
        spec:
          import: true
          images:
          - from: {kind: DockerImage, name: quay.io/org/app:1.0}
            to: {name: "1.0"}
    """
    meta = metadata(isi)
    name, prefix = text(meta.get("name")), text(meta.get("generateName"))
    if not name:
        return  # a generateName alone: ITL210 (R6); neither: ITL202 (M1)
    if prefix and not validate_path_segment_name(prefix, True):  # else metadata-name's (M4)
        for reason in pullspec.validate_image_stream_name(prefix, prefix=True):
            yield Finding("/metadata/generateName", reason)
    if validate_path_segment_name(name, False):
        return  # metadata-name (M2, M3); the create stops there
    reasons = pullspec.validate_image_stream_name(name)
    for reason in reasons:
        yield Finding("/metadata/name", reason)
    if not reasons and mapping(isi.get("spec")).get("import") is True:
        namespace = text(meta.get("namespace")) or _SHORTEST_NAMESPACE
        for error in pullspec.validate_image_stream_path_length(namespace, name):
            yield Finding("/metadata/name", f"{error.detail} {_STREAM_NOTE}", server="S2")


@rule(
    code="ITL261",
    name="image-stream-import-empty",
    severity=Severity.ERROR,
    types=("ImageStreamImport",),
    scope=Scope.ROOT,
    accept=_SOMETHING_ACCEPT,
)
def image_stream_import_empty(isi: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageStreamImport must import something: ``spec.images`` or ``spec.repository``.

    Without either the server refuses it: ``you must specify at least one image or
    a repository import``.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec: {import: true, images: []}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          repository:
            from: {kind: DockerImage, name: quay.io/org/app}
    """
    spec = isi.get("spec")
    images, repository = mapping(spec).get("images"), mapping(spec).get("repository")
    fields = ((spec, Mapping), (images, list), (repository, Mapping))
    if not all(_decodes(value, kind) for value, kind in fields):
        return  # the request fails to decode first (ITL101)
    if not images and repository is None:
        yield Finding("/spec/images", NOTHING_TO_IMPORT)


def _decodes(value: Any, kind: type) -> bool:
    """Whether a field decodes into its Go type: absent, null, or of that JSON type."""
    return value is None or isinstance(value, kind)


@rule(
    code="ITL262",
    name="image-import-from-kind",
    severity=Severity.ERROR,
    types=("ImageImportSpec", "RepositoryImportSpec"),
    fix=enum_fixer((DOCKER_IMAGE,)),
    accept=_FROM_KIND_ACCEPT,
)
def image_import_from_kind(spec: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An import's ``from.kind`` must be ``DockerImage``: imports read registries only.

    Each ``spec.images[]`` and the ``spec.repository`` of an ImageStreamImport is
    refused otherwise, a missing ``from`` or ``kind`` too: ``only DockerImage is
    supported``.

    Fix (safe): ``dockerimage`` and other near misses become ``DockerImage``, the
    only value the server accepts.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          images:
          - from: {kind: ImageStreamTag, name: "base:1.0"}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          images:
          - from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    source = spec.get("from")
    kind = mapping(source).get("kind")
    if not _decodes(source, Mapping) or not _decodes(kind, str):
        return  # the request fails to decode first (ITL101)
    kind = text(kind)
    if kind != DOCKER_IMAGE:
        detail = not_valid(kind, ONLY_DOCKER_IMAGE, (DOCKER_IMAGE,)) if kind else ONLY_DOCKER_IMAGE
        yield Finding("/from/kind", detail)


@rule(
    code="ITL263",
    name="image-import-from-name",
    severity=Severity.ERROR,
    types=("ImageImportSpec", "RepositoryImportSpec"),
    accept=_FROM_NAME_ACCEPT,
)
def image_import_from_name(spec: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An import's ``DockerImage`` name is required and must parse as a pull spec.

    The grammar is the one of every ``DockerImage`` name (``pull-spec``); an image
    may also be ``*``, which the server lets through for old clients. A
    ``spec.repository`` names a repository: ``you must specify an image
    repository, not a tag or ID``. A name of another kind is not checked.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          repository:
            from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          repository:
            from: {kind: DockerImage, name: quay.io/org/app}
    """
    source = mapping(spec.get("from"))
    if text(source.get("kind")) != DOCKER_IMAGE:
        return  # image-import-from-kind
    name = text(source.get("name"))
    repository = ctx.node_type == "RepositoryImportSpec"
    if not name:
        yield Finding("/from/name", REPOSITORY_NAME_REQUIRED if repository else REQUIRED_VALUE)
        return
    if name == _ANY_IMAGE and not repository:
        return
    parsed = pullspec.parse_docker_image_reference(name)
    if isinstance(parsed, Invalid):
        yield Finding("/from/name", parsed.message)
    elif repository and (parsed.tag or parsed.id):
        yield Finding("/from/name", REPOSITORY_NOT_TAG)


@rule(
    code="ITL264",
    name="image-import-target-tag",
    severity=Severity.ERROR,
    types=("ImageImportSpec",),
    accept=_TARGET_TAG_ACCEPT,
)
def image_import_target_tag(spec: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An image import's ``to`` must name the tag it writes, or be left out.

    ``to: {}`` is refused: ``the name of the target tag must be specified``.
    Without ``to`` the image is imported but tagged nowhere.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          images:
          - from: {kind: DockerImage, name: quay.io/org/app:1.0}
            to: {}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamImport
        metadata: {name: app}
        spec:
          import: true
          images:
          - from: {kind: DockerImage, name: quay.io/org/app:1.0}
            to: {name: "1.0"}
    """
    target = spec.get("to")
    if text(mapping(spec.get("from")).get("kind")) != DOCKER_IMAGE:
        return  # the server checks the target of a DockerImage import only
    if isinstance(target, Mapping) and not text(target.get("name")):
        yield Finding("/to/name", TARGET_TAG_REQUIRED)


RULES = (
    image_stream_import_name,
    image_stream_import_empty,
    image_import_from_kind,
    image_import_from_name,
    image_import_target_tag,
)
