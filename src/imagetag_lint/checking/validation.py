"""The schema layer: one offline registry, one validator per root type and profile.

The registry holds only the bundled schemas of :mod:`imagetag_lint.openshift.schemas`:
nothing is fetched. jsonschema explains what fails, turned into findings with
stable codes (``ITL1xx``); it is imported lazily, so a run that never validates
never pays for it.
"""

from __future__ import annotations

from _thread import allocate_lock
from collections.abc import Callable, Iterator, Mapping
from functools import cache

from ..codes import FORMAT, OTHER, RANGE, REQUIRED, TYPE, UNKNOWN_FIELD, VALUE
from ..diagnostics import Finding
from ..openshift.schemas import DRAFT, FORMATS, PROFILES, bundle, bundle_id
from ..pointers import join_pointer

TYPE_CHECKING = False

if TYPE_CHECKING:
    from typing import Any

    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

# Required fields whose absence the server itself refuses, with the catalogue id.
SERVER_IDS: Mapping[tuple[str, str], str] = {
    ("ImageTag", "spec"): "C1",
    **{("OwnerReference", name): "M11" for name in ("apiVersion", "kind", "name", "uid")},
}

_lock = allocate_lock()  # threading.Lock, without importing threading on every run


@cache
def _registry() -> Any:
    from referencing import Registry, Resource

    resources = [(bundle_id(p), Resource.from_contents(bundle(p))) for p in PROFILES]
    return Registry().with_resources(resources).crawl()


def validator(root_type: str, profile: str) -> Validator:
    """The validator for one root type and profile, built once per process."""
    with _lock:  # builds are cheap but must not race in a threaded webhook
        return _validator(root_type, profile)


@cache
def _validator(root_type: str, profile: str) -> Validator:
    schema = {"$schema": DRAFT, "$ref": f"{bundle_id(profile)}#/$defs/{root_type}"}
    return _validator_class()(schema, registry=_registry(), format_checker=_format_checker())


@cache
def _validator_class() -> type[Validator]:
    """Draft 2020-12, with a tuple an array, as ``json.dumps`` writes it and jsonschema-rs
    (the gate) reads it: an object a caller builds with tuples gets the same schema
    findings whether the gate or this layer judges it."""
    from jsonschema import Draft202012Validator, validators

    checker = Draft202012Validator.TYPE_CHECKER.redefine(
        "array", lambda checker, instance: isinstance(instance, (list, tuple))
    )
    extended: type[Validator] = validators.extend(  # type: ignore[no-untyped-call]
        Draft202012Validator, type_checker=checker
    )
    return extended


@cache
def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


PlainScalar = Callable[[str], "str | None"]


def schema_findings(
    obj: Any, root_type: str, profile: str, plain_scalar: PlainScalar | None = None
) -> Iterator[tuple[str, Finding]]:
    """Every schema violation of ``obj`` as (code, finding), pointers relative to ``obj``."""
    seen: set[tuple[str, str]] = set()
    for error in validator(root_type, profile).iter_errors(obj):
        for code, finding in _explain(error, plain_scalar):
            if (code, finding.pointer + finding.message) not in seen:
                seen.add((code, finding.pointer + finding.message))
                yield code, finding


def _pointer(error: ValidationError) -> str:
    return join_pointer("", *error.absolute_path)


def _explain(
    error: ValidationError, plain_scalar: PlainScalar | None
) -> Iterator[tuple[str, Finding]]:
    keyword = error.validator
    if keyword in ("anyOf", "oneOf") and error.context:
        from jsonschema.exceptions import best_match

        best = best_match(error.context)
        if best is not None:
            yield from _explain(best, plain_scalar)
            return
    if keyword == "additionalProperties":
        yield from _unknown_fields(error)
    elif keyword == "required":
        yield from _missing_fields(error)
    elif keyword == "type":
        yield TYPE, Finding(_pointer(error), _type_message(error, plain_scalar))
    elif keyword == "format":
        yield FORMAT, Finding(_pointer(error), _format_message(error))
    elif keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        yield RANGE, Finding(_pointer(error), f"{error.instance!r} is out of range for int64")
    elif keyword in ("enum", "const"):
        yield VALUE, Finding(_pointer(error), error.message)
    else:
        yield OTHER, Finding(_pointer(error), error.message)


def _schema_of(error: ValidationError) -> Mapping[str, Any]:
    return error.schema if isinstance(error.schema, Mapping) else {}


def _unknown_fields(error: ValidationError) -> Iterator[tuple[str, Finding]]:
    known = list(_schema_of(error).get("properties", {}))
    for name in error.instance:  # type: ignore[union-attr]
        if name not in known:
            pointer = join_pointer(_pointer(error), name)
            yield UNKNOWN_FIELD, Finding(pointer, _unknown_message(name, known), "key")


def _unknown_message(name: str, known: list[str]) -> str:
    from difflib import get_close_matches  # only an unknown field needs it

    close = get_close_matches(name, known, n=1, cutoff=0.75)
    if not close:
        close = [k for k in known if k.lower() == name.lower()]
    hint = f' (did you mean "{close[0]}"?)' if close else ""
    return f"unknown field{hint}"


def _missing_fields(error: ValidationError) -> Iterator[tuple[str, Finding]]:
    title = _schema_of(error).get("title", "")
    for name in error.validator_value:  # type: ignore[union-attr]
        if isinstance(error.instance, dict) and name not in error.instance:
            pointer = join_pointer(_pointer(error), name)
            # The key of the mapping that lacks the field is where the fix goes.
            server = SERVER_IDS.get((title, name))
            yield REQUIRED, Finding(pointer, "required field is missing", "key", server)


def _type_message(error: ValidationError, plain_scalar: PlainScalar | None) -> str:
    wanted = error.validator_value
    names = [wanted] if isinstance(wanted, str) else [t for t in wanted if t != "null"]  # type: ignore[union-attr]
    expected = " or ".join(names)
    instance = error.instance
    shown = _shown(instance)
    message = f"expected {expected}, got {_json_type(instance)}" + (f" {shown}" if shown else "")
    source = plain_scalar(_pointer(error)) if plain_scalar else None
    if source is not None and "string" in names and not isinstance(instance, str):
        message += (
            f'; YAML reads the unquoted {source} as {_json_type(instance)}: quote it ("{source}")'
        )
    return message


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "list" if isinstance(value, list) else "mapping"


def _shown(value: Any) -> str:
    import json

    if isinstance(value, (dict, list)):
        return ""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _format_message(error: ValidationError) -> str:
    fmt = error.validator_value
    if fmt == "date-time":
        return (
            f"{_shown(error.instance)} is not an RFC 3339 time (for example 2024-05-01T12:00:00Z)"
        )
    if fmt == "byte":
        return f"{_shown(error.instance)} is not standard base64"
    return f"{_shown(error.instance)} is not a valid {fmt}"
