"""Rules about OpenShift Templates: what ``oc process`` does with a Template's objects.

The findings are made where the engine opens a Template (``checking.engine.check_target``
with :mod:`imagetag_lint.openshift.template_parameters`): a Template's parameters are
known only there, not to a rule that sees one object. So these rules carry only
metadata, like the loader's and the schema layer's, in a layer of their own.
"""

from __future__ import annotations

from .. import codes
from ..diagnostics import Severity
from ._rule import layer_rule

UNDECLARED_PARAMETER = layer_rule(
    codes.UNDECLARED_PARAMETER,
    "undeclared-template-parameter",
    Severity.WARNING,
    """
    A ``${PARAM}`` in a Template object names no parameter the Template declares.

    ``oc process`` replaces a reference only when ``parameters`` declares its name
    (``EvaluateParameterSubstitution`` in
    ``openshift/library-go:pkg/template/templateprocessing/template.go``); any other
    ``${NAME}`` or ``${{NAME}}`` is left in the value as written, and processing
    goes on without an error. The object is then created with the text ``${NAME}``
    (which, in a name, the server refuses), or the typo in a parameter's name goes
    unnoticed. Declare the parameter, or correct the reference. Map keys are
    searched too: ``oc process`` substitutes them as well.

    Fails::

        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: {name: app}
        parameters:
        - name: APP
        objects:
        - apiVersion: image.openshift.io/v1
          kind: ImageStream
          metadata:
            name: ${APP}
          spec:
            tags:
            - name: ${VERSION}
              from: {kind: DockerImage, name: "quay.io/org/app:${VERSION}"}

    Passes::

        apiVersion: template.openshift.io/v1
        kind: Template
        metadata: {name: app}
        parameters:
        - name: APP
        - name: VERSION
          value: "1.0"
        objects:
        - apiVersion: image.openshift.io/v1
          kind: ImageStream
          metadata:
            name: ${APP}
          spec:
            tags:
            - name: ${VERSION}
              from: {kind: DockerImage, name: "quay.io/org/app:${VERSION}"}
    """,
)

RULES = (UNDECLARED_PARAMETER,)
