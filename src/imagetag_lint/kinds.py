"""Which documents are linted, and as which API type.

A document is linted when its ``apiVersion`` and ``kind`` name a supported
type; list wrappers are expanded into their items. Anything else (a Deployment,
an ``ImageTagMirrorSet``, a kustomize ``ImageTag`` of another group) is skipped
without a finding.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .positions import join_pointer

IMAGE_V1 = "image.openshift.io/v1"

# (apiVersion, kind) -> the API type whose schema and rules apply.
ROOT_TYPES: Mapping[tuple[str, str], str] = {
    (IMAGE_V1, "ImageTag"): "ImageTag",
}
# Wrappers whose ``items`` are objects of their own.
LIST_KINDS: frozenset[tuple[str, str]] = frozenset({("v1", "List"), (IMAGE_V1, "ImageTagList")})
SUPPORTED_KINDS: frozenset[str] = frozenset(kind for _, kind in ROOT_TYPES)


@dataclass(frozen=True, slots=True)
class Target:
    """One object to lint: where it sits in its document and which type it is."""

    pointer: str
    type_name: str
    obj: Mapping[str, Any]


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


def targets(data: Any, kinds: frozenset[str] | None = None, pointer: str = "") -> Iterator[Target]:
    """Every object of a supported kind in one document, list items included."""
    if not isinstance(data, Mapping):
        return
    found = root_type(data, kinds)
    if found is not None:
        yield Target(pointer, found, data)
    elif _group_version_kind(data) in LIST_KINDS:
        items = data.get("items")
        if isinstance(items, list):
            for index, item in enumerate(items):
                yield from targets(item, kinds, join_pointer(pointer, "items", index))
