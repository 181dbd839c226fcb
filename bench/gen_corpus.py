#!/usr/bin/env python3
"""Generate the seeded benchmark corpus of OpenShift ``ImageTag`` documents.

Usage::

    python bench/gen_corpus.py --out DIR [--seed 20240501] [--files 2000]
                               [--stream-docs 20000] [--invalid 200] [--manifests 2000]
                               [--emitter fast|pyyaml] [--verify]

Standard library and PyYAML only. The output depends on the seed (and the emitter)
alone: the same seed writes byte-identical files. Layout under ``DIR`` (see
``bench/README.md``):

* ``files/yaml/it-NNNNN.yaml`` and ``files/json/it-NNNNN.json``: ImageTag objects as
  ``oc get imagetag -o yaml|json`` prints them (metadata, spec, status, image), 2-11 KiB
  of YAML each, median about 5.5 KiB. All are valid for the API server and for the
  ``object`` profile (every documented required field present).
* ``stream.yaml`` / ``stream.jsonl``: further documents of the same kind in one
  multi-document YAML stream and as JSON Lines.
* ``invalid/yaml/inv-NNNNN.yaml``, ``invalid/json/inv-NNNNN.json``,
  ``invalid-stream.yaml``: object documents with 1-3 injected errors each;
  ``invalid/expected.jsonl`` lists every injected error with its JSON pointer.
* ``typical.yaml`` / ``typical.json``: the median-size document of ``files/``.
* ``manifests/yaml/mf-NNNNN.yaml``: small manifest-style ImageTags (what people write
  and apply: metadata name/namespace and spec only).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Doc = dict[str, Any]
Key = str | int
Ptr = tuple[Key, ...]

DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
EMITTER = "fast"  # or "pyyaml": yaml.dump with DUMPER (see --emitter)

DEFAULT_SEED = 20240501
MIN_BYTES = 2 * 1024
MAX_BYTES = 11 * 1024
EPOCH_START = 1_672_531_200  # 2023-01-01T00:00:00Z
EPOCH_END = 1_714_521_600  # 2024-05-01T00:00:00Z

INTERNAL_REGISTRY = "image-registry.openshift-image-registry.svc:5000"

# (registry, repository, stream name, tag style, family)
UPSTREAM_IMAGES: tuple[tuple[str, str, str, str, str], ...] = (
    ("registry.redhat.io", "rhel9/postgresql-15", "postgresql", "rh", "postgresql"),
    ("registry.redhat.io", "rhel9/postgresql-16", "postgresql", "rh", "postgresql"),
    ("registry.redhat.io", "rhel9/redis-7", "redis", "rh", "redis"),
    ("registry.redhat.io", "rhel8/mariadb-105", "mariadb", "rh", "mariadb"),
    ("registry.redhat.io", "rhel9/mysql-80", "mysql", "rh", "mysql"),
    ("registry.redhat.io", "ubi9/ubi-minimal", "ubi-minimal", "ubi", "base"),
    ("registry.redhat.io", "ubi9/ubi", "ubi", "ubi", "base"),
    ("registry.redhat.io", "ubi9/nodejs-20", "nodejs", "rh", "nodejs"),
    ("registry.redhat.io", "ubi9/nodejs-18-minimal", "nodejs-minimal", "rh", "nodejs"),
    ("registry.redhat.io", "ubi9/python-311", "python", "rh", "python"),
    ("registry.redhat.io", "ubi8/openjdk-17", "openjdk-17", "rh", "java"),
    ("registry.redhat.io", "ubi8/openjdk-21-runtime", "openjdk-21-runtime", "rh", "java"),
    (
        "registry.redhat.io",
        "jboss-eap-7/eap74-openjdk11-openshift-rhel8",
        "jboss-eap74",
        "rh",
        "java",
    ),
    ("registry.redhat.io", "rhel9/go-toolset", "golang", "go", "golang"),
    ("registry.redhat.io", "openshift4/ose-cli", "cli", "ocp", "base"),
    ("registry.access.redhat.com", "ubi9/httpd-24", "httpd", "rh", "httpd"),
    ("registry.access.redhat.com", "ubi9/nginx-122", "nginx", "rh", "nginx"),
    ("registry.access.redhat.com", "ubi8/dotnet-80", "dotnet", "rh", "dotnet"),
    ("quay.io", "prometheus/node-exporter", "node-exporter", "semver_v", "go-app"),
    ("quay.io", "prometheus/prometheus", "prometheus", "semver_v", "go-app"),
    ("quay.io", "prometheus/alertmanager", "alertmanager", "semver_v", "go-app"),
    (
        "quay.io",
        "jetstack/cert-manager-controller",
        "cert-manager-controller",
        "semver_v",
        "go-app",
    ),
    ("quay.io", "keycloak/keycloak", "keycloak", "semver", "java"),
    ("quay.io", "argoproj/argocd", "argocd", "semver_v", "go-app"),
    ("quay.io", "strimzi/kafka", "kafka", "strimzi", "java"),
    ("quay.io", "sclorg/mariadb-1011-c9s", "mariadb", "date", "mariadb"),
    ("quay.io", "sclorg/postgresql-15-c9s", "postgresql", "date", "postgresql"),
    ("quay.io", "openshift/origin-cli", "origin-cli", "ocp", "base"),
    ("quay.io", "minio/minio", "minio", "minio", "go-app"),
    ("docker.io", "library/nginx", "nginx", "semver", "nginx"),
    ("docker.io", "library/redis", "redis", "semver", "redis"),
    ("docker.io", "library/postgres", "postgres", "pg", "postgresql"),
    ("docker.io", "library/alpine", "alpine", "semver", "base"),
    ("docker.io", "bitnami/kafka", "kafka", "semver", "java"),
    ("docker.io", "grafana/grafana", "grafana", "semver", "go-app"),
    ("docker.io", "hashicorp/vault", "vault", "semver", "go-app"),
    ("ghcr.io", "dexidp/dex", "dex", "semver_v", "go-app"),
    ("ghcr.io", "external-secrets/external-secrets", "external-secrets", "semver_v", "go-app"),
    ("ghcr.io", "fluxcd/source-controller", "source-controller", "semver_v", "go-app"),
    (
        "registry.k8s.io",
        "ingress-nginx/controller",
        "ingress-nginx-controller",
        "semver_v",
        "go-app",
    ),
    ("registry.k8s.io", "metrics-server/metrics-server", "metrics-server", "semver_v", "go-app"),
    ("gcr.io", "distroless/static-debian12", "distroless-static", "distroless", "base"),
    ("mcr.microsoft.com", "dotnet/aspnet", "dotnet-aspnet", "dotnet", "dotnet"),
    ("public.ecr.aws", "docker/library/busybox", "busybox", "semver", "base"),
    ("nexus.apps.example.com:8443", "platform/payments-api", "payments-api", "semver", "java"),
    (
        "harbor.corp.example.net",
        "shared/jenkins-agent-maven",
        "jenkins-agent-maven",
        "semver",
        "java",
    ),
)
INTERNAL_APPS: tuple[tuple[str, str], ...] = (
    ("payments-api", "java"),
    ("orders-service", "java"),
    ("storefront", "nodejs"),
    ("checkout", "nodejs"),
    ("inventory", "golang"),
    ("notification-worker", "python"),
    ("auth-gateway", "golang"),
    ("reporting-batch", "python"),
    ("pricing-engine", "java"),
    ("search-indexer", "python"),
)
NAMESPACES: tuple[str, ...] = (
    "payments",
    "team-data",
    "platform-images",
    "ci",
    "monitoring-tools",
    "openshift",
    "shop-db",
    "storefront",
    "cert-manager-images",
    "sso",
    "web",
    "cache",
    "build-tools",
    "integration",
    "analytics",
    "infra-images",
    "dev-apps",
    "staging-apps",
    "prod-apps",
)
ARCHES: tuple[tuple[str, str], ...] = (
    ("amd64", ""),
    ("arm64", "v8"),
    ("ppc64le", ""),
    ("s390x", ""),
    ("arm", "v7"),
    ("386", ""),
)
LAYER_TYPES = (
    "application/vnd.docker.image.rootfs.diff.tar.gzip",
    "application/vnd.oci.image.layer.v1.tar+gzip",
)
MANIFEST_TYPES = (
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
)
LIST_TYPES = (
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.index.v1+json",
)
FAMILY_ENV: dict[str, tuple[str, ...]] = {
    "postgresql": (
        "POSTGRESQL_VERSION=15",
        "POSTGRESQL_PREV_VERSION=13",
        "HOME=/var/lib/pgsql",
        "PGUSER=postgres",
        "APP_DATA=/opt/app-root",
    ),
    "redis": (
        "REDIS_VERSION=7",
        "HOME=/var/lib/redis",
        "CONTAINER_SCRIPTS_PATH=/usr/share/container-scripts/redis",
    ),
    "mariadb": (
        "MYSQL_VERSION=10.11",
        "APP_DATA=/opt/app-root/src",
        "HOME=/var/lib/mysql",
        "MYSQL_PREFIX=/usr",
    ),
    "mysql": ("MYSQL_VERSION=8.0", "APP_DATA=/opt/app-root/src", "HOME=/var/lib/mysql"),
    "nodejs": (
        "NODEJS_VERSION=20",
        "NPM_RUN=start",
        "NAME=nodejs",
        "NPM_CONFIG_PREFIX=/opt/app-root/src/.npm-global",
        "PATH=/opt/app-root/src/node_modules/.bin/:/opt/app-root/src/.npm-global/bin/:/opt/app-root/src/bin:/opt/app-root/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin",
    ),
    "python": (
        "PYTHON_VERSION=3.11",
        "PYTHONUNBUFFERED=1",
        "PYTHONIOENCODING=UTF-8",
        "PIP_NO_CACHE_DIR=off",
        "BASH_ENV=/opt/app-root/bin/activate",
        "ENV=/opt/app-root/bin/activate",
    ),
    "java": (
        "JAVA_HOME=/usr/lib/jvm/java-17",
        "JAVA_VENDOR=openjdk",
        "JAVA_VERSION=17",
        "JBOSS_CONTAINER_OPENJDK_JDK_MODULE=/opt/jboss/container/openjdk/jdk",
        "JBOSS_IMAGE_NAME=ubi8/openjdk-17",
        "JBOSS_IMAGE_VERSION=1.18",
        "AB_PROMETHEUS_JMX_EXPORTER_CONFIG=/opt/jboss/container/prometheus/etc/jmx-exporter-config.yaml",
        "MAVEN_VERSION=3.8",
        "S2I_SOURCE_DEPLOYMENTS_FILTER=*.jar quarkus-app",
    ),
    "golang": (
        "GOPATH=/opt/app-root/src/go",
        "GO_MAJOR_VERSION=1",
        "GO_MINOR_VERSION=21",
        "CGO_ENABLED=0",
    ),
    "httpd": (
        "HTTPD_VERSION=2.4",
        "HTTPD_CONTAINER_SCRIPTS_PATH=/usr/share/container-scripts/httpd/",
        "HTTPD_APP_ROOT=/opt/app-root",
        "HTTPD_CONFIGURATION_PATH=/opt/app-root/etc/httpd.d",
        "HTTPD_MAIN_CONF_PATH=/etc/httpd/conf",
        "HTTPD_DATA_PATH=/var/www",
    ),
    "nginx": (
        "NGINX_VERSION=1.22",
        "NGINX_SHORT_VER=122",
        "NGINX_CONF_PATH=/etc/nginx/nginx.conf",
        "NGINX_DEFAULT_CONF_PATH=/opt/app-root/etc/nginx.default.d",
    ),
    "dotnet": (
        "DOTNET_APP_PATH=/opt/app-root/app",
        "DOTNET_DATA_PATH=/opt/app-root/data",
        "DOTNET_DEFAULT_CMD=default-cmd.sh",
        "DOTNET_RUNNING_IN_CONTAINER=true",
        "ASPNETCORE_URLS=http://*:8080",
        "DOTNET_VERSION=8.0.4",
    ),
    "go-app": ("SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",),
    "base": ("LANG=C.utf8",),
}
COMMON_ENV = (
    "container=oci",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "HOME=/opt/app-root/src",
    "APP_ROOT=/opt/app-root",
    "PLATFORM=el9",
    "LANG=C.utf8",
    "STI_SCRIPTS_URL=image:///usr/libexec/s2i",
    "STI_SCRIPTS_PATH=/usr/libexec/s2i",
    "SUMMARY=Platform for building and running applications",
    "DESCRIPTION=This container image provides a runtime for building and running applications. "
    "Users can choose between RHEL, CentOS Stream and Fedora based images.",
)
RH_LABELS: tuple[tuple[str, str], ...] = (
    ("architecture", "x86_64"),
    ("build-date", "@date"),
    ("com.redhat.component", "@component"),
    (
        "com.redhat.license_terms",
        "https://www.redhat.com/en/about/red-hat-end-user-license-agreements#UBI",
    ),
    ("description", "@description"),
    ("distribution-scope", "public"),
    ("io.buildah.version", "1.33.7"),
    ("io.k8s.description", "@description"),
    ("io.k8s.display-name", "@display"),
    ("io.openshift.expose-services", "8080:http"),
    ("io.openshift.s2i.scripts-url", "image:///usr/libexec/s2i"),
    ("io.openshift.tags", "@tags"),
    ("io.s2i.scripts-url", "image:///usr/libexec/s2i"),
    ("maintainer", "SoftwareCollections.org <sclorg@redhat.com>"),
    ("name", "@repo"),
    ("release", "@release"),
    ("summary", "@display"),
    ("url", "@url"),
    ("usage", "s2i build <SOURCE-REPOSITORY> @repo:latest <APP-NAME>"),
    ("vcs-ref", "@sha1"),
    ("vcs-type", "git"),
    ("vendor", "Red Hat, Inc."),
    ("version", "@version"),
    ("org.opencontainers.image.created", "@date"),
    ("org.opencontainers.image.revision", "@sha1"),
    ("org.opencontainers.image.source", "@source"),
    ("org.opencontainers.image.title", "@display"),
    ("org.opencontainers.image.version", "@version"),
)
SIGNERS: tuple[tuple[str, str, str], ...] = (
    ("Red Hat, Inc.", "Red Hat Product Security", "0x199e2f91fd431d51"),
    ("Red Hat, Inc.", "Red Hat Release Key 3", "0x5054e4a45a6340b3"),
    ("Example Corp", "Example Corp Image Signing", "0x685ebe62bf278440"),
)
IMPORT_FAILURES: tuple[tuple[str, str], ...] = (
    ("NotFound", 'dockerimage.image.openshift.io "{ref}" not found'),
    ("Unauthorized", 'you may not have access to the container image "{ref}"'),
    (
        "InternalError",
        'Internal error occurred: {ref}: Get "https://{host}/v2/": net/http: TLS handshake timeout',
    ),
)


@dataclass
class Plan:
    """Random choices for one object document; the generator shrinks or grows it."""

    items: int
    layers: int
    manifests: int
    env: int
    labels: int
    signatures: int
    spec_annotations: bool
    condition: bool


GROUPS = (
    "files/yaml",
    "files/json",
    "stream.yaml",
    "stream.jsonl",
    "invalid/yaml",
    "invalid/json",
    "manifests/yaml",
)


@dataclass
class Stats:
    """Byte sizes of one output group."""

    sizes: list[int] = field(default_factory=list)

    def add(self, size: int) -> None:
        self.sizes.append(size)

    def line(self, name: str) -> str:
        if not self.sizes:
            return f"{name:<16} {0:>6} docs"
        total = sum(self.sizes)
        return (
            f"{name:<16} {len(self.sizes):>6} docs  {total / 1048576:7.2f} MiB  "
            f"median {statistics.median(self.sizes) / 1024:6.2f} KiB  "
            f"min {min(self.sizes) / 1024:6.2f} KiB  max {max(self.sizes) / 1024:6.2f} KiB"
        )


_RESOLVER: Any = yaml.resolver.Resolver()
_RESOLVED_FIRST = frozenset(k for k in yaml.resolver.Resolver.yaml_implicit_resolvers if k)
_NOT_FIRST = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_PLAIN_CHARS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    " _./@+=,:;()<>!?%&*$^~-'\"[]{}|\\`#"
)
_KEY_CACHE: dict[str, str] = {}
_STR_CACHE: dict[str, str] = {}


def _plain_ok(text: str) -> bool:
    """True when ``text`` can be written as a plain scalar and reads back as this string."""
    if not text or text[0] in _NOT_FIRST or text[-1] in " :":
        return False
    if not _PLAIN_CHARS.issuperset(text) or ": " in text or " #" in text:
        return False
    if text[0] in _RESOLVED_FIRST:
        tag = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))
        return bool(tag == "tag:yaml.org,2002:str")
    return True


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        text = _STR_CACHE.get(value)
        if text is None:
            if len(_STR_CACHE) > 100_000:
                _STR_CACHE.clear()
            text = _STR_CACHE[value] = value if _plain_ok(value) else json.dumps(value)
        return text
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _key(key: str) -> str:
    text = _KEY_CACHE.get(key)
    if text is None:
        text = _KEY_CACHE[key] = _scalar(key)
    return text


def _mapping(node: Doc, indent: str, out: list[str], sort_keys: bool) -> None:
    for key in sorted(node) if sort_keys else node:
        value = node[key]
        if value and isinstance(value, dict):
            out.append(f"{indent}{_key(key)}:\n")
            _mapping(value, indent + "  ", out, sort_keys)
        elif value and isinstance(value, list):
            out.append(f"{indent}{_key(key)}:\n")
            _sequence(value, indent, out, sort_keys)
        else:
            out.append(f"{indent}{_key(key)}: {_scalar(value)}\n")


def _sequence(node: list[Any], indent: str, out: list[str], sort_keys: bool) -> None:
    inner = indent + "  "
    for item in node:
        if item and isinstance(item, dict | list):
            sub: list[str] = []
            if isinstance(item, dict):
                _mapping(item, inner, sub, sort_keys)
            else:
                _sequence(item, inner, sub, sort_keys)
            sub[0] = indent + "- " + sub[0][len(inner) :]
            out.extend(sub)
        else:
            out.append(f"{indent}- {_scalar(item)}\n")


def to_yaml(doc: Doc, *, sort_keys: bool = True) -> str:
    """One YAML document in block style, keys sorted as ``oc get -o yaml`` prints them.

    A small emitter for JSON-like data (dicts, lists, str, int, float, bool, None):
    PyYAML's representer costs about 1.7 ms per object document, this about a tenth.
    Strings are plain where PyYAML would read them back as the same string, else
    double-quoted; ``--verify`` re-reads every document with PyYAML.
    """
    if EMITTER == "pyyaml":
        text: str = yaml.dump(doc, Dumper=DUMPER, default_flow_style=False, sort_keys=sort_keys)
        return text
    out: list[str] = []
    _mapping(doc, "", out, sort_keys)
    return "".join(out)


def to_json(doc: Any) -> str:
    return json.dumps(doc, indent=2) + "\n"


def to_jsonl(doc: Any) -> str:
    return json.dumps(doc, separators=(",", ":")) + "\n"


def pointer(path: Ptr) -> str:
    """RFC 6901 JSON pointer of ``path``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


