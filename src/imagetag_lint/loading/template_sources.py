"""Helm, Jinja and Go template sources: text that is not a manifest until it is rendered.

A file with template directives where YAML has structure cannot be read as the
objects it will become. Such a source is recognised before it is parsed: one
``ITL001`` finding at the first directive when it names the image API
(``names_image_api``), and nothing at all when it templates other kinds.
"""

from __future__ import annotations

import re

from ..diagnostics import Span
from ..regex import lazy
from .positions import offset_span

# A template directive where YAML has structure: a line that starts with ``{{``/``{%``/``{#``,
# or an unquoted value that does (``name: {{ .Values.name }}``, ``- {{ .Values.x }}``).
# Inside quotes, ``{{ }}`` is ordinary text (alert descriptions, Go templates in annotations).
# Every class stops at a line end, so the search stays linear in the size of the text.
_TEMPLATE_DIRECTIVE = lazy(
    r"^(?P<lead>[ \t]*(?:-[ \t]+)?(?:[^\s#'\"{][^#'\"\n]*?:[ \t]+)?)(?:\{\{|\{%|\{#)",
    re.MULTILINE,
)
TEMPLATE_SOURCE_MESSAGE = (
    "this is a Helm or Jinja template, not a manifest (template syntax here):"
    " render it first and lint the output"
)
# Why a template source of other kinds is skipped (``--verbose``).
NOT_OURS_REASON = "templated text (Helm/Jinja) that names no image API kind"


# A top-level ``kind:`` line naming a kind only the image API has (or a typed list of it).
_IMAGE_KIND_LINE = lazy(
    r"^(?:kind|[ \t]*\"kind\"):[ \t]*[\"']?(?:ImageTag|ImageStream|ImageStreamTag"
    r"|ImageStreamImport|ImageStreamList|ImageTagList)[\"']?[ \t]*,?[ \t]*$",
    re.MULTILINE,
)
# ``kind: Image`` is also config.openshift.io's and kpack's: it is ours under the legacy
# group-less ``v1`` (``image.openshift.io/v1`` names the group, which is enough).
_IMAGE_LINE = lazy(r"^(?:kind|[ \t]*\"kind\"):[ \t]*[\"']?Image[\"']?[ \t]*,?[ \t]*$", re.MULTILINE)
_LEGACY_API_VERSION = lazy(
    r"^(?:apiVersion|[ \t]*\"apiVersion\"):[ \t]*[\"']?v1[\"']?[ \t]*,?[ \t]*$", re.MULTILINE
)
IMAGE_GROUP = "image.openshift.io"


def names_image_api(text: str) -> bool:
    """Whether a source names the image API anywhere: its group, or a kind only it has.

    A source that does not is none of our business, even when it cannot be read:
    broken YAML of other objects, or a Helm template of a BuildConfig, a
    ``config.openshift.io/v1`` Image or a kpack Image, is skipped without a finding.
    """
    if IMAGE_GROUP in text or _IMAGE_KIND_LINE.search(text) is not None:
        return True
    return _IMAGE_LINE.search(text) is not None and _LEGACY_API_VERSION.search(text) is not None


# A quoted value that is nothing but a Go template expression (``"name": "{{.Ref1}}"``):
# a placeholder of a generator, never a value anyone means.
_TEMPLATE_VALUE = lazy(r":[ \t]*(?P<lead>[\"'])\{\{[^\"'\n{}]*\}\}[\"']")


def template_syntax_at(text: str) -> Span | None:
    """Where a Helm, Jinja or Go template directive first sits, if anywhere."""
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return None  # both patterns need one of these; a substring test is far cheaper
    found = [
        match.end("lead")
        for match in (_TEMPLATE_DIRECTIVE.search(text), _TEMPLATE_VALUE.search(text))
        if match is not None
    ]
    if not found:
        return None
    return offset_span(text, min(found), width=2)
