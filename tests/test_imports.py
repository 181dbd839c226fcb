"""What importing the package costs: the rule registry is code, not data it reads."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import imagetag_lint.rules
from imagetag_lint.openshift import schemas
print(schemas._texts.cache_info().currsize)
print(sorted(m for m in ("jsonschema", "referencing", "jsonschema_rs") if m in sys.modules))
"""


def test_importing_the_rule_registry_reads_no_schema_and_no_validator() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "0\n[]\n"
