"""Which files a run lints: file patterns, exclude globs, .gitignore files, --force-exclude,
and what the command line says when that leaves nothing (or with --quiet, --show-settings)."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from imagetag_lint.cli import build_parser, main
from imagetag_lint.configuration.options import RunOptions
from imagetag_lint.loading import files

# Not an image API document: linted (and passed) without a finding.
OTHER = "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n"
BAD = """\
apiVersion: image.openshift.io/v1
kind: ImageTag
metadata: {name: app:v1}
spec: {name: v1, nme: x}
"""


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make(root: Path, *names: str, text: str = OTHER) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def found(*argv: str) -> list[str]:
    """The files a run with these arguments lints, relative to the working directory."""
    args = build_parser().parse_args(list(argv))
    return [str(item) for item in files.discover(args.paths, RunOptions.from_args(args))]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# --- file patterns and the default excludes --------------------------------------------------


def test_walks_match_suffixes_in_any_case(root: Path) -> None:
    make(root, "a.yaml", "b.YAML", "c.Yml", "d.JSON", "e.json", "f.txt", "g.yaml.bak", "h.ymlx")
    assert found(".") == ["./a.yaml", "./b.YAML", "./c.Yml", "./d.JSON", "./e.json"]


def test_default_excludes_leave_out_hidden_vendored_and_built_files(root: Path) -> None:
    make(
        root,
        "deploy/tag.yaml",
        ".git/config.yaml",
        ".venv/x.yaml",
        ".gitlab-ci.yml",
        "node_modules/pkg/x.yaml",
        "deploy/dist/x.yaml",
        "venv/x.yaml",
        "site-packages/x.json",
        "distribution/x.yaml",
    )
    assert found(".") == ["./deploy/tag.yaml", "./distribution/x.yaml"]
    # The walk's own root is never excluded, whatever its name.
    assert found("node_modules") == ["node_modules/pkg/x.yaml"]


def test_exclude_replaces_the_defaults_and_extend_exclude_adds(root: Path) -> None:
    make(root, "a.yaml", "gen/b.yaml", "deploy/gen/c.yaml", "node_modules/d.yaml", "e.json")
    assert found(".", "--extend-exclude", "gen,*.json") == ["./a.yaml"]
    assert found(".", "--exclude", "/gen") == [
        "./a.yaml",
        "./deploy/gen/c.yaml",
        "./e.json",
        "./node_modules/d.yaml",
    ]
    assert found(".", "--exclude", "deploy/**", "--exclude", "node_modules/") == [
        "./a.yaml",
        "./e.json",
        "./gen/b.yaml",
    ]


def test_exclude_in_the_configuration_is_relative_to_its_directory(root: Path) -> None:
    make(root, "gen/a.yaml", "sub/gen/b.yaml", "sub/c.yaml", "sub/dist/d.yaml", "sub/e.json")
    (root / "sub" / ".imagetag-lint.toml").write_text(
        'exclude = ["/gen"]\nextend-exclude = ["*.json"]\n', encoding="utf-8"
    )
    # Below sub/, its configuration: /gen is sub/gen, the defaults (dist) are replaced.
    assert found(".") == ["./gen/a.yaml", "./sub/c.yaml", "./sub/dist/d.yaml"]
    # The command line's --extend-exclude adds to the configuration's lists.
    assert found(".", "--extend-exclude", "c.yaml") == ["./gen/a.yaml", "./sub/dist/d.yaml"]
    assert found(".", "--isolated") == [
        "./gen/a.yaml",
        "./sub/c.yaml",
        "./sub/e.json",
        "./sub/gen/b.yaml",
    ]


def test_bad_exclude_keys_are_usage_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(root, "a.yaml")
    (root / ".imagetag-lint.toml").write_text('exclude = "gen"\n', encoding="utf-8")
    assert run(capsys, "a.yaml") == (
        2,
        "",
        f"imagetag-lint: error: {root / '.imagetag-lint.toml'}: 'exclude' must be a list of"
        " strings\n",
    )
    (root / ".imagetag-lint.toml").write_text("respect-gitignore = 1\n", encoding="utf-8")
    assert run(capsys, "a.yaml")[2] == (
        f"imagetag-lint: error: {root / '.imagetag-lint.toml'}: 'respect-gitignore' must be"
        " true or false\n"
    )


# --- .gitignore files ------------------------------------------------------------------------

GITIGNORED = [
    "deploy/a.yaml",
    "deploy/keep.yaml",
    "deploy/gen/b.yaml",
    "deploy/sub/c.yaml",
    "deploy/sub/build/d.yaml",
    "deploy/build.yaml",
    "top.yaml",
    "x1.yaml",
    "docs/deep/er/z.json",
    "docs/y.json",
]


def gitignored_tree(root: Path, *, repository: bool = True) -> None:
    make(root, *GITIGNORED)
    if repository:
        (root / ".git").mkdir()
    (root / ".gitignore").write_text(
        "# generated files\n/top.yaml\nx?.yaml\ndocs/**/z.json\n", encoding="utf-8"
    )
    (root / "deploy" / ".gitignore").write_text(
        "gen/\n*.yaml\n!keep.yaml\n!sub/\nbuild/\n", encoding="utf-8"
    )


def test_gitignore_files_are_respected_in_a_repository(root: Path) -> None:
    gitignored_tree(root)
    assert found(".") == [
        "./deploy/keep.yaml",  # !keep.yaml takes back what *.yaml left out
        "./docs/y.json",
    ]
    # deploy/.gitignore's *.yaml applies below deploy/ only, build/ to directories only.
    (root / "deploy" / ".gitignore").write_text("build/\n", encoding="utf-8")
    assert found(".") == [
        "./deploy/a.yaml",
        "./deploy/build.yaml",
        "./deploy/gen/b.yaml",
        "./deploy/keep.yaml",
        "./deploy/sub/c.yaml",
        "./docs/y.json",
    ]


def test_gitignore_files_above_the_walked_directory_apply(root: Path) -> None:
    gitignored_tree(root)
    assert found("deploy") == ["deploy/keep.yaml"]
    assert found("docs") == ["docs/y.json"]


def test_gitignore_is_not_read_outside_a_repository_or_when_switched_off(root: Path) -> None:
    every = sorted(f"./{name}" for name in GITIGNORED)
    gitignored_tree(root, repository=False)
    assert found(".") == every
    (root / ".git").mkdir()
    assert found(".", "--no-respect-gitignore") == every
    (root / ".imagetag-lint.toml").write_text("respect-gitignore = false\n", encoding="utf-8")
    assert found(".") == every
    assert found(".", "--respect-gitignore") == ["./deploy/keep.yaml", "./docs/y.json"]


def test_a_repository_found_within_the_walk_starts_respecting_gitignore(root: Path) -> None:
    make(root, "outside.yaml", "repo/inside.yaml", "repo/ignored.yaml")
    (root / "repo" / ".git").mkdir()
    (root / "repo" / ".gitignore").write_text("ignored.yaml\n", encoding="utf-8")
    (root / ".gitignore").write_text("outside.yaml\n", encoding="utf-8")  # not a repository
    assert found(".") == ["./outside.yaml", "./repo/inside.yaml"]


def test_git_info_exclude_is_read(root: Path) -> None:
    make(root, "a.yaml", "b.yaml")
    (root / ".git" / "info").mkdir(parents=True)
    (root / ".git" / "info" / "exclude").write_text("/b.yaml\n", encoding="utf-8")
    assert found(".") == ["./a.yaml"]


# --- paths named explicitly, --force-exclude -------------------------------------------------


def test_named_paths_are_linted_even_if_excluded(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "node_modules/x.yaml", "gen/y.yaml", "ok.yaml")
    (root / ".imagetag-lint.toml").write_text('extend-exclude = ["gen"]\n', encoding="utf-8")
    assert found("node_modules/x.yaml", "gen/y.yaml") == ["node_modules/x.yaml", "gen/y.yaml"]
    assert run(capsys, "node_modules/x.yaml", "gen") == (
        0,
        "",
        "All checks passed (2 files checked; 0 documents linted, 2 skipped"
        ": not of a kind this run lints).\n",
    )


def test_force_exclude_leaves_out_named_paths_and_their_contents(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "node_modules/x.yaml", "gen/deep/y.yaml", "ok.yaml")
    (root / ".imagetag-lint.toml").write_text('extend-exclude = ["gen/"]\n', encoding="utf-8")
    named = ("node_modules/x.yaml", "gen/deep/y.yaml", "gen", "ok.yaml")
    assert found("--force-exclude", *named) == ["ok.yaml"]
    assert run(capsys, "--force-exclude", *named) == (
        0,
        "",
        "All checks passed (1 file checked; 0 documents linted, 1 skipped"
        ": not of a kind this run lints).\n",
    )
    (root / ".imagetag-lint.toml").write_text(
        'extend-exclude = ["gen/"]\nforce-exclude = true\n', encoding="utf-8"
    )
    assert found(*named) == ["ok.yaml"]
    assert found("--no-force-exclude", *named) == [
        "node_modules/x.yaml",
        "gen/deep/y.yaml",
        "gen/deep/y.yaml",  # once named, once found in gen/
        "ok.yaml",
    ]


def test_only_excluded_files_is_a_warning_and_exit_0(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "node_modules/x.yaml", "dist/y.yaml")
    assert run(capsys, "--force-exclude", "node_modules/x.yaml", "dist/y.yaml") == (
        0,
        "",
        "imagetag-lint: warning: no files to lint in the 2 paths given"
        " (no *.yaml, *.yml or *.json file that is not excluded)\n",
    )


# --- nothing to lint, --quiet ----------------------------------------------------------------


def test_an_empty_directory_is_a_warning_and_exit_0(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "empty/notes.txt", "empty/.hidden/x.yaml")
    assert run(capsys, "empty") == (
        0,
        "",
        "imagetag-lint: warning: no files to lint in empty"
        " (no *.yaml, *.yml or *.json file that is not excluded)\n",
    )


def test_a_missing_path_is_still_an_input_error(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (root / "empty").mkdir()
    assert run(capsys, "empty", "missing.yaml") == (
        2,
        "",
        "imagetag-lint: error: missing.yaml: no such file or directory\n"
        "All checks passed (0 files checked).\n",
    )


def test_quiet_prints_findings_only(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make(root, "bad.yaml", text=BAD)
    make(root, "ok.yaml")
    (root / "empty").mkdir()
    code, out, err = run(capsys, "--quiet", "--format", "json-lines", ".")
    assert (code, out.count('"code": "ITL102"'), err) == (1, 1, "")
    assert run(capsys, "-q", "ok.yaml") == (0, "", "")
    assert run(capsys, "-q", "empty") == (0, "", "")
    assert run(capsys, "-q", "missing.yaml") == (
        2,
        "",
        "imagetag-lint: error: missing.yaml: no such file or directory\n",
    )
    (root / ".imagetag-lint.toml").write_text("quiet = true\n", encoding="utf-8")
    assert run(capsys, "ok.yaml") == (0, "", "")


# --- --show-settings, --help -----------------------------------------------------------------


def test_show_settings_prints_every_key_of_the_path(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "sub/tag.yaml", "sub/gen/x.json")
    (root / "pyproject.toml").write_text(
        '[tool.imagetag-lint]\nformat = "json"\nstatistics = true\n', encoding="utf-8"
    )
    (root / "sub" / ".imagetag-lint.toml").write_text(
        'profile = "object"\nkinds = ["Image", "ImageTag"]\nselect = ["ITL1", "ITL2"]\n'
        'extend-exclude = ["gen/"]\nallowed-registries = [{domain-name = "quay.io"}]\n'
        '[severity]\nunknown-field = "warning"\n[per-file-ignores]\n"gen/*.json" = ["ITL102"]\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "--show-settings", "sub/gen/x.json", "--ignore", "ITL3")
    assert (code, err) == (0, "")
    assert out == (
        "# Settings for sub/gen/x.json\n"
        f"# configuration: {root / 'sub' / '.imagetag-lint.toml'}\n"
        f"# report options (format ... jobs, serve) from: {root / 'pyproject.toml'}\n"
        "# per-file-ignores for this path: ITL102\n"
        "# matched by the exclude globs: yes\n"
        'profile = "object"\n'
        'format = "json"\n'
        "# output: not set (standard output)\n"
        'stdin-filename = "<stdin>"\n'
        'select = ["ITL1", "ITL2"]\n'
        'ignore = ["ITL3"]\n'
        "extend-select = []\n"
        'severity = { unknown-field = "warning" }\n'
        'fail-on = "error"\n'
        "exit-zero = false\n"
        "statistics = true\n"
        "quiet = false\n"
        "verbose = false\n"
        'color = "auto"\n'
        "max-file-size = 67108864\n"
        "jobs = 1\n"
        'allowed-registries = [{ domain-name = "quay.io", insecure = false }]\n'
        'per-file-ignores = { "gen/*.json" = ["ITL102"] }\n'
        'kinds = ["ImageTag", "Image"]\n'
        'exclude = [".*", "__pypackages__", "_build", "buck-out", "dist", "node_modules",'
        ' "site-packages", "venv"]\n'
        'extend-exclude = ["gen/"]\n'
        "respect-gitignore = true\n"
        "force-exclude = false\n"
        "serve = {}\n"
    )


def test_show_settings_without_a_configuration(
    root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make(root, "a.yaml")
    code, out, _ = run(capsys, "--show-settings", ".", "--isolated", "--exclude", "gen,*.json")
    assert code == 0
    assert out.splitlines()[:3] == [
        "# Settings for .",
        "# configuration: none (defaults)",
        "# matched by the exclude globs: no",
    ]
    assert 'exclude = ["gen", "*.json"]' in out.splitlines()


def test_show_settings_errors(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--show-settings", "missing.yaml") == (
        2,
        "",
        "imagetag-lint: error: missing.yaml: no such file or directory\n",
    )
    make(root, "a.yaml")
    assert run(capsys, "--show-settings", "a.yaml", "a.yaml") == (
        2,
        "",
        "imagetag-lint: error: --show-settings takes no other paths\n",
    )


def test_help_names_the_sub_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert (
        "Sub-commands: 'imagetag-lint rules' lists every rule, 'imagetag-lint rule CODE'"
        " documents one, 'imagetag-lint serve' runs the validating admission webhook,"
        " 'imagetag-lint schema KIND' prints a kind's self-contained JSON Schema"
        " (each takes --help)."
    ) in text
    for option in ("--exclude GLOB", "--[no-]respect-gitignore", "--show-settings PATH", "-q"):
        assert option in text or option.replace("[no-]", "") in text


def test_respect_gitignore_is_one_option_with_its_negation() -> None:
    actions = {
        action.dest: action
        for action in build_parser()._actions
        if isinstance(action, argparse.BooleanOptionalAction)
    }
    assert sorted(actions) == ["force_exclude", "respect_gitignore"]
    assert actions["respect_gitignore"].option_strings == [
        "--respect-gitignore",
        "--no-respect-gitignore",
    ]
