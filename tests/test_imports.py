"""What importing the package costs: the rule registry is code, not data it reads, and
a one-file run imports neither a validator nor what only other runs need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


ONE_FILE = """
import sys
from imagetag_lint.cli import main
from imagetag_lint.openshift import schemas
code = main(["--isolated", "app.yaml"])
print(code, sorted(m for m in {heavy!r} if m in sys.modules), schemas._texts.cache_info().currsize)
"""
# What a one-file run must not pay for: the validators (the compiled checks answer),
# what only fixes, configuration files, suggestions, a pool or the server need, and
# what only writing documentation needs (``inspect`` cleans rule docstrings;
# ``dataclasses`` imports it too). ``typing`` only serves annotations, argparse
# (with ``gettext`` and ``locale``) only lines the plain reader leaves to it, and
# ``json`` only JSON files and reports; ``importlib`` (which imports ``warnings``) is not
# needed to import a module by name.
HEAVY = (
    "importlib",
    "warnings",
    "typing",
    "argparse",
    "gettext",
    "locale",
    "json",
    "dataclasses",
    "inspect",
    "string",
    "jsonschema",
    "jsonschema_rs",
    "referencing",
    "tempfile",
    "tomllib",
    "difflib",
    "shutil",
    "importlib.resources",
    "pathlib",
    "concurrent.futures",
    "imagetag_lint.checking.processes",
    "pickle",
    "signal",
    "threading",
    "decimal",
    "asyncio",
    "ssl",
)


def test_a_clean_one_file_run_imports_no_validator_reads_no_schema_and_nothing_else(
    tmp_path: Path,
) -> None:
    (tmp_path / "app.yaml").write_text(
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: app:v1}\n"
        "spec:\n  name: v1\n  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-c", ONE_FILE.format(heavy=HEAVY)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.stdout == "0 [] 0\n"  # and no schema file read: the type graph is code
