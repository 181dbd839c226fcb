"""Configuration files: ``[tool.imagetag-lint]`` in ``pyproject.toml`` or ``.imagetag-lint.toml``.

A file's configuration is the closest one found from its directory upward; in
one directory ``.imagetag-lint.toml`` (top-level keys) wins over
``pyproject.toml`` (the ``[tool.imagetag-lint]`` table; a ``pyproject.toml``
without it is passed over). Every key is checked here, so a typo is a usage
error that names it, never a silently ignored setting. Nothing is ever written.
"""

from __future__ import annotations

import fnmatch
import os
import re
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType

from ..errors import Invalid, UsageError, located
from ..frozen import Frozen
from ..regex import lazy
from ..settings import AllowedRegistry

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEDICATED = ".imagetag-lint.toml"
PYPROJECT = "pyproject.toml"
TOOL = "imagetag-lint"


class ConfigFile(Frozen):
    """The checked values of one configuration file (kebab-case keys, as written)."""

    __slots__ = ("path", "values")
    _fields = ("path", "values")

    path: str | None  # None: no file (``--isolated`` or none found)
    values: Mapping[str, Any]

    def __init__(self, path: str | None = None, values: Mapping[str, Any] | None = None) -> None:
        self._init(path, MappingProxyType({}) if values is None else values)

    @property
    def directory(self) -> str:
        return os.path.dirname(self.path) if self.path else os.getcwd()

    def get(self, key: str) -> Any:
        return self.values.get(key)

    def serve(self) -> dict[str, Any]:
        """The ``serve`` table, its file names made absolute from this file's directory."""
        table = dict(self.values.get("serve") or {})
        for name in SERVE_PATHS:
            if name in table:
                table[name] = os.path.join(self.directory, table[name])
        return table

    def ignores_for(self, path: str) -> frozenset[str]:
        """The entries of ``per-file-ignores`` whose glob matches ``path``."""
        table: Mapping[str, list[str]] = self.values.get("per-file-ignores") or {}
        if not table:
            return frozenset()
        relative = os.path.relpath(os.path.abspath(path), self.directory).replace(os.sep, "/")
        name = os.path.basename(path)
        entries: set[str] = set()
        for pattern, codes in table.items():
            if fnmatch.fnmatchcase(relative, pattern) or fnmatch.fnmatchcase(name, pattern):
                entries.update(codes)
        return frozenset(entries)


EMPTY = ConfigFile()


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise UsageError(f"'{key}' must be a string")
    return value


def _choice(*choices: str) -> Callable[[str, Any], str]:
    def check(key: str, value: Any) -> str:
        if value not in choices:
            raise UsageError(f"'{key}' must be one of {', '.join(map(repr, choices))}")
        return str(value)

    return check


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise UsageError(f"'{key}' must be true or false")
    return value


def _strings(key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"'{key}' must be a list of strings")
    return list(value)


