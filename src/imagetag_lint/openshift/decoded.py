"""The classes a decoded value is tested against on the hot paths.

Objects arrive as plain ``dict``s (from YAML, JSON or an admission request), but a
library caller may pass any ``Mapping``. ``isinstance(value, Mapping)`` asks the
abstract base class each time, which costs several times more than asking
``dict``; a tuple with ``dict`` first answers the common case at the price of a
type comparison, and every other ``Mapping`` exactly as before.
"""

from __future__ import annotations

from collections.abc import Mapping

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

MAPPINGS: Final = (dict, Mapping)
