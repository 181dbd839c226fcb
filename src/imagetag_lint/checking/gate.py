"""The validity gate: a fast yes/no before anything explains.

Fast accept, slow explain: most objects are clean, and a clean object needs no
message, pointer or position. So the gate first asks one question per object:
is it valid against the bundled schema *and* against what each rule declares a
clean object looks like (its ``accept`` fragments, added to the API types'
schemas; see ``rules._rule``)? If so, neither jsonschema nor those rules run for
it; only the rules that declare no ``accept`` do. If the object fails only some
rules' fragments, only those rules explain it (``failing``); any other object
takes the slow path, where jsonschema and every rule explain it exactly as
without the gate.

Two engines answer the same question. The compiled checks (``checking.compiled``,
generated ahead of time by ``checking.acceptcode``) are plain Python that costs
nothing to set up: they answer for the first ``SMALL_RUN`` objects of a process,
so a one-file run never imports a native validator. jsonschema-rs (a dependency
where it publishes wheels) checks an object several times faster once set up, so it
answers after that. Its messages differ in form, so it only answers; jsonschema
(imported only then) explains. Formats are patterns here that accept a subset of
what the schema layer's format functions accept (``STRICT_FORMATS``), and anything
jsonschema-rs cannot take (a number beyond 64 bits, a non-string key, a NaN)
counts as "not known valid". The gate can therefore make a run faster, never
different. ``IMAGETAG_LINT_GATE`` picks an engine (``python``, ``rs``) or switches
the gate ``off``, when every object goes to jsonschema and every rule: the
differential tests compare all three ways.
"""

from __future__ import annotations

import os
from _thread import allocate_lock
from collections.abc import Callable, Iterator, Mapping
from functools import cache

from ..frozen import NamedTuple
from ..rules import BY_CODE
from . import compiled

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

    Check = Callable[[Any], bool]

_lock = allocate_lock()  # threading.Lock, without importing threading on every run


def enabled() -> bool:
    """Whether the gate is on: not switched off by ``IMAGETAG_LINT_GATE``."""
    return _mode() != "off"


def known_valid(obj: Any, root_type: str, profile: str) -> bool:
    """True only when ``obj`` certainly has no schema finding for this type and profile."""
    if _mode() in ("off", "python") or _checker_factory() is None:
        return False
    with _lock:  # one build per (type, profile), even in a threaded webhook
        check = _checker(root_type, profile)
    try:
        return check(obj)
    except Exception:  # a value jsonschema-rs cannot represent: let jsonschema decide
        return False


def accepts(obj: Any, root_type: str, profile: str, codes: frozenset[str]) -> bool:
    """True only when ``obj`` has no schema finding and no finding from the rules ``codes``.

    ``codes`` are rules that declare ``accept`` and run on this type and profile.
    """
    return failing(obj, root_type, profile, codes) == frozenset()


def failing(obj: Any, root_type: str, profile: str, codes: frozenset[str]) -> frozenset[str] | None:
    """Which of the rules ``codes`` may have something to say about ``obj``.

    The empty set: none, and the schema has nothing to say either (``obj`` is
    accepted). Some codes: the object fails only those rules' fragments, so only
    those rules (and the ones that declare no ``accept``) need to explain it.
    None: anything else, the schema itself included; everything explains it.

    The first ``SMALL_RUN`` objects of a process are checked by the compiled
    Python checks (``checking.compiled``), which cost nothing to set up; after
    that, jsonschema-rs, which costs tens of milliseconds to import and compile
    and then checks an object several times faster. Without jsonschema-rs the
    compiled checks answer for every object.
    """
    mode = _mode()
    if mode == "off":
        return None
    global _checked
    if mode == "python" or (mode == "auto" and (_checked < SMALL_RUN or not _rs_installed())):
        check = _compiled_check(root_type, profile, codes)
        if check is not None:
            _checked += 1
            found = check(obj)
            return None if found is None else found & codes
        if mode == "python":
            return None
    return _rs_failing(obj, root_type, profile, codes)


# How many objects a process checks with the compiled Python checks before it sets up
# jsonschema-rs: about where its set-up (import, compile) costs what it then saves.
SMALL_RUN: Final = 500
_checked = 0


def expect_many() -> None:
    """Say that this process will check many objects (a server, a run over many files):
    jsonschema-rs answers from the next object on, where it is installed."""
    global _checked
    _checked = max(_checked, SMALL_RUN)


@cache
def _compiled_check(root_type: str, profile: str, codes: frozenset[str]) -> compiled.Check | None:
    """The compiled check of this kind and profile, if it consults every rule of ``codes``."""
    loaded = compiled.load(root_type, profile)
    return loaded[0] if loaded is not None and codes <= loaded[1] else None


def _rs_failing(
    obj: Any, root_type: str, profile: str, codes: frozenset[str]
) -> frozenset[str] | None:
    """``failing`` by jsonschema-rs.

    Each rule's fragments are sufficient on their own, so a rule whose fragments
    all hold has nothing to say whatever else fails. A failure is put down to a
    rule only where jsonschema-rs locates it inside that rule's fragment (at
    ``$defs/<Type>/allOf/<i>``), which needs fragments without ``$ref``: a
    failure reported through a reference, or where the schema sums up several
    (``anyOf``), could hide another rule's, so it makes the answer None.
    """
    if _checker_factory() is None:
        return None
    with _lock:
        acceptor = _acceptor(root_type, profile, codes)
    try:
        if acceptor.is_valid(obj):
            return frozenset()
        if acceptor.owners is None:
            return None
        found = set()
        for error in acceptor.iter_errors(obj):
            path = error.schema_path
            owner = acceptor.owners.get((path[1], path[3])) if len(path) > 3 else None
            if path[0] != "$defs" or path[2] != "allOf" or owner is None:
                return None  # the schema itself, or not known to be one rule's
            found.add(owner)
        return frozenset(found) or None
    except Exception:  # a value jsonschema-rs cannot represent: take the slow path
        return None


