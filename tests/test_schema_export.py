"""``imagetag-lint schema KIND``: a self-contained schema other tools can use as it is.

The export is checked three ways: by shape (one document, every ``$ref`` internal,
valid Draft 2020-12, only the types the kind reaches), against the schema layer (the
same errors on every example object, in both profiles), and through check-jsonschema
itself, run as other tools' users run it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from imagetag_lint.checking.validation import validator
from imagetag_lint.loading.documents import SourceDocument, load_documents
from imagetag_lint.openshift.kinds import IMAGE_KINDS, Target, targets
from imagetag_lint.openshift.schemas import DRAFT, FORMATS, PROFILES, standalone
from imagetag_lint.openshift.schemas import standalone_text as render
from imagetag_lint.schemaexport import main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
VALID = sorted((EXAMPLES / "valid").iterdir())
INVALID = sorted((EXAMPLES / "invalid").glob("*.yaml"))
# The codes of the schema layer's type, unknown-field and required findings.
SCHEMA_CODES = ("ITL101", "ITL102", "ITL103")
KNOWN = "ImageTag, ImageStream, ImageStreamTag, ImageStreamImport, Image"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


# --- the sub-command -------------------------------------------------------------------


def test_prints_one_kinds_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["ImageTag"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        "{",
        '  "$schema": "https://json-schema.org/draft/2020-12/schema",',
        '  "$id": "urn:imagetag-lint:standalone:manifest:ImageTag",',
    ]
    assert out == render("ImageTag", "manifest")
    schema = json.loads(out)
    assert schema["title"] == "ImageTag (image.openshift.io/v1, manifest profile)"
    assert schema["$comment"] == (
        "imagetag-lint's manifest profile: a manifest as people write and apply it;"
        " only what the API server itself requires on create is required."
    )
    assert schema["description"].startswith("ImageTag represents a single tag")
    assert schema["required"] == ["spec"]
    assert schema["properties"]["spec"] == {
        "description": "spec is the spec tag associated with this image stream tag, and it may"
        " be null if only pushes have occurred to this image stream.",
        "$ref": "#/$defs/TagReference",
    }


def test_the_object_profile_requires_what_the_server_returns(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(["ImageStreamTag", "--profile", "object"], capsys)
    assert (code, err) == (0, "")
    schema = json.loads(out)
    assert schema["$id"] == "urn:imagetag-lint:standalone:object:ImageStreamTag"
    assert schema["title"] == "ImageStreamTag (image.openshift.io/v1, object profile)"
    assert schema["required"] == ["tag", "generation", "lookupPolicy", "image"]
    assert "required" not in json.loads(render("ImageStreamTag", "manifest"))


def test_unknown_kind_is_a_usage_error_naming_the_known_kinds(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run(["ImageTagList"], capsys) == (
        2,
        "",
        f"imagetag-lint schema: error: unknown kind 'ImageTagList' (known: {KNOWN})\n",
    )


def test_a_kind_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.splitlines()[-1] == (
        "imagetag-lint schema: error: the following arguments are required: KIND"
    )


def test_output_writes_the_schema_to_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "Image.object.json"
    assert run(["Image", "--profile", "object", "--output", str(target)], capsys) == (0, "", "")
    assert target.read_text(encoding="utf-8") == render("Image", "object")


def test_an_unwritable_output_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "missing" / "Image.json"
    assert run(["Image", "--output", str(target)], capsys) == (
        2,
        "",
        f"imagetag-lint schema: error: {target}: no such file or directory\n",
    )


# --- the document's shape --------------------------------------------------------------


def refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref" and isinstance(item, str):
                yield item
            else:
                yield from refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from refs(item)


@pytest.mark.parametrize("profile", PROFILES)
@pytest.mark.parametrize("kind", IMAGE_KINDS)
def test_the_export_is_self_contained_draft_2020_12(kind: str, profile: str) -> None:
    schema = standalone(kind, profile)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DRAFT
    found = set(refs(schema))
    assert [ref for ref in found if not ref.startswith("#")] == []
    defs = schema.get("$defs", {})
    # Every reference lands, and every definition is reached: nothing more, nothing less.
    assert found - {"#"} == {f"#/$defs/{name}" for name in defs}
    assert kind not in defs


def test_the_export_holds_only_the_types_the_kind_reaches() -> None:
    assert list(standalone("Image", "manifest")["$defs"]) == [
        "FieldsV1",
        "ImageLayer",
        "ImageManifest",
        "ImageSignature",
        "ManagedFieldsEntry",
        "ObjectMeta",
        "OwnerReference",
        "RawExtension",
        "SignatureCondition",
        "SignatureIssuer",
        "SignatureSubject",
        "Time",
    ]


def test_exporting_hands_out_fresh_copies() -> None:
    first = standalone("ImageTag", "manifest")
    first["$defs"]["TagReference"]["properties"].clear()
    assert standalone("ImageTag", "manifest") != first


# --- the same verdicts as the schema layer ---------------------------------------------


def example_objects(path: Path) -> Iterator[Target]:
    text = path.read_text(encoding="utf-8")
    for document in load_documents(text, is_json=path.suffix == ".json"):
        if isinstance(document, SourceDocument):
            yield from targets(document.data)


def errors(check: Draft202012Validator, obj: Any) -> list[tuple[str, str]]:
    return sorted((error.json_path, str(error.validator)) for error in check.iter_errors(obj))


def format_checker() -> FormatChecker:
    checker = FormatChecker(formats=())
    for name, check in FORMATS.items():
        checker.checks(name)(check)
    return checker


@pytest.mark.parametrize("profile", PROFILES)
def test_the_export_finds_what_the_schema_layer_finds(profile: str) -> None:
    exported = {
        kind: Draft202012Validator(standalone(kind, profile), format_checker=format_checker())
        for kind in IMAGE_KINDS
    }
    compared = 0
    for path in [*VALID, *INVALID]:
        for target in example_objects(path):
            layer = validator(target.type_name, profile)
            assert errors(exported[target.type_name], target.obj) == errors(layer, target.obj), (
                f"{path.name}{target.pointer}"
            )
            compared += 1
    assert compared > 30


# --- check-jsonschema ------------------------------------------------------------------


def check_jsonschema(schema: Path, instances: list[Path]) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "check_jsonschema", "--schemafile", str(schema)]
    return subprocess.run(
        [*command, "--output-format", "JSON", *map(str, instances)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def instances_by_kind(paths: list[Path], folder: Path, *, templated: bool) -> dict[str, list[Path]]:
    """The files to give check-jsonschema, by kind: an example that is one object as it
    is, else each object of its Lists, Templates or documents written out as JSON."""
    by_kind: dict[str, list[Path]] = {}
    for path in paths:
        found = [target for target in example_objects(path) if templated or not target.templated]
        if len(found) == 1 and found[0].pointer == "" and "\n---" not in path.read_text():
            by_kind.setdefault(found[0].type_name, []).append(path)
            continue
        for index, target in enumerate(found):
            written = folder / f"{path.stem}-{index}.json"
            written.write_text(json.dumps(target.obj), encoding="utf-8")
            by_kind.setdefault(target.type_name, []).append(written)
    return by_kind


def write_schema(folder: Path, kind: str) -> Path:
    schema = folder / f"{kind}.manifest.json"
    schema.write_text(render(kind, "manifest"), encoding="utf-8")
    return schema


def test_check_jsonschema_accepts_every_valid_example(tmp_path: Path) -> None:
    # A Template's objects hold ${PARAM} placeholders, which only `oc process` replaces.
    by_kind = instances_by_kind(VALID, tmp_path, templated=False)
    assert sorted(by_kind) == sorted(IMAGE_KINDS)
    for kind, instances in by_kind.items():
        done = check_jsonschema(write_schema(tmp_path, kind), instances)
        assert (done.returncode, done.stderr) == (0, ""), done.stdout
        result = json.loads(done.stdout)
        assert (result["status"], result["errors"]) == ("ok", [])


def refused_by_the_schema_layer(path: Path) -> bool:
    expected = path.with_suffix(".expected").read_text(encoding="utf-8")
    return any(f" {code} " in line for line in expected.splitlines() for code in SCHEMA_CODES)


def test_check_jsonschema_refuses_what_the_schema_layer_refuses(tmp_path: Path) -> None:
    refused = [path for path in INVALID if refused_by_the_schema_layer(path)]
    assert [path.stem for path in refused] == [
        "imagestream-legacy",
        "imagestream-status",
        "imagestreamimport-types",
        "imagestreamtag-types",
        "template-placeholders",
        "unknown-field",
        "wrong-types",
    ]
    reported: set[tuple[str, str]] = set()
    for kind, instances in instances_by_kind(refused, tmp_path, templated=True).items():
        done = check_jsonschema(write_schema(tmp_path, kind), instances)
        assert (done.returncode, done.stderr) == (1, ""), done.stdout
        result = json.loads(done.stdout)
        assert (result["status"], result["parse_errors"]) == ("fail", [])
        reported |= {(Path(error["filename"]).name, error["path"]) for error in result["errors"]}
    assert sorted(reported) == [
        ("imagestream-legacy.yaml", "$.spec.tags[0].from"),
        ("imagestream-status.yaml", "$.status.tags[0].items[0].generation"),
        ("imagestreamimport-types.yaml", "$.spec.images[0].to"),
        ("imagestreamimport-types.yaml", "$.spec.import"),
        ("imagestreamtag-types.yaml", "$.tag.name"),
        ("template-placeholders-0.json", "$.spec.tags[0].importPolicy.scheduled"),
        ("template-placeholders-0.json", "$.spec.tags[0].referencePolicy"),
        ("unknown-field.yaml", "$.spec"),
        ("wrong-types.yaml", "$.spec.generation"),
        ("wrong-types.yaml", "$.spec.reference"),
    ]


def test_the_published_bundles_are_the_exports() -> None:
    folder = resources.files("imagetag_lint") / "schemas" / "bundles"
    published = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    }
    assert sorted(published) == sorted(
        f"{kind}.{profile}.json" for kind in IMAGE_KINDS for profile in PROFILES
    )
    for kind in IMAGE_KINDS:
        for profile in PROFILES:
            assert published[f"{kind}.{profile}.json"] == render(kind, profile)


def test_the_command_line_dispatches_schema(capsys: pytest.CaptureFixture[str]) -> None:
    from imagetag_lint.cli import main as cli_main

    assert cli_main(["schema", "Image"]) == 0
    assert capsys.readouterr().out == render("Image", "manifest")
