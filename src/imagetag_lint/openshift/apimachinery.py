"""Kubernetes metadata validation, reproduced message for message.

Pure, dependency-free ports of the checks the API server runs on ``metadata``
(catalogue rules M1-M13), with the exact texts Go prints. Sources, read at
kubernetes/apimachinery v0.34.1 / kubernetes v1.34.1:

* ``kubernetes/apimachinery:pkg/util/validation/validation.go`` -- ``IsDNS1123Label``,
  ``IsDNS1123Subdomain``, ``IsQualifiedName``, ``IsValidLabelValue``, ``MaxLenError``,
  ``RegexError``, ``EmptyError``.
* ``kubernetes/apimachinery:pkg/util/validation/field/errors.go`` -- error types and the
  ``TooLong`` detail (``may not be more than N bytes``).
* ``kubernetes/apimachinery:pkg/api/validation/path/name.go`` -- ``ValidatePathSegmentName``.
* ``kubernetes/apimachinery:pkg/api/validation/generic.go`` -- ``ValidateNamespaceName``
  (``NameIsDNSLabel``), ``ValidateNonnegativeField``.
* ``kubernetes/apimachinery:pkg/api/validation/objectmeta.go`` -- annotations, owner
  references, finalizers, ``ValidateObjectMetaAccessor``.
* ``kubernetes/apimachinery:pkg/apis/meta/v1/validation/validation.go`` -- ``ValidateLabels``,
  ``ValidateManagedFields``, ``ValidateFieldManager``.
* ``kubernetes/kubernetes:pkg/apis/core/validation/validation.go`` --
  ``validateKubeFinalizerName``.

``ValidateObjectMeta`` itself is not ported as one function: each metadata rule calls the
one check it reports, so the linter's findings carry their own codes and positions.

Result shapes (shared with :mod:`imagetag_lint.openshift.pullspec`):

* ``is_*`` / ``validate_*_name`` functions mirror Go functions returning ``[]string``: they
  return ``list[str]`` of detail messages, empty when valid.
* Functions mirroring Go code that returns a ``field.ErrorList`` return ``list[FieldError]``.
  A :class:`FieldError` carries the Go error type (``kind``), the detail text exactly as Go
  builds it (never the ``<path>: Invalid value: "x": `` prefix), the field-path suffix Go
  appends to the path the caller validates (``field``, e.g. ``""``, ``".apiVersion"``,
  ``"[2]"``), the JSON location of the offending node relative to the same base
  (``location``, e.g. ``("labels", "app")`` or ``("ownerReferences", 0, "apiVersion")``) and,
  when the error is about a mapping *key* (label or annotation key), that ``key``.

Go measures strings in UTF-8 bytes and its regexps are anchored with ``^...$`` (end of text);
this module does the same (``go_len``, ``fullmatch``), so non-ASCII text and trailing newlines
are judged as the server judges them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..frozen import Frozen, NamedTuple
from ..regex import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = [
    "ANNOTATIONS_TOO_LONG",
    "BANNED_OWNERS",
    "DNS1123_LABEL_ERR_MSG",
    "DNS1123_LABEL_FMT",
    "DNS1123_LABEL_MAX_LENGTH",
    "DNS1123_SUBDOMAIN_ERR_MSG",
    "DNS1123_SUBDOMAIN_FMT",
    "DNS1123_SUBDOMAIN_MAX_LENGTH",
    "FINALIZER_CONFLICT",
    "FINALIZER_NOT_STANDARD",
    "INVALID",
    "IS_NEGATIVE_ERROR_MSG",
    "LABEL_VALUE_ERR_MSG",
    "LABEL_VALUE_FMT",
    "LABEL_VALUE_MAX_LENGTH",
    "NAME_REQUIRED",
    "QUALIFIED_NAME_ERR_MSG",
    "QUALIFIED_NAME_FMT",
    "QUALIFIED_NAME_MAX_LENGTH",
    "REQUIRED",
    "STANDARD_FINALIZERS",
    "TOO_LONG",
    "TOTAL_ANNOTATION_SIZE_LIMIT_B",
    "FieldError",
    "ManagedFieldsEntry",
    "ObjectMeta",
    "OwnerReference",
    "empty_error",
    "go_len",
    "go_quote",
    "go_to_lower",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_qualified_name",
    "is_valid_label_value",
    "max_len_error",
    "regex_error",
    "too_long_detail",
    "validate_annotations",
    "validate_annotations_size",
    "validate_field_manager",
    "validate_finalizers",
    "validate_generation",
    "validate_kube_finalizer_names",
    "validate_labels",
    "validate_managed_fields",
    "validate_namespace_name",
    "validate_owner_references",
    "validate_path_segment_name",
]

# --- error types (field.ErrorType, by the short name the catalogue uses) -----------------

REQUIRED: Final = "Required"
INVALID: Final = "Invalid"
TOO_LONG: Final = "TooLong"


class FieldError(NamedTuple):
    """One ``field.Error``: type, detail, and where it is (see the module docstring)."""

    kind: str
    detail: str
    field: str = ""
    location: tuple[str | int, ...] = ()
    key: str | None = None

    def path(self, base: str) -> str:
        """The field path as the server prints it, for errors found under ``base``."""
        return base + self.field


def _rebase(errors: list[FieldError], child: str, loc: tuple[str | int, ...]) -> list[FieldError]:
    """Re-root errors found by a sub-validator under ``child`` (Go ``fldPath.Child``)."""
    return [FieldError(e.kind, e.detail, child + e.field, loc + e.location, e.key) for e in errors]


# --- Go string semantics --------------------------------------------------------------


def go_len(value: str) -> int:
    """``len(s)`` in Go: the number of UTF-8 bytes.

    A lone surrogate cannot exist in a Go string (the JSON decoder turns it into U+FFFD,
    three bytes); ``surrogatepass`` also counts three bytes for it.
    """
    return len(value.encode("utf-8", "surrogatepass"))


def go_to_lower(value: str) -> str:
    """``strings.ToLower``: per-rune *simple* case mapping.

    Python's ``str.lower`` applies full mappings; the only unconditional difference is
    U+0130 (LATIN CAPITAL LETTER I WITH DOT ABOVE), which Go maps to a plain ``i``.
    Context-dependent rules (final sigma) only affect non-ASCII output, which no pattern
    here can match, so they do not change any result.
    """
    return "".join("i" if ch == "\u0130" else ch.lower() for ch in value)


_GO_SIMPLE_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
    '"': '\\"',
    "\\": "\\\\",
}


def _go_is_print(ch: str) -> bool:
    """``unicode.IsPrint``: letters, marks, numbers, punctuation, symbols and ASCII space.

    That is exactly Python's notion (everything but categories C* and Z*, space excepted).
    """
    return ch.isprintable()


def go_quote(value: str) -> str:
    """``strconv.Quote`` / ``%q``: Go's double-quoted, escaped form of a string."""
    out = ['"']
    for ch in value:
        if 0xD800 <= ord(ch) <= 0xDFFF:
            ch = "\ufffd"  # what Go's decoder would have stored instead
        if ch in _GO_SIMPLE_ESCAPES:
            out.append(_GO_SIMPLE_ESCAPES[ch])
        elif _go_is_print(ch):
            out.append(ch)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02x}")
        elif ord(ch) < 0x10000:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


