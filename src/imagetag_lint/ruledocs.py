"""Every rule documented by its own code, straight from the registry.

``imagetag-lint rules [--format text|json]`` lists the rules, with whether each has
a safe fix (``--fix`` applies it) or an unsafe one (applied only with
``--unsafe-fixes`` too); ``imagetag-lint rule CODE|NAME`` explains one, and
``python -m imagetag_lint.ruledocs --write docs/rules.md`` regenerates the
reference page (``--check`` tells whether the committed page is current). The
rendering functions are pure; the ``main_*`` functions are the command-line
layer of these sub-commands.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .reporting import markdown_inline as _markdown_inline
from .reporting import plain as _plain
from .reporting import plain_doc
from .rules import BY_CODE, BY_NAME, RULES, Phase, Rule, Scope

PROG = "imagetag-lint"
DOCS_PATH = "docs/rules.md"
REGENERATE = f"python -m imagetag_lint.ruledocs --write {DOCS_PATH}"
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# ``Fails::``, ``Passes::`` or ``Fails (profile: object; update)::`` at the start of a line.
_EXAMPLE_HEADER = re.compile(r"(?P<verdict>Fails|Passes)(?: \((?P<options>[^)]*)\))?::\Z")
# What an example's header may say about how to lint it (see ``Example``).
EXAMPLE_OPTIONS = frozenset(
    {"profile", "update", "allowed-registries", "max-file-size", "encoding", "filename"}
)


@dataclass(frozen=True)
class Example:
    """A ``Fails::`` or ``Passes::`` block of a rule's documentation: a whole manifest.

    ``options`` come from the header, ``Fails (key: value; flag)::``: ``profile``,
    ``allowed-registries`` (comma-separated), ``max-file-size``, ``encoding`` (the bytes
    the file holds), ``filename``, and ``update`` (the block is two documents: the stored
    object, then the one that replaces it). Tests lint every example: a ``Fails`` one
    must produce that rule's findings and no other, a ``Passes`` one no finding at all.
    """

    fails: bool
    text: str
    options: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))


def examples(item: Rule) -> list[Example]:
    """Every ``Fails::``/``Passes::`` block of a rule's documentation, in order."""
    found = []
    lines = item.doc.split("\n")
    for index, line in enumerate(lines):
        match = _EXAMPLE_HEADER.match(line.rstrip())
        if match is not None:
            text = _literal_block(lines, index + 1)
            options = _example_options(match.group("options") or "")
            found.append(Example(match.group("verdict") == "Fails", text, options))
    return found


def _example_options(text: str) -> Mapping[str, str]:
    options = {}
    for part in filter(None, (piece.strip() for piece in text.split(";"))):
        key, _, value = part.partition(":")
        options[key.strip()] = value.strip()
    return MappingProxyType(options)


def _literal_block(lines: list[str], start: int) -> str:
    """The indented block that follows a ``::`` line, dedented, as text."""
    block: list[str] = []
    index = start
    while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
        block.append(lines[index])
        index += 1
    while block and not block[-1].strip():
        block.pop()
    while block and not block[0].strip():
        block.pop(0)
    indent = min(len(b) - len(b.lstrip()) for b in block if b.strip()) if block else 0
    return "".join(b[indent:].rstrip() + "\n" for b in block)


def sorted_rules() -> list[Rule]:
    return sorted(RULES, key=lambda item: item.code)


def fix_kind(item: Rule) -> str | None:
    """``safe`` or ``unsafe`` for a rule with a fixer, None for one without."""
    if not item.fixable:
        return None
    return "safe" if item.fix_safe else "unsafe"


def fix_label(item: Rule) -> str:
    """How listings mark a rule's fix: ``safe fix``, ``unsafe fix`` or ``-``."""
    kind = fix_kind(item)
    return "-" if kind is None else f"{kind} fix"


def rule_row(item: Rule) -> dict[str, str | None]:
    """The listing fields of a rule, as ``rules --format json`` prints them."""
    return {
        "code": item.code,
        "name": item.name,
        "severity": item.severity.value,
        "server": item.server,
        "fix": fix_kind(item),
        "summary": item.summary,
    }


def find_rule(query: str) -> Rule | None:
    """A rule by code (any case) or by name."""
    return BY_CODE.get(query.upper()) or BY_NAME.get(query)


def anchor(item: Rule) -> str:
    return item.code.lower()


def applies_to(item: Rule) -> str:
    """Where a semantic rule runs, as its ``@rule`` declares it ("" for layer rules)."""
    if not item.types:
        return ""
    parts = [", ".join(item.types)]
    if item.scope is not Scope.ANY:
        parts.append(f"scope: {item.scope.label}")
    if item.kinds is not None:
        parts.append(f"in {', '.join(item.kinds)} objects only")
    if item.phase is not Phase.ANY:
        parts.append(f"on {item.phase.value} only")
    if item.profile is not None:
        parts.append(f"{item.profile} profile only")
    if item.source:
        parts.append("YAML text with a number written with a leading zero only")
    if item.setting is not None:
        parts.append(f"only with {item.setting.replace('_', '-')} set")
    return "; ".join(parts)


# --- text ------------------------------------------------------------------------------


def render_list_text(rules: Sequence[Rule]) -> str:
    rows = [
        (r.code, r.severity.value, r.server or "-", fix_label(r), r.name, _plain(r.summary))
        for r in rules
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "".join(
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:5])) + "  " + row[5] + "\n"
        for row in rows
    )


