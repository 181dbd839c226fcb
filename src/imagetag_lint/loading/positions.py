"""Where a JSON pointer sits in the source text.

Positions are resolved lazily, only for what is reported: a ``Locator`` keeps the
YAML node tree of one document and walks it for the pointers of findings. This is
the one place where 0-based positions (PyYAML's marks, offsets into the text)
become the 1-based lines and columns of a ``Span``: ``mark_span`` and
``offset_span`` serve the loader's failures and the template-source check too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Protocol

import yaml

from ..diagnostics import Span
from ..pointers import split_pointer

MERGE_TAG = "tag:yaml.org,2002:merge"


def mark_span(start: yaml.Mark, end: yaml.Mark | None = None) -> Span:
    """The span from one PyYAML mark to another (0-based); at ``start`` alone without ``end``."""
    end = start if end is None else end
    return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)


def offset_span(text: str, offset: int, width: int = 1) -> Span:
    """The span of ``width`` characters at a 0-based character offset into ``text``."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return Span(line, column, line, column + width)


def node_span(node: yaml.Node) -> Span:
    return mark_span(node.start_mark, node.end_mark)


class Locator(Protocol):
    def span(self, pointer: str, at: str = "value") -> Span | None:
        """The span of the key or value at ``pointer``, or of its nearest existing ancestor."""
        ...

    def plain_scalar(self, pointer: str) -> str | None:
        """The source text of the value at ``pointer`` when it is an unquoted scalar."""
        ...


class NoLocator:
    """For objects that never were text (the webhook path): no positions."""

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return None

    def plain_scalar(self, pointer: str) -> str | None:
        return None


class NodeLocator:
    """Resolves pointers against one composed YAML document.

    ``key_text`` must be the converter's own key normalisation, so that a pointer
    built from the converted data finds the node it came from.
    """

    def __init__(self, root: yaml.Node, key_text: Callable[[yaml.Node], str | None]) -> None:
        self._root = root
        self._key_text = key_text
        # Per mapping node: key text -> (key, value). Built on first use, so that
        # n findings in one wide mapping cost O(n), not O(n^2).
        self._members: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}

    def span(self, pointer: str, at: str = "value") -> Span | None:
        key, value = self._walk(split_pointer(pointer))
        if at == "key" and key is not None:
            return node_span(key)
        return node_span(value)

    def plain_scalar(self, pointer: str) -> str | None:
        node = self._walk_exact(split_pointer(pointer))
        if not isinstance(node, yaml.ScalarNode) or node.style:
            return None
        return str(node.value)

    def _walk_exact(self, tokens: list[str]) -> yaml.Node | None:
        node: yaml.Node | None = self._root
        for token in tokens:
            pair = self._child(node, token) if node is not None else None
            if pair is None:
                return None
            node = pair[1]
        return node

    def _walk(self, tokens: list[str]) -> tuple[yaml.Node | None, yaml.Node]:
        """The deepest (key, value) nodes reachable along ``tokens``."""
        key: yaml.Node | None = None
        node: yaml.Node = self._root
        for token in tokens:
            pair = self._child(node, token)
            if pair is None:
                break
            key, node = pair
        return key, node

    def _child(self, node: yaml.Node, token: str) -> tuple[yaml.Node | None, yaml.Node] | None:
        if isinstance(node, yaml.SequenceNode):
            if token.isdigit() and int(token) < len(node.value):
                return None, node.value[int(token)]
            return None
        if isinstance(node, yaml.MappingNode):
            return self._member(node, token)
        return None

    def _member(self, node: yaml.MappingNode, token: str) -> tuple[yaml.Node, yaml.Node] | None:
        found = self._members_of(node).get(token)
        if found is not None:
            return found
        for merged in _merged_mappings(node):
            pair = self._member(merged, token)
            if pair is not None:
                return pair
        return None

    def _members_of(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        members = self._members.get(id(node))
        if members is None:
            members = {}
            for key, value in node.value:
                text = self._key_text(key) if key.tag != MERGE_TAG else None
                if text is not None:
                    members[text] = (key, value)  # the last one wins, as in the converted data
            self._members[id(node)] = members
        return members


def _merged_mappings(node: yaml.MappingNode) -> Iterator[yaml.MappingNode]:
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            continue
        if isinstance(value, yaml.MappingNode):
            yield value
        elif isinstance(value, yaml.SequenceNode):
            yield from (item for item in value.value if isinstance(item, yaml.MappingNode))
