"""Immutable values with ``__slots__``: the package's records that are not tuples.

Creating a dataclass runs generated code at every start-up, and importing
``dataclasses`` imports ``inspect``, ``ast``, ``dis`` and ``tokenize``: together
about a quarter of ``import yaml``'s time, on every run. A ``NamedTuple`` is a tuple,
and some values must not be: one is compared by some of its fields only, others
hold mappings, and the public ones (``Diagnostic``, ``Settings``) should not index
or unpack. Such values derive from ``Frozen``: they name their fields in order in
``_fields``, take them by those names in ``__init__`` and set them once with
``_init``. ``Frozen`` refuses changes as a frozen dataclass does, compares, hashes,
pickles and shows them by their fields, and ``replace`` makes a changed copy, as
``dataclasses.replace`` does (``copy.replace`` too, on Python 3.13 and later).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # typing.Self is Python 3.11+, and a bound TypeVar compiles its bound
    from typing_extensions import Self

_set = object.__setattr__


class Frozen:
    __slots__ = ()

    _fields: ClassVar[tuple[str, ...]] = ()
    # The fields that equality, hashing and ``repr`` use; None: every field.
    _compared: ClassVar[tuple[str, ...] | None] = None

    def _init(self, *values: object) -> None:
        for name, value in zip(self._fields, values, strict=True):
            _set(self, name, value)

    def replace(self, **changes: Any) -> Self:
        """A copy with ``changes`` (field name -> value) made; the original is unchanged."""
        unknown = changes.keys() - set(self._fields)
        if unknown:
            raise TypeError(f"{self.__class__.__qualname__} has no field {min(unknown)!r}")
        values = {name: getattr(self, name) for name in self._fields}
        return self.__class__(**{**values, **changes})

    # ``copy.replace`` (Python 3.13) calls this, as it does for a dataclass.
    __replace__ = replace

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in self._compared or self._fields])

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Frozen)
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __reduce__(self) -> tuple[type[Frozen], tuple[Any, ...]]:
        return self.__class__, tuple([getattr(self, name) for name in self._fields])

    def __repr__(self) -> str:
        names = self._compared or self._fields
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in names)
        return f"{self.__class__.__qualname__}({shown})"