def _positive_int(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise UsageError(f"'{key}' must be a positive integer")
    return value


def _jobs(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"'{key}' must be a number of processes (0: one per CPU)")
    return value


def _string_table(key: str, value: Any) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise UsageError(f"'{key}' must be a table of strings")
    return dict(value)


def _list_table(key: str, value: Any) -> dict[str, list[str]]:
    if not isinstance(value, dict):
        raise UsageError(f"'{key}' must be a table of lists of strings")
    return {pattern: _strings(f"{key}.{pattern}", codes) for pattern, codes in value.items()}


def _per_file_ignores(key: str, value: Any) -> dict[str, list[str]]:
    from ..checking.selection import resolve_all

    table = _list_table(key, value)
    for pattern, entries in table.items():
        with located(f"'{key}.{pattern}'"):
            resolve_all(entries)
    return table


def _registries(key: str, value: Any) -> tuple[AllowedRegistry, ...]:
    if not isinstance(value, list):
        raise UsageError(f"'{key}' must be a list of tables")
    return tuple(_registry(f"{key}[{index}]", item) for index, item in enumerate(value))


def _registry(key: str, value: Any) -> AllowedRegistry:
    if not isinstance(value, dict):
        raise UsageError(f"'{key}' must be a table with 'domain-name' and 'insecure'")
    unknown = sorted(set(value) - {"domain-name", "insecure"})
    if unknown:
        raise UsageError(f"unknown key '{key}.{unknown[0]}'")
    if "domain-name" not in value:
        raise UsageError(f"'{key}' lacks 'domain-name'")
    domain = _string(f"{key}.domain-name", value["domain-name"])
    return AllowedRegistry(domain, _boolean(f"{key}.insecure", value.get("insecure", False)))


def _kinds(key: str, value: Any) -> frozenset[str]:
    from ..openshift.kinds import parse_kinds

    names = value if isinstance(value, str) else ",".join(_strings(key, value))
    parsed = parse_kinds(names)
    if isinstance(parsed, Invalid):
        raise UsageError(f"'{key}': {parsed.message}")
    return parsed


def _format(key: str, value: Any) -> str:
    from ..reporting import FORMATS

    return _choice(*sorted(FORMATS))(key, value)


def _port(key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 65535:
        raise UsageError(f"'{key}' must be a port number (0 to 65535)")
    return value


def _seconds(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e9:
        raise UsageError(f"'{key}' must be a number of seconds (0 or more)")
    return float(value)


# The webhook server's keys (``[tool.imagetag-lint.serve]``, or ``[serve]`` in
# .imagetag-lint.toml): one per option of ``imagetag-lint serve``, under the same name.
SERVE_KEYS: dict[str, Callable[[str, Any], Any]] = {
    "cert": _string,
    "key": _string,
    "host": _string,
    "port": _port,
    "client-ca": _string,
    "client-cn": _strings,
    "tls-min-version": _choice("1.2", "1.3"),
    "max-body": _positive_int,
    "max-concurrency": _positive_int,
    "shutdown-delay": _seconds,
    "metrics-port": _port,
    "on-timeout": _choice("deny", "allow"),
}
# Files named in the serve table: relative to the configuration's directory, like its globs.
SERVE_PATHS = ("cert", "key", "client-ca")


def _serve(key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise UsageError(f"'{key}' must be a table")
    unknown = sorted(set(value) - set(SERVE_KEYS))
    if unknown:
        raise UsageError(f"unknown key '{key}.{unknown[0]}'")
    return {name: SERVE_KEYS[name](f"{key}.{name}", item) for name, item in value.items()}


# Every key a configuration may hold, and how it is checked. Every command-line
# option (except --config, --isolated, --show-settings and the fixing options, which
# only a person running the command may ask for) has its key here, under the same name
# (``--no-respect-gitignore`` is ``respect-gitignore = false``).
KEYS: dict[str, Callable[[str, Any], Any]] = {
    "profile": _choice("manifest", "object"),
    "format": _format,
    "output": _string,
    "stdin-filename": _string,
    "select": _strings,
    "ignore": _strings,
    "extend-select": _strings,
    "severity": _string_table,
    "fail-on": _choice("error", "warning"),
    "exit-zero": _boolean,
    "statistics": _boolean,
    "quiet": _boolean,
    "verbose": _boolean,
    "color": _choice("auto", "always", "never"),
    "max-file-size": _positive_int,
    "jobs": _jobs,
    "allowed-registries": _registries,
    "per-file-ignores": _per_file_ignores,
    "kinds": _kinds,
    "exclude": _strings,  # globs relative to this file's directory; replaces the defaults
    "extend-exclude": _strings,
    "respect-gitignore": _boolean,
    "force-exclude": _boolean,
    "serve": _serve,  # imagetag-lint serve's own options (the linting keys above apply too)
}


def check(table: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise UsageError(f"unknown key '{unknown[0]}'")
    return {key: KEYS[key](key, value) for key, value in table.items()}


def load(path: str) -> ConfigFile | None:
    """The configuration in one file; ``None`` for a ``pyproject.toml`` without our table.

    A ``pyproject.toml`` whose text cannot define ``tool.imagetag-lint``
    (``may_hold_our_table``) is passed over unparsed, invalid TOML included: it is
    some other tool's file.
    """
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise UsageError(f"{path}: {(error.strerror or str(error)).lower()}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: not UTF-8 ({error.reason})") from None
    is_pyproject = os.path.basename(path) == PYPROJECT
    if is_pyproject and not may_hold_our_table(text):
        return None
    # Imported here: a run in a tree without configuration files never parses TOML.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    if is_pyproject:
        tool = document.get("tool", {})
        if not isinstance(tool, dict) or TOOL not in tool:
            return None
        table = tool[TOOL]
        if not isinstance(table, dict):
            raise UsageError(f"{path}: [tool.{TOOL}] must be a table")
    else:
        table = document
    with located(path):
        return ConfigFile(os.path.abspath(path), MappingProxyType(check(table)))


# TOML can only name ``tool.imagetag-lint`` in these ways: a header or a dotted key
# (``[tool.imagetag-lint]``, ``tool.imagetag-lint.profile = ...``) or an inline table
# (``tool = {imagetag-lint = ...}``), each on one line that holds both names; a key
# under a ``[tool]`` header; or a quoted key that escapes a character.
_TOOL_LINE = lazy(r"\btool\b.*\bimagetag-lint\b")
_TOOL_HEADER = lazy(r"^[ \t]*\[[ \t]*(?:tool|\"tool\"|'tool')[ \t]*\]", re.MULTILINE)


def may_hold_our_table(text: str) -> bool:
    """False only when ``pyproject.toml`` text certainly does not define our table.

    Most projects' ``pyproject.toml`` is some other tool's, and parsing one imports a
    TOML parser that costs more than a tenth of a run of one file.
    """
    return (
        "\\u" in text
        or "\\U" in text
        or _TOOL_HEADER.search(text) is not None
        or _TOOL_LINE.search(text) is not None
    )


def load_explicit(path: str) -> ConfigFile:
    """``--config PATH``: the file must exist and hold a configuration."""
    config = load(path)
    if config is None:
        raise UsageError(f"{path}: no [tool.{TOOL}] table")
    return config


class Discovery:
    """The closest configuration of each directory, each file read at most once."""

    def __init__(self) -> None:
        self._by_directory: dict[str, ConfigFile] = {}
        # The directory part of a path as written: pre-commit names thousands of files
        # in a few directories, and each is looked up several times.
        self._by_written: dict[str, ConfigFile] = {}

    def for_path(self, path: str) -> ConfigFile:
        written = os.path.dirname(path)
        cached = self._by_written.get(written)
        if cached is None:
            cached = self.for_directory(os.path.dirname(os.path.abspath(path)))
            self._by_written[written] = cached
        return cached

    def for_directory(self, directory: str) -> ConfigFile:
        directory = os.path.abspath(directory)
        cached = self._by_directory.get(directory)
        if cached is not None:
            return cached
        config = self._in(directory)
        if config is None:
            parent = os.path.dirname(directory)
            config = EMPTY if parent == directory else self.for_directory(parent)
        self._by_directory[directory] = config
        return config

    @staticmethod
    def _in(directory: str) -> ConfigFile | None:
        for name in (DEDICATED, PYPROJECT):
            candidate = os.path.join(directory, name)
            if os.path.isfile(candidate):
                config = load(candidate)
                if config is not None:
                    return config
        return None
