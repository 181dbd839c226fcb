"""Every intended difference between the generated schemas and the official OpenAPI.

The ImageTag types come from the reference text, for which the OpenAPI definitions in
``schemagen/sources/openshift-openapi-image-v1.json`` are only a cross-check (the
generator never reads them for these types). The other kinds are converted from
those definitions (``openapi.py``), and the check then proves that the conversion
changed nothing but the conventions below. Both are compared keyword by keyword, after
flattening each schema into leaves::

    TagReference/properties/generation/format      "int64"
    TagReference/properties/generation/type/null   true      ("type" becomes one leaf per name)
    TagReference/properties/from/$ref              "ObjectReference"   (both reference styles)

A difference is a leaf whose value differs or which only one side has.
``INTENDED_DIFFERENCES`` below is the one place that lists and explains the
differences we want; the tests fail on any other difference, and on any entry
here that no longer matches a real one.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from .model import ID_PREFIX, JsonObject, JsonValue

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final, TypeAlias

_OPENSHIFT_IMAGE = "com.github.openshift.api.image.v1."
_META = "io.k8s.apimachinery.pkg.apis.meta.v1."

# Generated type -> OpenAPI definition name.
OPENAPI_DEFINITIONS: Final[Mapping[str, str]] = {
    "ImageTag": _OPENSHIFT_IMAGE + "ImageTag",
    "TagReference": _OPENSHIFT_IMAGE + "TagReference",
    "TagImportPolicy": _OPENSHIFT_IMAGE + "TagImportPolicy",
    "TagReferencePolicy": _OPENSHIFT_IMAGE + "TagReferencePolicy",
    "NamedTagEventList": _OPENSHIFT_IMAGE + "NamedTagEventList",
    "TagEvent": _OPENSHIFT_IMAGE + "TagEvent",
    "TagEventCondition": _OPENSHIFT_IMAGE + "TagEventCondition",
    "Image": _OPENSHIFT_IMAGE + "Image",
    "ImageLayer": _OPENSHIFT_IMAGE + "ImageLayer",
    "ImageManifest": _OPENSHIFT_IMAGE + "ImageManifest",
    "ImageSignature": _OPENSHIFT_IMAGE + "ImageSignature",
    "SignatureCondition": _OPENSHIFT_IMAGE + "SignatureCondition",
    "SignatureIssuer": _OPENSHIFT_IMAGE + "SignatureIssuer",
    "SignatureSubject": _OPENSHIFT_IMAGE + "SignatureSubject",
    "ObjectReference": "io.k8s.api.core.v1.ObjectReference",
    "ObjectMeta": _META + "ObjectMeta",
    "OwnerReference": _META + "OwnerReference",
    "ManagedFieldsEntry": _META + "ManagedFieldsEntry",
    "FieldsV1": _META + "FieldsV1",
    "Time": _META + "Time",
    "RawExtension": "io.k8s.apimachinery.pkg.runtime.RawExtension",
    # Generated from the OpenAPI definitions themselves (the text does not document them).
    **{
        name: _OPENSHIFT_IMAGE + name
        for name in (
            "ImageStream",
            "ImageStreamSpec",
            "ImageStreamStatus",
            "ImageLookupPolicy",
            "ImageStreamTag",
            "ImageStreamImport",
            "ImageStreamImportSpec",
            "ImageStreamImportStatus",
            "ImageImportSpec",
            "ImageImportStatus",
            "RepositoryImportSpec",
            "RepositoryImportStatus",
            "ImageStreamList",
            "ImageTagList",
        )
    },
    "LocalObjectReference": "io.k8s.api.core.v1.LocalObjectReference",
    **{
        name: _META + name
        for name in ("ListMeta", "ShardInfo", "Status", "StatusDetails", "StatusCause")
    },
}

OPENAPI_REF_PREFIX = "#/definitions/"


class Marker(enum.Enum):
    ABSENT = "absent"  # the side has no such leaf
    ANY = "any"  # in a table entry: any value, or absent

    def __repr__(self) -> str:
        return self.value


ABSENT: Final = Marker.ABSENT
ANY: Final = Marker.ANY
Leaf: TypeAlias = "JsonValue | Marker"
# Turns a "$ref" value into the referenced type's name.
RefNamer: TypeAlias = Callable[[str], str]


@dataclass(frozen=True)
class Difference:
    where: str  # "<Type><JSON pointer into the schema>"
    openapi: Leaf
    generated: Leaf


@dataclass(frozen=True)
class IntendedDifference:
    where: str  # an fnmatch pattern over Difference.where
    openapi: Leaf
    generated: Leaf
    reason: str

    def explains(self, difference: Difference) -> bool:
        return (
            fnmatchcase(difference.where, self.where)
            and _leaf_matches(self.openapi, difference.openapi)
            and _leaf_matches(self.generated, difference.generated)
        )


INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
INT32_MIN: Final = -(2**31)
INT32_MAX: Final = 2**31 - 1

INTENDED_DIFFERENCES: Final[tuple[IntendedDifference, ...]] = (
    IntendedDifference(
        where="*/type/null",
        openapi=ABSENT,
        generated=True,
        reason="Every field accepts null: the server's JSON decoder maps null to the zero value.",
    ),
    IntendedDifference(
        where="*/additionalProperties",
        openapi=ABSENT,
        generated=False,
        reason="Fixed field sets are closed, so unknown fields (dropped or rejected) are reported.",
    ),
    IntendedDifference(
        where="*/minimum",
        openapi=ABSENT,
        generated=INT64_MIN,
        reason="int64 fields state their range: OpenAPI only names the format; JSON has no limit.",
    ),
    IntendedDifference(
        where="*/maximum",
        openapi=ABSENT,
        generated=INT64_MAX,
        reason="int64 fields state their range: OpenAPI only names the format; JSON has no limit.",
    ),
    IntendedDifference(
        where="*/minimum",
        openapi=ABSENT,
        generated=INT32_MIN,
        reason="int32 fields state their range: OpenAPI only names the format; JSON has no limit.",
    ),
    IntendedDifference(
        where="*/maximum",
        openapi=ABSENT,
        generated=INT32_MAX,
        reason="int32 fields state their range: OpenAPI only names the format; JSON has no limit.",
    ),
    IntendedDifference(
        where="*/default",
        openapi=ANY,
        generated=ABSENT,
        reason="OpenAPI defaults are the generator's Go zero values, not the server's defaults.",
    ),
    IntendedDifference(
        where="*/x-kubernetes-*",
        openapi=ANY,
        generated=ABSENT,
        reason="Patch and list-merge metadata for server-side apply; says nothing about validity.",
    ),
    IntendedDifference(
        where="*/description",
        openapi=ANY,
        generated=ANY,
        reason="Descriptions come from the reference text (overlay where it has none).",
    ),
    IntendedDifference(
        where="*/$schema",
        openapi=ABSENT,
        generated=ANY,
        reason="Each generated type is a Draft 2020-12 resource of its own.",
    ),
    IntendedDifference(
        where="*/$id",
        openapi=ABSENT,
        generated=ANY,
        reason="Each generated type has an absolute id by which the others refer to it.",
    ),
    IntendedDifference(
        where="*/title",
        openapi=ABSENT,
        generated=ANY,
        reason="Each generated type is titled by its name.",
    ),
)


def compare_with_openapi(
    generated: Mapping[str, JsonObject], openapi_definitions: Mapping[str, JsonObject]
) -> list[Difference]:
    """Every leaf difference between each generated type and its OpenAPI definition."""
    openapi_names = {definition: name for name, definition in OPENAPI_DEFINITIONS.items()}
    differences = []
    for name, schema in sorted(generated.items()):
        definition = openapi_definitions[OPENAPI_DEFINITIONS[name]]
        ours = flatten(schema, lambda ref: ref.removeprefix(ID_PREFIX))
        theirs = flatten(definition, lambda ref: _openapi_type_name(ref, openapi_names))
        for pointer in sorted(ours.keys() | theirs.keys()):
            openapi, mine = theirs.get(pointer, ABSENT), ours.get(pointer, ABSENT)
            if not _same(openapi, mine):
                differences.append(Difference(name + pointer, openapi, mine))
    return differences


def unexplained(differences: Iterable[Difference]) -> list[Difference]:
    """The differences no entry of the table explains."""
    return [d for d in differences if not any(e.explains(d) for e in INTENDED_DIFFERENCES)]


def stale_entries(differences: Iterable[Difference]) -> list[IntendedDifference]:
    """The table entries that explain no actual difference."""
    actual = list(differences)
    return [e for e in INTENDED_DIFFERENCES if not any(e.explains(d) for d in actual)]


def flatten(schema: JsonObject, type_name_of_ref: RefNamer) -> dict[str, JsonValue]:
    """JSON pointer -> leaf value, with ``type`` split per name and ``$ref`` as a type name."""
    leaves: dict[str, JsonValue] = {}
    _flatten_into(leaves, schema, "", type_name_of_ref)
    return leaves


def _flatten_into(
    leaves: dict[str, JsonValue], schema: JsonObject, pointer: str, ref_name: RefNamer
) -> None:
    for keyword, value in schema.items():
        at = f"{pointer}/{_escape(keyword)}"
        if keyword == "$ref" and isinstance(value, str):
            leaves[at] = ref_name(value)
        elif keyword == "type":
            for type_word in value if isinstance(value, list) else [value]:
                leaves[f"{at}/{type_word}"] = True
        elif keyword == "properties" and isinstance(value, dict):
            for name, subschema in value.items():
                if isinstance(subschema, dict):
                    _flatten_into(leaves, subschema, f"{at}/{_escape(name)}", ref_name)
        elif keyword in ("items", "additionalProperties") and isinstance(value, dict):
            _flatten_into(leaves, value, at, ref_name)
        else:
            leaves[at] = value


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _openapi_type_name(ref: str, openapi_names: Mapping[str, str]) -> str:
    definition = ref.removeprefix(OPENAPI_REF_PREFIX)
    # A definition outside the mapping keeps its full name, so it shows up as a difference.
    return openapi_names.get(definition, definition)


def _leaf_matches(expected: Leaf, actual: Leaf) -> bool:
    return expected is ANY or _same(expected, actual)


def _same(left: Leaf, right: Leaf) -> bool:
    # JSON text equality, so that True is not 1 and False is not 0.
    if isinstance(left, Marker) or isinstance(right, Marker):
        return left is right
    return json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True)
