"""The pre-commit hook, run by the real ``pre-commit try-repo`` against a temporary repository.

The hook repository is a fresh git repository holding a copy of this checkout's
package files, so the test sees exactly what a user installs, whatever the
state of the checkout. pre-commit builds the hook's environment with pip.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src")
PRE_COMMIT = (sys.executable, "-m", "pre_commit")
TIMEOUT = 900  # installing the hook environment needs the network; never hang forever

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
spec:
  name: v1
  referencePolicy: {type: local}
"""
GOOD = BAD.replace("type: local", "type: Local")
OTHER = "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n"
JSON = (
    '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",'
    ' "metadata": {"name": "a:b"}, "spec": {"name": "b"}}\n'
)


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=test", "-c", "user.email=test@example.com", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        timeout=60,
    )


def hook_repository(tmp_path: Path) -> Path:
    repo = tmp_path / "hook"
    repo.mkdir()
    for name in PACKAGE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, repo / name)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hook")
    return repo


def try_repo(
    hook: Path, project: Path, home: Path, hook_id: str = "imagetag-lint"
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [*PRE_COMMIT, "try-repo", str(hook), hook_id, "--all-files", "--color", "never"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def test_hook_manifest_matches_the_console_script() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["imagetag-lint", "imagetag-lint-fix"]
    for hook in hooks:
        assert hook["language"] == "python"
        assert hook["types_or"] == ["yaml", "json"]
        assert hook["minimum_pre_commit_version"] == "2.9.0"
        assert hook["require_serial"] is False
    assert [hook["entry"] for hook in hooks] == [
        "imagetag-lint --force-exclude",
        "imagetag-lint --force-exclude --fix",
    ]
    assert 'imagetag-lint = "imagetag_lint.cli:run"' in (ROOT / "pyproject.toml").read_text(
        encoding="utf-8"
    )


@pytest.mark.slow
def test_pre_commit_try_repo_fails_on_findings_and_passes_once_fixed(tmp_path: Path) -> None:
    hook = hook_repository(tmp_path)
    project = tmp_path / "project"
    (project / "deploy").mkdir(parents=True)
    (project / "deploy" / "tag.yaml").write_text(BAD, encoding="utf-8")
    (project / "deploy" / "web.yaml").write_text(OTHER, encoding="utf-8")
    (project / "deploy" / "tag.json").write_text(JSON, encoding="utf-8")
    (project / "notes.txt").write_text("not a manifest\n", encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    failed = try_repo(hook, project, home)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "deploy/tag.yaml:7:27: error: ITL201 spec.referencePolicy.type:"
        ' "local" is not valid: valid values are "Source", "Local" (did you mean "Local"?)\n'
    ) in failed.stdout
    assert "web.yaml:" not in failed.stdout
    assert "tag.json:" not in failed.stdout

    (project / "deploy" / "tag.yaml").write_text(GOOD, encoding="utf-8")
    git(project, "add", "-A")
    passed = try_repo(hook, project, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "ITL" not in passed.stdout


@pytest.mark.slow
def test_pre_commit_fixing_hook_modifies_the_manifest_then_passes(tmp_path: Path) -> None:
    hook = hook_repository(tmp_path)
    project = tmp_path / "project"
    (project / "deploy").mkdir(parents=True)
    (project / "deploy" / "tag.yaml").write_text(BAD, encoding="utf-8")
    (project / "deploy" / "web.yaml").write_text(OTHER, encoding="utf-8")
    (project / "deploy" / "tag.json").write_text(JSON, encoding="utf-8")
    git(project, "init", "-q")
    git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    fixed = try_repo(hook, project, home, "imagetag-lint-fix")
    assert fixed.returncode == 1, fixed.stdout + fixed.stderr  # pre-commit: files were modified
    assert "- files were modified by this hook" in fixed.stdout
    assert "Fixed 1 finding (0 remaining) in 1 file (3 files checked)." in fixed.stdout
    assert (project / "deploy" / "tag.yaml").read_text(encoding="utf-8") == GOOD
    assert (project / "deploy" / "web.yaml").read_text(encoding="utf-8") == OTHER
    assert (project / "deploy" / "tag.json").read_text(encoding="utf-8") == JSON

    git(project, "add", "-A")
    passed = try_repo(hook, project, home, "imagetag-lint-fix")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "ITL" not in passed.stdout
    assert (project / "deploy" / "tag.yaml").read_text(encoding="utf-8") == GOOD
