"""Compile the gate's accept schemas into plain Python: ``checking/compiled/``.

A one-file run cannot afford jsonschema-rs: importing it and compiling the
accept schema cost more than reading the file. So the accept schema of every
kind and profile (the bundle plus every rule's ``accept`` fragments, as
``gate.accept_schema`` builds it) is compiled here, ahead of time, into a Python
module of small functions that the wheel ships: importing one costs about as
much as reading its bytecode, and nothing is built at run time. The modules repeat
much of each other (most types occur in every kind) on purpose: a run imports only
the kinds and the profile it meets, and a type's fragments differ by kind where a
rule is limited to some kinds.

A compiled check answers what ``gate.failing`` answers (see there):

- ``frozenset()``: the object meets the schema and every fragment;
- the codes of the rules whose fragments it fails, when everything else holds
  and each failure sits where the fragment must hold (not under ``anyOf``,
  ``not``, ``if`` or ``contains``, whose outcome a fragment could tip);
- ``None``: anything else.

It may be stricter than the schema, never laxer: an ``integer`` must be a Python
``int`` (``1.0`` is refused), ``enum`` and ``const`` compare with JSON's
equality, and every ``pattern`` is anchored at the very end (``$`` becomes
``\\Z``, as in the regex engine of jsonschema-rs). What it refuses, the slow path
explains, so being stricter only costs time.

Only the keywords our schemas use are compiled; any other fails the build, so a
new keyword in a schema cannot be skipped silently. ``tests/test_compiled_accept.py``
holds the committed modules to this compiler and their answers to jsonschema-rs.

``python -m imagetag_lint.checking.acceptcode --write`` rewrites the modules;
``--check`` exits 1 when they are not current.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from .. import regex, regex_table
from ..openshift import typegraph
from ..openshift.kinds import IMAGE_KINDS
from ..openshift.schemas import PROFILES
from ..rules import RULES, Scope
from ..rules import index as rules_index
from . import gate
from .compiled import module_name

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

FOLDER: Final = Path(__file__).parent / "compiled"
TYPEGRAPH_TABLE: Final = Path(typegraph.__file__).with_name("typegraph_table.py")
RULES_INDEX_TABLE: Final = Path(rules_index.__file__).with_name("index_table.py")
REGEX_TABLE: Final = Path(regex_table.__file__)
_DEFS: Final = "#/$defs/"
# Keywords that never change the outcome.
_ANNOTATIONS: Final = frozenset(
    {"$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated"}
)
# ``format``s the gate leaves to jsonschema-rs's "ignore unknown formats": not checked there
# either (the schema layer's own formats are patterns by now, see ``gate.STRICT_FORMATS``).
_UNCHECKED_FORMATS: Final = frozenset({"int32", "int64"})
# After a keyword family's own type: a value of no JSON type at all (a dict subclass, a
# Mapping of the caller's, a tuple) is not judged here but by the slow path, which reads
# it as the rules do.
_NOT_PLAIN: Final = ("    elif v.__class__ not in PLAIN:", "        raise Unsure")
_TYPE_TESTS: Final = {
    "string": "v.__class__ is str",
    "object": "v.__class__ is dict",
    "array": "(v.__class__ is list or v.__class__ is tuple)",
    "null": "v is None",
    "boolean": "(v is True or v is False)",
    "integer": "v.__class__ is int",
    "number": "(v.__class__ is int or v.__class__ is float)",
}


def accept_codes(root_type: str, profile: str) -> frozenset[str]:
    """The rules whose fragments a create-time check of this kind may consult.

    A superset of what any plan asks for (``engine._rules_for``): the plan also leaves
    out rules by selection, source text and settings, and the check simply does not
    report those.
    """
    return frozenset(
        r.code
        for r in RULES
        if r.check is not None
        and r.accept is not None
        and r.runs_on(root_type, False, profile)
        and (r.scope is not Scope.ROOT or root_type in r.types)
    )


def generate(root_type: str, profile: str) -> str:
    """The source of the compiled check of one kind and profile."""
    codes = accept_codes(root_type, profile)
    schema, owners = gate.accept_schema(root_type, profile, codes)
    return _Compiler(schema, owners, codes).module(root_type, profile)


def pattern_source(pattern: str) -> str:
    """``pattern`` for Python's ``re``: ``$`` outside a class matches only at the very end."""
    out = []
    in_class = False
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if char == "\\":
            out.append(pattern[index : index + 2])
            index += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern.startswith("]", index + 1) or pattern.startswith("^]", index + 1):
                raise ValueError(f"pattern {pattern!r}: a class that starts with ] is not compiled")
        elif char == "$":
            char = "\\Z"
        out.append(char)
        index += 1
    return "".join(out)


