"""Hostile input: every limit answers with one clear line, in bounded time and memory.

The costly cases run the real command in a subprocess under ``resource`` limits
(address space and CPU seconds). The bounds are generous safety nets: a case
that hangs or balloons is killed and fails, a normal run is far below them.
"""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from imagetag_lint import lint_path
from imagetag_lint.cli import main
from imagetag_lint.diagnostics import Span
from imagetag_lint.loading import files
from imagetag_lint.loading.documents import (
    HAS_C_COMPOSER,
    LoadFailure,
    SourceDocument,
    _KubeCLoader,
    _KubePyLoader,
    compose_documents,
)
from imagetag_lint.settings import DEFAULT_SETTINGS

MEMORY_BOUND = 1024 * 1024 * 1024  # bytes of address space for the whole interpreter
CPU_BOUND = 60  # seconds of CPU time; a run that hangs is killed, not waited for

VALID = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata:
  name: app:v1
spec:
  name: v1
  from:
    kind: DockerImage
    name: quay.io/org/app@sha256:{digest}
""".replace("{digest}", "a" * 64)

LOADERS = [pytest.param(_KubePyLoader, id="python")]
if HAS_C_COMPOSER:
    LOADERS.append(pytest.param(_KubeCLoader, id="libyaml"))

TOO_DEEP = "error: ITL005 nesting deeper than 100 levels"


def _limit_resources() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_BOUND, CPU_BOUND))


def bounded_cli(args: list[str], cwd: Path, stdin: bytes = b"") -> subprocess.CompletedProcess[str]:
    """The installed command, run under the memory and CPU bounds."""
    done = subprocess.run(
        [sys.executable, "-m", "imagetag_lint", *args],
        cwd=cwd,
        input=stdin.decode("latin-1"),
        capture_output=True,
        text=True,
        encoding="latin-1",
        preexec_fn=_limit_resources,
        timeout=CPU_BOUND * 3,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_stops_at_the_node_budget(tmp_path: Path) -> None:
    (tmp_path / "bomb.yaml").write_text(billion_laughs())
    done = bounded_cli(["bomb.yaml"], tmp_path)
    assert (done.returncode, done.stdout) == (
        1,
        "bomb.yaml:5:5: error: ITL005 document expands to more than 1000000 values"
        " (aliases repeat what they point to)\n",
    )


def test_aliases_nesting_deep_nodes_inside_each_other_are_a_depth_limit() -> None:
    # Every level is shallow in the text; the expanded data is 12 * 10 levels deep.
    lines = ["l0: &l0 " + "[" * 10 + "x" + "]" * 10]
    lines += [f"l{i}: &l{i} " + "[" * 9 + f"*l{i - 1}" + "]" * 9 for i in range(1, 12)]
    (failure,) = compose_documents("\n".join(lines) + "\n", _KubePyLoader)
    assert isinstance(failure, LoadFailure)
    assert (failure.code, failure.message) == ("ITL005", "nesting deeper than 100 levels")
    # At the anchored node whose repetition goes too deep (its alias is the same node).
    assert failure.span == Span(11, 6, 11, 6)


def deep_flow(depth: int) -> str:
    return "[" * depth + "]" * depth


def deep_block(depth: int) -> str:
    return "".join(" " * level + "a:\n" for level in range(depth))


@pytest.mark.parametrize("loader", LOADERS)
@pytest.mark.parametrize(
    ("text", "span"),
    [
        pytest.param(deep_flow(1000), Span(1, 102, 1, 102), id="flow-1000"),
        pytest.param(deep_block(300), Span(102, 102, 102, 102), id="block-300"),
        pytest.param("{a: " * 500 + "1" + "}" * 500, Span(1, 405, 1, 405), id="flow-map-500"),
    ],
)
def test_deep_nesting_is_a_positioned_limit_in_both_composers(
    loader: type[yaml.SafeLoader], text: str, span: Span
) -> None:
    (failure,) = compose_documents(text, loader)
    assert failure == LoadFailure("ITL005", "nesting deeper than 100 levels", span, 0)


@pytest.mark.parametrize(
    ("loader", "span"),
    [
        pytest.param(_KubePyLoader, Span(1, 102, 1, 102), id="python"),
        # libyaml's parser stops at its own limit (1000 levels) before anything is composed.
        pytest.param(_KubeCLoader, Span(1, 1001, 1, 1001), id="libyaml"),
    ],
)
def test_ten_thousand_levels_in_both_composers(loader: type[yaml.SafeLoader], span: Span) -> None:
    if loader is _KubeCLoader and not HAS_C_COMPOSER:
        pytest.skip("PyYAML was built without libyaml")
    (failure,) = compose_documents(deep_flow(10_000), loader)
    assert failure == LoadFailure("ITL005", "nesting deeper than 100 levels", span, 0)


@pytest.mark.parametrize("loader", LOADERS)
def test_nesting_up_to_the_limit_is_read(loader: type[yaml.SafeLoader]) -> None:
    (document,) = compose_documents(deep_flow(101), loader)  # levels 0 .. 100
    assert isinstance(document, SourceDocument)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        pytest.param("deep.yaml", deep_block(10_000), "1000:1001", id="block-yaml"),
        pytest.param("deep.json", deep_flow(10_000), "1:1001", id="json"),
        pytest.param("deep-map.json", '{"a": ' * 10_000 + "1" + "}" * 10_000, "1:6001", id="map"),
    ],
)
def test_ten_thousand_levels_through_the_command(
    tmp_path: Path, name: str, text: str, where: str
) -> None:
    (tmp_path / name).write_text(text)
    done = bounded_cli([name], tmp_path)
    assert (done.returncode, done.stdout) == (1, f"{name}:{where}: {TOO_DEEP}\n")


@pytest.mark.slow
def test_file_over_the_default_size_cap_is_not_read(tmp_path: Path) -> None:
    with (tmp_path / "big.yaml").open("wb") as handle:
        handle.truncate(64 * 1024 * 1024 + 1)  # sparse: costs no disk
    done = bounded_cli(["big.yaml"], tmp_path)
    assert (done.returncode, done.stdout) == (
        1,
        "big.yaml: error: ITL005 file is larger than 67108864 bytes; not read\n",
    )


def test_size_cap_is_configurable_for_files_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "ok.yaml").write_text(VALID)
    size = len(VALID.encode())
    assert main(["--max-file-size", str(size), str(tmp_path / "ok.yaml")]) == 0
    assert main(["--max-file-size", str(size - 1), str(tmp_path / "ok.yaml")]) == 1
    out, _ = capsys.readouterr()
    assert out == (
        f"{tmp_path / 'ok.yaml'}: error: ITL005 file is larger than {size - 1} bytes; not read\n"
    )
    done = bounded_cli(["--max-file-size", "10", "-"], tmp_path, stdin=VALID.encode())
    assert (done.returncode, done.stdout) == (
        1,
        "<stdin>: error: ITL005 file is larger than 10 bytes; not read\n",
    )


@pytest.mark.parametrize("value", ["0", "-1", "ten", "1e6", "²"])
def test_size_cap_must_be_a_positive_number_of_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    (tmp_path / "ok.yaml").write_text(VALID)
    try:
        code: object = main(["--max-file-size", value, str(tmp_path / "ok.yaml")])
    except SystemExit as exited:  # argparse refuses it before a run starts
        code = exited.code
    assert code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "--max-file-size" in err.splitlines()[-1]


@pytest.mark.slow
def test_very_long_lines_are_read_in_bounded_cost(tmp_path: Path) -> None:
    long_tag = "v" * 8_000_000  # two 8 MB lines: metadata.name and spec.name agree
    text = VALID.replace("app:v1", "app:" + long_tag).replace("name: v1", "name: " + long_tag)
    (tmp_path / "long.yaml").write_text(text)
    # Broken text is ours when it names the image API (here its kind, on the next line).
    (tmp_path / "garbage.yaml").write_text("x" * 8_000_000 + ": [\nkind: ImageTag\n")
    done = bounded_cli(["long.yaml", "garbage.yaml"], tmp_path)
    assert (done.returncode, done.stdout) == (
        1,
        "garbage.yaml:1:8000001: error: ITL001 mapping values are not allowed in this context\n"
        "long.yaml:4:9: warning: ITL302 metadata.name: tag is 8000000 characters long:"
        " the server creates it, but a pull spec allows at most 128\n",
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(
            bytes(range(256)),
            "2:118: error: ITL006 not valid UTF-8 text (byte 128 cannot be decoded)",
            id="binary",
        ),
        pytest.param(
            VALID.encode().replace(b"spec:", b"spec:\x00"),
            "5:6: error: ITL001 unacceptable character #x0000: control characters are not allowed",
            id="nul-byte",
        ),
        pytest.param(
            VALID.encode().replace(b"app:v1", b"app:v\xc3\x28"),
            "4:14: error: ITL006 not valid UTF-8 text (byte 72 cannot be decoded)",
            id="invalid-utf-8",
        ),
        pytest.param(
            "a: éé".encode() + b"\xff\n",
            "1:6: error: ITL006 not valid UTF-8 text (byte 7 cannot be decoded)",
            id="columns-count-characters",
        ),
        pytest.param(
            b"\xff\xfe" + "a: 1\n".encode("utf-16-le") + b"\x00\xd8",
            "2:1: error: ITL006 not valid UTF-16 text (byte 12 cannot be decoded)",
            id="broken-utf-16",
        ),
    ],
)
def test_binary_and_broken_text_is_one_positioned_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: bytes, expected: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(data)
    assert main([str(path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f"{path}:{expected}\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32", "utf-32-be"])
def test_utf16_and_utf32_with_a_byte_order_mark_read_as_yaml_allows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str
) -> None:
    data = VALID.replace("  name: v1\n", "  name: v1\n  reference: 'yes'\n").encode(encoding)
    if encoding.endswith("-be"):
        data = ("\ufeff").encode(encoding) + data  # the codec adds no mark of its own
    path = tmp_path / "bom.yaml"
    path.write_bytes(data)
    assert main([str(path)]) == 1
    out, _ = capsys.readouterr()
    assert out == f'{path}:7:14: error: ITL101 spec.reference: expected boolean, got string "yes"\n'


@pytest.fixture
def odd_tree(tmp_path: Path) -> Path:
    """A directory with one manifest and everything a walk must not open or follow."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "ok.yaml").write_text(VALID)
    os.mkfifo(root / "fifo.yaml")  # opening it would block forever
    (root / "zero.yaml").symlink_to("/dev/zero")  # a device: endless bytes
    (root / "self.yaml").symlink_to(root / "self.yaml")  # a symlink loop
    (root / "dangling.yaml").symlink_to(root / "gone.yaml")
    (root / "sub").mkdir()
    (root / "sub" / "up").symlink_to(root)  # a directory loop
    (root / "sub" / "dir.yaml").mkdir()
    return root


