"""Tests for imagetag_lint.openshift.apimachinery: metadata checks with Go's exact messages.

The message texts below are written out literally (not rebuilt from the module's
constants) so that a drift in the module is caught.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagetag_lint.api import lint_text
from imagetag_lint.openshift.apimachinery import (
    INVALID,
    TOO_LONG,
    FieldError,
    ManagedFieldsEntry,
    ObjectMeta,
    OwnerReference,
    go_len,
    go_quote,
    go_to_lower,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_qualified_name,
    is_valid_label_value,
    regex_error,
    too_long_detail,
    validate_annotations,
    validate_annotations_size,
    validate_field_manager,
    validate_finalizers,
    validate_generation,
    validate_kube_finalizer_names,
    validate_labels,
    validate_managed_fields,
    validate_namespace_name,
    validate_owner_references,
    validate_path_segment_name,
)
from imagetag_lint.openshift.pullspec import validate_image_stream_name

LABEL_RE_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
SUBDOMAIN_RE_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', "
    "regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
QN_BODY = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
NAME_PART_RE = "name part " + QN_BODY
QN_SLASHES = (
    "a qualified name " + QN_BODY + " with an optional DNS subdomain prefix and '/' "
    "(e.g. 'example.com/MyName')"
)
LABEL_VALUE_RE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?"
    "[A-Za-z0-9])?')"
)
MAX63 = "must be no more than 63 characters"
MAX253 = "must be no more than 253 characters"
NOT_STANDARD = "name is neither a standard finalizer name nor is it fully qualified"
CONFLICT = "finalizer orphan and foregroundDeletion cannot be both set"


# --- message builders -------------------------------------------------------------------


def test_regex_error_without_examples() -> None:
    assert regex_error("bad", "x+") == "bad (regex used for validation is 'x+')"


def test_regex_error_one_example() -> None:
    assert regex_error("bad", "x+", "xx") == "bad (e.g. 'xx', regex used for validation is 'x+')"


@pytest.mark.parametrize(
    ("length", "expected"),
    [
        pytest.param(262144, "may not be more than 262144 bytes", id="annotations"),
        pytest.param(1, "may not be more than 1 byte", id="singular"),
        pytest.param(-1, "value is too long", id="no-limit"),
    ],
)
def test_too_long_detail(length: int, expected: str) -> None:
    assert too_long_detail(length) == expected


# --- DNS-1123 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("a", [], id="one-char"),
        pytest.param("my-name", [], id="dash"),
        pytest.param("123-abc", [], id="leading-digit"),
        pytest.param("a" * 63, [], id="63"),
        pytest.param("a" * 64, [MAX63], id="64"),
        pytest.param("a" * 63 + "-", [MAX63, LABEL_RE_MSG], id="64-and-bad"),
        pytest.param("a.b", ["must not contain dots"], id="dots"),
        pytest.param("a" * 40 + "." + "b" * 40, [MAX63, "must not contain dots"], id="long-dots"),
        pytest.param("", [LABEL_RE_MSG], id="empty"),
        pytest.param("-a", [LABEL_RE_MSG], id="leading-dash"),
        pytest.param("a-", [LABEL_RE_MSG], id="trailing-dash"),
        pytest.param("A", [LABEL_RE_MSG], id="upper"),
        pytest.param("a_b", [LABEL_RE_MSG], id="underscore"),
        pytest.param("a\n", [LABEL_RE_MSG], id="trailing-newline"),
        pytest.param("\u00e9" * 32, [MAX63, LABEL_RE_MSG], id="bytes-not-characters"),
    ],
)
def test_is_dns1123_label(value: str, expected: list[str]) -> None:
    assert is_dns1123_label(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("example.com", [], id="dotted"),
        pytest.param("a", [], id="single"),
        pytest.param("a" * 253, [], id="253"),
        pytest.param("a" * 254, [MAX253], id="254"),
        pytest.param("a..b", [SUBDOMAIN_RE_MSG], id="empty-label"),
        pytest.param("a.-b", [SUBDOMAIN_RE_MSG], id="label-leading-dash"),
        pytest.param(".a", [SUBDOMAIN_RE_MSG], id="leading-dot"),
        pytest.param("Example.com", [SUBDOMAIN_RE_MSG], id="upper"),
        pytest.param("", [SUBDOMAIN_RE_MSG], id="empty"),
    ],
)
def test_is_dns1123_subdomain(value: str, expected: list[str]) -> None:
    assert is_dns1123_subdomain(value) == expected


# --- qualified names ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("app", [], id="name"),
        pytest.param("MyName", [], id="upper-name-ok"),
        pytest.param("my.name_x-1", [], id="separators"),
        pytest.param("example.com/MyName", [], id="prefixed"),
        pytest.param("a" * 63, [], id="name-63"),
        pytest.param("a" * 64, ["name part " + MAX63], id="name-64"),
        pytest.param("", ["name part must be non-empty", NAME_PART_RE], id="empty"),
        pytest.param("-a", [NAME_PART_RE], id="leading-dash"),
        pytest.param("a_", [NAME_PART_RE], id="trailing-underscore"),
        pytest.param("a b", [NAME_PART_RE], id="space"),
        pytest.param("a\n", [NAME_PART_RE], id="trailing-newline"),
        pytest.param(
            "a" * 64 + "-", ["name part " + MAX63, NAME_PART_RE], id="name-too-long-and-bad"
        ),
        pytest.param("/a", ["prefix part must be non-empty"], id="empty-prefix"),
        pytest.param(
            "a/", ["name part must be non-empty", NAME_PART_RE], id="empty-name-after-prefix"
        ),
        pytest.param("b" * 253 + "/a", [], id="prefix-253"),
        pytest.param("b" * 254 + "/a", ["prefix part " + MAX253], id="prefix-254"),
        pytest.param("B.com/a", ["prefix part " + SUBDOMAIN_RE_MSG], id="upper-prefix"),
        pytest.param(
            "b" * 254 + "_/a" + "x" * 63,
            [
                "prefix part " + MAX253,
                "prefix part " + SUBDOMAIN_RE_MSG,
                "name part " + MAX63,
            ],
            id="everything-wrong",
        ),
        pytest.param("a/b/c", [QN_SLASHES], id="two-slashes"),
        pytest.param("//", [QN_SLASHES], id="only-slashes"),
    ],
)
def test_is_qualified_name(value: str, expected: list[str]) -> None:
    assert is_qualified_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("", [], id="empty-ok"),
        pytest.param("MyValue", [], id="upper"),
        pytest.param("my_value", [], id="underscore"),
        pytest.param("v" * 63, [], id="63"),
        pytest.param("v" * 64, [MAX63], id="64"),
        pytest.param("-v", [LABEL_VALUE_RE_MSG], id="leading-dash"),
        pytest.param("a/b", [LABEL_VALUE_RE_MSG], id="slash"),
        pytest.param("v" * 64 + ".", [MAX63, LABEL_VALUE_RE_MSG], id="both"),
    ],
)
def test_is_valid_label_value(value: str, expected: list[str]) -> None:
    assert is_valid_label_value(value) == expected


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefix", "expected"),
    [
        pytest.param("foo:bar", False, [], id="tag-name"),
        pytest.param("foo:A B", False, [], id="spaces-and-upper"),
        pytest.param(".", False, ["may not be '.'"], id="dot"),
        pytest.param("..", False, ["may not be '..'"], id="dot-dot"),
        pytest.param("...", False, [], id="three-dots"),
        pytest.param("a/b", False, ["may not contain '/'"], id="slash"),
        pytest.param("a%b", False, ["may not contain '%'"], id="percent"),
        pytest.param("%/", False, ["may not contain '/'", "may not contain '%'"], id="both"),
        pytest.param(".", True, [], id="prefix-dot"),
        pytest.param("a/", True, ["may not contain '/'"], id="prefix-slash"),
    ],
)
def test_validate_path_segment_name(name: str, prefix: bool, expected: list[str]) -> None:
    assert validate_path_segment_name(name, prefix) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        pytest.param("default", [], id="ok"),
        pytest.param("a" * 63, [], id="63"),
        pytest.param("a" * 64, [MAX63], id="64"),
        pytest.param("My-ns", [LABEL_RE_MSG], id="upper"),
        pytest.param("a.b", ["must not contain dots"], id="dots"),
        pytest.param("ns-", [LABEL_RE_MSG], id="trailing-dash"),
    ],
)
def test_validate_namespace_name(name: str, expected: list[str]) -> None:
    assert validate_namespace_name(name) == expected


def test_image_stream_name_reuses_path_segment_rules() -> None:
    assert validate_image_stream_name("a/b") == validate_path_segment_name("a/b", False)


# --- labels, annotations -------------------------------------------------------------------


def test_validate_labels_points_at_keys_and_values() -> None:
    labels = {"app": "ok", "bad key": "v", "k": "-bad", "a/b/c": "x" * 64}
    assert validate_labels(labels) == [
        FieldError(INVALID, NAME_PART_RE, "", ("bad key",), "bad key"),
        FieldError(INVALID, LABEL_VALUE_RE_MSG, "", ("k",)),
        FieldError(INVALID, QN_SLASHES, "", ("a/b/c",), "a/b/c"),
        FieldError(INVALID, MAX63, "", ("a/b/c",)),
    ]


@pytest.mark.parametrize(
    ("annotations", "expected"),
    [
        pytest.param({"Example.COM/Key": "x"}, [], id="upper-case-key-accepted"),
        pytest.param({"\u212aey": "x"}, [], id="kelvin-sign-lowercases-to-ascii"),
        pytest.param({"note": "any value at all \n\t"}, [], id="values-free"),
        pytest.param(
            {"Bad Key": ""},
            [FieldError(INVALID, NAME_PART_RE, "", ("Bad Key",), "Bad Key")],
            id="key-reported-as-written",
        ),
        pytest.param(
            {"a/b/c": ""},
            [FieldError(INVALID, QN_SLASHES, "", ("a/b/c",), "a/b/c")],
            id="two-slashes",
        ),
        pytest.param(
            {"k": "v" * 262143},
            [],
            id="size-262144",
        ),
        pytest.param(
            {"k": "v" * 262144},
            [FieldError(TOO_LONG, "may not be more than 262144 bytes")],
            id="size-262145",
        ),
        pytest.param(
            {"k": "\u00e9" * 131072},
            [FieldError(TOO_LONG, "may not be more than 262144 bytes")],
            id="size-counts-bytes",
        ),
    ],
)
def test_validate_annotations(annotations: dict[str, str], expected: list[FieldError]) -> None:
    assert validate_annotations(annotations) == expected


def test_validate_annotations_size_sums_keys_and_values() -> None:
    assert validate_annotations_size({"a" * 131072: "b" * 131072})
    assert not validate_annotations_size({"a" * 131072: "b" * 131072, "c": ""})


# --- generation, owner references, finalizers, managed fields ----------------------------


@pytest.mark.parametrize(
    ("generation", "expected"),
    [
        pytest.param(0, [], id="zero"),
        pytest.param(5, [], id="positive"),
        pytest.param(-1, [FieldError(INVALID, "must be greater than or equal to 0")], id="neg"),
    ],
)
def test_validate_generation(generation: int, expected: list[FieldError]) -> None:
    assert validate_generation(generation) == expected


GOOD_OWNER = OwnerReference("apps/v1", "Deployment", "web", "1234")


@pytest.mark.parametrize(
    ("refs", "expected"),
    [
        pytest.param([GOOD_OWNER], [], id="ok"),
        pytest.param([OwnerReference("v1", "ConfigMap", "c", "u")], [], id="core-group"),
        pytest.param(
            [OwnerReference()],
            [
                FieldError(INVALID, "version must not be empty", ".apiVersion", (0, "apiVersion")),
                FieldError(INVALID, "must not be empty", ".kind", (0, "kind")),
                FieldError(INVALID, "must not be empty", ".name", (0, "name")),
                FieldError(INVALID, "must not be empty", ".uid", (0, "uid")),
            ],
            id="all-empty",
        ),
        pytest.param(
            [GOOD_OWNER, OwnerReference("apps/", "Deployment", "web", "1")],
            [FieldError(INVALID, "version must not be empty", ".apiVersion", (1, "apiVersion"))],
            id="group-without-version",
        ),
        pytest.param(
            [OwnerReference("a/b/c", "K", "n", "u")],
            [FieldError(INVALID, "version must not be empty", ".apiVersion", (0, "apiVersion"))],
            id="unparsable-api-version",
        ),
        pytest.param(
            [OwnerReference("/", "K", "n", "u")],
            [FieldError(INVALID, "version must not be empty", ".apiVersion", (0, "apiVersion"))],
            id="lone-slash",
        ),
        pytest.param(
            [OwnerReference("v1", "Event", "e", "u")],
            [FieldError(INVALID, "/v1, Kind=Event is disallowed from being an owner", "", (0,))],
            id="core-event-banned",
        ),
        pytest.param(
            [OwnerReference("events.k8s.io/v1", "Event", "e", "u")], [], id="events-group-ok"
        ),
        pytest.param(
            [
                OwnerReference("v1", "A", "a", "1", controller=True),
                OwnerReference("v1", "B", "b", "2", controller=False),
                OwnerReference("v1", "C", "c", "3", controller=True),
                OwnerReference("v1", "D", "d", "4", controller=True),
            ],
            [
                FieldError(
                    INVALID,
                    'Only one reference can have Controller set to true. Found "true" in '
                    "references for A/a and C/c",
                    "",
                    (2, "controller"),
                ),
                FieldError(
                    INVALID,
                    'Only one reference can have Controller set to true. Found "true" in '
                    "references for A/a and D/d",
                    "",
                    (3, "controller"),
                ),
            ],
            id="two-controllers",
        ),
    ],
)
def test_validate_owner_references(refs: list[OwnerReference], expected: list[FieldError]) -> None:
    assert validate_owner_references(refs) == expected


def test_owner_reference_from_mapping_uses_zero_values() -> None:
    assert OwnerReference.from_mapping(
        {"apiVersion": "v1", "kind": None, "name": 3, "controller": "yes"}
    ) == OwnerReference("v1", "", "", "", None)
    assert OwnerReference.from_mapping({"controller": True}).controller is True


@pytest.mark.parametrize(
    ("finalizers", "generic", "kube"),
    [
        pytest.param(["kubernetes", "orphan", "example.com/x"], [], [], id="ok"),
        pytest.param(["foregroundDeletion"], [], [], id="foreground"),
        pytest.param(
            ["custom"], [], [FieldError(INVALID, NOT_STANDARD, "[0]", (0,))], id="unqualified"
        ),
        pytest.param(
            ["Kubernetes"],
            [],
            [FieldError(INVALID, NOT_STANDARD, "[0]", (0,))],
            id="standard-names-case-sensitive",
        ),
        pytest.param(
            ["orphan", "foregroundDeletion"],
            [FieldError(INVALID, CONFLICT)],
            [],
            id="orphan-and-foreground",
        ),
        pytest.param(
            ["ok/x", "bad name"],
            [FieldError(INVALID, NAME_PART_RE, "", (1,))],
            [FieldError(INVALID, NOT_STANDARD, "[1]", (1,))],
            id="invalid-and-unqualified",
        ),
        pytest.param(
            [""],
            [
                FieldError(INVALID, "name part must be non-empty", "", (0,)),
                FieldError(INVALID, NAME_PART_RE, "", (0,)),
            ],
            [FieldError(INVALID, NOT_STANDARD, "[0]", (0,))],
            id="empty",
        ),
        pytest.param(["a/b/c"], [FieldError(INVALID, QN_SLASHES, "", (0,))], [], id="two-slashes"),
    ],
)
def test_finalizers(
    finalizers: list[str], generic: list[FieldError], kube: list[FieldError]
) -> None:
    assert validate_finalizers(finalizers) == generic
    assert validate_kube_finalizer_names(finalizers) == kube


@pytest.mark.parametrize(
    ("manager", "expected"),
    [
        pytest.param("kubectl", [], id="ok"),
        pytest.param("m" * 128, [], id="128"),
        pytest.param("m" * 129, [FieldError(TOO_LONG, "may not be more than 128 bytes")], id="129"),
        pytest.param(
            "a\tb",
            [FieldError(INVALID, "invalid character U+0009 (at position 1)")],
            id="tab",
        ),
        pytest.param(
            "\u00e9\u00a0",
            [FieldError(INVALID, "invalid character U+00A0 (at position 2)")],
            id="byte-position",
        ),
        pytest.param("a b", [], id="ascii-space-printable"),
    ],
)
def test_validate_field_manager(manager: str, expected: list[FieldError]) -> None:
    assert validate_field_manager(manager) == expected


def test_validate_managed_fields() -> None:
    entries = [
        ManagedFieldsEntry("kubectl", "Apply", "FieldsV1", ""),
        ManagedFieldsEntry("kubectl", "Update", "", ""),
        ManagedFieldsEntry("m" * 129, "apply", "FieldsV2", "s" * 257),
    ]
    assert validate_managed_fields(entries) == [
        FieldError(INVALID, "must be `Apply` or `Update`", "[2].operation", (2, "operation")),
        FieldError(INVALID, "must be `FieldsV1`", "[2].fieldsType", (2, "fieldsType")),
        FieldError(TOO_LONG, "may not be more than 128 bytes", "[2].manager", (2, "manager")),
        FieldError(
            TOO_LONG, "may not be more than 256 bytes", "[2].subresource", (2, "subresource")
        ),
    ]


# --- whole ObjectMeta, through the linter ------------------------------------------------------
# The rules call these checks one by one (there is no ValidateObjectMeta port): these tests
# show every check of an object's metadata reported together, each at its own position.


def _metadata_findings(kind: str, metadata: str) -> list[str]:
    text = f"apiVersion: image.openshift.io/v1\nkind: {kind}\nmetadata:\n{metadata}"
    return [
        f"{d.line}:{d.column}: {d.code} {d.message}"
        for d in lint_text(text, "m.yaml")
        if d.code.startswith("ITL20") or d.code == "ITL270"
    ]


def test_object_meta_every_check_reports() -> None:
    metadata = """\
  name: a/b
  generateName: x%
  namespace: Bad_NS
  generation: -1
  labels: {k: -v}
  annotations: {a/b/c: ""}
  ownerReferences: [{apiVersion: v1, kind: Event, name: e, uid: u}]
  finalizers: [custom, orphan, foregroundDeletion]
  managedFields: [{manager: "m\\u200b", operation: Update, apiVersion: v1, fieldsType: FieldsV1}]
