"""The loader reads YAML and JSON as kubectl does and keeps every position."""

from __future__ import annotations

import io
from typing import Any

import pytest
import yaml

from imagetag_lint.diagnostics import Span
from imagetag_lint.loading.documents import (
    HAS_C_COMPOSER,
    LoadFailure,
    SourceDocument,
    _KubeCLoader,
    _KubePyLoader,
    compose_documents,
    decode,
    load_documents,
    load_stream,
)

LOADERS = [pytest.param(_KubePyLoader, id="python")]
if HAS_C_COMPOSER:
    LOADERS.append(pytest.param(_KubeCLoader, id="libyaml"))


def documents(text: str, loader: type[yaml.SafeLoader] | None = None) -> list[Any]:
    found = compose_documents(text, loader) if loader else load_documents(text)
    return list(found)


def only(text: str, loader: type[yaml.SafeLoader] | None = None) -> SourceDocument:
    (document,) = documents(text, loader)
    assert isinstance(document, SourceDocument)
    return document


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("source", "expected"),
    [
        pytest.param("yes", True, id="yaml-1.1-yes"),
        pytest.param("off", False, id="yaml-1.1-off"),
        pytest.param("y", True, id="go-yaml-y"),
        pytest.param("0755", 493, id="octal"),
        pytest.param("0x1F", 31, id="hex"),
        pytest.param("0b101", 5, id="binary"),
        pytest.param("1_000", 1000, id="underscores"),
        pytest.param("1.10", 1.1, id="float"),
        pytest.param("1e3", 1000.0, id="exponent-without-dot"),
        pytest.param("08", 8.0, id="bad-octal-is-float"),
        pytest.param("1:20", "1:20", id="no-sexagesimal"),
        pytest.param("2024-05-01T12:00:00Z", "2024-05-01T12:00:00Z", id="timestamp-stays-string"),
        pytest.param("2024-05-01", "2024-05-01", id="date-stays-string"),
        pytest.param("~", None, id="tilde-null"),
        pytest.param("", None, id="empty-null"),
        pytest.param("'yes'", "yes", id="quoted-stays-string"),
        pytest.param("!!str 1.10", "1.10", id="explicit-str"),
        pytest.param("!!int '7'", 7, id="explicit-int"),
        pytest.param("v1.2.3", "v1.2.3", id="version-string"),
        pytest.param("-12", -12, id="negative"),
        pytest.param(".inf", float("inf"), id="infinity"),
    ],
)
def test_scalars_are_read_as_kubectl_reads_them(
    loader: type[yaml.SafeLoader], source: str, expected: object
) -> None:
    assert only(f"value: {source}\n", loader).data == {"value": expected}


@pytest.mark.parametrize("loader", LOADERS)
def test_keys_become_strings(loader: type[yaml.SafeLoader]) -> None:
    data = only("1: a\ntrue: b\n1.5: c\non: d\n", loader).data
    assert data == {"1": "a", "true": "b", "1.5": "c"} | {"true": "d"}


@pytest.mark.parametrize("loader", LOADERS)
def test_null_key_is_a_problem_not_an_exception(loader: type[yaml.SafeLoader]) -> None:
    document = only("metadata:\n  ~: x\n  name: a\n", loader)
    assert document.data == {"metadata": {"name": "a"}}
    (problem,) = document.problems
    assert (problem.code, problem.finding.pointer) == ("ITL004", "/metadata")
    assert problem.finding.message == "a null key cannot be read by kubectl"


@pytest.mark.parametrize("loader", LOADERS)
def test_duplicate_key_is_reported_at_the_second_key(loader: type[yaml.SafeLoader]) -> None:
    document = only("spec:\n  name: a\n  name: b\n", loader)
    assert document.data == {"spec": {"name": "b"}}
    (problem,) = document.problems
    assert problem.code == "ITL002"
    assert problem.finding.message == (
        'duplicate key "name": kubectl uses the last value and drops the earlier one'
    )
    assert document.locator.span(problem.finding.pointer, "key") == Span(3, 3, 3, 7)


@pytest.mark.parametrize("loader", LOADERS)
def test_python_tags_are_never_constructed(loader: type[yaml.SafeLoader]) -> None:
    document = only("a: !!python/object/apply:os.system ['false']\n", loader)
    assert document.data == {"a": ["false"]}
    assert [p.code for p in document.problems] == ["ITL003"]
    assert "!!python/object/apply:os.system" in document.problems[0].finding.message


@pytest.mark.parametrize("loader", LOADERS)
def test_anchors_aliases_and_merge_keys(loader: type[yaml.SafeLoader]) -> None:
    text = "base: &b {kind: DockerImage, name: x}\nfrom:\n  <<: *b\n  name: z\nsame: *b\n"
    document = only(text, loader)
    assert document.data["from"] == {"kind": "DockerImage", "name": "z"}
    assert document.data["same"] == {"kind": "DockerImage", "name": "x"}
    # A merged key is found at the alias in the merge key; a key the mapping sets itself,
    # where it is written.
    assert document.locator.span("/from/kind") == Span(3, 7, 3, 9)
    assert document.locator.span("/from/name") == Span(4, 9, 4, 10)


