"""The built wheel carries the schemas and lints offline, away from the source tree."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

# Building and installing a wheel takes seconds: the everyday run leaves it to CI.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]

# Runs the installed package with every socket refused, from a directory that
# holds no source, and reports which package and schema directory it used.
PROBE = """
import socket, sys
def refuse(*args, **kwargs):
    raise OSError("network access during a lint run")
socket.socket = refuse
socket.create_connection = refuse
from importlib import resources
import imagetag_lint
from imagetag_lint.cli import main
print(imagetag_lint.__file__)
print(resources.files("imagetag_lint") / "schemas")
sys.exit(main(sys.argv[1:]))
"""

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: "app:v1"}
spec:
  name: v1
  referencPolicy: {type: Local}
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    subprocess.run([*command, "-q", "-w", str(out), str(ROOT)], check=True)
    (built,) = out.glob("imagetag_lint-*.whl")
    return built


def test_wheel_contains_every_schema(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    schemas = sorted((ROOT / "src" / "imagetag_lint" / "schemas").glob("*.json"))
    assert len(schemas) > 40
    for schema in schemas:
        assert f"imagetag_lint/schemas/{schema.name}" in names
    bundles = sorted((ROOT / "src" / "imagetag_lint" / "schemas" / "bundles").glob("*.json"))
    assert len(bundles) == 10  # five kinds, two profiles: what other tools use
    for bundle in bundles:
        assert f"imagetag_lint/schemas/bundles/{bundle.name}" in names
    assert "imagetag_lint/py.typed" in names


def test_installed_wheel_lints_offline(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    install = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index"]
    subprocess.run([*install, "--target", str(target), str(wheel)], check=True)
    manifest = tmp_path / "work" / "bad.yaml"
    manifest.parent.mkdir()
    manifest.write_text(BAD, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "bad.yaml"],
        cwd=manifest.parent,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    package, schemas, *report = done.stdout.splitlines()
    assert Path(package).is_relative_to(target)
    assert Path(schemas) == target / "imagetag_lint" / "schemas"
    assert report == [
        "bad.yaml:6:3: error: ITL102 spec.referencPolicy: unknown field"
        ' (did you mean "referencePolicy"?)'
    ]
    assert done.returncode == 1, done.stderr
