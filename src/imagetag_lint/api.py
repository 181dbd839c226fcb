"""The public Python API: lint files, text or already decoded objects; fix text."""

from __future__ import annotations

import os
from collections.abc import Mapping

from .checking import engine, fixing
from .diagnostics import Diagnostic
from .loading import files
from .openshift.schemas import PROFILES
from .settings import DEFAULT_SETTINGS, Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def _with_profile(profile: str | None, settings: Settings | None) -> Settings:
    settings = settings or DEFAULT_SETTINGS
    if profile is None or profile == settings.profile:
        return settings
    if profile not in PROFILES:
        raise ValueError(f"unknown profile {profile!r}; expected one of {', '.join(PROFILES)}")
    if settings is DEFAULT_SETTINGS:
        return _DEFAULT_BY_PROFILE[profile]  # the webhook's common case: no copy per call
    return settings.replace(profile=profile)


_DEFAULT_BY_PROFILE = {name: DEFAULT_SETTINGS.replace(profile=name) for name in PROFILES}


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
    name = os.fspath(path)
    contents = files.read(name, settings.max_file_size)
    if isinstance(contents, files.InputError):
        raise contents.error
    return engine.lint_input(contents, name, settings).diagnostics


def fix_text(
    text: str,
    filename: str = "<string>",
    *,
    profile: str | None = None,
    settings: Settings | None = None,
    unsafe: bool = False,
) -> tuple[str, list[Diagnostic]]:
    """YAML or JSON text with the rules' fixes applied, and the findings left in it.

    Safe fixes only, unless ``unsafe``: those rename or remove what the author
    wrote. Outside the edited spans the text is kept byte for byte, comments
    included; a text with nothing to fix is returned as it is. ``filename``
    decides, as in ``lint_text``, whether the text is read as JSON.
    """
    fixed = fixing.fix_text(text, filename, _with_profile(profile, settings), unsafe=unsafe)
    return fixed.text, fixed.diagnostics