def render_list_json(rules: Sequence[Rule]) -> str:
    return json.dumps([rule_row(r) for r in rules], indent=2, ensure_ascii=False) + "\n"


def render_rule_text(item: Rule) -> str:
    server = f"server rule, catalogue {item.server}" if item.server else "lint-only"
    fix = f"; {fix_label(item)}" if item.fixable else ""
    header = f"{item.code} {item.name} ({item.severity.value}; {server}{fix})\n"
    applies = f"Applies to: {applies_to(item)}\n" if item.types else ""
    return f"{header}{applies}\n{plain_doc(item.doc)}\n"


# --- markdown --------------------------------------------------------------------------


def render_markdown(rules: Sequence[Rule]) -> str:
    """``docs/rules.md``: a table of every rule, then each rule's full documentation."""
    out = [
        "# Rules\n",
        "\n",
        f"<!-- Generated from the rule registry by `{REGENERATE}`. Do not edit. -->\n",
        "\n",
        "Every finding carries one of these codes. `severity` is the default (configurable);\n",
        "`server` is the id in the catalogue of what the OpenShift API server enforces, or\n",
        "`-` for a lint-only rule. `fix` says whether the rule can fix what it finds: a\n",
        "`safe fix` keeps the meaning the author evidently had and `--fix` applies it; an\n",
        "`unsafe fix` renames or removes something and is applied only with\n",
        "`--unsafe-fixes` as well. `imagetag-lint rules` lists them, `imagetag-lint rule CODE`\n",
        "prints one.\n",
        "\n",
        "| code | name | severity | server | fix | summary |\n",
        "|---|---|---|---|---|---|\n",
    ]
    for item in rules:
        summary = _markdown_inline(item.summary).replace("|", "\\|")
        out.append(
            f"| [{item.code}](#{anchor(item)}) | `{item.name}` | {item.severity.value}"
            f" | {item.server or '-'} | {fix_label(item)} | {summary} |\n"
        )
    for item in rules:
        out.append("\n")
        out.append(f'<a id="{anchor(item)}"></a>\n')
        out.append("\n")
        out.append(f"## {item.code} `{item.name}`\n")
        out.append("\n")
        facts = f"Severity: {item.severity.value}. "
        facts += f"Server rule, catalogue {item.server}." if item.server else "Lint-only."
        if item.types:
            facts += f" Applies to: {applies_to(item)}."
        if item.fixable:
            facts += (
                " Safe fix: `--fix` applies it."
                if item.fix_safe
                else " Unsafe fix: applied only with `--fix --unsafe-fixes`."
            )
        out.append(facts + "\n")
        out.append("\n")
        out.extend(_markdown_doc(item.doc))
    return "".join(out)


def _markdown_doc(doc: str) -> Iterator[str]:
    """A docstring as Markdown: ``::`` literal blocks become fenced YAML blocks."""
    lines = doc.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if not line.rstrip().endswith("::"):
            yield _markdown_inline(line).rstrip() + "\n"
            continue
        lead = line.rstrip()[:-2].rstrip()
        if lead:
            yield _markdown_inline(lead) + ":\n"
        block = _literal_block(lines, index)
        while index < len(lines) and (not lines[index].strip() or lines[index].startswith(" ")):
            index += 1
        yield "\n```yaml\n"
        yield block
        yield "```\n"
        if index < len(lines):
            yield "\n"


# --- command line ----------------------------------------------------------------------


def main_rules(argv: Sequence[str]) -> int:
    """``imagetag-lint rules [--format text|json]``."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} rules", description="List every rule: code, severity, server id, name."
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    args = parser.parse_args(argv)
    render = render_list_json if args.format == "json" else render_list_text
    sys.stdout.write(render(sorted_rules()))
    return EXIT_OK


def main_rule(argv: Sequence[str]) -> int:
    """``imagetag-lint rule CODE|NAME``."""
    parser = argparse.ArgumentParser(
        prog=f"{PROG} rule", description="Explain one rule, by code or name."
    )
    parser.add_argument("rule", metavar="CODE|NAME")
    args = parser.parse_args(argv)
    item = find_rule(args.rule)
    if item is None:
        print(
            f"{PROG}: error: no rule {args.rule!r} (see '{PROG} rules' for the list)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    sys.stdout.write(render_rule_text(item))
    return EXIT_OK


def main_subcommand(argv: Sequence[str]) -> int:
    """Dispatch ``rules ...`` and ``rule ...`` (``argv[0]`` is the sub-command)."""
    command, rest = argv[0], argv[1:]
    return main_rules(rest) if command == "rules" else main_rule(rest)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m imagetag_lint.ruledocs --write PATH`` or ``--check PATH``."""
    parser = argparse.ArgumentParser(
        prog="python -m imagetag_lint.ruledocs",
        description=f"Generate {DOCS_PATH} from the rule registry.",
    )
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", metavar="PATH", help="write the page to PATH")
    group.add_argument("--check", metavar="PATH", help="exit 1 if PATH is not current")
    args = parser.parse_args(argv)
    text = render_markdown(sorted_rules())
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
        return EXIT_OK
    path = Path(args.check)
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current != text:
        print(f"{path} is stale: regenerate it with `{REGENERATE}`", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
