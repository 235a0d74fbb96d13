"""HTML of questions, checks, the final assessment, course home, catalog and certificate.

Every fragment is a Jinja template in `templates/` (autoescaped). Markdown in stems, options
and feedback is rendered with the build's own Markdown extensions.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape
from mkdocs.utils import get_relative_url

from ..core.snippets import SnippetRenderer
from ..core.templating import render
from .model import LoadedCourse, lesson_url
from .questions import Option, Question
from .sealing import answer_key, question_salt, sealed_extras

PACKAGE = "supportal.courses"
TYPE_LABELS = {
    "single": "Single choice",
    "multiple": "Multiple response: select every correct option",
    "truefalse": "True or false",
    "text": "Short answer",
    "numeric": "Numeric answer",
    "ordering": "Ordering: put the items in the right order",
    "matching": "Matching: pair each item on the left with one on the right",
}
_MARKUP_CHARS = re.compile(r"[`*_]")


def plain(text: str) -> str:
    """Option text for places that take no markup (select options, button labels)."""
    return _MARKUP_CHARS.sub("", text)


def _scrambled(options: list[Option]) -> list[Option]:
    """The page's order of ordering items and matching choices: by their opaque keys, which
    says nothing of the answer (the browser shuffles them for the learner). Moving the order
    off the answer when they coincide would say something: with two items, the page always
    held the reverse of the answer."""
    return sorted(options, key=lambda o: o.key)


def _answer_html(question: Question, md: SnippetRenderer) -> str:
    if question.type == "text":
        return str(md.inline(question.answers[0])) if question.answers else ""
    if question.type == "numeric":
        value = question.answer
        shown = f"{value:g}"
        if question.tolerance:
            shown += f" ± {question.tolerance:g}"
        return str(escape(f"{shown} {question.unit}".strip()))
    return ""


def question_html(
    question: Question, md: SnippetRenderer, *, course_id: str, secret: str, mode: str
) -> str:
    """One question as a fieldset; `mode` is `check` (instant feedback) or `exam`."""
    salt = question_salt(secret, course_id, question.id)
    feedback: dict[str, str] = {}
    if question.type in ("single", "multiple"):
        feedback = {o.key: str(md.block(o.feedback)) for o in question.options if o.feedback}
    elif question.type == "truefalse":
        feedback = {
            k: str(md.block(v))
            for k, v in (("true", question.feedback_true), ("false", question.feedback_false))
            if v
        }
    sealed = sealed_extras(
        question,
        salt,
        feedback,
        str(md.block(question.explanation)) if question.explanation else "",
        _answer_html(question, md),
    )
    options = question.options
    right = question.right
    if question.type == "ordering":
        options = _scrambled(question.options)
    if question.type == "matching":
        right = _scrambled(question.right)
    inline_stem = md.is_inline(question.stem)
    return render(
        PACKAGE,
        "question.html",
        q=question,
        mode=mode,
        salt=salt,
        key=json.dumps(answer_key(question, salt), separators=(",", ":")),
        sealed=sealed,
        stem_inline=md.inline(question.stem) if inline_stem else None,
        stem_block=None if inline_stem else md.block(question.stem),
        type_label=TYPE_LABELS[question.type],
        points=f"{question.points:g}",
        options=[
            {"key": o.key, "html": md.inline(o.text), "plain": plain(o.text), "pinned": o.pinned}
            for o in options
        ],
        right=[{"key": o.key, "plain": plain(o.text)} for o in right],
        hints=[md.inline(h) for h in question.hints],
    )


def course_data(
    loaded: LoadedCourse, release: dict[str, Any], page_url: str, lesson_id: str | None
) -> str:
    """The data element every course page carries: manifest, release and where this page is."""
    manifest = loaded.manifest()
    manifest["release"] = release
    manifest["lesson"] = lesson_id
    manifest["base"] = get_relative_url(".", page_url)
    return render(PACKAGE, "data.html", data=json.dumps(manifest, separators=(",", ":")))


def lesson_footer(
    loaded: LoadedCourse, lesson_id: str, page_url: str, md: SnippetRenderer, secret: str
) -> str:
    """Knowledge check (bank questions) + previous/next lesson + the course data element."""
    course = loaded.course
    lessons = course.lessons
    index = next(i for i, lesson in enumerate(lessons) if lesson.id == lesson_id)
    lesson = lessons[index]

    def link(src_uri: str) -> str:
        return get_relative_url(lesson_url(src_uri), page_url)

    previous = lessons[index - 1] if index > 0 else None
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    module = next(m for m in course.modules if m.id == lesson.module)
    return render(
        PACKAGE,
        "lesson_footer.html",
        lesson=lesson,
        module=module,
        course=course,
        checks=[
            Markup(
                question_html(
                    loaded.questions[q], md, course_id=course.id, secret=secret, mode="check"
                )
            )
            for q in lesson.check
            if q in loaded.questions
        ],
        previous=previous and {"title": previous.title, "url": link(previous.src_uri)},
        next=following and {"title": following.title, "url": link(following.src_uri)},
        final=course.final
        and {"title": course.final.title, "url": link(f"{course.folder}/final.md")},
        home=link(f"{course.folder}/index.md"),
    )


def home_html(loaded: LoadedCourse, page_url: str) -> str:
    course = loaded.course
    return render(
        PACKAGE,
        "home.html",
        course=course,
        modules=[
            {
                "module": m,
                "lessons": [
                    {
                        "lesson": lesson,
                        "url": get_relative_url(lesson_url(lesson.src_uri), page_url),
                    }
                    for lesson in m.lessons
                ],
                "requires": [x.title for x in course.modules if x.id in m.requires],
            }
            for m in course.modules
        ],
        final=course.final
        and {
            "title": course.final.title,
            "url": get_relative_url(lesson_url(f"{course.folder}/final.md"), page_url),
        },
        certificate=get_relative_url(lesson_url(f"{course.folder}/certificate.md"), page_url),
        questions=len(loaded.questions),
    )


def final_html(loaded: LoadedCourse, md: SnippetRenderer, secret: str, page_url: str) -> str:
    course = loaded.course
    final = course.final
    assert final is not None
    ids = list(final.questions) + [
        q for p in final.pools for q in loaded.banks[p.bank].ids if p.bank in loaded.banks
    ]
    seen: list[str] = []
    for qid in ids:
        if qid in loaded.questions and qid not in seen:
            seen.append(qid)
    policy = final.policy
    return render(
        PACKAGE,
        "final.html",
        course=course,
        final=final,
        policy=policy,
        size=len(final.questions) + sum(p.draw for p in final.pools),
        questions=[
            Markup(
                question_html(
                    loaded.questions[q], md, course_id=course.id, secret=secret, mode="exam"
                )
            )
            for q in seen
        ],
        home=get_relative_url(lesson_url(f"{course.folder}/index.md"), page_url),
    )


def certificate_html(loaded: LoadedCourse, page_url: str) -> str:
    course = loaded.course
    return render(
        PACKAGE,
        "certificate.html",
        course=course,
        home=get_relative_url(lesson_url(f"{course.folder}/index.md"), page_url),
    )


def catalog_html(courses: list[LoadedCourse], page_url: str, release: dict[str, Any]) -> str:
    return render(
        PACKAGE,
        "catalog.html",
        release=release,
        courses=[
            {
                "course": c.course,
                "url": get_relative_url(lesson_url(f"{c.course.folder}/index.md"), page_url),
                "lessons": len(c.course.lessons),
                "questions": len(c.questions),
                "key": c.manifest()["storageKey"],
                "all_lessons": [lesson.id for lesson in c.course.lessons],
            }
            for c in courses
        ],
    )
