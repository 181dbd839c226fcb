"""Data shared by the parser, the overlay and the schema builder."""

from __future__ import annotations

from dataclasses import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeAlias

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"
JsonObject: TypeAlias = "dict[str, JsonValue]"

# The reference text names sections by jq-like paths (".spec", ".image.signatures[]");
# the document's own type, which has no header, is the root ".".
ROOT_PATH = "."

DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:imagetag-lint:schema:"


class SchemaSourceError(Exception):
    """The reference text or the overlay cannot be turned into schemas."""


@dataclass(frozen=True)
class Row:
    """One row of a property table; a cell the text leaves empty is ``None``."""

    name: str | None
    type: str | None
    description: str | None
    # Formats never appear in the text; only the overlay sets them.
    format: str | None = None

    @property
    def is_item_row(self) -> bool:
        """``signatures[]`` rows repeat what the ``.image.signatures[]`` section says."""
        return self.name is not None and self.name.endswith("[]")


@dataclass(frozen=True)
class Section:
    """One documented node: ``.spec``, ``.image.dockerImageLayers[]``, or the root."""

    # None when the text lost the section's header line.
    path: str | None
    description: str | None
    type: str | None
    # None when there is no "Required" heading; () when the heading has no items.
    required: tuple[str, ...] | None
    rows: tuple[Row, ...]
    # The type name from the document title; only the root has one.
    title: str | None = None

    def row(self, name: str) -> Row | None:
        return next((row for row in self.rows if row.name == name), None)


def type_ref(type_name: str) -> str:
    """The absolute reference by which schemas refer to each other."""
    return ID_PREFIX + type_name


def child_path(parent: str, name: str) -> str:
    """``.image`` + ``signatures[]`` -> ``.image.signatures[]``; the root adds no dot."""
    prefix = "" if parent == ROOT_PATH else parent
    return f"{prefix}.{name}"
