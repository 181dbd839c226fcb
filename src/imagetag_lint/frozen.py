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

The records that are tuples derive from this module's ``NamedTuple``. Type checkers
see ``typing.NamedTuple``; at run time it is a lighter stand-in that makes the same
class, ``collections.namedtuple`` with the body's methods, without importing
``typing`` (a tenth of ``import yaml``'s time) or checking each field's annotation.
Modules that use it keep annotations unevaluated (``from __future__ import
annotations``), and no module of the package imports ``typing`` at run time: the
names it gives are for annotations only, imported under ``if TYPE_CHECKING:`` with a
module-level ``TYPE_CHECKING = False``, which type checkers read as true.
"""

from __future__ import annotations

from collections import namedtuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar
    from typing import NamedTuple as NamedTuple

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


# What typing.NamedTuple keeps from a class body besides the fields: the rest (methods,
# properties, class attributes, the docstring) is set on the class it makes.
_NOT_COPIED = frozenset({"__module__", "__qualname__", "__annotations__", "__orig_bases__"})
# What a body may not define, as typing.NamedTuple refuses it.
_PROHIBITED = frozenset(
    {
        "__new__",
        "__init__",
        "__slots__",
        "__getnewargs__",
        "_fields",
        "_field_defaults",
        "_make",
        "_replace",
        "_asdict",
        "_source",
    }
)


class _RecordMaker(type):
    """Makes ``class Name(NamedTuple): ...`` what ``typing.NamedTuple`` makes of it."""

    def __new__(cls, name: str, bases: tuple[type, ...], namespace: dict[str, Any]) -> type:
        if not bases:  # the stand-in itself
            return super().__new__(cls, name, bases, namespace)
        if bases != (_Base,):
            raise TypeError("a NamedTuple can only inherit from NamedTuple")
        if "__annotations__" not in namespace and namespace.get("__annotate__") is not None:
            raise TypeError(f"{name}: its module needs 'from __future__ import annotations'")
        fields = tuple(namespace.get("__annotations__", {}))
        defaults = [namespace[field] for field in fields if field in namespace]
        if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        module = namespace["__module__"]
        # Type checkers read the class as typing's, not this call's (names known only here).
        made: type = namedtuple(name, fields, defaults=defaults, module=module)  # type: ignore[misc]
        made.__qualname__ = namespace.get("__qualname__", name)
        made.__annotations__ = dict(namespace.get("__annotations__", {}))
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
            if key == "__classcell__":  # a method uses super() or __class__
                value.cell_contents = made
            elif key not in _NOT_COPIED and key not in fields:
                setattr(made, key, value)
        return made


class _Base(metaclass=_RecordMaker):
    __slots__ = ()


if not TYPE_CHECKING:
    NamedTuple = _Base
