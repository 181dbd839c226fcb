"""Metadata rules (M1-M13, R6): one failing and one passing example each, exact output."""

from __future__ import annotations

import pytest

from imagetag_lint import validate
from imagetag_lint.api import lint_text
from imagetag_lint.rules import BY_CODE

from ._helpers import findings, tag

SPEC = "spec: {name: v1}\n"
# A managedFields entry the field manager can read (and so keeps), but for its manager.
KEPT = "operation: Update, apiVersion: image.openshift.io/v1, fieldsType: FieldsV1, fieldsV1: {}"

CASES = [
    # (id, metadata lines, expected findings)
    ("name ok", "metadata: {name: app:v1, namespace: team-a}\n", []),
    (
        "M1 name required",
        "metadata: {namespace: team-a}\n",
        ["3:11: ITL202 metadata.name: name or generateName is required"],
    ),
    ("M2 dot", "metadata: {name: ..}\n", None),
    (
        "M3 slash",
        "metadata: {name: team/app:v1}\n",
        ["3:18: ITL202 metadata.name: may not contain '/'"],
    ),
    (
        "M3 percent",
        "metadata: {name: app%:v1}\n",
        ["3:18: ITL202 metadata.name: may not contain '%'"],
    ),
    (
        "M4 generateName",
        "metadata: {name: app:v1, generateName: a/b}\n",
        ["3:40: ITL202 metadata.generateName: may not contain '/'"],
    ),
    (
        "M5 namespace",
        "metadata: {name: app:v1, namespace: Team_A}\n",
        [
            "3:37: ITL203 metadata.namespace: a lowercase RFC 1123 label must consist of lower "
            "case alphanumeric characters or '-', and must start and end with an alphanumeric "
            "character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
        ],
    ),
    ("M5 missing namespace is fine", "metadata: {name: app:v1}\n", []),
    (
        "M6 generation",
        "metadata: {name: app:v1, generation: -1}\n",
        ["3:38: ITL204 metadata.generation: must be greater than or equal to 0"],
    ),
    ("M6 generation ok", "metadata: {name: app:v1, generation: 3}\n", []),
    (
        "M7 label key",
        "metadata:\n  name: app:v1\n  labels: {a/b/c: x}\n",
        [
            "5:12: ITL205 metadata.labels.a/b/c: a qualified name must consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix "
            "and '/' (e.g. 'example.com/MyName')"
        ],
    ),
    (
        "M8 label value",
        "metadata:\n  name: app:v1\n  labels: {app: -web}\n",
        [
            "5:17: ITL205 metadata.labels.app: a valid label must be an empty string or consist "
            "of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for "
            "validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
        ],
    ),
    ("M7 labels ok", "metadata:\n  name: app:v1\n  labels: {app.kubernetes.io/name: web}\n", []),
    (
        "M9 annotation key",
        "metadata:\n  name: app:v1\n  annotations: {'a b': x}\n",
        [
            "5:17: ITL206 metadata.annotations.a b: name part must consist of alphanumeric "
            "characters, '-', '_' or '.', and must start and end with an alphanumeric character "
            "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        ],
    ),
    (
        "M9 upper case annotation key is fine",
        "metadata:\n  name: app:v1\n  annotations: {Example.com/Owner: x}\n",
        [],
    ),
    (
        "M11 owner reference",
        "metadata:\n  name: app:v1\n  ownerReferences:\n"
        "  - {apiVersion: apps/, kind: Deployment, name: web, uid: '1'}\n",
        ["6:18: ITL207 metadata.ownerReferences[0].apiVersion: version must not be empty"],
    ),
    (
        "M11 owner reference ok",
        "metadata:\n  name: app:v1\n  ownerReferences:\n"
        "  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: '1'}\n",
        [],
    ),
    (
        "M12 finalizer",
        "metadata:\n  name: app:v1\n  finalizers: [cleanup]\n",
        [
            "5:16: ITL208 metadata.finalizers[0]: name is neither a standard finalizer name nor "
            "is it fully qualified"
        ],
    ),
    (
        "M12 orphan and foregroundDeletion",
        "metadata:\n  name: app:v1\n  finalizers: [orphan, foregroundDeletion]\n",
        [
            "5:15: ITL208 metadata.finalizers: finalizer orphan and foregroundDeletion cannot be "
            "both set"
        ],
    ),
    ("M12 finalizer ok", "metadata:\n  name: app:v1\n  finalizers: [example.com/x]\n", []),
    (
        "M13 a list the field manager drops is never validated",
        "metadata:\n  name: app:v1\n  managedFields:\n  - {manager: k, operation: Patch}\n",
        [],
    ),
    (
        "M13 manager of a list the field manager keeps",
        f"metadata:\n  name: app:v1\n  managedFields:\n  - {{{KEPT}, manager: '{'m' * 129}'}}\n",
        ["6:105: ITL209 metadata.managedFields[0].manager: may not be more than 128 bytes"],
    ),
    (
        "M13 managed fields ok",
        f"metadata:\n  name: app:v1\n  managedFields:\n  - {{{KEPT}, manager: k}}\n",
        [],
    ),
    (
        "R6 generateName without name",
        "metadata: {generateName: app-}\n",
        [
            "3:26: ITL210 metadata.generateName: metadata.name was not generated (set "
            "metadata.name to <stream>:<tag>)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("meta", "expected"),
    [(m, e) for _, m, e in CASES if e is not None],
    ids=[i for i, _, e in CASES if e is not None],
)
def test_metadata(meta: str, expected: list[str]) -> None:
    assert [f for f in findings(tag(meta + SPEC)) if "ITL211" not in f] == expected


def test_dot_names() -> None:
    assert findings(tag("metadata: {name: ..}\n" + SPEC))[0] == (
        "3:18: ITL202 metadata.name: may not be '..'"
    )


def test_annotations_too_long() -> None:
    big = "x" * 262145
    text = tag(f"metadata:\n  name: app:v1\n  annotations: {{a: {big}}}\n" + SPEC)
    assert findings(text) == [
        "5:16: ITL206 metadata.annotations: may not be more than 262144 bytes"
    ]


def test_missing_metadata_is_a_missing_name() -> None:
    assert findings(tag("spec: {name: v1}\n")) == [
        "1:1: ITL202 metadata.name: name or generateName is required"
    ]
    assert findings(tag("metadata: null\nspec: {name: v1}\n")) == [
        "3:11: ITL202 metadata.name: name or generateName is required"
    ]


def all_findings(text: str) -> list[str]:
    """``line:col: CODE message`` of every finding, warnings included."""
    return [f"{d.line}:{d.column}: {d.code} {d.message}" for d in lint_text(text, "t.yaml")]


def test_an_absent_owner_reference_field_is_reported_once() -> None:
    """M11: absent is the schema layer's (ITL103), empty or null this rule's (ITL207)."""
    text = tag(
        "metadata:\n  name: app:v1\n  ownerReferences:\n"
        "  - {apiVersion: apps/v1, kind: Deployment, name: web}\n"
        "  - {apiVersion: apps/v1, kind: Deployment, name: web, uid: ''}\n"
        "  - {apiVersion: apps/v1, kind: Deployment, name: null, uid: '1'}\n" + SPEC
    )
    assert all_findings(text) == [
        "6:5: ITL103 metadata.ownerReferences[0].uid: required field is missing",
        "7:61: ITL207 metadata.ownerReferences[1].uid: must not be empty",
        "8:51: ITL207 metadata.ownerReferences[2].name: must not be empty",
    ]


def test_owner_references_with_the_same_uid_are_not_refused() -> None:
    """The API server drops an exact duplicate with a warning and keeps the others."""
    ref = "{apiVersion: apps/v1, kind: Deployment, name: web, uid: '1'}"
    text = tag(f"metadata:\n  name: app:v1\n  ownerReferences: [{ref}, {ref}]\n" + SPEC)
    assert all_findings(text) == []


DROPPED = " (the server cannot read these managedFields: it drops them and keeps its own record)"


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        (
            "  - {manager: k, operation: Patch}\n",
            [
                "6:29: ITL376 metadata.managedFields[0].operation: operation must be `Apply` or"
                " `Update`" + DROPPED
            ],
        ),
        (
            "  - {manager: k, operation: Update, fieldsType: FieldsV1}\n",
            [
                "6:5: ITL376 metadata.managedFields[0].apiVersion: apiVersion must not be empty"
                + DROPPED
            ],
        ),
        (
            f"  - {{{KEPT}, manager: a}}\n  - {{manager: b, operation: Apply, apiVersion: v1}}\n",
            [
                "7:5: ITL376 metadata.managedFields[1].fieldsType: missing fieldsType in managed"
                " fields entry 1" + DROPPED
            ],
        ),
        (
            "  - {manager: k, operation: Apply, apiVersion: v1, fieldsType: FieldsV2}\n",
            [
                '6:64: ITL376 metadata.managedFields[0].fieldsType: invalid fieldsType "FieldsV2"'
                " in managed fields entry 0" + DROPPED
            ],
        ),
        # The dropped list's manager is never validated: no ITL209 beside the warning.
        (
            f"  - {{manager: '{'m' * 129}', operation: Patch}}\n",
            [
                "6:159: ITL376 metadata.managedFields[0].operation: operation must be `Apply` or"
                " `Update`" + DROPPED
            ],
        ),
        ("  - {}\n", []),  # one empty entry: the client resets the record
        ("  - {manager: '', operation: null}\n", []),
        (f"  - {{{KEPT}, manager: k}}\n", []),
    ],
)
def test_managed_fields_the_server_drops(entries: str, expected: list[str]) -> None:
    text = tag("metadata:\n  name: app:v1\n  managedFields:\n" + entries + SPEC)
    assert all_findings(text) == expected


@pytest.mark.parametrize("fields", ["[]", "[{}]", "[{manager: '', operation: null}]"])
def test_a_managed_fields_reset_is_no_finding(fields: str) -> None:
    """An empty list, or one entry with nothing set, asks the field manager to clear the
    record, which it does before validation: nothing in it is refused or dropped."""
    text = tag(f"metadata: {{name: app:v1, managedFields: {fields}}}\n" + SPEC)
    assert all_findings(text) == []


def test_generate_name_is_checked_on_create_only() -> None:
    """R6 happens in ``BeforeCreate``: an update of an ImageTag never reports it."""
    assert BY_CODE["ITL210"].runs_on("ImageTag", update=False, profile="manifest")
    assert not BY_CODE["ITL210"].runs_on("ImageTag", update=True, profile="manifest")
    stored = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {"name": "app:v1", "namespace": "demo"},
        "spec": {"name": "v1"},
    }
    new = {**stored, "metadata": {"generateName": "app-", "namespace": "demo"}}
    assert [d.code for d in validate(new)] == ["ITL210"]
    assert "ITL210" not in [d.code for d in validate(new, old_object=stored)]


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        (
            "ImageStreamTag",
            "tag: {from: {kind: DockerImage, name: quay.io/org/app:1.0}}\n",
            "3:26: ITL210 metadata.generateName: metadata.name was not generated"
            " (set metadata.name to <stream>:<tag>)",
        ),
        (
            "ImageStreamImport",
            "spec: {import: false, images: [{from: {kind: DockerImage, name: quay.io/a/b:1}}]}\n",
            "3:26: ITL210 metadata.generateName: metadata.name was not generated"
            " (set metadata.name to the image stream's name)",
        ),
    ],
)
def test_no_kind_of_ours_generates_a_name(kind: str, body: str, expected: str) -> None:
    """ImageStreamTag and ImageStreamImport creates call BeforeCreate as ImageTag's does."""
    text = f"apiVersion: image.openshift.io/v1\nkind: {kind}\nmetadata: {{generateName: app-}}\n"
    found = [f"{d.line}:{d.column}: {d.code} {d.message}" for d in lint_text(text + body)]
    assert found == [expected]
