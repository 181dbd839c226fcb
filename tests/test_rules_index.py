"""The rules' index: every rule listed with what a plan needs, without importing it,
and a run that imports only the rule modules it runs."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

from imagetag_lint import rules
from imagetag_lint.rules import index

RULE_FIELDS = (
    "code",
    "name",
    "severity",
    "layer",
    "types",
    "scope",
    "kinds",
    "phase",
    "profile",
    "server",
    "source",
    "setting",
)


def test_the_index_is_the_rules_as_their_modules_define_them() -> None:
    assert [entry.code for entry in index.ENTRIES] == [item.code for item in rules.RULES]
    for entry, item in zip(index.ENTRIES, rules.RULES, strict=True):
        assert [getattr(entry, field) for field in RULE_FIELDS] == [
            getattr(item, field) for field in RULE_FIELDS
        ]
        assert entry.checks == (item.check is not None)
        assert entry.accepts == (item.accept is not None)
        assert item in index.load([entry.code])
        assert sys.modules[f"imagetag_lint.rules.{entry.module}"].RULES.count(item) == 1


def test_every_module_with_rules_is_listed() -> None:
    package = Path(rules.__file__).parent
    defining = {
        found.name
        for found in pkgutil.iter_modules([str(package)])
        if hasattr(__import__(f"imagetag_lint.rules.{found.name}", fromlist=["_"]), "RULES")
    }
    assert defining == set(index.MODULES)


def test_the_registry_looks_rules_up_by_code_in_order() -> None:
    assert list(rules.BY_CODE) == [item.code for item in rules.RULES]
    assert len(rules.BY_CODE) == len(rules.RULES)
    assert all(rules.BY_CODE[item.code] is item for item in rules.RULES)
    assert rules.BY_NAME["metadata-name"].code in rules.BY_CODE
    with pytest.raises(KeyError):
        rules.BY_CODE["ITL999"]
    assert "ITL201" in rules.BY_CODE
    assert "ITL999" not in rules.BY_CODE
    assert rules.BY_CODE.get("ITL999") is None
    codes = [item.code for item in rules.RULES]
    assert [item.code for item in index.load(reversed(codes))] == codes


def test_a_rule_registered_twice_is_refused() -> None:
    item = rules.RULES[0]
    with pytest.raises(ValueError, match=f"rule {item.code} .* is registered twice"):
        rules._check_unique((item, item._replace(name="other")))


LOADED = """
import io, sys
from contextlib import redirect_stderr, redirect_stdout
from imagetag_lint.cli import main
def loaded():
    return sorted(m.rpartition(".")[2] for m in sys.modules if m.startswith("imagetag_lint.rules."))
print(loaded())
with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
    main(["--isolated", *sys.argv[1:]])
print(loaded())
"""
CLEAN = (
    "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata: {name: app:v1}\n"
    "spec:\n  name: v1\n  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
)
PLANNING = ["_rule", "direct", "index", "index_table"]
REGISTRY = ["_rule", "index", "index_table"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            CLEAN, ["_fixes", "_support", "history", "imagetag_objects"], id="clean-imagetag"
        ),
        pytest.param(  # ITL310: status in a manifest, explained by its rule's module
            CLEAN + "status: {tag: v1, items: []}\n",
            ["_fixes", "_support", "history", "imagetag_objects", "manifests", "streams"],
            id="imagetag-with-status",
        ),
        pytest.param(
            "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\n"
            "metadata: {name: app:v1}\ntag: {name: v1}\n",
            [],
            id="clean-imagestreamtag",
        ),
    ],
)
def test_a_run_imports_only_the_rule_modules_it_runs(
    tmp_path: Path, text: str, expected: list[str]
) -> None:
    (tmp_path / "app.yaml").write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", LOADED, "app.yaml"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.stdout.splitlines() == [str(PLANNING), str(sorted([*PLANNING, *expected]))]


def test_asking_whether_a_code_is_known_imports_no_rule_module() -> None:
    probe = (
        "import sys\n"
        "from imagetag_lint import rules\n"
        "assert 'ITL276' in rules.BY_CODE and list(rules.BY_CODE)\n"
        "print(sorted(m for m in sys.modules if m.startswith('imagetag_lint.rules.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    # the registry's own modules; not even the engine's direct checks
    assert done.stdout == str([f"imagetag_lint.rules.{name}" for name in REGISTRY]) + "\n"