# --- message builders (util/validation/validation.go, field/errors.go) -----------------


def max_len_error(length: int) -> str:
    """``MaxLenError``."""
    return f"must be no more than {length} characters"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """``RegexError``: the message, examples and the pattern, as Go concatenates them."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    # Go appends "'ex', " per example and " or " between them, hence "'a',  or 'b'".
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def empty_error() -> str:
    """``EmptyError``."""
    return "must be non-empty"


def too_long_detail(max_length: int) -> str:
    """The detail of ``field.TooLong`` (v0.34: "may not be more than N bytes")."""
    if max_length < 0:
        return "value is too long"
    return f"may not be more than {max_length} {'byte' if max_length == 1 else 'bytes'}"


# --- DNS names, qualified names, label values ------------------------------------------

DNS1123_LABEL_FMT: Final = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
DNS1123_LABEL_ERR_MSG: Final = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
DNS1123_LABEL_MAX_LENGTH: Final = 63
DNS1123_SUBDOMAIN_FMT: Final = DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*"
DNS1123_SUBDOMAIN_ERR_MSG: Final = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character"
)
DNS1123_SUBDOMAIN_MAX_LENGTH: Final = 253

QUALIFIED_NAME_FMT: Final = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
QUALIFIED_NAME_ERR_MSG: Final = (
    "must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
QUALIFIED_NAME_MAX_LENGTH: Final = 63
LABEL_VALUE_FMT: Final = "(" + QUALIFIED_NAME_FMT + ")?"
LABEL_VALUE_ERR_MSG: Final = (
    "a valid label must be an empty string or consist of alphanumeric characters, "
    "'-', '_' or '.', and must start and end with an alphanumeric character"
)
LABEL_VALUE_MAX_LENGTH: Final = 63

# Go's "^...$" never matches before a trailing newline; fullmatch() has the same meaning.
_DNS1123_LABEL_RE: Final = lazy(DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE: Final = lazy(DNS1123_SUBDOMAIN_FMT)
_QUALIFIED_NAME_RE: Final = lazy(QUALIFIED_NAME_FMT)
_LABEL_VALUE_RE: Final = lazy(LABEL_VALUE_FMT)


def is_dns1123_label(value: str) -> list[str]:
    """``IsDNS1123Label``."""
    errs: list[str] = []
    if go_len(value) > DNS1123_LABEL_MAX_LENGTH:
        errs.append(max_len_error(DNS1123_LABEL_MAX_LENGTH))
    if not _DNS1123_LABEL_RE.fullmatch(value):
        if _DNS1123_SUBDOMAIN_RE.fullmatch(value):
            # A valid subdomain that is no label can only contain dots (Go's comment).
            errs.append("must not contain dots")
        else:
            errs.append(regex_error(DNS1123_LABEL_ERR_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"))
    return errs


def is_dns1123_subdomain(value: str) -> list[str]:
    """``IsDNS1123Subdomain``."""
    errs: list[str] = []
    if go_len(value) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        errs.append(max_len_error(DNS1123_SUBDOMAIN_MAX_LENGTH))
    if not _DNS1123_SUBDOMAIN_RE.fullmatch(value):
        errs.append(regex_error(DNS1123_SUBDOMAIN_ERR_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"))
    return errs


def is_qualified_name(value: str) -> list[str]:
    """``IsQualifiedName``: ``[prefix/]name`` with a DNS-1123 subdomain prefix."""
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) == 1:
        name = parts[0]
    elif len(parts) == 2:
        prefix, name = parts
        if not prefix:
            errs.append("prefix part " + empty_error())
        else:
            errs.extend("prefix part " + msg for msg in is_dns1123_subdomain(prefix))
    else:
        return [
            "a qualified name "
            + regex_error(
                QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"
            )
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"
        ]
    if not name:
        errs.append("name part " + empty_error())
    elif go_len(name) > QUALIFIED_NAME_MAX_LENGTH:
        errs.append("name part " + max_len_error(QUALIFIED_NAME_MAX_LENGTH))
    if not _QUALIFIED_NAME_RE.fullmatch(name):
        errs.append(
            "name part "
            + regex_error(
                QUALIFIED_NAME_ERR_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"
            )
        )
    return errs


def is_valid_label_value(value: str) -> list[str]:
    """``IsValidLabelValue``."""
    errs: list[str] = []
    if go_len(value) > LABEL_VALUE_MAX_LENGTH:
        errs.append(max_len_error(LABEL_VALUE_MAX_LENGTH))
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(
            regex_error(LABEL_VALUE_ERR_MSG, LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errs


# --- names ---------------------------------------------------------------------------

_NAME_MAY_NOT_BE: Final = (".", "..")
_NAME_MAY_NOT_CONTAIN: Final = ("/", "%")


def validate_path_segment_name(name: str, prefix: bool) -> list[str]:
    """``path.ValidatePathSegmentName`` (``prefix``: ``generateName``, no exact-name check)."""
    if not prefix and name in _NAME_MAY_NOT_BE:
        return [f"may not be '{name}'"]
    return [f"may not contain '{bad}'" for bad in _NAME_MAY_NOT_CONTAIN if bad in name]


def validate_namespace_name(name: str) -> list[str]:
    """``ValidateNamespaceName`` (``NameIsDNSLabel``) of a whole name.

    (Go's ``prefix`` form, for a namespace's own ``generateName``, never applies here.)
    """
    return is_dns1123_label(name)


# --- ObjectMeta pieces -----------------------------------------------------------------

IS_NEGATIVE_ERROR_MSG: Final = "must be greater than or equal to 0"
NAME_REQUIRED: Final = "name or generateName is required"
TOTAL_ANNOTATION_SIZE_LIMIT_B: Final = 256 * (1 << 10)
ANNOTATIONS_TOO_LONG: Final = too_long_detail(TOTAL_ANNOTATION_SIZE_LIMIT_B)
STANDARD_FINALIZERS: Final = frozenset({"kubernetes", "orphan", "foregroundDeletion"})
FINALIZER_NOT_STANDARD: Final = (
    "name is neither a standard finalizer name nor is it fully qualified"
)
FINALIZER_CONFLICT: Final = "finalizer orphan and foregroundDeletion cannot be both set"
# (group, version, kind) that may not own anything: core v1 Event.
BANNED_OWNERS: Final = frozenset({("", "v1", "Event")})
FIELD_MANAGER_MAX_LENGTH: Final = 128
MAX_SUBRESOURCE_NAME_LENGTH: Final = 256


def validate_generation(generation: int) -> list[FieldError]:
    """``ValidateNonnegativeField`` on ``metadata.generation``."""
    if generation < 0:
        return [FieldError(INVALID, IS_NEGATIVE_ERROR_MSG)]
    return []


def validate_labels(labels: Mapping[str, str]) -> list[FieldError]:
    """``ValidateLabels``: key errors point at the key, value errors at the value.

    Go reports both at the ``labels`` path itself (no key in the path).
    """
    errs: list[FieldError] = []
    for key, value in labels.items():
        errs.extend(FieldError(INVALID, msg, "", (key,), key) for msg in is_qualified_name(key))
        errs.extend(FieldError(INVALID, msg, "", (key,)) for msg in is_valid_label_value(value))
    return errs


def validate_annotations_size(annotations: Mapping[str, str]) -> bool:
    """``ValidateAnnotationsSize``: True when keys plus values fit in 256 KiB (bytes)."""
    total = sum(go_len(key) + go_len(value) for key, value in annotations.items())
    return total <= TOTAL_ANNOTATION_SIZE_LIMIT_B


def validate_annotations(annotations: Mapping[str, str]) -> list[FieldError]:
    """``ValidateAnnotations``: keys are qualified names once lower-cased, then the size."""
    errs: list[FieldError] = []
    for key in annotations:
        # "case doesn't matter": the check sees the lower-cased key, the error the original.
        errs.extend(
            FieldError(INVALID, msg, "", (key,), key) for msg in is_qualified_name(go_to_lower(key))
        )
    if not validate_annotations_size(annotations):
        errs.append(FieldError(TOO_LONG, ANNOTATIONS_TOO_LONG))
    return errs


class OwnerReference(NamedTuple):
    """The fields of ``metav1.OwnerReference`` that validation reads."""

    api_version: str = ""
    kind: str = ""
    name: str = ""
    uid: str = ""
    controller: bool | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> OwnerReference:
        """Read the JSON form; absent, null or mistyped values become Go zero values."""
        controller = data.get("controller")
        return cls(
            api_version=_str_or_empty(data.get("apiVersion")),
            kind=_str_or_empty(data.get("kind")),
            name=_str_or_empty(data.get("name")),
            uid=_str_or_empty(data.get("uid")),
            controller=controller if isinstance(controller, bool) else None,
        )


def _parse_group_version(api_version: str) -> tuple[str, str] | None:
    """``schema.ParseGroupVersion``: ``(group, version)``, None on error."""
    if api_version in ("", "/"):
        return "", ""
    slashes = api_version.count("/")
    if slashes == 0:
        return "", api_version
    if slashes == 1:
        group, version = api_version.split("/")
        return group, version
    return None


def _owner_gvk(ref: OwnerReference) -> tuple[str, str, str]:
    """``schema.FromAPIVersionAndKind``: an unparsable apiVersion keeps only the kind."""
    group_version = _parse_group_version(ref.api_version)
    if group_version is None:
        return "", "", ref.kind
    return group_version[0], group_version[1], ref.kind


def _validate_owner_reference(ref: OwnerReference, index: int) -> list[FieldError]:
    """``validateOwnerReference``: Go's paths carry no index (``ownerReferences.kind``)."""
    group, version, kind = _owner_gvk(ref)
    errs: list[FieldError] = []
    if not version:
        errs.append(_owner_error("version must not be empty", "apiVersion", index))
    if not kind:
        errs.append(_owner_error("must not be empty", "kind", index))
    if not ref.name:
        errs.append(_owner_error("must not be empty", "name", index))
    if not ref.uid:
        errs.append(_owner_error("must not be empty", "uid", index))
    if (group, version, kind) in BANNED_OWNERS:
        # GroupVersionKind.String(): "<group>/<version>, Kind=<kind>".
        detail = f"{group}/{version}, Kind={kind} is disallowed from being an owner"
        errs.append(FieldError(INVALID, detail, "", (index,)))
    return errs


