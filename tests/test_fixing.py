"""Automatic fixes: edits at exact offsets, applied whole or not at all, and nothing else changed.

The property tests generate ImageTag manifests twice from one choice of values:
once as meant and once with fixable mistakes injected (an enum value in the
wrong case or with a typo, a number where a string is wanted). Safe fixing the
second must give exactly the first, comments, quoting and blank lines included.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from dataclasses import dataclass

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import imagetag_lint
from imagetag_lint import fix_text, lint_text, validate
from imagetag_lint.checking import fixing
from imagetag_lint.diagnostics import Diagnostic, Edit, Fix
from imagetag_lint.loading.documents import key_text
from imagetag_lint.loading.positions import NodeLocator
from imagetag_lint.rules import BY_CODE
from imagetag_lint.settings import DEFAULT_SETTINGS

# --- applying edits ----------------------------------------------------------------------


def test_apply_edits_at_character_offsets() -> None:
    text = "name: 1.10  # é\nkind: x\n"
    fixes = [
        Fix("kind", (Edit(22, 23, "DockerImage"),)),
        Fix("quote", (Edit(6, 6, '"'), Edit(10, 10, '"'))),
    ]
    assert fixing.apply(text, fixes) == ('name: "1.10"  # é\nkind: DockerImage\n', 2)


def test_overlapping_fixes_are_refused_whole() -> None:
    text = "abcdefgh"
    first = Fix("first", (Edit(1, 3, "X"),))
    overlaps = Fix("overlaps", (Edit(6, 7, "Y"), Edit(2, 4, "Z")))  # one edit clashes: none applies
    apart = Fix("apart", (Edit(5, 6, "W"),))
    assert fixing.apply(text, [overlaps, apart, first]) == ("aXdeWgh", 2)


def test_two_insertions_at_one_offset_are_refused() -> None:
    fixes = [Fix("a", (Edit(1, 1, "A"),)), Fix("b", (Edit(1, 1, "B"),))]
    assert fixing.apply("xy", fixes) == ("xAy", 1)
    # An insertion just before or after a replaced range touches nothing.
    fixes = [Fix("a", (Edit(1, 2, "A"),)), Fix("b", (Edit(2, 2, "B"),))]
    assert fixing.apply("xyz", fixes) == ("xABz", 2)


def test_malformed_fixes_are_refused() -> None:
    outside = Fix("outside", (Edit(2, 9, "x"),))
    backwards = Fix("backwards", (Edit(2, 1, "x"),))
    clashing = Fix("itself", (Edit(0, 2, "x"), Edit(1, 3, "y")))
    empty = Fix("nothing", ())
    assert fixing.apply("abc", [outside, backwards, clashing, empty]) == ("abc", 0)


@st.composite
def _edits(draw: st.DrawFn, size: int) -> Edit:
    start = draw(st.integers(0, size))
    end = draw(st.integers(start, size))
    return Edit(start, end, draw(st.text("XYZ", max_size=3)))


@given(st.data())
def test_applied_fixes_never_overlap_and_each_is_whole(data: st.DataObject) -> None:
    text = data.draw(st.text("ab\n#", max_size=30))
    fixes = data.draw(
        st.lists(
            st.builds(Fix, st.just("t"), st.lists(_edits(len(text)), max_size=3).map(tuple)),
            max_size=6,
        )
    )
    result, count = fixing.apply(text, fixes)
    # The same result, rebuilt from the fixes that were accepted, in their order.
    accepted: list[Edit] = []
    whole = 0
    for fix in sorted(fixes, key=_first):
        edits = sorted(fix.edits, key=lambda e: (e.start, e.end))
        mine = [a for i, a in enumerate(edits) for b in edits[i + 1 :] if _touch(a, b)]
        theirs = [a for a in edits for b in accepted if _touch(a, b)]
        if edits and not mine and not theirs:
            accepted.extend(edits)
            whole += 1
    assert count == whole
    rebuilt = text
    for edit in sorted(accepted, key=lambda e: (e.start, e.end), reverse=True):
        rebuilt = rebuilt[: edit.start] + edit.text + rebuilt[edit.end :]
    assert result == rebuilt


def _first(fix: Fix) -> tuple[int, int]:
    return min(((e.start, e.end) for e in fix.edits), default=(0, 0))


def _touch(a: Edit, b: Edit) -> bool:
    return a.start == b.start or (a.start < b.end and b.start < a.end)


# --- what the engine proposes --------------------------------------------------------------

TAG = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:1.10  # the release
spec:
  name: 1.10
  referencePolicy: {type: 'local'}
  from:
    kind: DockerImage
    name: quay.io/org/app:1.10
  generation: 3
status:
  tags: []
"""


