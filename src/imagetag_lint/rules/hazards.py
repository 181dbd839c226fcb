"""YAML hazards: unquoted scalars that YAML 1.1 reads as something else than was written.

kubectl reads YAML 1.1: ``1.10`` is the number 1.1, ``0755`` is octal 493, ``on``
is ``true``, ``null`` and ``~`` are null. Where the API wants a string and YAML
produced a number or a boolean, the schema layer already reports the type error
(ITL101) with the quoted fix; these rules are not repeated there. They cover
what the schema cannot see because the value still has an acceptable type:

* ITL350: an integer field written with a leading zero, silently read as octal;
* ITL351: a value in a map of strings (labels, annotations) written as an
  unquoted ``null`` or ``~``, silently stored as the empty string.

ITL350 needs the source text, so it reports nothing for decoded objects (and
JSON has no octal numbers); ITL351 also reports a ``null`` in JSON.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache

from ..diagnostics import Finding, Severity
from ..openshift.schemas import load_schemas
from ..pointers import join_pointer
from ..regex import lazy
from ._rule import Accept, RuleContext, rule
from ._support import mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

_OCTAL: Final = lazy(r"[-+]?0[0-7_]*[0-7]\Z")
_NULL_WORDS: Final = frozenset(("~", "null", "Null", "NULL"))


@cache
def _fields(type_name: str, wanted: str) -> frozenset[str]:
    """The properties of a type whose values are ``wanted`` (``string``, ``integer``, ``map``)."""
    properties = load_schemas().get(type_name, {}).get("properties", {})
    found = set()
    for prop, schema in properties.items():
        types = schema.get("type", ())
        types = [types] if isinstance(types, str) else list(types)
        if wanted == "map":
            values = schema.get("additionalProperties")
            if (
                "object" in types
                and isinstance(values, dict)
                and "string" in values.get("type", ())
            ):
                found.add(prop)
        elif wanted in types:
            found.add(prop)
    return frozenset(found)


def types_with(wanted: str) -> tuple[str, ...]:
    """The API types that have a property of the wanted kind (read from the schemas)."""
    return tuple(name for name in sorted(load_schemas()) if _fields(name, wanted))


# The types with a map of strings (labels, annotations, signed claims), written out so
# that importing the rules reads no schema; a test holds it equal to ``types_with("map")``.
STRING_MAP_TYPES: Final = ("ImageSignature", "ObjectMeta", "TagReference")

# The maps of strings of those types, as ``_fields(type, "map")`` reads them. A clean map
# has no null value, so ITL351 reports nothing, whatever the source text says.
_STRING_MAPS: Final = {
    "ImageSignature": ("signedClaims",),
    "ObjectMeta": ("annotations", "labels"),
    "TagReference": ("annotations",),
}
_NO_NULL_VALUE: Final = {"additionalProperties": {"type": "string"}}
_STRING_MAP_ACCEPT: Final[Accept] = {
    type_name: {"properties": dict.fromkeys(fields, _NO_NULL_VALUE)}
    for type_name, fields in _STRING_MAPS.items()
}


@rule(
    code="ITL350",
    name="yaml-octal-integer",
    severity=Severity.WARNING,
    # The integers people write; the others (sizes, history generations) come from the
    # server, and checking each would cost a source lookup per value.
    types=("ObjectMeta", "TagReference"),
    source=True,
)
def yaml_octal_integer(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An integer written with a leading zero: YAML 1.1 reads it as octal.

    kubectl reads ``generation: 010`` as 8, without a word. Write the number
    without the leading zero. (Checked where people write integers: metadata
    and tag references.)

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, generation: 010}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, generation: 10}
        spec: {name: v1}
    """
    for field in _fields(ctx.node_type, "integer"):
        value = node.get(field)
        if not isinstance(value, int) or isinstance(value, bool):
            continue
        text = ctx.source_text("/" + field)
        if text is not None and _OCTAL.match(text):
            decimal = text.replace("_", "").lstrip("+-").lstrip("0") or "0"
            yield Finding(
                "/" + field,
                f"YAML reads the unquoted {text} as the octal number {value}:"
                f" write {value}, or {decimal} if that is what you meant",
            )


@rule(
    code="ITL351",
    name="null-in-string-map",
    severity=Severity.WARNING,
    types=STRING_MAP_TYPES,
    accept=_STRING_MAP_ACCEPT,
)
def null_in_string_map(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    A ``null`` value in a map of strings (labels, annotations, signed claims): stored as ``""``.

    YAML reads an unquoted ``null``, ``Null``, ``NULL`` or ``~`` as null, and the
    server decodes a null map value as the empty string: ``release: null``
    becomes the label ``release=""``, not the text ``null``. Quote the value
    when the text is meant; remove the entry when nothing is. An entry written
    with no value at all (``release:``) is taken to mean the empty string and
    is not reported. In a plain string field null just means "not set", so it
    is not reported there either.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          labels:
            release: null

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          labels:
            release: "null"
    """
    for field in _fields(ctx.node_type, "map"):
        for key, value in mapping(node.get(field)).items():
            if value is not None:
                continue
            pointer = join_pointer("/" + field, key)
            text = ctx.source_text(pointer)
            if text == "":
                continue  # ``key:`` with nothing after it: the empty string was meant
            shown = text if text in _NULL_WORDS else "null"
            yield Finding(
                pointer,
                f'{shown} is stored as an empty string: quote it ("{shown}")'
                " if the text is meant, or remove the entry",
            )


RULES = (yaml_octal_integer, null_in_string_map)