def _owner_error(detail: str, child: str, index: int) -> FieldError:
    return FieldError(INVALID, detail, "." + child, (index, child))


def validate_owner_references(refs: Sequence[OwnerReference]) -> list[FieldError]:
    """``ValidateOwnerReferences``, including the one-controller rule."""
    errs: list[FieldError] = []
    first_controller = ""
    for index, ref in enumerate(refs):
        errs.extend(_validate_owner_reference(ref, index))
        if ref.controller:
            current = f"{ref.kind}/{ref.name}"
            if first_controller:
                detail = (
                    'Only one reference can have Controller set to true. Found "true" in '
                    f"references for {first_controller} and {current}"
                )
                errs.append(FieldError(INVALID, detail, "", (index, "controller")))
            else:
                first_controller = current
    return errs


def validate_finalizers(finalizers: Sequence[str]) -> list[FieldError]:
    """apimachinery ``ValidateFinalizers``: qualified names, no orphan + foregroundDeletion.

    Go reports the name errors at ``finalizers`` without an index.
    """
    errs: list[FieldError] = []
    for index, finalizer in enumerate(finalizers):
        errs.extend(FieldError(INVALID, msg, "", (index,)) for msg in is_qualified_name(finalizer))
    if "orphan" in finalizers and "foregroundDeletion" in finalizers:
        errs.append(FieldError(INVALID, FINALIZER_CONFLICT))
    return errs


