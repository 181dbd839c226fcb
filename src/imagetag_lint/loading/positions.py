"""Where a JSON pointer sits in the source text.

Positions are resolved lazily, only for what is reported: a ``Locator`` keeps the
YAML node tree of one document and walks it for the pointers of findings. This is
the one place where 0-based positions (PyYAML's marks, offsets into the text)
become the 1-based lines and columns of a ``Span``: ``mark_span`` and
``offset_span`` serve the loader's failures and the template-source check too.

A value that comes through an alias (``name: *img``) is found at the alias, the
field's own place, not at the anchor another field defines: a composed tree holds
the anchored node itself wherever an alias repeats it, so the ``Locator`` knows an
alias by where the node lies (before what precedes it in its collection) and finds
the alias token in the document's text. Whatever lies inside an aliased node is
found at the alias too, and a member a merge key brings in (``<<: *base``,
``<<: [*a, *b]``) at the alias of the mapping it comes from, in the ``<<`` entry,
unless the mapping sets that member itself.

For fixes a ``NodeLocator`` also gives 0-based character offsets (the marks'
``index``): of a key or value node's own text, and of a whole block mapping
member. These are exact or None: an edit must never land on an ancestor, on
a node an alias shares, or on an anchor or tag that precedes a value.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import yaml

from ..diagnostics import Span
from ..pointers import split_pointer
from ..regex import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Protocol
else:  # an interface for type checkers: nothing checks it at run time
    Protocol = object

MERGE_TAG = "tag:yaml.org,2002:merge"

# An anchor or tag before a node's content, which the node's marks include.
_PROPERTIES = lazy(r"(?:[&!][^\s,\[\]{}]*[ \t]+(?:#[^\n]*)?\s*)*")
# The anchor a node starts with, after its tag if it has one (libyaml and PyYAML both
# read an anchor's name as letters, digits, "-" and "_").
_ANCHOR = lazy(r"(?:![^\s,\[\]{}]*\s+)?&([0-9A-Za-z_-]+)")
_ANCHOR_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_")
# What may stand between the end of what precedes an alias in its collection and the
# alias: white space, comments, and the indicators of keys, values and items.
_BEFORE_ALIAS = lazy(r"(?:[\s:,?\[{-]|#[^\n\r]*)*")
# Line breaks as YAML 1.1 counts them (libyaml and PyYAML alike).
_BREAK = lazy("\r\n|[\r\n\x85\u2028\u2029]")


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

    def plain_scalar(self, pointer: str) -> str | None:
        """The source text of the value at ``pointer`` when it is an unquoted scalar."""

    @property
    def leading_zeros(self) -> bool:
        """Whether an integer value may have been written with a leading zero (as YAML 1.1
        octal); False only when the loader saw none, or there was no text."""


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
    built from the converted data finds the node it came from. ``text`` is the
    document's text from the mark index ``origin`` on (the whole stream, or the
    document alone): what aliases are found in. Without it a value that comes
    through an alias is found at its anchor.
    """

    def __init__(
        self,
        root: yaml.Node,
        key_text: Callable[[yaml.Node], str | None],
        leading_zeros: bool = True,
        text: str | None = None,
        origin: int = 0,
    ) -> None:
        self._root = root
        self._key_text = key_text
        self.leading_zeros = leading_zeros
        self._text = text
        self._origin = origin
        # Per mapping node: key text -> (key, value). Built on first use, so that
        # n findings in one wide mapping cost O(n), not O(n^2).
        self._members: dict[int, dict[str, tuple[yaml.Node, yaml.Node]]] = {}
        # Per sequence node: the alias of each item (None: the item is its own text).
        self._item_aliases: dict[int, list[Span | None]] = {}

    def span(self, pointer: str, at: str = "value") -> Span | None:
        tokens = split_pointer(pointer)
        key: yaml.Node | None = None
        node = self._root
        for depth, token in enumerate(tokens):
            step = self._step(node, token)
            if step is None:
                break  # the nearest existing ancestor
            key, node, alias = step
            if alias is not None:
                # Through an alias: what lies inside is written at the anchor, the
                # alias is this place's own text. A key of its own stays the key.
                if at == "key" and key is not None and depth == len(tokens) - 1:
                    return node_span(key)
                return alias
        if at == "key" and key is not None:
            return node_span(key)
        return node_span(node)

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

    def _step(
        self, node: yaml.Node, token: str
    ) -> tuple[yaml.Node | None, yaml.Node, Span | None] | None:
        """The key and value at ``token`` of ``node``, and the alias they are reached through.

        The key is None for a list item, and for a member merged from an alias (its
        key is written at the anchor); the alias is None where the value is written
        in place.
        """
        if isinstance(node, yaml.SequenceNode):
            if not token.isdigit() or int(token) >= len(node.value):
                return None
            index = int(token)
            return None, node.value[index], self._aliases_of(node)[index]
        if not isinstance(node, yaml.MappingNode):
            return None
        pair = self._members_of(node).get(token)
        if pair is not None:
            key, value = pair
            return key, value, self._alias(value, key.end_mark)
        return self._merged_step(node, token)

    def _merged_step(
        self, node: yaml.MappingNode, token: str
    ) -> tuple[yaml.Node | None, yaml.Node, Span | None] | None:
        """``_step`` for a member that a merge key brings in, with the converter's precedence:
        a later ``<<`` entry over an earlier one, an earlier mapping of a list over a later one."""
        for key, value in reversed(node.value):
            if key.tag != MERGE_TAG:
                continue
            whole = self._alias(value, key.end_mark)  # ``<<: *base``, or an alias of a list
            if isinstance(value, yaml.MappingNode):
                sources = [(value, whole)]
            elif isinstance(value, yaml.SequenceNode):
                aliases = self._aliases_of(value)
                sources = [
                    (item, whole or alias) for item, alias in zip(value.value, aliases, strict=True)
                ]
            else:
                continue
            for source, alias in sources:
                step = self._step(source, token) if isinstance(source, yaml.MappingNode) else None
                if step is not None:
                    return step if alias is None else (None, step[1], alias)
        return None

    def _aliases_of(self, node: yaml.SequenceNode) -> list[Span | None]:
        """The alias of every item of a list, None for an item written in place.

        Each alias is looked for after the text of the item before it, which for
        an alias is the alias itself (``[*a, *a]``).
        """
        found = self._item_aliases.get(id(node))
        if found is None:
            found = []
            after = node.start_mark
            for item in node.value:
                marks = self._find_alias(item, after)
                found.append(None if marks is None else mark_span(*marks))
                if marks is not None:
                    after = marks[1]
                elif item.start_mark.index >= after.index:
                    after = item.end_mark
            self._item_aliases[id(node)] = found
        return found

    def _alias(self, node: yaml.Node, after: yaml.Mark) -> Span | None:
        """The span of the alias ``node`` is reached through after ``after``, or None."""
        marks = self._find_alias(node, after)
        return None if marks is None else mark_span(*marks)

    def _find_alias(self, node: yaml.Node, after: yaml.Mark) -> tuple[yaml.Mark, yaml.Mark] | None:
        """The marks of the alias token that repeats ``node`` right after ``after``.

        None when ``node`` is written there itself (a node an alias repeats lies
        before it in the text: an anchor comes before its aliases), and when there
        is no text to look in or the alias is not where it must be (the caller
        then falls back to the anchor).
        """
        if node.start_mark.index >= after.index or self._text is None:
            return None
        text, origin = self._text, self._origin
        anchor = _ANCHOR.match(text, max(node.start_mark.index - origin, 0))
        begin = after.index - origin
        if anchor is None or not 0 <= begin <= len(text):
            return None
        gap = _BEFORE_ALIAS.match(text, begin)  # it matches the empty text too
        at = gap.end() if gap is not None else begin
        token = "*" + anchor.group(1)
        end = at + len(token)
        if not text.startswith(token, at) or text[end : end + 1] in _ANCHOR_CHARS:
            return None
        start = _advance(after, text, begin, at)
        return start, _advance(start, text, at, end)

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


def _advance(mark: yaml.Mark, text: str, start: int, end: int) -> yaml.Mark:
    """``mark`` moved from ``text[start]`` (where it is) to ``text[end]``."""
    line, column = mark.line, mark.column + end - start
    breaks = list(_BREAK.finditer(text, start, end))
    if breaks:
        line, column = line + len(breaks), end - breaks[-1].end()
    return yaml.Mark(mark.name, mark.index + end - start, line, column, None, 0)


def _merged_mappings(node: yaml.MappingNode) -> Iterator[yaml.MappingNode]:
    """The mappings a merge key brings into ``node``, in the converter's precedence:
    a later ``<<`` entry first, then the mappings of an entry's list in order."""
    for key, value in reversed(node.value):
        if key.tag != MERGE_TAG:
            continue
        if isinstance(value, yaml.MappingNode):
            yield value
        elif isinstance(value, yaml.SequenceNode):
            yield from (item for item in value.value if isinstance(item, yaml.MappingNode))
