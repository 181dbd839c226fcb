"""The schema generator: the packaged ``schemas/<Type>.json``, from the API's own documents.

The ImageTag types come from the published API reference text and an overlay, the
other kinds from the official OpenAPI definitions (all in ``schemagen/sources/``).
Run it as ``python -m imagetag_lint.schemagen``. It is a development tool: it uses
no other module of the package, and the lint path never imports it.
"""

from __future__ import annotations

from .generator import generate
from .model import SchemaSourceError

__all__ = ["SchemaSourceError", "generate"]
