"""OpenShift Template parameters: what a ``${PARAM}`` placeholder excuses, in one place.

Inside a ``Template``'s ``objects`` a value may be, or contain, a parameter
reference that ``oc process`` replaces:

* ``${PARAM}`` anywhere in a string is replaced by the parameter's text, so
  the value stays a string;
* ``${{PARAM}}`` as a whole value is replaced by the parameter's value parsed
  as JSON, so it may stand for an integer, a boolean, a list...

The linter cannot know the parameter's value, so a finding about a value that
holds a placeholder is dropped, unless the placeholder cannot be valid there:
a ``${PARAM}`` (always a string) in an integer or boolean field is still an
error, with a hint to write ``${{PARAM}}``. Findings about keys (unknown
fields) and absent fields (missing required ones) do not depend on values and
are kept. Template processing follows
``openshift/library-go:pkg/template/templateprocessing``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .diagnostics import Finding, Span
from .positions import split_pointer
from .schema import REQUIRED, TYPE, UNKNOWN_FIELD

# library-go's stringParameterExp and nonStringParameterExp.
STRING_PARAMETER = re.compile(r"\$\{([a-zA-Z0-9_]+?)\}")
NON_STRING_PARAMETER = re.compile(r"\$\{\{([a-zA-Z0-9_]+)\}\}")

# Findings that never depend on a value: a key that should not be there, a field that is absent.
VALUE_INDEPENDENT = frozenset({UNKNOWN_FIELD, REQUIRED})

STRING_ONLY_HINT = (
    "; ${PARAM} is always replaced by a string: write ${{PARAM}} for a non-string value"
)
_MISSING = object()


def has_placeholder(value: object) -> bool:
    """Whether a value is, or contains, a template parameter reference."""
    return isinstance(value, str) and (
        STRING_PARAMETER.search(value) is not None or NON_STRING_PARAMETER.search(value) is not None
    )


def is_non_string_placeholder(value: object) -> bool:
    """``${{PARAM}}`` as the whole value: it may become any JSON value."""
    return isinstance(value, str) and NON_STRING_PARAMETER.fullmatch(value) is not None


def value_at(obj: Any, pointer: str) -> Any:
    """The value at a JSON pointer inside ``obj``, or a sentinel when there is none."""
    value = obj
    for token in split_pointer(pointer):
        if isinstance(value, Mapping) and token in value:
            value = value[token]
        elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
            value = value[int(token)]
        else:
            return _MISSING
    return value


def in_template(code: str, finding: Finding, obj: Mapping[str, Any]) -> Finding | None:
    """The finding as it stands inside a Template: kept, reworded, or dropped (None)."""
    if code in VALUE_INDEPENDENT or finding.at == "key":
        return finding
    value = value_at(obj, finding.pointer)
    if not has_placeholder(value):
        return finding
    if code == TYPE and not is_non_string_placeholder(value):
        # A string where a non-string is wanted: ${PARAM} can never fix that.
        return Finding(
            finding.pointer, finding.message + STRING_ONLY_HINT, finding.at, finding.server
        )
    return None


# --- Helm and Jinja sources ---------------------------------------------------------------

# A template directive where YAML has structure: a line that starts with ``{{``/``{%``/``{#``,
# or an unquoted value that does (``name: {{ .Values.name }}``, ``- {{ .Values.x }}``).
# Inside quotes, ``{{ }}`` is ordinary text (alert descriptions, Go templates in annotations).
# Every class stops at a line end, so the search stays linear in the size of the text.
_TEMPLATE_DIRECTIVE = re.compile(
    r"^(?P<lead>[ \t]*(?:-[ \t]+)?(?:[^\s#'\"{][^#'\"\n]*?:[ \t]+)?)(?:\{\{|\{%|\{#)",
    re.MULTILINE,
)
TEMPLATE_SOURCE_MESSAGE = (
    "this is a Helm or Jinja template, not a manifest (template syntax here):"
    " render it first and lint the output"
)


# A top-level ``kind:`` line naming something this tool lints (or a wrapper of it).
_IMAGE_KIND_LINE = re.compile(
    r"^(?:kind|[ \t]*\"kind\"):[ \t]*[\"']?(?:ImageTag|ImageStream|ImageStreamTag"
    r"|ImageStreamImport|Image|List|ImageStreamList|ImageTagList|Template)[\"']?[ \t]*,?[ \t]*$",
    re.MULTILINE,
)


def names_image_kind(text: str) -> bool:
    """Whether a source has a top-level ``kind:`` line of a kind this tool lints.

    A Helm template of other objects (a BuildConfig, a Deployment) is none of our
    business, just as the rendered objects would be: it is skipped without a finding.
    """
    return _IMAGE_KIND_LINE.search(text) is not None


# A quoted value that is nothing but a Go template expression (``"name": "{{.Ref1}}"``):
# a placeholder of a generator, never a value anyone means.
_TEMPLATE_VALUE = re.compile(r":[ \t]*(?P<lead>[\"'])\{\{[^\"'\n{}]*\}\}[\"']")


def template_syntax_at(text: str) -> Span | None:
    """Where a Helm, Jinja or Go template directive first sits, if anywhere."""
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return None  # both patterns need one of these; a substring test is far cheaper
    found = [
        match.end("lead")
        for match in (_TEMPLATE_DIRECTIVE.search(text), _TEMPLATE_VALUE.search(text))
        if match is not None
    ]
    if not found:
        return None
    start = min(found)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Span(line, column, line, column + 2)
