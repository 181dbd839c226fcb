"""What the API server rewrites before it validates (the catalogue's D rules).

A part of an object that the server replaces or drops before its validation runs
can never make the request fail, whatever it holds, so an error there is no
refusal. ``unvalidated`` names those parts; the engine reports no rule error in
them (decoding still happens first, so the schema layer's type errors stay).
Today that is D9: an ImageStream's ``spec.tags`` list becomes a map, and an entry
with the name of a later one is dropped unseen (``ITL380`` warns about it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..pointers import join_pointer


def unvalidated(obj: Mapping[str, Any], type_name: str) -> tuple[str, ...]:
    """Pointers, relative to ``obj``, of the parts the server never validates."""
    return tuple(shadowed_tags(obj)) if type_name == "ImageStream" else ()


def shadowed_tags(obj: Mapping[str, Any]) -> list[str]:
    """``/spec/tags/<i>`` of each ImageStream tag that a later one of the same name replaces."""
    spec = obj.get("spec")
    tags = spec.get("tags") if isinstance(spec, Mapping) else None
    if not isinstance(tags, list):
        return []
    last: dict[str, int] = {}
    for index, tag in enumerate(tags):
        name = tag.get("name") if isinstance(tag, Mapping) else None
        if isinstance(name, str):
            last[name] = index
    return [
        join_pointer("", "spec", "tags", index)
        for index, tag in enumerate(tags)
        if isinstance(tag, Mapping)
        and isinstance(tag.get("name"), str)
        and last[tag["name"]] != index
    ]


def inside(pointer: str, parts: tuple[str, ...]) -> bool:
    """Whether ``pointer`` is one of ``parts`` or below one."""
    return any(pointer == part or pointer.startswith(part + "/") for part in parts)
