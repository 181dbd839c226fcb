"""Where each API type occurs in an object, read from the schemas' ``$ref``s.

Rules attach to API types (``TagReference``, ``Image``, ...), not to paths, so
one rule serves every kind that contains the type. This module derives, once,
which property of which type holds which other type, and walks an object
yielding every occurrence.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any, NamedTuple

from ..pointers import escape_token
from .decoded import MAPPINGS
from .schemas import ID_PREFIX, load_schemas


class Edge(NamedTuple):
    prop: str
    target: str
    many: bool  # a list of the target type


class Occurrence(NamedTuple):
    type_name: str
    pointer: str
    value: Mapping[str, Any]
    parents: tuple[Any, ...]


def _ref_target(schema: Mapping[str, Any]) -> str | None:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith(ID_PREFIX):
        return ref.removeprefix(ID_PREFIX)
    return None


def _edges(schema: Mapping[str, Any]) -> tuple[Edge, ...]:
    edges = []
    for prop, sub in schema.get("properties", {}).items():
        target = _ref_target(sub)
        if target is not None:
            edges.append(Edge(prop, target, many=False))
            continue
        items = sub.get("items")
        if isinstance(items, dict) and (target := _ref_target(items)) is not None:
            edges.append(Edge(prop, target, many=True))
    return tuple(edges)


@cache
def type_graph() -> Mapping[str, tuple[Edge, ...]]:
    return {name: _edges(schema) for name, schema in load_schemas().items()}


@cache
def reachable(root_type: str) -> frozenset[str]:
    """The types an object of ``root_type`` can hold anywhere in it, its own included."""
    graph = type_graph()
    found = {root_type}
    todo = [root_type]
    while todo:
        for edge in graph.get(todo.pop(), ()):
            if edge.target not in found:
                found.add(edge.target)
                todo.append(edge.target)
    return frozenset(found)


@cache
def reaching(wanted: frozenset[str]) -> frozenset[str]:
    """The types from which a wanted type can be reached (wanted ones included)."""
    graph = type_graph()
    found = set(wanted)
    changed = True
    while changed:
        changed = False
        for name, edges in graph.items():
            if name not in found and any(edge.target in found for edge in edges):
                found.add(name)
                changed = True
    return frozenset(found)


@cache
def _useful_edges(wanted: frozenset[str]) -> Mapping[str, tuple[tuple[Edge, str], ...]]:
    """Per type, the edges that can lead to a wanted type, with their pointer token."""
    useful = reaching(wanted)
    return {
        name: tuple(
            (edge, "/" + escape_token(edge.prop)) for edge in edges if edge.target in useful
        )
        for name, edges in type_graph().items()
        if name in useful
    }


def occurrences(
    obj: Mapping[str, Any], root_type: str, wanted: frozenset[str]
) -> Iterator[Occurrence]:
    """Every mapping in ``obj`` whose API type is in ``wanted``, outermost first."""
    edges_of = _useful_edges(wanted)
    if root_type not in edges_of or not isinstance(obj, MAPPINGS):
        return
    stack: list[tuple[str, Mapping[str, Any], str, tuple[Any, ...]]] = [(root_type, obj, "", ())]
    while stack:
        type_name, value, pointer, parents = stack.pop()
        if type_name in wanted:
            yield Occurrence(type_name, pointer, value, parents)
        inner = (*parents, value)
        # Only edges that can lead to a wanted type, and only to mappings: the walk
        # costs nothing for the parts of an object no rule looks at.
        for edge, token in reversed(edges_of[type_name]):
            child = value.get(edge.prop)
            if edge.many:
                if isinstance(child, list):
                    base = pointer + token + "/"
                    for index in range(len(child) - 1, -1, -1):
                        item = child[index]
                        if isinstance(item, MAPPINGS):
                            stack.append((edge.target, item, base + str(index), inner))
            elif isinstance(child, MAPPINGS):
                stack.append((edge.target, child, pointer + token, inner))
