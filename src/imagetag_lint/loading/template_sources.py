"""Helm, Jinja and Go template sources: text that is not a manifest until it is rendered.

A file with template directives where YAML has structure cannot be read as the
objects it will become. Such a source is recognised before it is parsed: one
``ITL001`` finding at the first directive when it names a kind this tool lints,
and nothing at all when it templates other kinds.
"""

from __future__ import annotations

import re

from ..diagnostics import Span
from .positions import offset_span

# A template directive where YAML has structure: a line that starts with ``{{``/``{%``/``{#``,
# or an unquoted value that does (``name: {{ .Values.name }}``, ``- {{ .Values.x }}``).
# Inside quotes, ``{{ }}`` is ordinary text (alert descriptions, Go templates in annotations).
# Every class stops at a line end, so the search stays linear in the size of the text.
_TEMPLATE_DIRECTIVE = re.compile(
    r"^(?P<lead>[ \t]*(?:-[ \t]+)?(?:[^\s#'\"{][^#'\"\n]*?:[ \t]+)?)(?:\{\{|\{%|\{#)",
    re.MULTILINE,
)
TEMPLATE_SOURCE_MESSAGE = (
    "this is a Helm or Jinja template, not a manifest (template syntax here):"
    " render it first and lint the output"
)


# A top-level ``kind:`` line naming something this tool lints (or a wrapper of it).
_IMAGE_KIND_LINE = re.compile(
    r"^(?:kind|[ \t]*\"kind\"):[ \t]*[\"']?(?:ImageTag|ImageStream|ImageStreamTag"
    r"|ImageStreamImport|Image|List|ImageStreamList|ImageTagList|Template)[\"']?[ \t]*,?[ \t]*$",
    re.MULTILINE,
)


def names_image_kind(text: str) -> bool:
    """Whether a source has a top-level ``kind:`` line of a kind this tool lints.

    A Helm template of other objects (a BuildConfig, a Deployment) is none of our
    business, just as the rendered objects would be: it is skipped without a finding.
    """
    return _IMAGE_KIND_LINE.search(text) is not None


# A quoted value that is nothing but a Go template expression (``"name": "{{.Ref1}}"``):
# a placeholder of a generator, never a value anyone means.
_TEMPLATE_VALUE = re.compile(r":[ \t]*(?P<lead>[\"'])\{\{[^\"'\n{}]*\}\}[\"']")


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
