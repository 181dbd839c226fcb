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

from types import FunctionType, GenericAlias

try:
    from _collections import _tuplegetter as _getter  # type: ignore[import-not-found]
except ImportError:  # another Python: what collections.namedtuple falls back to
    from operator import itemgetter

    def _getter(index: int, doc: str) -> Any:
        return property(itemgetter(index), doc=doc)


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
        defaults = tuple(namespace[field] for field in fields if field in namespace)
        if any(field in namespace for field in fields[: len(fields) - len(defaults)]):
            raise TypeError(f"{name}: a field without a default follows one with a default")
        body = _record_body(name, namespace.get("__qualname__", name), fields, defaults)
        body["__module__"] = namespace["__module__"]
        body["__annotations__"] = dict(namespace.get("__annotations__", {}))
        for key, value in namespace.items():
            if key in _PROHIBITED:
                raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
            if key not in _NOT_COPIED and key not in fields:
                body[key] = value  # methods, properties, the docstring, __classcell__
        return type(name, (tuple,), body)


# --- the class collections.namedtuple makes, made without compiling code per class ----------
#
# collections.namedtuple compiles the source of each class's ``__new__``, which was half of
# what defining a class cost. Here ``__new__`` is the code compiled once for its number of
# fields, renamed to take the fields by name; the other methods are shared and read the
# field names from ``_fields``. tests/test_value_classes.py holds each record of the
# package to what collections.namedtuple makes.

_tuple_new = tuple.__new__
# ``__new__`` for 0 to 16 fields, compiled with this module: defining a record compiles
# nothing. A record of more fields has one compiled for it (``_new_template``).
_TEMPLATES: tuple[Any, ...] = (  # the names are replaced by the fields'
    lambda z: _tuple_new(z, ()),
    lambda z, a: _tuple_new(z, (a,)),
    lambda z, a, b: _tuple_new(z, (a, b)),
    lambda z, a, b, c: _tuple_new(z, (a, b, c)),
    lambda z, a, b, c, d: _tuple_new(z, (a, b, c, d)),
    lambda z, a, b, c, d, e: _tuple_new(z, (a, b, c, d, e)),
    lambda z, a, b, c, d, e, f: _tuple_new(z, (a, b, c, d, e, f)),
    lambda z, a, b, c, d, e, f, g: _tuple_new(z, (a, b, c, d, e, f, g)),
    lambda z, a, b, c, d, e, f, g, h: _tuple_new(z, (a, b, c, d, e, f, g, h)),
    lambda z, a, b, c, d, e, f, g, h, i: _tuple_new(z, (a, b, c, d, e, f, g, h, i)),
    lambda z, a, b, c, d, e, f, g, h, i, j: _tuple_new(z, (a, b, c, d, e, f, g, h, i, j)),
    lambda z, a, b, c, d, e, f, g, h, i, j, k: _tuple_new(z, (a, b, c, d, e, f, g, h, i, j, k)),
    lambda z, a, b, c, d, e, f, g, h, i, j, k, m: _tuple_new(
        z, (a, b, c, d, e, f, g, h, i, j, k, m)
    ),
    lambda z, a, b, c, d, e, f, g, h, i, j, k, m, n: _tuple_new(
        z, (a, b, c, d, e, f, g, h, i, j, k, m, n)
    ),
    lambda z, a, b, c, d, e, f, g, h, i, j, k, m, n, o: _tuple_new(
        z, (a, b, c, d, e, f, g, h, i, j, k, m, n, o)
    ),
    lambda z, a, b, c, d, e, f, g, h, i, j, k, m, n, o, p: _tuple_new(
        z, (a, b, c, d, e, f, g, h, i, j, k, m, n, o, p)
    ),
    lambda z, a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q: _tuple_new(
        z, (a, b, c, d, e, f, g, h, i, j, k, m, n, o, p, q)
    ),
)
_templates: dict[int, Any] = dict(enumerate(_TEMPLATES))
_QUALIFIED_CODE = hasattr((lambda: None).__code__, "co_qualname")  # Python 3.11+


def _new_template(arity: int) -> Any:
    """``lambda _cls, a0, a1: _tuple_new(_cls, (a0, a1,))``: one per number of fields."""
    template = _templates.get(arity)
    if template is None:
        names = [f"a{index}" for index in range(arity)]
        values = "".join(f"{name}," for name in names)
        source = f"lambda _cls, {', '.join(names)}: _tuple_new(_cls, ({values}))"
        template = _templates[arity] = eval(source, {"_tuple_new": _tuple_new})
    return template


def _record_body(
    name: str, qualname: str, fields: tuple[str, ...], defaults: tuple[Any, ...]
) -> dict[str, Any]:
    template = _new_template(len(fields))
    names: dict[str, Any] = {"co_varnames": ("_cls", *fields), "co_name": "__new__"}
    if _QUALIFIED_CODE:
        names["co_qualname"] = f"{qualname}.__new__"
    code = template.__code__.replace(**names)
    new = FunctionType(code, template.__globals__, "__new__", defaults)
    listed = ", ".join(fields)
    new.__doc__ = f"Create new instance of {name}({listed})"
    body: dict[str, Any] = {
        "__doc__": f"{name}({listed})",
        "__slots__": (),
        "_fields": fields,
        "_field_defaults": dict(zip(fields[len(fields) - len(defaults) :], defaults, strict=True)),
        "__new__": new,
        "_make": _make,
        "_replace": _replace,
        "__repr__": _repr,
        "_asdict": _asdict,
        "__getnewargs__": _getnewargs,
        "__match_args__": fields,
        "__class_getitem__": _class_getitem,
        "__qualname__": qualname,
    }
    for index, field in enumerate(fields):
        body[field] = _getter(index, f"Alias for field number {index}")
    return body


@classmethod  # type: ignore[misc]
def _make(cls: type[tuple[Any, ...]], iterable: Any) -> tuple[Any, ...]:
    """Make a new object from a sequence or iterable."""
    result = _tuple_new(cls, iterable)
    if len(result) != len(cls._fields):  # type: ignore[attr-defined]
        raise TypeError(f"Expected {len(cls._fields)} arguments, got {len(result)}")  # type: ignore[attr-defined]
    return result


def _replace(self: Any, /, **changes: Any) -> Any:
    """Return a new object replacing specified fields with new values."""
    result = self._make(map(changes.pop, self._fields, self))
    if changes:
        raise ValueError(f"Got unexpected field names: {list(changes)!r}")
    return result


def _repr(self: Any) -> str:
    """Return a nicely formatted representation string."""
    shown = ", ".join([f"{name}={value!r}" for name, value in zip(self._fields, self, strict=True)])
    return f"{self.__class__.__name__}({shown})"


def _asdict(self: Any) -> dict[str, Any]:
    """Return a new dict which maps field names to their values."""
    return dict(zip(self._fields, self, strict=True))


def _getnewargs(self: Any) -> tuple[Any, ...]:
    """Return self as a plain tuple. Used by copy and pickle."""
    return tuple(self)


_class_getitem: Any = classmethod(GenericAlias)


class _Base(metaclass=_RecordMaker):
    __slots__ = ()


if not TYPE_CHECKING:
    NamedTuple = _Base
