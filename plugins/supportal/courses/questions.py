"""Questions of the seven types, read from YAML banks or inline `question` blocks.

A question is plain data with a stable `id`: learner progress is keyed by it, so an id must
never be reused for a different question. Options get stable keys too (explicit `id`, or a
hash of the question id and the option text) so saved answers survive reordering options.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problems, expected
from ..core.yamlfile import item_line, key_line, node_line, unknown_keys

TYPES = ("single", "multiple", "truefalse", "text", "numeric", "ordering", "matching")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_COMMON_KEYS = {"id", "type", "stem", "points", "explanation", "hints", "shuffle"}
_TYPE_KEYS = {
    "single": {"options"},
    "multiple": {"options"},
    "truefalse": {"answer", "feedback"},
    "text": {"answers", "regex", "case_sensitive"},
    "numeric": {"answer", "tolerance", "unit"},
    "ordering": {"items"},
    "matching": {"left", "right"},
}


def option_key(question_id: str, text: str) -> str:
    """Stable, opaque key of an option, item or matching side (no hint of correctness)."""
    return "k" + hashlib.sha256(f"{question_id}\x00{text}".encode()).hexdigest()[:10]


@dataclass
class Option:
    """A choice, ordering item or matching entry: Markdown text plus its stable key."""

    key: str
    text: str
    correct: bool = False
    pinned: bool = False
    feedback: str = ""


@dataclass
class Question:
    """One question of any type; type-specific fields are unused by the other types."""

    id: str
    type: str
    stem: str
    path: str
    line: int | None
    points: float = 1.0
    explanation: str = ""
    hints: list[str] = field(default_factory=list)
    shuffle: bool = True
    options: list[Option] = field(default_factory=list)
    """single/multiple: the choices; ordering: items in the correct order; matching: left side."""
    right: list[Option] = field(default_factory=list)
    """matching: the right side, `right[i]` matches `options[i]`."""
    answer: Any = None
    """truefalse: bool; numeric: float."""
    feedback_true: str = ""
    feedback_false: str = ""
    answers: list[str] = field(default_factory=list)
    regex: str | None = None
    case_sensitive: bool = False
    tolerance: float = 0.0
    unit: str = ""

    @property
    def correct_keys(self) -> list[str]:
        return [o.key for o in self.options if o.correct]


def parse_question(
    node: Any, path: str, problems: Problems, first_line: int = 1, line: int | None = None
) -> Question | None:
    """Read one question mapping; every mistake becomes a located problem, never an exception.

    `line` is where the caller found the question: a scalar (`3`, `just text`) has no line of
    its own to report it at.
    """
    line = node_line(node, first_line) or line

    def at(key: str) -> int | None:
        return key_line(node, key, first_line)

    if not isinstance(node, dict):
        problems.error(
            path,
            line,
            f"a question must be a mapping with at least id, type and stem, not {as_written(node)}",
        )
        return None
    qid = node.get("id")
    if not isinstance(qid, str) or not ID_PATTERN.match(qid):
        shown = f"'{qid}'" if qid is not None else "missing"
        problems.error(
            path,
            at("id"),
            f"question id {shown} is invalid: use lower-case letters, digits, '-' and '_' "
            "(ids key the learners' saved progress, so keep them stable)",
        )
        return None
    qtype = node.get("type")
    if qtype is None:
        problems.error(
            path, at("type"), f"question '{qid}' has no type. Expected one of: {', '.join(TYPES)}."
        )
        return None
    if qtype not in TYPES:
        problems.error(
            path,
            at("type"),
            f"question '{qid}': unknown type '{qtype}'. {expected(str(qtype), TYPES)}",
        )
        return None
    allowed = _COMMON_KEYS | _TYPE_KEYS[qtype]
    for key in node:
        if key not in allowed:
            problems.error(
                path,
                at(key),
                f"question '{qid}': unknown key '{key}' for type {qtype}. {expected(str(key), sorted(allowed))}",
            )
    stem = node.get("stem")
    if not isinstance(stem, str) or not stem.strip():
        problems.error(path, at("stem"), f"question '{qid}': 'stem' (the question text) is missing")
        stem = ""
    question = Question(id=qid, type=qtype, stem=stem.strip(), path=path, line=line)
    points = node.get("points", 1)
    if not is_number(points) or points <= 0:
        problems.error(
            path, at("points"), f"question '{qid}': points must be a number above 0, not '{points}'"
        )
    else:
        question.points = float(points)
    question.explanation = _text(
        node.get("explanation", ""), path, at("explanation"), qid, "explanation", problems
    )
    hints = node.get("hints", [])
    if isinstance(hints, str):
        hints = [hints]
    if not isinstance(hints, list) or not all(isinstance(h, str) for h in hints):
        problems.error(path, at("hints"), f"question '{qid}': hints must be a list of texts")
    else:
        question.hints = [h.strip() for h in hints]
    shuffle = node.get("shuffle", True)
    if not isinstance(shuffle, bool):
        problems.error(path, at("shuffle"), f"question '{qid}': shuffle must be true or false")
    else:
        question.shuffle = shuffle
    _TYPE_READERS[qtype](question, node, at, problems, first_line)
    return question


def is_number(value: Any) -> bool:
    """A finite YAML number (`.nan`, `.inf` and `1e400` are not: a score can never reach them)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def as_written(value: Any, limit: int = 40) -> str:
    """A YAML value as an author would recognise it in a message (`'q1'`, `3`, `{page: 6}`).

    Entries of a flow list (`[q1, 3]`) share one line: naming the value tells them apart.
    """
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {as_written(v, limit)}" for k, v in value.items()) + "}"
    elif isinstance(value, list):
        text = "[" + ", ".join(as_written(v, limit) for v in value) + "]"
    elif isinstance(value, str):
        text = "'" + " ".join(value.split()) + "'"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "nothing"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _text(value: Any, path: str, line: int | None, qid: str, what: str, problems: Problems) -> str:
    if isinstance(value, bool) or value is None:
        problems.error(path, line, f"question '{qid}': {what} must be a text")
        return ""
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        problems.error(path, line, f"question '{qid}': {what} must be a text")
        return ""
    return value.strip()


