"""Image pull specs and image-API name forms, exactly as the OpenShift API server reads them.

Pure, dependency-free ports, with the server's messages verbatim:

* the ``DockerImage`` pull-spec grammar (catalogue P1-P9): library-go's copy of the old
  docker/distribution reference grammar, ``openshift/library-go:pkg/image/internal/reference/
  {regexp,reference}.go`` (``Parse``), ``pkg/image/internal/digest/{digest,digester}.go``
  (``ParseDigest``) and ``pkg/image/reference/reference.go`` (``Parse``: registry / namespace
  / name split);
* ``openshift/library-go:pkg/image/imageutil/helpers.go``: ``SplitImageStreamTag``,
  ``SplitImageStreamImage``, ``ParseImageStreamTagName``;
* ``openshift/openshift-apiserver:pkg/image/apis/image/validation/validation.go``:
  ``ValidateImageStreamName`` (S1), the ``namespace/name`` length (S2),
  ``spec.dockerImageRepository`` (S11), ``spec.name`` (C2), manifest digest (I3) and media
  type (I4);
* ``openshift/openshift-apiserver:pkg/image/apiserver/registry/imagestream/strategy.go``:
  ``parseFromReference`` (S3, S4, S7).

Result shapes are those of :mod:`imagetag_lint.openshift.apimachinery`: Go functions returning
``[]string`` map to ``list[str]``, field validators to ``list[FieldError]``; the parsers
(:func:`parse_docker_image_reference` and the name splitters) return their result or an
:class:`~imagetag_lint.errors.Invalid` with the server's error text.

Go's RE2 is linear-time, Python's ``re`` backtracks. The grammar patterns are therefore
compiled in equivalent, unambiguous forms (the literal Go patterns are kept in ``GO_*``
constants and the tests check both agree); ``\\w`` and ``[[:xdigit:]]`` are spelled out as the
ASCII classes they are in Go, and ``fullmatch`` stands for Go's ``^...$``.
"""

from __future__ import annotations

import re

from ..errors import Invalid
from ..frozen import NamedTuple
from ..regex import lazy
from .apimachinery import (
    INVALID,
    REQUIRED,
    FieldError,
    go_len,
    go_quote,
    go_to_lower,
    validate_path_segment_name,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__all__ = [
    "DEFAULT_IMAGE_TAG",
    "ERR_DIGEST_INVALID_FORMAT",
    "ERR_DIGEST_INVALID_LENGTH",
    "ERR_DIGEST_UNSUPPORTED",
    "ERR_MANIFEST_DIGEST",
    "ERR_MEDIA_TYPE",
    "ERR_NAME_CONTAINS_UPPERCASE",
    "ERR_NAME_EMPTY",
    "ERR_NAME_TOO_LONG",
    "ERR_REFERENCE_INVALID_FORMAT",
    "FROM_REFERENCE_FORM",
    "GO_DIGEST",
    "GO_IMAGE_DIGEST",
    "GO_MEDIA_TYPE",
    "GO_NAME",
    "GO_REFERENCE",
    "GO_TAG",
    "IMAGE_STREAM_NAME_FMT",
    "IMAGE_TAG_NAME_MISMATCH",
    "NAME_TOTAL_LENGTH_MAX",
    "REPOSITORY_HAS_ID",
    "REPOSITORY_HAS_TAG",
    "DockerImageReference",
    "default_image_tag_spec_name",
    "is_digest_syntax",
    "matches_manifest_digest",
    "parse_digest",
    "parse_docker_image_reference",
    "parse_from_reference",
    "parse_image_stream_tag_name",
    "split_image_stream_image",
    "split_image_stream_tag",
    "validate_docker_image_reference",
    "validate_docker_image_repository",
    "validate_image_stream_name",
    "validate_image_stream_path_length",
    "validate_image_tag_spec_name",
    "validate_manifest_digest",
    "validate_manifest_digest_strict",
    "validate_media_type",
]

# --- the grammar, as Go spells it (reference/regexp.go) ---------------------------------

GO_NAME_COMPONENT: Final = "[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*"
GO_DOMAIN_COMPONENT: Final = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
GO_DOMAIN: Final = GO_DOMAIN_COMPONENT + "(?:\\." + GO_DOMAIN_COMPONENT + ")*(?::[0-9]+)?"
GO_NAME: Final = "(?:" + GO_DOMAIN + "/)?" + GO_NAME_COMPONENT + "(?:/" + GO_NAME_COMPONENT + ")*"
GO_TAG: Final = "[\\w][\\w.-]{0,127}"
GO_DIGEST: Final = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][[:xdigit:]]{32,}"
GO_REFERENCE: Final = "^(" + GO_NAME + ")(?::(" + GO_TAG + "))?(?:@(" + GO_DIGEST + "))?$"
# digest.DigestRegexpAnchored (ParseDigest's own, laxer, syntax check)
GO_PARSE_DIGEST: Final = "^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$"
# validation.go imageDigestRegexp (I3, used unanchored) and imageMediaTypeRegexp (I4)
GO_IMAGE_DIGEST: Final = GO_DIGEST
GO_MEDIA_TYPE: Final = (
    "^ *([A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126})\\/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}) *$"
)

