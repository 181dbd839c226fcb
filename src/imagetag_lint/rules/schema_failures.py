"""Schema rules: one code per kind of JSON Schema failure.

The schemas are generated from the documented API fields (``imagetag_lint/schemas/``); these
rules only name and document what the schema layer reports.
"""

from __future__ import annotations

from .. import codes
from ..diagnostics import Severity
from ._fixes import quote_for_string, rename_unknown_field
from ._rule import layer_rule

INVALID_TYPE = layer_rule(
    codes.TYPE,
    "invalid-type",
    Severity.ERROR,
    """
    A field has the wrong JSON type: a string where a boolean or integer is wanted, or the reverse.

    The API server decodes the object into Go types and refuses it with
    ``json: cannot unmarshal ...``. Unquoted YAML scalars are a common cause:
    ``name: 1.10`` is the number 1.1 and ``reference: "yes"`` is a string; the
    message says when quoting fixes it.

    Fix (safe), when the message says to quote: the unquoted scalar is put in
    double quotes (``name: 1.10`` becomes ``name: "1.10"``; the same for ``on``,
    ``yes``, ``0755``, ``86197e4``). The server refuses any type but a string
    there, so the object can only have meant the text as written, which is
    exactly what the quoted scalar holds. Other type errors have no fix.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:1.10}
        spec:
          name: 1.10
          reference: "true"

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:1.10}
        spec:
          name: "1.10"
          reference: true
    """,
    server="R2",
    fix=quote_for_string,
)

UNKNOWN_FIELD = layer_rule(
    codes.UNKNOWN_FIELD,
    "unknown-field",
    Severity.ERROR,
    """
    A field that the API type does not have, usually a typo.

    ``kubectl`` and ``oc`` (``create``, ``apply``, ``replace``) validate with
    ``--validate=strict`` unless told otherwise: they send the request with
    ``fieldValidation=Strict``, and the API server refuses it with HTTP 400
    (``strict decoding error: unknown field "spec.referencPolicy"``, catalogue R3);
    against a server without server-side field validation kubectl checks the
    object against the server's published schema itself and refuses it just the
    same. With ``--validate=warn``, and for a client that sends no
    ``fieldValidation`` (the server's default is ``Warn``), the server drops the
    field and answers with a warning; with ``--validate=false`` (``ignore``) it
    drops it silently. Either way the field never does what it says. The finding
    is on the key, with the closest known field as a hint.

    Fix (unsafe), when the hint names one field: the key is renamed to it
    (``frm:`` becomes ``from:``). The server would refuse or drop the field, so
    the rename does not break what works, but it gives the value a meaning it
    never had: a field that is now read and validated, perhaps not the one the
    author meant. No fix when the mapping already has a key of that name.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
          referencPolicy: {type: Local}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
          referencePolicy: {type: Local}
    """,
    server="R3",
    fix=rename_unknown_field,
    fix_safe=False,
)

MISSING_REQUIRED = layer_rule(
    codes.REQUIRED,
    "missing-required",
    Severity.ERROR,
    """
    A required field is missing; the finding is on the key of the mapping that lacks it.

    Which fields are required depends on the profile. In the ``manifest``
    profile (what people write) only what the server requires on create counts:
    ``spec`` of an ImageTag (C1) and the fields of an ownerReference (M11: the
    server reads an absent one as empty and refuses it; ITL207 reports those that
    are there but empty). In the ``object`` profile (what the API returns) every
    documented ``required`` list applies: ``status.items[].created``,
    ``image.dockerImageLayers[].size``, ...

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec: {name: latest}
    """,
)

INVALID_FORMAT = layer_rule(
    codes.FORMAT,
    "invalid-format",
    Severity.ERROR,
    """
    A string is not in the format its type needs: an RFC 3339 time, or standard base64.

    Times (``status.items[].created``, condition times, ``creationTimestamp``)
    are decoded before the server drops or replaces them, so a bad time fails even
    a create (``parsing time ... as "2006-01-02T15:04:05Z07:00"``). Signature
    ``content`` and ``dockerImageSignatures`` are base64.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest, creationTimestamp: 2024-05-01 12:00}
        spec: {name: latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest, creationTimestamp: "2024-05-01T12:00:00Z"}
        spec: {name: latest}

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageSignatures: [not base64!]

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageSignatures: [c2lnbmF0dXJl]
    """,
    server="R2",
)

OUT_OF_RANGE = layer_rule(
    codes.RANGE,
    "out-of-range",
    Severity.ERROR,
    """
    An integer does not fit the 64-bit field it is decoded into.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 9223372036854775808  # one more than the largest int64

    Passes::

        apiVersion: image.openshift.io/v1
        kind: Image
        metadata:
          name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
        dockerImageReference: quay.io/org/app:1.0
        dockerImageLayers:
        - name: sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
          size: 9223372036854775807
    """,
    server="R2",
)

INVALID_VALUE = layer_rule(
    codes.VALUE,
    "invalid-value",
    Severity.ERROR,
    """
    A value is not one of those the schema allows (its ``enum`` or ``const``).

    The finding would be on the value, with jsonschema's message. No schema
    shipped today lists allowed values (the API documents its enumerations in
    prose, and the rules that know them report with codes of their own), so
    this rule reports nothing yet; it names the failure for schemas that will.
    No example can show it: no input produces it (a test holds that true).
    """,
)

SCHEMA_VIOLATION = layer_rule(
    codes.OTHER,
    "schema-violation",
    Severity.ERROR,
    """
    Any other schema failure (a pattern, a length, a combination of alternatives).

    The message would be jsonschema's; for ``anyOf``/``oneOf`` the best-matching
    alternative's. The schemas shipped today use no keyword beyond those the
    rules above report, so this rule reports nothing yet; it keeps a failure of
    a keyword a future schema adds from going unnamed. No example can show it:
    no input produces it (a test holds that true).
    """,
)

RULES = (
    INVALID_TYPE,
    UNKNOWN_FIELD,
    MISSING_REQUIRED,
    INVALID_FORMAT,
    OUT_OF_RANGE,
    INVALID_VALUE,
    SCHEMA_VIOLATION,
)
