"""Read fast, explain slow: the plain-data converter gives ``Converter``'s result or gives up.

``loading.documents`` reads a document first with ``_plain_data``, which knows only
plain mappings, lists and scalars; anything else (``_Unusual``) is read again by
``Converter``, which reports problems and limits. Where the fast one answers, its
data must be exactly the full one's, with no problem the full one would report.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from imagetag_lint.loading.documents import (
    DEFAULT_MAX_NODES,
    Converter,
    _KubeCLoader,
    _plain_data,
    _Unusual,
)
from imagetag_lint.rules.hazards import _OCTAL

ROOT = Path(__file__).resolve().parents[1]


def _nodes(text: str) -> list[yaml.Node]:
    loader = _KubeCLoader(text)
    try:
        return list(iter(loader.get_node, None)) if loader.check_node() else []
    finally:
        loader.dispose()


def _same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to itself and bool told apart from int."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a):
        return math.isnan(b)
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _agrees(node: yaml.Node, max_nodes: int = DEFAULT_MAX_NODES) -> bool:
    """True when the fast converter answered; fails if it answered differently."""
    try:
        fast, leading_zeros = _plain_data(node, max_nodes)
    except (_Unusual, RecursionError):
        return False
    if not leading_zeros:  # what makes leaving ITL350 out sound
        assert not any(_OCTAL.match(text) for text in _number_texts(node))
    full = Converter(max_nodes)
    try:
        expected = full.convert(node)
    except Exception as error:  # a limit the fast one missed
        pytest.fail(f"the full converter failed where the fast one answered: {error!r}")
    assert full.problems == []
    assert _same(fast, expected)
    return True


def _number_texts(node: yaml.Node) -> list[str]:
    """The text of every value the resolver took for a number (keys are not values)."""
    if isinstance(node, yaml.ScalarNode):
        return [node.value] if node.tag == "tag:yaml.org,2002:int" else []
    if isinstance(node, yaml.SequenceNode):
        return [text for item in node.value for text in _number_texts(item)]
    return [text for _, value in node.value for text in _number_texts(value)]


def test_leading_zeros_are_noticed() -> None:
    for text in ("010", "-07", "0_7", "09"):
        (node,) = _nodes(f"a: {{generation: {text}, b: [1, 0, -0x1F]}}\n")
        assert _plain_data(node, DEFAULT_MAX_NODES)[1], text
    (node,) = _nodes("a: {generation: 10, b: [1, 0, 0.5, -0x1F, '010', x010]}\n")
    assert not _plain_data(node, DEFAULT_MAX_NODES)[1]


def _texts() -> list[Path]:
    return sorted((ROOT / "tests" / "realworld").rglob("*.y*ml")) + sorted(
        (ROOT / "examples").rglob("*.y*ml")
    )


def test_real_files_read_the_same() -> None:
    answered = 0
    for path in _texts():
        try:
            nodes = _nodes(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        answered += sum(_agrees(node) for node in nodes)
    assert answered > 100  # most real documents take the fast path


@pytest.mark.parametrize(
    "text",
    [
        "a: 1\na: 2\n",  # a duplicate key
        "? [1]\n: x\n",  # a complex key
        "~: x\n",  # a null key
        "1: x\ntrue: y\n",  # keys that are not strings
        "base: &b {x: 1}\nother:\n  <<: *b\n",  # a merge key
        "a: !!binary aGVsbG8=\n",  # a tag of its own
        "a: !custom x\n",
        "a: !!set {x}\n",
    ],
)
def test_the_unusual_is_left_to_the_full_converter(text: str) -> None:
    (node,) = _nodes(text)
    with pytest.raises(_Unusual):
        _plain_data(node, DEFAULT_MAX_NODES)


def test_limits_are_left_to_the_full_converter() -> None:
    (deep,) = _nodes("a: " + "[" * 120 + "]" * 120 + "\n")
    with pytest.raises(_Unusual):
        _plain_data(deep, DEFAULT_MAX_NODES)
    (wide,) = _nodes("a: [" + ", ".join("x" for _ in range(50)) + "]\n")
    with pytest.raises(_Unusual):
        _plain_data(wide, 20)
    bomb = "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c]\n"
    (node,) = _nodes(bomb)
    with pytest.raises(_Unusual):
        _plain_data(node, 50)
    assert _agrees(node)  # within the default limit, aliases read as the full converter reads


SCALAR_TEXTS = st.sampled_from(
    [
        "1", "01", "0o17", "0x1F", "1_000", "1.5", "1e3", ".inf", "-.Inf", ".nan", "~", "null",
        "", "yes", "No", "on", "y", "true", "FALSE", "x", "1.10", "+1", "-0", "0b101",
        "'quoted'", '"dq"', "2024-05-01", "12:30", "1e400", "9" * 400,
    ]
)  # fmt: skip
KEYS = st.sampled_from(["a", "b", "name", "kind", "x y", "'q'"])


@st.composite
def _yaml(draw: st.DrawFn, depth: int = 0) -> str:
    if depth > 3 or draw(st.booleans()):
        return str(draw(SCALAR_TEXTS))
    if draw(st.booleans()):
        items = draw(st.lists(_yaml(depth + 1), max_size=3))
        return "[" + ", ".join(items) + "]"
    keys = draw(st.lists(KEYS, max_size=3))
    return "{" + ", ".join(f"{k}: {draw(_yaml(depth + 1))}" for k in keys) + "}"


@settings(deadline=None)
@given(_yaml())
def test_generated_documents_read_the_same(text: str) -> None:
    try:
        nodes = _nodes(text)
    except yaml.YAMLError:
        return
    for node in nodes:
        _agrees(node)
