"""What can be wrong, shared by every layer: a value that does not parse, a usage error.

``Invalid`` is how a parser says no: a value returned in place of the parsed result,
so callers branch with ``isinstance`` and nothing is raised on the lint path.
``UsageError`` is the one exception a run raises on purpose: the configuration or
the command line is wrong, the run stops before any output and exits with code 2.
Both live here, below every layer, so that the layers that detect them need not
import each other.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from .frozen import NamedTuple


class Invalid(NamedTuple):
    """A text that does not parse; ``message`` is the reason, as the parser words it."""

    message: str


class UsageError(ValueError):
    """The configuration or the command line is wrong; the message says where and what."""


@contextmanager
def located(where: str) -> Iterator[None]:
    """Prefix the message of a usage error raised inside with where the value was written.

    Checks deep down know the bad value, not whether it came from a flag, a key of a
    configuration file or an entry of a table; the callers that know say so here.
    """
    try:
        yield
    except UsageError as error:
        raise UsageError(f"{where}: {error}") from None
