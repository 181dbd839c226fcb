"""Text edits the fixers share: replace a value, quote a scalar, rename a key, delete a member.

A fix edits the spans the loader recorded and nothing else, so comments, key
order and formatting outside them survive; nothing is written back through a
YAML dumper. Each helper returns None when it cannot make its edit with
certainty (the node is not in the text, the text is not what was expected), and
the finding then simply has no fix.
"""

from __future__ import annotations

from collections.abc import Callable

import yaml

from ..diagnostics import Edit, Fix
from ..openshift.apimachinery import go_quote
from ..pointers import join_pointer, split_pointer
from ..regex import lazy
from ._rule import FixContext
from ._support import closest

# What may stay a plain YAML scalar: text YAML reads back as the same string (checked too).
_PLAIN_SAFE = lazy(r"[A-Za-z0-9][A-Za-z0-9._/-]*")
_DID_YOU_MEAN = lazy(r'\(did you mean "([^"\\]+)"\?\)')


def yaml_string(value: str) -> str:
    """``value`` as a double-quoted scalar, which YAML and JSON both read as that string."""
    import json

    return json.dumps(value, ensure_ascii=False)


def scalar_like(source: str, value: str, is_json: bool) -> str:
    """``value`` written in the quoting style of ``source`` (the text it replaces).

    JSON always gets a JSON string. In YAML a single-quoted source stays single
    quoted, a plain one stays plain when ``value`` reads back as the same string,
    and everything else is double quoted.
    """
    if is_json or source.startswith('"'):
        return yaml_string(value)
    if source.startswith("'"):
        return "'" + value.replace("'", "''") + "'"
    if _PLAIN_SAFE.fullmatch(value) and _loads(value) == value:
        return value
    return yaml_string(value)


def _loads(source: str) -> object:
    try:
        return yaml.safe_load(source)
    except yaml.YAMLError:
        return None


def scalar_text(ctx: FixContext, pointer: str) -> str | None:
    """The string a scalar node at ``pointer`` holds, decoded from its source text.

    None when there is no node, or it is not a string (a number, a mapping, ...).
    """
    source = ctx.source(pointer)
    if source is None:
        return None
    value = _loads(source)
    return value if isinstance(value, str) else None


def replace_value(ctx: FixContext, pointer: str, value: str, title: str) -> Fix | None:
    """Set the string value at ``pointer`` to ``value``, keeping its quoting style."""
    span = ctx.span(pointer)
    source = ctx.source(pointer)
    if span is None or source is None or source.startswith(("|", ">", "&", "!", "*")):
        return None  # block scalars, anchors, tags, aliases: not an edit of one token
    start, end = span
    return Fix(title, (Edit(start, end, scalar_like(source, value, ctx.is_json)),))


def quote_plain(ctx: FixContext, pointer: str) -> Fix | None:
    """Quote the unquoted scalar at ``pointer``, so that YAML reads its text as a string."""
    span = ctx.span(pointer)
    source = ctx.source(pointer)
    if span is None or source is None or not source or source[0] in "\"'|>&!*[{":
        return None
    if "\n" in source:
        return None  # a plain scalar over several lines is folded: its text is not its value
    start, end = span
    quoted = yaml_string(source)
    return Fix(f"quote the value: {quoted}", (Edit(start, end, quoted),))


def rename_key(ctx: FixContext, pointer: str, name: str) -> Fix | None:
    """Rename the key of the member at ``pointer`` to ``name``, keeping its quoting style."""
    span = ctx.span(pointer, "key")
    if span is None:
        return None
    start, end = span
    source = ctx.text[start:end]
    if _loads(source) != split_pointer(pointer)[-1]:
        return None  # the span is not the key's own text (a merge key, a complex key)
    edit = Edit(start, end, scalar_like(source, name, ctx.is_json))
    return Fix(f"rename the key to {yaml_string(name)}", (edit,))


def did_you_mean(message: str) -> str | None:
    """The name in a message's ``(did you mean "X"?)``, or None without one."""
    found = _DID_YOU_MEAN.search(message)
    return found.group(1) if found else None


def delete_member(ctx: FixContext, pointer: str, title: str) -> Fix | None:
    """Remove the mapping member at ``pointer``: its whole lines in block style,
    the member and one comma in flow style and JSON.

    None when the locator gives no block member to cut (the only member of a
    block mapping, whose removal would leave null) and the text around the
    member is not a flow mapping's ``{``, ``,`` or ``}``.
    """
    member = ctx.member(pointer)
    if member is not None:
        return Fix(title, (Edit(member[0], member[1], ""),))
    return _delete_flow_member(ctx, pointer, title)


