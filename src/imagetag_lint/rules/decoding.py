"""What the server's decoder refuses inside ``image.dockerImageMetadata`` (catalogue R4).

``image`` of an ImageTag is dropped on create, but only after the request body was
decoded and converted: a non-empty ``dockerImageMetadata`` must then be a
``DockerImage`` of a registered version and fit its Go types (``encoding/json``,
which matches keys case-insensitively and ignores unknown ones). The shape below is
``openshift/api:image/docker10`` (``DockerImage``, ``DockerConfig``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Final

from ..diagnostics import Finding, Severity
from ..openshift.times import is_rfc3339
from ..pointers import join_pointer
from ._rule import RuleContext, rule

# dockerImageMetadataVersion values the server's scheme knows ("" means "1.0").
METADATA_VERSIONS: Final = ("1.0", "pre012")
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

# Go field types, by the names Go prints in its unmarshal errors.
STRING, INT64, BOOL, TIME = "string", "int64", "bool", "v1.Time"
STRINGS, SET, STRING_MAP = "[]string", "map[string]struct {}", "map[string]string"
CONFIG = "docker10.DockerConfig"

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
DOCKER_IMAGE: Final[Mapping[str, str]] = {
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
    # the pre-0.12 layout spells two fields in snake case
    "container_config": CONFIG,
    "docker_version": STRING,
}
_FOLDED_IMAGE = {key.lower(): key for key in DOCKER_IMAGE}
_FOLDED_CONFIG = {key.lower(): key for key in DOCKER_CONFIG}

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
# Non-ASCII letters that fold to ASCII ones: ``str.lower`` folds KELVIN SIGN to "k"; Go's
# encoding/json also matches LATIN SMALL LETTER LONG S to "s" (refused too: stricter).
_FOLDS_TO: Final = {"k": "\u212a", "s": "\u017f"}


def _folded(name: str) -> str:
    """A regex for the keys that fold to ``name``'s folding (``str.lower``, or Go's)."""
    return "".join(
        f"[{char.upper()}{char.lower()}{_FOLDS_TO.get(char.lower(), '')}]"
        if char.isalpha()
        else char
        for char in name
    )


def _struct_accept(
    fields: Mapping[str, str], accepts: Mapping[str, Mapping[str, Any]]
) -> dict[str, Any]:
    """A struct ``_check_struct`` finds no fault with: each known field spelt exactly and of
    its Go type; any other key (the decoder drops it) must not fold to a known one."""
    known = "|".join(_folded(name) for name in fields)
    return {
        "properties": {name: accepts[go_type] for name, go_type in fields.items()},
        "propertyNames": {
            "anyOf": [{"enum": list(fields)}, {"not": {"pattern": f"^(?:{known})$"}}]
        },
    }


_CONFIG_ACCEPT: Final = {
    "type": ["object", "null"],
    **_struct_accept(DOCKER_CONFIG, _GO_TYPE_ACCEPT),
}
# A clean ``dockerImageMetadata``: a DockerImage of a known version whose known fields,
# spelt as Go names them (the usual case), have their Go types. Stricter than the check
# only for a key spelt in another case and an unknown version without metadata.
_DOCKER_IMAGE_METADATA_ACCEPT: Final = {
    "properties": {
        "dockerImageMetadataVersion": {"enum": [None, "", *METADATA_VERSIONS]},
        "dockerImageMetadata": _struct_accept(
            DOCKER_IMAGE, {**_GO_TYPE_ACCEPT, CONFIG: _CONFIG_ACCEPT}
        ),
    }
}


def _json_kind(value: Any) -> str:
    """The JSON kind Go names in ``cannot unmarshal <kind>``."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return f"number {value}"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


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


def _unmarshal_error(value: Any, path: str, go_type: str) -> str:
    kind = _json_kind(value)
    if go_type == INT64 and isinstance(value, int) and not isinstance(value, bool):
        kind = f"number {value}"  # out of range
    return f"json: cannot unmarshal {kind} into Go struct field {path} of type {go_type}"


def _check_value(value: Any, go_type: str, pointer: str, path: str) -> Iterator[Finding]:
    if not _fits(value, go_type) or (
        go_type == INT64 and value is not None and not INT64_MIN <= int(value) <= INT64_MAX
    ):
        yield Finding(pointer, _unmarshal_error(value, path, go_type))
        return
    if go_type == TIME and isinstance(value, str) and not is_rfc3339(value):
        yield Finding(pointer, f'parsing time "{value}": not an RFC 3339 time')
    elif go_type == CONFIG and isinstance(value, Mapping):
        yield from _check_struct(value, DOCKER_CONFIG, _FOLDED_CONFIG, pointer, path)
    elif go_type == STRINGS and isinstance(value, list):
        for index, item in enumerate(value):
            if item is not None and not isinstance(item, str):
                yield Finding(join_pointer(pointer, index), _unmarshal_error(item, path, STRING))
    elif go_type in (SET, STRING_MAP) and isinstance(value, Mapping):
        item_type = "struct {}" if go_type == SET else STRING
        for key, item in value.items():
            fits = item is None or (
                isinstance(item, Mapping) if go_type == SET else isinstance(item, str)
            )
            if not fits:
                yield Finding(join_pointer(pointer, key), _unmarshal_error(item, path, item_type))


def _check_struct(
    obj: Mapping[str, Any],
    fields: Mapping[str, str],
    folded: Mapping[str, str],
    pointer: str,
    path: str,
) -> Iterator[Finding]:
    for key, value in obj.items():
        name = folded.get(str(key).lower())
        if name is None:
            continue  # unknown keys are dropped silently
        yield from _check_value(value, fields[name], join_pointer(pointer, key), f"{path}.{name}")


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
    ``dockerImageMetadata`` must decode as a ``DockerImage`` of a known metadata version.

    The server decodes it even in parts it then throws away (``image`` of an
    ImageTag), so a bad value fails the whole request with HTTP 400.
    ``dockerImageMetadataVersion`` must be empty (``1.0``), ``1.0`` or ``pre012``, and
    each known field must have its Go type (``Size`` is an integer, ``Created`` an
    RFC 3339 time, ``Config.Env`` a list of strings, ...).

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageMetadata:
          Size: "12 MB"

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageMetadata:
          Size: 12582912
    """
    metadata = image.get("dockerImageMetadata")
    if not isinstance(metadata, Mapping):
        return  # absent or null: nothing is decoded; other types: ITL101
    version = image.get("dockerImageMetadataVersion")
    version = version if isinstance(version, str) and version else "1.0"
    if version not in METADATA_VERSIONS:
        yield Finding(
            "/dockerImageMetadataVersion",
            f'no kind "DockerImage" is registered for version "image.openshift.io/{version}"'
            ' (known versions are "1.0" and "pre012")',
        )
        return
    yield from _check_struct(
        metadata, DOCKER_IMAGE, _FOLDED_IMAGE, "/dockerImageMetadata", "DockerImage"
    )


RULES = (docker_image_metadata,)
