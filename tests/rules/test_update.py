"""Update rules ITL250-ITL253 (U4, U5, U7, U8): new object against the stored one."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from imagetag_lint import validate
from imagetag_lint.checking.engine import lint_text
from imagetag_lint.rules import BY_CODE
from imagetag_lint.rules.update import RULES, semantic

HISTORY = {
    "tag": "v1",
    "items": [
        {
            "created": "2024-05-01T12:00:00Z",
            "dockerImageReference": "quay.io/org/app@sha256:" + "a" * 64,
            "image": "sha256:" + "a" * 64,
            "generation": 2,
        }
    ],
}


def stored() -> dict[str, Any]:
    """An ImageTag as the server returns it (what an UPDATE's oldObject holds)."""
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {
            "name": "app:v1",
            "namespace": "demo",
            "uid": "7f3c0d1e-0000-4000-8000-000000000001",
            "resourceVersion": "4711",
            "generation": 2,
            "creationTimestamp": "2024-05-01T11:00:00Z",
            "labels": {"team": "web"},
        },
        "spec": {
            "name": "v1",
            "from": {"kind": "DockerImage", "name": "quay.io/org/app:v1"},
            "generation": 2,
            "referencePolicy": {"type": "Source"},
            "importPolicy": {"importMode": "Legacy"},
        },
        "status": copy.deepcopy(HISTORY),
        "image": None,
    }


def manifest() -> dict[str, Any]:
    """The same tag as a manifest to create: none of the fields the server sets or drops."""
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {"name": "app:v1", "namespace": "demo"},
        "spec": {
            "name": "v1",
            "from": {"kind": "DockerImage", "name": "quay.io/org/app:v1"},
            "referencePolicy": {"type": "Source"},
            "importPolicy": {"importMode": "Legacy"},
        },
    }


def update_findings(new: dict[str, Any], old: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(d.code, d.pointer, d.message) for d in validate(new, old_object=old)]


def test_an_unchanged_object_is_a_valid_update() -> None:
    assert update_findings(stored(), stored()) == []


def test_a_spec_change_is_a_valid_update() -> None:
    new = stored()
    new["spec"]["from"]["name"] = "quay.io/org/app:v2"
    new["spec"]["referencePolicy"]["type"] = "Local"
    assert update_findings(new, stored()) == []


def test_fields_the_server_fills_in_are_not_findings() -> None:
    new = stored()
    meta = new["metadata"]
    for name in ("uid", "resourceVersion", "generation", "creationTimestamp", "namespace"):
        del meta[name]
    meta["selfLink"] = "/apis/image.openshift.io/v1/whatever"
    meta["managedFields"] = [{"manager": "oc", "operation": "Update"}]
    new["image"] = {"metadata": {"name": "sha256:" + "b" * 64}}
    assert update_findings(new, stored()) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "other:v1"),
        ("namespace", "other"),
        ("uid", "0a1b"),
        ("deletionTimestamp", "2024-06-01T00:00:00Z"),
        ("deletionGracePeriodSeconds", 0),
    ],
)
def test_immutable_metadata(field: str, value: Any) -> None:
    new = stored()
    new["metadata"][field] = value
    assert update_findings(new, stored()) == [
        ("ITL250", f"/metadata/{field}", f"metadata.{field}: field is immutable")
    ]


def test_a_new_tag_in_the_name_is_immutable_and_mismatches_spec_name() -> None:
    # The create-time content checks run on updates too (U5, U6).
    new = stored()
    new["metadata"]["name"] = "app:v2"
    assert update_findings(new, stored()) == [
        (
            "ITL211",
            "/spec/name",
            'spec.name: must match image tag name (the tag part of metadata.name is "v2")',
        ),
        ("ITL250", "/metadata/name", "metadata.name: field is immutable"),
    ]


def test_metadata_generation_is_checked_on_create_only() -> None:
    # An update gets the stored generation copied over the one sent (rest.BeforeUpdate).
    created = manifest()
    created["metadata"]["generation"] = -1
    assert [(d.code, d.pointer) for d in validate(created)] == [("ITL204", "/metadata/generation")]
    new = stored()
    new["metadata"]["generation"] = -1
    assert update_findings(new, stored()) == []


def test_empty_spec_name_fails_on_update_only() -> None:
    created = manifest()
    del created["spec"]["name"]
    assert validate(created) == []
    new = stored()
    del new["spec"]["name"]
    assert update_findings(new, stored()) == [
        (
            "ITL251",
            "/spec/name",
            'spec.name: must match image tag name (an update does not fill it in; set it to "v1")',
        )
    ]


