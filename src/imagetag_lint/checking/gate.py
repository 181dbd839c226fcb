"""The validity gate: a fast yes/no from jsonschema-rs before jsonschema explains.

jsonschema-rs (the optional ``fast`` extra) validates the same bundled schema
about 70x faster than jsonschema, but its messages differ in form. So it only
answers "valid" or "not known to be valid": a valid object needs no message and
skips jsonschema (and its import) entirely; any other object is explained by
jsonschema exactly as without the gate. The gate can therefore make a run
faster, never different, as long as it never calls an invalid object valid; a
differential test over generated objects keeps the two engines in agreement.

The formats are checked with the same functions as the schema layer uses
(``openshift.schemas.FORMATS``), and anything jsonschema-rs cannot take (a
number beyond 64 bits, a non-string key, a NaN) counts as "not known valid".
Without jsonschema-rs, or with ``IMAGETAG_LINT_GATE=off``, every object goes
to jsonschema.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from functools import cache
from typing import Any

from ..openshift.schemas import FORMATS, bundle

Check = Callable[[Any], bool]

_lock = threading.Lock()


def enabled() -> bool:
    """Whether the gate is on: jsonschema-rs importable and not switched off."""
    return _checker_factory() is not None


def known_valid(obj: Any, root_type: str, profile: str) -> bool:
    """True only when ``obj`` certainly has no schema finding for this type and profile."""
    if _checker_factory() is None:
        return False
    with _lock:  # one build per (type, profile), even in a threaded webhook
        check = _checker(root_type, profile)
    try:
        return check(obj)
    except Exception:  # a value jsonschema-rs cannot represent: let jsonschema decide
        return False


@cache
def _checker_factory() -> Callable[..., Any] | None:
    if os.environ.get("IMAGETAG_LINT_GATE", "").lower() in ("off", "0", "no", "false"):
        return None
    try:
        import jsonschema_rs
    except ImportError:
        return None
    factory: Callable[..., Any] = jsonschema_rs.Draft202012Validator
    return factory


@cache
def _checker(root_type: str, profile: str) -> Check:
    factory = _checker_factory()
    assert factory is not None
    # The bundle itself with its root pointed at the type: no registry needed.
    root = {**bundle(profile), "$ref": f"#/$defs/{root_type}"}
    validator = factory(
        root,
        formats=dict(FORMATS),
        validate_formats=True,
        ignore_unknown_formats=True,
    )
    is_valid: Check = validator.is_valid
    return is_valid
