"""The engine: schema layer and rules over every object, findings to diagnostics.

Rules and layers yield ``Finding``s (pointer + message); only here do they
become ``Diagnostic``s, with the rule's code and severity (or the configured
one) and the position the document's locator resolves. When the document came
from text and the rule has a fixer, the diagnostic also gets the rule's ``Fix``
(see ``checking.fixing``); decoded objects have no text to edit, so no fixes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache

from ..codes import LIMIT, SYNTAX, UNDECLARED_PARAMETER, UNKNOWN_KIND
from ..diagnostics import Diagnostic, Edit, Finding, Fix, Severity
from ..frozen import NamedTuple
from ..loading import template_sources
from ..loading.documents import (
    HAS_C_COMPOSER,
    LoadFailure,
    SourceDocument,
    decode,
    load_documents,
    load_stream,
    separator_failures,
)
from ..loading.files import Stream, TooLarge
from ..loading.positions import Locator, NodeLocator, NoLocator
from ..openshift import kinds, rewrites, typegraph
from ..pointers import pointer_to_path, split_pointer
from ..rules import BY_CODE, MISSING, Rule, RuleContext, Scope, index
from ..rules.direct import Direct, direct_check
from ..rules.index import Entry
from ..settings import DEFAULT_SETTINGS, Settings
from . import gate, suppressions

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_CODES = frozenset(item.code for item in index.ENTRIES if item.layer == "schema")


def lint_text(
    text: str, filename: str = "<stdin>", settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """Every finding in a YAML stream or JSON text, sorted by position."""
    return lint_source(text, filename, settings).diagnostics


class Skipped(NamedTuple):
    """A document that is not ours: where it starts, and why (``--verbose`` lists them)."""

    file: str
    document: int  # 0-based
    line: int | None
    column: int | None
    reason: str


class LintedText(NamedTuple):
    diagnostics: list[Diagnostic]
    documents: int  # documents in the stream, linted or not (reports list them)
    text: str | None  # the decoded text, when it was held whole (reports may quote it)
    skipped: frozenset[int] = frozenset()  # 0-based indexes of documents that are not ours
    linted: int = 0  # documents with an image API object (or a header meant for one)
    not_ours: int = 0  # documents that are not ours, streams included (``skipped`` is not)
    skips: tuple[Skipped, ...] = ()  # why each of ``skipped`` is not ours, in document order


def lint_source(
    text: str, filename: str = "<stdin>", settings: Settings = DEFAULT_SETTINGS
) -> LintedText:
    """``lint_text`` plus the number of documents; suppression comments applied."""
    # Only a .json file gets JSON's own syntax errors: text that merely starts
    # with "{" or "[" may be a YAML flow mapping, and valid JSON reads the same as YAML.
    is_json = filename.lower().endswith(".json")
    template_at = template_sources.template_syntax_at(text)
    if template_at is not None:
        if not template_sources.names_image_api(text):
            # Helm/Jinja of other kinds: not ours
            why = Skipped(
                filename, 0, template_at.line, template_at.column, template_sources.NOT_OURS_REASON
            )
            return LintedText([], 1, text, frozenset({0}), not_ours=1, skips=(why,))
        failure = LoadFailure(SYNTAX, template_sources.TEMPLATE_SOURCE_MESSAGE, template_at, 0)
        return LintedText(list(failure_diagnostics(failure, filename, settings)), 1, text)
    source = _Source(text, is_json)
    linted = _lint_documents(load_documents(text, is_json=is_json), filename, settings, source)
    found = linted.diagnostics
    if not is_json:  # kubectl splits YAML into documents by lines first (K2)
        for failure in separator_failures(text):
            found.extend(failure_diagnostics(failure, filename, settings))
        found.sort(key=lambda d: d.sort_key)
    if any(d.code == SYNTAX for d in found) and not template_sources.names_image_api(text):
        # Text that cannot be read and names nothing of the image API is not ours.
        found = [d for d in found if d.code != SYNTAX]
    if not is_json:  # JSON has no comments: per-file ignores in the configuration serve it
        kept = suppressions.apply(text, filename, found, settings)
        found = sorted(kept, key=lambda d: d.sort_key)
    return linted._replace(diagnostics=found, text=text)


def lint_input(
    contents: bytes | TooLarge | Stream, filename: str, settings: Settings
) -> LintedText:
    """Every finding in one input as ``loading.files`` read it: bytes, too large, or a stream.

    The library's ``lint_path`` and the command line both lint files through here,
    so a file gets the same findings whichever way it is linted.
    """
    if isinstance(contents, Stream):
        with contents.open() as handle:
            done = _lint_documents(load_stream(handle), filename, settings)
        # Reports list the documents of a file held whole only.
        return LintedText(
            done.diagnostics, 0, None, linted=done.linted, not_ours=done.not_ours, skips=done.skips
        )
    if isinstance(contents, TooLarge):
        message = f"file is larger than {contents.size} bytes; not read"
        failure = LoadFailure(LIMIT, message, None, 0)
        return LintedText(list(failure_diagnostics(failure, filename, settings)), 0, None)
    text = decode(contents)
    if isinstance(text, LoadFailure):
        return LintedText(list(failure_diagnostics(text, filename, settings)), 0, None)
    return lint_source(text, filename, settings)


class Counts:
    """How many documents of a stream were linted, and how many were not ours (and
    why, when ``skips`` is a list to keep them in)."""

    __slots__ = ("linted", "not_ours", "skips")

    def __init__(
        self, linted: int = 0, not_ours: int = 0, skips: list[Skipped] | None = None
    ) -> None:
        self.linted = linted
        self.not_ours = not_ours
        self.skips = skips


def stream_findings(
    contents: Stream, filename: str, settings: Settings, counts: Counts | None = None
) -> Iterator[list[Diagnostic]]:
    """A stream's findings (as ``lint_input`` gives them) document by document, each sorted.

    Memory stays that of one document however long the stream is; together
    the pieces are ``lint_input``'s list, in the same order once the findings
    without a position (a document beyond the first that could not be read)
    are put last, as ``Diagnostic.sort_key`` puts them.
    """
    counts = Counts() if counts is None else counts
    with contents.open() as handle:
        for document in load_stream(handle):
            found = _document_findings(document, filename, settings)
            if isinstance(found, Skipped):
                counts.not_ours += 1
                if counts.skips is not None:
                    counts.skips.append(found)
                continue
            counts.linted += not isinstance(document, LoadFailure)
            if found:
                yield sorted(found, key=lambda d: d.sort_key)


def _lint_documents(
    documents: Iterable[SourceDocument | LoadFailure],
    filename: str,
    settings: Settings,
    source: _Source | None = None,
) -> LintedText:
    found: list[Diagnostic] = []
    skips: list[Skipped] = []
    count = linted = 0
    for document in documents:  # one at a time: only one node tree is alive
        index = document.document if isinstance(document, LoadFailure) else document.index
        count = max(count, index + 1)
        findings = _document_findings(document, filename, settings, source)
        if isinstance(findings, Skipped):
            skips.append(findings)
        else:
            found.extend(findings)
            linted += not isinstance(document, LoadFailure)
    ordered = sorted(found, key=lambda d: d.sort_key)
    skipped = frozenset(skip.document for skip in skips)
    return LintedText(ordered, count, None, skipped, linted, len(skips), tuple(skips))


def _document_findings(
    document: SourceDocument | LoadFailure,
    filename: str,
    settings: Settings,
    source: _Source | None = None,
) -> list[Diagnostic] | Skipped:
    """One document's findings, unsorted; ``Skipped`` for a document that is not ours."""
    if isinstance(document, LoadFailure):
        return list(failure_diagnostics(document, filename, settings))
    objects = list(kinds.targets(document.data, settings.kinds))
    headers = list(kinds.header_problems(document.data, settings.kinds))
    if not objects and not headers:
        start = document.locator.span("")
        line, column = (start.line, start.column) if start is not None else (None, None)
        reason = kinds.skip_reason(document.data, settings.kinds)
        return Skipped(filename, document.index, line, column, reason)
    return _lint_objects(document, objects, filename, settings, source, headers)


