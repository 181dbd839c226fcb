"""The overlay: what the reference text leaves out, and nothing else.

``schemagen/sources/overlay.yaml`` fills gaps in the parsed sections (lost headers,
blank cells, missing tables, formats) and defines the Kubernetes types the text
does not document. Every entry carries a one-line reason. Applying an entry
that changes nothing, or that would overwrite what the text says, is an error:
the overlay must never silently restate or contradict the text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from .model import ROOT_PATH, Row, SchemaSourceError, Section

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol
else:  # an interface for type checkers: nothing checks it at run time
    Protocol = object


@dataclass(frozen=True)
class HeaderFix:
    """The headerless section right after ``after`` documents ``path``."""

    after: str
    path: str
    reason: str


@dataclass(frozen=True)
class SectionTypeFix:
    section: str
    type: str
    reason: str


@dataclass(frozen=True)
class RequiredFix:
    section: str
    required: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class RowsFix:
    """Rows of a property table the text does not have."""

    section: str
    rows: tuple[Row, ...]
    reason: str


@dataclass(frozen=True)
class NameFix:
    """The nameless row right after the row ``after`` is called ``name``."""

    section: str
    after: str
    name: str
    reason: str


@dataclass(frozen=True)
class CellFix:
    """Blank cells of an existing row; ``None`` leaves a cell alone."""

    section: str
    row: str
    type: str | None
    format: str | None
    description: str | None
    reason: str


@dataclass(frozen=True)
class TypeDefinition:
    """A type the text does not document at all."""

    name: str
    type: str
    description: str
    reason: str
    format: str | None = None
    properties: tuple[Row, ...] = ()
    required: tuple[str, ...] = ()
    # Any object: no property list, unknown fields allowed.
    free_form: bool = False


@dataclass(frozen=True)
class Overlay:
    headers: tuple[HeaderFix, ...] = ()
    section_types: tuple[SectionTypeFix, ...] = ()
    required: tuple[RequiredFix, ...] = ()
    rows: tuple[RowsFix, ...] = ()
    names: tuple[NameFix, ...] = ()
    cells: tuple[CellFix, ...] = ()
    types: tuple[TypeDefinition, ...] = ()

    def reasons(self) -> Iterator[tuple[str, str]]:
        """(entry label, reason) for every entry, in file order."""
        groups: tuple[tuple[str, tuple[_Reasoned, ...]], ...] = (
            ("headers", self.headers),
            ("section_types", self.section_types),
            ("required", self.required),
            ("rows", self.rows),
            ("names", self.names),
            ("cells", self.cells),
        )
        for key, fixes in groups:
            for index, fix in enumerate(fixes):
                yield f"{key}[{index}]", fix.reason
        for definition in self.types:
            yield f"types.{definition.name}", definition.reason


class _Reasoned(Protocol):
    @property
    def reason(self) -> str: ...


# --- loading ----------------------------------------------------------------------------


class _Entry:
    """One overlay mapping: typed reads, and an error for any key nobody read."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict) or not all(isinstance(key, str) for key in raw):
            raise SchemaSourceError(f"{where}: expected a mapping with string keys")
        self._raw: dict[str, object] = raw
        self._unread = set(raw)
        self.where = where

    def _take(self, key: str) -> object:
        self._unread.discard(key)
        return self._raw.get(key)

    def text(self, key: str) -> str:
        value = self.optional_text(key)
        if value is None:
            raise SchemaSourceError(f"{self.where}: '{key}' is missing")
        return value

    def optional_text(self, key: str) -> str | None:
        value = self._take(key)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise SchemaSourceError(f"{self.where}: '{key}' must be a non-empty string")
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self._take(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SchemaSourceError(f"{self.where}: '{key}' must be a list of strings")
        return tuple(value)

    def flag(self, key: str) -> bool:
        value = self._take(key)
        if value is None:
            return False
        if not isinstance(value, bool):
            raise SchemaSourceError(f"{self.where}: '{key}' must be true or false")
        return value

    def entries(self, key: str) -> list[_Entry]:
        value = self._take(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise SchemaSourceError(f"{self.where}: '{key}' must be a list")
        return [_Entry(item, self._inner(f"{key}[{index}]")) for index, item in enumerate(value)]

    def named_entries(self, key: str) -> list[tuple[str, _Entry]]:
        value = self._take(key)
        if value is None:
            return []
        if not isinstance(value, dict):
            raise SchemaSourceError(f"{self.where}: '{key}' must be a mapping")
        return [
            (str(name), _Entry(item, self._inner(f"{key}.{name}"))) for name, item in value.items()
        ]

    def _inner(self, label: str) -> str:
        return f"{self.where}.{label}"

    def reason(self) -> str:
        reason = self.text("reason").strip()
        if "\n" in reason:
            raise SchemaSourceError(f"{self.where}: the reason must be one line")
        return reason

    def finish(self) -> None:
        if self._unread:
            unknown = ", ".join(sorted(self._unread))
            raise SchemaSourceError(f"{self.where}: unknown keys: {unknown}")


def load_overlay(path: Path) -> Overlay:
    """Read and check the overlay file; nothing is applied yet."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise SchemaSourceError(f"cannot read the overlay {path}: {error}") from error
    top = _Entry(raw, "overlay")
    overlay = Overlay(
        headers=tuple(_header(entry) for entry in top.entries("headers")),
        section_types=tuple(_section_type(entry) for entry in top.entries("section_types")),
        required=tuple(_required(entry) for entry in top.entries("required")),
        rows=tuple(_rows(entry) for entry in top.entries("rows")),
        names=tuple(_name(entry) for entry in top.entries("names")),
        cells=tuple(_cells(entry) for entry in top.entries("cells")),
        types=tuple(_type_definition(name, entry) for name, entry in top.named_entries("types")),
    )
    top.finish()
    return overlay


def _header(entry: _Entry) -> HeaderFix:
    fix = HeaderFix(entry.text("after"), entry.text("path"), entry.reason())
    entry.finish()
    return fix


def _section_type(entry: _Entry) -> SectionTypeFix:
    fix = SectionTypeFix(entry.text("section"), entry.text("type"), entry.reason())
    entry.finish()
    return fix


def _required(entry: _Entry) -> RequiredFix:
    fix = RequiredFix(entry.text("section"), entry.texts("required"), entry.reason())
    if not fix.required:
        raise SchemaSourceError(f"{entry.where}: 'required' is empty, so it does nothing")
    entry.finish()
    return fix


def _rows(entry: _Entry) -> RowsFix:
    rows = tuple(_row(row_entry) for row_entry in entry.entries("rows"))
    fix = RowsFix(entry.text("section"), rows, entry.reason())
    if not rows:
        raise SchemaSourceError(f"{entry.where}: 'rows' is empty, so it does nothing")
    entry.finish()
    return fix


def _row(entry: _Entry, name: str | None = None) -> Row:
    row = Row(
        name=name if name is not None else entry.text("name"),
        type=entry.text("type"),
        description=entry.optional_text("description"),
        format=entry.optional_text("format"),
    )
    entry.finish()
    return row


def _name(entry: _Entry) -> NameFix:
    fix = NameFix(entry.text("section"), entry.text("after"), entry.text("name"), entry.reason())
    entry.finish()
    return fix


def _cells(entry: _Entry) -> CellFix:
    fix = CellFix(
        section=entry.text("section"),
        row=entry.text("row"),
        type=entry.optional_text("type"),
        format=entry.optional_text("format"),
        description=entry.optional_text("description"),
        reason=entry.reason(),
    )
    if fix.type is None and fix.format is None and fix.description is None:
        raise SchemaSourceError(f"{entry.where}: sets no cell, so it does nothing")
    entry.finish()
    return fix


def _type_definition(name: str, entry: _Entry) -> TypeDefinition:
    properties = tuple(_row(row, row_name) for row_name, row in entry.named_entries("properties"))
    definition = TypeDefinition(
        name=name,
        type=entry.text("type"),
        description=entry.text("description"),
        reason=entry.reason(),
        format=entry.optional_text("format"),
        properties=properties,
        required=entry.texts("required"),
        free_form=entry.flag("free_form"),
    )
    entry.finish()
    _check_type_definition(definition, entry.where)
    return definition


def _check_type_definition(definition: TypeDefinition, where: str) -> None:
    if definition.type not in ("object", "string"):
        raise SchemaSourceError(f"{where}: type must be object or string")
    if definition.type == "object" and definition.format is not None:
        raise SchemaSourceError(f"{where}: an object has no format")
    if definition.type == "string" and (definition.properties or definition.free_form):
        raise SchemaSourceError(f"{where}: a string has no properties")
    if definition.type == "object" and definition.free_form == bool(definition.properties):
        raise SchemaSourceError(f"{where}: an object needs properties or free_form")
    names = {row.name for row in definition.properties}
    if not names.issuperset(definition.required):
        raise SchemaSourceError(f"{where}: required names a field it does not define")


# --- applying ---------------------------------------------------------------------------


def apply_overlay(sections: tuple[Section, ...], overlay: Overlay) -> tuple[Section, ...]:
    """The sections with every gap filled; each fix must change something."""
    by_path = _index_by_path(_apply_headers(sections, overlay.headers))
    for section_type in overlay.section_types:
        path = section_type.section
        by_path[path] = _fill_type(_section(by_path, path), section_type)
    for required in overlay.required:
        path = required.section
        by_path[path] = _fill_required(_section(by_path, path), required)
    for rows in overlay.rows:
        by_path[rows.section] = _add_rows(_section(by_path, rows.section), rows)
    # Names before cells: a cell fix may address a row by the name the overlay gave it.
    for name in overlay.names:
        by_path[name.section] = _fill_name(_section(by_path, name.section), name)
    for cells in overlay.cells:
        by_path[cells.section] = _fill_cells(_section(by_path, cells.section), cells)
    return tuple(by_path.values())


def _apply_headers(sections: tuple[Section, ...], fixes: tuple[HeaderFix, ...]) -> list[Section]:
    pending = {fix.after: fix for fix in fixes}
    if len(pending) != len(fixes):
        raise SchemaSourceError("overlay headers: two entries follow the same section")
    headed: list[Section] = []
    previous = None
    for section in sections:
        fix = pending.pop(previous, None) if previous is not None else None
        if section.path is None:
            if fix is None:
                raise SchemaSourceError(
                    f"the section after {previous} has no header; the overlay must name it"
                )
            section = replace(section, path=fix.path)
        elif fix is not None:
            raise SchemaSourceError(
                f"overlay headers: the section after {previous} already has header {section.path}"
            )
        headed.append(section)
        previous = section.path
    if pending:
        raise SchemaSourceError(
            f"overlay headers: no section without header follows {', '.join(sorted(pending))}"
        )
    return headed


def _index_by_path(sections: list[Section]) -> dict[str, Section]:
    by_path: dict[str, Section] = {}
    for section in sections:
        path = section.path or ROOT_PATH
        if path in by_path:
            raise SchemaSourceError(f"two sections document {path}")
        by_path[path] = section
    return by_path


def _section(by_path: Mapping[str, Section], path: str) -> Section:
    section = by_path.get(path)
    if section is None:
        raise SchemaSourceError(f"overlay: the text has no section {path}")
    return section


def _fill_type(section: Section, fix: SectionTypeFix) -> Section:
    if section.type is not None:
        raise SchemaSourceError(f"overlay: {section.path} already has Type {section.type!r}")
    return replace(section, type=fix.type)


def _fill_required(section: Section, fix: RequiredFix) -> Section:
    if section.required != ():
        raise SchemaSourceError(
            f"overlay: {section.path} has no empty Required list to fill ({section.required})"
        )
    return replace(section, required=fix.required)


def _add_rows(section: Section, fix: RowsFix) -> Section:
    for row in fix.rows:
        if row.name is not None and section.row(row.name) is not None:
            raise SchemaSourceError(f"overlay: {section.path} already has a row {row.name}")
    return replace(section, rows=section.rows + fix.rows)


def _fill_name(section: Section, fix: NameFix) -> Section:
    names = [row.name for row in section.rows]
    if fix.after not in names:
        raise SchemaSourceError(f"overlay: {section.path} has no row {fix.after}")
    index = names.index(fix.after) + 1
    if index == len(names) or names[index] is not None:
        raise SchemaSourceError(f"overlay: no nameless row follows {section.path} {fix.after}")
    return _with_row(section, index, replace(section.rows[index], name=fix.name))


def _fill_cells(section: Section, fix: CellFix) -> Section:
    row = section.row(fix.row)
    if row is None:
        raise SchemaSourceError(f"overlay: {section.path} has no row {fix.row}")
    cells = {"type": fix.type, "format": fix.format, "description": fix.description}
    filled = _fill_cell_values(row, cells, section.path)
    return _with_row(section, section.rows.index(row), filled)


def _fill_cell_values(row: Row, values: Mapping[str, str | None], path: str | None) -> Row:
    for cell, value in values.items():
        if value is None:
            continue
        if getattr(row, cell) is not None:
            raise SchemaSourceError(f"overlay: {path} {row.name} already has a {cell}")
        row = replace(row, **{cell: value})
    return row


def _with_row(section: Section, index: int, row: Row) -> Section:
    rows = list(section.rows)
    rows[index] = row
    return replace(section, rows=tuple(rows))
