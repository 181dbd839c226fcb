"""Shared by the tests: the one valid ImageTag they start from, and findings as text.

Every test that needs "a valid tag, except for this" starts from ``VALID_TAG`` (or
``valid_tag``/``valid_tag_object`` for the same manifest with other names or as an
object), so the expected line numbers of all of them count from the same text.
"""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from imagetag_lint.api import lint_text
from imagetag_lint.settings import Settings

HEAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
"""

_VALID_TAG = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: {name}
  namespace: demo
spec:
  name: {tag}
  from:
    kind: DockerImage
    name: quay.io/org/app:1.0
"""


def valid_tag(name: str = "app:v1", tag: str = "v1") -> str:
    """The valid ImageTag with ``metadata.name`` and ``spec.name`` written as given.

    Both are pasted in as YAML source, so a test can write them quoted or as a
    block scalar; the other lines (and so their numbers) stay those of ``VALID_TAG``.
    """
    return _VALID_TAG.format(name=name, tag=tag)


# A valid ImageTag manifest, without a single finding; tests append what they are about.
VALID_TAG = valid_tag()


def valid_tag_object(**spec: Any) -> dict[str, Any]:
    """``VALID_TAG`` as the object a client sends, with ``spec`` fields added or replaced."""
    obj: dict[str, Any] = yaml.safe_load(VALID_TAG)
    obj["spec"].update(spec)
    return obj


def tag(body: str) -> str:
    """An ImageTag document: the apiVersion/kind header and ``body`` (dedented)."""
    return HEAD + textwrap.dedent(body)


def findings(text: str, profile: str | None = None, settings: Settings | None = None) -> list[str]:
    """``line:col: CODE message`` of every finding outside the lint-only warnings, in order.

    The ITL3xx warnings have tests of their own (test_unusable_tags.py,
    test_security.py, ...); leaving them out keeps these tables about the server's rules.
    """
    return [
        f"{d.line}:{d.column}: {d.code} {d.message}"
        for d in lint_text(text, "t.yaml", profile=profile, settings=settings)
        if not d.code.startswith("ITL3")
    ]


def found(text: str, code: str, profile: str | None = None) -> list[str]:
    """``line:col CODE message`` of the findings of rule ``code`` only, in order.

    A table of one rule's cases stays about that rule: a case that also draws
    another rule's finding does not need to list it.
    """
    return [
        f"{d.line}:{d.column} {d.code} {d.message}"
        for d in lint_text(text, profile=profile)
        if d.code == code
    ]
