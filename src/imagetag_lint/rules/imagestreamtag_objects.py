"""ImageStreamTag create: its name and its tag's annotations, as the REST create checks them.

The catalogue has no ImageStreamTag section; these rules follow the server's code.
openshift-apiserver's ImageStreamTag REST ``Create`` (``registry/imagestreamtag/rest.go``)
never generates a name (``rest.BeforeCreate`` refuses a ``generateName`` alone),
splits ``metadata.name`` with ``SplitImageStreamTag`` and refuses a name without a
``:``; its create validation (``ValidateImageStreamTagWithWhitelister``) refuses
``tag.annotations`` that are set and differ from ``metadata.annotations``. None of
these errors comes with a catalogue id. When the stream does not exist, the create
makes it, and the stream's own name rules apply (``stream-name``, S1, S2).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ._rule import Accept, Phase, RuleContext, Scope, rule
from ._support import mapping, metadata, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# A clean name: a non-empty stream part, then ":" (the tag part may be anything).
_NAME_ACCEPT: Final[Accept] = {
    "ImageStreamTag": {
        "required": ["metadata"],
        "properties": {
            "metadata": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string", "pattern": "^[^:]+:"}},
            }
        },
    }
}
# Clean tag annotations: none at all (the usual case); equal ones take the slow path.
_TAG_ANNOTATIONS_ACCEPT: Final[Accept] = {
    "ImageStreamTag": {
        "properties": {
            "tag": {
                "anyOf": [
                    {"type": "null"},
                    {
                        "properties": {
                            "annotations": {"anyOf": [{"type": "null"}, {"maxProperties": 0}]}
                        }
                    },
                ]
            }
        }
    }
}


@rule(
    code="ITL290",
    name="image-stream-tag-name",
    severity=Severity.ERROR,
    types=("ImageStreamTag",),
    scope=Scope.ROOT,
    phase=Phase.CREATE,
    accept=_NAME_ACCEPT,
)
def image_stream_tag_name(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageStreamTag is named ``<stream>:<tag>``.

    The REST create splits ``metadata.name`` at the first ``:`` and refuses a
    name without one: ``"<name>" must be of the form <stream_name>:<tag>`` (an
    HTTP 500 from the server, before anything is stored). A name that starts
    with ``:`` names no stream, and looking the stream up fails with ``Name
    parameter required``. A ``generateName`` without a ``name`` is
    ``generate-name-unsupported``'s (R6): the create never generates a name.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: app}
        tag:
          from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: "app:1.0"}
        tag:
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    meta = metadata(tag)
    name = text(meta.get("name"))
    if not name:
        return  # a generateName alone: ITL210 (R6); neither: ITL202 (M1)
    stream, colon, _ = name.partition(":")
    if not colon:
        yield Finding("/metadata/name", f'"{name}" must be of the form <stream_name>:<tag>')
    elif not stream:
        message = f'"{name}" names no image stream: Name parameter required'
        yield Finding("/metadata/name", message)


@rule(
    code="ITL291",
    name="image-stream-tag-annotations",
    severity=Severity.ERROR,
    types=("ImageStreamTag",),
    scope=Scope.ROOT,
    accept=_TAG_ANNOTATIONS_ACCEPT,
)
def image_stream_tag_annotations(tag: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``tag.annotations`` must be left out, or equal ``metadata.annotations``.

    The tag's annotations are the object's: the server's validation refuses a
    different set with ``tag annotations must not be provided or must be equal
    to the object meta annotations``. An empty map counts as none, as in the
    server's comparison.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata: {name: "app:1.0"}
        tag:
          annotations: {description: the release}
          from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStreamTag
        metadata:
          name: "app:1.0"
          annotations: {description: the release}
        tag:
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """
    reference = tag.get("tag")
    if not isinstance(reference, Mapping):
        return
    annotations = reference.get("annotations")
    if not isinstance(annotations, Mapping):
        return  # left out (a wrong type is the schema layer's)
    if _strings(annotations) != _strings(mapping(metadata(tag).get("annotations"))):
        yield Finding(
            "/tag/annotations",
            "tag annotations must not be provided or must be equal to the object meta annotations",
        )


def _strings(values: Mapping[str, Any]) -> dict[str, str]:
    """A map of strings as the server decodes it: null is the empty string."""
    return {key: "" if value is None else str(value) for key, value in values.items()}


RULES = (image_stream_tag_name, image_stream_tag_annotations)
