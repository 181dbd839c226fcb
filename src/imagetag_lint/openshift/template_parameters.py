"""OpenShift Template parameters: what a ``${PARAM}`` placeholder excuses, in one place.

Inside a ``Template``'s ``objects`` a value may be, or contain, a parameter
reference that ``oc process`` replaces:

* ``${PARAM}`` anywhere in a string is replaced by the parameter's text, so
  the value stays a string;
* ``${{PARAM}}`` as a whole value is replaced by the parameter's value parsed
  as JSON, so it may stand for an integer, a boolean, a list...

Template processing follows ``openshift/library-go:pkg/template/templateprocessing``
(``template.go``: ``EvaluateParameterSubstitution`` replaces a reference only
when ``params[name]`` is found, and ``SubstituteParameters`` never fails): a
reference to a parameter the Template does not declare is left in the value as
written, and processing goes on. :func:`undeclared` finds those references; the
engine reports them as a warning (ITL360), once per reference, and judges the
value as it judges one with a declared parameter, so a forgotten declaration
gives one finding rather than one per rule.

The linter cannot know a parameter's value, so a finding about a value that
holds a placeholder is dropped, unless no parameter value can make it valid:

* a ``${PARAM}`` (always a string) in an integer or boolean field is still an
  error, with a hint to write ``${{PARAM}}``;
* a value whose literal text (what is left once the references are taken out)
  holds a character that the field's pattern never allows, such as
  ``${APP}-Static`` where only lower case is allowed, is still judged on that
  character. This is decided on the finding's own reason, not by running the
  rule again on a guessed value: the rules in :data:`PATTERN_RULES` match a
  value against a pattern the message quotes, and each such pattern has a fixed
  alphabet (:data:`ALPHABETS`); a character outside it breaks the pattern
  wherever it stands and whatever the references become. ``metadata-name``'s
  ``may not contain 'c'`` names its character itself. Substituting a sample
  value (``a``) and checking again would also keep findings that a real value
  fixes (a digest, a registry host with a port), and would need every rule to
  be re-run; the alphabet test only keeps what is certain. Where the pattern
  applies to a part of the value (the stream part of an ImageTag name, before
  its first ``:``), only the literal text before the first reference is
  certain to be in that part.

Findings about unknown fields and missing required ones do not depend on
values and are kept. Other findings about a key (a label key) are dropped when
the key holds a reference, as ``oc process`` substitutes keys too.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..codes import REQUIRED, TYPE, UNKNOWN_FIELD
from ..diagnostics import Finding
from ..pointers import join_pointer, split_pointer
from ..regex import lazy
from .apimachinery import (
    DNS1123_LABEL_FMT,
    DNS1123_SUBDOMAIN_FMT,
    LABEL_VALUE_FMT,
    QUALIFIED_NAME_FMT,
    go_quote,
)
from .pullspec import IMAGE_STREAM_NAME_FMT

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# library-go's stringParameterExp and nonStringParameterExp.
STRING_PARAMETER = lazy(r"\$\{([a-zA-Z0-9_]+?)\}")
NON_STRING_PARAMETER = lazy(r"\$\{\{([a-zA-Z0-9_]+)\}\}")

# Findings that never depend on a value: a key that should not be there, a field that is absent.
VALUE_INDEPENDENT = frozenset({UNKNOWN_FIELD, REQUIRED})

STRING_ONLY_HINT = (
    "; ${PARAM} is always replaced by a string: write ${{PARAM}} for a non-string value"
)
_MISSING = object()

# Each pattern a rule quotes in its message, and every character a match of it can hold.
# (Spelled out: ``string`` compiles a regular expression for ``string.Template`` on import.)
_LOWER_AND_DIGITS = "abcdefghijklmnopqrstuvwxyz0123456789"
_LETTERS_AND_DIGITS = _LOWER_AND_DIGITS + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ALPHABETS: Mapping[str, frozenset[str]] = {
    IMAGE_STREAM_NAME_FMT: frozenset(_LOWER_AND_DIGITS + "._-"),
    DNS1123_LABEL_FMT: frozenset(_LOWER_AND_DIGITS + "-"),
    DNS1123_SUBDOMAIN_FMT: frozenset(_LOWER_AND_DIGITS + "-."),
    QUALIFIED_NAME_FMT: frozenset(_LETTERS_AND_DIGITS + "-_."),
    LABEL_VALUE_FMT: frozenset(_LETTERS_AND_DIGITS + "-_."),
}
WHOLE, STREAM_PART = "whole", "stream part"
# Rules whose findings on a value are about a pattern (or a character) and the part of the
# value it applies to: metadata-name, namespace-name, label-syntax (values; key findings are
# kept anyway), stream-name, image-stream-name and image-stream-generate-name.
PATTERN_RULES: Mapping[str, str] = {
    "ITL202": WHOLE,
    "ITL203": WHOLE,
    "ITL205": WHOLE,
    "ITL212": STREAM_PART,
    "ITL270": WHOLE,
    "ITL271": WHOLE,
}
_MAY_NOT_CONTAIN = lazy(r"may not contain '(.)'")


def has_placeholder(value: object) -> bool:
    """Whether a value is, or contains, a template parameter reference."""
    return isinstance(value, str) and (
        STRING_PARAMETER.search(value) is not None or NON_STRING_PARAMETER.search(value) is not None
    )


def is_non_string_placeholder(value: object) -> bool:
    """``${{PARAM}}`` as the whole value: it may become any JSON value."""
    return isinstance(value, str) and NON_STRING_PARAMETER.fullmatch(value) is not None


def references(value: str) -> list[tuple[str, str]]:
    """Each parameter reference in a string, as ``oc process`` reads it: (text, name).

    ``${{PARAM}}`` counts only as the whole value; anywhere else it is text.
    """
    whole = NON_STRING_PARAMETER.fullmatch(value)
    if whole is not None:
        return [(whole.group(0), whole.group(1))]
    return [(match.group(0), match.group(1)) for match in STRING_PARAMETER.finditer(value)]


def literal_text(value: str) -> str:
    """What is left of a string once every parameter reference is taken out."""
    if NON_STRING_PARAMETER.fullmatch(value):
        return ""
    return STRING_PARAMETER.sub("", value)


def declared_parameters(template: Mapping[str, Any]) -> frozenset[str] | None:
    """The parameter names a Template declares; None when ``parameters`` is not a list."""
    parameters = template.get("parameters")
    if parameters is None:
        return frozenset()
    if not isinstance(parameters, list):
        return None  # the schema of a Template is not ours to check: nothing is known
    return frozenset(
        item["name"]
        for item in parameters
        if isinstance(item, Mapping) and isinstance(item.get("name"), str)
    )


def undeclared(obj: Any, declared: frozenset[str], pointer: str = "") -> Iterator[Finding]:
    """A finding for each reference to a parameter not in ``declared``, keys included.

    ``oc process`` substitutes map keys as well as values, so both are searched.
    """
    if isinstance(obj, str):
        yield from _undeclared_in(obj, declared, pointer, "value")
    elif isinstance(obj, Mapping):
        for key, value in obj.items():
            member = join_pointer(pointer, str(key))
            if isinstance(key, str):
                yield from _undeclared_in(key, declared, member, "key")
            yield from undeclared(value, declared, member)
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from undeclared(item, declared, join_pointer(pointer, index))


def _undeclared_in(text: str, declared: frozenset[str], pointer: str, at: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for reference, name in references(text):
        if name not in declared and reference not in seen:
            seen.add(reference)
            message = (
                f"{reference} is not a parameter of this Template: oc process leaves it as written"
            )
            yield Finding(pointer, message, at)


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
    if code in VALUE_INDEPENDENT:
        return finding
    if finding.at == "key":
        # ``oc process`` substitutes keys too (a label key, say); no pattern test for them:
        # a key's pattern applies to its parts (prefix and name), not to the whole key.
        tokens = split_pointer(finding.pointer)
        return None if tokens and has_placeholder(tokens[-1]) else finding
    value = value_at(obj, finding.pointer)
    if not isinstance(value, str) or not has_placeholder(value):
        return finding
    if code == TYPE and not is_non_string_placeholder(value):
        # A string where a non-string is wanted: ${PARAM} can never fix that.
        return _reworded(finding, STRING_ONLY_HINT)
    char = never_valid(code, finding.message, value)
    if char is not None:
        hint = f"; {go_quote(char)} is literal text, which no parameter value can change"
        return _reworded(finding, hint)
    return None


def never_valid(code: str, message: str, value: str) -> str | None:
    """The first character of ``value``'s literal text that breaks the finding's pattern anyway.

    None unless the rule matches the value against a pattern (or a character) its
    message names, and a character that is certain to be in the part it checks
    lies outside that pattern's alphabet.
    """
    part = PATTERN_RULES.get(code)
    if part is None:
        return None
    if part == STREAM_PART:
        # A parameter may hold the ":" that ends the stream part: only the text before it is sure.
        literal = literal_text(value.split("${", 1)[0]).split(":", 1)[0]
    else:
        literal = literal_text(value)
    forbidden = _MAY_NOT_CONTAIN.search(message)
    if forbidden is not None:
        return forbidden.group(1) if forbidden.group(1) in literal else None
    alphabet = _quoted_alphabet(message)
    if alphabet is None:
        return None  # a length or an emptiness finding: a parameter value may fix it
    return next((char for char in literal if char not in alphabet), None)


def _quoted_alphabet(message: str) -> frozenset[str] | None:
    """The alphabet of the pattern a message quotes: ``must match "..."`` or Go's regex error."""
    for pattern, alphabet in ALPHABETS.items():
        if go_quote(pattern) in message or f"regex used for validation is '{pattern}'" in message:
            return alphabet
    return None


def _reworded(finding: Finding, hint: str) -> Finding:
    return Finding(finding.pointer, finding.message + hint, finding.at, finding.server)
