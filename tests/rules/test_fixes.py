"""The rules' fixes: the exact text each one leaves, in YAML (block and flow) and JSON.

Every case is a whole file before and after, so a test also holds that comments
and the lines no fix is about stay byte for byte. Safe fixes apply by default;
unsafe ones (a rename, a removal, a choice between two names) only when asked.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from imagetag_lint import fix_text, lint_text
from imagetag_lint.rules import BY_CODE
from imagetag_lint.rules._fixes import did_you_mean, scalar_like, yaml_string

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"

HEAD = "apiVersion: image.openshift.io/v1\nkind: ImageTag\n"


def fixed(text: str, filename: str = "t.yaml", *, unsafe: bool = False) -> str:
    return fix_text(text, filename, unsafe=unsafe)[0]


def remaining(text: str, filename: str = "t.yaml", *, unsafe: bool = False) -> list[str]:
    return [
        f"{d.line}:{d.column}: {d.code} {d.message}"
        for d in fix_text(text, filename, unsafe=unsafe)[1]
    ]


# --- the declarations -------------------------------------------------------------------------

SAFE = ("ITL101", "ITL201", "ITL216", "ITL219", "ITL381")
UNSAFE = ("ITL102", "ITL211", "ITL310", "ITL311", "ITL313")


@pytest.mark.parametrize("code", SAFE + UNSAFE)
def test_rule_declares_its_fix_and_says_why(code: str) -> None:
    rule = BY_CODE[code]
    assert rule.fixable
    assert rule.fix_safe is (code in SAFE)
    assert ("Fix (safe)" if code in SAFE else "Fix (unsafe)") in rule.doc


# --- enum values: ITL201, ITL216, ITL219 (safe) -----------------------------------------------

ENUM_CASES = [
    pytest.param(
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  referencePolicy:\n"
        "    type: local  # the pull goes through the internal registry\n",
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  referencePolicy:\n"
        "    type: Local  # the pull goes through the internal registry\n",
        id="ITL201-block",
    ),
    pytest.param(
        HEAD + "metadata: {name: app:v1}\nspec: {name: v1, referencePolicy: {type: 'SOURCE'}}\n",
        HEAD + "metadata: {name: app:v1}\nspec: {name: v1, referencePolicy: {type: 'Source'}}\n",
        id="ITL201-flow-single-quoted",
    ),
    pytest.param(
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        '  from: {kind: "dockerimage", name: quay.io/org/app:1.0}\n',
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        '  from: {kind: "DockerImage", name: quay.io/org/app:1.0}\n',
        id="ITL216-flow-double-quoted",
    ),
    pytest.param(
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from:\n"
        "    kind: DockerImag\n"
        "    name: quay.io/org/app:1.0\n",
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from:\n"
        "    kind: DockerImage\n"
        "    name: quay.io/org/app:1.0\n",
        id="ITL216-block-typo",
    ),
    pytest.param(
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "  importPolicy: {importMode: preserveOriginal}\n",
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "  importPolicy: {importMode: PreserveOriginal}\n",
        id="ITL219-flow",
    ),
    pytest.param(
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "  importPolicy:\n"
        "    importMode: Legacyy\n",
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "  importPolicy:\n"
        "    importMode: Legacy\n",
        id="ITL219-block-typo",
    ),
]


@pytest.mark.parametrize(("before", "after"), ENUM_CASES)
def test_enum_values_are_corrected(before: str, after: str) -> None:
    assert fixed(before) == after
    assert remaining(before) == []


JSON_ENUMS = """\
{
  "apiVersion": "image.openshift.io/v1",
  "kind": "ImageTag",
  "metadata": {"name": "app:v1"},
  "spec": {
    "name": "v1",
    "from": {"kind": "imagestreamtag", "name": "base:v1"},
    "referencePolicy": {"type": "local"},
    "importPolicy": {"importMode": "legacy"}
  }
}
"""


def test_enum_values_are_corrected_in_json() -> None:
    assert fixed(JSON_ENUMS, "t.json") == JSON_ENUMS.replace(
        '"imagestreamtag"', '"ImageStreamTag"'
    ).replace('"local"', '"Local"').replace('"legacy"', '"Legacy"')
    assert remaining(JSON_ENUMS, "t.json") == []


def test_an_enum_value_without_a_unique_close_one_is_left() -> None:
    text = HEAD + "metadata: {name: app:v1}\nspec: {name: v1, referencePolicy: {type: Remote}}\n"
    assert fixed(text) == text
    assert remaining(text) == [
        '4:42: ITL201 spec.referencePolicy.type: "Remote" is not valid:'
        ' valid values are "Source", "Local"'
    ]


# --- unquoted scalars YAML reads as another type: ITL101 (safe) --------------------------------

QUOTE_CASES = [
    pytest.param("1.10", id="float"),
    pytest.param("on", id="on"),
    pytest.param("yes", id="yes"),
    pytest.param("0755", id="octal"),
    pytest.param("86197e4", id="exponent"),
]


@pytest.mark.parametrize("plain", QUOTE_CASES)
def test_plain_scalars_are_quoted_where_a_string_is_wanted(plain: str) -> None:
    before = HEAD + f"metadata:\n  name: app:{plain}\nspec:\n  name: {plain}  # the tag\n"
    after = HEAD + f'metadata:\n  name: app:{plain}\nspec:\n  name: "{plain}"  # the tag\n'
    assert fixed(before) == after
    assert remaining(before) == []


def test_plain_scalars_are_quoted_in_flow_style() -> None:
    before = HEAD + "metadata: {name: app:1.10}\nspec: {name: 1.10}\n"
    assert fixed(before) == HEAD + 'metadata: {name: app:1.10}\nspec: {name: "1.10"}\n'


def test_numbers_are_quoted_in_json() -> None:
    before = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        ' "metadata": {"name": "app:1.10"}, "spec": {"name": 1.10}}\n'
    )
    assert fixed(before, "t.json") == before.replace('"name": 1.10', '"name": "1.10"')


def test_other_type_errors_have_no_fix() -> None:
    text = HEAD + 'metadata: {name: app:v1}\nspec: {name: v1, reference: "yes", generation: yes}\n'
    assert fixed(text) == text
    assert remaining(text) == [
        '4:29: ITL101 spec.reference: expected boolean, got string "yes"',
        "4:36: ITL313 spec.generation: is set by the server (the image stream's generation"
        " when the tag changes): remove it from the manifest",
        "4:48: ITL101 spec.generation: expected integer, got boolean true",
    ]


# --- the legacy apiVersion: ITL381 (safe) ------------------------------------------------------


def test_legacy_api_version_is_replaced() -> None:
    before = "# the stream\napiVersion: v1  # legacy\nkind: ImageStream\nmetadata: {name: my-app}\n"
    after = (
        "# the stream\napiVersion: image.openshift.io/v1  # legacy\n"
        "kind: ImageStream\nmetadata: {name: my-app}\n"
    )
    assert fixed(before) == after
    assert remaining(before) == []


def test_legacy_api_version_is_replaced_in_flow_style_and_json() -> None:
    flow = '{apiVersion: "v1", kind: ImageStream, metadata: {name: my-app}}\n'
    assert fixed(flow) == flow.replace('"v1"', '"image.openshift.io/v1"')
    json_text = '{"apiVersion": "v1", "kind": "ImageStream", "metadata": {"name": "my-app"}}\n'
    assert fixed(json_text, "t.json") == json_text.replace('"v1"', '"image.openshift.io/v1"')


# --- unknown fields with a unique did-you-mean: ITL102 (unsafe) --------------------------------

UNKNOWN = (
    HEAD + "metadata: {name: app:v1}\n"
    "spec:\n"
    "  name: v1\n"
    "  # where the image comes from\n"
    "  frm:\n"
    "    kind: DockerImage\n"
    "    name: quay.io/org/app:1.0\n"
)


def test_unknown_fields_are_renamed_only_as_unsafe_fixes() -> None:
    assert fixed(UNKNOWN) == UNKNOWN
    assert fixed(UNKNOWN, unsafe=True) == UNKNOWN.replace("  frm:", "  from:")
    assert remaining(UNKNOWN, unsafe=True) == []


def test_unknown_fields_are_renamed_in_flow_style_and_json() -> None:
    flow = HEAD + "metadata: {name: app:v1}\nspec: {name: v1, referencPolicy: {type: Local}}\n"
    assert fixed(flow, unsafe=True) == flow.replace("referencPolicy", "referencePolicy")
    json_text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        ' "metadata": {"name": "app:v1"}, "spec": {"name": "v1", "importpolicy": {}}}\n'
    )
    assert fixed(json_text, "t.json", unsafe=True) == json_text.replace(
        '"importpolicy"', '"importPolicy"'
    )


def test_an_unknown_field_is_not_renamed_onto_an_existing_one() -> None:
    text = HEAD + "metadata: {name: app:v1}\nspec: {name: v1, nme: v2}\n"
    assert fixed(text, unsafe=True) == text


# --- what the server drops: ITL310, ITL311, ITL313 (unsafe) ------------------------------------

DROPPED = (
    HEAD + "metadata: {name: app:v1}\n"
    "spec:\n"
    "  name: v1\n"
    "  generation: 3\n"
    "  # the image to import\n"
    "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
    "image:\n"
    "  dockerImageReference: quay.io/org/app:1.0\n"
    "# what the cluster said\n"
    "status:\n"
    "  tag: v1\n"
    "  items: []\n"
)


def test_dropped_fields_are_removed_only_as_unsafe_fixes() -> None:
    assert fixed(DROPPED) == DROPPED
    assert fixed(DROPPED, unsafe=True) == (
        HEAD + "metadata: {name: app:v1}\n"
        "spec:\n"
        "  name: v1\n"
        "  # the image to import\n"
        "  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n"
        "# what the cluster said\n"
    )
    assert remaining(DROPPED, unsafe=True) == []


def test_dropped_fields_are_removed_in_flow_style() -> None:
    before = HEAD + "metadata: {name: app:v1}\nspec: {generation: 3, name: v1}\nstatus: {}\n"
    after = HEAD + "metadata: {name: app:v1}\nspec: {name: v1}\n"
    assert fixed(before, unsafe=True) == after


def test_dropped_fields_are_removed_in_json() -> None:
    before = """\
{
  "apiVersion": "image.openshift.io/v1",
  "kind": "ImageTag",
  "metadata": {"name": "app:v1"},
  "spec": {"name": "v1", "generation": 3},
  "status": {"tag": "v1"}
}
"""
    after = """\
{
  "apiVersion": "image.openshift.io/v1",
  "kind": "ImageTag",
  "metadata": {"name": "app:v1"},
  "spec": {"name": "v1"}
}
"""
    assert fixed(before, "t.json", unsafe=True) == after


def test_a_mapping_is_not_emptied_into_null() -> None:
    text = HEAD + "metadata: {name: app:v1}\nspec:\n  generation: 3\n"
    assert fixed(text, unsafe=True) == text


# --- spec.name against metadata.name: ITL211 (unsafe) ------------------------------------------

MISMATCH = (
    HEAD + "metadata:\n"
    "  name: app:1.10  # the release\n"
    "spec:\n"
    "  name: v1\n"
    "  from: {kind: DockerImage, name: quay.io/org/app:1.10}\n"
)


def test_spec_name_takes_the_tag_part_only_as_an_unsafe_fix() -> None:
    assert fixed(MISMATCH) == MISMATCH
    assert fixed(MISMATCH, unsafe=True) == MISMATCH.replace("name: v1", 'name: "1.10"')
    assert remaining(MISMATCH, unsafe=True) == []


def test_spec_name_takes_the_tag_part_in_flow_style_and_json() -> None:
    flow = HEAD + "metadata: {name: 'app:v2'}\nspec: {name: 'v1'}\n"
    assert fixed(flow, unsafe=True) == flow.replace("'v1'", "'v2'")
    json_text = (
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",\n'
        ' "metadata": {"name": "app:v2"}, "spec": {"name": "v1"}}\n'
    )
    assert fixed(json_text, "t.json", unsafe=True) == json_text.replace('"v1"}', '"v2"}')


def test_a_name_without_a_tag_part_gets_no_fix() -> None:
    text = HEAD + "metadata: {name: app}\nspec: {name: v1}\n"
    assert fixed(text, unsafe=True) == text


# --- safe and unsafe together ------------------------------------------------------------------

MIXED = (
    "# comments stay\n"
    + HEAD
    + "metadata: {name: app:v2}\n"
    + "spec:\n"
    + "  name: v1\n"
    + "  referencePolicy: {type: local}   # odd spacing stays too\n"
    + "status: {}\n"
)


def test_unsafe_fixes_apply_only_when_asked() -> None:
    safe = MIXED.replace("type: local", "type: Local")
    assert fixed(MIXED) == safe
    assert remaining(MIXED) == [
        '6:9: ITL211 spec.name: must match image tag name (the tag part of metadata.name is "v2")',
        "8:1: ITL310 status: is discarded on create, and on update must equal the tag's"
        ' history ("may not update fields other than spec"): remove it from the manifest',
    ]
    assert fixed(MIXED, unsafe=True) == safe.replace("name: v1", "name: v2").replace(
        "status: {}\n", ""
    )
    assert remaining(MIXED, unsafe=True) == []


# --- the examples ------------------------------------------------------------------------------

# What safe fixes leave in examples/invalid/ (``line:col: CODE pointer``; the messages are
# those of the .expected files): every finding no safe fix addresses, and nothing else.
# The ITL102, ITL211, ITL310, ITL311 and ITL313 findings here have unsafe fixes only.
LEFT_IN_EXAMPLES: dict[str, list[str]] = {
    "bad-from-kind.yaml": [
        "28:11: ITL214 /spec/from/name",
    ],
    "bad-from.yaml": [
        "10:11: ITL214 /spec/from/name",
        "20:11: ITL214 /spec/from/name",
        "30:11: ITL217 /spec/from/name",
        "32:16: ITL218 /spec/importPolicy/scheduled",
    ],
    "bad-image.yaml": [
        "9:1: ITL311 /image",
        "11:11: ITL220 /image/dockerImageMetadata/Size",
        "13:5: ITL375 /image/dockerImageManifests/0/architecture",
        "13:13: ITL373 /image/dockerImageManifests/0/digest",
        "15:19: ITL374 /image/dockerImageManifests/0/manifestSize",
    ],
    "bad-metadata.yaml": [
        "6:14: ITL203 /metadata/namespace",
        "7:3: ITL312 /metadata/labels",
        "8:5: ITL205 /metadata/labels/team name",
        "10:5: ITL208 /metadata/finalizers/0",
    ],
    "duplicate-key.yaml": [
        "16:3: ITL002 /spec/name",
        "16:9: ITL211 /spec/name",
    ],
    "image-namespaced.yaml": [
        "1:1: ITL276 /dockerImageReference",
        "5:14: ITL203 /metadata/namespace",
        "7:11: ITL373 /dockerImageManifests/0/digest",
    ],
    "image-signatures.yaml": [
        "8:11: ITL280 /signatures/0/metadata/name",
        "10:7: ITL280 /signatures/0/metadata/labels",
        "14:3: ITL282 /signatures/0/conditions",
        "14:11: ITL284 /signatures/0/conditions/0/type",
        "18:18: ITL283 /signatures/0/imageIdentity",
    ],
    "imagestream-duplicate-tags.yaml": [
        "7:11: ITL380 /spec/tags/0/name",
    ],
    "imagestream-legacy.yaml": [
        "4:17: ITL271 /metadata/generateName",
        "9:7: ITL102 /spec/tags/0/from/Kind",
        "9:7: ITL213 /spec/tags/0/from/name",
        "9:7: ITL216 /spec/tags/0/from/kind",
        "10:7: ITL102 /spec/tags/0/from/Name",
    ],
    "imagestream-name.yaml": [
        "4:9: ITL270 /metadata/name",
        "6:26: ITL273 /spec/dockerImageRepository",
    ],
    "imagestream-status.yaml": [
        "17:19: ITL101 /status/tags/0/items/0/generation",
    ],
    "imagestreamimport-types.yaml": [
        "6:11: ITL101 /spec/import",
        "11:9: ITL101 /spec/images/0/to",
    ],
    "name-mismatch.yaml": [
        "13:9: ITL211 /spec/name",
        "24:9: ITL211 /spec/name",
    ],
    "object-status.yaml": [
        "6:1: ITL311 /image",
        "28:3: ITL313 /spec/generation",
        "34:1: ITL310 /status",
        "36:14: ITL104 /status/items/0/created",
    ],
    "syntax-error.yaml": [
        "12:4: ITL001 ",
    ],
    "template-placeholders.yaml": [
        "20:20: ITL101 /objects/0/spec/tags/0/importPolicy/scheduled",
        "22:9: ITL102 /objects/0/spec/tags/0/referencePolicy/typ",
    ],
    "unknown-field.yaml": [
        "17:3: ITL102 /spec/importpolicy",
        "19:3: ITL102 /spec/referencPolicy",
    ],
    "wrong-names.yaml": [
        "5:9: ITL212 /metadata/name",
        "8:9: ITL211 /spec/name",
    ],
    "wrong-types.yaml": [
        "14:14: ITL101 /spec/reference",
        "15:3: ITL313 /spec/generation",
        "15:15: ITL101 /spec/generation",
    ],
}


def test_safe_fixes_leave_exactly_the_unfixable_findings_in_the_examples() -> None:
    left = {}
    for path in sorted((EXAMPLES / "invalid").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        diagnostics = fix_text(text, path.name)[1]
        before = {(d.code, d.pointer) for d in lint_text(text, path.name)}
        assert {(d.code, d.pointer) for d in diagnostics} <= before, path.name  # none added
        found = [f"{d.line}:{d.column}: {d.code} {d.pointer}" for d in diagnostics]
        if found:
            left[path.name] = found
    assert left == LEFT_IN_EXAMPLES


# --- the helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "value", "is_json", "written"),
    [
        ("local", "Local", False, "Local"),
        ("'local'", "Local", False, "'Local'"),
        ("'x'", "it's", False, "'it''s'"),
        ('"local"', "Local", False, '"Local"'),
        ("v1", "1.10", False, '"1.10"'),
        ("v1", "on", False, '"on"'),
        ("v1", "a: b", False, '"a: b"'),
        ("v1", "image.openshift.io/v1", False, "image.openshift.io/v1"),
        ('"local"', "Local", True, '"Local"'),
    ],
)
def test_values_keep_their_quoting_style(
    source: str, value: str, is_json: bool, written: str
) -> None:
    assert scalar_like(source, value, is_json) == written


def test_strings_are_written_so_yaml_and_json_read_them_back() -> None:
    assert yaml_string('a "b"\n') == '"a \\"b\\"\\n"'


def test_did_you_mean_is_read_from_a_message() -> None:
    assert did_you_mean('spec.frm: unknown field (did you mean "from"?)') == "from"
    assert did_you_mean("spec.xyz: unknown field") is None
