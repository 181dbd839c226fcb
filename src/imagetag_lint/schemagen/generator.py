"""From ``schemagen/sources/`` to every ``imagetag_lint/schemas/<Type>.json``, and drift checks."""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

from ..openshift.kinds import IMAGE_KINDS
from ..openshift.schemas import BUNDLES, standalone_files
from .build import build_schemas
from .model import JsonObject, SchemaSourceError
from .openapi import load_definitions, openapi_schemas
from .overlay import apply_overlay, load_overlay
from .textref import parse_reference

REFERENCE_TEXT = "imagetag-api-reference.txt"
OVERLAY = "overlay.yaml"


def _package_dir(package: str) -> Path:
    """A package's folder on disk: the generator reads its sources and writes its output there."""
    return Path(str(resources.files(package)))


DEFAULT_OUT = _package_dir("imagetag_lint") / "schemas"
DEFAULT_SOURCE = _package_dir("imagetag_lint.schemagen") / "sources"


def generate(source_dir: Path = DEFAULT_SOURCE) -> dict[str, str]:
    """File name -> file text for every type, from the reference text, the overlay and
    (for the types the text does not document) the OpenAPI definitions; and for every
    kind and profile its self-contained schema under ``bundles/``."""
    try:
        text = (source_dir / REFERENCE_TEXT).read_text(encoding="utf-8")
    except OSError as error:
        raise SchemaSourceError(f"cannot read the reference text: {error}") from error
    overlay = load_overlay(source_dir / OVERLAY)
    sections = apply_overlay(parse_reference(text), overlay)
    schemas = build_schemas(sections, overlay.types)
    schemas.update(openapi_schemas(load_definitions(source_dir), schemas))
    schemas = dict(sorted(schemas.items()))
    types = {f"{name}.json": render_json(schema) for name, schema in schemas.items()}
    # Each kind's self-contained schema, for tools that cannot resolve our URNs: made by
    # the export the linter itself offers, so the published files are exactly what
    # `imagetag-lint schema KIND` prints.
    return {**types, **standalone_files(types, IMAGE_KINDS)}


def render_json(schema: JsonObject) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def find_drift(out_dir: Path, files: Mapping[str, str]) -> list[str]:
    """One line per file in ``out_dir`` that differs from ``files``, is missing, or is extra."""
    drift = []
    for name, content in files.items():
        path = out_dir / name
        if not path.is_file():
            drift.append(f"missing: {path}")
        elif path.read_text(encoding="utf-8") != content:
            drift.append(f"differs: {path}")
    drift.extend(f"not generated: {path}" for path in _stale_files(out_dir, files))
    return drift


def write_schemas(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    """Write every file, remove generated files of types that no longer exist; the removed."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        path = out_dir / name
        path.parent.mkdir(exist_ok=True)
        # Leave unchanged files alone, so their modification times keep meaning something.
        if not path.is_file() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
    removed = [path for path in _stale_files(out_dir, files) if _is_generated(path)]
    for path in removed:
        path.unlink()
    return removed


def _stale_files(out_dir: Path, files: Mapping[str, str]) -> list[Path]:
    if not out_dir.is_dir():
        return []
    generated = [*out_dir.glob("*.json"), *out_dir.glob(f"{BUNDLES}/*.json")]
    return sorted(path for path in generated if path.relative_to(out_dir).as_posix() not in files)


def _is_generated(path: Path) -> bool:
    # Only files that carry our $id are ours to delete.
    return '"$id": "urn:imagetag-lint:' in path.read_text(encoding="utf-8")
