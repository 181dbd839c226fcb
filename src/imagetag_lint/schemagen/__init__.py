"""The schema generator: ``schemas/<Type>.json`` from the API reference text and an overlay.

Run it as ``python -m imagetag_lint.schemagen``. It is a development tool and is
never imported on the lint path.
"""

from __future__ import annotations

from .generator import generate
from .model import SchemaSourceError

__all__ = ["SchemaSourceError", "generate"]
