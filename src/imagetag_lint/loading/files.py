"""Which files a run reads, and reading them without surprises.

Directories are walked recursively for ``.yaml``, ``.yml`` and ``.json`` files,
in a stable order, without following symbolic links to directories (no loops)
and without opening anything that is not a regular file. Files are only ever
opened for reading. Problems are values (``InputError``), never exceptions.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass

SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read at all: reported on one line, exit code 2."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class TooLarge:
    path: str
    size: int


def discover(paths: list[str]) -> Iterator[str | InputError]:
    """The files to lint, in the order given, directories expanded and sorted."""
    for path in paths:
        if path == STDIN:
            yield path
            continue
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            yield InputError(path, "no such file or directory")
            continue
        except OSError as error:
            yield InputError(path, _reason(error))
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        else:
            yield path  # named explicitly: a FIFO or /dev/stdin is the user's choice


def _walk(root: str) -> Iterator[str | InputError]:
    found: list[str] = []
    errors: list[InputError] = []

    def on_error(error: OSError) -> None:
        errors.append(InputError(error.filename or root, _reason(error)))

    for directory, subdirs, names in os.walk(root, onerror=on_error, followlinks=False):
        subdirs[:] = sorted(d for d in subdirs if not d.startswith("."))
        for name in names:
            if name.endswith(SUFFIXES):
                path = os.path.join(directory, name)
                if _is_regular(path):
                    found.append(path)
    yield from errors
    yield from sorted(found)


def _is_regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False  # a dangling link or a file that vanished: nothing to lint


def read(path: str, max_size: int) -> bytes | InputError | TooLarge:
    """The file's bytes, read once and never written."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as error:
        return InputError(path, _reason(error))
    if len(data) > max_size:
        return TooLarge(path, max_size)
    return data


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
