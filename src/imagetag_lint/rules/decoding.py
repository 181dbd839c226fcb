"""What the server's decoder refuses inside ``image.dockerImageMetadata`` (catalogue R4).

``image`` of an ImageTag is dropped on create, but only after the request body was
decoded and converted: a non-empty ``dockerImageMetadata`` must then decode as the
``DockerImage`` of its ``dockerImageMetadataVersion`` (openshift-apiserver
``pkg/image/apis/image/v1/conversion.go``, ``Convert_v1_Image_To_image_Image``, with
the codec factory of apimachinery's ``runtime/serializer``). The decoder reads
``apiVersion`` and ``kind`` first, with ``encoding/json`` (keys matched in any case,
the last one wins); then the fields, case-sensitively (``sigs.k8s.io/json``), into the
shape of that version: ``openshift/api:image/docker10`` for ``1.0`` and
``image/dockerpre012`` for ``pre012`` (snake-case field names). Unknown keys, and
known ones spelt in another case, are dropped without a word.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from ..diagnostics import Finding, Severity
from ..frozen import NamedTuple
from ..openshift.times import is_rfc3339
from ..pointers import join_pointer
from ._rule import RuleContext, rule

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Final

# dockerImageMetadataVersion values the server's scheme knows ("" means "1.0").
METADATA_VERSIONS: Final = ("1.0", "pre012")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Go field types, by the names Go prints in its unmarshal errors (CONFIG is qualified
# with the version's package: docker10.DockerConfig, dockerpre012.DockerConfig).
STRING, INT64, BOOL, TIME = "string", "int64", "bool", "v1.Time"
STRINGS, SET, STRING_MAP = "[]string", "map[string]struct {}", "map[string]string"
CONFIG = "DockerConfig"

# The same in both versions (openshift/api image/docker10 and image/dockerpre012).
DOCKER_CONFIG: Final[Mapping[str, str]] = {
    "Hostname": STRING,
    "Domainname": STRING,
    "User": STRING,
    "Memory": INT64,
    "MemorySwap": INT64,
    "CpuShares": INT64,
    "Cpuset": STRING,
    "AttachStdin": BOOL,
    "AttachStdout": BOOL,
    "AttachStderr": BOOL,
    "PortSpecs": STRINGS,
    "ExposedPorts": SET,
    "Tty": BOOL,
    "OpenStdin": BOOL,
    "StdinOnce": BOOL,
    "Env": STRINGS,
    "Cmd": STRINGS,
    "Dns": STRINGS,
    "Image": STRING,
    "Volumes": SET,
    "VolumesFrom": STRING,
    "WorkingDir": STRING,
    "Entrypoint": STRINGS,
    "NetworkDisabled": BOOL,
    "SecurityOpts": STRINGS,
    "OnBuild": STRINGS,
    "Labels": STRING_MAP,
}
DOCKER10_IMAGE: Final[Mapping[str, str]] = {
    "apiVersion": STRING,
    "kind": STRING,
    "Id": STRING,
    "Parent": STRING,
    "Comment": STRING,
    "Created": TIME,
    "Container": STRING,
    "ContainerConfig": CONFIG,
    "DockerVersion": STRING,
    "Author": STRING,
    "Config": CONFIG,
    "Architecture": STRING,
    "Size": INT64,
}
PRE012_IMAGE: Final[Mapping[str, str]] = {
    "apiVersion": STRING,
    "kind": STRING,
    "id": STRING,
    "parent": STRING,
    "comment": STRING,
    "created": TIME,
    "container": STRING,
    "container_config": CONFIG,
    "docker_version": STRING,
    "author": STRING,
    "config": CONFIG,
    "architecture": STRING,
    "size": INT64,
}

# --- which DockerImage the metadata says it is ----------------------------------------------

GROUP: Final = "image.openshift.io"
INTERNAL: Final = "__internal"  # runtime.APIVersionInternal
KIND: Final = "DockerImage"


class _Version(NamedTuple):
    """One registered DockerImage version: its Go package and its fields."""

    package: str
    fields: Mapping[str, str]


VERSIONS: Final[Mapping[str, _Version]] = {
    "1.0": _Version("docker10", DOCKER10_IMAGE),
    "pre012": _Version("dockerpre012", PRE012_IMAGE),
}
# Kinds the decoder's scheme also knows, so that it decodes them and then fails to convert
# them to a DockerImage (``unknown conversion``), all of Go package ``v1``: metav1's
# unversioned kinds (in any group and version); what ``metav1.AddToGroupVersion`` adds to
# every group version it is given; openshift/api ``image/v1`` (``image.openshift.io/v1``);
# k8s.io/api ``core/v1`` (group-less ``v1``, which openshift/api image/v1 installs too).
_UNVERSIONED: Final = ("Status", "APIVersions", "APIGroupList", "APIGroup", "APIResourceList")
_METAV1: Final = (
    *("WatchEvent", "ListOptions", "GetOptions", "DeleteOptions", "CreateOptions"),
    *("UpdateOptions", "PatchOptions"),
)
_IMAGE_V1: Final = (
    *("Image", "ImageList", "ImageSignature", "ImageStream", "ImageStreamList"),
    *("ImageStreamMapping", "ImageStreamTag", "ImageStreamTagList", "ImageStreamImage"),
    *("ImageStreamLayers", "ImageStreamImport", "ImageTag", "ImageTagList", "SecretList"),
)
_CORE_V1: Final = (
    *("Pod", "PodList", "PodStatusResult", "PodTemplate", "PodTemplateList"),
    *("ReplicationController", "ReplicationControllerList", "Service", "ServiceProxyOptions"),
    *("ServiceList", "Endpoints", "EndpointsList", "Node", "NodeList", "NodeProxyOptions"),
    *("Binding", "Event", "EventList", "List", "LimitRange", "LimitRangeList", "ResourceQuota"),
    *("ResourceQuotaList", "Namespace", "NamespaceList", "Secret", "SecretList"),
    *("ServiceAccount", "ServiceAccountList", "PersistentVolume", "PersistentVolumeList"),
    *("PersistentVolumeClaim", "PersistentVolumeClaimList", "PodAttachOptions", "PodLogOptions"),
    *("PodExecOptions", "PodPortForwardOptions", "PodProxyOptions", "ComponentStatus"),
    *("ComponentStatusList", "SerializedReference", "RangeAllocation", "ConfigMap"),
    *("ConfigMapList", "Status"),
)
_REGISTERED_V1: Final[Mapping[tuple[str, str], frozenset[str]]] = {
    (GROUP, "v1"): frozenset((*_IMAGE_V1, *_METAV1)),
    ("", "v1"): frozenset((*_CORE_V1, *_METAV1)),
}
# The internal versions, whose kinds this module does not list: a kind other than
# DockerImage there gets the linter's words, not the server's.
_UNLISTED_VERSIONS: Final = ((GROUP, INTERNAL), ("", INTERNAL))

# Non-ASCII letters Go's encoding/json folds to ASCII ones when it matches a key to a
# field: KELVIN SIGN to "k", LATIN SMALL LETTER LONG S to "s".
_FOLDS_TO: Final = {"k": "\u212a", "s": "\u017f"}
_FOLD_BACK: Final = str.maketrans({value: key for key, value in _FOLDS_TO.items()})


def _fold(key: str) -> str:
    """A key as encoding/json compares it with a field name when the case differs."""
    return key.translate(_FOLD_BACK).lower()


def _folded(name: str) -> str:
    """A regex for the keys that fold to ``name`` (``_fold``)."""
    return "".join(
        f"[{char.upper()}{char.lower()}{_FOLDS_TO.get(char.lower(), '')}]"
        if char.isalpha()
        else char
        for char in name
    )


# --- what a clean value looks like, for the validity gate (see ``rules._rule``) ---------------

# What fits each Go type, as ``_check_value`` decides it (null leaves the zero value).
_GO_TYPE_ACCEPT: Final[Mapping[str, Mapping[str, Any]]] = {
    STRING: {"type": ["string", "null"]},
    TIME: {"type": ["string", "null"], "format": "date-time"},  # the schema layer's RFC 3339
    INT64: {"type": ["integer", "null"], "minimum": INT64_MIN, "maximum": INT64_MAX},
    BOOL: {"type": ["boolean", "null"]},
    STRINGS: {"type": ["array", "null"], "items": {"type": ["string", "null"]}},
    SET: {"type": ["object", "null"], "additionalProperties": {"type": ["object", "null"]}},
    STRING_MAP: {"type": ["object", "null"], "additionalProperties": {"type": ["string", "null"]}},
}
_CONFIG_ACCEPT: Final = {
    "type": ["object", "null"],
    "properties": {name: _GO_TYPE_ACCEPT[go_type] for name, go_type in DOCKER_CONFIG.items()},
}
# A clean ``dockerImageMetadata``: a 1.0 DockerImage (the usual case; pre012 takes the slow
# path) that names no other version or kind, with no other key that folds to ``apiVersion``
# or ``kind``, whose fields have their Go types.
_TYPE_META: Final = (
    ("apiVersion", ["", "1.0", f"{GROUP}/1.0"]),
    ("kind", ["", KIND]),
)
_DOCKER_IMAGE_METADATA_ACCEPT: Final = {
    "properties": {
        "dockerImageMetadataVersion": {"enum": [None, "", "1.0"]},
        "dockerImageMetadata": {
            "properties": {
                **{
                    name: {"type": ["object", "null"], **_CONFIG_ACCEPT}
                    if go_type == CONFIG
                    else _GO_TYPE_ACCEPT[go_type]
                    for name, go_type in DOCKER10_IMAGE.items()
                },
                **{name: {"enum": [None, *values]} for name, values in _TYPE_META},
            },
            "propertyNames": {
                "anyOf": [
                    {"enum": [name for name, _ in _TYPE_META]},
                    {"not": {"pattern": f"^(?:{_folded('apiVersion')}|{_folded('kind')})$"}},
                ]
            },
        },
    }
}


# --- Go's texts ------------------------------------------------------------------------------


def _go_number(value: int | float) -> str:
    """A number as the request body spells it (Go's ``encoding/json`` float format)."""
    if isinstance(value, int) or (value.is_integer() and abs(value) < 1e21):
        return str(int(value))
    if 1e-6 <= abs(value) < 1e21:
        from decimal import Decimal  # only a fractional number in the metadata needs it

        return format(Decimal(repr(value)), "f")
    text = repr(value)
    mantissa, _, exponent = text.partition("e")
    if exponent.startswith("-0"):
        exponent = "-" + exponent[2:]
    return f"{mantissa}e{exponent}"


def _json_kind(value: Any, go_type: str = STRING) -> str:
    """What Go names in ``cannot unmarshal <what>``; a number shows its text only where an
    integer field could not hold it."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return f"number {_go_number(value)}" if go_type == INT64 else "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _go_json(value: Any) -> str:
    """A value as the request body holds it: compact JSON with sorted keys, as Go writes it."""
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


# --- apiVersion and kind ---------------------------------------------------------------------


class _TypeMeta(NamedTuple):
    """``apiVersion`` and ``kind`` as the decoder reads them: the key that set each, if any."""

    api_version: str = ""
    api_version_key: str | None = None
    kind: str = ""
    kind_key: str | None = None


def _type_meta(metadata: Mapping[str, Any]) -> _TypeMeta | Finding:
    """``SimpleMetaFactory.Interpret``'s ``encoding/json`` pass over the raw metadata.

    kubectl sends keys sorted; every key that folds to ``apiVersion`` or ``kind`` sets it
    in that order (null leaves it as it was); the first value that is no string fails.
    """
    found: dict[str, tuple[str, str]] = {}
    for key in sorted(str(key) for key in metadata):
        name = {"apiversion": "apiVersion", "kind": "kind"}.get(_fold(key))
        value = metadata[key]
        if name is None or value is None:
            continue
        if not isinstance(value, str):
            return Finding(
                join_pointer("/dockerImageMetadata", key),
                f"couldn't get version/kind; json parse error: json: cannot unmarshal"
                f" {_json_kind(value)} into Go struct field .{name} of type string",
            )
        found[name] = (value, key)
    api_version, api_version_key = found.get("apiVersion", ("", None))
    kind, kind_key = found.get("kind", ("", None))
    return _TypeMeta(api_version, api_version_key, kind, kind_key)


def _group_version(meta: _TypeMeta, version: str) -> tuple[str, str] | str:
    """The group and version the decoder gives the metadata, or its error.

    ``schema.ParseGroupVersion``, then the defaults of the JSON serializer's ``Decode``
    (``gvkWithDefaults`` against the target's first kind, ``image.openshift.io/<version>``).
    """
    text = meta.api_version
    if text in ("", "/"):
        group, api_version = "", ""
    elif text.count("/") > 1:
        return f"unexpected GroupVersion string: {text}"
    else:
        group, _, api_version = text.rpartition("/")
    if not api_version and group in ("", GROUP):
        return GROUP, version
    return group, api_version


def _decode_error(group: str, api_version: str, kind: str, version: str) -> str | None:
    """Why a kind does not decode into the DockerImage of ``version``; None when it does.

    ``UseOrCreateObject``: the target itself when the kind is one of its two registrations
    (``image.openshift.io/<version>``, group-less ``<version>``), else a new object of
    that kind, which only the internal DockerImage converts into the target.
    """
    if kind == KIND and (group, api_version) in (*_own(version), (GROUP, INTERNAL)):
        return None
    go_type = _registered_type(group, api_version, kind)
    if go_type is not None:
        target = f"{VERSIONS[version].package}.{KIND}"
        return f"converting ({go_type}) to ({target}): unknown conversion"
    shown = f"{group}/{api_version}" if group else api_version
    if kind != KIND and (group, api_version) in _UNLISTED_VERSIONS:
        return f'"{shown}, Kind={kind}" does not decode as the {KIND} of version "{version}"'
    if api_version == INTERNAL:
        return f'no kind "{kind}" is registered for the internal version of group "{group}"'
    return f'no kind "{kind}" is registered for version "{shown}"'


def _own(version: str) -> tuple[tuple[str, str], ...]:
    """The two group versions the DockerImage of ``version`` is registered under."""
    return (GROUP, version), ("", version)


def _registered_type(group: str, api_version: str, kind: str) -> str | None:
    """The Go type the decoder's scheme makes of a kind it knows (not the target), or None."""
    if kind in _UNVERSIONED:
        return f"v1.{kind}"
    if kind == KIND and group in (GROUP, "") and api_version in VERSIONS:
        return f"{VERSIONS[api_version].package}.{KIND}"
    if kind in _REGISTERED_V1.get((group, api_version), ()):
        return f"v1.{kind}"
    return None


# --- the fields ------------------------------------------------------------------------------


def _fits(value: Any, go_type: str) -> bool:
    if value is None:
        return True  # null leaves the Go zero value
    if go_type in (STRING, TIME):
        return isinstance(value, str)
    if go_type == INT64:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return isinstance(value, int) and not isinstance(value, bool)
    if go_type == BOOL:
        return isinstance(value, bool)
    if go_type == STRINGS:
        return isinstance(value, list)
    return isinstance(value, Mapping)


class _Place(NamedTuple):
    """Where a value sits, as Go's error names it: the innermost struct and the field path."""

    pointer: str
    struct: str
    path: str
    package: str

    def field(self, key: str, name: str, struct: str | None = None) -> _Place:
        path = f"{self.path}.{name}" if self.path else name
        return _Place(join_pointer(self.pointer, key), struct or self.struct, path, self.package)

    def unmarshal_error(self, value: Any, go_type: str) -> str:
        shown = f"{self.package}.{CONFIG}" if go_type == CONFIG else go_type
        return (
            f"json: cannot unmarshal {_json_kind(value, go_type)} into Go struct field"
            f" {self.struct}.{self.path} of type {shown}"
        )


def _check_value(value: Any, go_type: str, place: _Place) -> Iterator[Finding]:
    if go_type == TIME and value is not None and not isinstance(value, str):
        # metav1.Time decodes itself with encoding/json: no struct field in the text
        kind = _json_kind(value)
        yield Finding(place.pointer, f"json: cannot unmarshal {kind} into Go value of type string")
        return
    if not _fits(value, go_type) or (
        go_type == INT64 and value is not None and not INT64_MIN <= int(value) <= INT64_MAX
    ):
        yield Finding(place.pointer, place.unmarshal_error(value, go_type))
        return
    if go_type == TIME and isinstance(value, str) and not is_rfc3339(value):
        yield Finding(place.pointer, f'parsing time "{value}": not an RFC 3339 time')
    elif go_type == CONFIG and isinstance(value, Mapping):
        yield from _check_struct(value, DOCKER_CONFIG, place, CONFIG)
    elif go_type == STRINGS and isinstance(value, list):
        for index, item in enumerate(value):
            if item is not None and not isinstance(item, str):
                error = place.unmarshal_error(item, STRING)
                yield Finding(join_pointer(place.pointer, index), error)
    elif go_type in (SET, STRING_MAP) and isinstance(value, Mapping):
        item_type = "struct {}" if go_type == SET else STRING
        for key, item in value.items():
            fits = item is None or (
                isinstance(item, Mapping) if go_type == SET else isinstance(item, str)
            )
            if not fits:
                error = place.unmarshal_error(item, item_type)
                yield Finding(join_pointer(place.pointer, key), error)


def _check_struct(
    obj: Mapping[str, Any], fields: Mapping[str, str], place: _Place, struct: str
) -> Iterator[Finding]:
    for key, value in obj.items():
        go_type = fields.get(str(key))
        if go_type is not None:  # keys are matched case-sensitively; unknown ones are dropped
            yield from _check_value(value, go_type, place.field(key, str(key), struct))


@rule(
    code="ITL220",
    name="docker-image-metadata",
    severity=Severity.ERROR,
    types=("Image",),
    server="R4",
    accept={"Image": _DOCKER_IMAGE_METADATA_ACCEPT},
)
def docker_image_metadata(image: Mapping[str, Any], ctx: RuleContext) -> Iterator[Finding]:
    """
    ``dockerImageMetadata`` must decode as the ``DockerImage`` of its metadata version.

    The server decodes it even in parts it then throws away (``image`` of an
    ImageTag), so a bad value fails the whole request with HTTP 400.
    ``dockerImageMetadataVersion`` must be empty (``1.0``), ``1.0`` or ``pre012``.
    An ``apiVersion`` inside may be left out, or name that version
    (``image.openshift.io/1.0`` or ``1.0``), and a ``kind`` must be ``DockerImage``:
    ``apiVersion: pre012`` under version ``1.0`` fails (``unknown conversion``),
    ``image.openshift.io/v1`` and ``v1`` are no DockerImage versions. Each known
    field must have its Go type (``Size`` is an integer, ``Created`` an RFC 3339
    time, ``Config.Env`` a list of strings, ...); field names are matched
    case-sensitively (``size`` is a field of ``pre012`` only, and is dropped under
    ``1.0``). Go's time parser words its errors differently; the rest are its texts.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageMetadata:
          Size: "12 MB"

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageMetadataVersion: "1.0"
        dockerImageMetadata:
          apiVersion: image.openshift.io/pre012
          kind: DockerImage

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageMetadataVersion: "1.0"
        dockerImageMetadata:
          apiVersion: image.openshift.io/1.0
          kind: DockerImage
          Size: 12582912
    """
    metadata = image.get("dockerImageMetadata")
    if not isinstance(metadata, Mapping):
        return  # absent or null: nothing is decoded; other types: ITL101
    version = image.get("dockerImageMetadataVersion")
    version = version if isinstance(version, str) and version else "1.0"
    if version not in VERSIONS:
        yield Finding(
            "/dockerImageMetadataVersion",
            f'no kind "{KIND}" is registered for version "{GROUP}/{version}"'
            ' (known versions are "1.0" and "pre012")',
        )
        return
    meta = _type_meta(metadata)
    if isinstance(meta, Finding):
        yield meta
        return
    found = _group_version(meta, version)
    if isinstance(found, tuple) and not found[1]:
        found = f"Object 'apiVersion' is missing in '{_go_json(metadata)}'"
    if isinstance(found, str):
        yield _type_meta_finding(meta.api_version_key, found, version)
        return
    group, api_version = found
    error = _decode_error(group, api_version, meta.kind or KIND, version)
    if error is not None:
        own = (group, api_version) in _own(version)
        key = meta.kind_key if own else meta.api_version_key
        yield _type_meta_finding(key, error, version)
    elif (group, api_version) != (GROUP, INTERNAL):  # the internal type's fields: not checked
        shape = VERSIONS[version]
        place = _Place("/dockerImageMetadata", KIND, "", shape.package)
        yield from _check_struct(metadata, shape.fields, place, KIND)


def _type_meta_finding(key: str | None, error: str, version: str) -> Finding:
    """A finding on the ``apiVersion`` or ``kind`` key that made the decoder fail."""
    if key is None:
        return Finding("/dockerImageMetadata", error)
    hint = f' (dockerImageMetadataVersion is "{version}")' if _fold(key) == "apiversion" else ""
    return Finding(join_pointer("/dockerImageMetadata", key), error + hint)


RULES = (docker_image_metadata,)
