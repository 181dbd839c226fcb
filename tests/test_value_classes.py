"""Records written as plain classes (cheap to create at import): they compare, hash,
pickle, refuse changes and make changed copies as the dataclasses they replace did."""

from __future__ import annotations

import copy
import errno
import pickle
from typing import Any

import pytest

from imagetag_lint import Diagnostic, Edit, Fix, Settings, Severity
from imagetag_lint import frozen as frozen_records
from imagetag_lint.checking import engine, runner
from imagetag_lint.configuration.files import EMPTY, ConfigFile
from imagetag_lint.diagnostics import LintedFile
from imagetag_lint.frozen import Frozen
from imagetag_lint.loading.files import InputError
from imagetag_lint.openshift.apimachinery import ObjectMeta
from imagetag_lint.reporting import ReportContext
from imagetag_lint.settings import DEFAULT_SETTINGS, AllowedRegistry

FIX = Fix("quote it", (Edit(3, 5, "'v1'"),), safe=False)
DIAGNOSTIC = Diagnostic(
    "ITL201", "name", Severity.ERROR, "bad", "a.yaml", 2, 3, 2, 5, "/spec/name", 0, fix=FIX
)
# One value of each class that derives from Frozen: every field set to something other
# than its default where it has one.
VALUES = [
    pytest.param(DIAGNOSTIC, id="diagnostic"),
    pytest.param(FIX, id="fix"),
    pytest.param(Edit(0, 0, "x"), id="edit"),
    pytest.param(
        Settings(
            "object",
            frozenset({"ITL201"}),
            frozenset({"ITL202"}),
            {"ITL203": Severity.WARNING},
            (AllowedRegistry("quay.io", insecure=True),),
            frozenset({"Image"}),
            10,
        ),
        id="settings",
    ),
    pytest.param(AllowedRegistry("quay.io"), id="allowed-registry"),
    pytest.param(InputError("a.yaml", "gone", OSError()), id="input-error"),
    pytest.param(ConfigFile("a.toml", {"profile": "object"}), id="config-file"),
    pytest.param(ObjectMeta(finalizers=("a/b",)), id="object-meta"),
    pytest.param(ReportContext(files=["a"], color=True), id="report-context"),
    pytest.param(LintedFile("a.yaml", "kind: x\n", 2, frozenset({1})), id="linted-file"),
]


def _missing(path: str) -> InputError:
    return InputError.of(path, FileNotFoundError(errno.ENOENT, "No such file", path))


def test_an_input_error_is_compared_by_path_and_message_only() -> None:
    error = _missing("a.yaml")
    same = InputError("a.yaml", error.message, OSError("other"))
    assert error == same
    assert hash(error) == hash(same)
    assert error != InputError("b.yaml", error.message, error.error)
    assert error != ("a.yaml", error.message)
    assert (
        repr(InputError("a.yaml", "gone", OSError())) == "InputError(path='a.yaml', message='gone')"
    )


def test_an_input_error_crosses_processes_with_its_error() -> None:
    outcome = runner._Outcome("a.yaml", [], 0, None, frozenset(), error=_missing("a.yaml"))
    back = pickle.loads(pickle.dumps(outcome, protocol=-1))
    assert back == outcome
    assert back.error is not None
    assert isinstance(back.error.error, FileNotFoundError)
    assert back.error.error.errno == errno.ENOENT
    assert copy.deepcopy(outcome.error) == outcome.error


@pytest.mark.parametrize(
    ("value", "name"),
    [
        pytest.param(_missing("a.yaml"), "path", id="input-error"),
        pytest.param(EMPTY, "path", id="config-file"),
        pytest.param(ObjectMeta(), "labels", id="object-meta"),
        pytest.param(ReportContext(), "color", id="report-context"),
    ],
)
def test_frozen_values_refuse_changes(value: object, name: str) -> None:
    with pytest.raises(AttributeError, match=f"cannot assign to field '{name}'"):
        setattr(value, name, None)
    with pytest.raises(AttributeError, match=f"cannot delete field '{name}'"):
        delattr(value, name)


def test_frozen_values_compare_by_their_fields() -> None:
    assert ConfigFile() == EMPTY
    assert ConfigFile("a.toml") != EMPTY
    assert ObjectMeta(labels={"a": "b"}) == ObjectMeta({"a": "b"}, {}, (), (), ())
    assert ObjectMeta(finalizers=("a/b",)) != ObjectMeta()
    assert pickle.loads(pickle.dumps(ObjectMeta(finalizers=("a/b",)))) == ObjectMeta(
        finalizers=("a/b",)
    )
    assert ReportContext(files=["a"], documents={"a": 1}) == ReportContext(
        ["a"], False, {}, {"a": 1}
    )
    assert ReportContext() != ReportContext(color=True)


