"""Tests for imagetag_lint.openshift.pullspec: the server's pull-spec grammar and image name forms.

Expected values come from the catalogue (P1-P9, C2, S1-S4, S7, S11, I3, I4) and from
library-go's own ``pkg/image/reference/reference_test.go`` table.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from imagetag_lint.errors import Invalid
from imagetag_lint.openshift.apimachinery import INVALID, REQUIRED, FieldError
from imagetag_lint.openshift.pullspec import (
    GO_IMAGE_DIGEST,
    GO_REFERENCE,
    DockerImageReference,
    default_image_tag_spec_name,
    is_digest_syntax,
    matches_manifest_digest,
    parse_digest,
    parse_docker_image_reference,
    parse_from_reference,
    parse_image_stream_tag_name,
    split_image_stream_image,
    split_image_stream_tag,
    validate_docker_image_reference,
    validate_docker_image_repository,
    validate_image_stream_name,
    validate_image_stream_path_length,
    validate_image_tag_spec_name,
    validate_manifest_digest,
    validate_manifest_digest_strict,
    validate_media_type,
)

H64 = "3c87c572822935df60f0f5d3665bd376841a7fcfeb806b5f212de6a00e9a7b25"
SHA = "sha256:" + H64
INVALID_FORMAT = "invalid reference format"
LOWERCASE = "repository name must be lowercase"
TOO_LONG = "repository name must not be more than 255 characters"
EMPTY = "repository name must have at least one component"
UNSUPPORTED = "unsupported digest algorithm"
BAD_LENGTH = "invalid checksum digest length"
BAD_FORMAT = "invalid checksum digest format"


def ref(
    registry: str = "",
    namespace: str = "",
    name: str = "",
    tag: str = "",
    id: str = "",  # library-go's field name
    repository: str = "",
) -> DockerImageReference:
    return DockerImageReference(registry, namespace, name, tag, id, repository)


# --- parse: accepted specs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        # library-go reference_test.go
        pytest.param("foo", ref(name="foo", repository="foo"), id="name"),
        pytest.param("foo:tag", ref(name="foo", tag="tag", repository="foo"), id="name-tag"),
        pytest.param(SHA, ref(name="sha256", tag=H64, repository="sha256"), id="sha-as-tag"),
        pytest.param("foo@" + SHA, ref(name="foo", id=SHA, repository="foo"), id="name-digest"),
        pytest.param("bar/foo", ref(namespace="bar", name="foo", repository="bar/foo"), id="ns"),
        pytest.param(
            "bar/foo:tag",
            ref(namespace="bar", name="foo", tag="tag", repository="bar/foo"),
            id="ns-tag",
        ),
        pytest.param(
            "bar/foo/baz",
            ref(namespace="bar", name="foo/baz", repository="bar/foo/baz"),
            id="ns-two-components",
        ),
        pytest.param(
            "bar/foo/baz/biz",
            ref(namespace="bar", name="foo/baz/biz", repository="bar/foo/baz/biz"),
            id="ns-three-components",
        ),
        pytest.param(
            "bar:5000/foo/baz",
            ref(registry="bar:5000", namespace="foo", name="baz", repository="bar:5000/foo/baz"),
            id="registry-port-ns",
        ),
        pytest.param(
            "bar:5000/baz",
            ref(registry="bar:5000", name="baz", repository="bar:5000/baz"),
            id="registry-port",
        ),
        pytest.param(
            "bar:5000/foo/baz@" + SHA,
            ref("bar:5000", "foo", "baz", "", SHA, "bar:5000/foo/baz"),
            id="registry-port-digest",
        ),
        pytest.param(
            "myregistry.io/foo",
            ref(registry="myregistry.io", name="foo", repository="myregistry.io/foo"),
            id="registry-dot",
        ),
        pytest.param(
            "localhost/bar",
            ref(registry="localhost", name="bar", repository="localhost/bar"),
            id="registry-localhost",
        ),
        pytest.param(
            "docker.io/user/project/myapp",
            ref("docker.io", "user", "project/myapp", "", "", "docker.io/user/project/myapp"),
            id="docker-io-deep",
        ),
        pytest.param(
            "localhostfoo/bar",
            ref(namespace="localhostfoo", name="bar", repository="localhostfoo/bar"),
            id="localhost-prefix-first-segment-is-namespace",
        ),
        # P9: registry-only names
        pytest.param("quay.io", ref(registry="quay.io", repository="quay.io"), id="quay-io"),
        pytest.param(
            "localhost", ref(registry="localhost", repository="localhost"), id="localhost"
        ),
        pytest.param(
            "localhost:5000",
            ref(registry="localhost:5000", repository="localhost"),
            id="localhost-port-is-name-plus-tag",
        ),
        pytest.param(
            "localhost123",
            ref(registry="localhost123", repository="localhost123"),
            id="localhost-prefix-registry-only",
        ),
        pytest.param(
            "quay.io:tag",
            ref(registry="quay.io:tag", repository="quay.io"),
            id="registry-only-keeps-tag-in-registry",
        ),
        pytest.param(
            "quay.io@" + SHA,
            ref(registry="quay.io@" + SHA, id=SHA, repository="quay.io"),
            id="registry-only-digest",
        ),
        pytest.param(
            "quay.io/org",
            ref(registry="quay.io", name="org", repository="quay.io/org"),
            id="quay-io-org",
        ),
        # host may be upper case, components may not
        pytest.param(
            "Quay.io/a", ref(registry="Quay.io", name="a", repository="Quay.io/a"), id="upper-host"
        ),
        pytest.param(
            "Foo/bar",
            ref(namespace="Foo", name="bar", repository="Foo/bar"),
            id="upper-host-without-dot-splits-as-namespace",
        ),
        # P4 separators
        pytest.param("a---b", ref(name="a---b", repository="a---b"), id="many-dashes"),
        pytest.param("a__b", ref(name="a__b", repository="a__b"), id="double-underscore"),
        pytest.param("a.b_c-d", ref(registry="a.b_c-d", repository="a.b_c-d"), id="dot-registry"),
        # P5 tags
        pytest.param(
            "foo:" + "t" * 128, ref(name="foo", tag="t" * 128, repository="foo"), id="tag-128"
        ),
        pytest.param("foo:_x", ref(name="foo", tag="_x", repository="foo"), id="tag-underscore"),
        pytest.param("foo:V1.0-a", ref(name="foo", tag="V1.0-a", repository="foo"), id="tag-mixed"),
        # P6 digests: upper-case hex, tag and digest together, sha384 and sha512
        pytest.param(
            "a:b@sha256:" + H64.upper(),
            ref(name="a", tag="b", id="sha256:" + H64.upper(), repository="a"),
            id="tag-and-upper-digest",
        ),
        pytest.param(
            "a@sha384:" + "a" * 96,
            ref(name="a", id="sha384:" + "a" * 96, repository="a"),
            id="sha384",
        ),
        pytest.param(
            "a@sha512:" + "F" * 128,
            ref(name="a", id="sha512:" + "F" * 128, repository="a"),
            id="sha512",
        ),
    ],
)
def test_parse_accepts(spec: str, expected: DockerImageReference) -> None:
    assert parse_docker_image_reference(spec) == expected


def test_digest_property_is_id() -> None:
    parsed = parse_docker_image_reference("foo@" + SHA)
    assert isinstance(parsed, DockerImageReference)
    assert parsed.digest == SHA


@pytest.mark.parametrize(
    "spec",
    [
        pytest.param(f"bar:5000/{'a' * 63}/{'b' * 182}:tag", id="registry-ns-name-255"),
        pytest.param(f"docker.io/library/{'b' * 231}:tag", id="docker-io-255"),
        pytest.param("a" * 255, id="name-255"),
    ],
)
def test_parse_accepts_255(spec: str) -> None:
    assert isinstance(parse_docker_image_reference(spec), DockerImageReference)


# --- parse: rejected specs ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        pytest.param("", EMPTY, id="empty"),
        pytest.param("a___b", INVALID_FORMAT, id="triple-underscore"),
        pytest.param("a//b", INVALID_FORMAT, id="double-slash"),
        pytest.param("a.-b", INVALID_FORMAT, id="dot-dash"),
        pytest.param("-a", INVALID_FORMAT, id="leading-dash"),
        pytest.param("a-", INVALID_FORMAT, id="trailing-dash"),
        pytest.param("foo@sha256:abc", INVALID_FORMAT, id="short-digest"),
        pytest.param("index.docker.io/mysql@sha256:bad", INVALID_FORMAT, id="bad-digest"),
        pytest.param("abc@badid", INVALID_FORMAT, id="bad-id"),
        pytest.param("@" + SHA, INVALID_FORMAT, id="digest-only"),
        pytest.param(":tag", INVALID_FORMAT, id="tag-only"),
        pytest.param("foo:", INVALID_FORMAT, id="empty-tag"),
        pytest.param("foo:a:b", INVALID_FORMAT, id="two-colons"),
        pytest.param("foo:.a", INVALID_FORMAT, id="tag-leading-dot"),
        pytest.param("foo:-a", INVALID_FORMAT, id="tag-leading-dash"),
        pytest.param("foo:" + "t" * 129, INVALID_FORMAT, id="tag-129"),
        pytest.param("foo:t\u00e9", INVALID_FORMAT, id="tag-non-ascii-word"),
        pytest.param("http://x", INVALID_FORMAT, id="http-scheme"),
        pytest.param("https://bar:5000/foo/baz", INVALID_FORMAT, id="https-scheme"),
        pytest.param("ftp://baz/baz/biz", INVALID_FORMAT, id="ftp-scheme"),
        pytest.param("registry.io/foo/bar/:Tag", INVALID_FORMAT, id="trailing-slash"),
        pytest.param("bar/foo/baz////biz", INVALID_FORMAT, id="slashes"),
        pytest.param("//foo/baz/biz", INVALID_FORMAT, id="leading-slashes"),
        pytest.param("foo ", INVALID_FORMAT, id="trailing-space"),
        pytest.param("foo\n", INVALID_FORMAT, id="trailing-newline"),
        pytest.param("a b", INVALID_FORMAT, id="space"),
        pytest.param("-Foo", INVALID_FORMAT, id="upper-but-invalid-anyway"),
        pytest.param("FOO", LOWERCASE, id="upper-name"),
        pytest.param("foo/Bar", LOWERCASE, id="upper-path-component"),
        pytest.param("registry:3000/integration/imageStream:success", LOWERCASE, id="lib-go-upper"),
        pytest.param("\u212aey", LOWERCASE, id="kelvin-sign-lowercases-to-k"),
        pytest.param("\u0130mage", LOWERCASE, id="dotted-capital-i-go-simple-lowercase"),
        pytest.param("a" * 256, TOO_LONG, id="name-256"),
        pytest.param(f"bar:5000/{'a' * 63}/{'b' * 183}:tag", TOO_LONG, id="registry-ns-name-256"),
        pytest.param(f"docker.io/{'b' * 246}:tag", TOO_LONG, id="docker-io-256"),
        pytest.param("A" * 256, LOWERCASE, id="upper-checked-before-length"),
        pytest.param(
            "registry:5000/integration/test-image-stream@sha256:" + "0" * 31 + "1",
            BAD_LENGTH,
            id="sha256-32-hex",
        ),
        pytest.param("foo@md5:" + "a" * 32, UNSUPPORTED, id="md5"),
        pytest.param("foo@SHA256:" + H64, UNSUPPORTED, id="algorithm-upper-case"),
        pytest.param("foo@sha256+b64:" + H64, UNSUPPORTED, id="algorithm-with-separator"),
        pytest.param("foo@sha256:" + H64 + "0", BAD_LENGTH, id="sha256-65"),
        pytest.param("foo@sha512:" + H64, BAD_LENGTH, id="sha512-64"),
        pytest.param("foo@sha384:" + "a" * 64, BAD_LENGTH, id="sha384-64"),
    ],
)
def test_parse_rejects(spec: str, message: str) -> None:
    assert parse_docker_image_reference(spec) == Invalid(message)


def test_parse_is_linear_on_pathological_input() -> None:
    # The literal Go component pattern would backtrack exponentially on this in Python.
    assert parse_docker_image_reference("a" * 5000 + "!") == Invalid(INVALID_FORMAT)
    assert parse_docker_image_reference("a-" * 3000 + "!") == Invalid(INVALID_FORMAT)


# --- digests ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(SHA, None, id="sha256"),
        pytest.param("sha256:" + H64.upper(), None, id="sha256-upper-hex"),
        pytest.param("sha384:" + "0" * 96, None, id="sha384"),
        pytest.param("sha512:" + "0" * 128, None, id="sha512"),
        pytest.param("sha256:", BAD_FORMAT, id="no-hex"),
        pytest.param("sha256", BAD_FORMAT, id="no-colon"),
        pytest.param("sha256:xyz", BAD_FORMAT, id="not-hex"),
        pytest.param("sha 256:" + H64, BAD_FORMAT, id="space-in-algorithm"),
        pytest.param("sha256:" + H64 + "\n", BAD_FORMAT, id="trailing-newline"),
        pytest.param("md5:" + "a" * 32, UNSUPPORTED, id="md5"),
        pytest.param("1-_+.:" + "a" * 3, UNSUPPORTED, id="lax-algorithm-syntax"),
        pytest.param("sha256:abc", BAD_LENGTH, id="short"),
    ],
)
def test_parse_digest(value: str, expected: str | None) -> None:
    assert parse_digest(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(SHA, True, id="sha256"),
        pytest.param("md5:" + "a" * 32, True, id="md5-32"),
        pytest.param("a.b+c_d-e:" + "A" * 32, True, id="separators"),
        pytest.param("sha256:abc", False, id="short"),
        pytest.param("1sha:" + "a" * 32, False, id="digit-first"),
        pytest.param("sha..x:" + "a" * 32, False, id="double-separator"),
        pytest.param("x " + SHA, False, id="anchored"),
    ],
)
def test_is_digest_syntax(value: str, expected: bool) -> None:
    assert is_digest_syntax(value) is expected


# --- I3 / I4 --------------------------------------------------------------------------------

BAD_MANIFEST_DIGEST = [FieldError(INVALID, "digest does not conform with OCI image specification")]


@pytest.mark.parametrize(
    ("value", "server_ok", "strict"),
    [
        pytest.param(SHA, True, [], id="sha256"),
        pytest.param("sha512:" + "a" * 128, True, [], id="sha512"),
        pytest.param("md5:" + "a" * 32, True, [FieldError(INVALID, UNSUPPORTED)], id="md5"),
        pytest.param(
            "x sha256:" + "a" * 32 + " y",
            True,
            [FieldError(INVALID, BAD_FORMAT)],
            id="unanchored-with-text",
        ),
        pytest.param(
            "sha256:" + "a" * 32, True, [FieldError(INVALID, BAD_LENGTH)], id="sha256-32-hex"
        ),
        pytest.param("abc", False, [FieldError(INVALID, BAD_FORMAT)], id="abc"),
        pytest.param("", False, [FieldError(INVALID, BAD_FORMAT)], id="empty"),
        pytest.param("sha256:" + "a" * 31, False, [FieldError(INVALID, BAD_FORMAT)], id="31-hex"),
        pytest.param(
            "1:" + "a" * 32, False, [FieldError(INVALID, BAD_FORMAT)], id="digit-algorithm"
        ),
        pytest.param(
            "x1:" + "a" * 32, True, [FieldError(INVALID, UNSUPPORTED)], id="letter-digit-algorithm"
        ),
        pytest.param("-" + SHA, True, [FieldError(INVALID, BAD_FORMAT)], id="leading-junk"),
    ],
)
def test_manifest_digest(value: str, server_ok: bool, strict: list[FieldError]) -> None:
    assert matches_manifest_digest(value) is server_ok
    assert validate_manifest_digest(value) == ([] if server_ok else BAD_MANIFEST_DIGEST)
    assert validate_manifest_digest_strict(value) == strict


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        pytest.param("application/vnd.oci.image.manifest.v1+json", True, id="oci-manifest"),
        pytest.param("application/vnd.docker.distribution.manifest.v2+json", True, id="docker-v2"),
        pytest.param("foo/bar", True, id="simple"),
        pytest.param("  foo/bar  ", True, id="surrounding-spaces"),
        pytest.param("Foo!#$&^_-/B.+-", True, id="all-allowed-characters"),
        pytest.param("a" * 127 + "/" + "b" * 127, True, id="127-each"),
        pytest.param("a" * 128 + "/b", False, id="type-128"),
        pytest.param("a/" + "b" * 128, False, id="subtype-128"),
        pytest.param("foobar", False, id="no-slash"),
        pytest.param("application/json; charset=utf-8", False, id="parameters"),
        pytest.param("*/*", False, id="wildcard"),
        pytest.param("a.b/c", False, id="dot-in-type"),
        pytest.param("a/+c", False, id="subtype-starts-with-plus"),
        pytest.param("a/b\n", False, id="trailing-newline"),
        pytest.param("\ta/b", False, id="tab"),
        pytest.param("", False, id="empty"),
    ],
)
def test_media_type(value: str, ok: bool) -> None:
    expected = [] if ok else [FieldError(INVALID, "media type does not conform to RFC6838")]
    assert validate_media_type(value) == expected


# --- field validators ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("", [FieldError(REQUIRED, "")], id="empty"),
        pytest.param("quay.io/a/b:1", [], id="valid"),
        pytest.param("Foo", [FieldError(INVALID, LOWERCASE)], id="upper"),
        pytest.param("x@md5:" + "a" * 32, [FieldError(INVALID, UNSUPPORTED)], id="md5"),
    ],
)
def test_validate_docker_image_reference(spec: str, expected: list[FieldError]) -> None:
    assert validate_docker_image_reference(spec) == expected


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param("", [], id="empty-not-checked"),
        pytest.param("quay.io/a/b", [], id="repository"),
        pytest.param(
            "quay.io/a/b:1",
            [FieldError(INVALID, "the repository name may not contain a tag")],
            id="tag",
        ),
        pytest.param(
            "a:1@" + SHA,
            [
                FieldError(INVALID, "the repository name may not contain a tag"),
                FieldError(INVALID, "the repository name may not contain an ID"),
            ],
            id="tag-and-id",
        ),
        pytest.param("quay.io:1", [], id="registry-only-tag-is-not-a-tag"),
        pytest.param("a b", [FieldError(INVALID, INVALID_FORMAT)], id="invalid"),
    ],
)
def test_validate_docker_image_repository(spec: str, expected: list[FieldError]) -> None:
    assert validate_docker_image_repository(spec) == expected


# --- image stream names (S1, S2) ----------------------------------------------------------

STREAM_PATTERN = 'must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"'


@pytest.mark.parametrize(
    ("name", "prefix", "expected"),
    [
        pytest.param("ruby", False, [], id="simple"),
        pytest.param("a.b_c-d", False, [], id="separators"),
        pytest.param("a" * 300, False, [], id="no-length-limit-here"),
        pytest.param("Ruby", False, [STREAM_PATTERN], id="upper"),
        pytest.param("a__b", False, [STREAM_PATTERN], id="double-underscore"),
        pytest.param("a.-b", False, [STREAM_PATTERN], id="dot-dash"),
        pytest.param("a-", False, [STREAM_PATTERN], id="trailing-dash"),
        pytest.param("-a", False, [STREAM_PATTERN], id="leading-dash"),
        pytest.param("a\n", False, [STREAM_PATTERN], id="trailing-newline"),
        pytest.param("", False, [STREAM_PATTERN], id="empty"),
        pytest.param(".", False, ["may not be '.'"], id="dot"),
        pytest.param("..", False, ["may not be '..'"], id="dot-dot"),
        pytest.param("a/b%", False, ["may not contain '/'", "may not contain '%'"], id="both"),
        pytest.param("a%", False, ["may not contain '%'"], id="percent"),
        pytest.param("..", True, [STREAM_PATTERN], id="prefix-skips-exact-names"),
        pytest.param("a/", True, ["may not contain '/'"], id="prefix-slash"),
        pytest.param("foo-", True, [STREAM_PATTERN], id="prefix-still-needs-pattern"),
    ],
)
def test_validate_image_stream_name(name: str, prefix: bool, expected: list[str]) -> None:
    assert validate_image_stream_name(name, prefix) == expected


@pytest.mark.parametrize(
    ("namespace", "name", "ok"),
    [
        pytest.param("ns", "a" * 252, True, id="255"),
        pytest.param("ns", "a" * 253, False, id="256"),
        pytest.param("ns", "\u00e9" * 126, True, id="255-bytes"),
        pytest.param("nsx", "\u00e9" * 126, False, id="256-bytes"),
    ],
)
def test_validate_image_stream_path_length(namespace: str, name: str, ok: bool) -> None:
    message = "'namespace/name' cannot be longer than 255 characters"
    expected = [] if ok else [FieldError(INVALID, message)]
    assert validate_image_stream_path_length(namespace, name) == expected


# --- ImageStreamTag / ImageTag name forms -------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("foo:bar", ("foo", "bar", True), id="plain"),
        pytest.param("foo", ("foo", "latest", False), id="no-colon"),
        pytest.param("foo:", ("foo", "latest", True), id="empty-tag"),
        pytest.param("foo:a:b", ("foo", "a:b", True), id="first-colon"),
        pytest.param(":x", ("", "x", True), id="empty-stream"),
        pytest.param("", ("", "latest", False), id="empty"),
    ],
)
def test_split_image_stream_tag(value: str, expected: tuple[str, str, bool]) -> None:
    assert split_image_stream_tag(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("foo@sha256:x", ("foo", "sha256:x", True), id="plain"),
        pytest.param("foo", ("foo", "", False), id="no-at"),
        pytest.param("a@b@c", ("a", "b@c", True), id="first-at"),
    ],
)
def test_split_image_stream_image(value: str, expected: tuple[str, str, bool]) -> None:
    assert split_image_stream_image(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("foo:bar", ("foo", "bar"), id="ok"),
        pytest.param(
            "foo@x:y",
            Invalid('"foo@x:y" is an image stream image, not an image stream tag'),
            id="at",
        ),
        pytest.param(
            "foo", Invalid('expected exactly one : delimiter in the istag "foo"'), id="no-colon"
        ),
        pytest.param(
            "foo:a:b",
            Invalid('expected exactly one : delimiter in the istag "foo:a:b"'),
            id="two-colons",
        ),
        pytest.param(
            "foo:", Invalid('image stream tag name "foo:" must have a name and a tag'), id="no-tag"
        ),
        pytest.param(
            ":x", Invalid('image stream tag name ":x" must have a name and a tag'), id="no-name"
        ),
        pytest.param(
            'a"b', Invalid('expected exactly one : delimiter in the istag "a\\"b"'), id="go-quoting"
        ),
    ],
)
def test_parse_image_stream_tag_name(value: str, expected: tuple[str, str] | Invalid) -> None:
    assert parse_image_stream_tag_name(value) == expected


FORM = "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id>"


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        pytest.param("ImageStreamTag", "v1", ("self", "v1"), id="tag"),
        pytest.param("ImageStreamTag", "other:v1", ("other", "v1"), id="repo-tag"),
        pytest.param("ImageStreamTag", "other:", ("other", ""), id="repo-empty-tag"),
        pytest.param("ImageStreamTag", "", ("self", ""), id="empty"),
        pytest.param("ImageStreamTag", "a:b:c", Invalid(FORM), id="two-colons"),
        pytest.param(
            "ImageStreamTag", "a@" + SHA, ("a@sha256", H64), id="ist-splits-digest-at-colon"
        ),
        pytest.param("ImageStreamTag", "a:b@" + SHA, Invalid(FORM), id="ist-tag-and-digest"),
        pytest.param("ImageStreamImage", SHA, ("self", SHA), id="id"),
        pytest.param("ImageStreamImage", "other@" + SHA, ("other", SHA), id="repo-id"),
        pytest.param("ImageStreamImage", "a@b@c", Invalid(FORM), id="two-ats"),
        pytest.param("DockerImage", "quay.io/a", Invalid(FORM), id="docker-image-other-namespace"),
        pytest.param("imagestreamtag", "v1", Invalid(FORM), id="kind-case-sensitive"),
    ],
)
def test_parse_from_reference(kind: str, name: str, expected: tuple[str, str] | Invalid) -> None:
    assert parse_from_reference(kind, name, "self") == expected


@pytest.mark.parametrize(
    ("metadata_name", "spec_name", "ok"),
    [
        pytest.param("foo:bar", "bar", True, id="match"),
        pytest.param("foo:bar", "baz", False, id="mismatch"),
        pytest.param("foo", "latest", False, id="no-colon-always-fails"),
        pytest.param("foo:", "latest", True, id="empty-tag-is-latest"),
        pytest.param("foo:", "", False, id="empty-spec-name-not-defaulted"),
        pytest.param("foo:a:b", "a:b", True, id="first-colon"),
        pytest.param("foo:A B", "A B", True, id="no-tag-name-check"),
    ],
)
def test_validate_image_tag_spec_name(metadata_name: str, spec_name: str, ok: bool) -> None:
    expected = [] if ok else [FieldError(INVALID, "must match image tag name")]
    assert validate_image_tag_spec_name(metadata_name, spec_name) == expected


@pytest.mark.parametrize(
    ("metadata_name", "spec_name", "expected"),
    [
        pytest.param("foo:bar", "", "bar", id="from-name"),
        pytest.param("foo", "", "latest", id="no-colon"),
        pytest.param("foo:", "", "latest", id="empty-tag"),
        pytest.param("foo:bar", "keep", "keep", id="kept"),
    ],
)
def test_default_image_tag_spec_name(metadata_name: str, spec_name: str, expected: str) -> None:
    assert default_image_tag_spec_name(metadata_name, spec_name) == expected


# --- properties -----------------------------------------------------------------------------

_alnum = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=6)
_separator = st.sampled_from([".", "_", "__", "-", "--", "---"])


@st.composite
def _component(draw: st.DrawFn) -> str:
    parts = [draw(_alnum)]
    for _ in range(draw(st.integers(0, 2))):
        parts += [draw(_separator), draw(_alnum)]
    return "".join(parts)


_host_label = st.from_regex(r"[a-zA-Z0-9]([a-zA-Z0-9-]{0,5}[a-zA-Z0-9])?", fullmatch=True)


@st.composite
def _host(draw: st.DrawFn) -> str:
    host = ".".join(draw(st.lists(_host_label, min_size=1, max_size=3)))
    if draw(st.booleans()):
        host += ":" + str(draw(st.integers(0, 65535)))
    return host


_tag = st.from_regex(r"[0-9A-Za-z_][0-9A-Za-z_.-]{0,127}", fullmatch=True)
_hex = st.text("0123456789abcdefABCDEF", min_size=64, max_size=64)


@st.composite
def _reference(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A spec built from the grammar, with its NAME, tag and digest."""
    components = draw(st.lists(_component(), min_size=1, max_size=3))
    name = "/".join(components)
    if draw(st.booleans()):
        name = draw(_host()) + "/" + name
    tag = draw(st.one_of(st.just(""), _tag))
    digest = draw(st.one_of(st.just(""), _hex.map(lambda h: "sha256:" + h)))
    spec = name + (":" + tag if tag else "") + ("@" + digest if digest else "")
    return spec, name, tag, digest


