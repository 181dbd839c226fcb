"""Direct checks: what no schema can say about a clean object, in a few lines per kind.

An object the gate accepts still meets the rules that declare no ``accept``
fragment (a name equal to a tag, a history in time order, no two tags of one
name, a reference the pull-spec grammar parses): no schema can say those. The
engine would walk the object for the types they attach to and call each. For
each kind, one function here answers instead whether those rules certainly have
nothing to say, reading the places where the object holds their types
(``Direct.reads``, which a test holds to the type graph) and asking each rule's
own predicate. It may answer False for a clean object; the rules then run and
find nothing.

The engine uses a direct check only when the rules it ``covers`` include every
rule without ``accept`` that can meet the object; a rule added later, or one a
selection brings in, makes it walk the object as before.
"""

from collections.abc import Callable, Mapping
from typing import Any, Final, NamedTuple

from ..openshift.decoded import MAPPINGS
from .history import newest_first, status_tag_matches
from .image_objects import docker_image_reference_parses
from .imagetag_objects import tag_name_matches
from .streams import tag_names_unique

Check = Callable[[Mapping[str, Any], str], bool]  # (object, profile) -> nothing to say


class Direct(NamedTuple):
    check: Check
    covers: frozenset[str]  # the rules it answers for
    # Where the object holds each type those rules attach to, as pointers (``*``: every
    # item of a list); tests/test_direct_checks.py compares them with the type graph.
    reads: Mapping[str, tuple[str, ...]]


def _image_tag(obj: Mapping[str, Any], profile: str) -> bool:
    status = obj.get("status")
    return tag_name_matches(obj, profile) and (
        not isinstance(status, MAPPINGS)
        or (status_tag_matches(status, obj) and newest_first(status))
    )


def _image_stream(obj: Mapping[str, Any], profile: str) -> bool:
    spec, status = obj.get("spec"), obj.get("status")
    if isinstance(spec, MAPPINGS) and not tag_names_unique(spec):
        return False
    tags = status.get("tags") if isinstance(status, MAPPINGS) else None
    return not isinstance(tags, list) or all(
        newest_first(history) for history in tags if isinstance(history, MAPPINGS)
    )


def _image_stream_import(obj: Mapping[str, Any], profile: str) -> bool:
    status = obj.get("status")
    stream = status.get("import") if isinstance(status, MAPPINGS) else None
    return not isinstance(stream, MAPPINGS) or _image_stream(stream, profile)


def _image(obj: Mapping[str, Any], profile: str) -> bool:
    return docker_image_reference_parses(obj)


def _nothing_left(obj: Mapping[str, Any], profile: str) -> bool:
    return True


# For a kind that no residual rule can meet (an ImageStreamTag holds none of their types).
NOTHING_LEFT: Final = Direct(_nothing_left, frozenset(), {})

DIRECT: Final[Mapping[str, Direct]] = {
    "ImageTag": Direct(
        _image_tag,
        frozenset({"ITL211", "ITL342", "ITL343"}),
        {"ImageTag": ("",), "NamedTagEventList": ("/status",)},
    ),
    "ImageStream": Direct(
        _image_stream,
        frozenset({"ITL343", "ITL380"}),
        {"NamedTagEventList": ("/status/tags/*",), "ImageStreamSpec": ("/spec",)},
    ),
    "ImageStreamImport": Direct(  # what it imports into: an ImageStream
        _image_stream_import,
        frozenset({"ITL343", "ITL380"}),
        {
            "NamedTagEventList": ("/status/import/status/tags/*",),
            "ImageStreamSpec": ("/status/import/spec",),
        },
    ),
    "Image": Direct(_image, frozenset({"ITL276"}), {"Image": ("",)}),
}
