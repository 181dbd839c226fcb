"""The packaged schemas as the checking layers receive them: complete, and never shared."""

from __future__ import annotations

from importlib import resources

from imagetag_lint import validate
from imagetag_lint.openshift.schemas import PROFILES, bundle, load_schemas


def test_every_packaged_schema_is_loaded_by_its_type_name() -> None:
    files = {
        entry.name.removesuffix(".json")
        for entry in (resources.files("imagetag_lint") / "schemas").iterdir()
        if entry.name.endswith(".json")
    }
    assert len(files) > 40
    assert set(load_schemas()) == files


def test_a_caller_that_changes_what_it_got_changes_nobody_else_s_schema() -> None:
    for profile in PROFILES:
        mine = bundle(profile)
        mine["$defs"]["ImageTag"]["properties"].clear()
        assert bundle(profile)["$defs"]["ImageTag"]["properties"]
    schemas = load_schemas()
    schemas["ObjectMeta"]["properties"].clear()
    assert load_schemas()["ObjectMeta"]["properties"]
    typo = {"apiVersion": "image.openshift.io/v1", "kind": "ImageTag", "metadata": {"name": "a:b"}}
    typo["spce"] = {}
    assert [d.code for d in validate(typo)] == ["ITL102", "ITL103"]
