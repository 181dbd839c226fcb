"""AdmissionReview v1: the answer of a validating admission webhook, from the linter's findings.

``review()`` takes a decoded ``admission.k8s.io/v1`` ``AdmissionReview`` and
returns the review to send back. It never raises: a malformed review gets a
response with ``allowed: false`` and ``status.code`` 400.

Status codes. An object with error findings is refused with 422 Unprocessable
Entity (reason ``Invalid``): it is what the API server itself answers for the
same field errors, so ``oc``/``kubectl`` show it as a validation failure of the
object. 403 Forbidden (the apiserver's default for a webhook denial) would read
as "you are not allowed to", which is wrong here: anyone would be refused. A
review that is not a well-formed v1 request gets 400 Bad Request.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..checking import engine
from ..diagnostics import Diagnostic, Severity
from ..openshift import kinds
from ..pointers import join_pointer, pointer_to_path, split_pointer
from ..settings import DEFAULT_SETTINGS, Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

API_VERSION = "admission.k8s.io/v1"
KIND = "AdmissionReview"
CHECKED_OPERATIONS = frozenset({"CREATE", "UPDATE"})
OPERATIONS = frozenset({"CREATE", "UPDATE", "DELETE", "CONNECT"})

INVALID = 422
BAD_REQUEST = 400
# The apiserver shows status.message to the user in one line; keep it readable.
MAX_MESSAGE = 1000
# "Limit warnings to 120 characters if possible" (admission/v1 types.go); the
# apiserver may drop warnings beyond 256 characters or when there are many.
MAX_WARNING = 120
MAX_WARNINGS = 20
# Where a message divides into clauses (outside quotes and parentheses).
_CLAUSE_BREAKS = ("; ", ": ", ", and ")
_DID_YOU_MEAN = "(did you mean "


class MalformedReview(ValueError):
    """The review is not a well-formed AdmissionReview v1 request."""


def review(request: Mapping[str, Any], *, settings: Settings | None = None) -> dict[str, Any]:
    """The AdmissionReview v1 response for an AdmissionReview v1 request.

    CREATE and UPDATE of supported kinds are linted (UPDATE with ``oldObject``
    also runs the update rules); DELETE, CONNECT and objects of other kinds are
    allowed untouched. Error findings deny the request with code 422 and one
    message that lists them all; warning findings become ``warnings``.
    """
    uid = _uid(request)
    try:
        operation, obj, old = _parse(request)
    except MalformedReview as problem:
        return _response(uid, _denied(BAD_REQUEST, "BadRequest", f"malformed review: {problem}"))
    if operation not in CHECKED_OPERATIONS or kinds.root_type(obj) is None:
        return _response(uid, {"allowed": True})
    found = engine.lint_object(obj, settings or DEFAULT_SETTINGS, old=old)
    return _response(uid, decide(found))


def decide(found: Sequence[Diagnostic]) -> dict[str, Any]:
    """The ``allowed``, ``status`` and ``warnings`` members of a response for these findings."""
    errors = [d.message for d in found if d.severity is Severity.ERROR]
    warnings = warning_lines([d for d in found if d.severity is not Severity.ERROR])
    result: dict[str, Any] = {"allowed": True}
    if errors:
        result = _denied(INVALID, "Invalid", aggregate(errors))
    if warnings:
        result["warnings"] = warnings
    return result


def aggregate(messages: Sequence[str], limit: int = MAX_MESSAGE) -> str:
    """``3 problems: a; b; c``, cut to ``limit`` characters with a count of what was left out."""
    if len(messages) == 1:
        return _cut(messages[0], limit)
    head = f"{len(messages)} problems: "
    shown: list[str] = []
    for index, message in enumerate(messages):
        after = len(messages) - index - 1
        tail = f"; and {after} more" if after else ""
        if len(head) + len("; ".join([*shown, message])) + len(tail) > limit:
            break
        shown.append(message)
    else:
        return head + "; ".join(shown)
    if not shown:  # the first message alone is too long: shorten it
        room = limit - len(head) - len(f"; and {len(messages) - 1} more")
        shown = [_cut(messages[0], room)]
    return f"{head}{'; '.join(shown)}; and {len(messages) - len(shown)} more"


def warning_lines(found: Sequence[Diagnostic]) -> list[str]:
    """Warnings as ``CODE path: message``, each at most 120 characters, at most 20 of them."""
    lines = [warning_line(diagnostic) for diagnostic in found[:MAX_WARNINGS]]
    if len(found) > MAX_WARNINGS:
        lines.append(f"{len(found) - MAX_WARNINGS} more warnings not shown")
    return lines


def warning_line(diagnostic: Diagnostic, limit: int = MAX_WARNING) -> str:
    """``CODE path: message``, the message shortened to fit ``limit`` characters.

    Kubernetes asks for short warnings, so a long message loses what it can spare,
    in this order, until it fits: asides in parentheses (a did-you-mean stays),
    then every clause after the first (keeping the did-you-mean). Only a first
    clause that is too long by itself is cut, with ``...``.
    """
    path, detail = _split_path(diagnostic)
    head = f"{diagnostic.code} {path}: " if path else f"{diagnostic.code} "
    room = limit - len(head)
    shorter = _without_asides(detail)
    for candidate in (detail, shorter, _first_clause(shorter)):
        if len(candidate) <= room:
            return head + candidate
    return _cut(head + _first_clause(shorter), limit)


def _split_path(diagnostic: Diagnostic) -> tuple[str, str]:
    """The field path a message starts with and the rest; ``""`` and all without one.

    The engine writes the path of the finding's pointer below the object it
    checked, which ends the diagnostic's pointer: the longest such path wins.
    """
    tokens = split_pointer(diagnostic.pointer)
    for start in range(len(tokens)):
        path = pointer_to_path(join_pointer("", *tokens[start:]))
        if path and diagnostic.message.startswith(path + ": "):
            return path, diagnostic.message[len(path) + 2 :]
    return "", diagnostic.message


def _without_asides(text: str) -> str:
    """``text`` without its asides in parentheses, except a did-you-mean."""
    asides, _ = _structure(text)
    for start, end in reversed(asides):
        if not text.startswith(_DID_YOU_MEAN, start + 1):
            text = text[:start] + text[end:]
    return text


def _first_clause(text: str) -> str:
    """The first clause of ``text``, and its did-you-mean when it has one."""
    asides, breaks = _structure(text)
    if not breaks:
        return text
    hints = [text[start:end] for start, end in asides if text.startswith(_DID_YOU_MEAN, start + 1)]
    first = text[: breaks[0]]
    return first + hints[-1] if hints and hints[-1] not in first else first


def _structure(text: str) -> tuple[list[tuple[int, int]], list[int]]:
    """The `` (...)`` asides (start, end) and clause breaks outside quotes and parentheses."""
    asides: list[tuple[int, int]] = []
    breaks: list[int] = []
    depth, opened, quoted, escaped = 0, -1, False, False
    for index, char in enumerate(text):
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char == "(":
            opened = index if depth == 0 else opened
            depth += 1
        elif char == ")" and depth:
            depth -= 1
            if depth == 0 and opened > 0 and text[opened - 1] == " ":
                asides.append((opened - 1, index + 1))
        elif depth == 0 and text.startswith(_CLAUSE_BREAKS, index):
            breaks.append(index)
    return asides, breaks


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _uid(request: Any) -> str:
    inner = request.get("request") if isinstance(request, Mapping) else None
    uid = inner.get("uid") if isinstance(inner, Mapping) else None
    return uid if isinstance(uid, str) else ""


def _parse(review_: Any) -> tuple[str, Any, Mapping[str, Any] | None]:
    """Operation, object and old object of a review, or ``MalformedReview``."""
    if not isinstance(review_, Mapping):
        raise MalformedReview("expected a JSON object")
    if review_.get("apiVersion") != API_VERSION or review_.get("kind") != KIND:
        raise MalformedReview(f"expected apiVersion {API_VERSION} and kind {KIND}")
    request = review_.get("request")
    if not isinstance(request, Mapping):
        raise MalformedReview("request is missing")
    uid = request.get("uid")
    if not isinstance(uid, str) or not uid:
        raise MalformedReview("request.uid is missing")
    operation = request.get("operation")
    if not isinstance(operation, str) or operation not in OPERATIONS:
        raise MalformedReview(
            f"request.operation must be one of {', '.join(sorted(OPERATIONS))}, got {operation!r}"
        )
    obj = request.get("object")
    if operation in CHECKED_OPERATIONS and not isinstance(obj, Mapping):
        raise MalformedReview(f"request.object must be an object for {operation}")
    old = request.get("oldObject")
    if operation == "UPDATE" and old is not None and not isinstance(old, Mapping):
        raise MalformedReview("request.oldObject must be an object")
    return operation, obj, old if operation == "UPDATE" else None


def _denied(code: int, reason: str, message: str) -> dict[str, Any]:
    return {"allowed": False, "status": {"code": code, "reason": reason, "message": message}}


def _response(uid: str, result: Mapping[str, Any]) -> dict[str, Any]:
    return {"apiVersion": API_VERSION, "kind": KIND, "response": {"uid": uid, **result}}