def test_null_spec_removes_the_tag_and_is_a_valid_update() -> None:
    new = stored()
    new["spec"] = None
    assert update_findings(new, stored()) == []


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        ({"labels": {"team": "api"}}, "labels"),
        ({"labels": {"team": "web", "tier": ""}}, "labels"),
        ({"labels": None}, "labels"),
        (
            {"annotations": {"note": "x"}, "finalizers": ["example.com/keep"]},
            "annotations, finalizers",
        ),
        (
            {"ownerReferences": [{"apiVersion": "v1", "kind": "X", "name": "x", "uid": "1"}]},
            "ownerReferences",
        ),
    ],
)
def test_metadata_other_than_the_server_managed_fields_must_not_change(
    change: dict[str, Any], fields: str
) -> None:
    new = stored()
    new["metadata"].update(change)
    assert update_findings(new, stored()) == [
        (
            "ITL252",
            "/metadata",
            f"metadata: may not update fields other than spec ({fields} differ from the stored"
            " object)",
        )
    ]


def test_empty_and_missing_maps_are_the_same_metadata() -> None:
    old = stored()
    del old["metadata"]["labels"]
    new = copy.deepcopy(old)
    new["metadata"]["labels"] = {}
    new["metadata"]["annotations"] = None
    assert update_findings(new, old) == []


def test_status_must_be_sent_back_unchanged() -> None:
    new = stored()
    new["status"]["items"] = []
    assert update_findings(new, stored()) == [
        ("ITL253", "/status", "status: may not update fields other than spec")
    ]


def test_leaving_out_the_status_of_a_tag_with_history_fails() -> None:
    new = stored()
    del new["status"]
    assert update_findings(new, stored()) == [
        (
            "ITL253",
            "/status",
            "status: may not update fields other than spec (it is missing; send the stored status)",
        )
    ]


def test_null_and_empty_status_parts_are_equal() -> None:
    old = stored()
    old["status"] = {"tag": "v1", "items": None}
    new = stored()
    new["status"] = {"tag": "v1", "items": [], "conditions": []}
    assert update_findings(new, old) == []
    old["status"] = None
    new["status"] = {}
    assert update_findings(new, old) == []


def test_every_problem_of_an_update_is_reported() -> None:
    new = stored()
    new["metadata"]["uid"] = "other"
    new["metadata"]["labels"] = {"team": "api"}
    new["spec"]["name"] = ""
    new["spec"]["referencePolicy"]["type"] = "local"
    new["status"] = None
    assert [code for code, _, _ in update_findings(new, stored())] == [
        "ITL201",
        "ITL250",
        "ITL251",
        "ITL252",
        "ITL253",
    ]


def test_update_rules_never_run_without_an_old_object() -> None:
    text = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: "app:v1", labels: {a: b}}
spec: {name: ""}
status: {tag: v1, items: []}
"""
    # Only the create-time warnings about what a create drops: no ITL251-ITL253.
    assert [(d.code, d.line) for d in lint_text(text, "tag.yaml")] == [
        ("ITL312", 3),
        ("ITL310", 5),
    ]


def test_update_rules_can_be_ignored() -> None:
    from imagetag_lint import Settings

    new = stored()
    new["status"] = None
    settings = Settings(ignore=frozenset({"ITL253"}))
    assert validate(new, old_object=stored(), settings=settings) == []


def test_semantic_equality_drops_zero_values_but_keeps_go_map_entries() -> None:
    assert semantic({"a": "", "b": 0, "c": False, "d": [], "e": {}, "f": None, "g": [{}]}) == {
        "g": [{}]
    }
    assert semantic({"labels": {"x": ""}}, frozenset({"labels"})) == {"labels": {"x": ""}}
    assert semantic({"labels": {}}, frozenset({"labels"})) == {}


def test_update_rules_are_documented() -> None:
    assert [(r.code, r.name, r.server) for r in RULES] == [
        ("ITL250", "update-immutable-metadata", "U4"),
        ("ITL251", "update-empty-spec-name", "U5"),
        ("ITL252", "update-metadata-changed", "U7"),
        ("ITL253", "update-status-changed", "U8"),
    ]
    for item in RULES:
        assert BY_CODE[item.code] is item
        assert "Fails" in item.doc
        assert "Passes" in item.doc


def test_the_old_object_is_not_compared_with_the_items_of_a_list() -> None:
    changed = stored()
    changed["status"] = None
    listed = {"apiVersion": "v1", "kind": "List", "items": [changed]}
    # The item is checked as a create: no ITL253, and the warnings of a created manifest.
    assert [(d.code, d.pointer) for d in validate(listed, old_object=stored())] == [
        ("ITL312", "/items/0/metadata/labels"),
        ("ITL313", "/items/0/spec/generation"),
    ]
