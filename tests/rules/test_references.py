"""What a tag points at: ``from`` (catalogue C5-C9, S3, S4, S7), exact findings."""

from __future__ import annotations

import pytest

from imagetag_lint.api import lint_text
from imagetag_lint.diagnostics import Diagnostic, Severity
from imagetag_lint.settings import AllowedRegistry, Settings

from ._helpers import findings, tag

META = "metadata: {name: app:v1, namespace: team-a}\n"
FORM = (
    "must be of the form <tag>, <repo>:<tag>, <id>, or <repo>@<id> "
    "(checked when the tag is written to the image stream)"
)
SHA = "sha256:" + "a" * 64


def spec(body: str) -> str:
    return tag(META + "spec:\n  name: v1\n" + body)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("  from: {kind: DockerImage, name: quay.io/org/app:1.0}\n", []),
        ("  from: {kind: DockerImage, name: quay.io}\n", []),
        ("  from: {kind: DockerImage, name: 'localhost:5000'}\n", []),
        ("  from: {kind: DockerImage, name: Quay.io/a}\n", []),
        (f"  from: {{kind: DockerImage, name: 'quay.io/a:b@{SHA}'}}\n", []),
        ("  from: {kind: DockerImage, name: 'quay.io/a@sha256:" + "A" * 64 + "'}\n", None),
        ("  from: {kind: ImageStreamTag, name: other:v1}\n", []),
        ("  from: {kind: ImageStreamTag, name: v1}\n", []),
        (f"  from: {{kind: ImageStreamImage, name: 'app@{SHA}'}}\n", []),
        ("  importPolicy: {scheduled: true}\n", []),  # scheduled without from
        (
            "  from: {kind: DockerImage}\n",
            ["6:9: ITL213 spec.from.name: Required value"],
        ),
        (
            "  from: {kind: DockerImage, name: quay.io/Org/app}\n",
            ["6:35: ITL214 spec.from.name: repository name must be lowercase"],
        ),
        (
            "  from: {kind: DockerImage, name: a___b}\n",
            ["6:35: ITL214 spec.from.name: invalid reference format"],
        ),
        (
            "  from: {kind: DockerImage, name: 'quay.io/a@sha256:abc'}\n",
            ["6:35: ITL214 spec.from.name: invalid reference format"],
        ),
        (
            "  from: {kind: DockerImage, name: 'quay.io/a@md5:" + "a" * 32 + "'}\n",
            ["6:35: ITL214 spec.from.name: unsupported digest algorithm"],
        ),
        (
            "  from: {kind: dockerimage, name: quay.io/a}\n",
            [
                '6:16: ITL216 spec.from.kind: "dockerimage" is not valid: valid values are'
                " 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'"
                ' (did you mean "DockerImage"?)'
            ],
        ),
        (
            "  from: {kind: ImageStreamTags, name: 'a:b'}\n",
            [
                '6:16: ITL216 spec.from.kind: "ImageStreamTags" is not valid: valid values are'
                " 'DockerImage', 'ImageStreamImage', 'ImageStreamTag'"
                ' (did you mean "ImageStreamTag"?)'
            ],
        ),
        (
            "  from: {kind: '', name: quay.io/a}\n",
            [
                "6:16: ITL216 spec.from.kind: valid values are 'DockerImage', "
                "'ImageStreamImage', 'ImageStreamTag'"
            ],
        ),
        (
            "  from: {name: quay.io/a}\n",
            [
                "6:9: ITL216 spec.from.kind: valid values are 'DockerImage', "
                "'ImageStreamImage', 'ImageStreamTag'"
            ],
        ),
        (
            "  from: {kind: ImageStreamTag, name: 'a:b:c'}\n",
            [f"6:38: ITL217 spec.from.name: {FORM}"],
        ),
        (
            "  from: {kind: ImageStreamImage, name: 'a@b@c'}\n",
            [f"6:40: ITL217 spec.from.name: {FORM}"],
        ),
        (
            "  from: {kind: DockerImage, name: quay.io/a, namespace: other}\n",
            [f"6:35: ITL217 spec.from.name: {FORM}"],
        ),
        ("  from: {kind: DockerImage, name: quay.io/a, namespace: team-a}\n", []),
        (
            "  from: {kind: ImageStreamTag, name: other:v1}\n  importPolicy: {scheduled: true}\n",
            [
                "7:29: ITL218 spec.importPolicy.scheduled: only tags pointing to Docker "
                "repositories may be scheduled for background import"
            ],
        ),
    ],
)
def test_references(body: str, expected: list[str] | None) -> None:
    assert findings(spec(body)) == (expected or [])


def allow(*entries: AllowedRegistry) -> Settings:
    return Settings(allowed_registries=entries)


DENIED = 'registry "{}" not allowed by whitelist: "quay.io:443"'


@pytest.mark.parametrize(
    ("name", "extra", "expected"),
    [
        ("quay.io/org/app", "", []),
        ("image-registry.openshift-image-registry.svc:5000/team-a/app", "", []),
        ("nginx", "", [DENIED.format("docker.io:443")]),
        ("docker.io/library/nginx", "", [DENIED.format("docker.io")]),
        ("quay.io:8443/org/app", "", [DENIED.format("quay.io:8443")]),
        # insecure: any port of an allowed host, not another port
        ("quay.io/org/app", "  importPolicy: {insecure: true}\n", []),
    ],
)
def test_allowed_registries(name: str, extra: str, expected: list[str]) -> None:
    text = spec(f"  from: {{kind: DockerImage, name: '{name}'}}\n" + extra)
    found = findings(text, settings=allow(AllowedRegistry("quay.io")))
    assert found == [f"6:35: ITL215 spec.from.name: {message}" for message in expected]


