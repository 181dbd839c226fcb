"""Input rules: what goes wrong before there is an object to check."""

from __future__ import annotations

from .. import codes
from ..diagnostics import Severity
from ._rule import layer_rule

INVALID_SYNTAX = layer_rule(
    codes.SYNTAX,
    "invalid-syntax",
    Severity.ERROR,
    """
    The file is not valid YAML or JSON.

    Nothing after the error can be read, so nothing after it is linted. kubectl
    refuses such a file before anything reaches the server.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
         from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
    """,
)

DUPLICATE_KEY = layer_rule(
    codes.DUPLICATE_KEY,
    "duplicate-key",
    Severity.ERROR,
    """
    A mapping has the same key twice.

    YAML parsers keep one of the values silently (PyYAML and kubectl the last);
    ``kubectl create`` with its default strict field validation refuses the
    object (``duplicate field``). The finding is on the second key.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: v1
          name: latest

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
    """,
    server="R3",
)

UNSAFE_TAG = layer_rule(
    codes.UNSAFE_TAG,
    "unsupported-tag",
    Severity.ERROR,
    """
    A value carries a YAML tag kubectl does not understand (``!!python/object``, ``!foo``).

    imagetag-lint never constructs objects from tags; the value is read as plain
    data and reported. Only the standard tags (``!!str``, ``!!int``, ``!!bool``,
    ``!!float``, ``!!null``, ``!!map``, ``!!seq``, ``!!binary``, ``!!timestamp``) are accepted.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec: !!python/object:__main__.Spec {name: latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec: !!map {name: latest}
    """,
)

INVALID_KEY = layer_rule(
    codes.INVALID_KEY,
    "invalid-key",
    Severity.ERROR,
    """
    A mapping key is null, a mapping or a list.

    JSON object keys are strings; kubectl turns numbers and booleans into their
    text but refuses a null or complex key.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:latest
          ~: nothing
        spec: {name: latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:latest
        spec: {name: latest}
    """,
)

INPUT_LIMIT = layer_rule(
    codes.LIMIT,
    "input-limit",
    Severity.ERROR,
    """
    The input is beyond a safety limit: too large, nested too deep, or aliases that expand too far.

    A "billion laughs" document repeats anchors until it is gigabytes in memory;
    imagetag-lint stops at a bounded size and reports where, instead of hanging.
    A document may expand to at most 1,000,000 values and nest at most 100 levels
    deep; the file size limit is ``max-file-size`` in the configuration.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata:
          name: app:latest
          labels:  # six levels of ten: over a million values
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
        spec: {name: latest}

    Fails (max-file-size: 100)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:  # 174 bytes in all
          name: latest
          from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: app}
        spec:
          tags:
          - name: "1.0"
            from: &app {kind: DockerImage, name: quay.io/org/app:1.0}
          - name: stable
            from: *app
    """,
)

INVALID_ENCODING = layer_rule(
    codes.ENCODING,
    "invalid-encoding",
    Severity.ERROR,
    """
    The file is not text in an encoding YAML allows (UTF-8, or UTF-16/32 with a byte order mark).

    Binary files and text in legacy encodings cannot be read the way kubectl reads them,
    even when the odd bytes are only in a comment.

    Fails (encoding: latin-1)::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}  # Café
        spec: {name: latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}  # Café
        spec: {name: latest}
    """,
)

RULES = (INVALID_SYNTAX, DUPLICATE_KEY, UNSAFE_TAG, INVALID_KEY, INPUT_LIMIT, INVALID_ENCODING)
