"""Configuration files: discovery from each linted path, precedence, and checked keys."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from imagetag_lint.cli import build_parser, main
from imagetag_lint.configuration.files import KEYS, may_hold_our_table
from imagetag_lint.configuration.options import RunOptions
from imagetag_lint.settings import AllowedRegistry

BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v1}
spec:
  name: v1
  nme: x
  referencePolicy: {type: Foo}
"""
ITL102 = 'ITL102 spec.nme: unknown field (did you mean "name"?)'
ITL201 = 'ITL201 spec.referencePolicy.type: "Foo" is not valid: valid values are "Source", "Local"'


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("top.yaml", "sub/mid.yaml", "sub/deeper/low.yaml"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def codes(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[str], str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return (
        code,
        [
            line.split(": ", 1)[1].split(" ", 2)[1] + "@" + line.split(":")[0]
            for line in out.splitlines()
        ],
        err,
    )


def test_closest_configuration_wins_for_each_file(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tree / "pyproject.toml", '[project]\nname = "x"\n[tool.imagetag-lint]\nselect = ["ITL2"]\n'
    )
    write(tree / "sub" / "pyproject.toml", '[project]\nname = "no table here"\n')
    write(tree / "sub" / "deeper" / ".imagetag-lint.toml", 'select = ["unknown-field"]\n')
    assert codes(capsys, "top.yaml", "sub")[:2] == (
        1,
        ["ITL102@sub/deeper/low.yaml", "ITL201@sub/mid.yaml", "ITL201@top.yaml"],
    )


def test_dedicated_file_wins_over_pyproject_in_one_directory(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tree / "pyproject.toml", '[tool.imagetag-lint]\nselect = ["ITL2"]\n')
    write(tree / ".imagetag-lint.toml", 'ignore = ["ITL2"]\n')
    assert main(["top.yaml"]) == 1
    assert capsys.readouterr().out == f"top.yaml:6:3: error: {ITL102}\n"


def test_explicit_config_and_isolated(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tree / ".imagetag-lint.toml", 'select = ["ITL2"]\n')
    write(tree / "other.toml", 'select = ["ITL102"]\n')
    assert main(["--config", "other.toml", "top.yaml"]) == 1
    assert capsys.readouterr().out == f"top.yaml:6:3: error: {ITL102}\n"
    assert main(["--isolated", "top.yaml"]) == 1
    assert capsys.readouterr().out == (
        f"top.yaml:6:3: error: {ITL102}\ntop.yaml:7:27: error: {ITL201}\n"
    )
    assert main(["--isolated", "--config", "other.toml", "top.yaml"]) == 2
    assert capsys.readouterr().err == (
        "imagetag-lint: error: --config and --isolated cannot be combined\n"
    )
    write(tree / "pyproject.toml", "[project]\n")
    assert main(["--config", "pyproject.toml", "top.yaml"]) == 2
    assert capsys.readouterr().err == (
        "imagetag-lint: error: pyproject.toml: no [tool.imagetag-lint] table\n"
    )


def test_command_line_overrides_configuration(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tree / ".imagetag-lint.toml", 'select = ["ITL2"]\nformat = "github"\n')
    assert main(["top.yaml"]) == 1
    assert capsys.readouterr().out.startswith("::error file=top.yaml,line=7,col=27,")
    assert main(["--select", "ITL102", "--format", "concise", "top.yaml"]) == 1
    assert capsys.readouterr().out == f"top.yaml:6:3: error: {ITL102}\n"


def test_report_and_failing_options_from_configuration(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(
        tree / ".imagetag-lint.toml",
        'select = ["ITL102"]\nstatistics = true\noutput = "report.txt"\n'
        'fail-on = "warning"\n[severity]\nunknown-field = "warning"\n',
    )
    assert main(["top.yaml"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        "1  ITL102  unknown-field\nFound 0 errors and 1 warning in 1 file (1 file checked).\n"
    )
    assert (tree / "report.txt").read_text(encoding="utf-8") == f"top.yaml:6:3: warning: {ITL102}\n"
    write(tree / ".imagetag-lint.toml", "exit-zero = true\n")
    assert main(["top.yaml"]) == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('selct = ["ITL1"]\n', "unknown key 'selct'"),
        ('select = "ITL1"\n', "'select' must be a list of strings"),
        ('select = ["ITL777"]\n', "select: unknown rule code or name 'ITL777'"),
        (
            'format = "xml"\n',
            "'format' must be one of 'concise', 'full', 'github', 'gitlab',"
            " 'json', 'json-lines', 'junit', 'sarif'",
        ),
        ("max-file-size = 0\n", "'max-file-size' must be a positive integer"),
        (
            '[severity]\nITL102 = "fatal"\n',
            "severity: unknown severity 'fatal'; expected 'error' or 'warning'",
        ),
        ("allowed-registries = [{domain = 'x'}]\n", "unknown key 'allowed-registries[0].domain'"),
        (
            'per-file-ignores = {"*.json" = ["nope"]}\n',
            "'per-file-ignores.*.json': unknown rule code or name 'nope'",
        ),
        ("select = [\n", "invalid TOML: "),
    ],
)
def test_bad_configuration_is_a_usage_error_naming_file_and_key(
    tree: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    write(tree / ".imagetag-lint.toml", text)
    assert main(["top.yaml"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    prefix = f"imagetag-lint: error: {tree / '.imagetag-lint.toml'}: "
    if message.endswith(": "):  # the TOML parser's own wording follows
        assert err.startswith(prefix + message)
    else:
        assert err == f"{prefix}{message}\n"


def test_per_file_ignores_serve_json(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tree / "sub" / "tag.json").write_text(
        '{"apiVersion": "image.openshift.io/v1", "kind": "ImageTag",'
        ' "metadata": {"name": "a:b"}, "spec": {"name": "b", "nme": 1}}',
        encoding="utf-8",
    )
    write(
        tree / "pyproject.toml", '[tool.imagetag-lint.per-file-ignores]\n"sub/*.json" = ["ITL1"]\n'
    )
    assert main(["sub/tag.json"]) == 0
    assert main(["--isolated", "sub/tag.json"]) == 1
    assert capsys.readouterr().out.endswith(
        'sub/tag.json:1:112: error: ITL102 spec.nme: unknown field (did you mean "name"?)\n'
    )


def test_max_file_size_from_configuration(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tree / ".imagetag-lint.toml", "max-file-size = 10\n")
    assert main(["top.yaml"]) == 1
    assert capsys.readouterr().out == (
        "top.yaml: error: ITL005 file is larger than 10 bytes; not read\n"
    )


def test_allowed_registries_are_carried_into_settings(tree: Path) -> None:
    write(
        tree / "pyproject.toml",
        "[tool.imagetag-lint]\nallowed-registries = [\n"
        '  {domain-name = "quay.io"},\n'
        '  {domain-name = "registry.local:5000", insecure = true},\n]\n',
    )
    args = build_parser().parse_args(["top.yaml"])
    settings = RunOptions.from_args(args).settings_for("top.yaml")
    assert settings.allowed_registries == (
        AllowedRegistry("quay.io", False),
        AllowedRegistry("registry.local:5000", True),
    )
    isolated = RunOptions.from_args(build_parser().parse_args(["--isolated", "top.yaml"]))
    assert isolated.settings_for("top.yaml").allowed_registries is None


def test_every_command_line_option_has_a_configuration_key() -> None:
    options = [
        action
        for action in build_parser()._actions
        if action.option_strings
        and not isinstance(action, (argparse._HelpAction, argparse._VersionAction))
    ]
    longest = {max(action.option_strings, key=len).removeprefix("--") for action in options}
    names = {name.removeprefix("no-") for name in longest}  # --[no-]respect-gitignore
    # Fixing is asked for on the command line only: a configuration never makes a check write.
    fixing = {"fix", "unsafe-fixes", "fix-only", "diff"}
    assert fixing <= names
    assert not fixing & set(KEYS)
    assert names - {"config", "isolated", "show-settings"} - fixing <= set(KEYS)
    assert {"select", "exclude", "respect-gitignore", "force-exclude", "quiet"} <= names
    help_text = build_parser().format_help()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"--{name}" in help_text
        assert f"`--{name}" in readme


# --- imagetag-lint serve: its own table, and the linting settings it shares ---------------


def test_serve_reads_its_table_and_the_linting_settings(tree: Path) -> None:
    from imagetag_lint.configuration.options import serve_configuration

    write(
        tree / "pyproject.toml",
        '[tool.imagetag-lint]\nignore = ["ITL102"]\n'
        '[tool.imagetag-lint.serve]\ncert = "tls/tls.crt"\nkey = "tls/tls.key"\n'
        'client-cn = ["apiserver"]\ntls-min-version = "1.3"\nshutdown-delay = 2\n'
        'on-timeout = "allow"\n',
    )
    settings, table = serve_configuration(None, isolated=False)
    assert "ITL102" in settings.ignore
    assert table == {
        "cert": str(tree / "tls" / "tls.crt"),  # relative to the configuration's directory
        "key": str(tree / "tls" / "tls.key"),
        "client-cn": ["apiserver"],
        "tls-min-version": "1.3",
        "shutdown-delay": 2.0,
        "on-timeout": "allow",
    }
    isolated_settings, isolated_table = serve_configuration(None, isolated=True)
    assert (isolated_settings.ignore, isolated_table) == (frozenset(), {})


def test_serve_table_in_the_dedicated_file_and_command_line_precedence(tree: Path) -> None:
    from imagetag_lint.configuration.options import serve_configuration
    from imagetag_lint.serving.server import ServeOptions
    from imagetag_lint.serving.server import build_parser as serve_parser

    write(tree / "hooks.toml", '[serve]\ncert = "c.pem"\nkey = "k.pem"\nport = 9443\n')
    _, table = serve_configuration("hooks.toml", isolated=False)
    args = serve_parser().parse_args(["--port", "8444", "--key", "other.pem"])
    options = ServeOptions.resolve(args, table)
    assert (options.cert, options.key, options.port) == (str(tree / "c.pem"), "other.pem", 8444)
    assert (options.host, options.max_concurrency, options.on_timeout) == ("::", 4, "deny")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[serve]\ncertificate = 'x'\n", "unknown key 'serve.certificate'"),
        ("serve = 1\n", "'serve' must be a table"),
        ("[serve]\nport = 70000\n", "'serve.port' must be a port number (0 to 65535)"),
        ("[serve]\nmax-body = 0\n", "'serve.max-body' must be a positive integer"),
        ("[serve]\ntls-min-version = '1.1'\n",
         "'serve.tls-min-version' must be one of '1.2', '1.3'"),
        ("[serve]\non-timeout = 'ignore'\n", "'serve.on-timeout' must be one of 'deny', 'allow'"),
        ("[serve]\nclient-cn = 'apiserver'\n", "'serve.client-cn' must be a list of strings"),
        ("[serve]\nshutdown-delay = -1\n",
         "'serve.shutdown-delay' must be a number of seconds (0 or more)"),
    ],
)  # fmt: skip
def test_bad_serve_keys_are_usage_errors(
    tree: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    write(tree / ".imagetag-lint.toml", text)
    assert main(["serve"]) == 2
    assert capsys.readouterr().err == (
        f"imagetag-lint serve: error: {tree / '.imagetag-lint.toml'}: {message}\n"
    )


def test_every_serve_option_has_a_configuration_key() -> None:
    from imagetag_lint.configuration.files import SERVE_KEYS
    from imagetag_lint.serving.server import ServeOptions
    from imagetag_lint.serving.server import build_parser as serve_parser

    names = {
        max(action.option_strings, key=len).removeprefix("--")
        for action in serve_parser()._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    }
    assert names - {"config", "isolated"} == set(SERVE_KEYS)
    fields = {name.replace("_", "-") for name in ServeOptions.__dataclass_fields__}
    assert fields == set(SERVE_KEYS)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in names:
        assert f"--{name}" in readme


# Every way TOML can define tool.imagetag-lint, and text that only mentions it.
OURS = [
    '[tool.imagetag-lint]\nprofile = "object"\n',
    '[ "tool" . \'imagetag-lint\' ]\r\nprofile = "object"\r\n',
    "[tool.imagetag-lint.serve]\nport = 8443\n",
    'tool.imagetag-lint.profile = "object"\n',
    'tool = {imagetag-lint = {profile = "object"}}\n',
    '[tool]\nimagetag-lint = {profile = "object"}\n',
    '[tool] # ours\n"imagetag-lint".profile = "object"\n',
    '[tool."imagetag\\u002Dlint"]\nprofile = "object"\n',
]
NOT_OURS = [
    '[project]\nname = "imagetag-lint"\n[project.scripts]\nimagetag-lint = "x:main"\n',
    "[tool.ruff]\nline-length = 100\n# imagetag-lint reads this file too\n",
    '[tool.poetry]\nname = "x"\n',
    "",
]


@pytest.mark.parametrize("text", OURS)
def test_every_spelling_of_our_table_is_parsed(tree: Path, text: str) -> None:
    assert may_hold_our_table(text)
    write(tree / "pyproject.toml", text)
    shown = RunOptions.from_args(build_parser().parse_args(["top.yaml"])).shown("top.yaml")
    assert shown.config == str(tree / "pyproject.toml")


@pytest.mark.parametrize("text", NOT_OURS)
def test_a_pyproject_that_cannot_name_our_table_is_passed_over_unparsed(
    tree: Path, text: str
) -> None:
    assert not may_hold_our_table(text)
    # Unparsed: even invalid TOML after it is some other tool's business.
    write(tree / "pyproject.toml", text + "select = [\n")
    write(tree / "sub" / ".imagetag-lint.toml", 'ignore = ["ITL102", "ITL201"]\n')
    assert main(["top.yaml", "-q"]) == 1
    assert main(["sub/mid.yaml", "-q"]) == 0


@pytest.mark.parametrize("text", [*OURS, *NOT_OURS])
def test_the_text_check_agrees_with_the_parser(text: str) -> None:
    import tomllib

    tool = tomllib.loads(text.replace("\r\n", "\n")).get("tool", {})
    assert ("imagetag-lint" in tool) == may_hold_our_table(text)


def test_a_pyproject_that_names_our_table_and_is_invalid_is_a_usage_error(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tree / "pyproject.toml", "[tool.imagetag-lint]\nselect = [\n")
    assert main(["top.yaml"]) == 2
    assert capsys.readouterr().err.startswith(
        f"imagetag-lint: error: {tree / 'pyproject.toml'}: invalid TOML: "
    )


def test_a_configuration_that_is_not_utf8_is_a_usage_error(
    tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tree / ".imagetag-lint.toml").write_bytes(b"profile = '\xff'\n")
    assert main(["top.yaml"]) == 2
    assert capsys.readouterr().err == (
        f"imagetag-lint: error: {tree / '.imagetag-lint.toml'}: invalid TOML: not UTF-8"
        " (invalid start byte)\n"
    )
