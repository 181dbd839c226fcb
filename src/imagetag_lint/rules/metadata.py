"""Object metadata, as the API server validates it (catalogue M1-M13, R6).

The checks themselves are :mod:`imagetag_lint.openshift.apimachinery`'s ports of the
Kubernetes code; these rules only pick the part each one reports and place the findings.
They run on the object's own ``metadata`` (``scope=Scope.METADATA``), never on the
metadata of nested signatures, which the server does not validate inside an ImageTag.
The one exception is ``metadata-name`` (ITL202), which also sees an ImageTag object
itself (``Scope.ROOT``), so that an ImageTag without ``metadata`` is reported too.

A missing ``metadata.namespace`` is not reported: ``kubectl apply -n`` and the current
context fill it in (R5). An invalid one is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..openshift import apimachinery as am
from ._rule import Accept, Phase, RuleContext, Scope, rule
from ._support import field_findings, mappings, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# Kinds whose server passes requiresNamespace=false (catalogue I1); the rest are namespaced.
CLUSTER_SCOPED_KINDS = frozenset({"Image", "ImageSignature"})
# The OwnerReference fields the schema layer requires in both profiles (ITL103).
_OWNER_REFERENCE_FIELDS: Final = ("apiVersion", "kind", "name", "uid")
# Kinds whose REST create never generates a name from generateName (R6): each calls
# rest.BeforeCreate itself, not a generic store, and names what ``metadata.name`` must be.
NO_NAME_GENERATION_KINDS: Final = {
    "ImageTag": "<stream>:<tag>",
    "ImageStreamTag": "<stream>:<tag>",
    "ImageStreamImport": "the image stream's name",
}


# --- accept fragments (see ``rules._rule``) ----------------------------------------------
# ObjectMeta also sits inside objects (an ImageTag's ``image``, an image's signatures), where
# these rules do not look: a fragment on it must hold for realistic nested metadata too, and
# what only the linted object's own metadata needs sits in a fragment on the root kinds.

_NOT_NULL_OR_EMPTY: Final = {"type": "string", "minLength": 1}
# A root object's metadata with a name: M1 holds (and R6, for an ImageTag).
_NAMED: Final = {"type": "object", "required": ["name"], "properties": {"name": _NOT_NULL_OR_EMPTY}}
# Other kinds: no metadata is not reported (no call), null neither; else a name or a prefix.
_NAMED_OR_GENERATED: Final = {
    "anyOf": [
        {"type": "null"},
        _NAMED,
        {"required": ["generateName"], "properties": {"generateName": _NOT_NULL_OR_EMPTY}},
    ]
}
# A linted Image always says ``kind: Image``; an Image nested in another object need not.
_KIND_IMAGE: Final = {"required": ["kind"], "properties": {"kind": {"const": "Image"}}}
# Clean names and prefixes are path segments: no "/" or "%", a name not "." or ".." (M2-M4).
_PATH_SEGMENT: Final = "^[^/%]*$"
_NAME_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "name": {"not": {"enum": [".", ".."]}, "pattern": _PATH_SEGMENT},
            "generateName": {"pattern": _PATH_SEGMENT},
        }
    },
    "ImageTag": {"required": ["metadata"], "properties": {"metadata": _NAMED}},
    **{
        kind: {"properties": {"metadata": _NAMED_OR_GENERATED}}
        for kind in ("ImageStream", "ImageStreamTag", "ImageStreamImport")
    },
    "Image": {"if": _KIND_IMAGE, "then": {"properties": {"metadata": _NAMED_OR_GENERATED}}},
}
# A clean namespace is absent, empty or a DNS-1123 label (ASCII: 63 characters are 63
# bytes); a linted Image has none (I1).
_NAMESPACE_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "namespace": {
                "anyOf": [
                    {"enum": [None, ""]},
                    {
                        "type": "string",
                        "maxLength": am.DNS1123_LABEL_MAX_LENGTH,
                        "pattern": f"^(?:{am.DNS1123_LABEL_FMT})$",
                    },
                ]
            }
        }
    },
    "Image": {
        "if": _KIND_IMAGE,
        "then": {"properties": {"metadata": {"properties": {"namespace": {"enum": [None, ""]}}}}},
    },
}
_GENERATION_ACCEPT: Final[Accept] = {"ObjectMeta": {"properties": {"generation": {"minimum": 0}}}}
# The name part of a qualified name, 1-63 ASCII characters (QUALIFIED_NAME_FMT, bounded).
_QUALIFIED_NAME_PART: Final = "[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
# A qualified name with an optional DNS-1123 subdomain prefix; a key of at most 253
# characters keeps the prefix within its 253, and every character is one byte.
_QUALIFIED_NAME: Final = f"^(?:(?:{am.DNS1123_SUBDOMAIN_FMT})/)?{_QUALIFIED_NAME_PART}$"
_QUALIFIED_NAME_MAX: Final = am.DNS1123_SUBDOMAIN_MAX_LENGTH
# Clean labels: qualified-name keys, label values (ASCII, so 63 characters are 63 bytes).
_LABELS_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "labels": {
                "propertyNames": {"maxLength": _QUALIFIED_NAME_MAX, "pattern": _QUALIFIED_NAME},
                "additionalProperties": {
                    "maxLength": am.LABEL_VALUE_MAX_LENGTH,
                    "pattern": f"^(?:{am.LABEL_VALUE_FMT})$",
                },
            }
        }
    }
}
# Annotation keys are checked lower-cased: any-case ASCII qualified names (keys of at most
# 253 bytes). The total size (M10) cannot be summed in a schema: a few tiers of (at most N
# annotations, each value at most L characters of up to 4 bytes) that stay within 256 KiB.
_ANY_CASE_QUALIFIED_NAME: Final = _QUALIFIED_NAME.replace("[a-z0-9]", "[A-Za-z0-9]").replace(
    "[-a-z0-9]", "[-A-Za-z0-9]"
)
_ANNOTATION_TIERS: Final = ((64, 900), (16, 4000), (4, 16000))
assert all(
    count * (_QUALIFIED_NAME_MAX + 4 * length) <= am.TOTAL_ANNOTATION_SIZE_LIMIT_B
    for count, length in _ANNOTATION_TIERS
)
_ANNOTATIONS_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "annotations": {
                "propertyNames": {
                    "maxLength": _QUALIFIED_NAME_MAX,
                    "pattern": _ANY_CASE_QUALIFIED_NAME,
                },
                "anyOf": [
                    {"maxProperties": count, "additionalProperties": {"maxLength": length}}
                    for count, length in _ANNOTATION_TIERS
                ],
            }
        }
    }
}
# A clean owner reference has every field, a version in apiVersion (no second "/"), and
# is no Event (the banned owner); at most one is the controller.
_OWNER_REFERENCES_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "ownerReferences": {
                "items": {
                    "type": "object",
                    "required": ["apiVersion", "kind", "name", "uid"],
                    "properties": {
                        "apiVersion": {"type": "string", "pattern": "^(?:[^/]*/)?[^/]+$"},
                        "kind": {**_NOT_NULL_OR_EMPTY, "not": {"const": "Event"}},
                        "name": _NOT_NULL_OR_EMPTY,
                        "uid": _NOT_NULL_OR_EMPTY,
                    },
                },
                "contains": {
                    "required": ["controller"],
                    "properties": {"controller": {"const": True}},
                },
                "minContains": 0,
                "maxContains": 1,
            }
        }
    }
}
# Clean finalizers: a standard one, or a qualified name with a prefix; never both orphan
# and foregroundDeletion.
_FINALIZERS_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "finalizers": {
                "items": {
                    "anyOf": [
                        {"enum": [None, *sorted(am.STANDARD_FINALIZERS)]},
                        {
                            "type": "string",
                            "maxLength": _QUALIFIED_NAME_MAX,
                            "pattern": f"^(?:{am.DNS1123_SUBDOMAIN_FMT})/{_QUALIFIED_NAME_PART}$",
                        },
                    ]
                },
                "not": {
                    "allOf": [
                        {"contains": {"const": "orphan"}},
                        {"contains": {"const": "foregroundDeletion"}},
                    ]
                },
            }
        }
    }
}
# ITL209: a manager of at most 128 printable ASCII characters and a short subresource (256
# bytes at 4 a character), whether the list is kept or dropped.
_MANAGED_FIELDS_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "managedFields": {
                "items": {
                    "type": "object",
                    "properties": {
                        "manager": {"maxLength": 128, "pattern": "^[ -~]*$"},
                        "subresource": {"maxLength": 64},
                    },
                }
            }
        }
    }
}
# ITL376: every entry is one the field manager can read (``_managed_fields_dropped``).
_MANAGED_FIELDS_READABLE_ACCEPT: Final[Accept] = {
    "ObjectMeta": {
        "properties": {
            "managedFields": {
                "items": {
                    "type": "object",
                    "required": ["operation", "apiVersion", "fieldsType"],
                    "properties": {
                        "operation": {"enum": ["Apply", "Update"]},
                        "apiVersion": {"type": "string", "minLength": 1},
                        "fieldsType": {"const": "FieldsV1"},
                        "fieldsV1": {"type": ["object", "null"]},
                    },
                }
            }
        }
    }
}
# An ImageTag whose metadata has a name, or no generateName: R6 does not apply.
_GENERATED_NAME_ACCEPT: Final[Accept] = {
    kind: {
        "properties": {
            "metadata": {"anyOf": [_NAMED, {"properties": {"generateName": {"enum": [None, ""]}}}]}
        }
    }
    for kind in NO_NAME_GENERATION_KINDS
}


def _name_missing_but_generated(meta: Mapping[str, Any], ctx: RuleContext) -> bool:
    return (
        ctx.root_type in NO_NAME_GENERATION_KINDS
        and not text(meta.get("name"))
        and bool(text(meta.get("generateName")))
    )


@rule(
    code="ITL202",
    name="metadata-name",
    severity=Severity.ERROR,
    types=("ObjectMeta", "ImageTag"),
    server="M1",
    scope=Scope.ROOT | Scope.METADATA,
    accept=_NAME_ACCEPT,
)
def metadata_name(node: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``metadata.name`` is required and may not be ``.``, ``..`` or contain ``/`` or ``%``.

    The server validates names as path segments (``ValidatePathSegmentName``); the
    same characters are refused in ``generateName`` (M4). Nothing else is checked in
    the name of an ImageTag: the stream part has its own rule (ITL212).

    An ImageTag without ``metadata`` (or with ``metadata: null``) is missing its
    name just the same, but then there is no ``metadata`` to check. That is why the
    rule applies to the ImageTag object itself as well as to ``metadata``: called
    with the object, it reports only a missing ``metadata``; the name is checked on
    the call with ``metadata``. Other kinds get no such check: for them a missing
    ``metadata`` is not reported, an empty one is.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: team/app:v1}
        spec: {name: v1}

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if ctx.node_type == "ImageTag":  # called with the object (Scope.ROOT), not its metadata
        yield from _missing_metadata(node)
    else:
        yield from _name_and_generate_name(node)


def _missing_metadata(tag: Mapping[str, Any]) -> Iterator[Finding]:
    """M1 for an ImageTag without a metadata mapping, where no ObjectMeta call can see it."""
    if not isinstance(tag.get("metadata"), Mapping):
        yield Finding("/metadata/name", am.NAME_REQUIRED)


def _name_and_generate_name(meta: Mapping[str, Any]) -> Iterator[Finding]:
    """M1-M4 on an object's own metadata."""
    name, generate_name = text(meta.get("name")), text(meta.get("generateName"))
    for reason in am.validate_path_segment_name(generate_name, True) if generate_name else ():
        yield Finding("/generateName", reason, server="M4")
    if not name:
        # With a generateName the server makes the name (ImageStream), or refuses to (ImageTag,
        # reported by ITL210 generate-name-unsupported): either way M1 does not apply.
        if not generate_name:
            yield Finding("/name", am.NAME_REQUIRED)
        return
    for reason in am.validate_path_segment_name(name, False):
        yield Finding("/name", reason, server="M2" if reason.startswith("may not be '") else "M3")