class _Acceptor(NamedTuple):
    is_valid: Check
    iter_errors: Callable[[Any], Iterator[Any]]
    # ($defs type, index in its allOf) -> the rule whose fragment sits there; None when
    # a fragment holds a ``$ref`` and failures cannot be put down to one rule.
    owners: Mapping[tuple[str, int], str] | None


def accept_schema(
    root_type: str, profile: str, codes: frozenset[str]
) -> tuple[dict[str, Any], dict[tuple[str, int], str]]:
    """The bundle with the rules' ``accept`` fragments added, its root at ``root_type``;
    and which rule owns each fragment (``$defs`` type, index in its ``allOf``)."""
    from ..openshift.schemas import bundle

    root = bundle(profile)
    defs = root["$defs"]
    fragments: dict[str, list[tuple[str, Any]]] = {}
    for code in sorted(codes):
        accept = BY_CODE[code].accept
        if accept is None:
            raise ValueError(f"rule {code} declares no accept fragments")
        for type_name, fragment in accept.items():
            if type_name not in defs:
                raise ValueError(f"rule {code}: no API type {type_name} in the schemas")
            fragments.setdefault(type_name, []).append((code, fragment))
    owners = {}
    for type_name, parts in fragments.items():
        base = list(defs[type_name].get("allOf", ()))
        for index, (code, _) in enumerate(parts, start=len(base)):
            owners[(type_name, index)] = code
        defs[type_name] = {**defs[type_name], "allOf": [*base, *(part for _, part in parts)]}
    root["$defs"] = _strict_formats(defs)
    return {**root, "$ref": f"#/$defs/{root_type}"}, owners


# Patterns that accept a subset of what the ``FORMATS`` functions accept, so the
# gate checks formats in jsonschema-rs itself instead of calling back into Python
# for every time and every signature. What they leave out is rare in real objects
# and takes the slow path: February 29 (a leap day only in some years), lower-case
# ``t``/``z``, digits beyond ASCII, and base64 with line breaks.
_DATE = (
    "[0-9]{4}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    "|(?:0[13-9]|1[0-2])-(?:29|30)|(?:0[13578]|1[02])-31)"
)
_CLOCK = "(?:[01][0-9]|2[0-3]):[0-5][0-9]"
STRICT_FORMATS: Final = {
    "date-time": f"^{_DATE}T{_CLOCK}:[0-5][0-9](?:\\.[0-9]+)?(?:Z|[+-]{_CLOCK})$",
    "byte": "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
}


def _strict_formats(value: Any) -> Any:
    """``value`` with each ``format`` of ``STRICT_FORMATS`` replaced by its pattern."""
    if isinstance(value, dict):
        rewritten = {key: _strict_formats(item) for key, item in value.items()}
        strict = STRICT_FORMATS.get(value.get("format"))  # type: ignore[arg-type]
        if strict is not None:
            del rewritten["format"]
            rewritten["allOf"] = [*rewritten.get("allOf", ()), {"pattern": strict}]
        return rewritten
    if isinstance(value, list):
        return [_strict_formats(item) for item in value]
    return value


@cache
def _acceptor(root_type: str, profile: str, codes: frozenset[str]) -> _Acceptor:
    import json

    schema, owners = accept_schema(root_type, profile, codes)
    validator = _validator(schema)
    referring = any("$ref" in json.dumps(BY_CODE[code].accept) for code in codes)
    return _Acceptor(validator.is_valid, validator.iter_errors, None if referring else owners)


@cache
def _mode() -> str:
    """``IMAGETAG_LINT_GATE``: off, python (compiled checks only), rs (jsonschema-rs) or auto."""
    value = os.environ.get("IMAGETAG_LINT_GATE", "").lower()
    if value in ("off", "0", "no", "false"):
        return "off"
    return value if value in ("python", "rs") else "auto"


@cache
def _rs_installed() -> bool:
    """Whether jsonschema-rs can be imported, without importing it."""
    from importlib.util import find_spec

    return find_spec("jsonschema_rs") is not None


@cache
def _checker_factory() -> Callable[..., Any] | None:
    """jsonschema-rs's validator class, or None when it is not installed."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    factory: Callable[..., Any] = jsonschema_rs.Draft202012Validator
    return factory


@cache
def _checker(root_type: str, profile: str) -> Check:
    # The bundle itself with its root pointed at the type: no registry needed.
    from ..openshift.schemas import bundle

    return _compile({**bundle(profile), "$ref": f"#/$defs/{root_type}"})


def _compile(root: dict[str, Any]) -> Check:
    is_valid: Check = _validator(root).is_valid
    return is_valid


def _validator(root: dict[str, Any]) -> Any:
    from ..openshift.schemas import FORMATS

    factory = _checker_factory()
    assert factory is not None
    return factory(
        root,
        formats=dict(FORMATS),
        validate_formats=True,
        ignore_unknown_formats=True,
    )