# --- the same languages, in backtracking-safe Python form ---------------------------------

# Separator "[-]*" may be empty, which only glues two alphanumeric runs together: "-+" plus
# the run itself accepts the same strings without the exponential ambiguity.
_COMPONENT: Final = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_HOST_COMPONENT: Final = "[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
_HOST: Final = _HOST_COMPONENT + r"(?:\." + _HOST_COMPONENT + ")*(?::[0-9]+)?"
_NAME: Final = "(?:" + _HOST + "/)?" + _COMPONENT + "(?:/" + _COMPONENT + ")*"
_TAG: Final = "[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}"  # Go's \w is ASCII
_DIGEST: Final = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}"

_REFERENCE_RE: Final = lazy(f"({_NAME})(?::({_TAG}))?(?:@({_DIGEST}))?", re.ASCII)
_DIGEST_RE: Final = lazy(_DIGEST, re.ASCII)
_PARSE_DIGEST_RE: Final = lazy(r"[a-zA-Z0-9_+.\-]+:[a-fA-F0-9]+", re.ASCII)
# Unanchored I3 pattern: any match contains "<letter><digits>:<32 hex>" (the end of the
# last algorithm component) and that is itself a match, so this finds the same strings
# in linear time.
_IMAGE_DIGEST_SEARCH_RE: Final = lazy("[A-Za-z][0-9]*:[0-9A-Fa-f]{32}", re.ASCII)
_MEDIA_TYPE_RE: Final = lazy(
    " *([A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126})/([A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}) *",
    re.ASCII,
)

# --- messages ----------------------------------------------------------------------------

NAME_TOTAL_LENGTH_MAX: Final = 255
ERR_REFERENCE_INVALID_FORMAT: Final = "invalid reference format"
ERR_NAME_CONTAINS_UPPERCASE: Final = "repository name must be lowercase"
ERR_NAME_EMPTY: Final = "repository name must have at least one component"
ERR_NAME_TOO_LONG: Final = (
    f"repository name must not be more than {NAME_TOTAL_LENGTH_MAX} characters"
)
ERR_DIGEST_INVALID_FORMAT: Final = "invalid checksum digest format"
ERR_DIGEST_INVALID_LENGTH: Final = "invalid checksum digest length"
ERR_DIGEST_UNSUPPORTED: Final = "unsupported digest algorithm"
ERR_MANIFEST_DIGEST: Final = "digest does not conform with OCI image specification"
ERR_MEDIA_TYPE: Final = "media type does not conform to RFC6838"
REPOSITORY_HAS_TAG: Final = "the repository name may not contain a tag"
REPOSITORY_HAS_ID: Final = "the repository name may not contain an ID"
IMAGE_TAG_NAME_MISMATCH: Final = "must match image tag name"
FROM_REFERENCE_FORM: Final = "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>"
DEFAULT_IMAGE_TAG: Final = "latest"

# Hex length of each supported algorithm (crypto.Hash.Size() * 2).
_ALGORITHM_HEX_LENGTH: Final = {"sha256": 64, "sha384": 96, "sha512": 128}

# --- pull specs ----------------------------------------------------------------------------


class DockerImageReference(NamedTuple):
    """library-go ``reference.DockerImageReference`` plus the grammar's repository name.

    ``repository`` is ``namedRef.Name()``: the NAME part the grammar matched (host
    included), before library-go splits it into registry, namespace and name.
    """

    registry: str = ""
    namespace: str = ""
    name: str = ""
    tag: str = ""
    id: str = ""
    repository: str = ""

    @property
    def digest(self) -> str:
        """The ``@digest`` part (library-go calls it ``ID``)."""
        return self.id


def parse_digest(value: str) -> str | None:
    """``digest.ParseDigest``: None when valid, else its error text."""
    if not _PARSE_DIGEST_RE.fullmatch(value):
        return ERR_DIGEST_INVALID_FORMAT
    algorithm, _, hex_part = value.partition(":")
    expected = _ALGORITHM_HEX_LENGTH.get(algorithm)
    if expected is None:
        return ERR_DIGEST_UNSUPPORTED
    if len(hex_part) != expected:
        return ERR_DIGEST_INVALID_LENGTH
    return None


