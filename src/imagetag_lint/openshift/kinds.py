"""Which documents are linted, and as which API type.

A document is linted when its ``apiVersion`` and ``kind`` name a supported
type; wrappers are expanded into the objects they hold: ``List`` and the
``*List`` kinds through ``items``, OpenShift ``Template``s through ``objects``
(whose values may hold ``${PARAM}`` placeholders, see
:mod:`imagetag_lint.openshift.template_parameters`); an object in a Template
carries the names of the parameters the Template declares.
An item of a typed list (``ImageStreamList``, ``ImageTagList``) with neither
``apiVersion`` nor ``kind`` is linted as the list's kind, as kubectl creates it
(catalogue K7).

Anything else (a Deployment, an ``ImageTagMirrorSet``, a kustomize
``ImageTag`` of another group, a ``config.openshift.io`` ``Image``) is skipped
without a finding, unless its header shows it is meant for the image API and
kubectl would refuse it: ``header_problems`` finds those (catalogue K4, K5), for
documents and for the items of lists alike.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..diagnostics import Finding
from ..errors import Invalid
from ..frozen import NamedTuple
from ..pointers import join_pointer
from .apimachinery import go_quote
from .decoded import MAPPINGS

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

IMAGE_V1 = "image.openshift.io/v1"
TEMPLATE_V1 = "template.openshift.io/v1"
# Before API groups, OpenShift served its types as ``v1``; servers still accept it.
LEGACY_V1 = "v1"

# The image kinds, each the API type of the same name.
IMAGE_KINDS = ("ImageTag", "ImageStream", "ImageStreamTag", "ImageStreamImport", "Image")
# ImageTag is newer than the legacy group-less API: ``v1`` never served it.
LEGACY_KINDS = ("ImageStream", "ImageStreamTag", "ImageStreamImport", "Image")

# (apiVersion, kind) -> the API type whose schema and rules apply.
ROOT_TYPES: Mapping[tuple[str, str], str] = {
    **{(IMAGE_V1, kind): kind for kind in IMAGE_KINDS},
    **{(LEGACY_V1, kind): kind for kind in LEGACY_KINDS},
}
# Wrappers whose ``items`` are objects of their own.
LIST_KINDS: frozenset[tuple[str, str]] = frozenset(
    {
        (LEGACY_V1, "List"),
        (IMAGE_V1, "ImageTagList"),
        (IMAGE_V1, "ImageStreamList"),
        (LEGACY_V1, "ImageStreamList"),
    }
)
# Wrappers whose ``objects`` are objects of their own, with parameter placeholders.
TEMPLATE_KINDS: frozenset[tuple[str, str]] = frozenset(
    {(TEMPLATE_V1, "Template"), (LEGACY_V1, "Template")}
)
SUPPORTED_KINDS: frozenset[str] = frozenset(kind for _, kind in ROOT_TYPES)

IMAGE_GROUP = "image.openshift.io"
# Every kind discovery lists for image.openshift.io/v1, linted or not (each has a <Kind>List).
KNOWN_IMAGE_KINDS: frozenset[str] = frozenset(
    {*IMAGE_KINDS, "ImageSignature", "ImageStreamMapping", "ImageStreamImage"}
    | {"ImageStreamLayers", "SecretList"}
)
# Kinds of the legacy ``v1`` (core and OpenShift 3) within an edit or two of ours: not typos.
KNOWN_LEGACY_KINDS: frozenset[str] = frozenset(
    {*LEGACY_KINDS, "ImageSignature", "ImageStreamMapping", "ImageStreamImage"}
)


class Target(NamedTuple):
    """One object to lint: where it sits in its document and which type it is."""

    pointer: str
    type_name: str
    obj: Mapping[str, Any]
    templated: bool = False  # inside a Template: values may hold ${PARAM} placeholders
    # Inside a Template: the parameters it declares; None outside one, or when they are unreadable.
    parameters: frozenset[str] | None = None


def parse_kinds(text: str) -> frozenset[str] | Invalid:
    """``--kinds ImageStream,Image``: the kinds, or why the list names none or an unknown one."""
    names = [name.strip() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in SUPPORTED_KINDS]
    if unknown:
        return Invalid(f"unknown kind {unknown[0]!r} (known: {', '.join(IMAGE_KINDS)})")
    if not names:
        return Invalid(f"no kinds given (known: {', '.join(IMAGE_KINDS)})")
    return frozenset(names)


def root_type(obj: Any, kinds: frozenset[str] | None = None) -> str | None:
    key = _group_version_kind(obj)
    found = ROOT_TYPES.get(key) if key is not None else None
    if found is None or (kinds is not None and key is not None and key[1] not in kinds):
        return None
    return found


def _group_version_kind(obj: Any) -> tuple[str, str] | None:
    if not isinstance(obj, MAPPINGS):
        return None
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    if isinstance(api_version, str) and isinstance(kind, str):
        return api_version, kind
    return None


def targets(
    data: Any,
    kinds: frozenset[str] | None = None,
    pointer: str = "",
    templated: bool = False,
    parameters: frozenset[str] | None = None,
) -> Iterator[Target]:
    """Every object of a supported kind in one document, wrapped ones included."""
    if not isinstance(data, MAPPINGS):
        return
    found = root_type(data, kinds)
    if found is not None:
        yield Target(pointer, found, data, templated, parameters)
        return
    key = _group_version_kind(data)
    if key in LIST_KINDS:
        for at, member in _members(data, "items", pointer):
            item_type = _list_item_type(key, member)
            if item_type is not None:  # K7: a typed list's item without a header
                if kinds is None or item_type in kinds:
                    yield Target(at, item_type, member, templated, parameters)
            else:
                yield from targets(member, kinds, at, templated, parameters)
    elif key in TEMPLATE_KINDS:
        from .template_parameters import declared_parameters

        declared = declared_parameters(data)
        if templated:  # a Template in a Template: the outer one substitutes first
            declared = None if declared is None or parameters is None else declared | parameters
        for at, member in _members(data, "objects", pointer):
            yield from targets(member, kinds, at, True, declared)


def _members(data: Mapping[str, Any], field: str, pointer: str) -> Iterator[tuple[str, Any]]:
    members = data.get(field)
    if isinstance(members, list):
        for index, member in enumerate(members):
            yield join_pointer(pointer, field, index), member


def _list_item_type(key: tuple[str, str] | None, item: Any) -> str | None:
    """K7: the type of a typed list's item that has neither ``apiVersion`` nor ``kind``.

    apimachinery's unstructured list decoding gives such an item the list's
    ``apiVersion`` and its kind without ``List``; a plain ``List`` gives it nothing.
    """
    if key is None or key[1] == "List" or not isinstance(item, Mapping):
        return None
    if _text(item.get("apiVersion")) or _text(item.get("kind")):
        return None
    return ROOT_TYPES.get((key[0], key[1].removesuffix("List")))


def _text(value: Any) -> str:
    """A header field as apimachinery reads it: anything but a string is ``""``."""
    return value if isinstance(value, str) else ""


def skip_reason(data: Any, kinds: frozenset[str] | None = None) -> str:
    """Why a document is not linted: one in which ``targets`` and ``header_problems``
    found nothing (what ``--verbose`` says of it)."""
    if not isinstance(data, MAPPINGS):
        shape = "a list" if isinstance(data, list) else "a scalar" if data is not None else "null"
        return f"not a Kubernetes object ({shape}, not a mapping)"
    kind = data.get("kind")
    if not isinstance(kind, str):
        shown = "no kind" if kind is None else f"kind is {_shown(kind)}, not a string"
        return f"not a Kubernetes object ({shown})"
    if not kind:
        return "not a Kubernetes object (no kind)"
    api_version = data.get("apiVersion")
    header = f"kind {go_quote(kind)} ({api_version if _text(api_version) else 'no apiVersion'})"
    key = _group_version_kind(data)
    if kinds is not None and (key in ROOT_TYPES or _header_problem(data) is not None):
        return f"{header} is not among the kinds this run lints"
    if key in LIST_KINDS or key in TEMPLATE_KINDS:
        held = "no image API object" if kinds is None else "no object of a kind this run lints"
        return f"{header} holds {held}"
    if key is not None and _image_api_kind(*key):
        return f"{header} is an image API kind that is not linted"
    return f"{header} is not an image API kind"


def _image_api_kind(api_version: str, kind: str) -> bool:
    """A kind the image API serves (its lists included) that is not linted: ImageSignature, ..."""
    plain = kind.removesuffix("List")
    if api_version == IMAGE_V1:
        return plain in KNOWN_IMAGE_KINDS
    return api_version == LEGACY_V1 and plain in KNOWN_LEGACY_KINDS


# --- documents meant for the image API that kubectl refuses (K4, K5) ----------------------


def header_problems(
    data: Any, kinds: frozenset[str] | None = None, pointer: str = ""
) -> Iterator[tuple[str, Finding]]:
    """Where an object meant for the image API has a header kubectl refuses, and why.

    Yields (the object's pointer, a finding relative to it) for the document and
    for the items of the lists ``targets`` opens. An object is meant for us when
    its group is ``image.openshift.io`` or a near miss of it, when its kind is one
    of ours with a missing or wrong ``apiVersion``, or when its kind is a near
    miss of one of ours (a case difference, a plural, an edit or two) under
    ``image.openshift.io/v1`` or the legacy ``v1``. Look-alikes of other groups
    (``config.openshift.io`` ``Image``, kpack's ``Image``, ``ImageTagMirrorSet``)
    are not. With ``kinds``, only problems about one of those kinds are reported.
    """
    if not isinstance(data, MAPPINGS) or root_type(data) is not None:
        return
    key = _group_version_kind(data)
    if key in LIST_KINDS:
        for at, member in _members(data, "items", pointer):
            if _list_item_type(key, member) is None:
                yield from header_problems(member, kinds, at)
        return
    if key in TEMPLATE_KINDS or isinstance(data.get("items"), list):
        return  # kubectl flattens anything with items; Template objects are oc process's
    found = _header_problem(data)
    if found is not None and (kinds is None or found[0] in kinds):
        yield pointer, found[1]


def _header_problem(obj: Mapping[str, Any]) -> tuple[str | None, Finding] | None:
    """(the kind meant, the finding) for an object that is not a target; None if not ours."""
    api_version, kind = obj.get("apiVersion"), obj.get("kind")
    kind_text = _text(kind)
    if not isinstance(api_version, str) or not api_version:
        return _missing_api_version(obj, kind_text)
    group, _, version = api_version.rpartition("/")
    if not group and "." in version:  # ``image.openshift.io``: a group with no version
        group, version = version, ""
    ours = _near(group, (IMAGE_GROUP,)) is not None
    if not kind_text:
        if not ours:
            return None
        shown = f" (kind is {_shown(kind)}, not a string)" if "kind" in obj else ""
        return None, Finding("/kind" if "kind" in obj else "/apiVersion", _K5 + shown, server="K5")
    meant_kind = _kind_meant(kind_text, IMAGE_KINDS)
    if group == IMAGE_GROUP and version == "v1":
        if kind_text in KNOWN_IMAGE_KINDS or kind_text.removesuffix("List") in KNOWN_IMAGE_KINDS:
            return None
        return _unknown_kind(api_version, kind_text, IMAGE_KINDS)
    if api_version == LEGACY_V1:
        if kind_text == "ImageTag":
            why = ": the legacy group-less v1 never served ImageTag"
            return kind_text, _wrong_api_version(api_version, kind_text, why)
        if kind_text in KNOWN_LEGACY_KINDS or meant_kind is None:
            return None  # one of the many other v1 kinds
        return _unknown_kind(api_version, kind_text, (*LEGACY_KINDS, "ImageTag"))
    if ours or (not group and kind_text in IMAGE_KINDS):
        # A near miss of the group, or an unknown version of it or of the legacy API.
        return meant_kind or kind_text, _wrong_api_version(api_version, kind_text)
    return None


_K5 = "Object 'Kind' is missing"
_MEAN_IMAGE_V1 = f" (did you mean {go_quote(IMAGE_V1)}?)"


def _no_matches(api_version: str, kind: str) -> str:
    return f"no matches for kind {go_quote(kind)} in version {go_quote(api_version)}"


def _unknown_kind(
    api_version: str, kind: str, choices: tuple[str, ...]
) -> tuple[str | None, Finding]:
    meant = _kind_meant(kind, choices)
    hint = f" (did you mean {go_quote(meant)}?)" if meant is not None else ""
    return meant, Finding("/kind", _no_matches(api_version, kind) + hint, server="K4")


def _wrong_api_version(api_version: str, kind: str, why: str = "") -> Finding:
    message = f"{_no_matches(api_version, kind)}{why}{_MEAN_IMAGE_V1}"
    return Finding("/apiVersion", message, server="K4")


def _missing_api_version(obj: Mapping[str, Any], kind: str) -> tuple[str | None, Finding] | None:
    """One of our kinds without a string ``apiVersion``: no key, a misspelt key, or no text.

    Without any ``apiVersion`` key, only a document with ``metadata`` counts as an
    object: other YAML files (a UI's view definitions) say ``kind: Image`` too.
    """
    if kind not in IMAGE_KINDS:
        return None
    message = _no_matches(_text(obj.get("apiVersion")), kind)
    if "apiVersion" in obj:
        shown = _shown(obj["apiVersion"])
        text = f"{message}: apiVersion is {shown}{_MEAN_IMAGE_V1}"
        return kind, Finding("/apiVersion", text, server="K4")
    misspelt = [k for k in obj if isinstance(k, str) and _near_key(k)]
    if len(misspelt) == 1:
        hint = f" (did you mean {go_quote('apiVersion')}?)"
        text = f"{message}: the key {go_quote(misspelt[0])} is not apiVersion{hint}"
        return kind, Finding(join_pointer("", misspelt[0]), text, "key", server="K4")
    if not isinstance(obj.get("metadata"), Mapping):
        return None
    text = f"{message}: apiVersion is missing{_MEAN_IMAGE_V1}"
    return kind, Finding("/kind", text, "key", server="K4")


def _shown(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, str):
        return go_quote(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return "a " + ("mapping" if isinstance(value, Mapping) else "list")


def _near_key(key: str) -> bool:
    """A key that is ``apiVersion`` misspelt: another case, ``_``/``-``, an edit or two."""
    plain = key.lower().replace("_", "").replace("-", "")
    return key != "apiVersion" and _distance(plain, "apiversion") <= 2


def _kind_meant(kind: str, choices: tuple[str, ...]) -> str | None:
    """The one of ``choices`` ``kind`` is a near miss of: case, plural, or an edit or two."""
    plural = kind[:-1] if kind.lower().endswith("s") else kind
    for candidate in (kind, plural, kind.removesuffix("es")):
        same = [choice for choice in choices if choice.lower() == candidate.lower()]
        if same and same[0] != kind:
            return same[0]
    return _near(kind, choices)


def _near(value: str, choices: tuple[str, ...]) -> str | None:
    """The unique choice within two edits of ``value`` (ignoring case); None on a tie."""
    scored = sorted((_distance(value.lower(), c.lower()), c) for c in choices)
    if not scored or scored[0][0] > 2:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None
    return scored[0][1]


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from ``a`` to ``b``."""
    if abs(len(a) - len(b)) > 2:
        return 3  # more than we ever call near
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            row.append(cost)
        previous2, previous = previous, row
    return previous[-1]
