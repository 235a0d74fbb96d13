"""Shared by the course tests: the sample course's model and a learner who answers questions."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Locator
from supportal.courses.model import LoadedCourse, load_course
from supportal.courses.questions import Question

from ..harness import REPO

SAMPLE = "courses/keelvault-admin"


def load_sample_course() -> LoadedCourse:
    """The sample course read from the repository, exactly as the plugin reads it."""
    docs = REPO / "content"
    folder = docs / SAMPLE
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    banks = {p.stem: p for p in (folder / "questions").glob("*.yml")}
    loaded, problems = load_course(
        folder / "course.yml",
        SAMPLE,
        lambda s: f"content/{s}",
        banks,
        lambda s: (docs / s).read_text(encoding="utf-8") if (docs / s).exists() else None,
        pages,
    )
    assert loaded is not None and not problems.errors, [str(p) for p in problems]
    return loaded


def answer(fieldset: Locator, question: Question, *, right: bool = True) -> None:
    """Answer through the page's own controls (clicks, typing, selects), rightly or wrongly."""
    kind = question.type
    if kind in ("single", "multiple"):
        keys = (
            question.correct_keys
            if right
            else [o.key for o in question.options if not o.correct][:1]
        )
        for key in keys:
            fieldset.locator(f'input[value="{key}"]').check()
    elif kind == "truefalse":
        value = question.answer if right else not question.answer
        fieldset.locator(f'input[value="{"true" if value else "false"}"]').check()
    elif kind == "text":
        fieldset.locator(".kv-q__input").fill(question.answers[0] if right else "no idea")
    elif kind == "numeric":
        fieldset.locator(".kv-q__input").fill(
            f"{question.answer:g}" if right else f"{question.answer + 1000:g}"
        )
    elif kind == "ordering":
        order = [o.key for o in question.options]
        if not right:
            order = order[1:] + order[:1]
        for target, key in enumerate(order):
            item = fieldset.locator(f'.kv-order__item[data-key="{key}"]')
            while True:
                keys = fieldset.locator(".kv-order__item").evaluate_all(
                    "els => els.map(e => e.dataset.key)"
                )
                if keys.index(key) <= target:
                    break
                item.locator("button[data-move=up]").click()
    elif kind == "matching":
        rights = [o.key for o in question.right]
        if not right:
            rights = rights[1:] + rights[:1]
        for left, value in zip(question.options, rights, strict=True):
            fieldset.locator(f'select[data-left="{left.key}"]').select_option(value)
    else:
        raise AssertionError(kind)


def sample_path() -> Path:
    return REPO / "content" / SAMPLE