@rule(
    code="ITL203",
    name="namespace-name",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M5",
    scope=Scope.METADATA,
    accept=_NAMESPACE_ACCEPT,
)
def namespace_name(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``metadata.namespace``, when given, must be a DNS-1123 label (cluster-scoped kinds: none).

    A namespace is at most 63 characters of lower-case letters, digits and ``-``,
    starting and ending with a letter or digit. Leaving it out is fine: ``kubectl
    apply -n`` fills it in. ``Image`` objects are cluster-scoped and may not have one.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, namespace: My_Team}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, namespace: my-team}
        spec: {name: v1}
    """
    namespace = text(meta.get("namespace"))
    if not namespace:
        return
    if ctx.root_type in CLUSTER_SCOPED_KINDS:
        yield Finding("/namespace", "not allowed on this type", server="I1")
        return
    for reason in am.validate_namespace_name(namespace):
        yield Finding("/namespace", reason)


@rule(
    code="ITL204",
    name="metadata-generation",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M6",
    scope=Scope.METADATA,
    kinds=("ImageTag",),
    phase=Phase.CREATE,
    accept=_GENERATION_ACCEPT,
)
def metadata_generation(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag's ``metadata.generation`` may not be negative.

    Checked on create only: on update the server copies the stored generation
    over the one sent before it validates, so the value sent never fails. An
    ImageStream's generation is set by the server before it validates (1 for a
    new stream, catalogue D7), so whatever a stream manifest says is never
    refused; the catalogue records the check for ImageTags only.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, generation: -1}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1, generation: 2}
        spec: {name: v1}
    """
    generation = meta.get("generation")
    if isinstance(generation, int) and not isinstance(generation, bool):
        yield from field_findings(am.validate_generation(generation), "/generation")


