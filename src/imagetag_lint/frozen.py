"""Immutable values with ``__slots__``, for the few that are neither tuples nor dataclasses.

Creating a dataclass runs generated code at every start-up, and a ``NamedTuple`` is a
tuple. A few values must be neither: one is compared by some of its fields only,
others hold mappings. They derive from ``Frozen``, name their fields in order in
``_fields`` and set them once with ``_init``; ``Frozen`` refuses changes as a frozen
dataclass does, and compares, hashes, pickles and shows them by their fields.
"""

from __future__ import annotations

from typing import Any, ClassVar


class Frozen:
    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    # The fields that equality, hashing and ``repr`` use; None: every field.
    _compared: ClassVar[tuple[str, ...] | None] = None

    def _init(self, *values: object) -> None:
        for name, value in zip(self._fields, values, strict=True):
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[tuple[str, Any], ...]:
        return tuple((name, getattr(self, name)) for name in self._compared or self._fields)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[Frozen], tuple[Any, ...]]:
        return self.__class__, tuple(getattr(self, name) for name in self._fields)

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={value!r}" for name, value in self._key())
        return f"{self.__class__.__qualname__}({shown})"
