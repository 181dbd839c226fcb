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

from ..codes import REQUIRED, TYPE, UNKNOWN_FIELD
from ..diagnostics import Finding
from ..pointers import split_pointer

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
