"""Rules about the linter's own directives: suppression comments that silence nothing."""

from __future__ import annotations

from .. import codes
from ..diagnostics import Severity
from ._rule import layer_rule

UNUSED_SUPPRESSION = layer_rule(
    codes.UNUSED_SUPPRESSION,
    "unused-suppression",
    Severity.WARNING,
    """
    A suppression comment silences nothing, or names a rule that does not exist.

    A comment left behind after the finding was fixed hides the next real
    finding on that line without anyone noticing; a misspelt code never silenced
    anything. Suppressions of rules that are not enabled in the run are not reported.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest  # imagetag-lint: disable=ITL102

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
          nmae: v2  # imagetag-lint: disable=ITL102
    """,
)

RULES = (UNUSED_SUPPRESSION,)