def test_allowed_registries_globs_ports_and_insecure_annotation() -> None:
    config = allow(AllowedRegistry("*.example.com"), AllowedRegistry("registry.local:5000"))
    ok = spec("  from: {kind: DockerImage, name: a.example.com/x}\n")
    assert findings(ok, settings=config) == []
    ok = spec("  from: {kind: DockerImage, name: 'registry.local:5000/x'}\n")
    assert findings(ok, settings=config) == []
    insecure_only = allow(AllowedRegistry("plain.local", insecure=True))
    text = spec("  from: {kind: DockerImage, name: plain.local/x}\n")
    assert findings(text, settings=insecure_only) == [
        '6:35: ITL215 spec.from.name: registry "plain.local" not allowed by whitelist: '
        '"plain.local:80"'
    ]
    # The ImageTag's annotation lets C7 through, not the image stream's own check (S9).
    annotated = text.replace(
        "namespace: team-a}",
        "namespace: team-a, annotations: {openshift.io/image.insecureRepository: 'true'}}",
    )
    assert findings(annotated, settings=insecure_only) == [
        '6:35: ITL215 spec.from.name: registry "plain.local" not allowed by whitelist: '
        f'"plain.local:80" {STREAM_ANNOTATION}'
    ]
    # ``importPolicy.insecure`` is part of the tag: the stream reads it too.
    insecure_tag = text + "  importPolicy: {insecure: true}\n"
    assert findings(insecure_tag, settings=insecure_only) == []
    assert findings(annotated + "  importPolicy: {insecure: true}\n", settings=insecure_only) == []


STREAM_ANNOTATION = (
    "(checked again when the tag is written to the image stream, whose own "
    "openshift.io/image.insecureRepository annotation counts, not this object's)"
)
INSECURE_ONLY = Settings(allowed_registries=(AllowedRegistry("plain.local", insecure=True),))


def test_the_stream_checks_the_tag_again_without_the_objects_annotation() -> None:
    """S9: an ImageTag's or ImageStreamTag's tag goes into a stream without its annotations."""
    annotations = "annotations: {openshift.io/image.insecureRepository: 'true'}"
    stream_tag = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\n"
        f"metadata: {{name: app:v1, {annotations}}}\n"
        "tag:\n  name: v1\n  from: {kind: DockerImage, name: plain.local/x}\n"
    )
    found = lint_text(stream_tag, "t.yaml", settings=INSECURE_ONLY)
    assert [(d.line, d.column, d.code, d.server, d.message) for d in errors(found)] == [
        (
            6,
            35,
            "ITL215",
            "S9",
            'tag.from.name: registry "plain.local" not allowed by whitelist: '
            f'"plain.local:80" {STREAM_ANNOTATION}',
        )
    ]
    # An ImageStream's annotation is the stream's own: both checks read it.
    stream = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"
        f"metadata: {{name: app, {annotations}}}\n"
        "spec:\n  tags:\n  - name: v1\n    from: {kind: DockerImage, name: plain.local/x}\n"
    )
    assert errors(lint_text(stream, "t.yaml", settings=INSECURE_ONLY)) == []


def test_the_objects_own_check_keeps_its_catalogue_id() -> None:
    text = spec("  from: {kind: DockerImage, name: plain.local/x}\n")
    found = lint_text(text, "t.yaml", settings=INSECURE_ONLY)
    assert [(d.code, d.server) for d in errors(found)] == [("ITL215", "C7")]


def errors(found: list[Diagnostic]) -> list[Diagnostic]:
    """The errors only: the insecure and mutable-tag warnings have tests of their own."""
    return [d for d in found if d.severity is Severity.ERROR]


def test_empty_and_long_allow_lists() -> None:
    text = spec("  from: {kind: DockerImage, name: quay.io/x}\n")
    assert findings(text, settings=allow()) == [
        '6:35: ITL215 spec.from.name: registry "quay.io" not allowed by empty whitelist'
    ]
    many = allow(*(AllowedRegistry(f"r{i}.io") for i in range(6)))
    assert findings(text, settings=many) == [
        '6:35: ITL215 spec.from.name: registry "quay.io" not allowed by whitelist: '
        '"r0.io:443", "r1.io:443", "r2.io:443", "r3.io:443", and 2 more ...'
    ]


def test_no_allow_list_allows_everything() -> None:
    text = spec("  from: {kind: DockerImage, name: evil.example/x}\n")
    assert findings(text) == []


def test_an_image_stream_tag_reference_gets_the_stream_checks() -> None:
    """S3: an ImageStreamTag's create writes its ``tag`` into the stream, which parses it."""
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreamTag\n"
        "metadata: {name: app:v1, namespace: team-a}\n"
        "tag:\n  name: v1\n  from: {kind: ImageStreamTag, name: 'base:v1:extra'}\n"
    )
    found = lint_text(text, "t.yaml")
    assert [(d.line, d.column, d.code, d.server, d.message) for d in errors(found)] == [
        (6, 38, "ITL217", "S3", f"tag.from.name: {FORM}")
    ]
