"""``python -m imagetag_lint``: the command line, exactly as the ``imagetag-lint`` script."""

from .cli import run

run()
