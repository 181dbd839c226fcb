"""The second generator input: the official OpenAPI definitions of image.openshift.io/v1.

The reference text documents ``ImageTag`` and the types it contains. The other
kinds (ImageStream, ImageStreamTag, ImageStreamImport and the lists) come from
``openshift-openapi-image-v1.json``: every type those roots reach that the text
does not already define is converted here, with the text's conventions (absolute
``$id``s, every field nullable, int ranges, closed field sets). A type the text
defines is never taken from the OpenAPI, so the text-derived files stay as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from .build import ArrayOf, MapOf, Ref, Scalar, TypeExpr, object_schema, render
from .model import JsonObject, JsonValue, SchemaSourceError

OPENAPI = "openshift-openapi-image-v1.json"
OPENAPI_REF_PREFIX = "#/definitions/"

# The kinds and lists generated from the OpenAPI; every type they reach comes along.
OPENAPI_ROOTS = (
    "ImageStream",
    "ImageStreamTag",
    "ImageStreamImport",
    "ImageStreamList",
    "ImageTagList",
)
SCALAR_TYPES = frozenset({"string", "integer", "boolean"})


def load_definitions(source_dir: Path) -> dict[str, JsonObject]:
    try:
        document = json.loads((source_dir / OPENAPI).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise SchemaSourceError(f"cannot read the OpenAPI definitions: {error}") from error
    definitions = document.get("definitions") if isinstance(document, dict) else None
    if not isinstance(definitions, dict):
        raise SchemaSourceError(f"{OPENAPI}: no definitions")
    return definitions


def short_name(definition: str) -> str:
    """``com.github.openshift.api.image.v1.ImageStream`` -> ``ImageStream``."""
    return definition.rsplit(".", 1)[-1]


def openapi_schemas(
    definitions: Mapping[str, JsonValue], known: Iterable[str]
) -> dict[str, JsonObject]:
    """The schemas of the roots and every type they reach that is not ``known`` already."""
    by_name = {short_name(name): name for name in definitions}
    defined = set(known)
    schemas: dict[str, JsonObject] = {}
    pending = list(OPENAPI_ROOTS)
    while pending:
        name = pending.pop()
        if name in defined or name in schemas:
            continue
        if name not in by_name:
            raise SchemaSourceError(f"{OPENAPI}: no definition of {name}")
        definition = definitions[by_name[name]]
        if not isinstance(definition, dict):
            raise SchemaSourceError(f"{OPENAPI}: {name} is not an object")
        schemas[name] = _type_schema(name, definition)
        pending.extend(_referenced(definition))
    return schemas


def _type_schema(name: str, definition: JsonObject) -> JsonObject:
    if definition.get("type") != "object" or not isinstance(definition.get("properties"), dict):
        raise SchemaSourceError(f"{OPENAPI}: {name} is not an object with properties")
    properties: dict[str, JsonObject] = {}
    raw_properties = definition["properties"]
    assert isinstance(raw_properties, dict)
    for prop, value in raw_properties.items():
        if not isinstance(value, dict):
            raise SchemaSourceError(f"{OPENAPI}: {name}.{prop} is not a schema")
        rendered = render(_expression(value, f"{name}.{prop}"))
        description = value.get("description")
        properties[prop] = (
            {"description": description, **rendered} if isinstance(description, str) else rendered
        )
    required = definition.get("required", [])
    if not isinstance(required, list) or not all(isinstance(r, str) for r in required):
        raise SchemaSourceError(f"{OPENAPI}: {name}.required is not a list of names")
    description = definition.get("description")
    return object_schema(
        name,
        description if isinstance(description, str) else None,
        properties,
        tuple(str(r) for r in required),
    )


def _expression(schema: JsonObject, where: str) -> TypeExpr:
    ref = schema.get("$ref")
    if isinstance(ref, str):
        return Ref(short_name(ref.removeprefix(OPENAPI_REF_PREFIX)))
    kind = schema.get("type")
    if kind == "array" and isinstance(schema.get("items"), dict):
        items = schema["items"]
        assert isinstance(items, dict)
        return ArrayOf(_expression(items, where + "[]"))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        values = schema["additionalProperties"]
        assert isinstance(values, dict)
        return MapOf(_expression(values, where + "{}"))
    if isinstance(kind, str) and kind in SCALAR_TYPES:
        fmt = schema.get("format")
        return Scalar(kind, fmt if isinstance(fmt, str) else None)
    raise SchemaSourceError(f"{OPENAPI}: {where}: unsupported schema {sorted(schema)}")


def _referenced(value: JsonValue) -> Iterable[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield short_name(item.removeprefix(OPENAPI_REF_PREFIX))
            else:
                yield from _referenced(item)
    elif isinstance(value, list):
        for item in value:
            yield from _referenced(item)