class _Compiler:
    """One module: a function per distinct subschema, one per ``$defs`` type reached."""

    def __init__(
        self, root: Mapping[str, Any], owners: Mapping[tuple[str, int], str], codes: frozenset[str]
    ) -> None:
        self._defs: Mapping[str, Any] = root["$defs"]
        self._root = root
        self._owners = owners
        self._codes = codes
        self._functions: dict[str, str] = {}  # canonical schema -> function name
        self._types: dict[str, str] = {}  # $defs type -> function name
        self._bodies: list[str] = []
        self._patterns: dict[str, str] = {}  # pattern -> module-level name
        self._constants: dict[str, str] = {}  # repr of a constant -> module-level name

    def module(self, root_type: str, profile: str) -> str:
        entry = self._schema({k: v for k, v in self._root.items() if k != "$defs"})
        lines = [
            f'"""The accept check of {root_type} in the {profile} profile.',
            "",
            "Generated by ``python -m imagetag_lint.checking.acceptcode --write`` from the",
            "schemas and the rules' ``accept`` fragments; do not edit.",
            '"""',
            "",
            "# ruff: noqa",
            "# mypy: ignore-errors",
            "from ...regex import lazy",
            "from . import MISSING, PLAIN, Unsure, json_in",
            "",
            f"CODES = frozenset({sorted(self._codes)!r})",
        ]
        lines += [f"{name} = lazy({source!r})" for source, name in self._patterns.items()]
        lines += [f"{name} = {value}" for value, name in self._constants.items()]
        lines += self._bodies
        lines += [
            "",
            "",
            "def check(v):",
            "    o = set()",
            f"    return frozenset(o) if {entry}(v, o) else None",
            "",
        ]
        return "\n".join(lines)

    # --- schemas -> functions ------------------------------------------------------------

    def _schema(self, schema: Any) -> str:
        """The name of the function ``f(v, o) -> bool`` that checks ``schema``."""
        if isinstance(schema, Mapping):  # descriptions and titles change nothing
            schema = {k: v for k, v in schema.items() if k not in _ANNOTATIONS}
        key = json.dumps(schema, sort_keys=True)
        name = self._functions.get(key)
        if name is None:
            name = f"_s{len(self._functions)}"
            self._functions[key] = name
            self._emit(name, self._statements(schema))
        return name

    def _type(self, type_name: str) -> str:
        name = self._types.get(type_name)
        if name is None:
            name = f"_t_{type_name}"
            self._types[type_name] = name
            schema = self._defs[type_name]
            parts = list(schema.get("allOf", ()))
            owned = sorted(index for (owner_type, index) in self._owners if owner_type == type_name)
            base_count = owned[0] if owned else len(parts)
            base = {k: v for k, v in schema.items() if k != "allOf"}
            if parts[:base_count]:
                base["allOf"] = parts[:base_count]
            body = [f"    if not {self._schema(base)}(v, o):", "        return False"]
            for index in owned:
                code = self._owners[(type_name, index)]
                body += [
                    f"    if not {self._schema(parts[index])}(v, None):",
                    "        if o is None:",
                    "            raise Unsure",
                    f"        o.add({code!r})",
                ]
            self._emit(name, [*body, "    return True"])
        return name

    def _emit(self, name: str, body: list[str]) -> None:
        self._bodies += ["", "", f"def {name}(v, o):", *body]

    def _statements(self, schema: Any) -> list[str]:
        if schema is True or schema == {}:
            return ["    return True"]
        if schema is False:
            return ["    return False"]
        if not isinstance(schema, Mapping):
            raise ValueError(f"not a schema: {schema!r}")
        unknown = set(schema) - _ANNOTATIONS - _KEYWORDS
        if unknown:
            raise ValueError(f"keywords the compiler does not know: {sorted(unknown)}")
        lines: list[str] = []
        for family, emit in _FAMILIES:
            if not schema.keys().isdisjoint(family):
                lines += emit(self, schema)
        return [*lines, "    return True"]

    def _fail_unless(self, condition: str, indent: str = "    ") -> list[str]:
        return [f"{indent}if not ({condition}):", f"{indent}    return False"]

    def _constant(self, value: Any) -> str:
        if isinstance(value, frozenset):
            text = f"frozenset({sorted(value, key=lambda item: (item is not None, item))!r})"
        else:
            text = repr(value)
        name = self._constants.get(text)
        if name is None:
            name = f"_c{len(self._constants)}"
            self._constants[text] = name
        return name

    def _pattern(self, pattern: str) -> str:
        source = pattern_source(pattern)
        re.compile(source)
        name = self._patterns.get(source)
        if name is None:
            name = f"_p{len(self._patterns)}"
            self._patterns[source] = name
        return name

    # --- keywords ---------------------------------------------------------------------

    def _k_ref(self, schema: Mapping[str, Any]) -> list[str]:
        ref = schema["$ref"]
        if not ref.startswith(_DEFS) or ref[len(_DEFS) :] not in self._defs:
            raise ValueError(f"$ref {ref!r}: only the bundle's own types are compiled")
        return self._fail_unless(f"{self._type(ref[len(_DEFS) :])}(v, o)")

    def _k_type(self, schema: Mapping[str, Any]) -> list[str]:
        names = schema["type"]
        names = [names] if isinstance(names, str) else names
        return self._fail_unless(" or ".join(_TYPE_TESTS[name] for name in names))

    def _k_enum(self, schema: Mapping[str, Any]) -> list[str]:
        return self._member(tuple(schema["enum"]))

    def _k_const(self, schema: Mapping[str, Any]) -> list[str]:
        return self._member((schema["const"],))

    def _member(self, values: tuple[Any, ...]) -> list[str]:
        """``v`` is one of ``values``: a set lookup when they are strings (and null),
        where Python's equality is JSON's; ``json_in`` otherwise."""
        if all(value is None or isinstance(value, str) for value in values):
            known = self._constant(frozenset(values))
            return self._fail_unless(f"(v is None or v.__class__ is str) and v in {known}")
        return self._fail_unless(f"json_in(v, {self._constant(values)})")

    def _k_string(self, schema: Mapping[str, Any]) -> list[str]:
        checks = []
        if "minLength" in schema:
            checks.append(f"len(v) >= {int(schema['minLength'])}")
        if "maxLength" in schema:
            checks.append(f"len(v) <= {int(schema['maxLength'])}")
        if "pattern" in schema:
            checks.append(f"{self._pattern(schema['pattern'])}.search(v) is not None")
        fmt = schema.get("format")
        if fmt is not None and fmt not in _UNCHECKED_FORMATS:
            raise ValueError(f"format {fmt!r} is not compiled (see gate.STRICT_FORMATS)")
        if not checks:
            return []
        return [
            "    if v.__class__ is str:",
            *self._fail_unless(" and ".join(checks), "        "),
            *_NOT_PLAIN,
        ]

    def _k_number(self, schema: Mapping[str, Any]) -> list[str]:
        checks = []
        if "minimum" in schema:
            checks.append(f"v >= {schema['minimum']!r}")
        if "maximum" in schema:
            checks.append(f"v <= {schema['maximum']!r}")
        if not checks:
            return []
        return [
            "    if v.__class__ is int or v.__class__ is float:",
            *self._fail_unless(" and ".join(checks), "        "),
            *_NOT_PLAIN,
        ]

    def _k_object(self, schema: Mapping[str, Any]) -> list[str]:
        body: list[str] = []
        required = schema.get("required", ())
        if required:
            body += self._fail_unless(" and ".join(f"{key!r} in v" for key in required), "        ")
        if "minProperties" in schema:
            body += self._fail_unless(f"len(v) >= {int(schema['minProperties'])}", "        ")
        if "maxProperties" in schema:
            body += self._fail_unless(f"len(v) <= {int(schema['maxProperties'])}", "        ")
        properties = schema.get("properties", {})
        for key, sub in properties.items():
            body += [
                f"        x = v.get({key!r}, MISSING)",
                f"        if x is not MISSING and not {self._schema(sub)}(x, o):",
                "            return False",
            ]
        extra = schema.get("additionalProperties", True)
        if extra is not True and extra != {}:
            known = self._constant(frozenset(properties))
            body += ["        for k, x in v.items():", f"            if k not in {known}:"]
            if extra is False:
                body += ["                return False"]
            else:
                body += [
                    f"                if not {self._schema(extra)}(x, o):",
                    "                    return False",
                ]
        if "propertyNames" in schema:
            names = self._schema(schema["propertyNames"])
            body += [
                "        for k in v:",
                f"            if k.__class__ is not str or not {names}(k, None):",
                "                return False",
            ]
        return ["    if v.__class__ is dict:", *body, *_NOT_PLAIN] if body else []

    def _k_array(self, schema: Mapping[str, Any]) -> list[str]:
        body: list[str] = []
        if "minItems" in schema:
            body += self._fail_unless(f"len(v) >= {int(schema['minItems'])}", "        ")
        if "maxItems" in schema:
            body += self._fail_unless(f"len(v) <= {int(schema['maxItems'])}", "        ")
        prefix = schema.get("prefixItems", ())
        for index, sub in enumerate(prefix):
            body += [
                f"        if len(v) > {index} and not {self._schema(sub)}(v[{index}], o):",
                "            return False",
            ]
        if "items" in schema and schema["items"] is not True and schema["items"] != {}:
            start = f"v[{len(prefix)}:]" if prefix else "v"
            body += [
                f"        for x in {start}:",
                f"            if not {self._schema(schema['items'])}(x, o):",
                "                return False",
            ]
        if "contains" in schema:
            low = int(schema.get("minContains", 1))
            high = schema.get("maxContains")
            count = f"sum(1 for x in v if {self._schema(schema['contains'])}(x, None))"
            test = f"{low} <= n" + (f" <= {int(high)}" if high is not None else "")
            body += [f"        n = {count}", *self._fail_unless(test, "        ")]
        return (
            [
                "    if v.__class__ is list or v.__class__ is tuple:",
                *body,
                *_NOT_PLAIN,
            ]
            if body
            else []
        )

    def _k_all_of(self, schema: Mapping[str, Any]) -> list[str]:
        lines = []
        for sub in schema["allOf"]:
            lines += self._fail_unless(f"{self._schema(sub)}(v, o)")
        return lines

    def _k_any_of(self, schema: Mapping[str, Any]) -> list[str]:
        branches = " or ".join(f"{self._schema(sub)}(v, None)" for sub in schema["anyOf"])
        return self._fail_unless(branches)

    def _k_not(self, schema: Mapping[str, Any]) -> list[str]:
        return [f"    if {self._schema(schema['not'])}(v, None):", "        return False"]

    def _k_if(self, schema: Mapping[str, Any]) -> list[str]:
        if "if" not in schema:
            return []  # then and else alone are ignored
        lines = [f"    if {self._schema(schema['if'])}(v, None):"]
        then, other = schema.get("then"), schema.get("else")
        lines += (
            self._fail_unless(f"{self._schema(then)}(v, o)", "        ")
            if then
            else ["        pass"]
        )
        if other is not None:
            lines += ["    else:", *self._fail_unless(f"{self._schema(other)}(v, o)", "        ")]
        return lines