def test_defaults_are_fresh_for_each_instance() -> None:
    first, second = runner.RunResult(), runner.RunResult()
    first.files.append("a.yaml")
    first.tally.files.add("a.yaml")
    assert second.files == []
    assert second.tally.files == set()
    assert ReportContext().sources is not ReportContext().sources


def test_plans_are_compared_by_identity() -> None:
    plan = engine._rules_for(None, frozenset(), "Image", False, "manifest")
    assert plan == plan
    assert hash(plan) == object.__hash__(plan)
    assert copy.copy(plan) != plan


def test_every_frozen_class_has_a_value_here() -> None:
    def subclasses(cls: type) -> set[type]:
        found = set(cls.__subclasses__())
        return found.union(*(subclasses(sub) for sub in found))

    assert {type(param.values[0]) for param in VALUES} == subclasses(Frozen)


@pytest.mark.parametrize("value", VALUES)
def test_replace_makes_a_changed_copy_and_keeps_the_original(value: Frozen) -> None:
    assert value.replace() == value
    assert value.replace() is not value
    name = value._fields[-1]
    changed = value.replace(**{name: "other"})
    assert getattr(changed, name) == "other"
    assert getattr(value, name) != "other"
    with pytest.raises(TypeError, match="has no field 'nonsense'"):
        value.replace(nonsense=1)
    assert value.__replace__(**{name: "other"}) == changed  # what copy.replace calls


@pytest.mark.parametrize("value", VALUES)
def test_frozen_values_pickle_copy_and_show_their_fields(value: Frozen) -> None:
    assert pickle.loads(pickle.dumps(value, protocol=-1)) == value
    assert copy.deepcopy(value) == value
    shown = repr(value)
    assert shown.startswith(f"{type(value).__qualname__}(")
    assert all(f"{name}=" in shown for name in value._compared or value._fields)


def test_public_values_are_keyword_built_compared_and_hashed_by_their_fields() -> None:
    same = Diagnostic(
        code="ITL201",
        name="name",
        severity=Severity.ERROR,
        message="bad",
        file="a.yaml",
        line=2,
        column=3,
        end_line=2,
        end_column=5,
        pointer="/spec/name",
        document=0,
        fix=FIX,
    )
    assert same == DIAGNOSTIC
    assert hash(same) == hash(DIAGNOSTIC)
    assert same.server is None
    assert DIAGNOSTIC.replace(line=3) != DIAGNOSTIC
    assert Fix("t", ()).safe is True
    assert AllowedRegistry("quay.io").insecure is False
    assert Settings() == DEFAULT_SETTINGS
    assert Settings(profile="object") != DEFAULT_SETTINGS
    with pytest.raises(AttributeError, match="cannot assign to field 'line'"):
        DIAGNOSTIC.line = 4


# --- frozen.NamedTuple: typing.NamedTuple's class, without importing typing ----------------


def _records(base: Any) -> type:
    class Point(base):  # type: ignore[misc, valid-type]
        """A point."""

        x: int
        y: int = 0
        label: str = "origin"

        limit = 10  # a class attribute that is not a field: annotations make fields

        @property
        def total(self) -> int:
            return self.x + self.y

        def moved(self, by: int) -> Any:
            return self._replace(x=self.x + by)

        @classmethod
        def at(cls, x: int) -> Any:
            return cls(x)

        def __str__(self) -> str:
            return f"{self!r}!"

    return Point


def test_the_stand_in_makes_the_class_typing_makes() -> None:
    import typing

    ours, theirs = _records(frozen_records.NamedTuple), _records(typing.NamedTuple)
    for made in (ours, theirs):
        assert issubclass(made, tuple)
        assert made._fields == ("x", "y", "label")
        assert made._field_defaults == {"y": 0, "label": "origin"}
        assert made.__doc__ == "A point."
        assert made.__module__ == __name__
        assert made.__qualname__ == "_records.<locals>.Point"
        assert made.limit == 10
        point = made(1, label="a")
        assert point == (1, 0, "a")
        assert repr(point) == "Point(x=1, y=0, label='a')"
        assert str(point) == "Point(x=1, y=0, label='a')!"
        assert point.total == 1
        assert point.moved(2) == (3, 0, "a")
        assert made.at(4) == (4, 0, "origin")
        assert point._asdict() == {"x": 1, "y": 0, "label": "a"}
        assert made._make([1, 2, "b"]) == (1, 2, "b")
        with pytest.raises(AttributeError):
            point.x = 2  # type: ignore[misc]
        with pytest.raises(TypeError):
            made()
    assert list(ours.__annotations__) == list(theirs.__annotations__) == ["x", "y", "label"]


