"""``python -m imagetag_lint``: the command line, exactly as the ``imagetag-lint`` script."""

from __future__ import annotations

from .cli import main

raise SystemExit(main())
