"""JSON pointers (RFC 6901): how every layer names a place in an object.

A pointer is the one address a finding carries from the check that makes it to
the locator that turns it into a line and a column; ``pointer_to_path`` gives the
dotted form the API server uses in its messages.
"""

from __future__ import annotations


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_token(token) for token in tokens)


def split_pointer(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer[1:].split("/")]


def pointer_to_path(pointer: str) -> str:
    """``/spec/tags/0/from`` -> ``spec.tags[0].from``: the form the API server uses."""
    text = ""
    for token in split_pointer(pointer):
        if token.isdigit():
            text += f"[{token}]"
        else:
            text += ("." if text else "") + token
    return text
