"""One run's options: the command line over the configuration over the defaults.

Options about the report (format, output, colour, failing) come from the
command line and the configuration of the working directory (or ``--config``).
Options about what is checked, and which files (``exclude``, ``extend-exclude``,
``respect-gitignore``, ``force-exclude``), come from the command line and the
configuration closest to each linted file or walked directory, so a subdirectory
can check differently. Exclude globs are relative to the directory of the file that
sets them, those given on the command line to the working directory.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from types import MappingProxyType

from ..checking import selection
from ..diagnostics import Severity
from ..errors import UsageError, located
from ..frozen import NamedTuple
from ..loading import files
from ..openshift.kinds import IMAGE_KINDS
from ..settings import DEFAULT_SETTINGS, Settings
from .files import EMPTY, KEYS, ConfigFile, Discovery, load_explicit

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from types import SimpleNamespace
    from typing import IO, Any, TypeVar

    _T = TypeVar("_T")
    # The command line read: by argparse, or by the CLI's plain reader (same attributes).
    Arguments = argparse.Namespace | SimpleNamespace

DEFAULT_FORMAT = "concise"


class RunOptions:
    """The options of one run, as ``from_args`` resolves them (defaults live there)."""

    __slots__ = (
        "_excludes",
        "_settings",
        "base",
        "cli",
        "color",
        "discovery",
        "exit_zero",
        "explicit",
        "fail_on",
        "format",
        "jobs",
        "output",
        "quiet",
        "statistics",
        "stdin_filename",
        "verbose",
    )

    format: str
    output: str | None  # None: standard output
    color: str  # auto, always or never
    stdin_filename: str
    statistics: bool
    quiet: bool  # findings only: no summary line, no warnings
    verbose: bool  # list skipped documents (and files named but excluded) on standard error
    fail_on: Severity
    exit_zero: bool
    jobs: int  # processes (a 0 given means one per CPU)
    cli: Mapping[str, Any]  # config key -> command-line value
    explicit: ConfigFile | None  # --config, or EMPTY for --isolated
    discovery: Discovery
    base: ConfigFile  # where the report options come from
    _settings: dict[tuple[str | None, frozenset[str]], Settings]
    _excludes: dict[str | None, tuple[files.Glob, ...]]

    def __init__(
        self,
        format: str,
        output: str | None,
        color: str,
        stdin_filename: str,
        statistics: bool,
        quiet: bool,
        verbose: bool,
        fail_on: Severity,
        exit_zero: bool,
        jobs: int,
        cli: Mapping[str, Any],
        explicit: ConfigFile | None,
        discovery: Discovery,
        base: ConfigFile,
        _settings: dict[tuple[str | None, frozenset[str]], Settings] | None = None,
        _excludes: dict[str | None, tuple[files.Glob, ...]] | None = None,
    ) -> None:
        self.format = format
        self.output = output
        self.color = color
        self.stdin_filename = stdin_filename
        self.statistics = statistics
        self.quiet = quiet
        self.verbose = verbose
        self.fail_on = fail_on
        self.exit_zero = exit_zero
        self.jobs = jobs
        self.cli = cli
        self.explicit = explicit
        self.discovery = discovery
        self.base = base
        self._settings = {} if _settings is None else _settings
        self._excludes = {} if _excludes is None else _excludes

    @classmethod
    def from_args(cls, args: Arguments) -> RunOptions:
        if args.config and args.isolated:
            raise UsageError("--config and --isolated cannot be combined")
        cli = _cli_values(args)
        explicit = load_explicit(args.config) if args.config else (EMPTY if args.isolated else None)
        discovery = Discovery()
        base = explicit if explicit is not None else discovery.for_directory(os.getcwd())

        def value(key: str, default: Any) -> Any:
            if cli.get(key) is not None:
                return cli[key]
            configured = base.get(key)
            return default if configured is None else configured

        options = cls(
            format=value("format", _default_format()),
            output=value("output", None),
            color=value("color", "auto"),
            stdin_filename=value("stdin-filename", "<stdin>"),
            statistics=value("statistics", False),
            quiet=value("quiet", False),
            verbose=value("verbose", False),
            fail_on=Severity(value("fail-on", "error")),
            exit_zero=value("exit-zero", False),
            jobs=value("jobs", 1) or os.cpu_count() or 1,
            cli=cli,
            explicit=explicit,
            discovery=discovery,
            base=base,
        )
        options.settings_for(os.path.join(os.getcwd(), "-"))  # usage errors before any output
        return options

    def config_for(self, path: str) -> ConfigFile:
        if self.explicit is not None:
            return self.explicit
        return self.discovery.for_path(path)

    def settings_for(self, path: str) -> Settings:
        """The settings of one linted file (its configuration, then its per-file ignores)."""
        config = self.config_for(path)
        extra = config.ignores_for(path)
        key = (config.path, extra)
        cached = self._settings.get(key)
        if cached is None:
            cached = _settings(self.cli, config)
            if extra:
                with located(f"{config.path}: per-file-ignores"):
                    added = selection.resolve_all(extra)
                cached = cached.replace(ignore=cached.ignore | added)
            self._settings[key] = cached
        return cached

    # --- which files: the ``files.Choice`` of a run ---------------------------------------

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether a walk skips ``path``: the exclude globs of its directory's configuration."""
        return files.matches_any(self.excludes_for(self.config_for(path)), path, is_dir)

    def respects_gitignore(self, directory: str) -> bool:
        return bool(self._flag("respect-gitignore", self._config_of_directory(directory), True))

    def force_excluded(self, path: str, is_dir: bool) -> bool:
        config = self.config_for(path)
        return bool(self._flag("force-exclude", config, False)) and self.named_excluded(
            path, is_dir
        )

    def named_excluded(self, path: str, is_dir: bool) -> bool:
        """Whether exclude globs match ``path`` or a directory of it below its configuration."""
        config = self.config_for(path)
        globs = self.excludes_for(config)
        absolute = os.path.abspath(path)
        if files.matches_any(globs, absolute, is_dir):
            return True
        top = os.path.join(os.path.abspath(config.directory), "")
        parent = os.path.dirname(absolute)
        while parent.startswith(top) and parent != os.path.dirname(parent):
            if files.matches_any(globs, parent, True):
                return True
            parent = os.path.dirname(parent)
        return False

    def excludes_for(self, config: ConfigFile) -> tuple[files.Glob, ...]:
        """``exclude`` (or the defaults), then ``extend-exclude``: the file's, then the run's."""
        cached = self._excludes.get(config.path)
        if cached is None:
            sources = _exclude_sources(self.cli, config)
            cached = tuple(
                g for patterns, base in sources for g in files.parse_globs(patterns, base)
            )
            self._excludes[config.path] = cached
        return cached

    def _config_of_directory(self, directory: str) -> ConfigFile:
        return (
            self.explicit if self.explicit is not None else self.discovery.for_directory(directory)
        )

    def _flag(self, key: str, config: ConfigFile, default: bool) -> Any:
        if self.cli.get(key) is not None:
            return self.cli[key]
        configured = config.get(key)
        return default if configured is None else configured

    # --- --show-settings ----------------------------------------------------------------

    def shown(self, path: str) -> Shown:
        """Every key's value for ``path``, as a run would resolve it."""
        if not os.path.exists(path):
            raise UsageError(f"{path}: no such file or directory")
        is_dir = os.path.isdir(path)
        config = self._config_of_directory(path) if is_dir else self.config_for(path)
        checking = _checking_values(self.cli, config)
        report = {
            "format": self.format,
            "output": self.output,
            "stdin-filename": self.stdin_filename,
            "fail-on": self.fail_on.value,
            "exit-zero": self.exit_zero,
            "statistics": self.statistics,
            "quiet": self.quiet,
            "verbose": self.verbose,
            "color": self.color,
            "jobs": self.jobs,
            "serve": self.base.serve(),
        }
        (exclude, _), *extend = _exclude_sources(self.cli, config)
        walking = {
            "exclude": exclude,
            "extend-exclude": [pattern for patterns, _ in extend for pattern in patterns],
            "respect-gitignore": self._flag("respect-gitignore", config, True),
            "force-exclude": self._flag("force-exclude", config, False),
        }
        values = {**checking, **report, **walking}
        return Shown(
            path=path,
            config=config.path,
            report_config=self.base.path,
            values={key: values.get(key, config.get(key)) for key in KEYS},
            ignored_here=sorted(config.ignores_for(path)),
            excluded=self.named_excluded(path, is_dir),
        )

    def color_for(self, stream: IO[str]) -> bool:
        if self.color != "auto":
            return self.color == "always"
        if self.output is not None or os.environ.get("NO_COLOR"):
            return False
        return stream.isatty()