# The keyword families in the order their checks are emitted (cheap ones first): each
# family's emitter runs once when the schema holds any of its keywords.
_FAMILIES: Final = (
    (("type",), _Compiler._k_type),
    (("const",), _Compiler._k_const),
    (("enum",), _Compiler._k_enum),
    (("minLength", "maxLength", "pattern", "format"), _Compiler._k_string),
    (("minimum", "maximum"), _Compiler._k_number),
    (
        (
            "required",
            "minProperties",
            "maxProperties",
            "properties",
            "additionalProperties",
            "propertyNames",
        ),
        _Compiler._k_object,
    ),
    (
        ("minItems", "maxItems", "prefixItems", "items", "contains", "minContains", "maxContains"),
        _Compiler._k_array,
    ),
    (("$ref",), _Compiler._k_ref),
    (("allOf",), _Compiler._k_all_of),
    (("anyOf",), _Compiler._k_any_of),
    (("not",), _Compiler._k_not),
    (("if", "then", "else"), _Compiler._k_if),
)
_KEYWORDS: Final = frozenset(keyword for family, _ in _FAMILIES for keyword in family)


def sources() -> dict[Path, str]:
    """Every generated module's path and text: the compiled checks, the type graph and
    the rules' index. The table of patterns depends on these modules as they are on
    disk, so ``main`` makes it after them."""
    compiled = {
        FOLDER / f"{module_name(kind, profile)}.py": generate(kind, profile)
        for kind in IMAGE_KINDS
        for profile in PROFILES
    }
    return {
        **compiled,
        TYPEGRAPH_TABLE: typegraph.table_source(),
        RULES_INDEX_TABLE: rules_index.table_source(),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m imagetag_lint.checking.acceptcode",
        description="Compile the gate's accept schemas into checking/compiled/, and write"
        " the type graph into openshift/typegraph_table.py.",
    )
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="rewrite the modules")
    action.add_argument("--check", action="store_true", help="exit 1 if a module is not current")
    args = parser.parse_args(argv)
    stale = [path.name for path, text in sources().items() if _stale(path, text, args.write)]
    # The patterns are read from the modules just written. The table is for this Python
    # only (see ``regex``): one written for another is left alone unless rewritten.
    ours = args.write or regex.this_python() == regex_table.BUILT_FOR
    if ours and _stale(REGEX_TABLE, regex.table_source(), args.write):
        stale.append(REGEX_TABLE.name)
    if args.check and stale:
        print(f"not current: {', '.join(stale)} (run with --write)", file=sys.stderr)
        return 1
    return 0


def _stale(path: Path, text: str, write: bool) -> bool:
    """Whether ``path`` does not hold ``text``; with ``write``, it is rewritten then."""
    current = path.read_text(encoding="utf-8") if path.exists() else None
    if current == text:
        return False
    if write:
        path.write_text(text, encoding="utf-8")
    return True


if __name__ == "__main__":
    raise SystemExit(main())
