"""Which objects are linted: the image kinds, legacy apiVersion v1, List and Template
wrappers with positions in the wrapper's file, Template placeholders, ``--kinds``."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from imagetag_lint import validate
from imagetag_lint.checking import engine
from imagetag_lint.cli import main
from imagetag_lint.errors import Invalid
from imagetag_lint.loading.documents import load_documents
from imagetag_lint.loading.template_sources import template_syntax_at
from imagetag_lint.openshift.kinds import parse_kinds
from imagetag_lint.openshift.template_parameters import has_placeholder, value_at
from imagetag_lint.settings import DEFAULT_SETTINGS, Settings


def lint(text: str, settings: Settings = DEFAULT_SETTINGS) -> list[str]:
    # Lint-only warnings of the tag rules (ITL300-ITL379) have their own tests.
    return [
        f"{d.line}:{d.column} {d.code} {d.message}"
        for d in engine.lint_text(text, "f.yaml", settings)
        if not "ITL300" <= d.code < "ITL380"
    ]


PATTERN = '"[a-z0-9]+(?:[._-][a-z0-9]+)*"'
STREAM = """\
apiVersion: image.openshift.io/v1
kind: ImageStream
metadata:
  name: App
spec:
  tags:
  - name: latest
    from:
      kind: DockerImage
      name: quay.io/org/app:1.0
"""


@pytest.mark.parametrize(
    ("kind", "body", "expected"),
    [
        ("ImageStream", "spec: {colour: red}\n", "5:8 ITL102 spec.colour: unknown field"),
        ("ImageStreamTag", "tag: {colour: red}\n", "5:7 ITL102 tag.colour: unknown field"),
        (
            "ImageStreamImport",
            "spec: {import: 'yes'}\n",
            '5:16 ITL101 spec.import: expected boolean, got string "yes"',
        ),
        (
            "Image",
            "dockerImageLayers: 1\n",
            "5:20 ITL101 dockerImageLayers: expected array, got integer 1",
        ),
    ],
)
def test_each_image_kind_is_checked_against_its_schema(kind: str, body: str, expected: str) -> None:
    text = f"apiVersion: image.openshift.io/v1\nkind: {kind}\nmetadata:\n  name: x\n{body}"
    found = [line for line in lint(text) if " ITL1" in line]
    assert found == [expected]


def test_look_alike_groups_and_kinds_are_skipped() -> None:
    for api_version, kind in [
        ("config.openshift.io/v1", "Image"),
        ("kpack.io/v1alpha2", "Image"),
        ("builtin", "ImageTagTransformer"),
        ("image.openshift.io/v1", "ImageStreamMapping"),
    ]:
        assert lint(f"apiVersion: {api_version}\nkind: {kind}\nbogus: 1\n") == []


def test_legacy_v1_stream_is_linted_and_warned() -> None:
    text = STREAM.replace("image.openshift.io/v1", "v1")
    assert lint(text) == [
        '1:13 ITL381 apiVersion: "v1" is the legacy group-less API version:'
        ' use "image.openshift.io/v1"',
        '4:9 ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"',
    ]


def test_imagetag_has_no_legacy_spelling() -> None:
    # Not linted as an ImageTag (no unknown-field finding): kubectl refuses the header (K4).
    assert lint("apiVersion: v1\nkind: ImageTag\nbogus: 1\n") == [
        '1:13 ITL230 apiVersion: no matches for kind "ImageTag" in version "v1":'
        ' the legacy group-less v1 never served ImageTag (did you mean "image.openshift.io/v1"?)'
    ]


def test_list_items_are_linted_with_positions_in_the_list_file() -> None:
    items = "".join("    " + line + "\n" if line else "\n" for line in STREAM.splitlines())
    text = "apiVersion: v1\nkind: List\nitems:\n-" + items[1:]
    assert lint(text) == ['7:13 ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"']


@pytest.mark.parametrize(
    ("api_version", "kind"),
    [
        ("image.openshift.io/v1", "ImageStreamList"),
        ("v1", "ImageStreamList"),
        ("image.openshift.io/v1", "ImageTagList"),
    ],
)
def test_typed_lists_are_opened(api_version: str, kind: str) -> None:
    text = (
        f"apiVersion: {api_version}\nkind: {kind}\nitems:\n"
        "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata: {name: A}\n"
    )
    assert lint(text) == ['6:20 ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"']


TEMPLATE = """\
apiVersion: template.openshift.io/v1
kind: Template
metadata:
  name: app-template
parameters:
- name: NAME
- name: TAG
objects:
- apiVersion: v1
  kind: Service
  metadata:
    name: ${NAME}
- apiVersion: image.openshift.io/v1
  kind: ImageStream
  metadata:
    name: ${NAME}
    generateName: ${NAME}-
  spec:
    dockerImageRepository: quay.io/org/${NAME}:${TAG}
    lookupPolicy:
      local: ${{LOCAL}}
    tags:
    - name: ${TAG}
      generation: ${GENERATION}
      annotations: ${{ANNOTATIONS}}
      from:
        kind: DockerImage
        name: quay.io/org/app:${TAG}
      referencePolicy:
        type: ${POLICY}
      importPolicy:
        scheduled: ${{SCHEDULED}}
        sheduled: true
    - name: ${TAG}
      from: {kind: DockerImage, name: "quay.io/org/app:${TAG}"}
