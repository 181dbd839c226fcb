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

        spec:
          name: latest
         from: {kind: DockerImage}

    Passes::

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

        spec:
          name: v1
          name: v2

    Passes::

        spec:
          name: v2
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

        spec:
          name: !!python/object/apply:os.system ["true"]

    Passes::

        spec:
          name: !!str 1.10
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

        metadata:
          ~: nothing

    Passes::

        metadata:
          name: app:latest
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
    The file size limit is ``max-file-size`` in the configuration.

    Fails::

        a: &a [x, x, x, x, x, x, x, x, x, x]
        b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
        # ... nine more levels

    Passes::

        spec: &spec {name: latest}
    """,
)

INVALID_ENCODING = layer_rule(
    codes.ENCODING,
    "invalid-encoding",
    Severity.ERROR,
    """
    The file is not text in an encoding YAML allows (UTF-8, or UTF-16/32 with a byte order mark).

    Binary files and text in legacy encodings cannot be read the way kubectl reads them.

    Fails: a file with the byte ``0xff`` in a UTF-8 stream.

    Passes: any UTF-8 file.
    """,
)

RULES = (INVALID_SYNTAX, DUPLICATE_KEY, UNSAFE_TAG, INVALID_KEY, INPUT_LIMIT, INVALID_ENCODING)
