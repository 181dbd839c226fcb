"""imagetag-lint: schema validation and lint rules for OpenShift image API manifests.

>>> from imagetag_lint import validate
>>> [d.code for d in validate({"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",
...                            "metadata": {"name": "app:v1"}, "spec": {"name": "v1"}})]
[]
"""

from __future__ import annotations

from .diagnostics import Diagnostic, Edit, Fix, Severity
from .settings import Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .api import fix_text, lint_path, lint_text, validate

__version__ = "0.1.0"

# The functions of ``api``, imported on first use: the command line does not use them.
_API = frozenset({"fix_text", "lint_path", "lint_text", "validate"})


def __getattr__(name: str) -> object:
    if name in _API:
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})


__all__ = [
    "Diagnostic",
    "Edit",
    "Fix",
    "Settings",
    "Severity",
    "__version__",
    "fix_text",
    "lint_path",
    "lint_text",
    "validate",
]
