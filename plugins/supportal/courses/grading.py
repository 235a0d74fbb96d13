"""Reference grading and seeded draws. The browser runtime (assets/grading.js, assets/draw.js)
implements the same rules; tests run both on the same cases so they cannot drift apart.

Responses have one shape per type: single → option key; multiple → list of keys; truefalse →
"true"/"false"; text and numeric → the typed text; ordering → item keys in the learner's order;
matching → {left key: right key}.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from .policy import AssessmentPolicy, Pool
from .questions import Question

_M = 0xFFFFFFFF


# White space as the browser's `\s` and `trim()` know it (ECMAScript's WhiteSpace and
# LineTerminator). Python's split() and strip() differ: they also take U+001C-U+001F and U+0085,
# and not U+FEFF, so "\ufeffkey file" would be right in the browser and wrong here.
_SPACE = "\t\n\v\f\r \u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff" + "".join(
    chr(c) for c in range(0x2000, 0x200B)
)
_SPACES = re.compile(f"[{re.escape(_SPACE)}]+")


def trim(text: str) -> str:
    """`text` without the white space around it, as the browser's `trim()`."""
    return text.strip(_SPACE)


def canonical_text(text: str, case_sensitive: bool = False) -> str:
    """How short-text answers are compared: NFKC, trimmed, inner spaces collapsed, case-folded."""
    text = " ".join(w for w in _SPACES.split(unicodedata.normalize("NFKC", text)) if w)
    return text if case_sensitive else text.lower()


# ASCII digits only, as the browser's `\d`: Python's `\d` would also take "５" or "٣". A
# decimal comma is read as a point (`4,0`), as grading.js does: many learners' keyboards offer it.
_NUMBER = re.compile(
    rf"^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?)[{re.escape(_SPACE)}]*(.*)$",
    re.ASCII | re.DOTALL,
)
# `1,000` is one thousand to some readers and one to others: neither is guessed.
_GROUPED = re.compile(r"^[+-]?\d+,\d{3}$", re.ASCII)


def read_number(text: str, unit: str = "") -> tuple[float | None, str | None]:
    """(the number in `text`, None), or (None, why it cannot be read, in the learner's words).

    A unit after the number must be the question's unit (any case). The messages are the
    browser's (grading.js `readNumber`), word for word.
    """
    match = _NUMBER.match(trim(text))
    if not match:
        return None, (
            "Write the answer as a number with the digits 0-9, such as 4 or 4.5"
            + (f" (in {unit})" if unit else "")
            + "."
        )
    number = match.group(1)
    if _GROUPED.match(number):
        whole, part = number.split(",")
        return None, (
            f'Write the number as {whole}{part} or as {whole}.{part}: "{number}" could mean either.'
        )
    rest = trim(match.group(2))
    if rest and not unit:
        return None, f'Write the number alone, without "{rest}".'
    if rest and rest.lower() != unit.lower():
        return None, (
            f"The answer is in {unit}: write the number alone or followed by "
            f'"{unit}", not "{rest}".'
        )
    return float(number.replace(",", ".")), None


def parse_number(text: str, unit: str = "") -> float | None:
    """The number in `text`, or None when it cannot be read (see `read_number`)."""
    return read_number(text, unit)[0]


def answer_problem(question: Question, response: Any) -> str | None:
    """Why `response` cannot be graded as written, or None. The learner is told and corrects it;
    a final submitted anyway counts it as unanswered (no credit)."""
    if question.type != "numeric" or response is None:
        return None
    return read_number(str(response), question.unit)[1]


def within(value: float, answer: float, tolerance: float) -> bool:
    """|value - answer| <= tolerance, forgiving binary rounding (2.6 is within 2.5 ± 0.1)."""
    return abs(value - answer) <= tolerance + 1e-9 * max(1.0, abs(answer))


def _fraction(right: int, wrong: int, total: int, policy: AssessmentPolicy) -> float:
    if total == 0:
        return 0.0
    if not policy.partial:
        return 1.0 if right == total and wrong == 0 else 0.0
    return max(0.0, min(1.0, (right - policy.penalty * wrong) / total))


def grade(question: Question, response: Any, policy: AssessmentPolicy) -> float:
    """Credit for `response` as a fraction 0-1 of the question's points."""
    if response is None:
        return 0.0
    kind = question.type
    if kind == "single":
        return 1.0 if response in question.correct_keys else 0.0
    if kind == "truefalse":
        return 1.0 if str(response) == ("true" if question.answer else "false") else 0.0
    if kind == "multiple":
        chosen = set(response) if isinstance(response, list) else set()
        correct = set(question.correct_keys)
        return _fraction(len(chosen & correct), len(chosen - correct), len(correct), policy)
    if kind == "text":
        text = str(response)
        if canonical_text(text, question.case_sensitive) in {
            canonical_text(a, question.case_sensitive) for a in question.answers
        }:
            return 1.0
        if question.regex is not None:
            flags = 0 if question.case_sensitive else re.IGNORECASE
            return 1.0 if re.fullmatch(question.regex, trim(text), flags) else 0.0
        return 0.0
    if kind == "numeric":
        value = parse_number(str(response), question.unit)
        return (
            1.0 if value is not None and within(value, question.answer, question.tolerance) else 0.0
        )
    if kind == "ordering":
        order = list(response) if isinstance(response, list) else []
        keys = [o.key for o in question.options]
        right = sum(1 for i, key in enumerate(keys) if i < len(order) and order[i] == key)
        # A wrong position is a right one missed, not an extra pick: no penalty on top.
        return _fraction(right, 0, len(keys), policy)
    if kind == "matching":
        pairs = response if isinstance(response, dict) else {}
        right = sum(
            1 for i, o in enumerate(question.options) if pairs.get(o.key) == question.right[i].key
        )
        return _fraction(right, 0, len(question.options), policy)
    raise ValueError(f"unknown question type {kind}")


def mulberry32(seed: int):  # noqa: ANN201 - a generator function
    """The small seeded PRNG the browser uses too (same 32-bit arithmetic as Math.imul)."""
    state = seed & _M

    def next_float() -> float:
        nonlocal state
        state = (state + 0x6D2B79F5) & _M
        t = ((state ^ (state >> 15)) * (1 | state)) & _M
        t = ((t + (((t ^ (t >> 7)) * (61 | t)) & _M)) & _M) ^ t
        return ((t ^ (t >> 14)) & _M) / 4294967296

    return next_float


def shuffled(items: Sequence[str], rand: Any) -> list[str]:
    """Fisher-Yates, from the end, j = floor(rand() * (i + 1))."""
    result = list(items)
    for i in range(len(result) - 1, 0, -1):
        j = math.floor(rand() * (i + 1))
        result[i], result[j] = result[j], result[i]
    return result


def draw(
    seed: int, fixed: Sequence[str], pools: Sequence[tuple[Sequence[str], int]], shuffle: bool
) -> list[str]:
    """Question ids of one attempt: fixed ones, then `n` from each pool; the order shuffled.

    The browser draws with the seed it stored for the attempt, so a reload asks the same
    questions in the same order.
    """
    rand = mulberry32(seed)
    chosen = list(fixed)
    for ids, count in pools:
        chosen += shuffled(ids, rand)[:count]
    return shuffled(chosen, rand) if shuffle else chosen


def draw_assessment(
    seed: int,
    fixed: Sequence[str],
    pools: Sequence[Pool],
    banks: dict[str, Sequence[str]],
    shuffle: bool,
) -> list[str]:
    return draw(seed, fixed, [(banks[p.bank], p.draw) for p in pools], shuffle)
