"""Text to documents, the way kubectl reads them, keeping every position.

YAML is composed by libyaml's C composer when PyYAML has it (faster than
``yaml.load`` with ``CSafeLoader`` while keeping marks) and by PyYAML's pure-Python
composer otherwise; both feed the same converter, so results are identical.

The converter follows sigs.k8s.io/yaml (go-yaml v2 underneath), not PyYAML:
YAML 1.1 booleans (``yes``, ``on``, ``y``), ``0755`` is octal, ``1.10`` and ``1e3``
are floats, ``1:20`` stays a string, timestamps stay strings, non-string keys
become strings, and a null key is an error. No object is ever constructed from a
tag: ``!!python/...`` is reported, and its node is read as plain data.

Problems that leave the document usable (duplicate keys, tags) are
``LoadProblem`` values on the document; a syntax error ends the stream as a
``LoadFailure`` value. Nothing here raises for bad input.
"""

from __future__ import annotations

import codecs
import io
import math
import re
from collections import deque
from collections.abc import Iterator

import yaml

from ..codes import DUPLICATE_KEY, ENCODING, INVALID_KEY, LIMIT, SYNTAX, UNSAFE_TAG
from ..diagnostics import Finding, Span
from ..frozen import NamedTuple
from ..pointers import join_pointer
from ..regex import lazy
from .positions import MERGE_TAG, Locator, NodeLocator, mark_span, offset_span

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import IO, Any, Final

YAML_TAG = "tag:yaml.org,2002:"
STR_TAG = YAML_TAG + "str"
NULL_TAG = YAML_TAG + "null"
BOOL_TAG = YAML_TAG + "bool"
NUMBER_TAG = YAML_TAG + "int"  # resolved to int, float or str by the converter
FLOAT_TAG = YAML_TAG + "float"
KNOWN_SCALAR_TAGS = frozenset(
    YAML_TAG + name for name in ("str", "null", "bool", "int", "float", "binary", "timestamp")
)

DEFAULT_MAX_NODES = 1_000_000
# Far deeper than any real object, and shallow enough that the recursive
# composer, converter and validators stay well inside Python's recursion limit.
MAX_DEPTH = 100
TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels"

_TRUE = frozenset(["y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"])
_FALSE = frozenset(["n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"])
_NULL = frozenset(("", "~", "null", "Null", "NULL"))
_SPECIAL_FLOATS = {
    ".inf": float("inf"),
    ".Inf": float("inf"),
    ".INF": float("inf"),
    "+.inf": float("inf"),
    "+.Inf": float("inf"),
    "+.INF": float("inf"),
    "-.inf": float("-inf"),
    "-.Inf": float("-inf"),
    "-.INF": float("-inf"),
    ".nan": float("nan"),
    ".NaN": float("nan"),
    ".NAN": float("nan"),
}
# go-yaml v2's yamlStyleFloat, applied after underscores are removed.
_GO_FLOAT = lazy(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_FLOAT64_BITS = 1024  # integers of more bits overflow float64
_GO_INT = lazy(r"[-+]?(0[bB][01]+|0[oO][0-7]+|0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\Z")


def _implicit_resolvers() -> dict[str | None, list[tuple[str, re.Pattern[str]]]]:
    """go-yaml v2's plain-scalar resolution, expressed as PyYAML implicit resolvers.

    Numbers are only recognised here (first character); the converter decides
    between int, float and string with Go's rules.
    """
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}
    entries = [
        (BOOL_TAG, lazy("(?:" + "|".join(sorted(_TRUE | _FALSE)) + r")\Z"), "yYnNtTfFoO"),
        (NULL_TAG, lazy(r"(~|null|Null|NULL|)\Z"), ["~", "n", "N", ""]),
        (NUMBER_TAG, lazy(r"[-+0-9.][-+0-9a-zA-Z_.]*\Z"), "-+0123456789."),
        (MERGE_TAG, lazy(r"<<\Z"), "<"),
    ]
    for tag, regexp, first in entries:
        for char in first:
            table.setdefault(char or None, []).append((tag, regexp))
    return table


