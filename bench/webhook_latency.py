"""Per-object latency of ``validate()`` next to plain jsonschema on the same objects.

Run: ``python bench/webhook_latency.py [--rounds N]``

The objects are ImageTags as ``oc get -o yaml`` returns them: metadata with
managedFields, a spec tag, a status history and the current image with its
layers. Both sides validate every object once per round, interleaved, so that
the noise of a shared machine hits both alike; the figures are per object.

Baseline: ``jsonschema.Draft202012Validator(schema).iter_errors(obj)`` with the
bundled ImageTag schema (``imagetag_lint.openshift.schemas.bundle("object")`` with a
``$ref`` to ``#/$defs/ImageTag``), all errors collected, no rules, no findings.
"""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from typing import Any

from jsonschema import Draft202012Validator

from imagetag_lint import validate
from imagetag_lint.openshift.schemas import bundle
from imagetag_lint.serving.admission import review


def digest(seed: str) -> str:
    return "sha256:" + hashlib.sha256(seed.encode()).hexdigest()


def imagetag(index: int, history: int, layers: int) -> dict[str, Any]:
    """An ImageTag as the API returns it, with ``history`` status items and ``layers`` layers."""
    stream, tag = f"app{index}", f"v{index}.{history}"
    images = [digest(f"{index}-{n}") for n in range(history)]
    created = [f"2024-05-{1 + n % 28:02d}T12:{n % 60:02d}:00Z" for n in range(history)]
    return {
        "apiVersion": "image.openshift.io/v1",
        "kind": "ImageTag",
        "metadata": {
            "name": f"{stream}:{tag}",
            "namespace": "team-a",
            "uid": f"7f3c0d1e-0000-4000-8000-{index:012d}",
            "resourceVersion": str(40000 + index),
            "generation": history,
            "creationTimestamp": "2024-04-30T08:00:00Z",
            "labels": {"app.kubernetes.io/name": stream, "app.kubernetes.io/part-of": "shop"},
            "annotations": {"openshift.io/image.dockerRepositoryCheck": "2024-05-01T12:00:00Z"},
            "managedFields": [
                {
                    "manager": "oc",
                    "operation": "Update",
                    "apiVersion": "image.openshift.io/v1",
                    "time": "2024-04-30T08:00:00Z",
                    "fieldsType": "FieldsV1",
                    "fieldsV1": {"f:spec": {"f:from": {".": {}, "f:kind": {}, "f:name": {}}}},
                }
            ],
        },
        "spec": {
            "name": tag,
            "annotations": {"description": f"release {tag}"},
            "from": {"kind": "DockerImage", "name": f"quay.io/shop/{stream}:{tag}"},
            "generation": history,
            "importPolicy": {"scheduled": True, "importMode": "Legacy"},
            "referencePolicy": {"type": "Local"},
        },
        "status": {
            "tag": tag,
            "items": [
                {
                    "created": created[n],
                    "dockerImageReference": f"quay.io/shop/{stream}@{images[n]}",
                    "image": images[n],
                    "generation": history - n,
                }
                for n in range(history)
            ],
            "conditions": [
                {
                    "type": "ImportSuccess",
                    "status": "True",
                    "generation": history,
                    "lastTransitionTime": created[0],
                    "reason": "",
                    "message": "",
                }
            ],
        },
        "image": {
            "metadata": {"name": images[0], "creationTimestamp": created[0]},
            "dockerImageReference": f"quay.io/shop/{stream}@{images[0]}",
            "dockerImageMetadataVersion": "1.0",
            "dockerImageManifestMediaType": "application/vnd.oci.image.manifest.v1+json",
            "dockerImageLayers": [
                {
                    "name": digest(f"layer-{index}-{n}"),
                    "size": 1_000_000 + 7919 * n,
                    "mediaType": "application/vnd.oci.image.layer.v1.tar+gzip",
                }
                for n in range(layers)
            ],
            "dockerImageMetadata": {
                "kind": "DockerImage",
                "apiVersion": "image.openshift.io/1.0",
                "Id": images[0],
                "Architecture": "amd64",
            },
        },
    }


def corpus() -> list[dict[str, Any]]:
    shapes = [(1, 3), (3, 5), (5, 8), (10, 12), (2, 20)]  # (history items, layers)
    return [imagetag(i, *shapes[i % len(shapes)]) for i in range(20)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_one(check: Callable[[dict[str, Any]], object], obj: dict[str, Any]) -> float:
    start = time.perf_counter()
    check(obj)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()

    objects = corpus()
    baseline_schema = {**bundle("object"), "$ref": "#/$defs/ImageTag"}
    baseline = Draft202012Validator(baseline_schema)

    def plain(obj: dict[str, Any]) -> object:
        return list(baseline.iter_errors(obj))

    def linted(obj: dict[str, Any]) -> object:
        return validate(obj, profile="object")

    def admitted(obj: dict[str, Any]) -> object:
        request = {"uid": "1", "operation": "UPDATE", "object": obj, "oldObject": obj}
        return review({"apiVersion": "admission.k8s.io/v1", "kind": "AdmissionReview",
                       "request": request})  # fmt: skip

    for obj in objects:  # warm up, and make sure the objects are valid for all
        assert plain(obj) == [], plain(obj)
        assert linted(obj) == [], linted(obj)
        assert admitted(obj)["response"]["allowed"] is True

    checks = {"jsonschema": plain, "validate": linted, "review (UPDATE)": admitted}
    times: dict[str, list[float]] = {name: [] for name in checks}
    for _ in range(args.rounds):
        for obj in objects:
            for name, check in checks.items():
                times[name].append(time_one(check, obj))

    print(f"{len(objects)} ImageTags x {args.rounds} rounds, per object (microseconds)")
    print(f"{'':24}{'p50':>10}{'p99':>10}")
    for name in checks:
        values = times[name]
        p50, p99 = percentile(values, 0.5), percentile(values, 0.99)
        print(f"{name:24}{p50 * 1e6:10.1f}{p99 * 1e6:10.1f}")
    for label, fraction in (("p50", 0.5), ("p99", 0.99)):
        ratio = percentile(times["validate"], fraction) / percentile(times["jsonschema"], fraction)
        print(f"ratio validate/jsonschema {label}: {ratio:.2f}x (target 0.05x)")


if __name__ == "__main__":
    main()
