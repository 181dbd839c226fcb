"""Small helpers shared by the semantic rule families."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from ..diagnostics import Finding
from ..frozen import NamedTuple
from ..openshift.apimachinery import (
    DNS1123_LABEL_FMT,
    DNS1123_LABEL_MAX_LENGTH,
    REQUIRED,
    FieldError,
    go_quote,
)
from ..openshift.decoded import MAPPINGS
from ..openshift.pullspec import (
    IMAGE_STREAM_NAME_FMT,
    NAME_TOTAL_LENGTH_MAX,
    split_image_stream_tag,
)
from ..pointers import join_pointer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

REQUIRED_VALUE = "Required value"  # Go's text for a Required error without a detail

# The longest stream name that keeps "<namespace>/<name>" within 255 characters (S2) in
# any namespace that is a DNS-1123 label.
STREAM_NAME_MAX = NAME_TOTAL_LENGTH_MAX - DNS1123_LABEL_MAX_LENGTH - 1


def stream_name_accept(end: str, **more: Any) -> dict[str, Any]:
    """An ``accept`` fragment for an object whose name makes an image stream (S1, S2).

    ``metadata.name`` is absent or empty (``metadata-name``'s), or starts with a stream
    name of at most ``STREAM_NAME_MAX`` characters followed by the pattern ``end``;
    ``metadata.namespace`` is absent, empty or a DNS-1123 label. ``more`` adds fragments
    for other ``metadata`` fields.
    """
    name = {"type": "string", "maxLength": STREAM_NAME_MAX}
    namespace = {"type": "string", "maxLength": DNS1123_LABEL_MAX_LENGTH}
    return {
        "properties": {
            "metadata": {
                "properties": {
                    "name": {
                        "anyOf": [
                            {"enum": [None, ""]},
                            {**name, "pattern": f"^(?:{IMAGE_STREAM_NAME_FMT}){end}"},
                        ]
                    },
                    "namespace": {
                        "anyOf": [
                            {"enum": [None, ""]},
                            {**namespace, "pattern": f"^(?:{DNS1123_LABEL_FMT})$"},
                        ]
                    },
                    **more,
                }
            }
        }
    }


def text(value: Any) -> str:
    """A string field as Go decodes it: absent or null is ``""``; other types are not ours."""
    return value if isinstance(value, str) else ""


def mapping(value: Any) -> Mapping[str, Any]:
    """A mapping field as Go decodes it: absent, null or mistyped is empty."""
    return value if isinstance(value, MAPPINGS) else {}


def metadata(obj: Mapping[str, Any]) -> Mapping[str, Any]:
    """An object's ``metadata``, empty when it has none."""
    return mapping(obj.get("metadata"))


def mappings(value: Any) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """The mappings of a list with their index; other items are the schema layer's findings."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, MAPPINGS):
                yield index, item


def detail(error: FieldError) -> str:
    """The server's detail, or Go's type text when a Required error has none."""
    if error.kind == REQUIRED and not error.detail:
        return REQUIRED_VALUE
    return error.detail


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice ``value`` most likely meant, or None when no choice is a likely typo.

    A choice that differs only in case wins; otherwise the one with the highest
    difflib similarity ratio, when it reaches ``cutoff`` (difflib's default, 0.6,
    suits short enum values; long values that share most of their text need a
    higher one) and no other choice scores as high: a tie is no suggestion.
    """
    known = [choice for choice in dict.fromkeys(choices) if choice and choice != value]
    same = [choice for choice in known if choice.lower() == value.lower()]
    if same:
        return same[0]
    from difflib import SequenceMatcher  # only a finding that suggests needs it

    scored = sorted(
        ((SequenceMatcher(None, value, choice).ratio(), choice) for choice in known),
        reverse=True,
    )
    if not scored or scored[0][0] < cutoff:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean "X"?)`` for the :func:`closest` choice, or ``""`` without one."""
    choice = closest(value, choices, cutoff)
    return f" (did you mean {go_quote(choice)}?)" if choice is not None else ""


def not_valid(value: str, detail: str, choices: Iterable[str]) -> str:
    """``"value" is not valid: detail``, with a did-you-mean when one choice is close.

    The value is quoted as Go quotes it, so any text stays on one line.
    """
    return f"{go_quote(value)} is not valid: {detail}{did_you_mean(value, choices)}"


def field_findings(
    errors: Iterable[FieldError], base: str = "", server: str | None = None
) -> Iterator[Finding]:
    """Findings at each error's JSON location (below ``base``), on the key for key errors."""
    for error in errors:
        pointer = join_pointer(base, *error.location)
        yield Finding(pointer, detail(error), "key" if error.key is not None else "value", server)


class ImageTagName(NamedTuple):
    """An ImageTag's ``metadata.name``, ``<stream>:<tag>``, split as the server splits it.

    ``SplitImageStreamTag`` splits at the first ``:`` and reads an empty tag part as
    ``latest``. Some checks need the tag part as written (``app:`` has an empty one),
    others the tag the server uses, so both are kept.
    """

    whole: str  # the whole name; "" when it is absent or not a string
    stream: str  # before the first ":" (the whole name when there is none)
    raw_tag: str  # after the first ":", as written; "" when empty or there is no ":"
    has_colon: bool  # without a ":" the name is no ImageTag name at all (C2)
    tag: str  # the server's tag: ``raw_tag``, or ``latest`` when that is empty

    @classmethod
    def parse(cls, name: str) -> ImageTagName:
        """Split ``name`` with the server's own function."""
        stream, tag, has_colon = split_image_stream_tag(name)
        raw_tag = name[len(stream) + 1 :] if has_colon else ""
        return cls(name, stream, raw_tag, has_colon, tag)


def image_tag_name(obj: Mapping[str, Any]) -> ImageTagName:
    """An ImageTag's ``metadata.name``, split; absent, null or mistyped reads as ``""``."""
    return ImageTagName.parse(text(metadata(obj).get("name")))
