"""Plain ``null`` is null: the YAML 1.1 boolean words must match whole scalars only."""

from __future__ import annotations

import pytest

from imagetag_lint.loading.documents import SourceDocument, load_documents


@pytest.mark.parametrize(
    ("text", "value"),
    [("null", None), ("Null", None), ("NULL", None), ("~", None), ("no", False), ("nope", "nope")],
)
def test_words_starting_like_booleans(text: str, value: object) -> None:
    (document,) = load_documents(f"a: {text}\n")
    assert isinstance(document, SourceDocument)
    assert document.data == {"a": value}