def test_a_method_of_a_stand_in_record_may_call_super() -> None:
    class Named(frozen_records.NamedTuple):
        name: str

        def __repr__(self) -> str:
            return f"<{super().__repr__()}>"

    assert repr(Named("a")) == "<('a',)>"  # super() is tuple: the body's repr replaced the record's


def test_the_stand_in_refuses_what_typing_refuses() -> None:
    with pytest.raises(TypeError, match="without a default follows"):

        class Bad(frozen_records.NamedTuple):
            x: int = 0
            y: int

    with pytest.raises(AttributeError, match="_replace"):

        class Overwrites(frozen_records.NamedTuple):
            x: int

            def _replace(self) -> None: ...

    with pytest.raises(TypeError, match="only inherit"):

        class Mixed(frozen_records.NamedTuple, int):  # type: ignore[misc]
            x: int


def test_the_package_s_records_pickle_and_are_tuples() -> None:
    from imagetag_lint.openshift.pullspec import (
        DockerImageReference,
        parse_docker_image_reference,
    )

    parsed = parse_docker_image_reference("quay.io/org/app:1.0")
    assert isinstance(parsed, DockerImageReference)
    assert isinstance(parsed, tuple)
    assert pickle.loads(pickle.dumps(parsed)) == parsed


def _package_records() -> list[type]:
    import importlib
    import pkgutil

    import imagetag_lint

    found: dict[str, type] = {}
    for module in pkgutil.walk_packages(imagetag_lint.__path__, "imagetag_lint."):
        if module.name.endswith("__main__"):
            continue
        for value in vars(importlib.import_module(module.name)).values():
            if (
                isinstance(value, type)
                and issubclass(value, tuple)
                and hasattr(value, "_fields")
                and value.__module__.startswith("imagetag_lint.")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


RECORDS = _package_records()


def test_the_package_defines_its_records_with_the_stand_in() -> None:
    assert len(RECORDS) > 30
    for record in RECORDS:
        assert record.__new__.__code__.co_filename == frozen_records.__file__, record


@pytest.mark.parametrize("record", RECORDS, ids=lambda record: record.__qualname__)
def test_each_record_behaves_as_collections_namedtuple_makes_it(record: Any) -> None:
    import collections

    defaults = tuple(record._field_defaults.values())
    reference: Any = collections.namedtuple(record.__name__, record._fields, defaults=defaults)
    values = [f"<{field}>" for field in record._fields]
    ours, theirs = record(*values), reference(*values)
    assert tuple(ours) == tuple(theirs)
    assert repr(ours) == repr(theirs)
    assert ours._asdict() == theirs._asdict()
    assert record._make(values) == reference._make(values)
    assert record.__match_args__ == reference.__match_args__
    assert record.__new__.__defaults__ == reference.__new__.__defaults__
    assert [getattr(ours, field) for field in record._fields] == values
    by_name = dict(zip(record._fields, values, strict=True))
    assert record(**by_name) == ours
    required = dict(list(by_name.items())[: len(values) - len(defaults)])
    assert record(**required) == reference(**required)
    if record._fields:
        first = record._fields[0]
        assert ours._replace(**{first: 1}) == theirs._replace(**{first: 1})
    assert pickle.loads(pickle.dumps(ours)) == ours
    assert copy.copy(ours) == ours
    with pytest.raises(TypeError):
        record(*values, "one too many")
    with pytest.raises(ValueError, match="unexpected field names"):
        ours._replace(not_a_field=1)


def test_a_record_of_more_fields_than_the_templates_take_gets_its_own() -> None:
    fields = [f"f{index}" for index in range(20)]
    wide: Any = frozen_records._RecordMaker(
        "Wide",
        (frozen_records.NamedTuple,),
        {"__module__": __name__, "__annotations__": dict.fromkeys(fields, "int"), "f19": 19},
    )
    made = wide(*range(19))
    assert made == tuple(range(20))
    assert made.f19 == 19
    assert wide(**dict(zip(fields, range(20), strict=True)))._asdict()["f0"] == 0
    assert wide.__new__.__code__.co_filename == "<string>"  # compiled for it