"""
    assert _metadata_findings("ImageStream", metadata) == [
        "4:9: ITL202 metadata.name: may not contain '/'",
        "5:17: ITL202 metadata.generateName: may not contain '%'",
        f"6:14: ITL203 metadata.namespace: {LABEL_RE_MSG}",
        # No ITL204: the server sets a stream's generation before it validates (D7).
        f"8:15: ITL205 metadata.labels.k: {LABEL_VALUE_RE_MSG}",
        f"9:17: ITL206 metadata.annotations.a/b/c: {QN_SLASHES}",
        "10:21: ITL207 metadata.ownerReferences[0]: "
        "/v1, Kind=Event is disallowed from being an owner",
        f"11:15: ITL208 metadata.finalizers: {CONFLICT}",
        f"11:16: ITL208 metadata.finalizers[0]: {NOT_STANDARD}",
        "12:29: ITL209 metadata.managedFields[0].manager: invalid character U+200B (at position 1)",
    ]


@pytest.mark.parametrize(
    ("kind", "metadata", "expected"),
    [
        pytest.param(
            "ImageTag", "  name: app:v1\n  namespace: demo\n  labels: {app: web}\n", [], id="ok"
        ),
        pytest.param(
            "ImageStream",
            "  namespace: ns\n",
            ["4:3: ITL202 metadata.name: name or generateName is required"],
            id="name-required",
        ),
        pytest.param("ImageStream", "  name: app\n", [], id="namespace-optional"),
        pytest.param(
            "ImageStream",
            "  name: .\n",
            ["4:9: ITL202 metadata.name: may not be '.'"],
            id="dot",
        ),
        pytest.param(
            "ImageStream",
            "  name: ..\n",
            ["4:9: ITL202 metadata.name: may not be '..'"],
            id="dot-dot",
        ),
        pytest.param(
            "ImageStream",
            f"  name: app\n  namespace: {'n' * 64}\n",
            [f"5:14: ITL203 metadata.namespace: {MAX63}"],
            id="namespace-64",
        ),
        pytest.param(
            "Image",
            f"  name: sha256:{'a' * 64}\n  namespace: ns\n",
            ["5:14: ITL203 metadata.namespace: not allowed on this type"],
            id="image-namespace-forbidden",
        ),
        pytest.param("Image", f"  name: sha256:{'a' * 64}\n", [], id="image-ok"),
        pytest.param(
            "ImageStream",
            "  name: Ruby\n  namespace: ns\n",
            ['4:9: ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"'],
            id="image-stream-name",
        ),
    ],
)
def test_object_meta_cases(kind: str, metadata: str, expected: list[str]) -> None:
    assert _metadata_findings(kind, metadata) == expected


def test_object_meta_from_mapping_is_lenient() -> None:
    meta = ObjectMeta.from_mapping(
        {
            "name": "a:b",
            "labels": {"app": "x", "n": 1},
            "annotations": None,
            "ownerReferences": [{"apiVersion": "v1"}, "junk"],
            "finalizers": ["a/b", 3],
            "managedFields": [{"operation": "Apply", "manager": "m"}],
        }
    )
    assert meta == ObjectMeta(
        labels={"app": "x"},
        owner_references=(OwnerReference("v1"), OwnerReference()),
        finalizers=("a/b",),
        managed_fields=(ManagedFieldsEntry("m", "Apply"),),
    )


# --- Go string helpers -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("abc", '"abc"', id="plain"),
        pytest.param('a"b\\c', '"a\\"b\\\\c"', id="quote-backslash"),
        pytest.param("\n\t\x00\x7f", '"\\n\\t\\x00\\x7f"', id="controls"),
        pytest.param("caf\u00e9", '"caf\u00e9"', id="printable-unicode-kept"),
        pytest.param("\u00a0\u200b", '"\\u00a0\\u200b"', id="non-printable-unicode"),
        pytest.param("\U000e0001", '"\\U000e0001"', id="astral-non-printable"),
    ],
)
def test_go_quote(value: str, expected: str) -> None:
    assert go_quote(value) == expected


def test_go_len_counts_utf8_bytes() -> None:
    assert go_len("abc") == 3
    assert go_len("\u00e9") == 2
    assert go_len("\U0001f600") == 4
    assert go_len("\ud800") == 3


def test_go_to_lower_uses_simple_mapping() -> None:
    assert go_to_lower("ABC\u0130") == "abci"
    assert go_to_lower("\u212a") == "k"


# --- properties -------------------------------------------------------------------------------

_label = st.from_regex(r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?", fullmatch=True)
_qname = st.from_regex(r"[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?", fullmatch=True)


@given(_label)
def test_every_label_is_a_subdomain_and_a_qualified_name(label: str) -> None:
    assert is_dns1123_label(label) == []
    assert is_dns1123_subdomain(label) == []
    assert is_qualified_name(label) == []
    assert is_valid_label_value(label) == []


@given(st.lists(_label, min_size=1, max_size=4).map(".".join), _qname)
def test_prefixed_names(prefix: str, name: str) -> None:
    expected = [] if len(prefix) <= 253 else ["prefix part " + MAX253]
    assert is_qualified_name(f"{prefix}/{name}") == expected


@given(st.text(max_size=80))
def test_annotation_keys_are_checked_lower_cased(key: str) -> None:
    key_errors = [e.detail for e in validate_annotations({key: ""})]
    assert key_errors == is_qualified_name(go_to_lower(key))


@given(st.text(max_size=70))
def test_label_value_matches_definition(value: str) -> None:
    ok = go_len(value) <= 63 and re.fullmatch(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?", value)
    assert (is_valid_label_value(value) == []) == bool(ok)


@given(st.text(alphabet="a-.B_/", max_size=20))
def test_dns_label_is_subset_of_subdomain(value: str) -> None:
    if not is_dns1123_label(value):
        assert not is_dns1123_subdomain(value)
