"""What the API server enforces on ImageStream objects (catalogue S1, S2, S10, S11, D9),
and the legacy ``apiVersion: v1`` spelling of every image kind.

Tag references (``spec.tags[]``) are TagReferences and have rules of their own;
the rules here look at what only a stream has: its name, its
``dockerImageRepository``, its status history and the list of its tags.
Messages are the server's (``ValidateImageStreamWithWhitelister``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Fix, Severity
from ..openshift import kinds
from ..openshift.apimachinery import validate_path_segment_name
from ..openshift.pullspec import (
    GO_NAME,
    IMAGE_STREAM_NAME_FMT,
    NAME_TOTAL_LENGTH_MAX,
    validate_docker_image_reference,
    validate_docker_image_repository,
    validate_image_stream_name,
    validate_image_stream_path_length,
)
from ..pointers import join_pointer, pointer_to_path
from ._fixes import replace_value
from ._rule import FixContext, RuleContext, Scope, rule
from ._support import detail, mappings, metadata, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# A clean stream name (or generateName prefix) matches the server's pattern as a whole:
# then ValidateImageStreamName has nothing to say (the path-segment checks included).
_STREAM_NAME: Final = {"pattern": f"^(?:{IMAGE_STREAM_NAME_FMT})$"}
_IMAGE_STREAM_NAME_ACCEPT: Final = {
    "properties": {"metadata": {"properties": {"name": _STREAM_NAME}}}
}
_GENERATE_NAME_ACCEPT: Final = {
    "properties": {"metadata": {"properties": {"generateName": _STREAM_NAME}}}
}
# Printable ASCII (one byte a character), a namespace of at most 63 and a name of at most
# 191: "<namespace>/<name>" has at most 255 bytes.
_PATH_LENGTH_ACCEPT: Final = {
    "properties": {
        "metadata": {
            "properties": {
                "namespace": {"pattern": "^[!-~]{0,63}$"},
                "name": {"pattern": f"^[!-~]{{0,{NAME_TOTAL_LENGTH_MAX - 64}}}$"},
            }
        }
    }
}
# Unset, empty, or a repository name of the grammar (no tag, no digest) of at most 255
# characters: it parses, and has neither tag nor ID.
_REPOSITORY_ACCEPT: Final = {
    "properties": {
        "dockerImageRepository": {
            "pattern": f"^(?:{GO_NAME})?$",
            "maxLength": NAME_TOTAL_LENGTH_MAX,
        }
    }
}
# Every status event has a pull spec of the grammar with an ASCII tag and a sha256, sha384
# or sha512 digest of the right length (what ParseDigest accepts), its repository at most
# 255 characters (the whole spec, or what precedes the "@digest").
_HEX: Final = "[0-9A-Fa-f]"
_PULL_SPEC: Final = {
    "type": "string",
    "pattern": (
        f"^(?:{GO_NAME})(?::[0-9A-Za-z_][0-9A-Za-z_.-]{{0,127}})?"
        f"(?:@(?:sha256:{_HEX}{{64}}|sha384:{_HEX}{{96}}|sha512:{_HEX}{{128}}))?$"
    ),
    "anyOf": [
        {"maxLength": NAME_TOTAL_LENGTH_MAX},
        {"pattern": f"^[^@]{{1,{NAME_TOTAL_LENGTH_MAX}}}@"},
    ],
}
_STATUS_REFERENCE_ACCEPT: Final = {
    "properties": {
        "tags": {
            "items": {
                "properties": {
                    "items": {
                        "items": {
                            "required": ["dockerImageReference"],
                            "properties": {"dockerImageReference": _PULL_SPEC},
                        }
                    }
                }
            }
        }
    }
}
# Not the legacy group-less apiVersion.
_API_VERSION_ACCEPT: Final = {"properties": {"apiVersion": {"not": {"const": kinds.LEGACY_V1}}}}


@rule(
    code="ITL270",
    name="image-stream-name",
    severity=Severity.ERROR,
    types=("ImageStream",),
    server="S1",
    scope=Scope.ROOT,
    accept={"ImageStream": _IMAGE_STREAM_NAME_ACCEPT},
)
def image_stream_name(stream: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageStream's name must be a valid repository name component.

    The stream's name becomes the last path component of its pull spec
    (``image-registry.openshift-image-registry.svc:5000/<namespace>/<name>``), so
    the server refuses upper case, ``__``, ``.-`` and leading or trailing
    separators: ``must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"``. ``/`` and ``%``
    are refused by ``metadata-name`` (``may not contain '/'``).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: My_App

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: my-app
    """
    name = text(metadata(stream).get("name"))
    if name and not validate_path_segment_name(name, False):  # else metadata-name reports it
        for reason in validate_image_stream_name(name):
            yield Finding("/metadata/name", reason)