def _fixes(diagnostics: list[Diagnostic]) -> list[tuple[str, str, bool, str]]:
    found = []
    for d in diagnostics:
        if d.fix is not None:
            edited = fixing.apply(TAG, [d.fix])[0]
            found.append((d.code, d.fix.title, d.fix.safe, edited))
    return found


def test_lint_text_gives_each_fixable_finding_its_fix() -> None:
    found = {code: (title, safe) for code, title, safe, _ in _fixes(lint_text(TAG))}
    assert found == {
        "ITL101": ('quote the value: "1.10"', True),
        "ITL201": ('replace "local" with "Local"', True),
        "ITL313": ("remove generation", False),
        "ITL310": ("remove status", False),
        "ITL102": ('rename the key to "tag"', False),  # status.tags: unsafe, and overlapped
    }


def test_fix_text_applies_safe_fixes_and_keeps_everything_else() -> None:
    fixed, left = fix_text(TAG)
    assert fixed == TAG.replace("name: 1.10\n", 'name: "1.10"\n').replace("'local'", "'Local'")
    assert sorted(d.code for d in left) == ["ITL102", "ITL310", "ITL313"]


def test_unsafe_fixes_only_when_asked() -> None:
    fixed, left = fix_text(TAG, unsafe=True)
    assert fixed == (
        "apiVersion: image.openshift.io/v1\n"
        "kind: ImageTag\n"
        "metadata:\n"
        "  name: app:1.10  # the release\n"
        "spec:\n"
        '  name: "1.10"\n'
        "  referencePolicy: {type: 'Local'}\n"
        "  from:\n"
        "    kind: DockerImage\n"
        "    name: quay.io/org/app:1.10\n"
    )
    assert left == []


def test_decoded_objects_never_have_fixes() -> None:
    obj = yaml.safe_load(TAG)
    assert [d for d in validate(obj) if d.fix is not None] == []
    assert any(d.fix is not None for d in lint_text(TAG))


def test_json_text_gets_the_same_edits_in_json_spelling() -> None:
    text = json.dumps(
        {
            "apiVersion": "image.openshift.io/v1",
            "kind": "ImageTag",
            "metadata": {"name": "app:v1"},
            "spec": {"name": "v1", "referencePolicy": {"type": "local"}, "frm": {}},
        },
        indent=1,
    )
    fixed, left = fix_text(text, "tag.json", unsafe=True)
    assert fixed == text.replace('"local"', '"Local"').replace('"frm"', '"from"')
    assert [d.code for d in left] == ["ITL213", "ITL216"]  # from needs kind and name: no fix


def test_a_byte_order_mark_does_not_shift_the_edits() -> None:
    fixed, _ = fix_text("\ufeff" + TAG)
    assert fixed == "\ufeff" + fix_text(TAG)[0]


def test_the_rules_declare_their_fixes() -> None:
    safe = {code for code, rule in BY_CODE.items() if rule.fixable and rule.fix_safe}
    unsafe = {code for code, rule in BY_CODE.items() if rule.fixable and not rule.fix_safe}
    assert safe >= {"ITL101", "ITL201", "ITL216", "ITL219", "ITL381"}
    assert unsafe >= {"ITL102", "ITL211", "ITL310", "ITL311", "ITL313"}


def test_fix_text_is_public() -> None:
    assert "fix_text" in imagetag_lint.__all__
    with pytest.raises(ValueError, match="unknown profile"):
        fix_text(TAG, profile="nope")


def test_to_dict_carries_the_fix() -> None:
    diagnostic = next(d for d in lint_text(TAG) if d.code == "ITL201")
    start = TAG.index("'local'")
    assert diagnostic.to_dict()["fix"] == {
        "title": 'replace "local" with "Local"',
        "safe": True,
        "edits": [{"start": start, "end": start + 7, "text": "'Local'"}],
    }
    assert diagnostic.replace(fix=None).to_dict()["fix"] is None


# --- offsets for fixers ---------------------------------------------------------------------


LOADERS = [yaml.SafeLoader, *([yaml.CSafeLoader] if hasattr(yaml, "CSafeLoader") else [])]