_RESOLVERS = _implicit_resolvers()
# PyYAML tries the resolvers of the first character, then those listed under None. The
# only one under None is null's, for the empty string: every other text it matches
# starts with a character that lists null itself. So a non-empty text needs only the
# resolvers of its first character, and the empty one is null.
assert [tag for tag, _ in _RESOLVERS[None]] == [NULL_TAG]
_BY_FIRST: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {
    char: tuple(found) for char, found in _RESOLVERS.items() if char is not None
}


_SCALAR_NODE: Final = yaml.ScalarNode
_SEQUENCE_NODE: Final = yaml.SequenceNode
_MAP_TAG: Final = YAML_TAG + "map"
_SEQ_TAG: Final = YAML_TAG + "seq"


class _Resolve:
    """PyYAML's ``resolve`` for our table, without path resolvers (we have none).

    It runs for every node the C composer builds, so it is a measurable share of
    loading; the result is exactly that of PyYAML's generic implementation.
    """

    yaml_implicit_resolvers = _RESOLVERS

    def resolve(self, kind: type[yaml.Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is _SCALAR_NODE:
            if implicit[0]:
                if not value:
                    return NULL_TAG
                for tag, regexp in _BY_FIRST.get(value[0], ()):
                    if regexp.match(value):
                        return tag
            return STR_TAG
        return _SEQ_TAG if kind is _SEQUENCE_NODE else _MAP_TAG

    # PyYAML calls these around every node for path resolvers, which we have none of:
    # built-in no-ops (``slice(node, index)``, ``tuple()``) cost less than Python ones.
    descend_resolver = staticmethod(slice)
    ascend_resolver = staticmethod(tuple)


class _KubeCLoader(_Resolve, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    pass


class _NestingTooDeep(yaml.MarkedYAMLError):
    """The pure-Python composer recurses per level: stop it before Python does."""


class _KubePyLoader(_Resolve, yaml.SafeLoader):  # type: ignore[misc]  # built-in no-op hooks
    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self._depth > MAX_DEPTH and self.check_event(
            yaml.SequenceStartEvent, yaml.MappingStartEvent
        ):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _NestingTooDeep(problem=TOO_DEEP, problem_mark=mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


HAS_C_COMPOSER = hasattr(yaml, "CSafeLoader")


class LoadProblem(NamedTuple):
    """A problem found while loading a document that still lets it be linted."""

    code: str
    finding: Finding


class LoadFailure(NamedTuple):
    """Input that could not be read past this point (syntax, encoding, limits)."""

    code: str
    message: str
    span: Span | None
    document: int
    server: str | None = None  # the catalogue id of kubectl's or the server's refusal


class SourceDocument:
    """One document of a stream: plain data, its problems, and where things are."""

    __slots__ = ("data", "index", "locator", "problems")

    def __init__(
        self, index: int, data: Any, locator: Locator, problems: list[LoadProblem] | None = None
    ) -> None:
        self.index = index
        self.data = data
        self.locator = locator
        self.problems = [] if problems is None else problems


class _LimitExceeded(Exception):
    def __init__(self, message: str, node: yaml.Node) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


if TYPE_CHECKING:
    # Where a value sits while converting: (parent, key or index), () at the root.
    # Joined into a JSON pointer only for a problem: most documents have none.
    Where = tuple[Any, ...]


def _materialize(where: Where) -> str:
    tokens: list[str | int] = []
    while where:
        where, token = where
        tokens.append(token)
    return join_pointer("", *reversed(tokens))


class Converter:
    """Turns one composed document into JSON-like data with kubectl's semantics."""

    def __init__(self, max_nodes: int = DEFAULT_MAX_NODES) -> None:
        self.problems: list[LoadProblem] = []
        self._max_nodes = max_nodes
        self._nodes = 0
        self._memo: dict[int, tuple[Any, int, int]] = {}
        self._deepest = 0  # the deepest level reached so far
        self._tagged: set[int] = set()  # scalars whose tag is reported (aliases repeat them)

    def convert(self, node: yaml.Node) -> Any:
        return self._value(node, (), 0)

    def _value(self, node: yaml.Node, pointer: Where, depth: int) -> Any:
        self._count(1, node)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, pointer)
        memo = self._memo.get(id(node))
        if memo is not None:  # an alias: count what it expands to, and how deep
            self._count(memo[1], node)
            self._reach(depth + memo[2], node)
            self._deepest = max(self._deepest, depth + memo[2])
            return memo[0]
        self._reach(depth, node)
        before, outer = self._nodes, self._deepest
        self._deepest = depth  # from here on: the deepest level inside this node
        value: Any
        if isinstance(node, yaml.SequenceNode):
            self._check_tag(node, YAML_TAG + "seq", pointer)
            value = [
                self._value(item, (pointer, i), depth + 1) for i, item in enumerate(node.value)
            ]
        else:
            assert isinstance(node, yaml.MappingNode)
            value = self._mapping(node, pointer, depth)
        self._memo[id(node)] = (value, self._nodes - before, self._deepest - depth)
        self._deepest = max(outer, self._deepest)
        return value

    def _reach(self, depth: int, node: yaml.Node) -> None:
        # Aliases nest what they repeat: an alias of a deep node inside a deep
        # node is deeper than either, so depth is checked on the expanded data.
        if depth > MAX_DEPTH:
            raise _LimitExceeded(TOO_DEEP, node)

    def _count(self, amount: int, node: yaml.Node) -> None:
        self._nodes += amount
        if self._nodes > self._max_nodes:
            raise _LimitExceeded(
                f"document expands to more than {self._max_nodes} values"
                " (aliases repeat what they point to)",
                node,
            )

    def _mapping(self, node: yaml.MappingNode, pointer: Where, depth: int) -> dict[str, Any]:
        self._check_tag(node, YAML_TAG + "map", pointer)
        result: dict[str, Any] = {}
        merged: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == MERGE_TAG:
                merged.update(self._merge_source(value_node, pointer, depth))
                continue
            key = self._key(key_node, pointer)
            if key is None:
                continue
            member = (pointer, key)
            if key in result:
                message = (
                    f'duplicate key "{key}": kubectl uses the last value and drops the earlier one'
                )
                self._problem(DUPLICATE_KEY, member, message, at="key")
            result[key] = self._value(value_node, member, depth + 1)
        for key, value in merged.items():
            result.setdefault(key, value)  # explicit keys win over merged ones
        return result

    def _merge_source(self, node: yaml.Node, pointer: Where, depth: int) -> dict[str, Any]:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        merged: dict[str, Any] = {}
        for source in reversed(sources):  # earlier sources win, as in YAML's merge spec
            value = self._value(source, pointer, depth + 1)
            if isinstance(value, dict):
                merged.update(value)
        return merged

    def _key(self, node: yaml.Node, pointer: Where) -> str | None:
        key = key_text(node)
        if key is None:
            what = "a null key" if _is_null(node) else "a key that is a mapping or a list"
            # Such a key has no place in a JSON pointer, so the finding sits on the mapping.
            self._problem(INVALID_KEY, pointer, f"{what} cannot be read by kubectl")
        return key

    def _scalar(self, node: yaml.ScalarNode, pointer: Where) -> Any:
        tag, text = node.tag, node.value
        if tag not in KNOWN_SCALAR_TAGS:
            # A collection an alias repeats is converted once; a scalar is read again
            # at every alias, but its tag is written once, at the anchor: told there.
            if id(node) not in self._tagged:
                self._tagged.add(id(node))
                self._unsafe_tag(node, pointer)
            return text
        if tag == STR_TAG or tag.endswith(("binary", "timestamp")):
            return text
        if tag == NULL_TAG:
            return None
        if tag == BOOL_TAG:
            return _to_bool(text)
        return resolve_number(text) if tag == NUMBER_TAG else _explicit_float(text)

    def _check_tag(self, node: yaml.Node, expected: str, pointer: Where) -> None:
        if node.tag != expected:
            self._unsafe_tag(node, pointer)

    def _unsafe_tag(self, node: yaml.Node, pointer: Where) -> None:
        tag = "!!" + node.tag[len(YAML_TAG) :] if node.tag.startswith(YAML_TAG) else node.tag
        self._problem(
            UNSAFE_TAG, pointer, f"the tag {tag} is not supported; the value is read as plain data"
        )

    def _problem(self, code: str, pointer: Where, message: str, at: str = "value") -> None:
        self.problems.append(LoadProblem(code, Finding(_materialize(pointer), message, at)))


def _to_bool(text: str) -> Any:
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text  # an explicit !!bool on something else: keep the text


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG


def resolve_number(text: str) -> Any:
    """A plain scalar that starts like a number, read as go-yaml v2 reads it."""
    if text in _SPECIAL_FLOATS:
        return _SPECIAL_FLOATS[text]
    plain = text.replace("_", "")
    if _GO_INT.match(plain):
        try:
            number = _go_int(plain)
        except ValueError:  # more digits than Python converts: beyond any Go number too
            return text
        # Beyond float64's range go-yaml's ParseInt, ParseUint and ParseFloat all
        # fail and it keeps the text; Python would carry on with a huge integer.
        return number if number.bit_length() <= _FLOAT64_BITS else text
    if _GO_FLOAT.match(plain):
        real = float(plain)
        # Go's ParseFloat fails on overflow, and go-yaml then keeps the text.
        return real if math.isfinite(real) else text
    return text


def _go_int(plain: str) -> int:
    sign, digits = (plain[0], plain[1:]) if plain[0] in "+-" else ("", plain)
    lowered = digits.lower()
    if lowered.startswith(("0x", "0b", "0o")):
        value = int(digits, 0)
    elif len(digits) > 1 and digits.startswith("0"):
        value = int(digits, 8)  # Go's ParseInt(base 0): a leading zero means octal
    else:
        value = int(digits)
    return -value if sign == "-" else value


def _explicit_float(text: str) -> Any:
    value = resolve_number(text)
    if not isinstance(value, int):
        return value
    try:
        return float(value)
    except OverflowError:  # just below 2**1024, rounded up: not a float64
        return text


def key_text(node: yaml.Node) -> str | None:
    """A mapping key as kubectl turns it into a JSON object key (None: impossible)."""
    if not isinstance(node, yaml.ScalarNode) or _is_null(node):
        return None
    if node.tag == BOOL_TAG:
        return "true" if node.value in _TRUE else "false" if node.value in _FALSE else node.value
    if node.tag == NUMBER_TAG:
        number = resolve_number(node.value)
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            return str(number)
        return _go_number_text(number)
    return str(node.value)


def _go_number_text(number: int | float) -> str:
    if isinstance(number, int):
        return str(number)
    if not math.isfinite(number):  # sigs.k8s.io/yaml spells these as YAML does
        return ".nan" if math.isnan(number) else ".inf" if number > 0 else "-.inf"
    if number == int(number) and abs(number) < 1e21:
        return str(int(number))
    return repr(number)


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _encoding(data: bytes) -> str:
    # UTF-32 first: its little-endian mark begins with UTF-16's.
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), "utf-8")


def decode(data: bytes) -> str | LoadFailure:
    """Bytes to text as YAML allows: UTF-8, or UTF-16/32 with a byte order mark."""
    encoding = _encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        name = encoding.upper().removesuffix("-SIG")
        return LoadFailure(
            ENCODING,
            f"not valid {name} text (byte {error.start} cannot be decoded)",
            _decoded_span(data[: error.start].decode(encoding, errors="replace")),
            0,
        )


def _decoded_span(before: str) -> Span:
    # Counted in decoded characters: in UTF-16/32 a byte 0x0a is not a line break.
    return offset_span(before, len(before))


def load_documents(
    text: str, *, is_json: bool = False, max_nodes: int = DEFAULT_MAX_NODES
) -> Iterator[SourceDocument | LoadFailure]:
    """Every document of a YAML stream (or the one JSON value), one at a time.

    Documents are yielded as soon as each is composed, so a stream is linted
    document by document and only one node tree is alive at a time.
    """
    if is_json:
        failure = _json_syntax_failure(text)
        if failure is not None:
            yield failure
            return
        text = _yaml_escapes(text)
    yield from _load_yaml(text, max_nodes)


# JSON writes a character beyond U+FFFF as a surrogate pair of escapes; YAML has no
# such escapes and libyaml refuses them. Go's decoder reads a pair as the character
# and a lone surrogate as U+FFFD.
_SURROGATES: Final = lazy(
    r"(?<!\\)((?:\\\\)*)\\u([dD][89abAB][0-9a-fA-F]{2})(?:\\u([dD][c-fC-F][0-9a-fA-F]{2}))?"
    r"|(?<!\\)((?:\\\\)*)\\u([dD][c-fC-F][0-9a-fA-F]{2})"
)


def _yaml_escapes(text: str) -> str:
    """Valid JSON with its surrogate escapes as YAML reads the same characters.

    A pair becomes one ``\\U`` escape (two characters shorter: a finding after it
    on the same line is reported two columns to the left); a lone surrogate becomes
    ``\\ufffd``, as Go decodes it.
    """
    if "\\u" not in text:
        return text

    def replace(match: re.Match[str]) -> str:
        if match.group(5) is not None:  # a lone low surrogate
            return match.group(4) + "\\ufffd"
        high, low = match.group(2), match.group(3)
        if low is None:
            return match.group(1) + "\\ufffd"
        point = 0x10000 + ((int(high, 16) - 0xD800) << 10) + (int(low, 16) - 0xDC00)
        return f"{match.group(1)}\\U{point:08x}"

    return _SURROGATES.sub(replace, text)


def load_stream(
    handle: IO[bytes], max_nodes: int = DEFAULT_MAX_NODES
) -> Iterator[SourceDocument | LoadFailure]:
    """Every document of a YAML file read piece by piece, for streams too large to hold.

    libyaml reads the handle in chunks, so memory is that of one document, not of
    the file. Results are those of ``load_documents`` on the decoded text, except
    that an encoding or character error carries no position.
    """
    encoding = _encoding(handle.read(4))
    handle.seek(0)
    text = io.TextIOWrapper(handle, encoding=encoding, newline="")
    try:
        yield from _load_yaml(text, max_nodes)
    finally:
        text.detach()  # the caller owns the handle and closes it


def _json_syntax_failure(text: str) -> LoadFailure | None:
    import json

    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        span = offset_span(text, error.pos)
        return LoadFailure(SYNTAX, f"invalid JSON: {error.msg}", span, 0, KUBECTL_SYNTAX)
    except (RecursionError, ValueError):
        # Too deep, or a number of more digits than Python converts: the YAML
        # composer reads it instead (depth is reported with its position).
        return None
    return None


# The catalogue's ids of what kubectl refuses before sending anything: YAML or JSON
# it cannot parse (K1), a line that starts like a document separator but is not one (K2).
KUBECTL_SYNTAX: Final = "K1"
KUBECTL_SEPARATOR: Final = "K2"


def separator_failures(text: str) -> list[LoadFailure]:
    """Lines kubectl refuses as document separators, which libyaml may read as YAML.

    kubectl splits a YAML stream into documents line by line before parsing it
    (``k8s.io/apimachinery/pkg/util/yaml.YAMLReader``): a line that starts with
    ``---`` and has anything after it but spaces or a ``#`` comment is refused with
    ``invalid Yaml document separator: <the rest of the line>``, wherever it is: a
    ``--- text`` or ``---apiVersion: v1`` line, or a line of a long scalar. Text
    that starts with ``{`` is decoded as JSON, without this split.
    """
    if _JSON_START.match(text):
        return []
    failures = []
    # libyaml's index of the document a line belongs to: content before the first
    # separator is document 0, and every separator starts the next one.
    document = -1
    for number, start in enumerate(_separator_lines(text)):
        if number == 0 and _has_content(text[:start]):
            document = 0
        document += 1
        end = text.find("\n", start)
        line = text[start : len(text) if end < 0 else end]
        rest = line[3:].strip()
        if rest and not rest.startswith("#"):
            span = offset_span(text, start, len(line.rstrip()))
            message = f"invalid Yaml document separator: {rest}"
            failures.append(LoadFailure(SYNTAX, message, span, document, KUBECTL_SEPARATOR))
    return failures


def _separator_lines(text: str) -> Iterator[int]:
    """The offset of every line that starts with ``---`` (``str.find``: far faster than a
    multi-line regular expression over a long stream)."""
    if text.startswith("---"):
        yield 0
    at = text.find("\n---")
    while at >= 0:
        yield at + 1
        at = text.find("\n---", at + 4)


_JSON_START: Final = lazy(r"\s*\{")


def _has_content(text: str) -> bool:
    """Whether the text holds more than blank lines, comments and directives."""
    return any(
        line.strip() and not line.lstrip().startswith(("#", "%")) for line in text.split("\n")
    )


def _load_yaml(text: str | IO[str], max_nodes: int) -> Iterator[SourceDocument | LoadFailure]:
    loader_class = _KubeCLoader if HAS_C_COMPOSER else _KubePyLoader
    yield from compose_documents(text, loader_class, max_nodes)


def compose_documents(
    text: str | IO[str], loader_class: type[yaml.SafeLoader], max_nodes: int = DEFAULT_MAX_NODES
) -> Iterator[SourceDocument | LoadFailure]:
    """Compose and convert with the given loader class (tests compare C and Python)."""
    source = text if isinstance(text, str) else _Recorder(text)
    loader = loader_class(source)
    index = 0
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is not None:
                yield _convert(node, index, max_nodes, *_document_text(source, node, loader_class))
            index += 1
    except yaml.MarkedYAMLError as error:
        yield _syntax_failure(error, index, text if isinstance(text, str) else None)
    except yaml.reader.ReaderError as error:  # a character offset, not a mark
        yield _reader_failure(text if isinstance(text, str) else None, error, index)
    except UnicodeDecodeError as error:  # only from a stream: text is decoded up front
        name = error.encoding.upper().removesuffix("-SIG")
        yield LoadFailure(ENCODING, f"not valid {name} text", None, index)
    except yaml.YAMLError as error:
        yield LoadFailure(SYNTAX, _one_line(str(error)), None, index, KUBECTL_SYNTAX)
    except RecursionError:
        yield LoadFailure(LIMIT, TOO_DEEP, None, index)
    finally:
        loader.dispose()


class _Recorder:
    """A text stream that keeps what the composer read of it until a document is done.

    libyaml reads ahead in chunks; when a document is composed, its own text (where
    the ``Locator`` finds its aliases) is cut out of what was read, and what lies
    before its end is let go: memory stays that of one document.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.name = getattr(stream, "name", "<file>")
        self._chunks: deque[str] = deque()
        self._start = 0  # the offset in the whole text of the first chunk kept
        self.bom = False  # whether the text starts with a byte order mark

    def read(self, size: int = -1) -> str:
        chunk = self._stream.read(size)
        if chunk:
            if not self._start and not self._chunks:
                self.bom = chunk.startswith("\ufeff")
            self._chunks.append(chunk)
        return chunk

    def cut(self, start: int, end: int) -> str:
        """The text from offset ``start`` to ``end``; what lies before ``end`` is let go."""
        pieces = []
        offset = self._start
        for chunk in self._chunks:
            if offset < end and offset + len(chunk) > start:
                pieces.append(chunk[max(start - offset, 0) : end - offset])
            offset += len(chunk)
        while self._chunks and self._start + len(self._chunks[0]) <= end:
            self._start += len(self._chunks.popleft())
        return "".join(pieces)


# libyaml's parser, which the C loaders are made of (None without libyaml).
_C_PARSER: Final = getattr(getattr(yaml, "cyaml", None), "CParser", None)


def _document_text(
    source: str | _Recorder, node: yaml.Node, loader_class: type[yaml.SafeLoader]
) -> tuple[str, int]:
    """The text a document's ``Locator`` finds aliases in, and the mark index it starts at.

    libyaml counts from after a byte order mark, PyYAML counts the mark.
    """
    skips_bom = _C_PARSER is not None and issubclass(loader_class, _C_PARSER)
    if isinstance(source, str):
        return source, -1 if skips_bom and source.startswith("\ufeff") else 0
    shift = 1 if skips_bom and source.bom else 0
    start = node.start_mark.index
    return source.cut(start + shift, node.end_mark.index + shift), start


class _Unusual(Exception):
    """Something ``_plain_data`` leaves to ``Converter``: it may need a message."""


def _plain_data(node: yaml.Node, max_nodes: int) -> tuple[Any, bool]:
    """The data of a document with nothing unusual in it, or ``_Unusual``; and
    whether a number in it is written with a leading zero (``Locator.leading_zeros``).

    Read fast, explain slow: most documents are plain mappings, lists and
    scalars with string keys, met once each. This converter reads only those,
    with exactly ``Converter``'s result, and gives up (``_Unusual``) on anything
    that could need a problem or a limit reported: a key that is not a plain
    string (merge keys, null, numbers, booleans), a key met twice, a tag of its
    own, too many values or too deep a nesting. ``Converter`` then reads the
    document again and says what it found; a differential test holds the two
    equal.
    """
    # Values met, as ``Converter`` counts them (aliases as often as they are met): the
    # document and every child of every collection, added up per collection.
    count = 1
    leading_zeros = False

    def value(node: yaml.Node, depth: int) -> Any:
        nonlocal count, leading_zeros
        kind = type(node)
        tag = node.tag
        if kind is yaml.ScalarNode:
            if tag == STR_TAG:
                return node.value
            if tag == NUMBER_TAG:
                text = node.value
                if not leading_zeros:
                    leading_zeros = _leading_zero(text)
                return resolve_number(text)
            if tag == NULL_TAG:
                return None
            if tag == BOOL_TAG:
                return _to_bool(node.value)
            raise _Unusual
        count += len(node.value)
        if depth > MAX_DEPTH or count > max_nodes:
            raise _Unusual
        if kind is yaml.MappingNode and tag == _MAP_TAG:
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if type(key_node) is not yaml.ScalarNode or key_node.tag != STR_TAG:
                    raise _Unusual
                key = key_node.value
                if key in result:
                    raise _Unusual
                result[key] = value(value_node, depth + 1)
            return result
        if kind is yaml.SequenceNode and tag == _SEQ_TAG:
            return [value(item, depth + 1) for item in node.value]
        raise _Unusual

    result = value(node, 0)
    if count > max_nodes:
        raise _Unusual
    return result, leading_zeros


def _leading_zero(text: str) -> bool:
    """Whether a plain number is written with a leading zero before another digit."""
    digits = text.lstrip("+-")
    return len(digits) > 1 and digits[0] == "0" and digits[1] in "0123456789_"


def _convert(
    node: yaml.Node, index: int, max_nodes: int, text: str, origin: int
) -> SourceDocument | LoadFailure:
    try:
        data, leading_zeros = _plain_data(node, max_nodes)
    except (_Unusual, RecursionError):
        pass
    else:
        locator = NodeLocator(node, key_text, leading_zeros, text, origin)
        return SourceDocument(index, data, locator, [])
    converter = Converter(max_nodes)
    try:
        data = converter.convert(node)
    except _LimitExceeded as error:
        return LoadFailure(LIMIT, error.message, mark_span(error.node.start_mark), index)
    except RecursionError:
        return LoadFailure(LIMIT, TOO_DEEP, None, index)
    locator = NodeLocator(node, key_text, text=text, origin=origin)
    return SourceDocument(index, data, locator, converter.problems)


def _syntax_failure(
    error: yaml.MarkedYAMLError, index: int, text: str | None = None
) -> LoadFailure:
    """The parser's own message, and a plain hint when the text shows the cause for sure."""
    mark = error.problem_mark or error.context_mark
    span = mark_span(mark) if mark is not None else None
    problem = error.problem or "invalid YAML"
    # libyaml stops at its own nesting limit, deeper than ours; both are limits.
    if isinstance(error, _NestingTooDeep) or problem.startswith("exceeded maximum nesting depth"):
        return LoadFailure(LIMIT, TOO_DEEP, span, index)
    context = f" {error.context}" if error.context else ""
    hint = _syntax_hint(error, text) if text is not None else None
    message = _one_line(f"{problem}{context}") + (f"; {hint}" if hint else "")
    return LoadFailure(SYNTAX, message, span, index, KUBECTL_SYNTAX)


# The key and the start of its plain (unquoted, not flow) value, on one line.
_KEY_AND_PLAIN_VALUE = lazy(
    r"[ ]*(?:-[ ]+)*(?:\"[^\"]*\"|'[^']*'|[^\s\"'#{}\[\],&*!|>%@`-][^:]*?|-[^\s:][^:]*?)"
    r":[ ]+[^\s\"'#{}\[\],&*!|>%@`]"
)
_QUOTES = ('"', "'")
_RESERVED_STARTS = "@`%"


def _syntax_hint(error: yaml.MarkedYAMLError, text: str) -> str | None:
    """A plain explanation of a common parser message, only when the text proves its cause.

    libyaml names what it met, not what the writer did wrong; the characters at
    the error's position tell the usual causes apart: a tab in the indentation, a
    character no unquoted value may start with, a quote never closed, ``": "``
    inside an unquoted value, a key out of line, text after a closing quote.
    """
    problem, mark, start = error.problem or "", error.problem_mark, error.context_mark
    if mark is None:
        return None
    line = _line(text, mark.line)
    before, char = line[: mark.column], line[mark.column : mark.column + 1]
    if "cannot start any token" in problem or "tab character that violates" in problem:
        return _token_hint(before, char)
    if problem == "found unexpected end of stream" and start is not None:
        opened = _line(text, start.line)[start.column : start.column + 1]
        is_quote = error.context == "while scanning a quoted scalar" and opened in _QUOTES
        where = f"line {start.line + 1}, column {start.column + 1}"
        return f"the quote at {where} is never closed" if is_quote else None
    if problem.startswith("mapping values are not allowed"):
        in_plain_value = char == ":" and _KEY_AND_PLAIN_VALUE.match(before) is not None
        return (
            '": " inside an unquoted value starts a mapping: quote the value'
            if in_plain_value
            else None
        )
    if problem == "did not find expected key" or problem.startswith("expected <block end>"):
        return _block_mapping_hint(before, char, start, mark.column)
    return None


def _token_hint(before: str, char: str) -> str | None:
    """Why no token can start at ``char``: a tab used as indentation, or a reserved character."""
    if char == "\t" and not before.strip(" \t"):
        return "a tab cannot indent YAML: indent with spaces"
    if char and char in _RESERVED_STARTS:
        return f'an unquoted value cannot start with "{char}": quote the value'
    return None


def _block_mapping_hint(before: str, char: str, start: yaml.Mark | None, column: int) -> str | None:
    """Why a block mapping found something other than a key where a key must be."""
    if before.strip(" "):  # not the first thing on its line: what comes before it?
        if before.rstrip(" ")[-1:] in _QUOTES:
            return "text after a closing quote: put the whole value inside the quotes"
        return None
    if start is None or column == start.column or char == "-":
        return None  # lined up with the keys, or a list item: not certainly indentation
    return "bad indentation: the keys of a mapping must line up"


def _line(text: str, number: int) -> str:
    """Line ``number`` (0-based) of ``text``, without its line break; ``""`` past the end."""
    start = 0
    for _ in range(number):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)].rstrip("\r")


def _reader_failure(text: str | None, error: yaml.reader.ReaderError, index: int) -> LoadFailure:
    span = None
    if text is not None:  # a streamed file has no text to count lines in
        span = offset_span(text, min(error.position, len(text)))
    character = error.character
    code_point = ord(character) if isinstance(character, str) else int(character)
    shown = f"#x{code_point:04x}"
    message = f"unacceptable character {shown}: {error.reason}"
    return LoadFailure(SYNTAX, message, span, index, KUBECTL_SYNTAX)


def _one_line(text: str) -> str:
    return " ".join(text.split())
