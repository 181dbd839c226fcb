"""``docs/architecture.md`` stays true to the code: its module table, its layers, their imports.

The module table is generated from the module docstrings by ``tools/architecture.py``;
these tests fail when the committed table is stale, when the hand-written prose leaves
a folder of the package out, and when a layer imports one it may not.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
PACKAGE = ROOT / "src" / "imagetag_lint"


def _load_script() -> ModuleType:
    """``tools/architecture.py`` as a module (``tools`` is not a package)."""
    spec = importlib.util.spec_from_file_location(
        "architecture_doc_tool", ROOT / "tools" / "architecture.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


architecture = _load_script()


def test_module_table_is_current() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert architecture.regenerate(text, architecture.read_modules()) == text, (
        f"docs/architecture.md is stale: run `{architecture.REGENERATE}`"
    )


def test_every_folder_of_the_package_is_described() -> None:
    assert architecture.missing_folders(DOC.read_text(encoding="utf-8")) == []


def test_check_passes_on_the_committed_page() -> None:
    assert architecture.main(["--check", str(DOC)]) == 0


def test_a_module_without_a_docstring_is_an_error(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "layer").mkdir(parents=True)
    (package / "__init__.py").write_text('"""The package."""\n', encoding="utf-8")
    (package / "layer" / "__init__.py").write_text("", encoding="utf-8")
    with pytest.raises(architecture.ArchitectureError, match=r"pkg/layer/__init__\.py"):
        architecture.read_modules(package)


def test_write_replaces_only_the_generated_block(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "layer").mkdir(parents=True)
    (package / "__init__.py").write_text('"""The package: ``x | y``."""\n', encoding="utf-8")
    (package / "layer" / "__init__.py").write_text(
        '"""A layer, see\n:mod:`pkg.layer.part`.\n\nMore."""\n', encoding="utf-8"
    )
    prose = "# Title\n\nThe `layer/` folder.\n\n"
    page = f"{prose}{architecture.BEGIN}\n| stale |\n{architecture.END}\n"
    written = architecture.regenerate(page, architecture.read_modules(package))
    assert written.startswith(f"{prose}{architecture.BEGIN}\n")
    assert written.endswith(f"{architecture.END}\n")
    assert "| `__init__.py` | The package: `x \\| y`. |" in written
    assert "| `layer/__init__.py` | A layer, see `pkg.layer.part`. |" in written
    assert "stale" not in written
    assert architecture.problems(written, package) == []
    assert architecture.problems(page, package) != []


# What each layer may import, as docs/architecture.md states it ("Layers").
FOUNDATION = {
    "codes",
    "diagnostics",
    "errors",
    "frozen",
    "pointers",
    "regex",
    "regex_table",
    "settings",
}
ALLOWED = {
    "foundation": {"foundation"},
    "loading": {"foundation", "loading"},
    "openshift": {"foundation", "openshift"},
    "rules": {"foundation", "openshift", "rules"},
    "checking": {"foundation", "loading", "openshift", "rules", "checking"},
    "reporting": {"foundation", "rules", "reporting"},  # rules: type annotations only
    "configuration": {
        "foundation",
        "loading",
        "openshift",
        "checking",
        "reporting",
        "configuration",
    },
    "serving": {"foundation", "openshift", "checking", "serving"},
    "schemagen": {"schemagen", "openshift"},
}


def _layer(module: str) -> str:
    """``imagetag_lint.loading.files`` -> ``loading``; the entry points are ``entry``."""
    first = module.split(".")[1] if "." in module else ""
    if first in FOUNDATION:
        return "foundation"
    return first if first in ALLOWED else "entry"


def _imports(path: Path, module: str) -> Iterator[str]:
    """Every module of the package that ``path`` imports, lazily or not."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, *([node.module] if node.module else [])])
            if base == "imagetag_lint":  # from . import codes
                yield from (f"{base}.{alias.name}" for alias in node.names)
            else:
                yield base


def test_layers_import_only_the_layers_below_them() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        layer = _layer(module)
        if layer == "entry":
            continue
        for imported in _imports(path, module):
            if imported.startswith("imagetag_lint") and _layer(imported) not in ALLOWED[layer]:
                wrong.append(f"{module} ({layer}) imports {imported}")
    assert wrong == []