@pytest.fixture(params=LOADERS, ids=lambda loader: loader.__name__)
def loader(request: pytest.FixtureRequest) -> type[yaml.SafeLoader]:
    """PyYAML's composer and libyaml's: their marks must give the same offsets."""
    chosen: type[yaml.SafeLoader] = request.param
    return chosen


def _locator(text: str, loader: type[yaml.SafeLoader]) -> NodeLocator:
    root = yaml.compose(text, Loader=loader)
    assert root is not None
    return NodeLocator(root, key_text)


def _cut(text: str, span: tuple[int, int] | None) -> str | None:
    return None if span is None else text[span[0] : span[1]]


def test_offsets_are_the_nodes_own_text(loader: type[yaml.SafeLoader]) -> None:
    text = 'a: "x"  # c\nb: !!str 12\nc:\n  d: [1, 2]\n\n# after\ne: {f: g}\n'
    locator = _locator(text, loader)
    assert _cut(text, locator.offsets(text, "/a")) == '"x"'
    assert _cut(text, locator.offsets(text, "/a", "key")) == "a"
    assert _cut(text, locator.offsets(text, "/b")) == "12"  # the tag stays
    assert _cut(text, locator.offsets(text, "/c")) == "d: [1, 2]"  # not the comment after it
    assert _cut(text, locator.offsets(text, "/c/d/1")) == "2"
    assert _cut(text, locator.offsets(text, "/e/f", "key")) == "f"
    assert locator.offsets(text, "/c/d/1", "key") is None  # a list item has no key
    assert locator.offsets(text, "/c/x") is None  # no ancestor instead


def test_no_offsets_for_what_an_alias_shares(loader: type[yaml.SafeLoader]) -> None:
    text = "a: &x 1.10\nb: *x\nc: &m {d: 1}\ne: {<<: *m, f: 2}\n"
    locator = _locator(text, loader)
    assert locator.offsets(text, "/a") is None  # an edit would change b too
    assert locator.offsets(text, "/b") is None
    assert locator.offsets(text, "/c/d") is None
    assert locator.offsets(text, "/e/d") is None  # merged: it belongs to c
    assert _cut(text, locator.offsets(text, "/e/f")) == "2"


def test_member_is_the_whole_lines_of_a_block_member(loader: type[yaml.SafeLoader]) -> None:
    text = "a: 1  # one\nb:\n  c: 2\n  d:\n    - 3\n  # trailing\ne: |\n  lit\n\nf: 4"
    locator = _locator(text, loader)
    assert _cut(text, locator.member(text, "/a")) == "a: 1  # one\n"
    assert _cut(text, locator.member(text, "/b")) == "b:\n  c: 2\n  d:\n    - 3\n"
    assert _cut(text, locator.member(text, "/b/d")) == "  d:\n    - 3\n"
    assert _cut(text, locator.member(text, "/e")) == "e: |\n  lit\n\n"
    assert _cut(text, locator.member(text, "/f")) == "f: 4"  # no line break at the end


def test_no_member_where_removing_lines_would_break_the_text(loader: type[yaml.SafeLoader]) -> None:
    text = "a: {b: 1, c: 2}\nd:\n  - e: 1\n    f: 2\ng:\n  h: 1\n"
    locator = _locator(text, loader)
    assert locator.member(text, "/a/b") is None  # flow style
    assert locator.member(text, "/d/0/e") is None  # after "- "
    assert _cut(text, locator.member(text, "/d/0/f")) == "    f: 2\n"
    assert locator.member(text, "/g/h") is None  # the only member: g would become null
    assert locator.member(text, "") is None


# --- properties over generated manifests ----------------------------------------------------

_QUOTES = st.sampled_from(["{}", "'{}'", '"{}"'])
_MISTAKES = {
    "Source": ["source", "SOURCE", "Sourse"],
    "Local": ["local", "LOCAL"],
    "DockerImage": ["dockerimage", "DOCKERIMAGE", "DockerImge"],
    "Legacy": ["legacy", "LEGACY"],
    "PreserveOriginal": ["preserveoriginal", "Preserveoriginal"],
}


@dataclass(frozen=True)
class Manifest:
    meant: str  # as the author meant it
    written: str  # with the fixable mistakes
    mistakes: int


