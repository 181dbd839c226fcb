"""Property tests: generated ImageTags, written in many styles, mutated one thing at a time.

The strategies build valid objects by hand, field by field, from the schemas in
``schemas/`` and the server rules (``metadata.name`` is ``<stream>:<tag>`` with
``spec.name`` the tag, pull specs parse, a ``DockerImage`` imported by tag is
scheduled, only known enum values, RFC 3339 times, base64 content, ...). The
``object`` profile gets ``status`` (its history newest first) and ``image`` with
every required field; the ``manifest`` profile gets neither, nor the
``spec.generation`` the server sets, as people write manifests: a generated
object has no finding at all, warnings included, in the profile it is made for.
"""

from __future__ import annotations

import base64
import io
import json
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from imagetag_lint import lint_text, validate
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Diagnostic, Severity
from imagetag_lint.loading.documents import SourceDocument, load_documents
from imagetag_lint.pointers import join_pointer

# Each example lints whole objects several times: a fifth of the profile's budget
# (20 examples in the full run, see tests/conftest.py) keeps the suite fast
# (IMAGETAG_LINT_PROPERTY_EXAMPLES asks for more), and shrinking (hundreds of slow
# re-runs) is left out; a failure is reported as generated.
PROPERTY_SETTINGS = settings(
    max_examples=int(
        os.environ.get("IMAGETAG_LINT_PROPERTY_EXAMPLES", settings().max_examples // 5)
    ),
    deadline=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

HEX = "0123456789abcdef"
digests = st.text(HEX, min_size=64, max_size=64).map(lambda h: "sha256:" + h)
words = st.from_regex(r"[a-z][a-z0-9]{1,7}", fullmatch=True)
stream_names = st.builds(
    lambda a, b: f"{a}-{b}" if b else a, words, st.sampled_from(["", "app", "x1"])
)
tags = st.one_of(
    st.sampled_from(["latest", "stable", "v1", "v1.2.3", "1.10", "2024.05", "rc-1", "1"]),
    st.from_regex(r"v[0-9]{1,2}(\.[0-9]{1,2}){0,2}", fullmatch=True),
    words,
)
namespaces = st.from_regex(r"[a-z]([a-z0-9-]{0,10}[a-z0-9])?", fullmatch=True)
registries = st.sampled_from(
    [
        "quay.io",
        "registry.example.com:5000",
        "ghcr.io",
        "image-registry.openshift-image-registry.svc:5000",
    ]
)
repositories = st.lists(words, min_size=1, max_size=3).map("/".join)
times = st.builds(
    lambda y, mo, d, h, mi, s, zone: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{zone}",
    st.integers(2000, 2030),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 23),
    st.integers(0, 59),
    st.integers(0, 59),
    st.sampled_from(["Z", "+02:00", "-05:30"]),
)
base64_text = st.binary(min_size=1, max_size=24).map(lambda b: base64.b64encode(b).decode())
texts = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=1, max_size=20)
generations = st.integers(0, 2**40)
uids = st.uuids().map(str)
media_types = st.sampled_from(
    [
        "application/vnd.oci.image.manifest.v1+json",
        "application/vnd.docker.distribution.manifest.v2+json",
    ]
)
layer_types = st.sampled_from(
    [
        "application/vnd.oci.image.layer.v1.tar+gzip",
        "application/vnd.docker.image.rootfs.diff.tar.gzip",
    ]
)