def serve_configuration(config: str | None, isolated: bool) -> tuple[Settings, dict[str, Any]]:
    """What ``imagetag-lint serve`` reads from the configuration: linting settings, server options.

    The file is the one whose report options a lint run would use: ``--config``, none
    with ``--isolated``, else the closest to the working directory. The settings are
    built as for a linted file of that directory, without per-file ignores (a review
    has no file); the options are the checked ``serve`` table, file names absolute.
    """
    if config and isolated:
        raise UsageError("--config and --isolated cannot be combined")
    if config:
        base = load_explicit(config)
    else:
        base = EMPTY if isolated else Discovery().for_directory(os.getcwd())
    return _settings({}, base), base.serve()


class Shown(NamedTuple):
    """What ``--show-settings PATH`` prints: the files read and every key's value."""

    path: str
    config: str | None  # the configuration of the path (None: defaults only)
    report_config: str | None  # that of the report options (the working directory's)
    values: dict[str, Any]  # every key of KEYS; None: not set
    ignored_here: list[str]  # per-file-ignores entries that apply to the path
    excluded: bool  # the exclude globs match it (walks leave it out)


def _exclude_sources(cli: Mapping[str, Any], config: ConfigFile) -> list[tuple[list[str], str]]:
    """Exclude patterns with the directory each is relative to; ``exclude`` (or defaults) first."""
    here = os.getcwd()
    if cli.get("exclude") is not None:
        first = (list(cli["exclude"]), here)
    elif config.get("exclude") is not None:
        first = (list(config.get("exclude")), config.directory)
    else:
        first = (list(files.DEFAULT_EXCLUDE), here)
    return [
        first,
        (list(config.get("extend-exclude") or ()), config.directory),
        (list(cli.get("extend-exclude") or ()), here),
    ]


