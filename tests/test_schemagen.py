"""The schema generator: drift gate, meta-schema and references, OpenAPI cross-check,
the parser of the reference text, and the overlay's rules."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from imagetag_lint.schemagen import SchemaSourceError, generate
from imagetag_lint.schemagen.cli import main
from imagetag_lint.schemagen.differences import (
    INTENDED_DIFFERENCES,
    OPENAPI_DEFINITIONS,
    compare_with_openapi,
    stale_entries,
    unexplained,
)
from imagetag_lint.schemagen.generator import OVERLAY, REFERENCE_TEXT, write_schemas
from imagetag_lint.schemagen.model import Section
from imagetag_lint.schemagen.overlay import load_overlay
from imagetag_lint.schemagen.textref import parse_reference

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "imagetag_lint"
SCHEMAS = PACKAGE / "schemas"
SOURCE = PACKAGE / "schemagen" / "sources"
OPENAPI = SOURCE / "openshift-openapi-image-v1.json"

API_TYPES = frozenset(
    {
        "ImageTag",
        "TagReference",
        "ObjectReference",
        "TagImportPolicy",
        "TagReferencePolicy",
        "NamedTagEventList",
        "TagEvent",
        "TagEventCondition",
        "Image",
        "ImageLayer",
        "ImageManifest",
        "ImageSignature",
        "SignatureCondition",
        "SignatureIssuer",
        "SignatureSubject",
        "ObjectMeta",
        "OwnerReference",
        "ManagedFieldsEntry",
        "FieldsV1",
        "Time",
        "RawExtension",
        # From the OpenAPI definitions: the other kinds and what they reach.
        "ImageStream",
        "ImageStreamSpec",
        "ImageStreamStatus",
        "ImageLookupPolicy",
        "ImageStreamTag",
        "ImageStreamImport",
        "ImageStreamImportSpec",
        "ImageStreamImportStatus",
        "ImageImportSpec",
        "ImageImportStatus",
        "RepositoryImportSpec",
        "RepositoryImportStatus",
        "ImageStreamList",
        "ImageTagList",
        "LocalObjectReference",
        "ListMeta",
        "ShardInfo",
        "Status",
        "StatusDetails",
        "StatusCause",
    }
)

Schemas = dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def committed() -> Schemas:
    return {
        path.stem: json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(SCHEMAS.glob("*.json"))
    }


@pytest.fixture(scope="module")
def sections() -> dict[str, Section]:
    text = (SOURCE / REFERENCE_TEXT).read_text(encoding="utf-8")
    parsed = parse_reference(text)
    return {section.path: section for section in parsed if section.path is not None}


# --- drift gate -------------------------------------------------------------------------


def test_generating_reproduces_the_committed_schemas(tmp_path: Path) -> None:
    assert main(["--out", str(tmp_path)]) == 0
    fresh = {path.relative_to(tmp_path).as_posix(): path.read_bytes() for path in _json(tmp_path)}
    on_disk = {path.relative_to(SCHEMAS).as_posix(): path.read_bytes() for path in _json(SCHEMAS)}
    assert any(name.startswith("bundles/") for name in fresh)
    assert sorted(fresh) == sorted(on_disk)
    for name, content in fresh.items():
        assert content == on_disk[name], (
            f"{name} is out of date: run python -m imagetag_lint.schemagen"
        )


def _json(folder: Path) -> list[Path]:
    return [*folder.glob("*.json"), *folder.glob("bundles/*.json")]


def test_one_file_per_api_type_and_a_bundle_per_kind_and_profile() -> None:
    names = set(generate(SOURCE))
    assert {name for name in names if "/" not in name} == {f"{name}.json" for name in API_TYPES}
    kinds = ("Image", "ImageStream", "ImageStreamImport", "ImageStreamTag", "ImageTag")
    assert {name for name in names if "/" in name} == {
        f"bundles/{kind}.{profile}.json" for kind in kinds for profile in ("manifest", "object")
    }


@pytest.mark.slow
@pytest.mark.parametrize("seed", ["0", "1", "2718"])
def test_generation_does_not_depend_on_the_hash_seed(seed: str) -> None:
    """The same bytes in every process: the order of a set of strings changes with
    PYTHONHASHSEED, so a generator that iterated one would pass in a single process
    and still rewrite the committed files on the next run."""
    done = subprocess.run(
        [sys.executable, "-m", "imagetag_lint.schemagen", "--check"],
        env={**os.environ, "PYTHONHASHSEED": seed},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_check_passes_on_the_committed_tree(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert capsys.readouterr().out == ""


def _copy_of_schemas(tmp_path: Path) -> Path:
    out = tmp_path / "schemas"
    out.mkdir()
    for path in SCHEMAS.glob("*.json"):
        shutil.copy(path, out / path.name)
    return out


def test_check_fails_on_an_altered_schema(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _copy_of_schemas(tmp_path)
    altered = out / "TagEvent.json"
    altered.write_text(altered.read_text(encoding="utf-8").replace("int64", "int32"), "utf-8")
    assert main(["--check", "--out", str(out)]) == 1
    report = capsys.readouterr().out
    assert "differs:" in report
    assert "TagEvent.json" in report
    assert "Image.json" not in report


def test_check_fails_on_missing_and_extra_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _copy_of_schemas(tmp_path)
    (out / "Time.json").unlink()
    (out / "Obsolete.json").write_text("{}\n", encoding="utf-8")
    assert main(["--check", "--out", str(out)]) == 1
    report = capsys.readouterr().out
    assert "missing:" in report
    assert "Time.json" in report
    assert "Obsolete.json" in report


def test_a_broken_source_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check", "--source", str(tmp_path)]) == 2
    assert "cannot read the reference text" in capsys.readouterr().err


def test_writing_removes_only_stale_generated_files(tmp_path: Path) -> None:
    stale = tmp_path / "Obsolete.json"
    stale.write_text('{\n  "$id": "urn:imagetag-lint:schema:Obsolete"\n}\n', encoding="utf-8")
    foreign = tmp_path / "notes.json"
    foreign.write_text("{}\n", encoding="utf-8")
    assert write_schemas(tmp_path, generate(SOURCE)) == [stale]
    assert not stale.exists()
    assert foreign.exists()


def test_generator_reads_only_the_text_the_overlay_and_the_openapi(tmp_path: Path) -> None:
    for name in (REFERENCE_TEXT, OVERLAY, OPENAPI.name):
        shutil.copy(SOURCE / name, tmp_path / name)
    assert generate(tmp_path) == generate(SOURCE)


# --- the OpenAPI input -------------------------------------------------------------------


def test_the_text_types_do_not_depend_on_the_openapi(tmp_path: Path) -> None:
    for name in (REFERENCE_TEXT, OVERLAY):
        shutil.copy(SOURCE / name, tmp_path / name)
    definitions = json.loads(OPENAPI.read_text(encoding="utf-8"))
    for name in list(definitions["definitions"]):
        if name.endswith((".ImageStream", ".ImageStreamSpec")):
            continue
        if name.rsplit(".", 1)[1] in ("ImageTag", "TagReference", "ObjectMeta"):
            # The text's own types: the generator must never read these definitions.
            definitions["definitions"][name] = {"type": "string"}
    (tmp_path / OPENAPI.name).write_text(json.dumps(definitions), encoding="utf-8")
    fresh, committed_files = generate(tmp_path), generate(SOURCE)
    assert fresh == committed_files


def test_openapi_types_follow_the_conventions(committed: Schemas) -> None:
    spec = committed["ImageStreamSpec"]
    assert spec["additionalProperties"] is False
    assert spec["properties"]["tags"]["type"] == ["array", "null"]
    assert spec["properties"]["tags"]["items"] == {"$ref": "urn:imagetag-lint:schema:TagReference"}
    assert spec["properties"]["lookupPolicy"]["$ref"] == (
        "urn:imagetag-lint:schema:ImageLookupPolicy"
    )
    code = committed["Status"]["properties"]["code"]
    assert (code["type"], code["format"], code["minimum"], code["maximum"]) == (
        ["integer", "null"],
        "int32",
        -(2**31),
        2**31 - 1,
    )
    generation = committed["ImageStreamTag"]["properties"]["generation"]
    assert (generation["minimum"], generation["maximum"]) == (-(2**63), 2**63 - 1)
    assert committed["ImageStreamTag"]["required"] == ["tag", "generation", "lookupPolicy", "image"]


def test_an_unsupported_openapi_shape_is_a_source_error(tmp_path: Path) -> None:
    for name in (REFERENCE_TEXT, OVERLAY):
        shutil.copy(SOURCE / name, tmp_path / name)
    definitions = json.loads(OPENAPI.read_text(encoding="utf-8"))
    lookup = definitions["definitions"]["com.github.openshift.api.image.v1.ImageLookupPolicy"]
    lookup["properties"]["local"] = {"type": "number"}
    (tmp_path / OPENAPI.name).write_text(json.dumps(definitions), encoding="utf-8")
    with pytest.raises(SchemaSourceError, match=r"ImageLookupPolicy\.local: unsupported schema"):
        generate(tmp_path)


def test_a_missing_openapi_file_is_a_source_error(tmp_path: Path) -> None:
    for name in (REFERENCE_TEXT, OVERLAY):
        shutil.copy(SOURCE / name, tmp_path / name)
    with pytest.raises(SchemaSourceError, match="cannot read the OpenAPI definitions"):
        generate(tmp_path)


# --- meta-schema and references ---------------------------------------------------------


@pytest.mark.parametrize("name", sorted(API_TYPES))
def test_schema_is_valid_draft_2020_12(committed: Schemas, name: str) -> None:
    Draft202012Validator.check_schema(committed[name])
    assert committed[name]["$id"] == f"urn:imagetag-lint:schema:{name}"
    assert committed[name]["title"] == name


def _registry(schemas: Schemas) -> Registry[Any]:
    # No retrieve function: an unknown reference fails instead of reaching the network.
    return Registry().with_resources(
        (schema["$id"], Resource.from_contents(schema)) for schema in schemas.values()
    )


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "$ref":
                yield item
            else:
                yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def test_every_reference_resolves_within_the_set(committed: Schemas) -> None:
    resolver = _registry(committed).resolver()
    refs = {ref for schema in committed.values() for ref in _refs(schema)}
    assert refs, "the schemas refer to each other"
    for ref in sorted(refs):
        assert ref.startswith("urn:imagetag-lint:schema:")
        resolver.lookup(ref)


def _imagetag_errors(committed: Schemas, document: Any) -> list[str]:
    validator = Draft202012Validator(committed["ImageTag"], registry=_registry(committed))
    return sorted(error.message for error in validator.iter_errors(document))


def test_a_manifest_with_nulls_validates(committed: Schemas) -> None:
    manifest = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {"name": "ruby:latest", "labels": {"a": None}, "creationTimestamp": None},
        "spec": {
            "name": "latest",
            "from": {"kind": "DockerImage", "name": "ruby"},
            "generation": None,
        },
        "status": None,
        "image": {"dockerImageLayers": [None, {"name": "l", "size": 1, "mediaType": "m"}]},
    }
    assert _imagetag_errors(committed, manifest) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"name": "t", "generation": "1"}, "'1' is not of type 'integer', 'null'"),
        ({"name": "t", "generation": 2**63}, "9223372036854775808 is greater than the maximum"),
        ({"name": "t", "colour": "red"}, "Additional properties are not allowed"),
        ({"name": "t", "referencePolicy": {"type": 1}}, "1 is not of type 'string', 'null'"),
    ],
)
def test_the_schemas_reject_what_the_server_cannot_decode(
    committed: Schemas, spec: dict[str, Any], message: str
) -> None:
    errors = _imagetag_errors(committed, {"spec": spec, "status": None, "image": None})
    assert len(errors) == 1
    assert message in errors[0]


# --- OpenAPI cross-check ----------------------------------------------------------------


@pytest.fixture(scope="module")
def openapi_definitions() -> dict[str, Any]:
    definitions: dict[str, Any] = json.loads(OPENAPI.read_text(encoding="utf-8"))["definitions"]
    return definitions


def test_every_type_has_an_openapi_definition(openapi_definitions: dict[str, Any]) -> None:
    assert set(OPENAPI_DEFINITIONS) == API_TYPES
    assert set(OPENAPI_DEFINITIONS.values()) <= set(openapi_definitions)


def test_schemas_match_openapi_but_for_the_intended_differences(
    committed: Schemas, openapi_definitions: dict[str, Any]
) -> None:
    differences = compare_with_openapi(committed, openapi_definitions)
    assert unexplained(differences) == []


def test_every_intended_difference_still_exists(
    committed: Schemas, openapi_definitions: dict[str, Any]
) -> None:
    differences = compare_with_openapi(committed, openapi_definitions)
    assert stale_entries(differences) == []


def test_every_intended_difference_has_a_one_line_reason() -> None:
    for entry in INTENDED_DIFFERENCES:
        assert entry.reason.strip()
        assert "\n" not in entry.reason


def _set_size_type(schemas: Schemas) -> None:
    schemas["ImageLayer"]["properties"]["size"]["type"] = ["string", "null"]


def _drop_required(schemas: Schemas) -> None:
    del schemas["TagEvent"]["required"]


def _drop_format(schemas: Schemas) -> None:
    del schemas["ImageSignature"]["properties"]["content"]["format"]


def _retarget_ref(schemas: Schemas) -> None:
    schemas["TagReference"]["properties"]["from"]["$ref"] = (
        "urn:imagetag-lint:schema:OwnerReference"
    )


def _drop_property(schemas: Schemas) -> None:
    del schemas["ObjectMeta"]["properties"]["finalizers"]


@pytest.mark.parametrize(
    "alter", [_set_size_type, _drop_required, _drop_format, _retarget_ref, _drop_property]
)
def test_the_cross_check_catches_unintended_differences(
    committed: Schemas, openapi_definitions: dict[str, Any], alter: Callable[[Schemas], None]
) -> None:
    altered = copy.deepcopy(committed)
    alter(altered)
    assert unexplained(compare_with_openapi(altered, openapi_definitions)) != []


# --- the parser of the reference text ---------------------------------------------------


def test_parser_reads_the_tagreference_table(sections: dict[str, Section]) -> None:
    spec = sections[".spec"]
    assert spec.type == "object"
    assert spec.required == ("name",)
    assert (spec.description or "").startswith("TagReference specifies optional annotations")
    cells = {row.name: row.type for row in spec.rows}
    assert cells == {
        "annotations": "object (string)",
        "from": None,  # a gap the overlay fills
        "generation": "integer",
        "importPolicy": "object",
        "name": "string",
        "reference": "boolean",
        "referencePolicy": "object",
    }


def test_parser_reads_the_imagelayer_required_list(sections: dict[str, Section]) -> None:
    layer = sections[".image.dockerImageLayers[]"]
    assert layer.required == ("name", "size", "mediaType")
    assert [row.name for row in layer.rows] == ["mediaType", "name", "size"]


def test_parser_records_the_gaps_of_the_text() -> None:
    parsed = parse_reference((SOURCE / REFERENCE_TEXT).read_text(encoding="utf-8"))
    root = parsed[0]
    assert (root.path, root.title, root.type) == (".", "ImageTag", None)
    assert root.required == ("spec", "status", "image")
    headerless = [section for section in parsed if section.path is None]
    assert [(section.description or "").split()[0] for section in headerless] == [
        "Image",
        "Conditions",
        "NamedTagEventList",
    ]
    signatures = next(section for section in parsed if section.path == ".image.signatures[]")
    nameless = [row for row in signatures.rows if row.name is None]
    assert [(row.type, row.description) for row in nameless] == [
        ("string", "Required: Describes a type of stored blob.")
    ]
    issued_to = next(
        section for section in parsed if section.path == ".image.signatures[].issuedTo"
    )
    assert issued_to.required == ()


def test_parser_groups_cells_by_their_shape() -> None:
    text = "\n\n".join(
        [
            "Thing [example.com/v1]",
            "Thing is a thing.",
            "Type",
            "object",
            "Required",
            "\u2022 size",
            "PropertyTypeDescription",
            "items",  # no type, no description
            "size",
            "integer",
            "Size in bytes.",
            "Second paragraph.",
            "when",
            "Time",
            "string",  # a type that cannot belong to 'when': its row lost its name
            "Lost name.",
            "API endpoints",
            "ignored",
        ]
    )
    (root,) = parse_reference(text)
    assert (root.title, root.type, root.required) == ("Thing", "object", ("size",))
    assert [(row.name, row.type, row.description) for row in root.rows] == [
        ("items", None, None),
        ("size", "integer", "Size in bytes.\n\nSecond paragraph."),
        ("when", "Time", None),
        (None, "string", "Lost name."),
    ]


def test_parser_rejects_a_text_without_title() -> None:
    with pytest.raises(SchemaSourceError, match="title"):
        parse_reference("Description\n\nsomething\n")


# --- the overlay ------------------------------------------------------------------------


def test_every_overlay_entry_has_a_one_line_reason() -> None:
    reasons = list(load_overlay(SOURCE / OVERLAY).reasons())
    assert len(reasons) > 20
    for label, reason in reasons:
        assert reason.strip(), label
        assert "\n" not in reason, label


def _raw_overlay() -> dict[str, Any]:
    raw: dict[str, Any] = yaml.safe_load((SOURCE / OVERLAY).read_text(encoding="utf-8"))
    return raw


def _generate_with(tmp_path: Path, overlay: dict[str, Any]) -> dict[str, str]:
    shutil.copy(SOURCE / REFERENCE_TEXT, tmp_path / REFERENCE_TEXT)
    shutil.copy(OPENAPI, tmp_path / OPENAPI.name)
    (tmp_path / OVERLAY).write_text(yaml.safe_dump(overlay), encoding="utf-8")
    return generate(tmp_path)


IDLE_OR_RESTATING_ENTRIES = [
    pytest.param(
        "cells",
        {"section": ".spec", "row": "name", "type": "string"},
        "already has a type",
        id="cell-restates-a-type",
    ),
    pytest.param(
        "cells",
        {"section": ".spec", "row": "from", "description": "x"},
        "already has a description",
        id="cell-overwrites-a-description",
    ),
    pytest.param(
        "cells", {"section": ".spec", "row": "name"}, "does nothing", id="cell-sets-nothing"
    ),
    pytest.param(
        "cells",
        {"section": ".spec", "row": "nope", "format": "int64"},
        "no row nope",
        id="cell-of-no-row",
    ),
    pytest.param(
        "section_types",
        {"section": ".spec", "type": "object"},
        "already has Type",
        id="section-type-restated",
    ),
    pytest.param(
        "required",
        {"section": ".spec", "required": ["name"]},
        "no empty Required",
        id="required-restated",
    ),
    pytest.param(
        "rows",
        {"section": ".spec", "rows": [{"name": "name", "type": "string"}]},
        "already has a row name",
        id="row-restated",
    ),
    pytest.param(
        "names",
        {"section": ".spec", "after": "name", "name": "x"},
        "no nameless row",
        id="name-for-no-nameless-row",
    ),
    pytest.param(
        "headers",
        {"after": ".spec", "path": ".other"},
        "already has header",
        id="header-restated",
    ),
]


@pytest.mark.parametrize(("key", "entry", "message"), IDLE_OR_RESTATING_ENTRIES)
def test_an_entry_that_restates_the_text_or_does_nothing_is_an_error(
    tmp_path: Path, key: str, entry: dict[str, Any], message: str
) -> None:
    overlay = _raw_overlay()
    overlay[key].append({**entry, "reason": "a reason"})
    with pytest.raises(SchemaSourceError, match=message):
        _generate_with(tmp_path, overlay)


def _add_unused_type(overlay: dict[str, Any]) -> None:
    overlay["types"]["Unused"] = {"type": "string", "description": "d", "reason": "r"}


def _drop_reason(overlay: dict[str, Any]) -> None:
    del overlay["cells"][0]["reason"]


def _two_line_reason(overlay: dict[str, Any]) -> None:
    overlay["cells"][0]["reason"] = "first line\nsecond line"


def _unknown_key(overlay: dict[str, Any]) -> None:
    overlay["cells"][0]["default"] = "x"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_add_unused_type, "never refers to: Unused"),
        (_drop_reason, "'reason' is missing"),
        (_two_line_reason, "one line"),
        (_unknown_key, "unknown keys: default"),
    ],
)
def test_a_malformed_or_unused_overlay_entry_is_an_error(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    overlay = _raw_overlay()
    mutate(overlay)
    with pytest.raises(SchemaSourceError, match=message):
        _generate_with(tmp_path, overlay)


def _remove_cell(section: str, row: str) -> Callable[[dict[str, Any]], None]:
    def mutate(overlay: dict[str, Any]) -> None:
        overlay["cells"] = [
            cell for cell in overlay["cells"] if (cell["section"], cell["row"]) != (section, row)
        ]

    return mutate


def _remove_first(key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(overlay: dict[str, Any]) -> None:
        del overlay[key][0]

    return mutate


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_remove_first("headers"), "has no header"),
        (_remove_first("section_types"), "Type is blank"),
        (_remove_first("names"), "a row has no name"),
        (_remove_cell(".spec", "from"), "the type is blank"),
    ],
)
def test_without_the_overlay_the_gaps_stop_generation(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], None], message: str
) -> None:
    overlay = _raw_overlay()
    mutate(overlay)
    with pytest.raises(SchemaSourceError, match=message):
        _generate_with(tmp_path, overlay)


def test_formats_come_from_the_overlay_only(committed: Schemas, tmp_path: Path) -> None:
    overlay = _raw_overlay()
    _remove_cell(".image.dockerImageLayers[]", "size")(overlay)
    layer = json.loads(_generate_with(tmp_path, overlay)["ImageLayer.json"])
    assert layer["properties"]["size"] == {
        "description": committed["ImageLayer"]["properties"]["size"]["description"],
        "type": ["integer", "null"],
    }