def optional(fields: dict[str, st.SearchStrategy[Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """A mapping with any subset of ``fields``."""
    return st.fixed_dictionaries({}, optional=fields)


@st.composite
def pull_specs(draw: st.DrawFn, by_digest: bool) -> str:
    name = f"{draw(registries)}/{draw(repositories)}"
    if by_digest:
        return f"{name}@{draw(digests)}"
    return f"{name}:{draw(tags)}"


@st.composite
def tag_references(draw: st.DrawFn, tag: str, stream: str, profile: str) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": tag}
    kind = draw(st.sampled_from(["DockerImage", "ImageStreamTag", "ImageStreamImage", None]))
    scheduled = False
    if kind == "DockerImage":
        by_digest = draw(st.booleans())
        spec["from"] = {"kind": kind, "name": draw(pull_specs(by_digest))}
        scheduled = not by_digest  # a tag moves: import it again, on a schedule
    elif kind == "ImageStreamTag":
        other = draw(words.filter(lambda w: w != stream))
        spec["from"] = {"kind": kind, "name": f"{other}:{draw(tags)}"}
    elif kind == "ImageStreamImage":
        spec["from"] = {"kind": kind, "name": f"{stream}@{draw(digests)}"}
    policy = draw(optional({"importMode": st.sampled_from(["", "Legacy", "PreserveOriginal"])}))
    if scheduled or draw(st.booleans()):
        policy["scheduled"] = scheduled
    if draw(st.booleans()):
        policy["insecure"] = False
    if policy:
        spec["importPolicy"] = policy
    fields: dict[str, st.SearchStrategy[Any]] = {
        "referencePolicy": st.fixed_dictionaries({"type": st.sampled_from(["Source", "Local"])}),
        "reference": st.booleans(),
        "annotations": st.dictionaries(
            st.sampled_from(["description", "openshift.io/display-name", "tags"]),
            texts,
            max_size=2,
        ),
    }
    if profile == "object":  # the server sets it: a manifest that does is ITL313
        fields["generation"] = generations
    spec.update(draw(optional(fields)))
    return spec


def object_metadata(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """What the API returns for an ImageTag: the stream's system fields, no labels."""
    return st.fixed_dictionaries(
        {"name": st.just(name), "namespace": namespaces},
        optional={
            "uid": uids,
            "resourceVersion": st.integers(1, 10**6).map(str),
            "generation": generations,
            "creationTimestamp": times,
            "managedFields": st.lists(
                st.fixed_dictionaries(
                    {
                        "manager": st.just("oc"),
                        "operation": st.sampled_from(["Apply", "Update"]),
                        "apiVersion": st.just("image.openshift.io/v1"),
                        "time": times,
                        "fieldsType": st.just("FieldsV1"),
                        "fieldsV1": st.just({"f:spec": {"f:name": {}}}),
                    }
                ),
                max_size=1,
            ),
        },
    )


def _created(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(event["created"].replace("Z", "+00:00"))


@st.composite
def tag_events(draw: st.DrawFn) -> dict[str, Any]:
    digest = draw(digests)
    return {
        "created": draw(times),
        "dockerImageReference": f"{draw(registries)}/{draw(repositories)}@{digest}",
        "image": digest,
        "generation": draw(generations),
    }


@st.composite
def statuses(draw: st.DrawFn, tag: str) -> dict[str, Any]:
    # Newest first, as the server keeps a history (ITL343).
    items = sorted(draw(st.lists(tag_events(), min_size=1, max_size=3)), key=_created, reverse=True)
    if draw(st.booleans()):
        items.insert(1, items[0])  # the same event twice: written once, with an anchor
    status: dict[str, Any] = {"tag": tag, "items": items}
    if draw(st.booleans()):
        status["conditions"] = [
            {
                "type": "ImportSuccess",
                "status": "False",
                "generation": draw(generations),
                "lastTransitionTime": draw(times),
                "reason": "NotFound",
                "message": draw(texts),
            }
        ]
    return status


@st.composite
def signatures(draw: st.DrawFn, image_name: str) -> dict[str, Any]:
    signature: dict[str, Any] = {
        "type": "AtomicImageV1",
        "content": draw(base64_text),
        "metadata": {"name": f"{image_name}@{draw(words)}"},
        "created": draw(times),
    }
    if draw(st.booleans()):  # a verified signature, with what it was verified for
        probe = draw(times)
        signature["conditions"] = [
            {"type": kind, "status": "True", "lastProbeTime": probe, "lastTransitionTime": probe}
            for kind in ("Trusted", "ForImage")
        ]
        signature["imageIdentity"] = draw(pull_specs(True))
        signature["signedClaims"] = {"claim": draw(texts)}
        signature["issuedBy"] = {"organization": draw(texts), "commonName": draw(texts)}
        signature["issuedTo"] = {"publicKeyID": draw(st.text(HEX, min_size=16, max_size=16))}
    return signature


@st.composite
def images(draw: st.DrawFn) -> dict[str, Any]:
    digest = draw(digests)
    image: dict[str, Any] = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "Image",
        "metadata": {"name": digest, "uid": draw(uids), "creationTimestamp": draw(times)},
        "dockerImageReference": f"{draw(registries)}/{draw(repositories)}@{digest}",
        "dockerImageManifestMediaType": draw(media_types),
        "dockerImageMetadataVersion": "1.0",
        "dockerImageMetadata": {
            "kind": "DockerImage",
            "apiVersion": "image.openshift.io/1.0",
            "Architecture": "amd64",
            "Size": draw(st.integers(0, 10**9)),
        },
    }
    if draw(st.booleans()):
        layer = {
            "name": draw(digests),
            "size": draw(st.integers(0, 10**9)),
            "mediaType": draw(layer_types),
        }
        image["dockerImageLayers"] = [layer, layer] if draw(st.booleans()) else [layer]
    else:
        image["dockerImageManifests"] = [
            {
                "digest": draw(digests),
                "mediaType": draw(media_types),
                "manifestSize": draw(st.integers(0, 10**6)),
                "architecture": arch,
                "os": "linux",
                **({"variant": "v8"} if arch == "arm64" else {}),
            }
            for arch in draw(
                st.lists(
                    st.sampled_from(["amd64", "arm64", "s390x"]),
                    min_size=1,
                    max_size=3,
                    unique=True,
                )
            )
        ]
    image.update(
        draw(
            optional(
                {
                    "dockerImageManifest": st.just('{"schemaVersion": 2}'),
                    "dockerImageConfig": st.just('{"architecture": "amd64"}'),
                    "dockerImageSignatures": st.lists(base64_text, min_size=1, max_size=2),
                    "signatures": st.lists(signatures(digest), min_size=1, max_size=2),
                }
            )
        )
    )
    return image


@st.composite
def image_tags(draw: st.DrawFn, profile: str) -> dict[str, Any]:
    stream, tag = draw(stream_names), draw(tags)
    name = f"{stream}:{tag}"
    obj: dict[str, Any] = {"apiVersion": "image.openshift.io/v1", "kind": "ImageTag"}
    if profile == "object":
        obj["metadata"] = draw(object_metadata(name))
        obj["spec"] = draw(tag_references(tag, stream, profile))
        obj["status"] = draw(statuses(tag))
        obj["image"] = draw(images())
    else:
        obj["metadata"] = draw(optional({"namespace": namespaces})) | {"name": name}
        obj["spec"] = draw(tag_references(tag, stream, profile))
    return obj


# ---------------------------------------------------------------------------
# Writing an object as text, in several styles


def _reads_back_plain(value: str) -> bool:
    found = list(load_documents(f"a: {value}\n"))
    return (
        len(found) == 1 and isinstance(found[0], SourceDocument) and found[0].data == {"a": value}
    )


class _KubeDumper(yaml.SafeDumper):
    """PyYAML writes ``y``, ``0o17`` and ``1e3`` unquoted, which kubectl reads as non-strings."""

    def represent_str(self, data: str) -> yaml.ScalarNode:
        style = None if _reads_back_plain(data) else "'"
        return self.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_KubeDumper.add_representer(str, _KubeDumper.represent_str)


def _dump(obj: Any, **options: Any) -> str:
    return yaml.dump(
        obj, Dumper=_KubeDumper, width=10**6, allow_unicode=True, sort_keys=False, **options
    )


def with_comments(text: str) -> str:
    """A comment line before every line and a comment after every value (block style)."""
    lines = []
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip(" "))
        lines.append(" " * indent + "# note: keys: and - items")
        lines.append(line + ("  # trailing" if not line.endswith(":") else ""))
    return "\n".join(lines) + "\n"


STYLES = {
    "block": lambda obj: _dump(obj, default_flow_style=False),
    "flow": lambda obj: _dump(obj, default_flow_style=True),
    "double-quoted": lambda obj: _dump(obj, default_flow_style=False, default_style='"'),
    "single-quoted": lambda obj: _dump(obj, default_flow_style=False, default_style="'"),
    "comments": lambda obj: with_comments(_dump(obj, default_flow_style=False)),
    "json": lambda obj: json.dumps(obj, indent=2),
    "json-one-line": json.dumps,
}
styles = st.sampled_from(sorted(STYLES))


def members(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """(pointer, key) of every mapping member, depth first."""
    if isinstance(value, dict):
        for key, item in value.items():
            member = join_pointer(pointer, key)
            yield member, key
            yield from members(item, member)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from members(item, join_pointer(pointer, index))


def text_at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1 :]


def starts_with_key(found: str, key: str) -> bool:
    return any(found.startswith(q + key + q) for q in ('"', "'")) or (
        found.startswith(key) and found[len(key) : len(key) + 1] in (":", " ", "")
    )


def starts_with_value(found: str, value: Any) -> bool:
    if isinstance(value, list):
        return found[:1] in ("-", "[")
    if found.startswith("!!"):  # an explicit tag, as in !!int '12'
        found = found.split(" ", 1)[1]
    return found.lstrip("\"'").startswith(str(value))


def findings(found: list[Diagnostic]) -> list[tuple[str, str, str]]:
    # Only text knows a scalar was unquoted: that hint is the one allowed difference.
    return [(d.code, d.pointer, d.message.split("; YAML reads the unquoted")[0]) for d in found]


# ---------------------------------------------------------------------------
# Valid objects


@PROPERTY_SETTINGS
@given(obj=st.one_of(image_tags("manifest"), image_tags("object")), style=styles)
def test_generated_objects_have_no_errors_in_either_profile(
    obj: dict[str, Any], style: str
) -> None:
    text = STYLES[style](obj)
    for profile in ("manifest", "object"):
        expected_missing = (
            {"/image", "/status"} if "status" not in obj and profile == "object" else set()
        )
        errors = [d for d in lint_text(text, profile=profile) if d.severity is Severity.ERROR]
        assert {d.pointer for d in errors} == expected_missing, (text, errors)
        assert all(d.code == "ITL103" for d in errors)
        if (profile == "object") == ("status" in obj):  # the profile it was made for
            assert lint_text(text, profile=profile) == [], text


@PROPERTY_SETTINGS
@given(obj=st.one_of(image_tags("manifest"), image_tags("object")), style=styles)
def test_every_pointer_resolves_to_its_key_in_the_text(obj: dict[str, Any], style: str) -> None:
    text = STYLES[style](obj)
    (document,) = load_documents(text, is_json=style.startswith("json"))
    assert isinstance(document, SourceDocument)
    assert document.data == obj
    for pointer, key in members(obj):
        span = document.locator.span(pointer, "key")
        assert span is not None
        found = text_at(text, span.line, span.column)
        # yaml.dump writes a value shared in the generated object once, with an anchor,
        # and an alias (``*id001``) where it repeats: a key inside is found at the alias.
        assert starts_with_key(found, key) or found.startswith("*"), (pointer, span, found)


# ---------------------------------------------------------------------------
# One mutation at a time: the expected code, at the mutated place, and nothing else


def _at(obj: dict[str, Any], pointer: str) -> tuple[Any, str | int]:
    """The container holding ``pointer`` and the last token."""
    tokens = pointer[1:].split("/")
    parent: Any = obj
    for token in tokens[:-1]:
        parent = parent[int(token)] if isinstance(parent, list) else parent[token]
    last = tokens[-1]
    return parent, int(last) if isinstance(parent, list) else last


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, dict[str, Any], str, str, Any, str]:
    """(profile, mutated object, expected code, pointer, the key or the value, at)."""
    profile = draw(st.sampled_from(["manifest", "object"]))
    obj = json.loads(json.dumps(draw(image_tags(profile))))  # a copy that shares nothing
    kind = draw(
        st.sampled_from(
            ["wrong-type", "unknown-field", "bad-enum", "bad-time", "missing-required"]
            if profile == "object"
            else ["wrong-type", "unknown-field", "bad-enum"]
        )
    )
    if kind == "wrong-type":
        wrong = [("reference", "true"), ("referencePolicy", "Local"), ("annotations", ["a"])]
        if profile == "object":  # in a manifest, any spec.generation is also ITL313
            wrong.append(("generation", "3"))
        field, value = draw(st.sampled_from(wrong))
        obj["spec"][field] = value
        return profile, obj, "ITL101", f"/spec/{field}", value, "value"
    if kind == "unknown-field":
        places = ["/spec", "/metadata"] + (
            ["/status", "/image", "/status/items/0"] if profile == "object" else []
        )
        place = draw(st.sampled_from(places))
        name = draw(st.sampled_from(["referencPolicy", "nmae", "extra", "labelz"]))
        parent, token = _at(obj, place + "/x")
        parent[name] = "x"
        return profile, obj, "ITL102", f"{place}/{name}", name, "key"
    if kind == "bad-enum":
        value = draw(st.sampled_from(["local", "source", "LOCAL", "Remote", "Sourcee"]))
        obj["spec"]["referencePolicy"] = {"type": value}
        return profile, obj, "ITL201", "/spec/referencePolicy/type", value, "value"
    if kind == "bad-time":
        value = draw(st.sampled_from(["2024-13-01T00:00:00Z", "2024-05-01 12:00", "yesterday"]))
        obj["status"]["items"][0] = dict(obj["status"]["items"][0], created=value)
        return profile, obj, "ITL104", "/status/items/0/created", value, "value"
    pointer = draw(
        st.sampled_from(
            [
                "/status/tag",
                "/status/items/0/image",
                "/status/items/0/created",
                "/status/items/0/generation",
            ]
        )
    )
    parent, token = _at(obj, pointer)
    del parent[token]
    return profile, obj, "ITL103", pointer, "", "missing"


@PROPERTY_SETTINGS
@given(case=mutations(), style=styles)
def test_one_mutation_fires_one_finding_at_the_mutated_place(
    case: tuple[str, dict[str, Any], str, str, Any, str], style: str
) -> None:
    profile, obj, code, pointer, shown, at = case
    text = STYLES[style](obj)
    found = lint_text(text, profile=profile)
    assert [(d.code, d.pointer) for d in found] == [(code, pointer)], (text, found)
    (diagnostic,) = found
    assert diagnostic.line is not None
    assert diagnostic.column is not None
    here = text_at(text, diagnostic.line, diagnostic.column)
    if at == "key":
        assert starts_with_key(here, shown), here
    elif at == "value":
        assert starts_with_value(here, shown), here


@PROPERTY_SETTINGS
@given(obj=image_tags("manifest"), style=st.sampled_from(["block", "flow", "json"]))
def test_a_duplicate_key_is_the_only_finding_at_the_second_key(
    obj: dict[str, Any], style: str
) -> None:
    text = STYLES[style](obj)
    name = {"block": "\nkind: ", "flow": " kind: ", "json": '\n  "kind": '}[style]
    first = text.index('"kind"' if style == "json" else "kind", text.index(name))
    end = text.index("\n" if style == "block" else ",", first)
    duplicated = text[:end] + ("\n" if style == "block" else ",") + text[first:end] + text[end:]
    found = lint_text(duplicated, "dup." + ("json" if style == "json" else "yaml"))
    assert [(d.code, d.pointer, d.message) for d in found] == [
        (
            "ITL002",
            "/kind",
            'duplicate key "kind": kubectl uses the last value and drops the earlier one',
        )
    ]
    second = duplicated.index(text[first:end], first + 1)
    line = duplicated.count("\n", 0, second) + 1
    column = second - duplicated.rfind("\n", 0, second)
    assert (found[0].line, found[0].column) == (line, column)


# ---------------------------------------------------------------------------
# validate(), lint_text() and the command line agree


def _cli_findings(path: Path, profile: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        main(["--format", "json", "--profile", profile, str(path)])
    return out.getvalue()


@PROPERTY_SETTINGS
@given(
    case=st.one_of(
        mutations(),
        st.sampled_from(["manifest", "object"]).flatmap(
            lambda p: image_tags(p).map(lambda o: (p, o, "", "", "", ""))
        ),
    ),
    style=styles,
)
def test_validate_lint_text_and_cli_give_the_same_findings(
    tmp_path_factory: pytest.TempPathFactory,
    case: tuple[str, dict[str, Any], str, str, Any, str],
    style: str,
) -> None:
    profile, obj, *_ = case
    text = STYLES[style](obj)
    from_object = validate(obj, profile=profile)
    from_text = lint_text(text, "it.yaml", profile=profile)
    # Without positions, validate() orders findings by code; the text orders them by place.
    assert sorted(findings(from_object)) == sorted(findings(from_text))
    path = tmp_path_factory.mktemp("agree") / "it.yaml"
    path.write_text(text, encoding="utf-8")
    reported = json.loads(_cli_findings(path, profile))
    rows = reported if isinstance(reported, list) else reported["findings"]
    assert [(r["code"], r["pointer"], r["message"], r["line"], r["column"]) for r in rows] == [
        (d.code, d.pointer, d.message, d.line, d.column) for d in from_text
    ]
