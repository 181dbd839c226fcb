"""imagetag-lint: schema validation and lint rules for OpenShift image API manifests.

>>> from imagetag_lint import validate
>>> [d.code for d in validate({"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",
...                            "metadata": {"name": "app:v1"}, "spec": {"name": "v1"}})]
[]
"""

from __future__ import annotations

from .api import fix_text, lint_path, lint_text, validate
from .diagnostics import Diagnostic, Edit, Fix, Severity
from .settings import Settings

__version__ = "0.1.0"

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
