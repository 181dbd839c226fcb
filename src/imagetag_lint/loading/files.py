"""Which files a run reads, and reading them without surprises.

Directories are walked recursively for ``.yaml``, ``.yml`` and ``.json`` files
(in any case), in a stable order, without following symbolic links to directories
(no loops) and without opening anything that is not a regular file. A walk leaves
out what the run's ``Choice`` excludes (glob patterns, ``DEFAULT_EXCLUDE`` unless
configured) and, in a Git repository, what its ``.gitignore`` files ignore; a path
named explicitly is read whatever its name unless the choice force-excludes it. Every input is read
here, by the library and the command line alike: a file's bytes up to the size
cap (``TooLarge`` beyond it), standard input for ``-``, and, on the command line,
a ``Stream`` for a YAML file too big to hold at once. Problems are values
(``InputError``), never exceptions.

Files are opened for reading only, except by ``write_fixed``, the one writer, which
``--fix`` uses: it replaces a file atomically (a temporary file in the same directory,
renamed over it, with the file's mode), and only when the file is still what was read
and lies within the tree being linted.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator
from functools import cache

from ..frozen import Frozen, NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO, Protocol
else:  # an interface for type checkers: nothing checks it at run time
    Protocol = object

SUFFIXES = (".yaml", ".yml", ".json")
STDIN = "-"


class InputError(Frozen):
    """An input that could not be read at all: reported on one line, exit code 2.

    ``error`` is what the system said, for callers that raise it (``api.lint_path``).
    """

    __slots__ = ("error", "message", "path")
    _fields = ("path", "message", "error")
    _compared = ("path", "message")  # ``error`` is neither compared nor shown

    path: str
    message: str
    error: OSError

    def __init__(self, path: str, message: str, error: OSError) -> None:
        self._init(path, message, error)

    @classmethod
    def of(cls, path: str, error: OSError) -> InputError:
        return cls(path, _reason(error), error)


class TooLarge(NamedTuple):
    """An input larger than the size cap: not read beyond it, reported as ``ITL005``."""

    size: int  # the cap it exceeds


class Stream(NamedTuple):
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


class Choice(Protocol):
    """Which found paths a run leaves out; the command line's comes from its configuration."""

    def excluded(self, path: str, is_dir: bool) -> bool:
        """Whether a directory walk skips ``path`` (``exclude`` and ``extend-exclude``)."""

    def respects_gitignore(self, directory: str) -> bool:
        """Whether ``.gitignore`` files leave out what a walk finds in ``directory``."""

    def force_excluded(self, path: str, is_dir: bool) -> bool:
        """Whether a path named explicitly is left out (``force-exclude``)."""


def discover(paths: list[str], choice: Choice | None = None) -> Iterator[str | InputError]:
    """The files to lint, in the order given, directories expanded and sorted.

    A path named explicitly is linted whatever its name, unless ``choice`` force-excludes it;
    directories are walked for the files ``choice`` leaves in (by default: ``DEFAULT_EXCLUDE``
    and ``.gitignore`` files).
    """
    choice = DEFAULT_CHOICE if choice is None else choice
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
        is_dir = stat.S_ISDIR(mode)
        if choice.force_excluded(path, is_dir):
            continue
        if is_dir:
            yield from _walk(path, choice)
        else:
            yield path  # named explicitly: a FIFO or /dev/stdin is the user's choice


