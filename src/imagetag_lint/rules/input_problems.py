"""Input rules: what goes wrong before there is an object to check.

Most are the loader's (ITL0xx); ITL230 is the engine's, made where it decides
which documents are ours (``openshift.kinds.header_problems``): a header kubectl
refuses on a document meant for the image API is an error the server would
never see, so it is in the error range with the catalogue's K ids.
"""

from __future__ import annotations

from .. import codes
from ..diagnostics import Severity
from ._fixes import fix_header
from ._rule import layer_rule

INVALID_SYNTAX = layer_rule(
    codes.SYNTAX,
    "invalid-syntax",
    Severity.ERROR,
    """
    The file is not valid YAML or JSON, as kubectl reads it.

    Nothing after a syntax error can be read, so nothing after it is linted.
    kubectl refuses such a file before anything reaches the server (catalogue
    K1). kubectl also splits a YAML stream into documents line by line before
    parsing it, and refuses a line that starts with ``---`` followed by anything
    but spaces or a ``#`` comment (``--- text``, ``---apiVersion: v1``), even
    where libyaml reads it as YAML: ``invalid Yaml document separator`` (K2;
    not checked in files read piece by piece, 8 MiB and more).

    Text that cannot be read and names nothing of the image API (its group
    ``image.openshift.io``, or a kind only it has) is not ours: a broken
    ConfigMap or a Helm template of a ``config.openshift.io`` Image gets no
    finding, so a pre-commit hook does not fail on files it does not lint.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
         from: {kind: DockerImage, name: quay.io/org/app:1.0}

    Fails::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:v1}
        spec: {name: v1}
        --- the next tag

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec:
          name: latest
          from: {kind: DockerImage, name: quay.io/org/app:1.0}
        --- # the next tag
    """,
    server="K1",
)

DUPLICATE_KEY = layer_rule(
    codes.DUPLICATE_KEY,
    "duplicate-key",
    Severity.ERROR,
    """
    A mapping has the same key twice: the earlier value is lost without a word.

    kubectl reads YAML and JSON with go-yaml, which keeps the last value and
    drops the earlier ones before anything is sent, so the server's own
    ``duplicate field`` check never sees them and nothing is refused (catalogue
    K6). The object is created with a value you may not have meant. The
    finding is on each later key.

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
    text but refuses a null or complex key (``error converting YAML to JSON:
    yaml: invalid map key``, catalogue K3).

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
    server="K3",
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

UNKNOWN_KIND = layer_rule(
    codes.UNKNOWN_KIND,
    "unknown-kind",
    Severity.ERROR,
    """
    A document meant for the image API has an ``apiVersion`` or ``kind`` kubectl refuses.

    kubectl and oc look the header up through discovery before sending anything
    (catalogue K4) and refuse what no resource serves: a missing ``apiVersion``
    (or a misspelt key such as ``apiversion``), an unknown version
    (``image.openshift.io/v1beta1``, ``image.openshift.io``), a near miss of the
    group (``imag.openshift.io``), an unknown kind (``Imagestream``,
    ``ImageStreams``, ``Imagetag``), and ``ImageTag`` under the legacy
    group-less ``v1``, which never served it. A ``kind`` that is missing or not a
    string is ``Object 'Kind' is missing`` (K5). The message gives kubectl's own
    words, ``no matches for kind "X" in version "Y"``, with the header most
    likely meant. Items of a ``List`` are checked the same way (K7).

    A document is taken to be meant for us when its group is
    ``image.openshift.io`` or a near miss of it, when its kind is one of ours with
    a missing or group-less ``apiVersion``, or when its kind is a near miss of
    one of ours (another case, a plural, an edit or two) under
    ``image.openshift.io/v1`` or ``v1``. Look-alikes of other groups are not:
    ``config.openshift.io`` ``Image``, kpack's ``Image``, ``ImageTagMirrorSet``,
    kustomize's ``ImageTagTransformer``; they are skipped without a finding.

    Fix (safe), when the did-you-mean is unique: the ``kind`` or ``apiVersion``
    value is replaced (its quoting kept), a misspelt ``apiVersion`` key is
    renamed, and a missing ``apiVersion`` is added above ``kind``. kubectl
    refuses the document as written, so no object that could be created changes
    meaning; a document with two mistakes is fixed one header field at a time.

    Fails::

        apiVersion: image.openshift.io/v1
        kind: Imagestream
        metadata: {name: my-app}

    Fails::

        apiVersion: v1
        kind: ImageTag
        metadata: {name: app:latest}
        spec: {name: latest}

    Passes::

        apiVersion: image.openshift.io/v1
        kind: ImageStream
        metadata: {name: my-app}
    """,
    server="K4",
    fix=fix_header,
)

RULES = (
    INVALID_SYNTAX,
    DUPLICATE_KEY,
    UNSAFE_TAG,
    INVALID_KEY,
    INPUT_LIMIT,
    INVALID_ENCODING,
    UNKNOWN_KIND,
)
