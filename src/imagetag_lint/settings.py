"""What is checked and how (profile, rules, severities, limits): one frozen value.

The command line builds one per configuration file (``configuration.options``),
the Python API and the webhook take one as ``settings``; every layer below reads
it and none changes it, so a value can be cached, shared and sent to a process.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .diagnostics import Severity
from .frozen import Frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DEFAULT_MAX_FILE_SIZE = 64 * 1024 * 1024
_NO_SEVERITIES: Mapping[str, Severity] = MappingProxyType({})


class AllowedRegistry(Frozen):
    """One entry of the cluster's ``allowedRegistriesForImport``."""

    __slots__ = ("domain_name", "insecure")
    _fields = ("domain_name", "insecure")

    domain_name: str
    insecure: bool

    def __init__(self, domain_name: str, insecure: bool = False) -> None:
        self._init(domain_name, insecure)


class Settings(Frozen):
    __slots__ = (
        "allowed_registries",
        "ignore",
        "kinds",
        "max_file_size",
        "profile",
        "select",
        "severities",
    )
    _fields = (
        "profile",
        "select",
        "ignore",
        "severities",
        "allowed_registries",
        "kinds",
        "max_file_size",
    )

    profile: str
    select: frozenset[str] | None  # None: every rule
    ignore: frozenset[str]
    severities: Mapping[str, Severity]
    allowed_registries: tuple[AllowedRegistry, ...] | None  # None: not configured
    kinds: frozenset[str] | None  # None: every supported kind
    max_file_size: int

    def __init__(
        self,
        profile: str = "manifest",
        select: frozenset[str] | None = None,
        ignore: frozenset[str] = frozenset(),
        severities: Mapping[str, Severity] = _NO_SEVERITIES,
        allowed_registries: tuple[AllowedRegistry, ...] | None = None,
        kinds: frozenset[str] | None = None,
        max_file_size: int = DEFAULT_MAX_FILE_SIZE,
    ) -> None:
        self._init(profile, select, ignore, severities, allowed_registries, kinds, max_file_size)

    def enabled(self, code: str) -> bool:
        if code in self.ignore:
            return False
        return self.select is None or code in self.select

    def severity(self, code: str, default: Severity) -> Severity:
        return self.severities.get(code, default)

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        # A mapping proxy cannot be pickled; ``--jobs`` sends settings to other processes.
        values = {name: getattr(self, name) for name in self._fields}
        values["severities"] = dict(self.severities)
        return _rebuild, (values,)


def _rebuild(values: dict[str, Any]) -> Settings:
    return Settings(**{**values, "severities": MappingProxyType(values["severities"])})


DEFAULT_SETTINGS = Settings()
