"""Turn the filled-in sections and the overlay's types into one JSON Schema per API type.

A section documents a type when its Type is ``object``; its name is the first
word of its description (Kubernetes doc comments start with the Go type name:
"TagReference specifies ..."), or the document title for the root. A row's type
cell is read in the text's own words:

    string, integer, boolean     a scalar
    object                       the type documented by the section of the row's path
    array                        items of the type documented by the ``<path>[]`` section
    array (X), object (X)        an array of X, a map of string to X
    Time, ObjectMeta, ...        a reference to that type

Every field accepts null: the API server's JSON decoder turns null into the
zero value, so a schema that refused null would report what the server accepts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .model import (
    DRAFT_2020_12,
    ID_PREFIX,
    ROOT_PATH,
    JsonObject,
    JsonValue,
    Row,
    SchemaSourceError,
    Section,
    child_path,
    type_ref,
)
from .overlay import TypeDefinition

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

SCALAR_WORDS = frozenset({"string", "integer", "boolean"})
CONTAINER_CELL = re.compile(r"(?P<container>array|object) \((?P<inner>[A-Za-z0-9]+)\)")
TYPE_NAME = re.compile(r"[A-Z][A-Za-z0-9]*")
DOC_COMMENT_SUBJECT = re.compile(r"(?P<type_name>[A-Z][A-Za-z0-9]*) ")

# Which scalar each format refines.
FORMAT_OF_SCALAR = {
    "int32": "integer",
    "int64": "integer",
    "byte": "string",
    "date-time": "string",
}
# JSON Schema's integer is unbounded; Go's decoder rejects what overflows int64.
INTEGER_RANGES = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}


@dataclass(frozen=True)
class Scalar:
    word: str
    format: str | None = None


@dataclass(frozen=True)
class Ref:
    type_name: str


@dataclass(frozen=True)
class ArrayOf:
    items: TypeExpr


@dataclass(frozen=True)
class MapOf:
    values: TypeExpr


TypeExpr: TypeAlias = "Scalar | Ref | ArrayOf | MapOf"


@dataclass
class _Sections:
    """The sections by path, and which of them some row has used."""

    by_path: Mapping[str, Section]
    used: set[str] = field(default_factory=lambda: {ROOT_PATH})

    def field_section(self, path: str, expected_type: str) -> Section:
        section = self.by_path.get(path)
        if section is None:
            raise SchemaSourceError(f"{path}: no section documents it")
        if section.type != expected_type:
            raise SchemaSourceError(f"{path}: expected Type {expected_type}, not {section.type}")
        self.used.add(path)
        return section

    def unused(self) -> list[str]:
        return sorted(set(self.by_path) - self.used)


def build_schemas(
    sections: Iterable[Section], definitions: Iterable[TypeDefinition]
) -> dict[str, JsonObject]:
    """Every type's schema by type name, checked to be complete and connected."""
    text = _Sections({section.path or ROOT_PATH: section for section in sections})
    schemas: dict[str, JsonObject] = {}
    for path, section in text.by_path.items():
        if section.type is None:
            raise SchemaSourceError(f"{path}: the Type is blank (fill it in the overlay)")
        if section.type != "object":
            continue  # "array" sections describe a field; their items section is the type.
        name = type_name(section)
        _add_schema(schemas, name, _section_schema(section, name, text))
    for definition in definitions:
        _add_schema(schemas, definition.name, _definition_schema(definition, text))
    if text.unused():
        raise SchemaSourceError(f"sections no property row leads to: {', '.join(text.unused())}")
    _check_connected(schemas, type_name(text.by_path[ROOT_PATH]))
    return dict(sorted(schemas.items()))


def type_name(section: Section) -> str:
    """The documented type's name: the title for the root, else the description's subject."""
    if section.title is not None:
        return section.title
    subject = DOC_COMMENT_SUBJECT.match(section.description or "")
    if subject is None:
        raise SchemaSourceError(f"{section.path}: the description does not name its type")
    return subject["type_name"]


def _add_schema(schemas: dict[str, JsonObject], name: str, schema: JsonObject) -> None:
    if name in schemas:
        raise SchemaSourceError(f"type {name} is defined twice")
    schemas[name] = schema


def _section_schema(section: Section, name: str, text: _Sections) -> JsonObject:
    path = section.path or ROOT_PATH
    properties: dict[str, JsonObject] = {}
    for row in section.rows:
        if row.name is None:
            raise SchemaSourceError(f"{path}: a row has no name (fill it in the overlay)")
        if row.is_item_row:
            _check_item_row(path, row, text)
        elif row.name in properties:
            raise SchemaSourceError(f"{path}: two rows are called {row.name}")
        else:
            properties[row.name] = _property_schema(child_path(path, row.name), row, text)
    return object_schema(name, section.description, properties, section.required or ())


