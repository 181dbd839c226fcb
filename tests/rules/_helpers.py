"""Shared by the rule tests: lint a small ImageTag and list its findings as text."""

from __future__ import annotations

import textwrap

from imagetag_lint.api import lint_text
from imagetag_lint.settings import Settings

HEAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
"""


def tag(body: str) -> str:
    """An ImageTag document: the apiVersion/kind header and ``body`` (dedented)."""
    return HEAD + textwrap.dedent(body)


def findings(text: str, profile: str | None = None, settings: Settings | None = None) -> list[str]:
    """``line:col: CODE message`` of every finding outside the lint-only warnings, in order.

    The ITL3xx warnings have tests of their own (test_tagnames.py, test_security.py,
    ...); leaving them out keeps these tables about the server's rules.
    """
    return [
        f"{d.line}:{d.column}: {d.code} {d.message}"
        for d in lint_text(text, "t.yaml", profile=profile, settings=settings)
        if not d.code.startswith("ITL3")
    ]


# A valid ImageTag manifest; tests append what they are about.
VALID_TAG = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
  namespace: demo
spec:
  name: v1
  from:
    kind: DockerImage
    name: quay.io/org/app:1.0
"""