def validate_kube_finalizer_names(finalizers: Sequence[str]) -> list[FieldError]:
    """kubernetes ``validateKubeFinalizerName`` for each entry, at ``finalizers[i]``."""
    return [
        FieldError(INVALID, FINALIZER_NOT_STANDARD, f"[{index}]", (index,))
        for index, finalizer in enumerate(finalizers)
        if "/" not in finalizer and finalizer not in STANDARD_FINALIZERS
    ]


class ManagedFieldsEntry(NamedTuple):
    """The fields of ``metav1.ManagedFieldsEntry`` that validation reads."""

    manager: str = ""
    operation: str = ""
    fields_type: str = ""
    subresource: str = ""

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ManagedFieldsEntry:
        """Read the JSON form; absent, null or mistyped values become Go zero values."""
        return cls(
            manager=_str_or_empty(data.get("manager")),
            operation=_str_or_empty(data.get("operation")),
            fields_type=_str_or_empty(data.get("fieldsType")),
            subresource=_str_or_empty(data.get("subresource")),
        )


def validate_field_manager(manager: str) -> list[FieldError]:
    """``ValidateFieldManager``: at most 128 bytes, printable characters only."""
    errs: list[FieldError] = []
    if go_len(manager) > FIELD_MANAGER_MAX_LENGTH:
        errs.append(FieldError(TOO_LONG, too_long_detail(FIELD_MANAGER_MAX_LENGTH)))
    position = 0  # Go ranges over bytes: the position is a byte offset
    for ch in manager:
        if not _go_is_print(ch) and not 0xD800 <= ord(ch) <= 0xDFFF:
            # %#U of a non-printable rune is just "U+XXXX".
            detail = f"invalid character U+{ord(ch):04X} (at position {position})"
            errs.append(FieldError(INVALID, detail))
        position += go_len(ch)
    return errs


