"""The schema layer: packaged schemas, one offline registry, one validator per use.

The per-type files under ``schemas/`` refer to each other by absolute ``$id``.
Here they are bundled into one resource (``$defs``) per profile, because
jsonschema validates about a third faster over internal references than over
cross-resource ones. The registry holds only these bundles: nothing is fetched.

jsonschema is imported lazily, so a run that never validates never pays for it.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import json
import re
import threading
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .diagnostics import Finding
from .positions import join_pointer

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

DRAFT = "https://json-schema.org/draft/2020-12/schema"
ID_PREFIX = "urn:imagetag-lint:schema:"
PROFILES = ("manifest", "object")

# Codes of the schema layer; their rules are documented in rules/schema.py.
TYPE = "ITL101"
UNKNOWN_FIELD = "ITL102"
REQUIRED = "ITL103"
FORMAT = "ITL104"
RANGE = "ITL105"
VALUE = "ITL106"
OTHER = "ITL107"

# What the API server itself requires when a manifest is created: only ``spec``
# (C1) and the fields of an ownerReference (M11). Every other documented
# ``required`` list mirrors Go fields without ``omitempty`` and is filled in or
# discarded by the server, so it applies to the ``object`` profile only.
MANIFEST_REQUIRED: Mapping[str, tuple[str, ...]] = {
    "ImageTag": ("spec",),
    "OwnerReference": ("apiVersion", "kind", "name", "uid"),
}
SERVER_IDS: Mapping[tuple[str, str], str] = {("ImageTag", "spec"): "C1"}

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))\Z"
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def schema_dir() -> Path:
    """The schemas: packaged beside the code in a wheel, at the repository root otherwise."""
    packaged = Path(__file__).with_name("schemas")
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schemas"


@cache
def load_schemas() -> dict[str, dict[str, Any]]:
    """Every API type's schema by type name, read once per process."""
    schemas = {}
    for path in sorted(schema_dir().glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        schemas[schema["$id"].removeprefix(ID_PREFIX)] = schema
    return schemas


@cache
def bundle(profile: str) -> dict[str, Any]:
    """All types in one resource, ``$ref``s rewritten to ``#/$defs/<Type>``."""
    defs = {}
    for name, schema in load_schemas().items():
        body = _rewrite_refs({k: v for k, v in schema.items() if k not in ("$id", "$schema")})
        if profile == "manifest":
            required = MANIFEST_REQUIRED.get(name, ())
            body = {k: v for k, v in body.items() if k != "required"}
            if required:
                body["required"] = list(required)
        defs[name] = body
    return {"$schema": DRAFT, "$id": f"urn:imagetag-lint:bundle:{profile}", "$defs": defs}


def _rewrite_refs(value: Any) -> Any:
    if isinstance(value, dict):
        ref = value.get("$ref")
        rewritten = {k: _rewrite_refs(v) for k, v in value.items()}
        if isinstance(ref, str) and ref.startswith(ID_PREFIX):
            rewritten["$ref"] = "#/$defs/" + ref.removeprefix(ID_PREFIX)
        return rewritten
    if isinstance(value, list):
        return [_rewrite_refs(item) for item in value]
    return value


_lock = threading.Lock()


@cache
def _registry() -> Any:
    from referencing import Registry, Resource

    resources = [(bundle(p)["$id"], Resource.from_contents(bundle(p))) for p in PROFILES]
    return Registry().with_resources(resources).crawl()


def validator(root_type: str, profile: str) -> Validator:
    """The validator for one root type and profile, built once per process."""
    with _lock:  # builds are cheap but must not race in a threaded webhook
        return _validator(root_type, profile)


@cache
def _validator(root_type: str, profile: str) -> Validator:
    from jsonschema import Draft202012Validator

    schema = {"$schema": DRAFT, "$ref": f"urn:imagetag-lint:bundle:{profile}#/$defs/{root_type}"}
    return Draft202012Validator(schema, registry=_registry(), format_checker=_format_checker())


@cache
def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date-time")(is_rfc3339)
    checker.checks("byte")(is_base64)
    return checker


def is_rfc3339(value: object) -> bool:
    """What Go's ``time.Parse(time.RFC3339, ...)`` accepts (metav1.Time's decoder)."""
    if not isinstance(value, str):
        return True
    match = _RFC3339.match(value)
    if match is None:
        return False
    year, month, day, hour, minute, second = (int(match.group(i)) for i in range(1, 7))
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return False
    if month == 2 and day == 29 and not _is_leap(year):
        return False
    if hour > 23 or minute > 59 or second > 59:
        return False
    return match.group(9) is None or (int(match.group(9)) < 24 and int(match.group(10)) < 60)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def is_base64(value: object) -> bool:
    """What Go's encoding/json accepts for ``[]byte``: standard base64, padded."""
    if not isinstance(value, str):
        return True
    try:
        base64.b64decode(value.replace("\r", "").replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


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
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
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