@rule(
    code="ITL271",
    name="image-stream-generate-name",
    severity=Severity.ERROR,
    types=("ImageStream",),
    server="S1",
    scope=Scope.ROOT,
    accept={"ImageStream": _GENERATE_NAME_ACCEPT},
)
def image_stream_generate_name(stream: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageStream's ``generateName`` must itself match the stream name pattern.

    ImageStreams support generated names, but the server checks the prefix with
    the same pattern as a name, before adding the random suffix. The usual
    Kubernetes habit of ending the prefix with ``-`` is therefore refused:
    ``must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"``.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          generateName: my-app-

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          generateName: my-app
    """
    prefix = text(metadata(stream).get("generateName"))
    if prefix and not validate_path_segment_name(prefix, True):  # else metadata-name reports it
        for reason in validate_image_stream_name(prefix, prefix=True):
            yield Finding("/metadata/generateName", reason)


@rule(
    code="ITL272",
    name="image-stream-path-length",
    severity=Severity.ERROR,
    types=("ImageStream",),
    server="S2",
    scope=Scope.ROOT,
    accept={"ImageStream": _PATH_LENGTH_ACCEPT},
)
def image_stream_path_length(stream: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    r"""
    ``<namespace>/<name>`` of an ImageStream may be at most 255 characters.

    It is the repository path in the integrated registry, which has the
    distribution limit of 255. Without ``metadata.namespace`` in the file, only
    the name (plus the ``/``) is counted; the namespace it is applied to adds to it.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\
            aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"  # 250 characters
          namespace: my-namespace

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: my-app
          namespace: my-namespace
    """
    meta = metadata(stream)
    name, namespace = text(meta.get("name")), text(meta.get("namespace"))
    if name and not ctx.is_placeholder(namespace):
        for error in validate_image_stream_path_length(namespace, name):
            yield Finding("/metadata/name", error.detail)


@rule(
    code="ITL273",
    name="docker-image-repository",
    severity=Severity.ERROR,
    types=("ImageStreamSpec",),
    server="S11",
    accept={"ImageStreamSpec": _REPOSITORY_ACCEPT},
)
def docker_image_repository(spec: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``spec.dockerImageRepository`` must be a repository: parseable, without tag or digest.

    The server parses it with the pull-spec grammar and refuses a tag (``the
    repository name may not contain a tag``) or a digest (``the repository name
    may not contain an ID``). The field is deprecated: prefer one
    ``spec.tags[].from`` per tag.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        spec:
          dockerImageRepository: quay.io/org/app:1.0

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        spec:
          dockerImageRepository: quay.io/org/app
    """
    for error in validate_docker_image_repository(text(spec.get("dockerImageRepository"))):
        yield Finding("/dockerImageRepository", detail(error))


@rule(
    code="ITL274",
    name="status-image-reference",
    severity=Severity.ERROR,
    types=("ImageStreamStatus",),
    server="S10",
    profile="object",
    accept={"ImageStreamStatus": _STATUS_REFERENCE_ACCEPT},
)
def status_image_reference(status: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Every ``status.tags[].items[].dockerImageReference`` must be set and parseable.

    The server validates the whole status history of a stream whenever it
    writes the status (``/status`` updates); an event without a pull spec, or
    with one the grammar refuses, makes the write fail with ``Required value``
    or the parser's message. A manifest's status never gets there: the server
    replaces it on create and keeps the stored one on update (catalogue D10),
    so the rule runs in the ``object`` profile only.

    Fails (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        status:
          tags:
          - tag: "1.0"
            items:
            - created: "2024-05-01T12:00:00Z"
              image: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
              dockerImageReference: ""
              generation: 1

    Passes (profile: object)::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        status:
          tags:
          - tag: "1.0"
            items:
            - created: "2024-05-01T12:00:00Z"
              image: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
              dockerImageReference: quay.io/org/app:1.0
              generation: 1
    """
    for t, history in mappings(status.get("tags")):
        for i, event in mappings(history.get("items")):
            reference = text(event.get("dockerImageReference"))
            for error in validate_docker_image_reference(reference):
                pointer = join_pointer("", "tags", t, "items", i, "dockerImageReference")
                yield Finding(pointer, detail(error), "key" if not reference else "value")


# No ``accept``: names are compared with each other, which a fragment cannot do
# (``uniqueItems`` compares whole tags), and clean streams often have several tags.
@rule(
    code="ITL380",
    name="duplicate-tag-name",
    severity=Severity.WARNING,
    types=("ImageStreamSpec",),
)
def duplicate_tag_name(spec: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Two ``spec.tags[]`` entries have the same name: the server keeps only the last one.

    The API stores tags as a map; converting the list drops earlier entries of
    the same name silently, without validating them (catalogue D9). The warning
    is on the earlier entry, whose settings are lost; no rule error is reported
    in that entry, since the server never checks it.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        spec:
          tags:
          - name: latest
            from: {kind: DockerImage, name: quay.io/org/app:1.0}
          - name: latest
            from: {kind: DockerImage, name: quay.io/org/app:2.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
        spec:
          tags:
          - name: "1.0"
            from: {kind: DockerImage, name: quay.io/org/app:1.0}
          - name: latest
            from: {kind: DockerImage, name: quay.io/org/app:2.0}
    """
    if tag_names_unique(spec):
        return
    last: dict[str, int] = {}
    tags = list(mappings(spec.get("tags")))
    for index, tag in tags:
        name = tag.get("name")
        if isinstance(name, str):
            last[name] = index
    for index, tag in tags:
        name = tag.get("name")
        if isinstance(name, str) and last[name] != index:
            later = pointer_to_path(join_pointer(ctx.pointer, "tags", last[name]))
            yield Finding(
                join_pointer("", "tags", index, "name"),
                f'tag "{name}" is defined again at {later}: the server keeps only the last one',
            )


def tag_names_unique(spec: Mapping[str, Any]) -> bool:
    """Whether ITL380 has nothing to say: no two ``spec.tags[]`` entries share a name."""
    names = [tag.get("name") for _, tag in mappings(spec.get("tags"))]
    named = [name for name in names if isinstance(name, str)]
    return len(set(named)) == len(named)


def _image_api_version(ctx: FixContext) -> Fix | None:
    return replace_value(
        ctx, ctx.pointer, kinds.IMAGE_V1, f'replace "{kinds.LEGACY_V1}" with "{kinds.IMAGE_V1}"'
    )


@rule(
    code="ITL381",
    name="legacy-api-version",
    severity=Severity.WARNING,
    types=kinds.LEGACY_KINDS,
    scope=Scope.ROOT,
    fix=_image_api_version,
    accept=dict.fromkeys(kinds.LEGACY_KINDS, _API_VERSION_ACCEPT),
)
def legacy_api_version(obj: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``apiVersion: v1`` is the legacy, group-less OpenShift API: use ``image.openshift.io/v1``.

    OpenShift 3 served its types without an API group, and ``v1`` ImageStream,
    ImageStreamTag, ImageStreamImport and Image manifests are still decoded for
    compatibility (they are linted like the others). Tools that match objects
    by API group (RBAC rules, admission policies, GitOps filters) do not
    recognise the legacy spelling, and newer kinds such as ImageTag were never
    served under it.

    Fix (safe): ``apiVersion`` becomes ``image.openshift.io/v1``. The rule
    fires only for the kinds the group serves too, with the same fields, and the
    server decodes both spellings into the same object, so what is stored does
    not change.

    Fails::

        apiVersion: v1
        kind: ImageStream
        metadata: {name: my-app}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
    """
    if obj.get("apiVersion") == kinds.LEGACY_V1:
        yield Finding(
            "/apiVersion",
            f'"{kinds.LEGACY_V1}" is the legacy group-less API version: use "{kinds.IMAGE_V1}"',
        )


RULES = (
    image_stream_name,
    image_stream_generate_name,
    image_stream_path_length,
    docker_image_repository,
    status_image_reference,
    duplicate_tag_name,
    legacy_api_version,
)