class Gen:
    """Deterministic generator of valid ImageTag documents."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.rv = rng.randrange(10_000_000, 90_000_000)

    # -- small helpers -------------------------------------------------------
    def hex(self, n: int = 64) -> str:
        return f"{self.rng.getrandbits(n * 4):0{n}x}"

    def digest(self) -> str:
        return "sha256:" + self.hex()

    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def resource_version(self) -> str:
        self.rv += self.rng.randrange(1, 5000)
        return str(self.rv)

    @staticmethod
    def ts(epoch: int) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))

    def weighted(self, values: Sequence[int], weights: Sequence[float]) -> int:
        return self.rng.choices(values, weights)[0]

    def version_tag(self, style: str) -> str:
        r = self.rng
        if style == "rh":
            return r.choice(
                (
                    f"1-{r.randrange(20, 140)}",
                    "latest",
                    f"1-{r.randrange(20, 140)}.{r.randrange(1700000000, 1714000000)}",
                )
            )
        if style == "ubi":
            return r.choice(
                (
                    f"9.{r.randrange(2, 5)}",
                    f"9.{r.randrange(2, 5)}-{r.randrange(900, 1300)}",
                    "latest",
                )
            )
        if style == "ocp":
            return f"4.{r.randrange(12, 17)}"
        if style == "go":
            return f"1.{r.randrange(19, 22)}.{r.randrange(0, 12)}-{r.randrange(1, 30)}"
        if style == "semver_v":
            return f"v{r.randrange(0, 3)}.{r.randrange(0, 30)}.{r.randrange(0, 12)}"
        if style == "semver":
            return f"{r.randrange(1, 25)}.{r.randrange(0, 12)}.{r.randrange(0, 12)}"
        if style == "date":
            return time.strftime("%Y%m%d", time.gmtime(r.randrange(EPOCH_START, EPOCH_END)))
        if style == "strimzi":
            return f"0.{r.randrange(36, 42)}.0-kafka-3.{r.randrange(5, 8)}.0"
        if style == "pg":
            return r.choice(
                (f"{r.randrange(13, 17)}.{r.randrange(1, 9)}", f"{r.randrange(13, 17)}-alpine")
            )
        if style == "minio":
            return "RELEASE." + time.strftime(
                "%Y-%m-%dT%H-%M-%SZ", time.gmtime(r.randrange(EPOCH_START, EPOCH_END))
            )
        if style == "distroless":
            return r.choice(("nonroot", "latest", "debug-nonroot"))
        if style == "dotnet":
            return f"{r.choice((6, 7, 8))}.0.{r.randrange(0, 30)}"
        return "latest"

    # -- one object ----------------------------------------------------------
    def plan(self, manifest_list: bool) -> Plan:
        r = self.rng
        return Plan(
            items=self.weighted(range(1, 13), (14, 14, 13, 12, 10, 9, 7, 6, 5, 4, 3, 3)),
            layers=0 if manifest_list else r.randrange(2, 12),
            manifests=r.randrange(2, 7) if manifest_list else 0,
            env=r.randrange(3, 10),
            labels=r.randrange(4, len(RH_LABELS) + 1),
            signatures=self.weighted((0, 1, 2), (80, 15, 5)),
            spec_annotations=r.random() < 0.3,
            condition=r.random() < 0.15,
        )

    def source(self) -> tuple[str, str, str, str]:
        """(registry/repository, stream name, tag, family) of the tag's image."""
        r = self.rng
        if r.random() < 0.2:
            app, family = r.choice(INTERNAL_APPS)
            ns = r.choice(NAMESPACES[:12]) if r.random() < 0.7 else "ci-op-" + self.hex(8)
            tag = r.choice(
                (
                    f"v{r.randrange(1, 4)}.{r.randrange(0, 20)}.{r.randrange(0, 9)}",
                    f"build-{r.randrange(100, 9999)}",
                    self.hex(7),
                    "latest",
                )
            )
            return f"{INTERNAL_REGISTRY}/{ns}/{app}", app, tag, family
        registry, repo, stream, style, family = r.choice(UPSTREAM_IMAGES)
        return f"{registry}/{repo}", stream, self.version_tag(style), family

    def build(self) -> tuple[Doc, str]:
        """A valid ImageTag object of 2-11 KiB of YAML, and that YAML."""
        r = self.rng
        manifest_list = r.random() < 0.25
        plan = self.plan(manifest_list)
        seed = r.getrandbits(64)
        for _ in range(12):
            doc = self.render(plan, manifest_list, seed)
            text = to_yaml(doc)
            size = len(text)
            if size > MAX_BYTES:
                if plan.signatures:
                    plan.signatures -= 1
                elif plan.items > 1:
                    plan.items = max(1, plan.items - 3)
                elif plan.layers > 2:
                    plan.layers -= 3
                else:
                    plan.labels = max(0, plan.labels - 6)
            elif size < MIN_BYTES:
                plan.items += 2
                plan.labels = min(len(RH_LABELS), plan.labels + 4)
            else:
                break
        return doc, text

    def render(self, plan: Plan, manifest_list: bool, seed: int) -> Doc:
        """Build the document for ``plan``; the same seed gives the same choices."""
        saved = self.rng
        self.rng = random.Random(seed)
        try:
            return self._render(plan, manifest_list)
        finally:
            self.rng = saved

    def _render(self, plan: Plan, manifest_list: bool) -> Doc:
        r = self.rng
        repo, stream, tag, family = self.source()
        registry = repo.split("/", 1)[0]
        namespace = r.choice(NAMESPACES)
        stream_gen = r.randrange(1, 60)
        spec_gen = r.randrange(max(1, stream_gen - 10), stream_gen + 1)
        created0 = r.randrange(EPOCH_START, EPOCH_END - 86400 * 120)
        same_stream = r.random() < 0.12
        ref_policy = "Local" if r.random() < 0.4 else "Source"
        import_mode = "PreserveOriginal" if manifest_list else "Legacy"

        # status history, newest first
        events: list[Doc] = []
        t = created0 + r.randrange(60, 86400)
        gen = max(1, spec_gen - plan.items)
        stamps: list[tuple[int, int]] = []
        for _ in range(plan.items):
            t += r.randrange(3600, 86400 * 10)
            gen = min(spec_gen, gen + r.choice((0, 1, 1, 2)))
            stamps.append((t, gen))
        stamps[-1] = (stamps[-1][0], spec_gen)
        digests = [self.digest() for _ in stamps]
        for (when, g), dg in zip(reversed(stamps), reversed(digests), strict=True):
            events.append(
                {
                    "created": self.ts(when),
                    "dockerImageReference": f"{repo}@{dg}",
                    "image": dg,
                    "generation": g,
                }
            )
        newest = events[0]
        newest_t = stamps[-1][0]

        if same_stream:
            other = r.choice(("latest", "stable", "1", "2", "prod", "candidate"))
            other = other if other != tag else f"{tag}-base"
            source_ref: Doc = {"kind": "ImageStreamTag", "name": other}
        elif r.random() < 0.25:
            source_ref = {"kind": "DockerImage", "name": f"{repo}@{newest['image']}"}
        else:
            source_ref = {"kind": "DockerImage", "name": f"{repo}:{tag}"}
        import_policy: Doc = {"importMode": import_mode}
        if source_ref["kind"] == "DockerImage" and r.random() < 0.45:
            import_policy["scheduled"] = True
        if registry.startswith("nexus.") and r.random() < 0.5:
            import_policy["insecure"] = True

        spec: Doc = {
            "name": tag,
            "annotations": self.spec_annotations(stream, tag, family)
            if plan.spec_annotations
            else None,
            "from": source_ref,
            "generation": spec_gen,
            "importPolicy": import_policy,
            "referencePolicy": {"type": ref_policy},
        }
        status: Doc = {"tag": tag, "items": events}
        if plan.condition:
            reason, message = r.choice(IMPORT_FAILURES)
            ref = source_ref["name"] if source_ref["kind"] == "DockerImage" else f"{repo}:{tag}"
            status["conditions"] = [
                {
                    "type": "ImportSuccess",
                    "status": "False",
                    "lastTransitionTime": self.ts(newest_t + r.randrange(3600, 86400 * 5)),
                    "reason": reason,
                    "message": message.format(ref=ref, host=registry),
                    "generation": spec_gen,
                }
            ]

        metadata: Doc = {
            "name": f"{stream}:{tag}",
            "namespace": namespace,
            "uid": self.uid(),
            "resourceVersion": self.resource_version(),
            "generation": stream_gen,
            "creationTimestamp": self.ts(created0),
        }
        if r.random() < 0.35:
            metadata["labels"] = {
                "app.kubernetes.io/part-of": r.choice(("base-images", "platform", stream)),
                "app.kubernetes.io/managed-by": r.choice(("argocd", "helm", "kustomize")),
            }
        if r.random() < 0.5:
            metadata["annotations"] = {
                "openshift.io/image.dockerRepositoryCheck": self.ts(newest_t + 30)
            }

        image = self.image(plan, newest, newest_t, repo, stream, tag, family, manifest_list)
        return {
            "kind": "ImageTag",
            "apiVersion": "image.openshift.io/v1",
            "metadata": metadata,
            "spec": spec,
            "status": status,
            "image": image,
        }

    def spec_annotations(self, stream: str, tag: str, family: str) -> dict[str, str]:
        display = f"{stream.replace('-', ' ').title()} {tag}"
        return {
            "description": f"Build and run {family} applications on UBI. For more information "
            f"about using this builder image, see https://github.com/sclorg/{stream}-container.",
            "iconClass": f"icon-{family}",
            "openshift.io/display-name": display,
            "openshift.io/provider-display-name": "Red Hat, Inc.",
            "sampleRepo": f"https://github.com/sclorg/{stream}-ex.git",
            "supports": f"{stream}:{tag},{stream}",
            "tags": f"builder,{family}",
            "version": tag,
        }

    def image(
        self,
        plan: Plan,
        newest: Doc,
        newest_t: int,
        repo: str,
        stream: str,
        tag: str,
        family: str,
        manifest_list: bool,
    ) -> Doc:
        r = self.rng
        name = newest["image"]
        built = newest_t - r.randrange(3600, 86400 * 20)
        metadata: Doc = {
            "name": name,
            "uid": self.uid(),
            "resourceVersion": self.resource_version(),
            "creationTimestamp": self.ts(newest_t),
            "annotations": {
                "image.openshift.io/dockerLayersOrder": "ascending",
                "image.openshift.io/manifestBlobStored": "true",
                "openshift.io/image.managed": "true",
            },
        }
        image: Doc = {"metadata": metadata, "dockerImageReference": newest["dockerImageReference"]}
        if manifest_list:
            image["dockerImageMetadata"] = {
                "kind": "DockerImage",
                "apiVersion": "image.openshift.io/1.0",
                "Id": self.digest(),
                "Created": self.ts(built),
                "ContainerConfig": {},
                "Architecture": "amd64",
                "Size": r.randrange(20_000_000, 400_000_000),
                "Config": self.config(plan, repo, stream, tag, family, built),
            }
            image["dockerImageMetadataVersion"] = "1.0"
            entry_type = r.choice(MANIFEST_TYPES)
            image["dockerImageManifests"] = [
                self.manifest_entry(arch, variant, entry_type)
                for arch, variant in ARCHES[: plan.manifests]
            ]
            image["dockerImageManifestMediaType"] = (
                LIST_TYPES[1] if entry_type == MANIFEST_TYPES[1] else LIST_TYPES[0]
            )
        else:
            layer_type = r.choice(LAYER_TYPES)
            sizes = [self.layer_size(i) for i in range(plan.layers)]
            layers: list[Doc] = [
                {"name": self.digest(), "size": size, "mediaType": layer_type} for size in sizes
            ]
            image["dockerImageMetadata"] = {
                "kind": "DockerImage",
                "apiVersion": "image.openshift.io/1.0",
                "Id": self.digest(),
                "Created": self.ts(built),
                "ContainerConfig": {},
                "Config": self.config(plan, repo, stream, tag, family, built),
                "Architecture": "amd64",
                "Size": sum(sizes) + r.randrange(1000, 20000),
            }
            image["dockerImageMetadataVersion"] = "1.0"
            image["dockerImageLayers"] = layers
            image["dockerImageManifestMediaType"] = (
                MANIFEST_TYPES[1] if layer_type == LAYER_TYPES[1] else MANIFEST_TYPES[0]
            )
        if plan.signatures:
            image["signatures"] = [
                self.signature(name, repo, tag, newest_t) for _ in range(plan.signatures)
            ]
        return image

    def layer_size(self, index: int) -> int:
        if index == 0:
            return self.rng.randrange(20_000_000, 95_000_000)
        return int(
            self.rng.choice(
                (
                    self.rng.randrange(200, 5000),
                    self.rng.randrange(5000, 2_000_000),
                    self.rng.randrange(2_000_000, 160_000_000),
                )
            )
        )

    def manifest_entry(self, arch: str, variant: str, media_type: str) -> Doc:
        entry: Doc = {
            "digest": self.digest(),
            "mediaType": media_type,
            "manifestSize": self.rng.randrange(428, 3200),
            "architecture": arch,
            "os": "linux",
        }
        if variant and self.rng.random() < 0.7:
            entry["variant"] = variant
        return entry

    def config(self, plan: Plan, repo: str, stream: str, tag: str, family: str, built: int) -> Doc:
        r = self.rng
        by_name = {e.split("=", 1)[0]: e for e in (*COMMON_ENV, *FAMILY_ENV.get(family, ()))}
        env_pool = list(by_name.values())
        env = env_pool[:2] + r.sample(env_pool[2:], min(max(0, plan.env - 2), len(env_pool) - 2))
        short = repo.split("/", 1)[-1]
        values = {
            "@date": self.ts(built),
            "@component": f"{stream}-container",
            "@description": f"{stream} {tag} container image, built from {short}.",
            "@display": f"{stream} {tag}",
            "@tags": family if family == stream else f"{family},{stream}",
            "@repo": short,
            "@release": str(r.randrange(1, 200)),
            "@url": f"https://catalog.redhat.com/software/containers/{short}/images/{tag}",
            "@sha1": self.hex(40),
            "@source": f"https://github.com/example/{stream}",
            "@version": tag,
        }
        labels = {key: values.get(value, value) for key, value in RH_LABELS[: plan.labels]}
        config: Doc = {
            "User": r.choice(("1001", "default", "65532:65532", "0")),
            "ExposedPorts": {f"{r.choice((8080, 8443, 5432, 6379, 3306, 9100))}/tcp": {}},
            "Env": env,
            "Cmd": r.choice(
                (
                    ["/usr/bin/run-" + stream],
                    ["/bin/sh", "-c", "$STI_SCRIPTS_PATH/usage"],
                    ["run"],
                    ["--config", f"/etc/{stream}/config.yaml"],
                )
            ),
            "WorkingDir": r.choice(("/opt/app-root/src", "/", "/var/lib/" + stream)),
            "Labels": labels,
        }
        if r.random() < 0.4:
            config["Entrypoint"] = ["/usr/bin/container-entrypoint"]
        return config

    def signature(self, image_name: str, repo: str, tag: str, when: int) -> Doc:
        r = self.rng
        organization, common_name, key_id = r.choice(SIGNERS)
        content = base64.b64encode(r.randbytes(r.randrange(380, 620))).decode("ascii")
        probe = self.ts(when + r.randrange(60, 3600))
        return {
            "metadata": {
                "name": f"{image_name}@{self.hex(32)}",
                "creationTimestamp": self.ts(when),
            },
            "type": "AtomicImageV1",
            "content": content,
            "conditions": [
                {
                    "type": "Trusted",
                    "status": "True",
                    "lastProbeTime": probe,
                    "lastTransitionTime": probe,
                    "reason": "Verified",
                    "message": "signature verified with a trusted key",
                },
                {
                    "type": "ForImage",
                    "status": "True",
                    "lastProbeTime": probe,
                    "lastTransitionTime": probe,
                    "reason": "Matched",
                    "message": "signature matches the image digest",
                },
            ],
            "imageIdentity": f"{repo}:{tag}",
            "signedClaims": {"docker-reference": f"{repo}:{tag}"},
            "created": self.ts(when - r.randrange(60, 86400)),
            "issuedBy": {"organization": organization, "commonName": common_name},
            "issuedTo": {
                "organization": organization,
                "commonName": common_name,
                "publicKeyID": key_id,
            },
        }

    # -- manifest-style (what people write) ----------------------------------
    def manifest(self) -> tuple[Doc, str]:
        """A small ImageTag as written by hand, and an optional leading comment."""
        r = self.rng
        repo, stream, tag, _family = self.source()
        meta: Doc = {"name": f"{stream}:{tag}", "namespace": r.choice(NAMESPACES)}
        if r.random() < 0.3:
            meta["labels"] = {
                "app.kubernetes.io/part-of": r.choice(("base-images", "platform", stream))
            }
        spec: Doc = {"name": tag}
        roll = r.random()
        if roll < 0.15:
            other = r.choice(("latest", "stable", "prod", "candidate"))
            spec["from"] = {
                "kind": "ImageStreamTag",
                "name": other if other != tag else f"{tag}-rc",
            }
        else:
            pinned = r.random() < 0.3
            name = f"{repo}@{self.digest()}" if pinned else f"{repo}:{tag}"
            spec["from"] = {"kind": "DockerImage", "name": name}
            if roll < 0.25:
                spec["reference"] = True
            elif r.random() < 0.6:
                policy: Doc = {}
                if not pinned and r.random() < 0.7:
                    policy["scheduled"] = True
                policy["importMode"] = "PreserveOriginal" if r.random() < 0.25 else "Legacy"
                spec["importPolicy"] = policy
        if r.random() < 0.6:
            spec["referencePolicy"] = {"type": "Local" if r.random() < 0.5 else "Source"}
        if r.random() < 0.15:
            spec["annotations"] = {
                "description": f"{stream} {tag} for the {meta['namespace']} team"
            }
        doc: Doc = {
            "apiVersion": "image.openshift.io/v1",
            "kind": "ImageTag",
            "metadata": meta,
            "spec": spec,
        }
        comment = ""
        if r.random() < 0.2:
            comment = f"# {stream} {tag}: managed in git, applied by CI\n"
        return doc, comment


