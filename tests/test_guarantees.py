"""What holds whatever the input: nothing written, nothing constructed, no network, same output."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from imagetag_lint import lint_path, lint_text, validate
from imagetag_lint.cli import main

DIGEST = "sha256:" + "ab" * 32
VALID = f"""\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
spec:
  name: v1
  from:
    kind: DockerImage
    name: quay.io/org/app@{DIGEST}
"""
INVALID = VALID.replace(
    "  name: v1\n", "  name: v1\n  referencPolicy: {type: local}\n  reference: 'yes'\n"
)

# One file of every kind a run can meet: clean, findings, syntax error, tags,
# bombs, binary, wrong encoding, too deep, other kinds.
CORPUS: dict[str, bytes] = {
    "valid.yaml": VALID.encode(),
    "invalid.yaml": INVALID.encode(),
    "syntax.yaml": b"spec:\n  name: a\n bad: [\n",
    "tags.yaml": VALID.encode() + b"  generation: !!python/object/apply:os.system ['exit 3']\n",
    "bomb.yaml": (
        "\n".join(
            ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
            + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
        )
        + "\n"
    ).encode(),
    "binary.yaml": bytes(range(256)) * 4,
    "utf16.yaml": INVALID.encode("utf-16"),
    "deep.json": b"[" * 5000 + b"]" * 5000,
    "list.json": (
        b'{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "image.openshift.io/v1",'
        b' "kind": "ImageTag", "spec": {"name": 1.10, "name": "x"}}]}'
    ),
    "multi.yaml": (VALID + "---\n" + INVALID + "---\nkind: Deployment\n").encode(),
}


def write_corpus(root: Path) -> dict[Path, tuple[bytes, int]]:
    """The corpus on disk, with an mtime in the past so that any write would show."""
    written = {}
    for name, data in CORPUS.items():
        path = root / name
        path.write_bytes(data)
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        written[path] = (data, path.stat().st_mtime_ns)
    return written


def test_inputs_are_never_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    written = write_corpus(tmp_path)
    before = sorted(os.listdir(tmp_path))
    for report in ("concise", "json"):
        for profile in ("manifest", "object"):
            assert main([str(tmp_path), "--format", report, "--profile", profile]) == 1
    assert main([str(tmp_path / "valid.yaml")]) == 0
    assert main([str(tmp_path / "valid.yaml"), str(tmp_path / "missing.yaml")]) == 2
    for path in written:
        lint_path(path)
    capsys.readouterr()
    assert sorted(os.listdir(tmp_path)) == before  # no backup, cache or lock file either
    for path, (data, mtime) in written.items():
        assert path.read_bytes() == data, path
        assert path.stat().st_mtime_ns == mtime, path


def test_no_object_is_constructed_from_a_yaml_tag(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    marker = tmp_path / "constructed"
    payload = (
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/new:subprocess.check_call [['touch', '{marker}']]",
        "!!python/name:os.system ''",
        f'!!python/object/apply:builtins.exec [\'open("{marker}", "w")\']',
    )
    for index, tag in enumerate(payload):
        path = tmp_path / f"tag{index}.yaml"
        path.write_text(VALID.replace("name: v1\n", f"name: v1\n  annotations: {{a: {tag}}}\n"))
        assert main([str(path)]) == 1
        out, _ = capsys.readouterr()
        name = tag.split()[0]
        assert out.startswith(
            f"{path}:7:20: error: ITL003 the tag {name} is not supported;"
            " the value is read as plain data\n"
        )
    lint_text("a: " + payload[0])
    assert not marker.exists()


class NetworkUsed(AssertionError):
    pass


def test_no_network_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise NetworkUsed(f"a socket was opened: {args}")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    write_corpus(tmp_path)
    for report in ("concise", "json"):
        assert main([str(tmp_path), "--format", report, "--profile", "object"]) == 1
    capsys.readouterr()
    assert [d.code for d in lint_text(INVALID)] == ["ITL102", "ITL101"]
    assert [
        d.code for d in validate({"apiVersion": "image.openshift.io/v1", "kind": "ImageTag"})
    ] == ["ITL103", "ITL202"]  # no spec (schema), no metadata.name (server rule)
    with pytest.raises(NetworkUsed):
        socket.socket()  # the guard itself works


def _run(tmp_path: Path, seed: str, *args: str) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-m", "imagetag_lint", *args, "."],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    return done.returncode, done.stdout, done.stderr


@pytest.mark.slow
@pytest.mark.parametrize("report", ["concise", "json"])
def test_output_is_the_same_across_runs_and_hash_seeds(tmp_path: Path, report: str) -> None:
    write_corpus(tmp_path)
    runs = {
        _run(tmp_path, seed, "--format", report, "--profile", "object")
        for seed in ("0", "1", "4242")
    }
    assert len(runs) == 1
    ((code, out, err),) = runs
    assert code == 1
    assert "Traceback" not in err
    assert out.count("ITL") >= 10  # every kind of input above is reported
