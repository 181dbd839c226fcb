"""Which documents are linted, and as which API type.

A document is linted when its ``apiVersion`` and ``kind`` name a supported
type; wrappers are expanded into the objects they hold: ``List`` and the
``*List`` kinds through ``items``, OpenShift ``Template``s through ``objects``
(whose values may hold ``${PARAM}`` placeholders, see
:mod:`imagetag_lint.openshift.template_parameters`); an object in a Template
carries the names of the parameters the Template declares.
Anything else (a Deployment, an ``ImageTagMirrorSet``, a kustomize
``ImageTag`` of another group, a ``config.openshift.io`` ``Image``) is skipped
without a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import Invalid
from ..pointers import join_pointer
from .template_parameters import declared_parameters

IMAGE_V1 = "image.openshift.io/v1"
TEMPLATE_V1 = "template.openshift.io/v1"
# Before API groups, OpenShift served its types as ``v1``; servers still accept it.
LEGACY_V1 = "v1"

# The image kinds, each the API type of the same name.
IMAGE_KINDS = ("ImageTag", "ImageStream", "ImageStreamTag", "ImageStreamImport", "Image")
# ImageTag is newer than the legacy group-less API: ``v1`` never served it.
LEGACY_KINDS = ("ImageStream", "ImageStreamTag", "ImageStreamImport", "Image")

# (apiVersion, kind) -> the API type whose schema and rules apply.
ROOT_TYPES: Mapping[tuple[str, str], str] = {
    **{(IMAGE_V1, kind): kind for kind in IMAGE_KINDS},
    **{(LEGACY_V1, kind): kind for kind in LEGACY_KINDS},
}
# Wrappers whose ``items`` are objects of their own.
LIST_KINDS: frozenset[tuple[str, str]] = frozenset(
    {
        (LEGACY_V1, "List"),
        (IMAGE_V1, "ImageTagList"),
        (IMAGE_V1, "ImageStreamList"),
        (LEGACY_V1, "ImageStreamList"),
    }
)
# Wrappers whose ``objects`` are objects of their own, with parameter placeholders.
TEMPLATE_KINDS: frozenset[tuple[str, str]] = frozenset(
    {(TEMPLATE_V1, "Template"), (LEGACY_V1, "Template")}
)
SUPPORTED_KINDS: frozenset[str] = frozenset(kind for _, kind in ROOT_TYPES)


@dataclass(frozen=True, slots=True)
class Target:
    """One object to lint: where it sits in its document and which type it is."""

    pointer: str
    type_name: str
    obj: Mapping[str, Any]
    templated: bool = False  # inside a Template: values may hold ${PARAM} placeholders
    # Inside a Template: the parameters it declares; None outside one, or when they are unreadable.
    parameters: frozenset[str] | None = None


def parse_kinds(text: str) -> frozenset[str] | Invalid:
    """``--kinds ImageStream,Image``: the kinds, or why the list names none or an unknown one."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SUPPORTED_KINDS]
    if unknown:
        return Invalid(f"unknown kind {unknown[0]!r} (known: {', '.join(IMAGE_KINDS)})")
    if not names:
        return Invalid(f"no kinds given (known: {', '.join(IMAGE_KINDS)})")
    return frozenset(names)


def root_type(obj: Any, kinds: frozenset[str] | None = None) -> str | None:
    key = _group_version_kind(obj)
    found = ROOT_TYPES.get(key) if key is not None else None
    if found is None or (kinds is not None and key is not None and key[1] not in kinds):
        return None
    return found


def _group_version_kind(obj: Any) -> tuple[str, str] | None:
    if not isinstance(obj, Mapping):
        return None
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if isinstance(api_version, str) and isinstance(kind, str):
        return api_version, kind
    return None


def targets(
    data: Any,
    kinds: frozenset[str] | None = None,
    pointer: str = "",
    templated: bool = False,
    parameters: frozenset[str] | None = None,
) -> Iterator[Target]:
    """Every object of a supported kind in one document, wrapped ones included."""
    if not isinstance(data, Mapping):
        return
    found = root_type(data, kinds)
    if found is not None:
        yield Target(pointer, found, data, templated, parameters)
        return
    key = _group_version_kind(data)
    if key in LIST_KINDS:
        yield from _members(data, "items", kinds, pointer, templated, parameters)
    elif key in TEMPLATE_KINDS:
        declared = declared_parameters(data)
        if templated:  # a Template in a Template: the outer one substitutes first
            declared = None if declared is None or parameters is None else declared | parameters
        yield from _members(data, "objects", kinds, pointer, True, declared)


def _members(
    data: Mapping[str, Any],
    field: str,
    kinds: frozenset[str] | None,
    pointer: str,
    templated: bool,
    parameters: frozenset[str] | None,
) -> Iterator[Target]:
    members = data.get(field)
    if isinstance(members, list):
        for index, member in enumerate(members):
            at = join_pointer(pointer, field, index)
            yield from targets(member, kinds, at, templated, parameters)