# -- error injection -----------------------------------------------------------


@dataclass(frozen=True)
class Injected:
    kind: str
    pointer: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "pointer": self.pointer, "detail": self.detail}


def get(doc: Any, path: Ptr) -> Any:
    node = doc
    for part in path:
        node = node[part]
    return node


def conflicts(path: Ptr, used: list[Ptr]) -> bool:
    return any(path[: len(u)] == u or u[: len(path)] == path for u in used)


def rename_key(parent: Doc, old: str, new: str) -> None:
    """Rename a key, keeping its position among the others."""
    items = list(parent.items())
    parent.clear()
    for key, value in items:
        parent[new if key == old else key] = value


class Injector:
    """Injects realistic errors into a valid object document."""

    KINDS = (
        "missing_required",
        "wrong_type",
        "bad_digest",
        "unknown_field",
        "bad_enum",
        "layers_and_manifests",
        "bad_timestamp",
    )

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def inject(self, doc: Doc, count: int) -> list[Injected]:
        used: list[Ptr] = []
        done: list[Injected] = []
        kinds = self.rng.sample(self.KINDS, len(self.KINDS))
        for kind in kinds:
            if len(done) == count:
                break
            method: Callable[[Doc, list[Ptr]], Injected | None] = getattr(self, kind)
            result = method(doc, used)
            if result is not None:
                done.append(result)
        return done

    def pick(self, candidates: list[Ptr], used: list[Ptr]) -> Ptr | None:
        free = [c for c in candidates if not conflicts(c, used)]
        if not free:
            return None
        path = self.rng.choice(free)
        used.append(path)
        return path

    @staticmethod
    def indexed(doc: Doc, base: Ptr, keys: Sequence[str]) -> list[Ptr]:
        try:
            seq = get(doc, base)
        except (KeyError, IndexError, TypeError):
            return []
        if not isinstance(seq, list):
            return []
        return [(*base, i, k) for i in range(len(seq)) for k in keys if k in seq[i]]

    def missing_required(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        cands = self.indexed(
            doc, ("status", "items"), ("created", "dockerImageReference", "image", "generation")
        )
        cands += [("status", "tag"), ("spec", "name")]
        cands += self.indexed(doc, ("image", "dockerImageLayers"), ("name", "size", "mediaType"))
        cands += self.indexed(
            doc,
            ("image", "dockerImageManifests"),
            ("digest", "mediaType", "manifestSize", "architecture", "os"),
        )
        cands += self.indexed(doc, ("image", "signatures"), ("type", "content"))
        cands += self.indexed(doc, ("status", "conditions"), ("type", "status", "generation"))
        path = self.pick(cands, used)
        if path is None:
            return None
        del get(doc, path[:-1])[path[-1]]
        return Injected("missing_required", pointer(path), f"removed required field {path[-1]!r}")

    def wrong_type(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        cands: list[Ptr] = [
            ("spec", "generation"),
            ("spec", "reference"),
            ("spec", "importPolicy", "scheduled"),
        ]
        cands += self.indexed(doc, ("status", "items"), ("generation", "created"))
        cands += self.indexed(doc, ("image", "dockerImageLayers"), ("size",))
        cands += self.indexed(doc, ("image", "dockerImageManifests"), ("manifestSize",))
        cands.append(("image", "dockerImageMetadata", "Size"))
        if "labels" in doc["metadata"]:
            cands.append(("metadata", "labels", "version"))
        path = self.pick(cands, used)
        if path is None:
            return None
        parent = get(doc, path[:-1])
        key = path[-1]
        old = parent.get(key)
        new: Any
        if key == "reference":
            new = self.rng.choice(("yes", "true"))
        elif key == "scheduled":
            new = self.rng.choice(("yes", "true", 1))
        elif key == "created":
            new = self.rng.randrange(EPOCH_START, EPOCH_END)
        elif key == "version":
            new = self.rng.choice((2, 3.1, 15))
        else:
            new = str(old)
        parent[key] = new
        return Injected("wrong_type", pointer(path), f"{type(new).__name__} value {new!r}")

    def bad_digest(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        cands: list[Ptr] = [
            ("image", "metadata", "name"),
            ("image", "dockerImageReference"),
            ("image", "dockerImageMetadata", "Id"),
        ]
        cands += self.indexed(doc, ("status", "items"), ("image", "dockerImageReference"))
        cands += self.indexed(doc, ("image", "dockerImageLayers"), ("name",))
        cands += self.indexed(doc, ("image", "dockerImageManifests"), ("digest",))
        if "@sha256:" in doc["spec"]["from"]["name"]:
            cands.append(("spec", "from", "name"))
        path = self.pick(cands, used)
        if path is None:
            return None
        parent = get(doc, path[:-1])
        value: str = parent[path[-1]]
        prefix, _, digest = value.rpartition("sha256:")
        hexpart = digest
        variant = self.rng.choice(("truncated", "non-hex", "algorithm", "short"))
        if variant == "truncated":
            bad = f"{prefix}sha256:{hexpart[:-1]}"
        elif variant == "non-hex":
            i = self.rng.randrange(len(hexpart))
            bad = f"{prefix}sha256:{hexpart[:i]}{self.rng.choice('gxzq')}{hexpart[i + 1 :]}"
        elif variant == "algorithm":
            bad = f"{prefix}sha265:{hexpart}"
        else:
            bad = f"{prefix}sha256:{hexpart[:12]}"
        parent[path[-1]] = bad
        return Injected("bad_digest", pointer(path), f"{variant} digest")

    def unknown_field(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        renames: list[tuple[Ptr, str]] = [
            (("spec", "referencePolicy"), "referencPolicy"),
            (("spec", "importPolicy"), "importpolicy"),
            (("image", "dockerImageManifestMediaType"), "dockerImageManifestMediatype"),
        ]
        if "labels" in doc["metadata"]:
            renames.append((("metadata", "labels"), "lables"))
        if "dockerImageLayers" in doc["image"]:
            renames.append((("image", "dockerImageLayers"), "dockerImageLayer"))
        if "signatures" in doc["image"]:
            renames.append((("image", "signatures", 0, "imageIdentity"), "imageIdentify"))
        adds: list[tuple[Ptr, Any]] = [
            (("spec", "lookupPolicy"), {"local": True}),
            (
                ("status", "dockerImageRepository"),
                doc["status"]["items"][0]["dockerImageReference"].split("@")[0],
            ),
            (("spec", "from", "tag"), doc["spec"]["name"]),
        ]
        options = [("rename", p, n) for p, n in renames if not conflicts(p, used)]
        options += [("add", p, v) for p, v in adds if not conflicts(p, used)]
        if not options:
            return None
        how, path, arg = self.rng.choice(options)
        if how == "rename":
            new_path = (*path[:-1], arg)
            rename_key(get(doc, path[:-1]), str(path[-1]), str(arg))
            used.extend((path, new_path))
            return Injected(
                "unknown_field", pointer(new_path), f"{path[-1]!r} misspelled as {arg!r}"
            )
        get(doc, path[:-1])[path[-1]] = arg
        used.append(path)
        return Injected("unknown_field", pointer(path), f"field {path[-1]!r} does not exist here")

    def bad_enum(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        choices: list[tuple[Ptr, tuple[str, ...]]] = [
            (("spec", "referencePolicy", "type"), ("local", "source", "Remote", "LOCAL")),
            (
                ("spec", "importPolicy", "importMode"),
                ("Preserve", "legacy", "PreserveOriginals", "All"),
            ),
        ]
        if doc["spec"]["from"]["kind"] == "DockerImage":
            choices.append(
                (("spec", "from", "kind"), ("Dockerimage", "ImageStream", "DockerImages", "docker"))
            )
        else:
            choices.append((("spec", "from", "kind"), ("ImageStreamtag", "ImageStream", "Tag")))
        free = [(p, v) for p, v in choices if not conflicts(p, used)]
        if not free:
            return None
        path, values = self.rng.choice(free)
        used.append(path)
        value = self.rng.choice(values)
        get(doc, path[:-1])[path[-1]] = value
        return Injected("bad_enum", pointer(path), f"value {value!r}")

    def layers_and_manifests(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        """Set both lists; the server reports this at ``dockerImageLayers`` (rule I7)."""
        image = doc["image"]
        layers: Ptr = ("image", "dockerImageLayers")
        manifests: Ptr = ("image", "dockerImageManifests")
        if conflicts(layers, used) or conflicts(manifests, used):
            return None
        gen = Gen(self.rng)
        if "dockerImageLayers" in image:
            added = "dockerImageManifests"
            image[added] = [
                gen.manifest_entry(a, v, MANIFEST_TYPES[0])
                for a, v in ARCHES[: self.rng.randrange(2, 5)]
            ]
        else:
            added = "dockerImageLayers"
            image[added] = [
                {"name": gen.digest(), "size": gen.layer_size(i), "mediaType": LAYER_TYPES[0]}
                for i in range(self.rng.randrange(1, 4))
            ]
        used.extend((layers, manifests))
        return Injected(
            "layers_and_manifests", pointer(layers), f"{added} added: layers and manifests both set"
        )

    def bad_timestamp(self, doc: Doc, used: list[Ptr]) -> Injected | None:
        cands: list[Ptr] = [
            ("metadata", "creationTimestamp"),
            ("image", "metadata", "creationTimestamp"),
            ("image", "dockerImageMetadata", "Created"),
        ]
        cands += self.indexed(doc, ("status", "items"), ("created",))
        cands += self.indexed(doc, ("status", "conditions"), ("lastTransitionTime",))
        cands += self.indexed(doc, ("image", "signatures"), ("created",))
        path = self.pick(cands, used)
        if path is None:
            return None
        parent = get(doc, path[:-1])
        good: str = parent[path[-1]]
        date, clock = good.rstrip("Z").split("T")
        y, m, d = date.split("-")
        variant = self.rng.choice(
            ("no-zone", "space", "month-13", "date-only", "slashes", "hour-25")
        )
        bad = {
            "no-zone": f"{date}T{clock}",
            "space": f"{date} {clock}Z",
            "month-13": f"{y}-13-{d}T{clock}Z",
            "date-only": date,
            "slashes": f"{d}/{m}/{y} {clock}",
            "hour-25": f"{date}T25{clock[2:]}Z",
        }[variant]
        parent[path[-1]] = bad
        return Injected("bad_timestamp", pointer(path), f"{variant}: {bad!r}")


# -- writing -------------------------------------------------------------------


def write(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    path.write_bytes(data)
    return len(data)


def generate(
    out: Path, seed: int, files: int, stream_docs: int, invalid: int, manifests: int
) -> dict[str, Stats]:
    """Write the corpus under ``out``; return the sizes of every output group."""
    stats = {name: Stats() for name in GROUPS}
    for sub in ("files/yaml", "files/json", "invalid/yaml", "invalid/json", "manifests/yaml"):
        (out / sub).mkdir(parents=True, exist_ok=True)

    # 1. files/: one object per file, YAML and JSON; typical.* is the median one
    gen = Gen(random.Random(f"{seed}:files"))
    sized: list[tuple[int, int, Doc, str]] = []
    for n in range(1, files + 1):
        doc, text = gen.build()
        stats["files/yaml"].add(write(out / "files/yaml" / f"it-{n:05d}.yaml", text))
        stats["files/json"].add(write(out / "files/json" / f"it-{n:05d}.json", to_json(doc)))
        sized.append((len(text), n, doc, text))
    if sized:
        sized.sort(key=lambda item: (item[0], item[1]))
        _, _, typical, typical_text = sized[(len(sized) - 1) // 2]
        write(out / "typical.yaml", typical_text)
        write(out / "typical.json", to_json(typical))

    # 2. stream.yaml / stream.jsonl: further documents, one stream each
    gen = Gen(random.Random(f"{seed}:stream"))
    with (
        (out / "stream.yaml").open("w", encoding="utf-8", newline="\n") as ys,
        (out / "stream.jsonl").open("w", encoding="utf-8", newline="\n") as js,
    ):
        for _ in range(stream_docs):
            doc, text = gen.build()
            text = "---\n" + text
            line = to_jsonl(doc)
            ys.write(text)
            js.write(line)
            stats["stream.yaml"].add(len(text))
            stats["stream.jsonl"].add(len(line))

    # 3. invalid/: 1-3 injected errors per document, listed in invalid/expected.jsonl
    rng = random.Random(f"{seed}:invalid")
    gen = Gen(rng)
    injector = Injector(rng)
    with (
        (out / "invalid-stream.yaml").open("w", encoding="utf-8", newline="\n") as ys,
        (out / "invalid" / "expected.jsonl").open("w", encoding="utf-8", newline="\n") as exp,
    ):
        for n in range(1, invalid + 1):
            doc, _ = gen.build()
            errors = injector.inject(doc, rng.choice((1, 1, 2, 2, 3)))
            name = f"inv-{n:05d}"
            text = to_yaml(doc)
            stats["invalid/yaml"].add(write(out / "invalid/yaml" / f"{name}.yaml", text))
            stats["invalid/json"].add(write(out / "invalid/json" / f"{name}.json", to_json(doc)))
            ys.write("---\n" + text)
            record = {"name": name, "errors": [e.as_dict() for e in errors]}
            exp.write(json.dumps(record) + "\n")

    # 4. manifests/: small ImageTags as people write them
    gen = Gen(random.Random(f"{seed}:manifests"))
    for n in range(1, manifests + 1):
        doc, comment = gen.manifest()
        text = comment + to_yaml(doc, sort_keys=False)
        stats["manifests/yaml"].add(write(out / "manifests/yaml" / f"mf-{n:05d}.yaml", text))
    return stats


def verify(out: Path) -> int:
    """Re-read every YAML output with PyYAML and compare it with its JSON twin.

    Returns the number of documents checked; raises ``SystemExit`` on a mismatch.
    """
    checked = 0

    def same(yaml_text: str, expected: Any, where: str) -> None:
        nonlocal checked
        if yaml.load(yaml_text, Loader=LOADER) != expected:
            raise SystemExit(f"verify: {where}: YAML and JSON differ")
        checked += 1

    for sub, prefix in (("files", "it"), ("invalid", "inv")):
        for path in sorted((out / sub / "yaml").glob(f"{prefix}-*.yaml")):
            twin = out / sub / "json" / (path.stem + ".json")
            same(path.read_text("utf-8"), json.loads(twin.read_text("utf-8")), str(path))
    for stream, twin_name in (("stream.yaml", "stream.jsonl"), ("invalid-stream.yaml", "")):
        path = out / stream
        if not path.exists():
            continue
        docs = [d for d in yaml.load_all(path.read_text("utf-8"), Loader=LOADER) if d is not None]
        if twin_name:
            with (out / twin_name).open(encoding="utf-8") as lines:
                for i, (doc, line) in enumerate(zip(docs, lines, strict=True)):
                    if doc != json.loads(line):
                        raise SystemExit(f"verify: {path} document {i + 1} differs")
        checked += len(docs)
    for path in sorted((out / "manifests" / "yaml").glob("mf-*.yaml")):
        doc = yaml.load(path.read_text("utf-8"), Loader=LOADER)
        if not isinstance(doc, dict) or doc.get("kind") != "ImageTag":
            raise SystemExit(f"verify: {path} is not an ImageTag")
        checked += 1
    return checked


def main(argv: Sequence[str] | None = None) -> int:
    global EMITTER
    parser = argparse.ArgumentParser(
        description="Generate the seeded imagetag-lint benchmark corpus (see bench/README.md)."
    )
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="default: %(default)s")
    parser.add_argument("--files", type=int, default=2000, help="object files (default: 2000)")
    parser.add_argument(
        "--stream-docs", type=int, default=20000, help="documents in stream.yaml (default: 20000)"
    )
    parser.add_argument(
        "--invalid", type=int, default=200, help="documents with errors (default: 200)"
    )
    parser.add_argument(
        "--manifests", type=int, default=2000, help="manifest-style files (default: 2000)"
    )
    parser.add_argument(
        "--emitter",
        choices=("fast", "pyyaml"),
        default="fast",
        help="YAML writer: the built-in one (default) or PyYAML's (C)SafeDumper, about 5x slower",
    )
    parser.add_argument(
        "--verify", action="store_true", help="re-read all YAML with PyYAML and compare with JSON"
    )
    args = parser.parse_args(argv)
    for name in ("files", "stream_docs", "invalid", "manifests"):
        if getattr(args, name) < 0:
            parser.error(f"--{name.replace('_', '-')} must not be negative")
    EMITTER = args.emitter

    started = time.perf_counter()
    stats = generate(
        args.out, args.seed, args.files, args.stream_docs, args.invalid, args.manifests
    )
    elapsed = time.perf_counter() - started
    writer = "built-in emitter" if EMITTER == "fast" else DUMPER.__name__
    print(f"corpus in {args.out}: seed {args.seed}, {writer}, {elapsed:.1f} s")
    for name in GROUPS:
        print("  " + stats[name].line(name))
    if stats["files/yaml"].sizes:
        typical = (args.out / "typical.yaml").stat().st_size
        print(f"  {'typical.yaml':<16} {typical / 1024:.2f} KiB (median document of files/yaml)")
    total = sum(sum(group.sizes) for group in stats.values())
    print(f"  {'total':<16} {total / 1048576:.1f} MiB")
    if args.verify:
        started = time.perf_counter()
        checked = verify(args.out)
        print(f"verified {checked} documents in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