def _delete_flow_member(ctx: FixContext, pointer: str, title: str) -> Fix | None:
    key = ctx.span(pointer, "key")
    value = ctx.span(pointer)
    if key is None or value is None or value[1] < key[0]:
        return None
    text = ctx.text
    before = _skip_space_back(text, key[0])
    after = _skip_space(text, value[1])
    if before > 0 and text[before - 1] == ",":
        return Fix(title, (Edit(before - 1, value[1], ""),))  # ", key: value"
    if before > 0 and text[before - 1] == "{":
        if after < len(text) and text[after] == ",":
            return Fix(title, (Edit(key[0], _skip_space(text, after + 1), ""),))  # "key: value, "
        if after < len(text) and text[after] == "}":
            return Fix(title, (Edit(before, after, ""),))  # the only member: "{}" is left
    return None


def _skip_space(text: str, index: int) -> int:
    while index < len(text) and text[index] in " \t\r\n":
        index += 1
    return index


def _skip_space_back(text: str, index: int) -> int:
    while index > 0 and text[index - 1] in " \t\r\n":
        index -= 1
    return index


def enum_fixer(choices: tuple[str, ...]) -> Callable[[FixContext], Fix | None]:
    """A fixer that replaces a string by the one of ``choices`` it most likely means.

    ``closest`` gives a choice only when it is unique: a case-only difference, or
    the one best typo match (a tie is no suggestion), so there is nothing to guess.
    """

    def fix(ctx: FixContext) -> Fix | None:
        value = ctx.value
        if not isinstance(value, str) or not value:
            return None
        meant = closest(value, choices)
        if meant is None:
            return None
        title = f"replace {go_quote(value)} with {go_quote(meant)}"
        return replace_value(ctx, ctx.pointer, meant, title)

    return fix


def quote_for_string(ctx: FixContext) -> Fix | None:
    """ITL101: quote a plain scalar YAML read as another type where a string is wanted.

    The schema layer adds ``quote it`` to the message exactly then (the type wanted
    is string, the value is no string and was written unquoted).
    """
    if isinstance(ctx.value, str) or "quote it" not in ctx.message:
        return None
    return quote_plain(ctx, ctx.pointer)


def rename_unknown_field(ctx: FixContext) -> Fix | None:
    """ITL102: rename an unknown key to the message's unique did-you-mean.

    None when there is no suggestion, or the mapping already has a key of that name
    (the rename would make a duplicate key).
    """
    meant = did_you_mean(ctx.message)
    if meant is None or ctx.at != "key":
        return None
    parent = ctx.pointer[: ctx.pointer.rfind("/")]
    if ctx.span(join_pointer(parent, meant), "key") is not None:
        return None
    return rename_key(ctx, ctx.pointer, meant)


def fix_header(ctx: FixContext) -> Fix | None:
    """ITL230: apply the finding's unique did-you-mean to the header it is about.

    On a value (``kind`` or ``apiVersion``) the value is replaced, keeping its
    quoting; on a misspelt ``apiVersion`` key the key is renamed; on the ``kind``
    key of an object without ``apiVersion`` one is inserted above it (block style
    only: the line's indentation is copied).
    """
    meant = did_you_mean(ctx.message)
    if meant is None:
        return None
    name = split_pointer(ctx.pointer)[-1] if ctx.pointer else ""
    parent = ctx.pointer[: ctx.pointer.rfind("/")]
    if ctx.at == "value":
        old = ctx.value if isinstance(ctx.value, str) else ctx.source(ctx.pointer) or ""
        title = f"replace {go_quote(old)} with {go_quote(meant)}"
        return replace_value(ctx, ctx.pointer, meant, title)
    if name != "kind":  # a misspelt apiVersion key
        if ctx.span(join_pointer(parent, meant), "key") is not None:
            return None
        return rename_key(ctx, ctx.pointer, meant)
    return _insert_api_version(ctx, parent, meant)


def _insert_api_version(ctx: FixContext, parent: str, api_version: str) -> Fix | None:
    kind = join_pointer(parent, "kind")
    member, key = ctx.member(kind), ctx.span(kind, "key")
    if member is None or key is None:
        return None
    indent = ctx.text[member[0] : key[0]]
    if indent.strip(" "):
        return None
    newline = "\r\n" if "\r\n" in ctx.text else "\n"
    line = f"apiVersion: {scalar_like('', api_version, False)}{newline}{indent}"
    return Fix(f"add apiVersion: {api_version}", (Edit(key[0], key[0], line),))