def is_digest_syntax(value: str) -> bool:
    """Whether ``value`` is a whole DIGEST of the reference grammar (P6, syntax only)."""
    return _DIGEST_RE.fullmatch(value) is not None


def parse_docker_image_reference(spec: str) -> DockerImageReference | Invalid:
    """library-go ``reference.Parse``: the parsed reference, or the server's error text."""
    match = _REFERENCE_RE.fullmatch(spec)
    if match is None:
        if not spec:
            return Invalid(ERR_NAME_EMPTY)
        if _REFERENCE_RE.fullmatch(go_to_lower(spec)):
            return Invalid(ERR_NAME_CONTAINS_UPPERCASE)
        return Invalid(ERR_REFERENCE_INVALID_FORMAT)
    repository, tag, digest = match.group(1), match.group(2) or "", match.group(3) or ""
    if len(repository) > NAME_TOTAL_LENGTH_MAX:
        return Invalid(ERR_NAME_TOO_LONG)
    if digest:
        error = parse_digest(digest)
        if error is not None:
            return Invalid(error)
    return _split_reference(repository, tag, digest)


def _reference_string(repository: str, tag: str, digest: str) -> str:
    """``String()`` of the reference type ``getBestReferenceType`` picks."""
    return repository + (":" + tag if tag else "") + ("@" + digest if digest else "")


def _split_reference(repository: str, tag: str, digest: str) -> DockerImageReference:
    """The registry / namespace / name split of library-go ``reference.Parse`` (P9)."""
    slash = repository.find("/")
    first = repository[:slash]
    registry_only = slash == -1 and ("." in repository or repository.startswith("localhost"))
    name_only = (slash == -1 and not registry_only) or (
        slash > -1 and ":" not in first and "." not in first and first != "localhost"
    )
    if registry_only:
        # Go stores namedRef.String() here, so a tag or digest stays in the registry text.
        registry, name = _reference_string(repository, tag, digest), ""
    elif name_only:
        registry, name = "", repository
    else:
        registry, name = first, repository[slash + 1 :]
    namespace, sep, rest = name.partition("/")
    if sep:
        name = rest
    else:
        namespace = ""
    return DockerImageReference(
        registry=registry,
        namespace=namespace,
        name=name,
        tag="" if registry_only else tag,
        id=digest,
        repository=repository,
    )


def validate_docker_image_reference(spec: str) -> list[FieldError]:
    """A ``DockerImage`` name field: Required when empty, else Invalid with the parser text.

    (C6 skips the parse of an empty ``from.name``, which C5 already reports as Required.)
    """
    if not spec:
        return [FieldError(REQUIRED, "")]
    parsed = parse_docker_image_reference(spec)
    if isinstance(parsed, Invalid):
        return [FieldError(INVALID, parsed.message)]
    return []


def validate_docker_image_repository(spec: str) -> list[FieldError]:
    """S11 ``spec.dockerImageRepository`` (only checked when non-empty): no tag, no ID."""
    if not spec:
        return []
    parsed = parse_docker_image_reference(spec)
    if isinstance(parsed, Invalid):
        return [FieldError(INVALID, parsed.message)]
    errs: list[FieldError] = []
    if parsed.tag:
        errs.append(FieldError(INVALID, REPOSITORY_HAS_TAG))
    if parsed.id:
        errs.append(FieldError(INVALID, REPOSITORY_HAS_ID))
    return errs


# --- Image manifests (I3, I4) -----------------------------------------------------------------


def matches_manifest_digest(value: str) -> bool:
    """The server's I3 test: the digest pattern found *anywhere* in ``value``."""
    return _IMAGE_DIGEST_SEARCH_RE.search(value) is not None


def validate_manifest_digest(value: str) -> list[FieldError]:
    """I3, as the server checks it (unanchored, any algorithm name, at least 32 hex)."""
    if matches_manifest_digest(value):
        return []
    return [FieldError(INVALID, ERR_MANIFEST_DIGEST)]


def validate_manifest_digest_strict(value: str) -> list[FieldError]:
    """The lint version of I3: a whole ``algorithm:hex`` digest a pull spec would accept.

    Grammar syntax, then ``ParseDigest`` (sha256/64, sha384/96, sha512/128 hex, either
    case); details are the parser's texts.
    """
    if not is_digest_syntax(value):
        return [FieldError(INVALID, ERR_DIGEST_INVALID_FORMAT)]
    error = parse_digest(value)
    return [] if error is None else [FieldError(INVALID, error)]


