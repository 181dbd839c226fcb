"""``python -m imagetag_lint.schemagen``: regenerate the packaged schemas, or check them."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