def _walk(root: str, choice: Choice) -> Iterator[str | InputError]:
    found: list[str] = []
    errors: list[InputError] = []

    def on_error(error: OSError) -> None:
        errors.append(InputError.of(error.filename or root, error))

    top = os.path.abspath(root)
    # The .gitignore rules in force in each directory still to walk; None: not in a repository.
    ignores: dict[str, Ignores | None] = {top: _ignores_above(top)}
    for directory, subdirs, names in os.walk(root, onerror=on_error, followlinks=False):
        here = os.path.abspath(directory)
        rules = _ignores_here(here, ignores.pop(here, None), GIT in subdirs or GIT in names, names)
        gitignored = rules if rules is not None and choice.respects_gitignore(here) else None
        subdirs[:] = sorted(
            name
            for name in subdirs
            if not _skipped(os.path.join(here, name), True, choice, gitignored)
        )
        ignores.update((os.path.join(here, name), rules) for name in subdirs)
        for name in names:
            if name.lower().endswith(SUFFIXES) and not _skipped(
                os.path.join(here, name), False, choice, gitignored
            ):
                path = os.path.join(directory, name)
                if _is_regular(path):
                    found.append(path)
    yield from errors
    yield from sorted(found)


def _skipped(path: str, is_dir: bool, choice: Choice, gitignored: Ignores | None) -> bool:
    """Whether a walk leaves out what it found at the absolute ``path``."""
    if choice.excluded(path, is_dir):
        return True
    return gitignored is not None and gitignored.ignored(path, is_dir)


# --- Globs and .gitignore files --------------------------------------------------------------

# What directory walks leave out unless ``exclude`` replaces it: hidden files and directories
# (.git, .venv, .tox...) and the usual homes of installed, vendored or built files.
DEFAULT_EXCLUDE = (
    ".*",
    "__pypackages__",
    "_build",
    "buck-out",
    "dist",
    "node_modules",
    "site-packages",
    "venv",
)
GIT = ".git"
GITIGNORE = ".gitignore"


class Glob(NamedTuple):
    """One gitignore-style pattern, relative to the directory ``base``.

    Without a ``/`` (other than a trailing one) it matches a name at any depth; with one,
    the path from ``base`` (a leading ``/`` only anchors). ``*`` and ``?`` match within
    one name, ``**`` across directories, ``[...]`` one character of a set; a trailing
    ``/`` matches directories only, and in a .gitignore ``!`` takes a path back in.
    """

    pattern: str  # as written
    base: str  # absolute, with a trailing separator
    regex: re.Pattern[str]
    anchored: bool
    dirs_only: bool
    negated: bool = False

    @classmethod
    def parse(cls, text: str, base: str, *, gitignore: bool = False) -> Glob | None:
        """A pattern, or None for a line that holds none (blank, or a .gitignore comment)."""
        body = text
        if gitignore:
            body = re.sub(r"(?<!\\) +$", "", body.rstrip("\r\n"))
            if not body or body.startswith("#"):
                return None
        negated = gitignore and body.startswith("!")
        body = body[1:] if negated else body
        dirs_only = body.endswith("/")
        body = body.rstrip("/")
        body = "/" + body[2:] if body.startswith("./") else body
        anchored = "/" in body
        body = body.lstrip("/")
        if not body:
            return None
        regex = re.compile(_translate(body), re.DOTALL)
        prefix = os.path.join(os.path.abspath(base), "")
        return cls(text, prefix, regex, anchored, dirs_only, negated)

    def matches(self, path: str, is_dir: bool) -> bool:
        """Whether the absolute, normalised ``path`` matches."""
        if self.dirs_only and not is_dir:
            return False
        if not self.anchored:
            return self.regex.fullmatch(os.path.basename(path)) is not None
        if not path.startswith(self.base):
            return False
        relative = path[len(self.base) :].replace(os.sep, "/")
        return self.regex.fullmatch(relative) is not None


def matches_any(globs: Iterable[Glob], path: str, is_dir: bool) -> bool:
    """Whether one of ``globs`` matches ``path`` (made absolute here)."""
    absolute = os.path.abspath(path)
    return any(glob.matches(absolute, is_dir) for glob in globs)


def parse_globs(patterns: Iterable[str], base: str) -> tuple[Glob, ...]:
    """Exclude patterns, relative to ``base`` (blank ones are dropped)."""
    globs = (Glob.parse(pattern, base) for pattern in patterns)
    return tuple(glob for glob in globs if glob is not None)