"""


def test_template_objects_are_linted_and_placeholders_excuse_values() -> None:
    # Only what no parameter value can fix is reported: a ${PARAM} (always a string)
    # in an integer field, and an unknown key.
    assert lint(TEMPLATE) == [
        "24:19 ITL101 spec.tags[0].generation: expected integer, got string"
        ' "${GENERATION}"; ${PARAM} is always replaced by a string:'
        " write ${{PARAM}} for a non-string value",
        '33:9 ITL102 spec.tags[0].importPolicy.sheduled: unknown field (did you mean "scheduled"?)',
    ]


def test_the_same_values_outside_a_template_are_errors() -> None:
    text = TEMPLATE.replace("template.openshift.io/v1", "v1").replace(
        "kind: Template", "kind: List"
    )
    text = text.replace("objects:", "items:")
    codes = {line.split()[1] for line in lint(text)}
    assert {"ITL101", "ITL102", "ITL270", "ITL271", "ITL273", "ITL380"} <= codes
    # Both tags are named "${TAG}": the first is dropped unvalidated (D9), so its
    # reference policy is no refusal; the decoding errors in it (ITL101) still are.
    assert "ITL201" not in codes


def test_legacy_template_and_nested_list_keep_the_template_flag() -> None:
    text = (
        "apiVersion: v1\nkind: Template\nobjects:\n- apiVersion: v1\n  kind: List\n  items:\n"
        "  - apiVersion: image.openshift.io/v1\n    kind: ImageStream\n"
        "    metadata: {name: '${NAME}'}\n"
        "    spec: {lookupPolicy: {local: '${LOCAL}'}}\n"
    )
    assert lint(text) == [
        '10:34 ITL101 spec.lookupPolicy.local: expected boolean, got string "${LOCAL}";'
        " ${PARAM} is always replaced by a string: write ${{PARAM}} for a non-string value"
    ]


def test_kinds_setting_restricts_what_is_linted() -> None:
    text = STREAM + "---\napiVersion: image.openshift.io/v1\nkind: Image\nmetadata: {name: x}\n"
    only_images = DEFAULT_SETTINGS.replace(kinds=frozenset({"Image"}))
    assert lint(text, only_images) == [
        "12:1 ITL276 dockerImageReference: Required value",
    ]
    only_streams = DEFAULT_SETTINGS.replace(kinds=frozenset({"ImageStream"}))
    assert [line.split()[1] for line in lint(text, only_streams)] == ["ITL270"]


def test_kinds_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(STREAM, encoding="utf-8")
    assert main(["--kinds", "Image,ImageTag", str(path)]) == 0
    # Nothing was linted, and the summary says so.
    assert capsys.readouterr().err == (
        "All checks passed (1 file checked; 0 documents linted, 1 skipped"
        ": not of a kind this run lints).\n"
    )
    assert main(["--kinds", " ImageStream ", str(path)]) == 1
    assert capsys.readouterr().out == (
        f'{path}:4:9: error: ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"\n'
    )


def test_unknown_kind_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--kinds", "ImageStream,Pod", "x.yaml"])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "error: argument --kinds: unknown kind 'Pod' (known: ImageTag, ImageStream,"
        " ImageStreamTag, ImageStreamImport, Image)\n"
    )


def test_parse_kinds() -> None:
    assert parse_kinds("Image, ImageStream") == frozenset({"Image", "ImageStream"})
    assert parse_kinds(" , ") == Invalid(
        "no kinds given (known: ImageTag, ImageStream, ImageStreamTag, ImageStreamImport, Image)"
    )


# --- Helm and Jinja sources -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("{{- if .Values.enabled }}\nkind: ImageStream\n", (1, 1)),
        ("kind: ImageStream\nmetadata:\n  name: {{ .Values.name }}\n", (3, 9)),
        ("items:\n- {{ .Values.item }}\n", (2, 3)),
        ("a: 1\n  {% if x %}\n", (2, 3)),
    ],
)
def test_template_sources_are_recognised(text: str, position: tuple[int, int]) -> None:
    span = template_syntax_at(text)
    assert span is not None
    assert (span.line, span.column) == position


@pytest.mark.parametrize(
    "text",
    [
        'metadata:\n  annotations:\n    description: "{{ $labels.instance }} is down"\n',
        "metadata:\n  annotations:\n    description: 'use {{ .x }} here'\n",
        "# {{ not a directive, a comment }}\nkind: ImageStream\n",
        "a: b {{ c }}\n",
    ],
)
def test_braces_in_quotes_comments_and_text_are_not_templates(text: str) -> None:
    assert template_syntax_at(text) is None


HEADER_STREAM = "apiVersion: image.openshift.io/v1\nkind: ImageStream\n"


def test_a_helm_template_of_other_kinds_is_skipped() -> None:
    text = "kind: BuildConfig\nspec:\n  {{ if .Values.x }}\n  from: {kind: ImageStreamTag}\n"
    assert lint(text) == []


def test_a_helm_template_gets_one_clear_finding() -> None:
    text = HEADER_STREAM + "metadata:\n  name: {{ .Values.name }}\n"
    assert lint(text) == [
        "4:9 ITL001 this is a Helm or Jinja template, not a manifest (template syntax here):"
        " render it first and lint the output"
    ]


def test_null_is_null_in_yaml_and_json() -> None:
    (yaml_doc,) = load_documents("a: null\nb: Null\nc: NULL\nd: n\ne: nope\n", is_json=False)
    assert not isinstance(yaml_doc, Exception)
    assert yaml_doc.data == {"a": None, "b": None, "c": None, "d": False, "e": "nope"}  # type: ignore[union-attr]
    text = '{"apiVersion": "image.openshift.io/v1", "kind": "ImageStream",'
    text += ' "metadata": {"name": "a", "creationTimestamp": null},'
    text += ' "spec": {"tags": [{"name": "x", "generation": null}]}}\n'
    assert engine.lint_text(text, "f.json") == []


def test_template_detection_is_linear_on_large_input() -> None:
    # A generous safety limit, not a benchmark: the quadratic version took minutes here.
    start = time.perf_counter()
    assert template_syntax_at("key: value with: colons\n" * 200_000) is None
    assert template_syntax_at("- " * 1_000_000) is None
    assert time.perf_counter() - start < 20


def test_the_library_validates_decoded_objects_of_every_kind() -> None:
    stream = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageStream",
        "metadata": {"name": "App"},
        "spec": {"tags": [{"name": "a"}, {"name": "a"}]},
    }
    found = [(d.code, d.pointer, d.line, d.message) for d in validate(stream)]
    assert found == [
        ("ITL270", "/metadata/name", None, f"metadata.name: must match {PATTERN}"),
        (
            "ITL380",
            "/spec/tags/0/name",
            None,
            'spec.tags[0].name: tag "a" is defined again at spec.tags[1]:'
            " the server keeps only the last one",
        ),
    ]
    template = {"apiVersion": "v1", "kind": "Template", "objects": [stream]}
    stream["metadata"] = {"name": "${NAME}"}
    assert [(d.code, d.pointer) for d in validate(template)] == [
        ("ITL360", "/objects/0/metadata/name"),
        ("ITL380", "/objects/0/spec/tags/0/name"),
    ]
    template["parameters"] = [{"name": "NAME"}]
    assert [(d.code, d.pointer) for d in validate(template)] == [
        ("ITL380", "/objects/0/spec/tags/0/name")
    ]


_VALUES = st.sampled_from(
    [
        *(
            "app",
            "App",
            "${NAME}",
            "${{NAME}}",
            "x-${TAG}",
            "quay.io/o/a:1",
            "Local",
            1,
            True,
            None,
        ),
        *("${NAME}-Static", "My${NAME}:${TAG}", "${NAME}/x", "${UNDECLARED}"),
    ]
)


@given(
    name=_VALUES,
    tag=_VALUES,
    generation=_VALUES,
    local=_VALUES,
    repository=_VALUES,
    policy=_VALUES,
)
def test_a_template_only_ever_removes_findings(
    name: object, tag: object, generation: object, local: object, repository: object, policy: object
) -> None:
    stream = {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageStream",
        "metadata": {"name": name},
        "spec": {
            "dockerImageRepository": repository,
            "lookupPolicy": {"local": local},
            "tags": [
                {"name": tag, "generation": generation, "referencePolicy": {"type": policy}},
                {"name": tag},
            ],
        },
    }
    plain = {(d.code, d.pointer) for d in validate(stream)}
    template = {
        "apiVersion": "template.openshift.io/v1",
        "kind": "Template",
        "parameters": [{"name": "NAME"}, {"name": "TAG"}],
        "objects": [stream],
    }
    templated = {
        (d.code, d.pointer.removeprefix("/objects/0"))
        for d in validate(template)
        if d.code != "ITL360"  # about the Template: an undeclared parameter
    }
    assert templated <= plain
    # A value without a placeholder is judged the same inside a Template.
    for code, pointer in plain - templated:
        assert has_placeholder(value_at(stream, pointer)), (code, pointer)


def test_kinds_config_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.yaml").write_text(STREAM, encoding="utf-8")
    (tmp_path / ".imagetag-lint.toml").write_text('kinds = ["Image"]\n', encoding="utf-8")
    assert main(["s.yaml"]) == 0
    assert capsys.readouterr().out == ""
    # The command line wins over the configuration.
    assert main(["--kinds", "ImageStream", "--select", "ITL270", "s.yaml"]) == 1
    assert capsys.readouterr().out == (
        's.yaml:4:9: error: ITL270 metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"\n'
    )
    (tmp_path / ".imagetag-lint.toml").write_text('kinds = ["Pod"]\n', encoding="utf-8")
    assert main(["s.yaml"]) == 2
    assert "'kinds': unknown kind 'Pod'" in capsys.readouterr().err