def _checking_values(cli: Mapping[str, Any], config: ConfigFile) -> dict[str, Any]:
    """The keys about what is checked, as written (the command line over the configuration)."""

    def value(key: str, default: Any) -> Any:
        if cli.get(key) is not None:
            return cli[key]
        configured = config.get(key)
        return default if configured is None else configured

    kinds = value("kinds", None)
    return {
        "profile": value("profile", DEFAULT_SETTINGS.profile),
        "kinds": [kind for kind in IMAGE_KINDS if kinds is None or kind in kinds],
        "select": value("select", [selection.ALL]),
        "ignore": value("ignore", []),
        "extend-select": value("extend-select", []),
        "severity": {**(config.get("severity") or {}), **(cli.get("severity") or {})},
        "max-file-size": value("max-file-size", DEFAULT_SETTINGS.max_file_size),
        "allowed-registries": value("allowed-registries", None),
        "per-file-ignores": value("per-file-ignores", {}),
    }


def _default_format() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else DEFAULT_FORMAT


def _cli_values(args: Arguments) -> dict[str, Any]:
    """The options given on the command line, under their configuration keys."""
    values = {
        key.replace("_", "-"): value
        for key, value in vars(args).items()
        if key not in ("paths", "config", "isolated", "show_settings") and value is not None
    }
    if "severity" in values:
        values["severity"] = dict(selection.parse_override(item) for item in values["severity"])
    if "max-file-size" in values and values["max-file-size"] <= 0:
        raise UsageError("--max-file-size must be a positive integer")
    return values


def _settings(cli: Mapping[str, Any], config: ConfigFile) -> Settings:
    """Settings for one configuration; a bad entry is named with where it was written."""

    def value(key: str) -> Any:
        return cli[key] if cli.get(key) is not None else config.get(key)

    def resolved(key: str, resolve: Callable[[Any], _T]) -> _T:
        from_cli = cli.get(key) is not None
        where = f"--{key}" if from_cli or not config.path else f"{config.path}: {key}"
        with located(where):
            return resolve(cli[key] if from_cli else config.get(key))

    select = resolved("select", _optional_codes)
    extend = resolved("extend-select", _optional_codes)
    if select is not None and extend is not None:
        select = select | extend
    severities = dict(_config_severities(config))
    severities.update(resolved("severity", lambda table: selection.severities(table or {})))
    registries = value("allowed-registries")
    return DEFAULT_SETTINGS.replace(
        profile=value("profile") or DEFAULT_SETTINGS.profile,
        select=select,
        ignore=resolved("ignore", lambda entries: selection.resolve_all(entries or ())),
        severities=MappingProxyType(severities),
        max_file_size=value("max-file-size") or DEFAULT_SETTINGS.max_file_size,
        allowed_registries=tuple(registries) if registries is not None else None,
        kinds=value("kinds"),
    )


def _config_severities(config: ConfigFile) -> Mapping[str, Severity]:
    """The configuration's overrides, which the command line's then extend."""
    with located(f"{config.path}: severity"):
        return selection.severities(config.get("severity") or {})


def _optional_codes(entries: list[str] | None) -> frozenset[str] | None:
    return None if entries is None else selection.resolve_all(entries)
