"""Fuzz imagetag-lint: random and mutated bytes, YAML and JSON, through every entry point.

Run on demand::

    python bench/fuzz.py --inputs 100000 [--seed N]

Every input goes through ``engine.lint_bytes`` (the two profiles in turn),
``api.lint_text`` and, for one input in ``--cli-every``, the command line ``cli.main`` with every
report format. Any exception, or an exit code other than 0, 1 or 2, is a crash:
hypothesis shrinks it to a small input and prints it. The test suite runs the
same target with a short budget (``tests/test_fuzz.py``).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from imagetag_lint import api, cli
from imagetag_lint.checking import engine
from imagetag_lint.reporting import FORMATS
from imagetag_lint.settings import Settings

DIGEST = "sha256:" + "0123456789abcdef" * 4

SEEDS: tuple[str, ...] = (
    f"""\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
  namespace: demo
spec:
  name: v1
  from: {{kind: DockerImage, name: "quay.io/org/app@{DIGEST}"}}
  importPolicy: {{importMode: PreserveOriginal, scheduled: true}}
  referencePolicy:
    type: Local
""",
    f"""\
# an object as the API returns it
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: &meta
  name: app:latest
  namespace: demo
  creationTimestamp: "2024-05-01T12:00:00Z"
  labels: {{a: b}}
spec:
  name: latest
  from: &from
    kind: ImageStreamTag
    name: other:1.0
  generation: 3
status:
  tag: latest
  items:
  - created: "2024-05-01T12:00:00Z"
    dockerImageReference: quay.io/org/app@{DIGEST}
    image: {DIGEST}
    generation: 3
  conditions:
  - {{type: ImportSuccess, status: "False", generation: 3}}
image:
  metadata: {{name: "{DIGEST}"}}
  dockerImageReference: quay.io/org/app@{DIGEST}
  dockerImageLayers:
  - {{name: "{DIGEST}", size: 10, mediaType: application/vnd.oci.image.layer.v1.tar}}
  signatures:
  - type: AtomicImageV1
    content: aGVsbG8=
    conditions: [{{type: Trusted, status: "True"}}]
    signedClaims: {{k: v}}
---
apiVersion: v1
kind: List
items:
- apiVersion: image.openshift.io/v1
  kind: ImageTag
  metadata: {{name: "a:b"}}
  spec: {{name: b, reference: yes, referencePolicy: {{type: Source}}}}
