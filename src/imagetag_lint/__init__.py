"""imagetag-lint: schema validation and lint rules for OpenShift image API manifests.

>>> from imagetag_lint import validate
>>> [d.code for d in validate({"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",
...                            "metadata": {"name": "app:v1"}, "spec": {"name": "v1"}})]
[]
"""

from __future__ import annotations

from .api import lint_path, lint_text, validate
from .diagnostics import Diagnostic, Severity
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "Settings",
    "Severity",
    "__version__",
    "lint_path",
    "lint_text",
    "validate",
]