@st.composite
def manifests(draw: st.DrawFn, mistakes: bool = True) -> Manifest:
    """An ImageTag with comments, in several styles, and mistakes a safe fix corrects."""
    meant: list[str] = []
    written: list[str] = []
    count = 0

    def line(good: str, bad: str | None = None) -> None:
        nonlocal count
        comment = draw(st.sampled_from(["", "  # note", f"  # line {len(meant)}"]))
        if draw(st.booleans()):
            meant.append("# about the next line")
            written.append("# about the next line")
        meant.append(good + comment)
        if mistakes and bad is not None and draw(st.booleans()):
            good, count = bad, count + 1
        written.append(good + comment)

    def enum(prefix: str, value: str) -> None:
        quote = draw(_QUOTES)
        bad = draw(st.sampled_from(_MISTAKES[value]))
        line(prefix + quote.format(value), prefix + quote.format(bad))

    tag = draw(st.sampled_from(["v1", "1.10", "2.0", "0755", "yes"]))
    plain = tag == "v1"
    line("apiVersion: image.openshift.io/v1")
    line("kind: ImageTag")
    line("metadata:")
    line(f"  name: app:{tag}")
    line("spec:")
    line(f"  name: {tag}" if plain else f'  name: "{tag}"', None if plain else f"  name: {tag}")
    if draw(st.booleans()):
        line("  referencePolicy:")
        enum("    type: ", draw(st.sampled_from(["Source", "Local"])))
    line("  from:")
    enum("    kind: ", "DockerImage")
    line(f"    name: quay.io/org/app:{tag}")
    if draw(st.booleans()):
        line("  importPolicy:")
        enum("    importMode: ", draw(st.sampled_from(["Legacy", "PreserveOriginal"])))
    if draw(st.booleans()):
        meant.append("")
        written.append("")
    return Manifest("\n".join(meant) + "\n", "\n".join(written) + "\n", count)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _keys(diagnostics: list[Diagnostic]) -> Counter[tuple[str, str, str]]:
    return Counter((d.code, d.pointer, d.message) for d in diagnostics)


@FAST
@given(manifests())
def test_safe_fixes_give_the_manifest_as_meant(manifest: Manifest) -> None:
    fixed = fixing.fix_text(manifest.written, "tag.yaml", DEFAULT_SETTINGS)
    assert fixed.text == manifest.meant  # every other byte, comments included, unchanged
    assert fixed.diagnostics == lint_text(manifest.meant, "tag.yaml")
    assert fixed.applied == manifest.mistakes
    assert not [d for d in fixed.diagnostics if d.fix is not None and d.fix.safe]


@FAST
@given(manifests(), st.booleans())
def test_fixing_is_idempotent(manifest: Manifest, unsafe: bool) -> None:
    once, _ = fix_text(manifest.written, unsafe=unsafe)
    assert fix_text(once, unsafe=unsafe)[0] == once


@FAST
@given(manifests())
def test_a_safe_fix_never_adds_a_finding(manifest: Manifest) -> None:
    before = lint_text(manifest.written)
    for diagnostic in before:
        if diagnostic.fix is not None and diagnostic.fix.safe:
            after = lint_text(fixing.apply(manifest.written, [diagnostic.fix])[0])
            assert _keys(after) <= _keys(before)


@FAST
@given(manifests(mistakes=False))
def test_without_fixable_findings_the_text_is_returned_unchanged(manifest: Manifest) -> None:
    assert manifest.written == manifest.meant
    assert fix_text(manifest.written, unsafe=True) == (manifest.written, lint_text(manifest.meant))


@FAST
@given(manifests(), st.sampled_from(["status:\n  tags: []\n", "image:\n  dockerImageLayers: []\n"]))
def test_unsafe_removal_keeps_every_other_line(manifest: Manifest, extra: str) -> None:
    text = manifest.meant + extra
    fixed, _ = fix_text(text, unsafe=True)
    assert fixed == manifest.meant
    assert fix_text(text)[0] == text  # a removal is never safe


@FAST
@given(manifests())
def test_every_fix_edits_inside_the_text_and_nothing_overlaps(manifest: Manifest) -> None:
    for diagnostic in lint_text(manifest.written):
        if diagnostic.fix is None:
            continue
        edits = diagnostic.fix.edits
        assert all(0 <= e.start <= e.end <= len(manifest.written) for e in edits)
        assert all(a.end <= b.start for a, b in itertools.pairwise(edits))