- <<: *meta
""",
    json.dumps(
        {
            "apiVersion": "image.openshift.io/v1",
            "kind": "ImageTag",
            "metadata": {"name": "app:v2", "annotations": {"x": "y"}},
            "spec": {
                "name": "v2",
                "from": {"kind": "DockerImage", "name": f"quay.io/org/app@{DIGEST}"},
                "annotations": {"description": "a tag"},
            },
        },
        indent=2,
    ),
    "apiVersion: image.openshift.io/v1\nkind: ImageTagList\nitems: [{spec: {name: 1.10}}]\n",
)

# Fragments that reach the odd corners of YAML, JSON and the linter.
TOKENS: tuple[bytes, ...] = tuple(
    token.encode("utf-8", "surrogatepass")
    for token in (
        ": ",
        "- ",
        "? ",
        "&a ",
        "*a",
        "*b",
        "<<: *a\n",
        "!!python/object/apply:os.system ",
        "!!binary ",
        "!!int ",
        "!!float ",
        "!!str ",
        "!!map ",
        "!!seq ",
        "!foo ",
        "!<tag:x> ",
        "{",
        "}",
        "[",
        "]",
        ",",
        "'",
        '"',
        "|\n",
        ">-\n",
        "\n",
        "\n  ",
        "\t",
        "---\n",
        "...\n",
        "%YAML 1.1\n",
        "%TAG ! tag:x,2002:\n",
        "# c\n",
        "~",
        "null",
        "yes",
        "0x1F",
        "0o17",
        "1e999",
        "-.inf",
        ".nan",
        "9" * 40,
        "1_0",
        "0b2",
        "2024-13-45T25:61:61Z",
        "\x00",
        "\ufeff",
        "\u2028",
        "\x85",
        "\\ud800",
        '"\\ud800"',
        '"\\u0000"',
        "\U0001f600",
        "kind: ImageTag\n",
        "apiVersion: image.openshift.io/v1\n",
        "spec:\n",
        "name: ",
        "from:\n  kind: DockerImage\n  name: ",
        "referencePolicy: {type: ",
        "importMode: ",
        "status:\n  items:\n  - created: ",
        "metadata: {name: ",
        "items:\n- ",
        "content: ",
        "size: ",
        "generation: -9223372036854775809",
        "/",
        "~1",
        "%",
        "@sha256:",
    )
)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32", "latin-1")


@st.composite
def mutated(draw: st.DrawFn) -> bytes:
    """A seed document, re-encoded, with a few byte-level and token-level edits."""
    data = bytearray(
        draw(st.sampled_from(SEEDS)).encode(draw(st.sampled_from(ENCODINGS)), "replace")
    )
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.integers(0, 5))
        if edit == 0:
            data[at:at] = draw(st.sampled_from(TOKENS))
        elif edit == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif edit == 2:
            del data[at : at + draw(st.integers(1, 40))]
        elif edit == 3 and at < len(data):
            data[at] = draw(st.integers(0, 255))
        elif edit == 4:
            start = draw(st.integers(0, len(data)))
            data[at:at] = data[start : start + draw(st.integers(1, 200))]  # repeat a slice
        else:
            data[at:at] = draw(st.sampled_from(TOKENS)) * draw(st.integers(2, 200))
    return bytes(data)


FIELD_NAMES = st.sampled_from(
    [
        "apiVersion",
        "kind",
        "metadata",
        "name",
        "namespace",
        "spec",
        "status",
        "image",
        "from",
        "referencePolicy",
        "type",
        "importPolicy",
        "importMode",
        "scheduled",
        "insecure",
        "reference",
        "generation",
        "annotations",
        "labels",
        "items",
        "created",
        "conditions",
        "signatures",
        "content",
        "dockerImageLayers",
        "size",
        "tag",
        "ownerReferences",
        "managedFields",
        "fieldsV1",
        "dockerImageMetadata",
        "",
    ]
)
JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["image.openshift.io/v1", "ImageTag", "List", "DockerImage", "a:b", "Local"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(FIELD_NAMES | st.text(max_size=5), inner, max_size=6),
    ),
    max_leaves=30,
)


@st.composite
def structured(draw: st.DrawFn) -> bytes:
    """An object shaped like an ImageTag with random values, as JSON or as YAML."""
    obj = {
        "apiVersion": "image.openshift.io/v1",
        "kind": draw(st.sampled_from(["ImageTag", "List"])),
    }
    obj.update(draw(st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=6)))
    if obj["kind"] == "List":
        obj = {"apiVersion": "v1", "kind": "List", "items": [obj, draw(JSON_VALUES)]}
    if draw(st.booleans()):
        return json.dumps(obj, indent=draw(st.sampled_from([None, 1]))).encode()
    import yaml

    return yaml.safe_dump(obj, default_flow_style=draw(st.booleans()), allow_unicode=True).encode()


INPUTS = st.one_of(st.binary(max_size=600), mutated(), structured())
NAMES = st.sampled_from(["x.yaml", "x.json", "x.yml"])


@dataclass
class Tally:
    inputs: int = 0
    cli_runs: int = 0
    exit_codes: dict[int, int] = field(default_factory=dict)
    codes: dict[str, int] = field(default_factory=dict)


def check_one(data: bytes, name: str, tally: Tally, cli_every: int, workdir: str) -> None:
    """The fuzz target: raises on anything but findings, exit codes 0/1/2 and no traceback."""
    tally.inputs += 1
    profile = ("manifest", "object")[tally.inputs % 2]
    for diagnostic in engine.lint_bytes(data, name, Settings(profile=profile)):
        tally.codes[diagnostic.code] = tally.codes.get(diagnostic.code, 0) + 1
    # Text the decoder would refuse still reaches lint_text from library callers.
    api.lint_text(
        data.decode("utf-8", "replace") if tally.inputs % 3 else data.decode("latin-1"), name
    )
    if tally.inputs % cli_every == 0:
        run_cli(data, name, tally, workdir)


def run_cli(data: bytes, name: str, tally: Tally, workdir: str) -> None:
    path = os.path.join(workdir, name)
    with open(path, "wb") as handle:
        handle.write(data)
    for report in sorted(FORMATS):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([path, "--format", report, "--profile", "object"])
        tally.cli_runs += 1
        tally.exit_codes[code] = tally.exit_codes.get(code, 0) + 1
        if code not in (0, 1, 2) or "Traceback" in err.getvalue():
            raise AssertionError(f"exit code {code}: {err.getvalue()}")


def fuzz(inputs: int, random_seed: int, cli_every: int = 20) -> Tally:
    """Run ``inputs`` generated inputs through every entry point; raise on the first crash."""
    tally = Tally()
    with tempfile.TemporaryDirectory() as workdir:
        target = _target(tally, cli_every, workdir)
        seed(random_seed)(
            settings(
                max_examples=inputs,
                database=None,
                deadline=None,
                derandomize=False,
                suppress_health_check=list(HealthCheck),
            )(target)
        )()
    return tally


def _target(tally: Tally, cli_every: int, workdir: str) -> Callable[[], None]:
    @given(data=INPUTS, name=NAMES)
    def target(data: bytes, name: str) -> None:
        check_one(data, name, tally, cli_every, workdir)

    return target  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000, help="how many inputs to generate")
    parser.add_argument("--seed", type=int, default=0, help="random seed (runs are reproducible)")
    parser.add_argument("--cli-every", type=int, default=20, help="run the CLI on every Nth input")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    tally = fuzz(args.inputs, args.seed, args.cli_every)
    elapsed = time.perf_counter() - started
    print(f"inputs: {tally.inputs} (seed {args.seed}), {elapsed:.0f} s, no crash")
    print(f"CLI runs: {tally.cli_runs}, exit codes: {dict(sorted(tally.exit_codes.items()))}")
    print(f"findings by code: {dict(sorted(tally.codes.items()))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
