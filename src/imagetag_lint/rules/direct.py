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

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache

from ..frozen import NamedTuple
from ..openshift.decoded import MAPPINGS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    Check = Callable[[Mapping[str, Any], str], bool]  # (object, profile) -> nothing to say


class Direct(NamedTuple):
    check: Check
    covers: frozenset[str]  # the rules it answers for
    # Where the object holds each type those rules attach to, as pointers (``*``: every
    # item of a list); tests/test_direct_checks.py compares them with the type graph.
    reads: Mapping[str, tuple[str, ...]]


# Each kind's check is made when a run first needs it, importing then the modules of
# the rules it asks: a run of ImageTags imports neither the ImageStream nor the Image rules.


def _image_tag() -> Check:
    from .history import newest_first, status_tag_matches
    from .imagetag_objects import tag_name_matches

    def check(obj: Mapping[str, Any], profile: str) -> bool:
        status = obj.get("status")
        return tag_name_matches(obj, profile) and (
            not isinstance(status, MAPPINGS)
            or (status_tag_matches(status, obj) and newest_first(status))
        )

    return check


def _image_stream() -> Check:
    from .history import newest_first
    from .streams import tag_names_unique

    def check(obj: Mapping[str, Any], profile: str) -> bool:
        spec, status = obj.get("spec"), obj.get("status")
        if isinstance(spec, MAPPINGS) and not tag_names_unique(spec):
            return False
        tags = status.get("tags") if isinstance(status, MAPPINGS) else None
        return not isinstance(tags, list) or all(
            newest_first(history) for history in tags if isinstance(history, MAPPINGS)
        )

    return check


def _image_stream_import() -> Check:
    stream_check = _image_stream()

    def check(obj: Mapping[str, Any], profile: str) -> bool:
        status = obj.get("status")
        stream = status.get("import") if isinstance(status, MAPPINGS) else None
        return not isinstance(stream, MAPPINGS) or stream_check(stream, profile)

    return check


def _image() -> Check:
    from .image_objects import docker_image_reference_parses

    def check(obj: Mapping[str, Any], profile: str) -> bool:
        return docker_image_reference_parses(obj)

    return check


def _nothing_left(obj: Mapping[str, Any], profile: str) -> bool:
    return True


# For a kind that no residual rule can meet (an ImageStreamTag holds none of their types).
NOTHING_LEFT: Final = Direct(_nothing_left, frozenset(), {})


class _Kind(NamedTuple):
    make: Callable[[], Check]
    covers: frozenset[str]
    reads: Mapping[str, tuple[str, ...]]


_KINDS: Final[Mapping[str, _Kind]] = {
    "ImageTag": _Kind(
        _image_tag,
        frozenset({"ITL211", "ITL342", "ITL343"}),
        {"ImageTag": ("",), "NamedTagEventList": ("/status",)},
    ),
    "ImageStream": _Kind(
        _image_stream,
        frozenset({"ITL343", "ITL380"}),
        {"NamedTagEventList": ("/status/tags/*",), "ImageStreamSpec": ("/spec",)},
    ),
    "ImageStreamImport": _Kind(  # what it imports into: an ImageStream
        _image_stream_import,
        frozenset({"ITL343", "ITL380"}),
        {
            "NamedTagEventList": ("/status/import/status/tags/*",),
            "ImageStreamSpec": ("/status/import/spec",),
        },
    ),
    "Image": _Kind(_image, frozenset({"ITL276"}), {"Image": ("",)}),
}


@cache
def _made(kind: str) -> Direct:
    made = _KINDS[kind]
    return Direct(made.make(), made.covers, made.reads)


class _DirectChecks(Mapping[str, Direct]):
    """Kind -> its ``Direct`` check, made on first look-up."""

    __slots__ = ()

    def __getitem__(self, kind: str) -> Direct:
        return _made(kind)  # a KeyError for a kind without one

    def __iter__(self) -> Iterator[str]:
        return iter(_KINDS)

    def __len__(self) -> int:
        return len(_KINDS)


DIRECT: Final[Mapping[str, Direct]] = _DirectChecks()


def direct_check(root_type: str, meeting: frozenset[str]) -> Direct | None:
    """The check that answers for ``meeting``, the residual rules an object of this kind
    can meet: ``NOTHING_LEFT`` when there are none, None when no check covers them all."""
    if not meeting:
        return NOTHING_LEFT
    kind = _KINDS.get(root_type)
    return _made(root_type) if kind is not None and meeting <= kind.covers else None
