"""The public API: validate() on decoded objects agrees with the file path, from many threads."""

from __future__ import annotations

import copy
import functools
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import imagetag_lint
from imagetag_lint import Diagnostic, Severity, lint_path, lint_text, validate
from imagetag_lint.loading.documents import SourceDocument, load_documents
from imagetag_lint.rules import BY_CODE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXAMPLE_FILES = sorted(
    path for path in EXAMPLES.glob("*/*") if path.suffix in (".yaml", ".yml", ".json")
)
# A type error found in a file also says how YAML read the unquoted scalar; a
# decoded object has no source text, so only that hint may differ.
SOURCE_HINT = "; YAML reads the unquoted "


def imagetag(**spec: Any) -> dict[str, Any]:
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {"name": "app:v1", "namespace": "demo"},
        "spec": {"name": "v1", **spec},
    }


def essentials(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    return sorted((d.code, d.pointer, d.message.split(SOURCE_HINT, 1)[0]) for d in found)


def decoded_documents(path: Path) -> list[SourceDocument]:
    text = path.read_text(encoding="utf-8")
    loaded = load_documents(text, is_json=path.suffix == ".json")
    return [document for document in loaded if isinstance(document, SourceDocument)]


def test_the_examples_are_there() -> None:
    names = {path.parent.name for path in EXAMPLE_FILES}
    assert names == {"valid", "invalid"}
    assert len(EXAMPLE_FILES) >= 10


@pytest.mark.parametrize("profile", ["manifest", "object"])
@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_validate_finds_what_the_file_lint_finds(path: Path, profile: str) -> None:
    from_file = lint_path(path, profile=profile)
    for document in decoded_documents(path):
        in_document = [
            d
            for d in from_file
            if d.document == document.index and BY_CODE[d.code].layer != "input"
        ]
        from_object = validate(document.data, profile=profile)
        assert essentials(from_object) == essentials(in_document)
        assert all(d.line is None and d.column is None for d in from_object)


def test_invalid_examples_give_findings_through_validate() -> None:
    found = {
        path.name: validate(document.data)
        for path in EXAMPLE_FILES
        if path.parent.name == "invalid"
        for document in decoded_documents(path)
    }
    bad_policies = found["bad-policies.yaml"]
    assert [(d.code, d.pointer, d.message) for d in bad_policies] == [
        (
            "ITL201",
            "/spec/referencePolicy/type",
            'spec.referencePolicy.type: "local" is not valid: valid values are "Source", "Local"'
            ' (did you mean "Local"?)',
        ),
        (
            "ITL219",
            "/spec/importPolicy/importMode",
            'spec.importPolicy.importMode: "Preserve" is not valid: invalid import mode, valid'
            " modes are '', 'Legacy', 'PreserveOriginal' (did you mean \"PreserveOriginal\"?)",
        ),
    ]


def test_validate_gives_pointers_and_no_positions() -> None:
    found = validate(imagetag(referencePolicy={"type": "local"}, generation="3"))
    assert [(d.code, d.pointer, d.line, d.file) for d in found] == [
        ("ITL101", "/spec/generation", None, "<object>"),
        ("ITL201", "/spec/referencePolicy/type", None, "<object>"),
        ("ITL313", "/spec/generation", None, "<object>"),
    ]
    assert found[0].message == 'spec.generation: expected integer, got string "3"'


def test_validate_does_not_modify_the_object() -> None:
    obj = imagetag(referencePolicy={"type": "local"})
    before = copy.deepcopy(obj)
    validate(obj)
    validate(obj, old_object=imagetag())
    assert obj == before


def test_validate_rejects_an_unknown_profile() -> None:
    with pytest.raises(ValueError, match="unknown profile 'objects'"):
        validate(imagetag(), profile="objects")


def test_lint_text_reports_positions() -> None:
    text = json.dumps(imagetag(referencePolicy={"type": "local"}), indent=2)
    found = lint_text(text, "tag.json")
    assert [(d.code, d.line, d.column, d.file) for d in found] == [("ITL201", 11, 15, "tag.json")]


def test_validate_with_old_object_runs_the_update_rules() -> None:
    new = imagetag()
    new["spec"]["name"] = ""
    old = imagetag()
    assert validate(new) == []  # on create an empty spec.name is defaulted
    found = validate(new, old_object=old)
    assert [(d.code, d.message) for d in found] == [
        (
            "ITL251",
            'spec.name: must match image tag name (an update does not fill it in; set it to "v1")',
        )
    ]
    assert found[0].server == "U5"
    assert found[0].severity is Severity.ERROR


def test_an_update_may_leave_out_spec() -> None:
    new = imagetag()
    del new["spec"]
    assert [d.code for d in validate(new)] == ["ITL103"]
    assert validate(new, old_object=imagetag()) == []


def test_public_names() -> None:
    assert set(imagetag_lint.__all__) >= {
        "Diagnostic",
        "Severity",
        "Settings",
        "lint_path",
        "lint_text",
        "validate",
    }


def _objects_and_expected() -> list[tuple[dict[str, Any], list[tuple[str, str, str]]]]:
    cases = [
        imagetag(),
        imagetag(referencePolicy={"type": "local"}),
        imagetag(generation="3", reference="yes", importpolicy={}),
        {"apiVersion": "image.openshift.io/v1", "kind": "ImageTag", "metadata": {"name": "a:b"}},
        {"apiVersion": "apps/v1", "kind": "Deployment"},
    ]
    return [(case, essentials(validate(case))) for case in cases]


def test_validate_is_thread_safe() -> None:
    """Many threads validating at once get exactly what one thread gets."""
    cases = _objects_and_expected()
    assert [len(expected) for _, expected in cases] == [0, 1, 4, 1, 0]
    work = [case for _ in range(40) for case in cases]

    def check(case: tuple[dict[str, Any], list[tuple[str, str, str]]]) -> bool:
        obj, expected = case
        return essentials(validate(obj)) == expected

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(check, work))
    assert len(results) == len(work)
    assert all(results)


def test_validators_are_built_once_even_when_threads_race(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from imagetag_lint.checking import validation

    validation._validator.cache_clear()
    built: list[tuple[str, str]] = []
    original = validation._validator.__wrapped__

    def counting(root_type: str, profile: str) -> Any:
        built.append((root_type, profile))
        return original(root_type, profile)

    wrapped = functools.cache(counting)
    monkeypatch.setattr(validation, "_validator", wrapped)
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda _: validate(imagetag(), profile="object"), range(32)))
    assert built == [("ImageTag", "object")]
    assert all(item == found[0] for item in found)


def test_lint_path_raises_when_the_file_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as missing:
        lint_path(tmp_path / "missing.yaml")
    assert missing.value.filename == str(tmp_path / "missing.yaml")
    with pytest.raises(IsADirectoryError):
        lint_path(tmp_path)


def test_lint_path_reads_a_file_named_dash_not_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "-").write_text("apiVersion: image.openshift.io/v1\nkind: ImageTag\n")
    assert [(d.file, d.code) for d in lint_path("-")] == [("-", "ITL103"), ("-", "ITL202")]


def test_lint_path_and_the_command_line_read_bytes_alike(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from imagetag_lint.cli import main

    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"apiVersion: image.openshift.io/v1\nkind: ImageTag\n# caf\xe9\n")
    (found,) = lint_path(path)
    assert main([str(path)]) == 1
    where = f"{path}:{found.line}:{found.column}"
    expected = f"{where}: {found.severity.value}: {found.code} {found.message}\n"
    assert capsys.readouterr().out == expected