def validate_media_type(value: str) -> list[FieldError]:
    """I4 (``type/subtype``, optional surrounding spaces, no parameters)."""
    if _MEDIA_TYPE_RE.fullmatch(value):
        return []
    return [FieldError(INVALID, ERR_MEDIA_TYPE)]


# --- image stream names (S1, S2) ------------------------------------------------------------

IMAGE_STREAM_NAME_FMT: Final = "[a-z0-9]+(?:[._-][a-z0-9]+)*"
_IMAGE_STREAM_NAME_RE: Final = lazy(IMAGE_STREAM_NAME_FMT, re.ASCII)


def validate_image_stream_name(name: str, prefix: bool = False) -> list[str]:
    """``ValidateImageStreamName``: path-segment rules first, then the component pattern."""
    reasons = validate_path_segment_name(name, prefix)
    if reasons:
        return reasons
    if not _IMAGE_STREAM_NAME_RE.fullmatch(name):
        return [f"must match {go_quote(IMAGE_STREAM_NAME_FMT)}"]
    return []


def validate_image_stream_path_length(namespace: str, name: str) -> list[FieldError]:
    """S2: ``len(namespace + "/" + name) <= 255`` (bytes), reported at ``metadata.name``."""
    if go_len(namespace + "/" + name) > NAME_TOTAL_LENGTH_MAX:
        detail = f"'namespace/name' cannot be longer than {NAME_TOTAL_LENGTH_MAX} characters"
        return [FieldError(INVALID, detail)]
    return []


# --- ImageStreamTag / ImageStreamImage / ImageTag names ---------------------------------------


def split_image_stream_tag(name_and_tag: str) -> tuple[str, str, bool]:
    """``SplitImageStreamTag``: split at the first ``:``; ``latest`` when the tag is empty.

    ``ok`` is False when there is no ``:`` at all.
    """
    name, sep, tag = name_and_tag.partition(":")
    return name, tag or DEFAULT_IMAGE_TAG, bool(sep)


def split_image_stream_image(name_and_id: str) -> tuple[str, str, bool]:
    """``SplitImageStreamImage``: split at the first ``@``; ``ok`` False without one."""
    name, sep, image_id = name_and_id.partition("@")
    return name, image_id, bool(sep)


def parse_image_stream_tag_name(istag: str) -> tuple[str, str] | Invalid:
    """``ParseImageStreamTagName``: ``(stream, tag)``, or Go's error text.

    Exactly one ``:``, no ``@``, both parts non-empty (what ImageTag GET/PUT/DELETE need).
    """
    if "@" in istag:
        return Invalid(f"{go_quote(istag)} is an image stream image, not an image stream tag")
    segments = istag.split(":")
    if len(segments) != 2:
        return Invalid(f"expected exactly one : delimiter in the istag {go_quote(istag)}")
    name, tag = segments
    if not name or not tag:
        return Invalid(f"image stream tag name {go_quote(istag)} must have a name and a tag")
    return name, tag


def parse_from_reference(kind: str, name: str, stream_name: str) -> tuple[str, str] | Invalid:
    """ISS ``parseFromReference``: ``(stream, tag_or_id)`` or the server's S3/S4/S7 text.

    ``ImageStreamTag`` names split on ``:``, ``ImageStreamImage`` names on ``@``; one part
    means the stream itself (``stream_name``), two mean ``<stream><sep><tag or id>``; more
    parts, or any other kind, fail. Empty parts are not checked here.
    """
    separators = {"ImageStreamTag": ":", "ImageStreamImage": "@"}
    separator = separators.get(kind)
    if separator is None:
        return Invalid(FROM_REFERENCE_FORM)
    parts = name.split(separator)
    if len(parts) == 1:
        return stream_name, name
    if len(parts) == 2:
        return parts[0], parts[1]
    return Invalid(FROM_REFERENCE_FORM)


def default_image_tag_spec_name(metadata_name: str, spec_name: str) -> str:
    """D3 (create only): an empty ``spec.name`` becomes the tag part of ``metadata.name``."""
    if spec_name:
        return spec_name
    return split_image_stream_tag(metadata_name)[1]


def validate_image_tag_spec_name(metadata_name: str, spec_name: str) -> list[FieldError]:
    """C2/U5: ``metadata.name`` has a ``:`` and ``spec.name`` equals the tag part.

    Pass ``spec.name`` after D3 defaulting on create, as sent on update.
    """
    _, tag, ok = split_image_stream_tag(metadata_name)
    if not ok or spec_name != tag:
        return [FieldError(INVALID, IMAGE_TAG_NAME_MISMATCH)]
    return []