@given(_reference())
def test_generated_references_parse(case: tuple[str, str, str, str]) -> None:
    spec, name, tag, digest = case
    parsed = parse_docker_image_reference(spec)
    if len(name) > 255:
        assert parsed == Invalid(TOO_LONG)
        return
    assert isinstance(parsed, DockerImageReference)
    assert parsed.repository == name
    assert parsed.id == digest
    assert parsed.tag in ("", tag)  # registry-only names keep the tag in .registry
    if "/" in name:
        assert parsed.tag == tag
        rebuilt = "/".join(p for p in (parsed.registry, parsed.namespace, parsed.name) if p)
        assert rebuilt == name


@given(_reference(), st.data())
def test_upper_case_in_last_component_is_lowercase_error(
    case: tuple[str, str, str, str], data: st.DataObject
) -> None:
    spec, name, _, _ = case
    start = name.rfind("/") + 1  # the last component can never be read as a host
    letters = [i for i in range(start, len(name)) if name[i].isalpha()]
    if not letters:
        return
    i = data.draw(st.sampled_from(letters))
    upper = spec[:i] + spec[i].upper() + spec[i + 1 :]
    assert parse_docker_image_reference(upper) == Invalid(LOWERCASE)


# Go's literal patterns, made runnable by Python: [[:xdigit:]] spelled out, ASCII \w.
_GO_REFERENCE_RE = re.compile(GO_REFERENCE.replace("[[:xdigit:]]", "[0-9A-Fa-f]")[1:-1], re.ASCII)
_GO_IMAGE_DIGEST_RE = re.compile(GO_IMAGE_DIGEST.replace("[[:xdigit:]]", "[0-9A-Fa-f]"), re.ASCII)