def validate_managed_fields(entries: Sequence[ManagedFieldsEntry]) -> list[FieldError]:
    """``ValidateManagedFields``."""
    errs: list[FieldError] = []
    for index, entry in enumerate(entries):
        here = f"[{index}]"
        if entry.operation not in ("Apply", "Update"):
            errs.append(
                FieldError(
                    INVALID,
                    "must be `Apply` or `Update`",
                    here + ".operation",
                    (index, "operation"),
                )
            )
        if entry.fields_type and entry.fields_type != "FieldsV1":
            errs.append(
                FieldError(
                    INVALID, "must be `FieldsV1`", here + ".fieldsType", (index, "fieldsType")
                )
            )
        errs.extend(
            _rebase(validate_field_manager(entry.manager), here + ".manager", (index, "manager"))
        )
        if go_len(entry.subresource) > MAX_SUBRESOURCE_NAME_LENGTH:
            errs.append(
                FieldError(
                    TOO_LONG,
                    too_long_detail(MAX_SUBRESOURCE_NAME_LENGTH),
                    here + ".subresource",
                    (index, "subresource"),
                )
            )
    return errs


# --- whole ObjectMeta -----------------------------------------------------------------


def _str_or_empty(value: object) -> str:
    return value if isinstance(value, str) else ""


