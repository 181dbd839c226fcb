"""The public Python API: lint files, text or already decoded objects."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from typing import Any

from .checking import engine
from .codes import LIMIT
from .diagnostics import Diagnostic
from .loading.documents import LoadFailure
from .openshift.schemas import PROFILES
from .settings import DEFAULT_SETTINGS, Settings


def _with_profile(profile: str | None, settings: Settings | None) -> Settings:
    settings = settings or DEFAULT_SETTINGS
    if profile is None:
        return settings
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    return dataclasses.replace(settings, profile=profile)


def validate(
    obj: Mapping[str, Any],
    *,
    profile: str | None = None,
    settings: Settings | None = None,
    old_object: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """Findings for a decoded object (an admission request's ``object``, say).

    No I/O; thread-safe; schemas and validators are built once per process.
    Findings carry JSON pointers and no positions. ``old_object`` is the stored
    object an update replaces: with it the update rules (ITL250-ITL253) run and
    create-only checks (a missing ``spec``) are dropped.
    """
    return engine.lint_object(obj, _with_profile(profile, settings), old=old_object)


def lint_text(
    text: str,
    filename: str = "<string>",
    *,
    profile: str | None = None,
    settings: Settings | None = None,
) -> list[Diagnostic]:
    """Findings, with line and column, for YAML or JSON text."""
    return engine.lint_text(text, filename, _with_profile(profile, settings))


def lint_path(
    path: str | os.PathLike[str], *, profile: str | None = None, settings: Settings | None = None
) -> list[Diagnostic]:
    """Findings for one file. Raises ``OSError`` when the file cannot be read.

    A file larger than ``max_file_size`` is not read: one ``ITL005`` finding.
    """
    settings = _with_profile(profile, settings)
    with open(path, "rb") as handle:
        data = handle.read(settings.max_file_size + 1)
    if len(data) > settings.max_file_size:
        message = f"file is larger than {settings.max_file_size} bytes; not read"
        failure = LoadFailure(LIMIT, message, None, 0)
        return list(engine.failure_diagnostics(failure, os.fspath(path), settings))
    return engine.lint_bytes(data, os.fspath(path), settings)
