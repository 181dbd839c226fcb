"""The manifests in deploy/ parse and fit together, so that `oc apply -f` gives a working webhook.

Each folder of deploy/ is one complete way to run the webhook on OpenShift: `openshift/`
with the service CA operator, `cert-manager/` with cert-manager. A name that one object
uses to find another (a label selector, a secret, a port, a namespace, a path) is easy to
change in one place and forget in the other, and a cluster only reports it as a webhook
that times out or a pod that never starts; these tests report it at once. They also hold
the manifests to what the server does (its options, its probes, its drain) and to what the
linter checks (every image kind is sent to it), and keep docs/webhook.md showing the
files as they are.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagetag_lint import cli
from imagetag_lint.openshift.kinds import IMAGE_KINDS

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
DOC = ROOT / "docs" / "webhook.md"
VARIANTS = ("openshift", "cert-manager")
FILES = sorted(DEPLOY.glob("*/*.yaml"))

# What the server documents and the manifests must respect (docs/webhook.md).
DEFAULT_PORT = 8443
DRAIN_LIMIT = 30  # seconds: a longer drain after SIGTERM ends with exit 1
# The options the Deployment runs the server with, as the deployment guide explains them.
EXPECTED_OPTIONS = {"--shutdown-delay": "5", "--metrics-port": "9090", "--max-concurrency": "4"}

IMAGE_GROUP = "image.openshift.io"
CLUSTER_SCOPED_KINDS = frozenset({"Image"})  # docs/kinds.md: every other image kind is namespaced
CLUSTER_SCOPED = frozenset({"Namespace", "ValidatingWebhookConfiguration"})
SERVICE_CA_SECRET = "service.beta.openshift.io/serving-cert-secret-name"
SERVICE_CA_INJECT = "service.beta.openshift.io/inject-cabundle"
CERT_MANAGER_INJECT = "cert-manager.io/inject-ca-from"
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"

Document = dict[str, Any]


@functools.cache
def _documents(variant: str) -> tuple[Document, ...]:
    """Every document of one folder, in the order `oc apply -f folder/` creates them."""
    found: list[Document] = []
    for path in sorted((DEPLOY / variant).glob("*.yaml")):
        found.extend(d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d)
    return tuple(found)


def _all(variant: str, kind: str) -> list[Document]:
    return [d for d in _documents(variant) if d["kind"] == kind]


def _one(variant: str, kind: str) -> Document:
    found = _all(variant, kind)
    assert len(found) == 1, f"{variant}: {len(found)} objects of kind {kind}, expected one"
    return found[0]


def _pod(variant: str) -> Document:
    pod: Document = _one(variant, "Deployment")["spec"]["template"]
    return pod


def _container(variant: str) -> Document:
    (container,) = _pod(variant)["spec"]["containers"]
    result: Document = container
    return result


def _options(variant: str) -> dict[str, str]:
    """The container's `serve --flag value ...` arguments as a mapping; every flag takes a value."""
    container = _container(variant)
    command, args = container["command"], container["args"]
    assert command == ["imagetag-lint"]
    assert args[0] == "serve"
    flags, values = args[1::2], args[2::2]
    assert len(flags) == len(values), f"a flag without a value in {args}"
    assert all(isinstance(v, str) for v in args), "Kubernetes takes every argument as a string"
    assert all(f.startswith("--") for f in flags), args
    assert len(set(flags)) == len(flags), f"a flag given twice in {args}"
    return dict(zip(flags, values, strict=True))


def _serving_port(variant: str) -> int:
    return int(_options(variant).get("--port", DEFAULT_PORT))


def _container_port(variant: str, port: int | str) -> int:
    """A port as a probe or a Service names it: a number, or the name of a container port."""
    if isinstance(port, int):
        return port
    named = [p["containerPort"] for p in _container(variant)["ports"] if p["name"] == port]
    assert named, f"{variant}: no container port named {port!r}"
    number: int = named[0]
    return number


def _service_port(variant: str, name: str) -> Document:
    (port,) = [p for p in _one(variant, "Service")["spec"]["ports"] if p["name"] == name]
    result: Document = port
    return result


def _labels_match(selector: Mapping[str, str], labels: Mapping[str, str]) -> bool:
    return all(labels.get(key) == value for key, value in selector.items())


def _annotations(document: Document) -> dict[str, str]:
    annotations: dict[str, str] = document["metadata"].get("annotations") or {}
    return annotations


