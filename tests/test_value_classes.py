"""Records written as plain classes (cheap to create at import): they compare, hash,
pickle and refuse changes as the dataclasses they replace did."""

from __future__ import annotations

import copy
import errno
import pickle

import pytest

from imagetag_lint.checking import engine, runner
from imagetag_lint.configuration.files import EMPTY, ConfigFile
from imagetag_lint.loading.files import InputError
from imagetag_lint.openshift.apimachinery import ObjectMeta
from imagetag_lint.reporting import ReportContext


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