@rule(
    code="ITL205",
    name="label-syntax",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M7",
    scope=Scope.METADATA,
    accept=_LABELS_ACCEPT,
)
def label_syntax(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Label keys must be qualified names and values valid label values.

    A key is an optional DNS-1123 subdomain prefix and ``/`` plus a name of at most
    63 alphanumerics, ``-``, ``_`` or ``.``; a value is empty or at most 63 such
    characters, starting and ending alphanumeric. The server reports both at
    ``metadata.labels``; the finding points at the offending key or value.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          labels:
            team name: web

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          labels:
            team-name: web
    """
    labels = am.ObjectMeta.from_mapping(meta).labels
    for error in am.validate_labels(labels):
        yield from field_findings([error], "/labels", "M7" if error.key is not None else "M8")


@rule(
    code="ITL206",
    name="annotation-syntax",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M9",
    scope=Scope.METADATA,
    accept=_ANNOTATIONS_ACCEPT,
)
def annotation_syntax(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Annotation keys must be qualified names (any case); all annotations fit in 256 KiB.

    The key check runs on the lower-cased key, so upper case is allowed; values are
    free text, but keys and values together may not exceed 262144 bytes (M10).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          annotations:
            "example.com/a b": "x"

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata:
          name: app
          annotations:
            example.com/Owner: "x"
    """
    annotations = am.ObjectMeta.from_mapping(meta).annotations
    for error in am.validate_annotations(annotations):
        yield from field_findings([error], "/annotations", "M9" if error.key else "M10")


@rule(
    code="ITL207",
    name="owner-reference",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M11",
    scope=Scope.METADATA,
    accept=_OWNER_REFERENCES_ACCEPT,
)
def owner_reference(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Owner references need apiVersion with a version, kind, name and uid; one controller at most.

    The server reads an absent field as empty and refuses it (M11: ``must not be
    empty``); the schema layer already reports an absent one (ITL103 ``required field
    is missing``, in both profiles), so this rule reports the ones that are there but
    empty or null, and never the same field twice. Two references with the same
    ``uid`` are no error: the API server drops exact duplicates with a warning and
    keeps the others (``dedupOwnerReferencesAndAddWarning`` in
    ``k8s.io/apiserver`` ``pkg/endpoints/handlers/rest.go``).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          ownerReferences:
          - {apiVersion: apps/, kind: Deployment, name: web, uid: "1234"}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          ownerReferences:
          - {apiVersion: apps/v1, kind: Deployment, name: web, uid: "1234"}
        spec: {name: v1}
    """
    refs = [ref for _, ref in mappings(meta.get("ownerReferences"))]
    errors = am.validate_owner_references([am.OwnerReference.from_mapping(ref) for ref in refs])
    kept = [error for error in errors if not _absent_owner_field(refs, error)]
    yield from field_findings(kept, "/ownerReferences")


def _absent_owner_field(refs: list[Mapping[str, Any]], error: am.FieldError) -> bool:
    """Whether ``error`` is about a required field its reference leaves out (ITL103's)."""
    if len(error.location) != 2:
        return False
    index, name = error.location
    return name in _OWNER_REFERENCE_FIELDS and name not in refs[int(index)]


@rule(
    code="ITL208",
    name="finalizer-name",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M12",
    scope=Scope.METADATA,
    accept=_FINALIZERS_ACCEPT,
)
def finalizer_name(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Finalizers are qualified names; one without ``/`` must be a standard one.

    The standard finalizers are ``kubernetes``, ``orphan`` and ``foregroundDeletion``;
    ``orphan`` and ``foregroundDeletion`` may not be set together.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          finalizers: [cleanup]
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          finalizers: [example.com/cleanup]
        spec: {name: v1}
    """
    finalizers = am.ObjectMeta.from_mapping(meta).finalizers
    yield from field_findings(am.validate_finalizers(finalizers), "/finalizers")
    yield from field_findings(am.validate_kube_finalizer_names(finalizers), "/finalizers")


# What happens to managedFields the field manager cannot read (ITL376's messages).
_DROPPED: Final = (
    " (the server cannot read these managedFields: it drops them and keeps its own record)"
)


def _reset(entries: list[Mapping[str, Any]]) -> bool:
    """``isResetManagedFields``: the client clears the record on purpose (an empty list, or
    one entry with nothing set), and the field manager empties it before validation."""
    return not entries or (
        len(entries) == 1 and all(value in (None, "") for value in entries[0].values())
    )


def _managed_fields_dropped(entries: list[Mapping[str, Any]]) -> Finding | None:
    """Why the field manager cannot read ``managedFields``, at the first entry it fails on.

    apimachinery ``DecodeManagedFields`` (``pkg/util/managedfields/internal/
    managedfields.go``), with its messages: an operation other than ``Apply`` or
    ``Update``, no ``apiVersion``, a ``fieldsType`` other than ``FieldsV1`` (an empty
    one included), and a ``fieldsV1`` that is no object. None when every entry reads,
    or when the list asks for a reset (empty, or one entry with nothing set).
    """
    if _reset(entries):
        return None
    for index, entry in enumerate(entries):
        fields_type = text(entry.get("fieldsType"))
        if entry.get("operation") not in ("Apply", "Update"):
            field, reason = "operation", "operation must be `Apply` or `Update`"
        elif not text(entry.get("apiVersion")):
            field, reason = "apiVersion", "apiVersion must not be empty"
        elif fields_type != "FieldsV1":
            field, reason = (
                "fieldsType",
                (
                    f"invalid fieldsType {am.go_quote(fields_type)} in managed fields entry {index}"
                    if fields_type
                    else f"missing fieldsType in managed fields entry {index}"
                ),
            )
        elif entry.get("fieldsV1") is not None and not isinstance(entry["fieldsV1"], Mapping):
            field, reason = "fieldsV1", "error decoding set: expected object"
        else:
            continue
        return Finding(f"/managedFields/{index}/{field}", reason + _DROPPED)
    return None


@rule(
    code="ITL209",
    name="managed-fields",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="M13",
    scope=Scope.METADATA,
    accept=_MANAGED_FIELDS_ACCEPT,
)
def managed_fields(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    Kept ``managedFields`` entries need a manager of at most 128 printable bytes.

    On a create or an update the API server's field manager reads the
    ``managedFields`` a client sends before anything validates them (the handlers
    of ``k8s.io/apiserver`` ``pkg/endpoints/handlers/create.go`` and ``update.go``
    call ``FieldManager.UpdateNoErrors`` first). A list it cannot read is dropped
    and replaced by the server's own record (ITL376 warns about it), so an entry's
    operation or fieldsType is never refused, whatever the catalogue's M13 lists. A
    list it reads is kept as it is, and then ``ValidateManagedFields`` (M13)
    refuses a ``manager`` longer than 128 bytes or with a character that is not
    printable (below: a zero-width space), and a ``subresource`` longer than 256
    bytes. Usually these entries are copied from ``kubectl get -o yaml``: leave them
    out of manifests.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          managedFields:
          - manager: "kubectl\\u200bedit"
            operation: Update
            apiVersion: image.openshift.io/v1
            fieldsType: FieldsV1
            fieldsV1: {}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          managedFields:
          - manager: kubectl-edit
            operation: Update
            apiVersion: image.openshift.io/v1
            fieldsType: FieldsV1
            fieldsV1: {}
        spec: {name: v1}
    """
    read = [entry for _, entry in mappings(meta.get("managedFields"))]
    if _reset(read) or _managed_fields_dropped(read):
        return  # emptied or dropped before validation: nothing in it is refused (ITL376)
    entries = am.ObjectMeta.from_mapping(meta).managed_fields
    yield from field_findings(am.validate_managed_fields(entries), "/managedFields")


@rule(
    code="ITL376",
    name="managed-fields-dropped",
    severity=Severity.WARNING,
    types=("ObjectMeta",),
    scope=Scope.METADATA,
    phase=Phase.CREATE,
    accept=_MANAGED_FIELDS_READABLE_ACCEPT,
)
def managed_fields_dropped(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``managedFields`` the API server cannot read: it drops them and keeps its own record.

    The field manager reads the entries a client sends before the object is
    validated (apimachinery ``DecodeManagedFields``): each needs operation ``Apply``
    or ``Update``, an ``apiVersion``, fieldsType ``FieldsV1`` and a ``fieldsV1``
    object. If one does not, the whole list is replaced by the one the server
    keeps (on a create, a single entry for the client that sends it), without an
    error, so the catalogue's M13 check never sees it: this is no refusal, but what
    the manifest says is lost. An empty list, or a single entry with nothing set,
    is the documented way to clear the record and is not reported. The finding is
    on the first entry the server stops at, with its message. Checked on create (a
    manifest): an update the admission webhook sees has been through the field
    manager already.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          managedFields:
          - {manager: kubectl, operation: Patch}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:v1
          managedFields:
          - manager: kubectl-edit
            operation: Update
            apiVersion: image.openshift.io/v1
            fieldsType: FieldsV1
            fieldsV1: {}
        spec: {name: v1}
    """
    dropped = _managed_fields_dropped([entry for _, entry in mappings(meta.get("managedFields"))])
    if dropped is not None:
        yield dropped


@rule(
    code="ITL210",
    name="generate-name-unsupported",
    severity=Severity.ERROR,
    types=("ObjectMeta",),
    server="R6",
    scope=Scope.METADATA,
    kinds=tuple(NO_NAME_GENERATION_KINDS),
    phase=Phase.CREATE,
    accept=_GENERATED_NAME_ACCEPT,
)
def generate_name_unsupported(meta: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    An ImageTag, ImageStreamTag or ImageStreamImport needs ``metadata.name``: the server never
    generates one from ``generateName``.

    Their REST creates call ``rest.BeforeCreate`` themselves (openshift-apiserver
    ``registry/imagetag``, ``imagestreamtag`` and ``imagestreamimport``, ``rest.go``
    ``Create``), and a create with ``generateName`` and no ``name`` fails with HTTP 500
    ``metadata.name was not generated``, whatever the prefix. Checked on create only:
    an update names its object in the URL, and ``generateName`` plays no part in it.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {generateName: app-}
        spec: {name: v1}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
    """
    if _name_missing_but_generated(meta, ctx):
        name = NO_NAME_GENERATION_KINDS[ctx.root_type]
        yield Finding(
            "/generateName", f"metadata.name was not generated (set metadata.name to {name})"
        )


RULES = (
    metadata_name,
    namespace_name,
    metadata_generation,
    label_syntax,
    annotation_syntax,
    owner_reference,
    finalizer_name,
    managed_fields,
    managed_fields_dropped,
    generate_name_unsupported,
)