def lint_bytes(
    data: bytes, filename: str, settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """Every finding in a file's bytes (not yet known to be UTF-8 text)."""
    return lint_input(data, filename, settings).diagnostics


def lint_document(
    document: SourceDocument, filename: str, settings: Settings = DEFAULT_SETTINGS
) -> list[Diagnostic]:
    """The findings of one loaded document: its load problems and every object in it."""
    objects = list(kinds.targets(document.data, settings.kinds))
    headers = list(kinds.header_problems(document.data, settings.kinds))
    if not objects and not headers:
        return []  # not an image API document: none of our business, even if odd
    return _lint_objects(document, objects, filename, settings, headers=headers)


def _lint_objects(
    document: SourceDocument,
    objects: list[kinds.Target],
    filename: str,
    settings: Settings,
    source: _Source | None = None,
    headers: Iterable[tuple[str, Finding]] = (),
) -> list[Diagnostic]:
    """The findings of a document's image API objects, of its load problems, and of
    the headers kubectl refuses on objects meant for us (``kinds.header_problems``)."""
    fixing = None
    if source is not None and isinstance(document.locator, NodeLocator):
        fixing = _FixSource(source, document.locator, document.data)
    emit = _Emitter(filename, document.index, document.locator, settings, fixing)
    for problem in document.problems:
        emit.add(problem.code, problem.finding, "")
    for pointer, finding in headers:
        emit.add(UNKNOWN_KIND, finding, pointer)
    for target in objects:
        checks = check_target(target, settings, document.locator)
        for code, finding in checks:
            emit.add(code, finding, target.pointer)
    return emit.diagnostics


def lint_object(
    obj: Mapping[str, Any],
    settings: Settings = DEFAULT_SETTINGS,
    filename: str = "<object>",
    *,
    old: Mapping[str, Any] | None = None,
) -> list[Diagnostic]:
    """The findings of an already decoded object (no positions, pointers only).

    With ``old`` (the stored object an update replaces) the update rules run
    too and create-only findings are dropped.
    """
    locator = NoLocator()
    emit = _Emitter(filename, 0, locator, settings)
    if kinds.root_type(obj) is None:  # an object of ours has no header problem
        for pointer, finding in kinds.header_problems(obj, settings.kinds):
            emit.add(UNKNOWN_KIND, finding, pointer)
    for target in kinds.targets(obj, settings.kinds):
        # ``old`` is the previous version of the root object, not of a list's items.
        previous = old if target.pointer == "" else None
        for code, finding in check_target(target, settings, locator, old=previous):
            emit.add(code, finding, target.pointer)
    return sorted(emit.diagnostics, key=lambda d: d.sort_key)


def check_target(
    target: kinds.Target,
    settings: Settings,
    locator: Locator,
    *,
    old: Mapping[str, Any] | None = None,
) -> Iterator[tuple[str, Finding]]:
    """``check_object`` for one target; inside a Template, placeholders excuse values.

    An object in a Template is also searched for references to parameters the
    Template does not declare.
    """
    checks = check_object(
        target.obj,
        target.type_name,
        settings,
        locator,
        target.pointer,
        templated=target.templated,
        old=old,
    )
    unvalidated = rewrites.unvalidated(
        target.obj, target.type_name, settings.profile, create=old is None
    )
    if unvalidated:  # parts the server rewrites before it validates: no rule error there
        checks = (
            (code, finding)
            for code, finding in checks
            if not (
                _validation_error(code, finding) and rewrites.inside(finding.pointer, unvalidated)
            )
        )
    if not target.templated:
        yield from checks
        return
    from ..openshift import template_parameters

    for code, finding in checks:
        kept = template_parameters.in_template(code, finding, target.obj)
        if kept is not None:
            yield code, kept
    code = UNDECLARED_PARAMETER
    if target.parameters is not None and settings.enabled(code):
        for finding in template_parameters.undeclared(target.obj, target.parameters):
            yield code, finding


def _validation_error(code: str, finding: Finding) -> bool:
    """A rule's error that the server's validation would raise (not its decoding: R ids)."""
    rule = index.BY_CODE[code]
    server = finding.server or rule.server or ""
    return rule.layer == "rule" and rule.severity is Severity.ERROR and not server.startswith("R")


def check_object(
    obj: Mapping[str, Any],
    type_name: str,
    settings: Settings,
    locator: Locator,
    base: str = "",
    *,
    templated: bool = False,
    old: Mapping[str, Any] | None = None,
) -> Iterator[tuple[str, Finding]]:
    """Schema findings, then rule findings, for one object; pointers relative to it."""

    def plain_scalar(pointer: str) -> str | None:
        return locator.plain_scalar(base + pointer)

    plan = _rules_for(
        settings.select,
        settings.ignore,
        type_name,
        old is not None,
        settings.profile,
        locator.leading_zeros,
        tuple(name for name in _SETTINGS if getattr(settings, name) is not None),
    )
    failing = (
        None if old is not None else gate.failing(obj, type_name, settings.profile, plan.accepted)
    )
    if failing is None:  # the slow path: the schema layer and every rule explain
        table = plan.full
        if plan.schema_on and not gate.known_valid(obj, type_name, settings.profile):
            from . import validation

            found = validation.schema_findings(obj, type_name, settings.profile, plain_scalar)
            if old is not None:  # an admission UPDATE
                from ..rules.update import waived_on_update

                found = (item for item in found if not waived_on_update(item[1]))
            yield from found
    elif failing:  # the schema holds, as do the fragments of every rule but these
        table = _targeted(plan, failing)
    elif plan.direct is not None and plan.direct.check(obj, settings.profile):
        return  # fast accept, and the rules the gate cannot answer for have nothing to say
    else:  # fast accept: only the rules the gate cannot answer for run
        table = plan.residual
    if not table.wanted:
        return
    for occurrence in typegraph.occurrences(obj, type_name, table.wanted):
        rules = table.by_type[occurrence.type_name][_scope_index(occurrence.pointer)]
        if not rules:
            continue
        ctx = RuleContext(
            occurrence.pointer,
            obj,
            type_name,
            occurrence.type_name,
            settings,
            plain_scalar,
            occurrence.parents,
            old=old,
            templated=templated,
        )
        for rule in rules:
            for finding in _run(rule, occurrence.value, ctx):
                yield rule.code, _rebase(finding, occurrence.pointer)


def _run(rule: Rule, value: Mapping[str, Any], ctx: RuleContext) -> Iterable[Finding]:
    assert rule.check is not None
    return rule.check(value, ctx)


def _rebase(finding: Finding, pointer: str) -> Finding:
    return Finding(pointer + finding.pointer, finding.message, finding.at, finding.server)


# The scopes in the order of ``_scope_index``: where an occurrence sits decides which
# of a type's rules it is given, looked up by index rather than by flag arithmetic.
_SCOPES = (Scope.ROOT, Scope.METADATA, Scope.NESTED)


def _scope_index(pointer: str) -> int:
    """0 for the linted object itself, 1 for its own metadata, 2 for anything nested."""
    if not pointer:
        return 0
    return 1 if pointer == "/metadata" else 2


class _RuleTable(NamedTuple):
    """Rules by API type and scope: what ``check_object`` calls on each occurrence."""

    wanted: frozenset[str]  # the API types that have a rule
    by_type: Mapping[str, tuple[tuple[Rule, ...], ...]]  # type -> rules per scope index
    codes: frozenset[str]  # the rules in it


class _Plan:  # one per selection: compared (and hashed) by identity
    """What one kind of object gets, for one selection, request and profile.

    ``full`` is every enabled rule that applies; ``residual`` those the gate cannot
    answer for (they declare no ``accept``), which still run on an object the gate
    accepts. ``accepted`` names the others, whose ``accept`` fragments the gate adds.
    ``direct`` answers for the residual rules on an accepted object without walking
    it (``rules.direct``), when one covers every residual rule that can meet it.
    A plan is made from the rules' ``index`` entries: the tables of rules to call are
    made, and the rules' modules imported, the first time an object needs them.
    """

    __slots__ = (
        "_full",
        "_residual",
        "accepted",
        "direct",
        "full_codes",
        "residual_codes",
        "schema_on",
    )

    def __init__(
        self,
        full_codes: frozenset[str],
        residual_codes: frozenset[str],
        accepted: frozenset[str],
        schema_on: bool,
        direct: Direct | None,
    ) -> None:
        self.full_codes = full_codes
        self.residual_codes = residual_codes
        self.accepted = accepted
        self.schema_on = schema_on
        self.direct = direct
        self._full: _RuleTable | None = None
        self._residual: _RuleTable | None = None

    @property
    def full(self) -> _RuleTable:
        if self._full is None:
            self._full = _table(self.full_codes)
        return self._full

    @property
    def residual(self) -> _RuleTable:
        if self._residual is None:
            self._residual = _table(self.residual_codes)
        return self._residual


# The ``Settings`` fields some rule needs (``Rule.setting``): a plan depends on which are set.
_SETTINGS = tuple(sorted({r.setting for r in index.ENTRIES if r.setting is not None}))


@cache
def _rules_for(
    select: frozenset[str] | None,
    ignore: frozenset[str],
    root_type: str,
    update: bool,
    profile: str,
    source: bool = True,
    configured: tuple[str, ...] = _SETTINGS,
) -> _Plan:
    """Per API type and scope, the enabled rules that apply to this kind of object and request.

    ``source``: the object was read from text that may hold an integer written with a
    leading zero (``Locator.leading_zeros``); ``configured``: the ``_SETTINGS`` that are set.
    """
    kept = [
        r
        for r in index.ENTRIES
        if r.checks
        and r.code not in ignore
        and (select is None or r.code in select)
        and r.runs_on(root_type, update, profile)
        and (source or not r.source)
        and (r.setting is None or r.setting in configured)
        # A rule for the linted object alone runs only on objects of its types.
        and (r.scope is not Scope.ROOT or root_type in r.types)
    ]
    accepted = frozenset(r.code for r in kept if r.accepts)
    schema_on = any(
        code not in ignore and (select is None or code in select) for code in SCHEMA_CODES
    )
    residual = [r for r in kept if r.code not in accepted]
    return _Plan(
        frozenset(r.code for r in kept),
        frozenset(r.code for r in residual),
        accepted,
        schema_on,
        _direct(root_type, residual),
    )


def _direct(root_type: str, residual: list[Entry]) -> Direct | None:
    """The direct check that covers every residual rule an object of this kind can meet."""
    present = typegraph.reachable(root_type)
    meeting = frozenset(r.code for r in residual if present.intersection(r.types))
    return direct_check(root_type, meeting)


@lru_cache(maxsize=1024)
def _targeted(plan: _Plan, failing: frozenset[str]) -> _RuleTable:
    """The residual rules and those of ``failing``: what explains an object only they refuse."""
    return _table(failing | plan.residual_codes)


def _table(codes: frozenset[str]) -> _RuleTable:
    """The rules of ``codes`` (their modules imported now) by API type and scope."""
    of_type: dict[str, list[Rule]] = {}
    for item in index.load(codes):  # in the registry's order, as each type's rules run
        for type_name in item.types:
            of_type.setdefault(type_name, []).append(item)
    by_type = {
        type_name: tuple(tuple(r for r in here if r.scope & scope) for scope in _SCOPES)
        for type_name, here in of_type.items()
    }
    return _RuleTable(frozenset(by_type), by_type, codes)


class _Emitter:
    """Turns findings into diagnostics for one document."""

    def __init__(
        self,
        filename: str,
        document: int,
        locator: Locator,
        settings: Settings,
        fixing: _FixSource | None = None,
    ) -> None:
        self.filename = filename
        self.document = document
        self.locator = locator
        self.settings = settings
        self.fixing = fixing  # None: the document has no text to edit
        self.diagnostics: list[Diagnostic] = []

    def add(self, code: str, finding: Finding, base: str) -> None:
        if not self.settings.enabled(code):
            return
        rule = BY_CODE[code]
        pointer = base + finding.pointer
        path = pointer_to_path(finding.pointer) if rule.layer != "input" else ""
        span = self.locator.span(pointer, finding.at)
        self.diagnostics.append(
            Diagnostic(
                code=code,
                name=rule.name,
                severity=self.settings.severity(code, rule.severity),
                message=f"{path}: {finding.message}" if path else finding.message,
                file=self.filename,
                line=span.line if span else None,
                column=span.column if span else None,
                end_line=span.end_line if span else None,
                end_column=span.end_column if span else None,
                pointer=pointer,
                document=self.document,
                server=finding.server or rule.server,
                fix=self._fix(rule, pointer, finding),
            )
        )

    def _fix(self, rule: Rule, pointer: str, finding: Finding) -> Fix | None:
        if rule.fix is None or self.fixing is None:
            return None
        fix = rule.fix(self.fixing.context(pointer, finding))
        if fix is None or not fix.edits or not self.fixing.valid(fix):
            return None
        bias = self.fixing.bias
        edits = sorted(fix.edits, key=lambda edit: (edit.start, edit.end))
        moved = (Edit(edit.start + bias, edit.end + bias, edit.text) for edit in edits)
        return Fix(fix.title, tuple(moved), rule.fix_safe)


class _Source(NamedTuple):
    """The text a stream was loaded from, for fixers to edit."""

    text: str
    is_json: bool

    @property
    def bias(self) -> int:
        """What to add to a mark's index to make it an offset into ``text``.

        libyaml counts from after a byte order mark; PyYAML counts the mark.
        """
        return 1 if HAS_C_COMPOSER and self.text.startswith("\ufeff") else 0


class _FixSource:
    """One document's text, locator and data: what a ``FixContext`` is made of."""

    def __init__(self, source: _Source, locator: NodeLocator, data: Any) -> None:
        self.text = source.text
        self.is_json = source.is_json
        self.bias = source.bias
        self.locator = locator
        self.data = data
        # The offsets the locator and fixers work in: the text as the composer counted it.
        self.counted = self.text[self.bias :]

    def context(self, pointer: str, finding: Finding) -> _FixContext:
        value = _value_at(self.data, pointer)
        return _FixContext(
            self.counted, pointer, finding.at, value, self.is_json, finding.message, self.locator
        )

    def valid(self, fix: Fix) -> bool:
        """Edits inside the text, none overlapping another: anything else is a fixer's bug."""
        edits = sorted(fix.edits, key=lambda edit: (edit.start, edit.end))
        end = 0
        for edit in edits:
            if not 0 <= edit.start <= edit.end <= len(self.counted) or edit.start < end:
                return False
            end = edit.end
        return True


class _FixContext:
    """The ``FixContext`` a rule's fixer is given (offsets into the text as composed)."""

    __slots__ = ("at", "is_json", "locator", "message", "pointer", "text", "value")

    def __init__(
        self,
        text: str,
        pointer: str,
        at: str,
        value: Any,
        is_json: bool,
        message: str,
        locator: NodeLocator,
    ) -> None:
        self.text = text
        self.pointer = pointer
        self.at = at
        self.value = value
        self.is_json = is_json
        self.message = message
        self.locator = locator

    def span(self, pointer: str, at: str = "value") -> tuple[int, int] | None:
        return self.locator.offsets(self.text, pointer, at)

    def source(self, pointer: str) -> str | None:
        found = self.span(pointer)
        return None if found is None else self.text[found[0] : found[1]]

    def member(self, pointer: str) -> tuple[int, int] | None:
        return None if self.is_json else self.locator.member(self.text, pointer)


def _value_at(data: Any, pointer: str) -> Any:
    """The decoded value at ``pointer``, or ``MISSING``."""
    for token in split_pointer(pointer):
        if isinstance(data, Mapping):
            if token not in data:
                return MISSING
            data = data[token]
        elif isinstance(data, list) and token.isdigit() and int(token) < len(data):
            data = data[int(token)]
        else:
            return MISSING
    return data


def failure_diagnostics(
    failure: LoadFailure, filename: str, settings: Settings
) -> Iterator[Diagnostic]:
    if not settings.enabled(failure.code):
        return
    rule = BY_CODE[failure.code]
    span = failure.span
    yield Diagnostic(
        code=failure.code,
        name=rule.name,
        severity=settings.severity(failure.code, rule.severity),
        message=failure.message,
        file=filename,
        line=span.line if span else None,
        column=span.column if span else None,
        end_line=span.end_line if span else None,
        end_column=span.end_column if span else None,
        pointer="",
        document=failure.document,
        server=failure.server or rule.server,
    )
