"""Parse the published API reference text into sections.

The text is the plain-text rendering of the OpenShift API reference page: one
paragraph per line, headings on lines of their own. The type documentation
starts with the title (``ImageTag [image.openshift.io/v1]``) and the root's
description, then has one section per nested node::

    .spec.referencePolicy
    Description
    <paragraphs>
    Type
    object
    Required
    • type
    PropertyTypeDescription
    <name> <type> <description> ...

and ends at "API endpoints". Each table row is a name, a type and description
paragraphs, but the renderer drops empty cells, so cells are told apart by
their shape, not by their position. This parser records what the text says,
gaps included; filling the gaps is the overlay's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .model import ROOT_PATH, Row, SchemaSourceError, Section

END_OF_TYPES = "API endpoints"
BULLET = "\u2022"
DESCRIPTION = "Description"
TYPE = "Type"
REQUIRED = "Required"
TABLE = "PropertyTypeDescription"
HEADINGS = frozenset({DESCRIPTION, TYPE, REQUIRED, TABLE})

TITLE_LINE = re.compile(r"(?P<type_name>[A-Z][A-Za-z0-9]*) \[[a-z0-9.]+/[a-z0-9]+\]")
SECTION_HEADER = re.compile(r"(?:\.[A-Za-z][A-Za-z0-9]*(?:\[\])?)+")
NAME_CELL = re.compile(r"[a-z][A-Za-z0-9]*(?:\[\])?")
# A scalar or container ("array (string)", "object (string)"), or a type name ("Time").
TYPE_CELL = re.compile(
    r"(?:string|integer|boolean|object|array)(?: \([A-Za-z0-9]+\))?|[A-Z][A-Za-z0-9]*"
)


@dataclass
class _RowDraft:
    name: str | None
    type: str | None = None
    descriptions: list[str] = field(default_factory=list)

    def freeze(self) -> Row:
        return Row(self.name, self.type, _join(self.descriptions))


@dataclass
class _SectionDraft:
    path: str | None
    title: str | None = None
    heading: str | None = None
    descriptions: list[str] = field(default_factory=list)
    type: str | None = None
    required: list[str] | None = None
    rows: list[_RowDraft] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.descriptions or self.type or self.required is not None or self.rows)

    def freeze(self) -> Section:
        required = None if self.required is None else tuple(self.required)
        rows = tuple(row.freeze() for row in self.rows)
        return Section(self.path, _join(self.descriptions), self.type, required, rows, self.title)


def parse_reference(text: str) -> tuple[Section, ...]:
    """Every section of the type documentation, in document order, gaps included."""
    paragraphs = _type_paragraphs(text)
    if not paragraphs:
        raise SchemaSourceError("the reference text is empty")
    title = TITLE_LINE.fullmatch(paragraphs[0])
    if title is None:
        raise SchemaSourceError(
            f"expected a title like 'ImageTag [group/version]': {paragraphs[0]!r}"
        )
    # The root's description follows the title without a "Description" heading.
    current = _SectionDraft(ROOT_PATH, title=title["type_name"], heading=DESCRIPTION)
    drafts = [current]
    for paragraph in paragraphs[1:]:
        if _starts_section(paragraph, current):
            current = _new_section(paragraph)
            drafts.append(current)
        elif paragraph in HEADINGS:
            _open_heading(current, paragraph)
        else:
            _add_content(current, paragraph)
    return tuple(draft.freeze() for draft in drafts)


def _type_paragraphs(text: str) -> list[str]:
    paragraphs: list[str] = []
    for line in text.splitlines():
        paragraph = line.strip()
        if paragraph == END_OF_TYPES:
            break
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _starts_section(paragraph: str, current: _SectionDraft) -> bool:
    if SECTION_HEADER.fullmatch(paragraph):
        return True
    # A "Description" heading after content means the header line above it was lost.
    return paragraph == DESCRIPTION and not current.is_empty


def _new_section(paragraph: str) -> _SectionDraft:
    if paragraph == DESCRIPTION:
        return _SectionDraft(None, heading=DESCRIPTION)
    return _SectionDraft(paragraph)


def _open_heading(section: _SectionDraft, heading: str) -> None:
    section.heading = heading
    if heading == REQUIRED:
        section.required = []


def _add_content(section: _SectionDraft, paragraph: str) -> None:
    where = section.path or "a section without header"
    if section.heading == DESCRIPTION:
        section.descriptions.append(paragraph)
    elif section.heading == TYPE and section.type is None:
        section.type = paragraph
    elif section.heading == REQUIRED and section.required is not None:
        if not paragraph.startswith(BULLET):
            raise SchemaSourceError(f"{where}: expected a '{BULLET}' item: {paragraph!r}")
        section.required.append(paragraph.removeprefix(BULLET).strip())
    elif section.heading == TABLE:
        _add_cell(section.rows, paragraph, where)
    else:
        raise SchemaSourceError(f"{where}: unexpected paragraph: {paragraph!r}")


def _add_cell(rows: list[_RowDraft], cell: str, where: str) -> None:
    last = rows[-1] if rows else None
    # Type words first: "string" is also shaped like a field name.
    if TYPE_CELL.fullmatch(cell):
        if (
            last is not None
            and last.name is not None
            and last.type is None
            and not last.descriptions
        ):
            last.type = cell
        else:
            # A type that cannot belong to the row above starts a row whose name was lost.
            rows.append(_RowDraft(None, cell))
    elif NAME_CELL.fullmatch(cell):
        rows.append(_RowDraft(cell))
    elif last is not None:
        last.descriptions.append(cell)
    else:
        raise SchemaSourceError(f"{where}: table starts with a description: {cell!r}")


def _join(paragraphs: list[str]) -> str | None:
    # OpenAPI descriptions separate paragraphs by an empty line; so do we.
    return "\n\n".join(paragraphs) if paragraphs else None
