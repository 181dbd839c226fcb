"""Where a JSON pointer sits in the source text.

Positions are resolved lazily, only for what is reported: a ``Locator`` keeps the
YAML node tree of one document and walks it for the pointers of findings. This is
the one place where 0-based positions (PyYAML's marks, offsets into the text)
become the 1-based lines and columns of a ``Span``: ``mark_span`` and
``offset_span`` serve the loader's failures and the template-source check too.

For fixes a ``NodeLocator`` also gives 0-based character offsets (the marks'
``index``): of a key or value node's own text, and of a whole block mapping
member. These are exact or None: an edit must never land on an ancestor, on
a node an alias shares, or on an anchor or tag that precedes a value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Protocol

import yaml

from ..diagnostics import Span
from ..pointers import split_pointer

MERGE_TAG = "tag:yaml.org,2002:merge"

# An anchor or tag before a node's content, which the node's marks include.
_PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*[ \t]+(?:#[^\n]*)?\s*)*")


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

    @property
    def leading_zeros(self) -> bool:
        """Whether an integer value may have been written with a leading zero (as YAML 1.1
        octal); False only when the loader saw none, or there was no text."""
        ...


class NoLocator:
    """For objects that never were text (the webhook path): no positions."""

    leading_zeros = False

    def span(self, pointer: str, at: str = "value") -> Span | None:
        return None

    def plain_scalar(self, pointer: str) -> str | None:
        return None


class NodeLocator:
    """Resolves pointers against one composed YAML document.

    ``key_text`` must be the converter's own key normalisation, so that a pointer
    built from the converted data finds the node it came from.
    """

    def __init__(
        self,
        root: yaml.Node,
        key_text: Callable[[yaml.Node], str | None],
        leading_zeros: bool = True,
    ) -> None:
        self._root = root
        self._key_text = key_text
        self.leading_zeros = leading_zeros
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

    def offsets(self, text: str, pointer: str, at: str = "value") -> tuple[int, int] | None:
        """``[start, end)`` of the key or value at exactly ``pointer`` in ``text``.

        A value's range is its own text: quotes included, an anchor or tag before
        it not, a block collection up to the end of its last value (not the
        comments and blank lines after it). None when nothing is at ``pointer``,
        when ``at`` is "key" and the pointer names no mapping member, or when
        the node is reached through an alias or carries an anchor: an edit there
        would change other places too.
        """
        found = self._walk_owned(text, split_pointer(pointer))
        if found is None:
            return None
        key, value = found
        if at != "key":
            return _content_start(text, value), _content_end(value)
        return None if key is None else (key.start_mark.index, key.end_mark.index)

    def member(self, text: str, pointer: str) -> tuple[int, int] | None:
        """What to delete to remove the block mapping member at ``pointer``.

        From the start of the key's line to the end of the value's last line,
        its line break included. None when the mapping is in flow style (JSON
        is), when the key shares its line with something before it (``- key:``),
        when the member comes from a merge, or when it is the mapping's only
        member (removing it would leave a null, not an empty mapping).
        """
        tokens = split_pointer(pointer)
        if not tokens:
            return None
        parent = self._walk_owned(text, tokens[:-1])
        if parent is None or not isinstance(parent[1], yaml.MappingNode):
            return None
        mapping = parent[1]
        if mapping.flow_style or len(mapping.value) < 2:
            return None
        pair = self._members_of(mapping).get(tokens[-1])
        if pair is None or _has_anchor(text, pair[1]):
            return None
        key, value = pair
        line_start = text.rfind("\n", 0, key.start_mark.index) + 1
        if text[line_start : key.start_mark.index].strip(" \t"):
            return None
        end = _content_end(value)
        if end == 0 or text[end - 1] != "\n":
            newline = text.find("\n", end)
            end = len(text) if newline < 0 else newline + 1
        return line_start, end

    def _walk_owned(
        self, text: str, tokens: list[str]
    ) -> tuple[yaml.Node | None, yaml.Node] | None:
        """The (key, value) nodes at exactly ``tokens``, None if they are not this place's own.

        A node an alias refers to lies before the alias in the text, so each
        step must move forward: a member's value after its key, an item after
        the one before it. A node with an anchor on the way is shared with its
        aliases, and merged members belong to another mapping: None for both.
        """
        key: yaml.Node | None = None
        node: yaml.Node = self._root
        for token in tokens:
            if isinstance(node, yaml.SequenceNode):
                if not token.isdigit() or int(token) >= len(node.value):
                    return None
                index = int(token)
                child: yaml.Node = node.value[index]
                floor = node.value[index - 1].end_mark.index if index else node.start_mark.index
                key = None
            elif isinstance(node, yaml.MappingNode):
                pair = self._members_of(node).get(token)
                if pair is None:
                    return None
                key, child = pair
                floor = key.end_mark.index
            else:
                return None
            if child.start_mark.index < floor or _has_anchor(text, child):
                return None
            node = child
        return key, node

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


def _content_start(text: str, node: yaml.Node) -> int:
    """Where a node's own text starts: past an anchor or tag, which its start mark includes."""
    start = int(node.start_mark.index)
    if text[start : start + 1] in ("&", "!"):
        matched = _PROPERTIES.match(text, start, node.end_mark.index)
        if matched is not None:
            return matched.end()
    return start


def _has_anchor(text: str, node: yaml.Node) -> bool:
    """Whether an anchor precedes the node: aliases elsewhere share whatever is edited."""
    return "&" in text[node.start_mark.index : _content_start(text, node)]


def _content_end(node: yaml.Node) -> int:
    """Where a node's text ends: a block collection's end mark lies past trailing comments."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return int(node.end_mark.index)


def _merged_mappings(node: yaml.MappingNode) -> Iterator[yaml.MappingNode]:
    for key, value in node.value:
        if key.tag != MERGE_TAG:
            continue
        if isinstance(value, yaml.MappingNode):
            yield value
        elif isinstance(value, yaml.SequenceNode):
            yield from (item for item in value.value if isinstance(item, yaml.MappingNode))
