"""Assessment policy: how a knowledge check or the final assessment is scored and retaken."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problems, expected
from ..core.yamlfile import item_line, key_line, unknown_keys
from .questions import is_number

GRADING = ("highest", "last")
REVIEW = ("immediately", "after_submit", "after_pass", "never")


@dataclass
class Pool:
    """Draw `draw` questions at random from bank `bank` for each attempt."""

    bank: str
    draw: int
    line: int | None


@dataclass
class AssessmentPolicy:
    """Scoring and retake rules; the same fields apply to checks and to the final assessment."""

    pass_mark: float = 70.0
    """Percent of the available points needed to pass (0-100)."""
    attempts: int = 0
    """How many attempts a learner has; 0 means unlimited."""
    cooldown: int = 0
    """Minutes to wait after a failed attempt before the next one."""
    grading: str = "highest"
    """Which attempt counts: the highest score or the last one."""
    review: str = "after_submit"
    """When the right answers are shown: immediately, after_submit, after_pass or never."""
    shuffle: bool = True
    """Shuffle question order and (unpinned) options, seeded per attempt."""
    partial: bool = True
    """Partial credit for multiple response, ordering and matching."""
    penalty: float = 1.0
    """Deducted per wrong pick of a multiple-response question, as a fraction of one right
    pick (0-1), when partial is on. Without it, ticking every box earned full credit."""


@dataclass
class Assessment:
    """The final assessment of a course: fixed questions plus random draws from pools."""

    title: str = "Final assessment"
    questions: list[str] = field(default_factory=list)
    question_lines: list[int | None] = field(default_factory=list)
    pools: list[Pool] = field(default_factory=list)
    policy: AssessmentPolicy = field(default_factory=AssessmentPolicy)
    line: int | None = None


_POLICY_KEYS = (
    "pass_mark",
    "attempts",
    "cooldown",
    "grading",
    "review",
    "shuffle",
    "partial",
    "penalty",
)


def parse_policy(
    node: Any, path: str, problems: Problems, defaults: AssessmentPolicy | None = None
) -> AssessmentPolicy:
    """Read the policy keys of `node` (other keys are left to the caller)."""
    base = defaults or AssessmentPolicy()
    policy = AssessmentPolicy(**vars(base))
    if not isinstance(node, dict):
        return policy

    def at(key: str) -> int | None:
        return key_line(node, key)

    if "pass_mark" in node:
        value = node["pass_mark"]
        if not is_number(value) or not 0 <= value <= 100:
            problems.error(
                path, at("pass_mark"), f"pass_mark {value} is outside 0-100 (a percentage)"
            )
        else:
            policy.pass_mark = float(value)
    for key in ("attempts", "cooldown"):
        if key in node:
            value = node[key]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                what = (
                    "a whole number of attempts, 0 for unlimited"
                    if key == "attempts"
                    else "whole minutes, 0 or more"
                )
                problems.error(path, at(key), f"{key} must be {what}, not '{value}'")
            else:
                setattr(policy, key, value)
    for key, choices in (("grading", GRADING), ("review", REVIEW)):
        if key in node:
            value = node[key]
            if value not in choices:
                problems.error(
                    path, at(key), f"unknown {key} '{value}'. {expected(str(value), choices)}"
                )
            else:
                setattr(policy, key, value)
    for key in ("shuffle", "partial"):
        if key in node:
            if not isinstance(node[key], bool):
                problems.error(path, at(key), f"{key} must be true or false")
            else:
                setattr(policy, key, node[key])
    if "penalty" in node:
        value = node["penalty"]
        if not is_number(value) or not 0 <= value <= 1:
            problems.error(
                path,
                at("penalty"),
                f"penalty {value} is outside 0-1 (a fraction of one right pick)",
            )
        else:
            policy.penalty = float(value)
    return policy


def parse_assessment(
    node: Any, path: str, problems: Problems, line: int | None = None
) -> Assessment | None:
    """The `final:` mapping of course.yml; `line` is that of the `final:` key (a scalar value
    such as `final: yes` carries no line of its own)."""
    if not isinstance(node, dict):
        problems.error(path, line, "final must be a mapping (title, questions, pools, policy keys)")
        return None
    allowed = ("title", "questions", "pools", *_POLICY_KEYS)
    unknown_keys(node, allowed, path, problems, "key", where=" in final")
    assessment = Assessment(line=key_line(node, "title"), policy=parse_policy(node, path, problems))
    if isinstance(node.get("title"), str):
        assessment.title = node["title"]
    questions = node.get("questions", [])
    if not isinstance(questions, list) or not all(isinstance(q, str) for q in questions):
        problems.error(
            path, key_line(node, "questions"), "final questions must be a list of question ids"
        )
    else:
        assessment.questions = list(questions)
        assessment.question_lines = [item_line(questions, i) for i in range(len(questions))]
    pools = node.get("pools", [])
    if not isinstance(pools, list):
        problems.error(path, key_line(node, "pools"), "pools must be a list of {bank, draw}")
        pools = []
    for index, pool in enumerate(pools):
        line = item_line(pools, index)
        bank, draw = (
            (pool.get("bank"), pool.get("draw")) if isinstance(pool, dict) else (None, None)
        )
        if (
            not isinstance(bank, str)
            or isinstance(draw, bool)
            or not isinstance(draw, int)
            or draw < 1
        ):
            problems.error(
                path,
                line,
                "a pool needs 'bank' (a bank name) and 'draw' (a number of questions, 1 or more)",
            )
            continue
        assessment.pools.append(Pool(bank=bank, draw=draw, line=line))
    if not assessment.questions and not assessment.pools:
        problems.error(path, assessment.line, "final has no questions: list 'questions' or 'pools'")
    return assessment