@settings(max_examples=500)
@given(st.text("aZ0._-/:@", max_size=14))
def test_safe_grammar_equals_go_pattern(spec: str) -> None:
    go = _GO_REFERENCE_RE.fullmatch(spec)
    parsed = parse_docker_image_reference(spec)
    if go is None:
        assert isinstance(parsed, Invalid)
    else:
        assert isinstance(parsed, DockerImageReference)
        assert parsed.repository == go.group(1)


@settings(max_examples=300)
@given(st.from_regex(r"[a-z0-9._/-]{1,12}(:[a-zA-Z0-9._-]{1,4})?", fullmatch=True))
def test_safe_grammar_equals_go_pattern_near_valid(spec: str) -> None:
    go = _GO_REFERENCE_RE.fullmatch(spec)
    parsed = parse_docker_image_reference(spec)
    assert (go is not None) == isinstance(parsed, DockerImageReference)


@settings(max_examples=300)
@given(
    st.from_regex(
        r"[a-z]{1,3}(:[a-z]{1,2})?@[a-zA-Z0-9+._-]{1,6}:[0-9a-fA-Fg]{30,34}", fullmatch=True
    )
)
def test_safe_grammar_equals_go_pattern_with_digest(spec: str) -> None:
    go = _GO_REFERENCE_RE.fullmatch(spec)
    parsed = parse_docker_image_reference(spec)
    grammar_errors = (Invalid(INVALID_FORMAT), Invalid(LOWERCASE), Invalid(EMPTY))
    assert (go is not None) == (parsed not in grammar_errors)


@settings(max_examples=500)
@given(st.text("aZ1.-:fF0 ", max_size=48))
def test_manifest_digest_search_equals_go_pattern(value: str) -> None:
    assert matches_manifest_digest(value) == (_GO_IMAGE_DIGEST_RE.search(value) is not None)


@given(st.text("Ab0:", min_size=30, max_size=40).map(lambda s: "q" + s))
def test_manifest_digest_search_equals_go_pattern_long_hex(value: str) -> None:
    assert matches_manifest_digest(value) == (_GO_IMAGE_DIGEST_RE.search(value) is not None)