def test_walking_skips_fifos_devices_and_loops(
    odd_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert list(files.discover([str(odd_tree)])) == [str(odd_tree / "ok.yaml")]
    done = bounded_cli([str(odd_tree)], odd_tree)
    assert (done.returncode, done.stdout, done.stderr) == (
        0,
        "",
        "All checks passed (1 file checked).\n",
    )


def test_a_named_symlink_loop_is_one_input_error(
    odd_tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(odd_tree / "self.yaml"), str(odd_tree / "ok.yaml")]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"imagetag-lint: error: {odd_tree / 'self.yaml'}: too many levels of symbolic links\n"
        "All checks passed (1 file checked).\n"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_is_one_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text(VALID)
    path.chmod(0)
    assert main([str(path)]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"imagetag-lint: error: {path}: permission denied\nAll checks passed (0 files checked).\n"
    )


def test_read_errors_are_one_input_error_even_for_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Root can read a mode-000 file, so EACCES and EIO are raised where the file is opened.
    path = tmp_path / "ok.yaml"
    path.write_text(VALID)
    real_open = open

    def failing_open(file: object, mode: str = "r", *args: object, **kwargs: object) -> object:
        if file == str(path):
            raise OSError(5, "Input/output error", str(path))
        return real_open(file, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", failing_open)
    assert main([str(path)]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"imagetag-lint: error: {path}: input/output error\nAll checks passed (0 files checked).\n"
    )


def test_unreadable_path_is_one_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_name = str(tmp_path / ("x" * 300 + ".yaml"))
    not_a_dir = str(tmp_path / "ok.yaml" / "inner.yaml")
    (tmp_path / "ok.yaml").write_text(VALID)
    assert main([long_name, not_a_dir]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"imagetag-lint: error: {long_name}: file name too long\n"
        f"imagetag-lint: error: {not_a_dir}: not a directory\n"
        "All checks passed (0 files checked).\n"
    )


def test_file_that_vanishes_during_the_run_is_one_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(VALID)
    discover = files.discover

    def discover_then_delete(
        paths: list[str], choice: files.Choice | None = None
    ) -> Iterator[str | files.InputError]:
        for found in discover(paths, choice):
            if isinstance(found, str) and found.endswith("a.yaml"):
                os.remove(found)  # gone after it was found, before it is read
            yield found

    monkeypatch.setattr(files, "discover", discover_then_delete)
    assert main([str(tmp_path)]) == 2
    _, err = capsys.readouterr()
    assert err == (
        f"imagetag-lint: error: {tmp_path / 'a.yaml'}: no such file or directory\n"
        "All checks passed (1 file checked).\n"
    )


def test_file_replaced_by_a_directory_is_one_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.yaml"
    path.mkdir()
    assert stat.S_ISDIR(path.stat().st_mode)
    found = files.read(str(path), 100)
    assert isinstance(found, files.InputError)
    assert (found.path, found.message) == (str(path), "is a directory")
    assert isinstance(found.error, IsADirectoryError)


def test_lint_path_reads_at_most_the_size_cap(tmp_path: Path) -> None:
    # /dev/zero never ends: without the cap this would fill memory.
    small = DEFAULT_SETTINGS.replace(max_file_size=1000)
    (found,) = lint_path("/dev/zero", settings=small)
    assert (found.code, found.file, found.line, found.message) == (
        "ITL005",
        "/dev/zero",
        None,
        "file is larger than 1000 bytes; not read",
    )
    (tmp_path / "ok.yaml").write_text(VALID)
    assert lint_path(tmp_path / "ok.yaml", settings=small) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("body", "code"),
    [
        pytest.param("  name: v1\n" * 100_000, "ITL002", id="100000-duplicate-keys"),
        pytest.param("".join(f"  x{i}: 1\n" for i in range(50_000)), "ITL102", id="50000-unknown"),
    ],
)
def test_many_findings_in_one_mapping_cost_linear_time(
    tmp_path: Path, body: str, code: str
) -> None:
    # Each finding used to search its mapping from the start: hours for these inputs.
    text = (
        "apiVersion: image.openshift.io/v1\nkind: ImageTag\nmetadata:\n  name: app:v1\n"
        "spec:\n  name: v1\n" + body
    )
    (tmp_path / "wide.yaml").write_text(text)
    done = bounded_cli(["wide.yaml"], tmp_path)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    assert len(lines) == body.count("\n")
    assert {line.split()[2] for line in lines} == {code}