def _options(
    q: Question, node: Any, key: str, at: Any, problems: Problems, first_line: int, *, choice: bool
) -> list[Option]:
    items = node.get(key)
    if not isinstance(items, list) or len(items) < 2:
        problems.error(q.path, at(key), f"question '{q.id}': '{key}' must list at least 2 entries")
        return []
    result: list[Option] = []
    seen: dict[str, int | None] = {}
    ids: dict[str, int | None] = {}
    for index, item in enumerate(items):
        line = item_line(items, index, first_line)
        if choice and isinstance(item, dict):
            text = _text(item.get("text"), q.path, line, q.id, "option text", problems)
            correct = item.get("correct", False)
            pinned = item.get("pin", False)
            feedback = _text(
                item.get("feedback", ""), q.path, line, q.id, "option feedback", problems
            )
            unknown = set(item) - {"text", "correct", "pin", "feedback", "id"}
            for bad in sorted(unknown):
                problems.error(
                    q.path,
                    key_line(item, bad, first_line),
                    f"question '{q.id}': unknown option key '{bad}'. "
                    f"{expected(bad, ['text', 'correct', 'pin', 'feedback', 'id'])}",
                )
            if not isinstance(correct, bool) or not isinstance(pinned, bool):
                problems.error(
                    q.path, line, f"question '{q.id}': 'correct' and 'pin' must be true or false"
                )
                correct, pinned = bool(correct), bool(pinned)
            explicit = item.get("id")
            if explicit is not None and str(explicit) in ids:
                # Two options with one id would share one key: the answer key keeps one of them.
                problems.error(
                    q.path,
                    line,
                    f"question '{q.id}': duplicate option id '{explicit}' "
                    f"(first on line {ids[str(explicit)]})",
                )
                continue
            if explicit is not None:
                ids[str(explicit)] = line
            okey = (
                option_key(q.id, str(explicit)) if explicit is not None else option_key(q.id, text)
            )
        elif isinstance(item, str | int | float) and not isinstance(item, bool):
            text, correct, pinned, feedback = str(item).strip(), False, False, ""
            okey = option_key(q.id, text)
        else:
            problems.error(
                q.path,
                line,
                f"question '{q.id}': each entry of '{key}' must be a text"
                + (" or a mapping with text, correct, feedback, pin" if choice else ""),
            )
            continue
        normal = " ".join(text.split()).casefold()
        if normal in seen:
            problems.error(
                q.path,
                line,
                f"question '{q.id}': duplicate option '{text}' (first on line {seen[normal]})",
            )
            continue
        seen[normal] = line
        result.append(
            Option(key=okey, text=text, correct=correct, pinned=pinned, feedback=feedback)
        )
    return result


