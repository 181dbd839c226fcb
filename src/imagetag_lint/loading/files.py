"""Which files a run reads, and reading them without surprises.

Directories are walked recursively for ``.yaml``, ``.yml`` and ``.json`` files,
in a stable order, without following symbolic links to directories (no loops)
and without opening anything that is not a regular file. Every input is read
here, by the library and the command line alike: a file's bytes up to the size
cap (``TooLarge`` beyond it), standard input for ``-``, and, on the command line,
a ``Stream`` for a YAML file too big to hold at once. Files are only ever opened
for reading. Problems are values (``InputError``), never exceptions.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


@dataclass(frozen=True, slots=True)
class InputError:
    """An input that could not be read at all: reported on one line, exit code 2.

    ``error`` is what the system said, for callers that raise it (``api.lint_path``).
    """

    path: str
    message: str
    error: OSError = field(compare=False, repr=False)

    @classmethod
    def of(cls, path: str, error: OSError) -> InputError:
        return cls(path, _reason(error), error)


@dataclass(frozen=True, slots=True)
class TooLarge:
    """An input larger than the size cap: not read beyond it, reported as ``ITL005``."""

    size: int  # the cap it exceeds


@dataclass(frozen=True, slots=True)
class Stream:
    """A YAML file large enough to be linted piece by piece; ``open`` it to read it."""

    path: str

    def open(self) -> BinaryIO:
        return open(self.path, "rb")


# What reading an input gives: its bytes, or why there are none to hold.
Contents = bytes | InputError | TooLarge | Stream

# YAML files from this size on are read piece by piece, so that memory stays
# that of one document however long the stream (smaller files are read whole:
# faster, suppression comments apply, and reader errors get a position).
STREAM_FROM = 8 * 1024 * 1024


def discover(paths: list[str]) -> Iterator[str | InputError]:
    """The files to lint, in the order given, directories expanded and sorted."""
    for path in paths:
        if path == STDIN:
            yield path
            continue
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError as error:
            yield InputError(path, "no such file or directory", error)
            continue
        except OSError as error:
            yield InputError.of(path, error)
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path)
        else:
            yield path  # named explicitly: a FIFO or /dev/stdin is the user's choice


def _walk(root: str) -> Iterator[str | InputError]:
    found: list[str] = []
    errors: list[InputError] = []

    def on_error(error: OSError) -> None:
        errors.append(InputError.of(error.filename or root, error))

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


def read_input(name: str, max_size: int) -> Contents:
    """An input named on the command line: ``-`` is standard input, a big YAML file a ``Stream``.

    At most ``max_size`` bytes are read; a YAML file of ``STREAM_FROM`` bytes or more
    is not read here but handed back to be read piece by piece.
    """
    if name == STDIN:
        return _capped(sys.stdin.buffer.read(max_size + 1), max_size)
    if _streamed(name, max_size):
        return Stream(name)
    return read(name, max_size)


def read(path: str, max_size: int) -> bytes | InputError | TooLarge:
    """One file's bytes, at most ``max_size`` of them, read once and never written."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_size + 1)
    except OSError as error:
        return InputError.of(path, error)
    return _capped(data, max_size)


def _capped(data: bytes, max_size: int) -> bytes | TooLarge:
    return TooLarge(max_size) if len(data) > max_size else data


def _streamed(path: str, max_size: int) -> bool:
    """A regular YAML file from ``STREAM_FROM`` bytes up to the cap (JSON is one document)."""
    if path.endswith(".json"):
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False  # reading it reports why
    return stat.S_ISREG(status.st_mode) and STREAM_FROM <= status.st_size <= max_size


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()
