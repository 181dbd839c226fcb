"""What the API server rewrites before it validates (the catalogue's D rules).

A part of an object that the server replaces or drops before its validation runs
can never make the request fail, whatever it holds, so an error there is no
refusal. ``unvalidated`` names those parts; the engine reports no rule error in
them. Decoding still happens first, so the schema layer's type errors stay, and
so do the rules' decoding errors (catalogue ids R*).

* D9: an ImageStream's ``spec.tags`` list becomes a map, and an entry with the
  name of a later one is dropped unseen (``ITL380`` warns about it).
* D4, D10: a manifest's ``status`` is replaced on create, on an ImageTag, an
  ImageStream or an ImageStreamImport (``ITL310`` warns about it on an ImageTag).
  An update is another matter: an ImageTag's status must then match (U8, ITL253).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..pointers import join_pointer

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

STATUS_REPLACED: Final = frozenset({"ImageTag", "ImageStream", "ImageStreamImport"})


def unvalidated(
    obj: Mapping[str, Any], type_name: str, profile: str, create: bool
) -> tuple[str, ...]:
    """Pointers, relative to ``obj``, of the parts the server never validates."""
    found = shadowed_tags(obj) if type_name == "ImageStream" else []
    if create and profile == "manifest" and type_name in STATUS_REPLACED and "status" in obj:
        found.append("/status")
    return tuple(found)


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
