"""Paths into a JSON-like value and mutations at them: the differential tests' fuzzing;
and the switch between the gate's engines that those tests compare."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from imagetag_lint.checking import gate

# The gate's ways of answering (``IMAGETAG_LINT_GATE``): each must give the same reports.
GATE_MODES = ("python", "rs", "off")


@contextmanager
def gate_mode(mode: str) -> Iterator[None]:
    """Run the gate as ``IMAGETAG_LINT_GATE=<mode>`` would, whatever the environment says."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(gate, "_mode", lambda: mode)
        yield


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += paths(item, (*prefix, index))
    return found


def mutate(obj: Any, path: tuple[Any, ...], how: str, value: Any, key: str) -> None:
    parent = obj
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    if how == "delete" and isinstance(parent, dict):
        del parent[last]
    elif how == "add" and isinstance(parent[last], dict):
        parent[last][key] = value
    elif how == "copy" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    else:
        parent[last] = value