def _read_choice(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    q.options = _options(q, node, "options", at, problems, first_line, choice=True)
    if not q.options:
        return
    correct = len(q.correct_keys)
    if correct == 0:
        problems.error(
            q.path,
            at("options"),
            f"question '{q.id}': no correct answer (mark one option with 'correct: true')",
        )
    elif q.type == "single" and correct > 1:
        problems.error(
            q.path,
            at("options"),
            f"question '{q.id}': a single-choice question has exactly one correct option, found {correct} "
            "(use type: multiple)",
        )


def _read_truefalse(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    answer = node.get("answer")
    if not isinstance(answer, bool):
        problems.error(
            q.path,
            at("answer"),
            f"question '{q.id}': no correct answer ('answer' must be true or false)",
        )
        return
    q.answer = answer
    feedback = node.get("feedback", {})
    if not isinstance(feedback, dict) or set(feedback) - {True, False}:
        problems.error(
            q.path, at("feedback"), f"question '{q.id}': feedback must map true and false to texts"
        )
        return
    q.feedback_true = _text(
        feedback.get(True, ""), q.path, at("feedback"), q.id, "feedback", problems
    )
    q.feedback_false = _text(
        feedback.get(False, ""), q.path, at("feedback"), q.id, "feedback", problems
    )


def _read_text(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    answers = node.get("answers", [])
    if isinstance(answers, str):
        answers = [answers]
    if not isinstance(answers, list) or not all(isinstance(a, str | int | float) for a in answers):
        problems.error(
            q.path, at("answers"), f"question '{q.id}': answers must be a list of accepted texts"
        )
        answers = []
    q.answers = [str(a).strip() for a in answers if str(a).strip()]
    case = node.get("case_sensitive", False)
    if not isinstance(case, bool):
        problems.error(
            q.path, at("case_sensitive"), f"question '{q.id}': case_sensitive must be true or false"
        )
    else:
        q.case_sensitive = case
    regex = node.get("regex")
    if regex is not None:
        if not isinstance(regex, str) or not regex:
            problems.error(q.path, at("regex"), f"question '{q.id}': regex must be a text")
        elif _JS_NAMED_GROUP.search(regex):
            # JavaScript's syntax, which Python refuses with "unknown extension ?<v".
            problems.error(
                q.path,
                at("regex"),
                f"question '{q.id}': regex '{regex}' uses a named group '(?<name>...)': "
                "use a plain group '(...)'",
            )
        else:
            try:
                re.compile(regex)
            except re.error as exc:
                problems.error(
                    q.path, at("regex"), f"question '{q.id}': invalid regex '{regex}': {exc}"
                )
            else:
                if (unsupported := browser_unsupported(regex)) is not None:
                    token, hint = unsupported
                    problems.error(
                        q.path,
                        at("regex"),
                        f"question '{q.id}': regex '{regex}' uses '{token}', which browsers "
                        f"do not understand (learners are graded in the browser): {hint}",
                    )
                else:
                    q.regex = regex
    if not q.answers and q.regex is None and regex is None:
        problems.error(
            q.path,
            at("answers"),
            f"question '{q.id}': no correct answer (give 'answers' or 'regex')",
        )


def _read_numeric(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    answer = node.get("answer")
    if not is_number(answer):
        problems.error(
            q.path,
            at("answer"),
            f"question '{q.id}': no correct answer ('answer' must be a number)",
        )
    else:
        q.answer = float(answer)
    tolerance = node.get("tolerance", 0)
    if not is_number(tolerance):
        problems.error(q.path, at("tolerance"), f"question '{q.id}': tolerance must be a number")
    elif tolerance < 0:
        problems.error(
            q.path, at("tolerance"), f"question '{q.id}': tolerance {tolerance} is below 0"
        )
    else:
        q.tolerance = float(tolerance)
    unit = node.get("unit", "")
    if not isinstance(unit, str):
        problems.error(q.path, at("unit"), f"question '{q.id}': unit must be a text")
    else:
        q.unit = unit.strip()


def _read_ordering(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    q.options = _options(q, node, "items", at, problems, first_line, choice=False)


def _read_matching(q: Question, node: Any, at: Any, problems: Problems, first_line: int) -> None:
    q.options = _options(q, node, "left", at, problems, first_line, choice=False)
    right = node.get("right")
    q.right = _options(q, node, "right", at, problems, first_line, choice=False)
    # the same text may appear on both sides: keep the sides' keys apart
    for option in q.right:
        option.key = option_key(q.id, "right\x00" + option.text)
    left = node.get("left")
    if isinstance(left, list) and isinstance(right, list) and len(left) != len(right):
        problems.error(
            q.path,
            at("right"),
            f"question '{q.id}': matching needs as many 'right' entries as 'left' entries "
            f"({len(left)} left, {len(right)} right)",
        )


_TYPE_READERS = {
    "single": _read_choice,
    "multiple": _read_choice,
    "truefalse": _read_truefalse,
    "text": _read_text,
    "numeric": _read_numeric,
    "ordering": _read_ordering,
    "matching": _read_matching,
}


@dataclass
class QuestionBank:
    """A YAML file of questions (`<course>/questions/<bank>.yml`); its name is the file stem."""

    name: str
    path: str
    questions: list[Question] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    """Ids of questions written here but refused (already reported): not 'unknown' elsewhere."""
    readable: bool = True
    """False when the file is not valid YAML (reported): its ids are guessed from its lines,
    and nothing more is said of it until it reads."""

    @property
    def ids(self) -> list[str]:
        return [q.id for q in self.questions]


def parse_bank(data: Any, name: str, path: str, problems: Problems) -> QuestionBank:
    """A bank file holds `questions:` followed by a list of question mappings."""
    bank = QuestionBank(name=name, path=path)
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        problems.error(
            path,
            node_line(data) or 1,
            "a question bank holds 'questions:' followed by a list of questions",
        )
        return bank
    unknown_keys(data, ("questions",), path, problems, "key", where=" in a question bank")
    listed = data["questions"]
    for index, node in enumerate(listed):
        question = parse_question(node, path, problems, line=item_line(listed, index))
        if question is not None:
            bank.questions.append(question)
        elif (qid := written_id(node)) is not None:
            bank.rejected.append(qid)
    return bank


_ID_LINE = re.compile(r"^[ \t-]*id:[ \t]*['\"]?([a-z0-9][a-z0-9_-]*)", re.MULTILINE)


def unreadable_bank(name: str, path: str, text: str) -> QuestionBank:
    """A bank whose YAML did not parse: the ids its lines seem to give are not 'unknown'."""
    return QuestionBank(name=name, path=path, rejected=_ID_LINE.findall(text), readable=False)


def written_id(node: Any) -> str | None:
    """The id a question mapping gives itself, if it is a valid one."""
    qid = node.get("id") if isinstance(node, dict) else None
    return qid if isinstance(qid, str) and ID_PATTERN.match(qid) else None


INLINE_FENCE = re.compile(
    r"^(?P<fence>```+|~~~+)[ \t]*question[ \t]*\n(?P<body>.*?)^(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


@dataclass
class InlineBlock:
    """A ```` ```question ```` fence in a lesson: where it is and the question it holds."""

    start: int
    end: int
    question: Question | None
    rejected: str | None = None
    """The id of a question refused (already reported), when it gave a valid one."""


def find_inline_questions(
    markdown: str, path: str, problems: Problems, first_line: int = 1
) -> list[InlineBlock]:
    """Inline questions of a lesson: fenced blocks tagged `question` whose body is YAML."""
    from ..core.problems import SupportalError
    from ..core.yamlfile import parse_yaml

    blocks: list[InlineBlock] = []
    for match in INLINE_FENCE.finditer(markdown):
        body_line = markdown.count("\n", 0, match.start("body")) + first_line
        try:
            data = parse_yaml(match.group("body"), path, first_line=body_line)
        except SupportalError as exc:
            problems.extend(exc.problems)
            blocks.append(InlineBlock(match.start(), match.end(), None))
            continue
        if data is None:
            problems.error(path, body_line - 1, "empty question block")
            question = None
        else:
            question = parse_question(data, path, problems, first_line=body_line, line=body_line)
        rejected = written_id(data) if question is None else None
        blocks.append(InlineBlock(match.start(), match.end(), question, rejected))
    return blocks


# Python-only regex syntax: Python compiles it at build time, but the browser's RegExp, which
# grades learners, throws on it or reads it differently. Escapes (`\\.`) are matched first so
# that a literal `\\(?P` is not taken for a group.
_JS_NAMED_GROUP = re.compile(r"(?<!\\)\(\?<(?![=!])")
_PYTHON_ONLY = re.compile(r"\\.|\(\?P[<=>]|\(\?[aiLmsux]+\)|\(\?#")
_HINTS = {
    "\\A": "use '^'",
    "\\Z": "use '$'",
    "(?P": "use a plain group '(...)'",
    "(?#": "remove the comment",
    "(?": "remove the inline flag (answers match case-insensitively unless case_sensitive: true)",
}


def browser_unsupported(regex: str) -> tuple[str, str] | None:
    """The first construct of `regex` that JavaScript's RegExp rejects or reads differently,
    with a hint, or None."""
    for match in _PYTHON_ONLY.finditer(regex):
        token = match.group(0)
        if token.startswith("\\") and token not in _HINTS:
            continue
        key = next(k for k in _HINTS if token.startswith(k))
        return token, _HINTS[key]
    return None