def _translate(body: str) -> str:
    """A gitignore pattern (no leading or trailing ``/``) as a regular expression."""
    out: list[str] = []
    i = 0
    while i < len(body):
        if body.startswith("**", i) and (i == 0 or body[i - 1] == "/"):
            if body.startswith("**/", i):  # any number of directories, none included
                out.append("(?:[^/]*/)*")
                i += 3
                continue
            if i + 2 == len(body):  # everything inside
                out.append(".*")
                break
        char = body[i]
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[" and (end := _class_end(body, i)) > 0:
            out.append(_char_class(body[i + 1 : end]))
            i = end
        elif char == "\\" and i + 1 < len(body):
            i += 1
            out.append(re.escape(body[i]))
        else:
            out.append(re.escape(char))
        i += 1
    return "".join(out)


def _class_end(body: str, start: int) -> int:
    """The index of the ``]`` that closes the set opened at ``start``; -1 if none does."""
    i = start + 1
    if i < len(body) and body[i] in "!^":
        i += 1
    if i < len(body) and body[i] == "]":  # a leading ] is one of the set
        i += 1
    return body.find("]", i)


def _char_class(inside: str) -> str:
    negated = inside[:1] in ("!", "^")
    members = "".join(c if c == "-" else re.escape(c) for c in inside[negated:])
    return f"[{'^/' if negated else ''}{members}]"


class Ignores(NamedTuple):
    """The .gitignore rules in force in one directory, outermost file first."""

    globs: tuple[Glob, ...] = ()

    def ignored(self, path: str, is_dir: bool) -> bool:
        """Git's verdict: the last pattern that matches decides (``!`` takes back in)."""
        for glob in reversed(self.globs):
            if glob.matches(path, is_dir):
                return not glob.negated
        return False

    def extended(self, path: str) -> Ignores:
        """With the patterns of one more file (one that cannot be read adds none)."""
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                lines = handle.read(MAX_GITIGNORE).splitlines()
        except OSError:
            return self  # as git does, an unreadable ignore file ignores nothing
        base = os.path.dirname(path)
        if os.path.basename(base) == "info" and os.path.basename(os.path.dirname(base)) == GIT:
            base = os.path.dirname(os.path.dirname(base))  # .git/info/exclude: from the top
        parsed = (Glob.parse(line, base, gitignore=True) for line in lines)
        return Ignores(self.globs + tuple(glob for glob in parsed if glob is not None))


MAX_GITIGNORE = 1024 * 1024  # characters read from one ignore file


def _ignores_here(
    directory: str, outer: Ignores | None, is_top: bool, names: list[str]
) -> Ignores | None:
    """The rules in force in ``directory``: those of its parents, then its own .gitignore."""
    if outer is None and is_top:  # the top of a repository found within the walk
        outer = _top_ignores(directory)
    if outer is not None and GITIGNORE in names:
        return outer.extended(os.path.join(directory, GITIGNORE))
    return outer


def _ignores_above(directory: str) -> Ignores | None:
    """The rules of the .gitignore files above ``directory`` in its repository; None outside one."""
    above: list[str] = []
    current = directory
    while not os.path.exists(os.path.join(current, GIT)):
        parent = os.path.dirname(current)
        if parent == current:
            return None  # not in a repository: git reads no .gitignore, nor does a walk
        current = parent
        above.append(current)
    if not above:
        return None  # the walk starts at the top: read there
    ignores = _top_ignores(above[-1])
    for folder in reversed(above):
        ignores = ignores.extended(os.path.join(folder, GITIGNORE))
    return ignores


def _top_ignores(top: str) -> Ignores:
    """A repository's own exclusions (``.git/info/exclude``), before any .gitignore."""
    return Ignores().extended(os.path.join(top, GIT, "info", "exclude"))


class _Defaults:
    """The choice without a configuration: ``DEFAULT_EXCLUDE``, .gitignore files respected."""

    def excluded(self, path: str, is_dir: bool) -> bool:
        return matches_any(_default_globs(), path, is_dir)

    def respects_gitignore(self, directory: str) -> bool:
        return True

    def force_excluded(self, path: str, is_dir: bool) -> bool:
        return False


DEFAULT_CHOICE: Choice = _Defaults()


@cache
def _default_globs() -> tuple[Glob, ...]:
    # Compiled when a directory is first walked: files named on the command line are
    # not matched against the defaults, so a pre-commit run never needs them.
    return parse_globs(DEFAULT_EXCLUDE, os.sep)


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
    if path.lower().endswith(".json"):
        return False
    try:
        status = os.stat(path)
    except OSError:
        return False  # reading it reports why
    return stat.S_ISREG(status.st_mode) and STREAM_FROM <= status.st_size <= max_size


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


# --- Writing fixed files -----------------------------------------------------------------------


class Stamp(NamedTuple):
    """What ``os.stat`` says of a file just before it is read, to tell whether it changed since.

    Taken before reading, so a change made while the file is read makes the stamp stale
    and the write is refused: a stale stamp can only refuse, never let a change through.
    """

    device: int
    inode: int
    size: int
    mtime_ns: int
    ctime_ns: int  # also changes when the file is rewritten with its old mtime

    @classmethod
    def of(cls, path: str) -> Stamp | None:
        """The stamp of the file ``path`` leads to (links followed); None if it has none."""
        try:
            status = os.stat(path)
        except OSError:
            return None
        return cls(
            status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns
        )


def within(path: str, tree: str) -> bool:
    """Whether ``path``, every symbolic link resolved, lies in the directory ``tree`` (resolved)."""
    real, top = os.path.realpath(path), os.path.realpath(tree)
    return os.path.commonpath([real, top]) == top


def write_fixed(path: str, data: bytes, stamp: Stamp | None, tree: str) -> InputError | None:
    """Replace the file at ``path`` by ``data``, atomically; None when it is done.

    Refused, as an ``InputError`` that names why, when the file (a symbolic link resolved)
    lies outside ``tree``, when it is not a regular file, or when it changed since ``stamp``
    was taken. The data goes to a temporary file in the file's own directory (a rename is
    atomic only within one file system), which takes the file's permission bits and is
    then renamed over it: a reader sees the old file or the new, never half of one. A
    symbolic link within the tree stays a link; the file it leads to is replaced.
    """
    if not within(path, tree):
        return _refused(path, "a symbolic link out of the tree being linted; fixes not written")
    real = os.path.realpath(path)
    if stamp is None or Stamp.of(real) != stamp:
        return _refused(path, "changed since it was read; fixes not written")
    try:
        status = os.stat(real)
    except OSError as error:
        return InputError.of(path, error)
    if not stat.S_ISREG(status.st_mode):  # a FIFO or a device named explicitly
        return _refused(path, "not a regular file; fixes not written")
    mode = stat.S_IMODE(status.st_mode)
    import tempfile  # only a run that writes fixes needs it (start-up: docs/benchmarks.md)

    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=os.path.dirname(real)
        )
    except OSError as error:
        return InputError.of(path, error)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, real)
    except OSError as error:
        _remove(temporary)
        return InputError.of(path, error)
    return None


def _refused(path: str, message: str) -> InputError:
    return InputError(path, message, OSError(message))


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):  # already gone: nothing is left behind either way
        os.unlink(path)


# Byte order marks, longest first (UTF-32 LE's begins with UTF-16 LE's), and the codec that
# writes text after each: the file keeps its encoding, its byte order and its mark.
_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def encode_like(text: str, original: bytes) -> bytes:
    """``text`` in the encoding of ``original`` (UTF-8, or UTF-16/32 after a byte order mark).

    Reading drops the mark (the text holds no U+FEFF); it is written back, so fixed
    bytes differ from the originals only in the edited spans.
    """
    for mark, codec in _MARKS:
        if original.startswith(mark):
            return mark + text.encode(codec)
    return text.encode("utf-8")