@pytest.mark.parametrize("loader", LOADERS)
def test_multi_document_streams_count_empty_documents(loader: type[yaml.SafeLoader]) -> None:
    found = documents("a: 1\n---\n---\n# only a comment\n---\nb: 2\n", loader)
    assert [(d.index, d.data) for d in found] == [
        (0, {"a": 1}),
        (1, None),
        (2, None),
        (3, {"b": 2}),
    ]


@pytest.mark.parametrize("loader", LOADERS)
def test_comment_only_stream_has_no_documents(loader: type[yaml.SafeLoader]) -> None:
    assert documents("# nothing here\n", loader) == []


@pytest.mark.parametrize("loader", LOADERS)
def test_positions_in_block_and_flow_style(loader: type[yaml.SafeLoader]) -> None:
    text = "spec:\n  from: {kind: DockerImage, name: 'quay.io/a:1'}\n  tags:\n  - x\n  - y\n"
    locator = only(text, loader).locator
    assert locator.span("/spec/from/name") == Span(2, 35, 2, 48)
    assert locator.span("/spec/from/name", "key") == Span(2, 29, 2, 33)
    assert locator.span("/spec/tags/1") == Span(5, 5, 5, 6)
    assert locator.span("/spec", "key") == Span(1, 1, 1, 5)


@pytest.mark.parametrize("loader", LOADERS)
def test_missing_pointer_falls_back_to_nearest_ancestor(loader: type[yaml.SafeLoader]) -> None:
    locator = only("spec:\n  from:\n    kind: X\n", loader).locator
    assert locator.span("/spec/from/name", "key") == Span(2, 3, 2, 7)


@pytest.mark.parametrize("loader", LOADERS)
def test_plain_scalar_text_is_kept_for_hints(loader: type[yaml.SafeLoader]) -> None:
    locator = only("name: 1.10\nother: '1.10'\n", loader).locator
    assert locator.plain_scalar("/name") == "1.10"
    assert locator.plain_scalar("/other") is None
    assert locator.plain_scalar("/missing") is None


@pytest.mark.parametrize("loader", LOADERS)
def test_syntax_error_is_a_value_with_a_position(loader: type[yaml.SafeLoader]) -> None:
    first, failure = documents("a: 1\n---\nspec:\n  name: x\n bad: y\n", loader)
    assert isinstance(first, SourceDocument)
    assert isinstance(failure, LoadFailure)
    assert failure.code == "ITL001"
    assert failure.document == 1
    assert failure.span is not None
    assert failure.span.line == 5


TAB = "a tab cannot indent YAML: indent with spaces"
COLON = '": " inside an unquoted value starts a mapping: quote the value'
INDENT = "bad indentation: the keys of a mapping must line up"
AFTER_QUOTE = "text after a closing quote: put the whole value inside the quotes"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "spec:\n\tname: v1\n",
            "found character that cannot start any token while scanning for the next token; " + TAB,
        ),
        (
            "spec:\n  tags:\n  - a\n\t- b\n",
            "found a tab character that violates indentation while scanning a plain scalar; " + TAB,
        ),
        (
            'spec:\n  name: "v1\n  reference: true\n',
            "found unexpected end of stream while scanning a quoted scalar;"
            " the quote at line 2, column 9 is never closed",
        ),
        (
            "spec:\n  name: 'v1\n",
            "found unexpected end of stream while scanning a quoted scalar;"
            " the quote at line 2, column 9 is never closed",
        ),
        (
            "from:\n  name: quay.io/a:1: b\n",
            "mapping values are not allowed in this context; " + COLON,
        ),
        ("- name: a: b\n", "mapping values are not allowed in this context; " + COLON),
        (
            "spec:\n  from:\n    kind: DockerImage\n   name: a\n",
            "did not find expected key while parsing a block mapping; " + INDENT,
        ),
        (
            'name: "v1" latest\n',
            "did not find expected key while parsing a block mapping; " + AFTER_QUOTE,
        ),
        (
            "name: @v1\n",
            "found character that cannot start any token while scanning for the next token;"
            ' an unquoted value cannot start with "@": quote the value',
        ),
        (
            "name: `v1`\n",
            "found character that cannot start any token while scanning for the next token;"
            ' an unquoted value cannot start with "`": quote the value',
        ),
        # Causes the text does not prove get no hint.
        ("name: 'a': b\n", "mapping values are not allowed in this context"),
        ("name: a\n  other: b\n", "mapping values are not allowed in this context"),
        ("name: 1\n- b\n", "did not find expected key while parsing a block mapping"),
        ("a:\n  - x\n - y\n", "did not find expected key while parsing a block mapping"),
        ("name: {a: 1} b\n", "did not find expected key while parsing a block mapping"),
        ("name: [a\nb: c\n", "did not find expected ',' or ']' while parsing a flow sequence"),
    ],
)
def test_syntax_errors_get_a_plain_hint_when_the_text_shows_the_cause(
    source: str, expected: str
) -> None:
    (failure,) = documents(source, _KubeCLoader if HAS_C_COMPOSER else None)
    assert isinstance(failure, LoadFailure)
    if HAS_C_COMPOSER:  # the parser's own words are libyaml's
        assert failure.message == expected
    assert failure.message.partition("; ")[2] == expected.partition("; ")[2]


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("source", "hint"),
    [
        ("spec:\n\tname: v1\n", TAB),
        ("from:\n  name: quay.io/a:1: b\n", COLON),
        ("spec:\n  from:\n    kind: DockerImage\n   name: a\n", INDENT),
        ('name: "v1" latest\n', AFTER_QUOTE),
    ],
)
def test_both_parsers_give_the_same_hint(
    loader: type[yaml.SafeLoader], source: str, hint: str
) -> None:
    (failure,) = documents(source, loader)
    assert isinstance(failure, LoadFailure)
    assert failure.message.endswith("; " + hint)