def _check_item_row(path: str, row: Row, text: _Sections) -> None:
    # "signatures[] object ImageSignature holds..." repeats the items section; it must agree.
    items_path = child_path(path, row.name or "")
    items = text.by_path.get(items_path)
    if items is None or items.type != row.type:
        raise SchemaSourceError(f"{items_path}: the row and its section disagree")


def _definition_schema(definition: TypeDefinition, text: _Sections) -> JsonObject:
    if definition.type == "string":
        body = render(Scalar("string", definition.format))
        return {**_identity(definition.name, definition.description), **body}
    if definition.free_form:
        return {**_identity(definition.name, definition.description), "type": ["object", "null"]}
    properties = {
        row.name or "": _property_schema(f"{definition.name}.{row.name}", row, text)
        for row in definition.properties
    }
    return object_schema(definition.name, definition.description, properties, definition.required)


def _property_schema(field_path: str, row: Row, text: _Sections) -> JsonObject:
    if row.type is None:
        raise SchemaSourceError(f"{field_path}: the type is blank (fill it in the overlay)")
    expression = _apply_format(_read_cell(row.type, field_path, text), row.format, field_path)
    # Array fields are documented in a section of their own, which has the field's description.
    own_section = text.by_path.get(field_path)
    description = row.description or (own_section.description if own_section else None)
    schema = render(expression)
    return {"description": description, **schema} if description else schema


def _read_cell(cell: str, field_path: str, text: _Sections) -> TypeExpr:
    if cell == "object":
        return Ref(type_name(text.field_section(field_path, "object")))
    if cell == "array":
        if field_path in text.by_path:
            text.field_section(field_path, "array")
        return ArrayOf(Ref(type_name(text.field_section(field_path + "[]", "object"))))
    container = CONTAINER_CELL.fullmatch(cell)
    if container is not None:
        inner = _read_word(container["inner"], field_path)
        return ArrayOf(inner) if container["container"] == "array" else MapOf(inner)
    return _read_word(cell, field_path)


def _read_word(word: str, field_path: str) -> TypeExpr:
    if word in SCALAR_WORDS:
        return Scalar(word)
    if TYPE_NAME.fullmatch(word):
        return Ref(word)
    raise SchemaSourceError(f"{field_path}: unknown type {word!r}")


def _apply_format(expression: TypeExpr, format_name: str | None, field_path: str) -> TypeExpr:
    if format_name is None:
        return expression
    if isinstance(expression, ArrayOf):
        return ArrayOf(_apply_format(expression.items, format_name, field_path))
    if not isinstance(expression, Scalar) or FORMAT_OF_SCALAR.get(format_name) != expression.word:
        raise SchemaSourceError(f"{field_path}: format {format_name} does not fit its type")
    return Scalar(expression.word, format_name)


def render(expression: TypeExpr) -> JsonObject:
    if isinstance(expression, Ref):
        return {"$ref": type_ref(expression.type_name)}
    if isinstance(expression, ArrayOf):
        return {"type": ["array", "null"], "items": render(expression.items)}
    if isinstance(expression, MapOf):
        return {"type": ["object", "null"], "additionalProperties": render(expression.values)}
    schema: JsonObject = {"type": [expression.word, "null"]}
    if expression.format is not None:
        schema["format"] = expression.format
    if expression.format in INTEGER_RANGES:
        schema["minimum"], schema["maximum"] = INTEGER_RANGES[expression.format]
    return schema


def _identity(name: str, description: str | None) -> JsonObject:
    identity: JsonObject = {"$schema": DRAFT_2020_12, "$id": type_ref(name), "title": name}
    if description:
        identity["description"] = description
    return identity


def object_schema(
    name: str,
    description: str | None,
    properties: Mapping[str, JsonObject],
    required: tuple[str, ...],
) -> JsonObject:
    unknown = [field_name for field_name in required if field_name not in properties]
    if unknown:
        raise SchemaSourceError(f"{name}: required names unknown fields {unknown}")
    schema = _identity(name, description)
    schema["type"] = ["object", "null"]
    schema["properties"] = {key: properties[key] for key in sorted(properties)}
    if required:
        schema["required"] = list(required)
    # A fixed field set: unknown fields are what the server drops or rejects.
    schema["additionalProperties"] = False
    return schema


def _check_connected(schemas: Mapping[str, JsonObject], root_name: str) -> None:
    reached: set[str] = set()
    pending = [root_name]
    while pending:
        name = pending.pop()
        if name in reached:
            continue
        if name not in schemas:
            raise SchemaSourceError(f"type {name} is referred to but defined nowhere")
        reached.add(name)
        pending.extend(_ref_targets(schemas[name]))
    unreachable = sorted(set(schemas) - reached)
    if unreachable:
        raise SchemaSourceError(f"types {root_name} never refers to: {', '.join(unreachable)}")


def _ref_targets(value: JsonValue) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item.removeprefix(ID_PREFIX)
            else:
                yield from _ref_targets(item)
    elif isinstance(value, list):
        for item in value:
            yield from _ref_targets(item)
