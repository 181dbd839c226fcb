"""Metadata rules (M1-M13, R6): one failing and one passing example each, exact output."""

from __future__ import annotations

import pytest

from ._helpers import findings, tag

SPEC = "spec: {name: v1}\n"

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
        "M13 managed fields",
        "metadata:\n  name: app:v1\n  managedFields:\n  - {manager: k, operation: Patch}\n",
        ["6:29: ITL209 metadata.managedFields[0].operation: must be `Apply` or `Update`"],
    ),
    (
        "M13 managed fields ok",
        "metadata:\n  name: app:v1\n  managedFields:\n"
        "  - {manager: k, operation: Update, fieldsType: FieldsV1}\n",
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