def test_a_streamed_file_gets_the_parser_message_alone() -> None:
    (failure,) = load_stream(io.BytesIO(b"spec:\n\tname: v1\n"))
    assert isinstance(failure, LoadFailure)
    assert failure.message.endswith("while scanning for the next token")


def test_json_is_read_with_positions() -> None:
    text = '{\n  "spec": {\n    "name": "v1",\n    "reference": true\n  }\n}\n'
    (document,) = load_documents(text, is_json=True)
    assert isinstance(document, SourceDocument)
    assert document.data == {"spec": {"name": "v1", "reference": True}}
    assert document.locator.span("/spec/reference") == Span(4, 18, 4, 22)


def test_json_with_tabs_and_escapes() -> None:
    (document,) = load_documents('{\n\t"a": "x\\/y",\n\t"n": 1e3\n}', is_json=True)
    assert isinstance(document, SourceDocument)
    assert document.data == {"a": "x/y", "n": 1000.0}


def test_json_duplicate_key() -> None:
    (document,) = load_documents('{"a": 1,\n "a": 2}', is_json=True)
    assert isinstance(document, SourceDocument)
    assert [p.code for p in document.problems] == ["ITL002"]
    assert document.locator.span("/a", "key") == Span(2, 2, 2, 5)


def test_json_syntax_error_has_json_position() -> None:
    (failure,) = load_documents('{"a": 1,\n}', is_json=True)
    assert failure == LoadFailure(
        "ITL001",
        "invalid JSON: Expecting property name enclosed in double quotes",
        Span(2, 1, 2, 2),
        0,
        "K1",
    )


def test_control_character_is_a_positioned_failure() -> None:
    (failure,) = load_documents("a: 1\nb: x\x00\n")
    assert isinstance(failure, LoadFailure)
    assert failure.span == Span(2, 5, 2, 6)
    assert failure.message == "unacceptable character #x0000: control characters are not allowed"


@pytest.mark.parametrize(
    ("data", "text"),
    [
        pytest.param("a: é\n".encode(), "a: é\n", id="utf-8"),
        pytest.param("a: é\n".encode("utf-8-sig"), "a: é\n", id="utf-8-bom"),
        pytest.param("a: é\n".encode("utf-16"), "a: é\n", id="utf-16-bom"),
        pytest.param("a: é\n".encode("utf-32"), "a: é\n", id="utf-32-bom"),
    ],
)
def test_decode_reads_what_yaml_allows(data: bytes, text: str) -> None:
    assert decode(data) == text


def test_invalid_utf8_is_a_positioned_failure() -> None:
    failure = decode(b"a: 1\nb: \xff\n")
    assert failure == LoadFailure(
        "ITL006", "not valid UTF-8 text (byte 8 cannot be decoded)", Span(2, 4, 2, 5), 0
    )


def test_alias_bomb_is_bounded() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    (failure,) = load_documents("\n".join(lines) + "\n", max_nodes=100_000)
    assert isinstance(failure, LoadFailure)
    assert failure.code == "ITL005"
    assert "expands to more than 100000 values" in failure.message


def test_words_starting_like_a_bool_are_not_bools() -> None:
    """``null`` starts like ``n`` (false): only whole words are booleans."""
    (document,) = load_documents("a: null\nb: nope\nc: yes\nd: 'n'\ne: onward\n")
    assert not isinstance(document, LoadFailure)
    assert document.data == {"a": None, "b": "nope", "c": True, "d": "n", "e": "onward"}


@pytest.mark.parametrize(
    ("text", "value"),
    [("null", None), ("Null", None), ("NULL", None), ("~", None), ("no", False), ("nope", "nope")],
)
def test_words_starting_like_booleans(text: str, value: object) -> None:
    """Plain ``null`` is null: the YAML 1.1 boolean words match whole scalars only."""
    (document,) = load_documents(f"a: {text}\n")
    assert isinstance(document, SourceDocument)
    assert document.data == {"a": value}