def _str_map(value: object) -> dict[str, str]:
    if not isinstance(value, Mapping):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _mappings(value: object) -> list[Mapping[str, object]]:
    if not isinstance(value, list):
        return []
    return [item if isinstance(item, Mapping) else {} for item in value]


class ObjectMeta(Frozen):
    """The collections of ``metav1.ObjectMeta`` the metadata checks take, as typed values.

    (Name, namespace and generation are plain scalars: the rules read them directly.)
    """

    __slots__ = ("annotations", "finalizers", "labels", "managed_fields", "owner_references")
    _fields = ("labels", "annotations", "owner_references", "finalizers", "managed_fields")

    labels: Mapping[str, str]
    annotations: Mapping[str, str]
    owner_references: tuple[OwnerReference, ...]
    finalizers: tuple[str, ...]
    managed_fields: tuple[ManagedFieldsEntry, ...]

    def __init__(
        self,
        labels: Mapping[str, str] | None = None,
        annotations: Mapping[str, str] | None = None,
        owner_references: tuple[OwnerReference, ...] = (),
        finalizers: tuple[str, ...] = (),
        managed_fields: tuple[ManagedFieldsEntry, ...] = (),
    ) -> None:
        self._init(
            {} if labels is None else labels,
            {} if annotations is None else annotations,
            owner_references,
            finalizers,
            managed_fields,
        )

    @classmethod
    def from_mapping(cls, data: Mapping[str, object]) -> ObjectMeta:
        """Read the JSON form leniently: null and mistyped values become zero values.

        Mistyped values are the schema layer's business (the server rejects them while
        decoding, before any of this runs).
        """
        finalizers = data.get("finalizers")
        return cls(
            labels=_str_map(data.get("labels")),
            annotations=_str_map(data.get("annotations")),
            owner_references=tuple(
                OwnerReference.from_mapping(m) for m in _mappings(data.get("ownerReferences"))
            ),
            finalizers=tuple(f for f in finalizers if isinstance(f, str))
            if isinstance(finalizers, list)
            else (),
            managed_fields=tuple(
                ManagedFieldsEntry.from_mapping(m) for m in _mappings(data.get("managedFields"))
            ),
        )
