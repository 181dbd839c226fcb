"""What is checked and how (profile, rules, severities, limits): one frozen value.

The command line builds one per configuration file (``configuration.options``),
the Python API and the webhook take one as ``settings``; every layer below reads
it and none changes it, so a value can be cached, shared and sent to a process.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .diagnostics import Severity

DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class AllowedRegistry:
    """One entry of the cluster's ``allowedRegistriesForImport``."""

    domain_name: str
    insecure: bool = False


@dataclass(frozen=True)
class Settings:
    profile: str = "manifest"
    select: frozenset[str] | None = None  # None: every rule
    ignore: frozenset[str] = frozenset()
    severities: Mapping[str, Severity] = field(default_factory=lambda: MappingProxyType({}))
    allowed_registries: tuple[AllowedRegistry, ...] | None = None  # None: not configured
    kinds: frozenset[str] | None = None  # None: every supported kind
    max_file_size: int = DEFAULT_MAX_FILE_SIZE

    def enabled(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select

    def severity(self, code: str, default: Severity) -> Severity:
        return self.severities.get(code, default)

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # A mapping proxy cannot be pickled; ``--jobs`` sends settings to other processes.
        values = {item.name: getattr(self, item.name) for item in dataclasses.fields(self)}
        values["severities"] = dict(self.severities)
        return _rebuild, (values,)


def _rebuild(values: dict[str, Any]) -> Settings:
    return Settings(**{**values, "severities": MappingProxyType(values["severities"])})


DEFAULT_SETTINGS = Settings()