def _without_annotations(document: Document) -> Document:
    metadata = {k: v for k, v in document["metadata"].items() if k != "annotations"}
    return {**document, "metadata": metadata}


def _serving_secret(variant: str) -> str:
    """The secret the serving certificate is written to, as the certificate's issuer is told."""
    if variant == "openshift":
        return _annotations(_one(variant, "Service"))[SERVICE_CA_SECRET]
    (serving,) = [c for c in _all(variant, "Certificate") if not c["spec"].get("isCA")]
    secret: str = serving["spec"]["secretName"]
    return secret


def _webhook(variant: str) -> Document:
    (webhook,) = _one(variant, "ValidatingWebhookConfiguration")["webhooks"]
    result: Document = webhook
    return result


def test_every_folder_holds_manifests() -> None:
    assert {path.parent.name for path in FILES} == set(VARIANTS)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_manifest_parses_and_names_itself(path: Path) -> None:
    documents = [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]
    assert documents, f"{path.name} holds no document"
    for document in documents:
        assert set(document) >= {"apiVersion", "kind", "metadata"}, document
        metadata = document["metadata"]
        assert metadata.get("name"), document
        assert ("namespace" in metadata) == (document["kind"] not in CLUSTER_SCOPED), metadata


@pytest.mark.parametrize("variant", VARIANTS)
def test_apply_creates_the_namespace_first_and_the_webhook_last(variant: str) -> None:
    kinds = [d["kind"] for d in _documents(variant)]
    assert kinds[0] == "Namespace"
    assert kinds[-1] == "ValidatingWebhookConfiguration"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_object_lives_in_the_webhooks_namespace(variant: str) -> None:
    namespace = _one(variant, "Namespace")["metadata"]["name"]
    for document in _documents(variant):
        if document["kind"] not in CLUSTER_SCOPED:
            assert document["metadata"]["namespace"] == namespace, document["metadata"]
    assert _webhook(variant)["clientConfig"]["service"]["namespace"] == namespace
    assert (
        _pod(variant)["spec"]["serviceAccountName"]
        == _one(variant, "ServiceAccount")["metadata"]["name"]
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_selectors_choose_the_webhooks_pods(variant: str) -> None:
    deployment = _one(variant, "Deployment")
    labels = _pod(variant)["metadata"]["labels"]
    selector = deployment["spec"]["selector"]["matchLabels"]
    assert set(deployment["spec"]["selector"]) == {"matchLabels"}
    assert _labels_match(selector, labels)
    assert _labels_match(_one(variant, "Service")["spec"]["selector"], labels)
    budget = _one(variant, "PodDisruptionBudget")["spec"]
    assert budget["selector"] == {"matchLabels": selector}
    for constraint in _pod(variant)["spec"].get("topologySpreadConstraints", []):
        assert _labels_match(constraint["labelSelector"]["matchLabels"], labels)


@pytest.mark.parametrize("variant", VARIANTS)
def test_a_disruption_leaves_one_replica_answering(variant: str) -> None:
    deployment = _one(variant, "Deployment")["spec"]
    budget = _one(variant, "PodDisruptionBudget")["spec"]
    assert deployment["replicas"] == 2
    assert budget["minAvailable"] == 1
    assert deployment["strategy"]["rollingUpdate"]["maxUnavailable"] == 0


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_webhook_calls_the_service_on_the_serving_port(variant: str) -> None:
    service = _one(variant, "Service")
    client = _webhook(variant)["clientConfig"]
    assert set(client) == {"service"}, "no url, and no caBundle: it is injected"
    target = client["service"]
    assert target["name"] == service["metadata"]["name"]
    assert target["namespace"] == service["metadata"]["namespace"]
    assert target["path"] == "/validate"
    (port,) = [p for p in service["spec"]["ports"] if p["port"] == target["port"]]
    assert port["port"] == 443
    assert _container_port(variant, port["targetPort"]) == _serving_port(variant) == 8443


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_metrics_port_is_the_servers(variant: str) -> None:
    port = _service_port(variant, "metrics")
    metrics = int(_options(variant)["--metrics-port"])
    assert _container_port(variant, port["targetPort"]) == metrics
    assert metrics != _serving_port(variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_probes_ask_the_server_over_https(variant: str) -> None:
    container = _container(variant)
    for probe, path in (("readinessProbe", "/readyz"), ("livenessProbe", "/livez")):
        request = container[probe]["httpGet"]
        assert request["path"] == path
        assert request["scheme"] == "HTTPS"
        assert _container_port(variant, request["port"]) == _serving_port(variant)


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_serving_certificate_is_the_mounted_secret(variant: str) -> None:
    options = _options(variant)
    (mount,) = _container(variant)["volumeMounts"]
    (volume,) = [v for v in _pod(variant)["spec"]["volumes"] if v["name"] == mount["name"]]
    assert volume["secret"]["secretName"] == _serving_secret(variant)
    assert mount["readOnly"] is True
    # A subPath mount is never updated: the server could not reload a renewed certificate.
    assert "subPath" not in mount
    assert posixpath.dirname(options["--cert"]) == mount["mountPath"]
    assert posixpath.dirname(options["--key"]) == mount["mountPath"]
    # The names both issuers use for the files of a TLS secret.
    assert posixpath.basename(options["--cert"]) == "tls.crt"
    assert posixpath.basename(options["--key"]) == "tls.key"


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_grace_period_covers_the_shutdown_delay_and_the_drain(variant: str) -> None:
    grace = _pod(variant)["spec"]["terminationGracePeriodSeconds"]
    delay = float(_options(variant)["--shutdown-delay"])
    assert grace > delay + DRAIN_LIMIT


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_server_runs_with_the_documented_options(variant: str) -> None:
    options = _options(variant)
    assert {flag: options.get(flag) for flag in EXPECTED_OPTIONS} == EXPECTED_OPTIONS
    assert "--client-ca" not in options, "optional: the guide explains when to add it"


def test_serve_accepts_every_option_of_the_manifests(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        cli.main(["serve", "--help"])
    assert stopped.value.code == 0
    usage = capsys.readouterr().out
    flags = {flag for variant in VARIANTS for flag in _options(variant)} | {"--client-ca"}
    missing = sorted(
        f for f in flags if not re.search(rf"(?<![\w-]){re.escape(f)}(?![\w-])", usage)
    )
    assert not missing, f"`imagetag-lint serve` has no option {missing}"


@pytest.mark.parametrize("variant", VARIANTS)
def test_every_kind_the_linter_checks_is_sent_to_the_webhook(variant: str) -> None:
    scopes: dict[str, str] = {}
    for rule in _webhook(variant)["rules"]:
        assert rule["apiGroups"] == [IMAGE_GROUP]
        assert rule["apiVersions"] == ["v1"]
        assert sorted(rule["operations"]) == ["CREATE", "UPDATE"]
        for resource in rule["resources"]:
            assert resource not in scopes, f"{resource} in two rules"
            scopes[resource] = rule["scope"]
    # The resource of each kind is its plural: imagetags, imagestreams, ..., images.
    expected = {
        f"{kind.lower()}s": "Cluster" if kind in CLUSTER_SCOPED_KINDS else "Namespaced"
        for kind in IMAGE_KINDS
    }
    assert scopes == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_webhook_is_safe_for_the_api_server(variant: str) -> None:
    webhook = _webhook(variant)
    assert webhook["sideEffects"] == "None"
    assert webhook["admissionReviewVersions"] == ["v1"]
    assert 1 <= webhook["timeoutSeconds"] <= 30
    assert webhook["failurePolicy"] in {"Fail", "Ignore"}
    assert webhook["name"].count(".") >= 2, "a webhook name is a fully qualified name"


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_webhook_leaves_its_own_namespace_alone(variant: str) -> None:
    namespace = _one(variant, "Namespace")["metadata"]["name"]
    expressions = _webhook(variant)["namespaceSelector"]["matchExpressions"]
    excluded = [
        e["values"]
        for e in expressions
        if e["key"] == NAMESPACE_NAME_LABEL and e["operator"] == "NotIn"
    ]
    assert any(namespace in values for values in excluded)


def test_openshift_the_service_ca_issues_and_injects() -> None:
    configuration = _one("openshift", "ValidatingWebhookConfiguration")
    assert _annotations(configuration) == {SERVICE_CA_INJECT: "true"}
    assert set(_annotations(_one("openshift", "Service"))) == {SERVICE_CA_SECRET}
    assert not _all("openshift", "Certificate")


def test_cert_manager_issues_and_injects() -> None:
    namespace = _one("cert-manager", "Namespace")["metadata"]["name"]
    service = _one("cert-manager", "Service")["metadata"]["name"]
    certificates = {c["metadata"]["name"]: c for c in _all("cert-manager", "Certificate")}
    issuers = {i["metadata"]["name"]: i for i in _all("cert-manager", "Issuer")}
    configuration = _one("cert-manager", "ValidatingWebhookConfiguration")
    assert set(_annotations(configuration)) == {CERT_MANAGER_INJECT}
    assert not _annotations(_one("cert-manager", "Service"))
    injected_namespace, injected = _annotations(configuration)[CERT_MANAGER_INJECT].split("/")
    assert injected_namespace == namespace
    serving = certificates[injected]["spec"]
    assert serving["secretName"] == _serving_secret("cert-manager")
    # The API server checks the certificate against <service>.<namespace>.svc.
    assert f"{service}.{namespace}.svc" in serving["dnsNames"]
    assert f"{service}.{namespace}.svc.cluster.local" in serving["dnsNames"]
    assert "server auth" in serving["usages"]
    # Every certificate has an issuer here; the serving one's is a CA kept in a Certificate.
    for certificate in certificates.values():
        reference = certificate["spec"]["issuerRef"]
        assert reference["kind"] == "Issuer"
        assert reference["name"] in issuers
    ca_issuer = issuers[serving["issuerRef"]["name"]]["spec"]["ca"]
    (ca,) = [c for c in certificates.values() if c["spec"].get("isCA")]
    assert ca["spec"]["secretName"] == ca_issuer["secretName"]
    assert "selfSigned" in issuers[ca["spec"]["issuerRef"]["name"]]["spec"]


def test_the_variants_run_the_same_workload() -> None:
    """Only how the certificate is issued and injected differs; the rest is one copy."""
    for kind in ("Namespace", "ServiceAccount", "Deployment", "PodDisruptionBudget"):
        assert _one("openshift", kind) == _one("cert-manager", kind), kind
    for kind in ("Service", "ValidatingWebhookConfiguration"):
        same = [_without_annotations(_one(variant, kind)) for variant in VARIANTS]
        assert same[0] == same[1], kind


@pytest.mark.parametrize("variant", VARIANTS)
def test_the_pod_meets_restricted_v2(variant: str) -> None:
    pod = _pod(variant)["spec"]
    container = _container(variant)
    assert pod["securityContext"]["runAsNonRoot"] is True
    assert pod["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    context = container["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["allowPrivilegeEscalation"] is False
    assert context["readOnlyRootFilesystem"] is True
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert context["seccompProfile"] == {"type": "RuntimeDefault"}
    # The SCC assigns the user from the namespace's range: a fixed one would be refused.
    for scope in (pod["securityContext"], context):
        assert "runAsUser" not in scope
        assert "privileged" not in scope
    assert not {"hostNetwork", "hostPID", "hostIPC"} & set(pod)
    assert all(set(volume) == {"name", "secret"} for volume in pod["volumes"])
    assert pod["automountServiceAccountToken"] is False
    resources = container["resources"]
    assert set(resources["requests"]) == set(resources["limits"]) == {"cpu", "memory"}


def _shown_in_docs() -> dict[str, str]:
    """A line that starts with `deploy/...yaml`:, then the next YAML block: path -> block."""
    pattern = re.compile(
        r"^`(deploy/[\w./-]+\.yaml)`:(?:(?!```).)*?```yaml\n(.*?)^```$", re.DOTALL | re.MULTILINE
    )
    return dict(pattern.findall(DOC.read_text(encoding="utf-8")))


def test_the_docs_show_the_files_as_they_are() -> None:
    shown = _shown_in_docs()
    for path, block in shown.items():
        assert (ROOT / path).is_file(), f"docs/webhook.md shows {path}, which does not exist"
        assert block == (ROOT / path).read_text(encoding="utf-8"), f"{path} differs from the docs"
    # All of the OpenShift folder, and what the cert-manager folder does differently.
    openshift = {path.name for path in (DEPLOY / "openshift").glob("*.yaml")}
    expected = {f"deploy/openshift/{name}" for name in openshift} | {
        f"deploy/cert-manager/{path.name}"
        for path in (DEPLOY / "cert-manager").glob("*.yaml")
        if path.name not in openshift
        or path.read_bytes() != (DEPLOY / "openshift" / path.name).read_bytes()
    }
    assert set(shown) == expected
