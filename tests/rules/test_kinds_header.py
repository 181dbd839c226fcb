"""ITL230 unknown-kind: a document meant for the image API whose header kubectl refuses
(catalogue K4, K5, K7) is reported in kubectl's words, never passed silently; look-alikes
of other groups stay silent; a unique did-you-mean is a safe fix."""

from __future__ import annotations

import pytest

from imagetag_lint import fix_text
from imagetag_lint.api import lint_text
from imagetag_lint.settings import Settings

META = "metadata: {name: app}\n"
MEAN_V1 = '(did you mean "image.openshift.io/v1"?)'


def lint(text: str, settings: Settings | None = None) -> list[str]:
    return [
        f"{d.line}:{d.column} {d.code} [{d.server}] {d.message}"
        for d in lint_text(text, "t.yaml", settings=settings)
    ]


CASES = [
    (
        "apiVersion: image.openshift.io/v1\nkind: Imagestream\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "Imagestream" in version'
        ' "image.openshift.io/v1" (did you mean "ImageStream"?)',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreams\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "ImageStreams" in version'
        ' "image.openshift.io/v1" (did you mean "ImageStream"?)',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: Images\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "Images" in version'
        ' "image.openshift.io/v1" (did you mean "Image"?)',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: Imagetag\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "Imagetag" in version'
        ' "image.openshift.io/v1" (did you mean "ImageTag"?)',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: ImageStreemTagg\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "ImageStreemTagg" in version'
        ' "image.openshift.io/v1" (did you mean "ImageStreamTag"?)',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: Widget\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "Widget" in version "image.openshift.io/v1"',
    ),
    (
        "apiVersion: image.openshift.io/v1beta1\nkind: ImageStream\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageStream" in version'
        f' "image.openshift.io/v1beta1" {MEAN_V1}',
    ),
    (
        "apiVersion: image.openshift.io\nkind: ImageStream\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageStream" in version'
        f' "image.openshift.io" {MEAN_V1}',
    ),
    (
        "apiVersion: imag.openshift.io/v1\nkind: ImageStream\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageStream" in version'
        f' "imag.openshift.io/v1" {MEAN_V1}',
    ),
    (
        "kind: ImageStream\n" + META,
        '1:1 ITL230 [K4] kind: no matches for kind "ImageStream" in version "":'
        f" apiVersion is missing {MEAN_V1}",
    ),
    (
        "apiversion: image.openshift.io/v1\nkind: ImageStream\n" + META,
        '1:1 ITL230 [K4] apiversion: no matches for kind "ImageStream" in version "":'
        ' the key "apiversion" is not apiVersion (did you mean "apiVersion"?)',
    ),
    (
        "apiVersion: null\nkind: ImageStream\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageStream" in version "":'
        f" apiVersion is null {MEAN_V1}",
    ),
    (
        "apiVersion: v1\nkind: ImageTag\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageTag" in version "v1":'
        f" the legacy group-less v1 never served ImageTag {MEAN_V1}",
    ),
    (
        "apiVersion: v1\nkind: Imagestream\n" + META,
        '2:7 ITL230 [K4] kind: no matches for kind "Imagestream" in version "v1"'
        ' (did you mean "ImageStream"?)',
    ),
    (
        "apiVersion: v1beta3\nkind: ImageStream\n" + META,
        '1:13 ITL230 [K4] apiVersion: no matches for kind "ImageStream" in version'
        f' "v1beta3" {MEAN_V1}',
    ),
    (
        "apiVersion: image.openshift.io/v1\nkind: 1\n" + META,
        "2:7 ITL230 [K5] kind: Object 'Kind' is missing (kind is 1, not a string)",
    ),
    (
        "apiVersion: image.openshift.io/v1\n" + META,
        "1:13 ITL230 [K5] apiVersion: Object 'Kind' is missing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[1][:60] for c in CASES])
def test_a_header_kubectl_refuses_is_reported(text: str, expected: str) -> None:
    assert lint(text) == [expected]


LOOK_ALIKES = [
    "apiVersion: config.openshift.io/v1\nkind: Image\n" + META,
    "apiVersion: config.openshift.io/v1\nkind: ImageTagMirrorSet\n" + META,
    "apiVersion: config.openshift.io/v1\nkind: ImageDigestMirrorSet\n" + META,
    "apiVersion: builtin\nkind: ImageTagTransformer\n" + META,
    "apiVersion: kpack.io/v1alpha2\nkind: Image\n" + META,
    "apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImagePolicy\n" + META,
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {a: "kind: ImageTag"}\n',
    "apiVersion: v1\nkind: ImageStreamMapping\n" + META,
    "apiVersion: image.openshift.io/v1\nkind: ImageSignature\n" + META,
    "apiVersion: image.openshift.io/v1\nkind: ImageStreamTagList\nitems: []\n",
    "kind: Image\napi_family: image.openshift.io\n",  # a UI view definition, not an object
    "apiVersion: v1\nkind: Pod\n" + META,
    "apiVersion: v1\nmetadata: {name: app}\n",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_stay_silent(text: str) -> None:
    assert lint(text) == []


def test_list_items_get_the_same_treatment() -> None:
    text = """\
apiVersion: v1
kind: List
items:
- apiVersion: image.openshift.io/v1
  kind: ImageStreem
  metadata: {name: a}
- kind: ImageStream
  metadata: {name: b}
- apiVersion: config.openshift.io/v1
  kind: Image
  metadata: {name: c}
"""
    assert lint(text) == [
        '5:9 ITL230 [K4] kind: no matches for kind "ImageStreem" in version'
        ' "image.openshift.io/v1" (did you mean "ImageStream"?)',
        '7:3 ITL230 [K4] kind: no matches for kind "ImageStream" in version "":'
        f" apiVersion is missing {MEAN_V1}",
    ]


def test_typed_list_items_without_header_are_linted_as_the_list_kind() -> None:
    # K7: apimachinery gives such an item the list's apiVersion and kind.
    text = """\
apiVersion: image.openshift.io/v1
kind: ImageStreamList
items:
- metadata: {name: Bad_Name}
- kind: ImageStream
  metadata: {name: ok}
"""
    assert lint(text) == [
        '4:20 ITL270 [S1] metadata.name: must match "[a-z0-9]+(?:[._-][a-z0-9]+)*"',
        '5:3 ITL230 [K4] kind: no matches for kind "ImageStream" in version "":'
        f" apiVersion is missing {MEAN_V1}",
    ]
    tags = "apiVersion: image.openshift.io/v1\nkind: ImageTagList\nitems:\n- metadata: {name: a}\n"
    assert lint(tags) == ["4:3 ITL103 [C1] spec: required field is missing"]


def test_the_kinds_option_limits_the_header_findings_to_those_kinds() -> None:
    text = "apiVersion: image.openshift.io/v1\nkind: Imagestream\n" + META
    assert lint(text, Settings(kinds=frozenset({"ImageTag"}))) == []
    assert len(lint(text, Settings(kinds=frozenset({"ImageStream"})))) == 1


def test_the_rule_can_be_ignored() -> None:
    text = "apiVersion: image.openshift.io/v1\nkind: Imagestream\n" + META
    assert lint(text, Settings(ignore=frozenset({"ITL230"}))) == []


FIXES = [
    (
        "apiVersion: image.openshift.io/v1\nkind: Imagestream  # app\n" + META,
        "apiVersion: image.openshift.io/v1\nkind: ImageStream  # app\n" + META,
    ),
    (
        'apiVersion: image.openshift.io/v1\nkind: "ImageStreams"\n' + META,
        'apiVersion: image.openshift.io/v1\nkind: "ImageStream"\n' + META,
    ),
    (
        "apiVersion: 'image.openshift.io/v1beta1'\nkind: ImageStream\n" + META,
        "apiVersion: 'image.openshift.io/v1'\nkind: ImageStream\n" + META,
    ),
    (
        "apiVersion: v1\nkind: ImageTag\nmetadata: {name: app:v1}\nspec: {name: v1}\n",
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\n"
        "metadata: {name: app:v1}\nspec: {name: v1}\n",
    ),
    (  # two mistakes: fixed one header field at a time
        "apiVersion: v1\nkind: Imagetag\nmetadata: {name: app:v1}\nspec: {name: v1}\n",
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\n"
        "metadata: {name: app:v1}\nspec: {name: v1}\n",
    ),
    (
        "kind: ImageStream\n" + META,
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\n" + META,
    ),
    (
        "apiversion: image.openshift.io/v1\nkind: ImageStream\n" + META,
        "apiVersion: image.openshift.io/v1\nkind: ImageStream\n" + META,
    ),
    (
        "apiVersion: v1\nkind: List\nitems:\n- kind: ImageStream\n  metadata: {name: a}\n"
        "- apiVersion: v1\n  kind: imagestream\n  metadata: {name: b}\n",
        "apiVersion: v1\nkind: List\nitems:\n- kind: ImageStream\n  metadata: {name: a}\n"
        "- apiVersion: image.openshift.io/v1\n  kind: ImageStream\n  metadata: {name: b}\n",
    ),  # then ITL381's safe fix modernises the legacy apiVersion of the fixed item
    (
        '{"apiVersion": "image.openshift.io/v1", "kind": "Imagestream", "metadata": {"name": "a"}}',
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageStream", "metadata": {"name": "a"}}',
    ),
]


@pytest.mark.parametrize(("text", "fixed"), FIXES)
def test_a_unique_did_you_mean_is_a_safe_fix(text: str, fixed: str) -> None:
    filename = "t.json" if text.startswith("{") else "t.yaml"
    result, left = fix_text(text, filename)
    assert result == fixed
    assert [d.code for d in left if d.code == "ITL230"] == (
        ["ITL230"] if "- kind: ImageStream" in text else []  # a "- key:" line: no insertion
    )


def test_no_fix_without_a_unique_did_you_mean() -> None:
    for text in (
        "apiVersion: image.openshift.io/v1\nkind: Widget\n" + META,
        "apiVersion: image.openshift.io/v1\nkind: 1\n" + META,
    ):
        result, left = fix_text(text, "t.yaml")
        assert result == text
        assert [d.code for d in left] == ["ITL230"]
