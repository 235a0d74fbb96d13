"""A course ready to render: structure + banks + inline questions, validated together.

Plain Python (no MkDocs): the plugin reads files and hands their contents here.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.frontmatter import read_front_matter
from ..core.problems import Problems, SupportalError
from ..core.yamlfile import load_yaml_file
from .questions import (
    InlineBlock,
    Question,
    QuestionBank,
    find_inline_questions,
    parse_bank,
    unreadable_bank,
)
from .structure import Course, parse_course
from .validation import validate_course


@dataclass
class LoadedCourse:
    """Everything the plugin needs to render a course and its pages."""

    course: Course
    banks: dict[str, QuestionBank]
    questions: dict[str, Question]
    inline_blocks: dict[str, list[InlineBlock]] = field(default_factory=dict)
    """Inline `question` fences per lesson src_uri (positions in the page body)."""

    @property
    def all_ids(self) -> list[str]:
        return list(self.questions)

    def manifest(self) -> dict[str, Any]:
        """Course facts the browser needs on every course page (no answers)."""
        course = self.course
        final = course.final
        return {
            "id": course.id,
            "title": course.title,
            "storageKey": storage_key(course.id),
            "modules": [
                {
                    "id": m.id,
                    "title": m.title,
                    "requires": m.requires,
                    "lessons": [lesson.id for lesson in m.lessons],
                }
                for m in course.modules
            ],
            "lessons": [
                {
                    "id": lesson.id,
                    "title": lesson.title,
                    "url": lesson_url(lesson.src_uri),
                    "module": lesson.module,
                    "checks": lesson.check_questions,
                }
                for lesson in course.lessons
            ],
            "questions": {
                qid: {"points": q.points, "type": q.type} for qid, q in self.questions.items()
            },
            "completion": vars(course.completion),
            "checkPolicy": vars(course.check_policy),
            "final": None
            if final is None
            else {
                "title": final.title,
                "url": lesson_url(f"{course.folder}/final.md"),
                "fixed": final.questions,
                "pools": [
                    {"bank": p.bank, "draw": p.draw, "questions": self.banks[p.bank].ids}
                    for p in final.pools
                    if p.bank in self.banks
                ],
                "policy": vars(final.policy),
            },
            "home": lesson_url(f"{course.folder}/index.md"),
            "certificate": lesson_url(f"{course.folder}/certificate.md"),
        }


SCHEMA = 1


def storage_key(course_id: str) -> str:
    """One versioned localStorage key per course, independent of release and page URLs."""
    return f"supportal:course:{course_id}:v{SCHEMA}"


def lesson_url(src_uri: str) -> str:
    """Directory URL of a page relative to the site root (MkDocs' use_directory_urls)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def load_course(
    course_file: Path,
    folder: str,
    display: Callable[[str], str],
    bank_files: dict[str, Path],
    read_page: Callable[[str], str | None],
    pages: Collection[str],
) -> tuple[LoadedCourse | None, Problems]:
    """Read `course.yml`, its banks (`name → file`) and the inline questions of its lessons.

    `display(src_uri)` names a file in messages; `read_page(src_uri)` returns a page's text.
    """
    problems = Problems()
    path = display(f"{folder}/course.yml")
    try:
        data = load_yaml_file(course_file, path)
    except SupportalError as exc:
        problems.extend(exc.problems)
        return None, problems
    course = parse_course(data, folder, path, problems)
    if course is None:
        return None, problems
    banks: dict[str, QuestionBank] = {}
    for name, file in sorted(bank_files.items()):
        bank_path = display(f"{folder}/questions/{file.name}")
        try:
            bank_data = load_yaml_file(file, bank_path)
        except SupportalError as exc:
            problems.extend(exc.problems)
            try:
                text = file.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            banks[name] = unreadable_bank(name, bank_path, text)
            continue
        banks[name] = parse_bank(bank_data, name, bank_path, problems)
    inline: dict[str, list[Question]] = {}
    blocks: dict[str, list[InlineBlock]] = {}
    for lesson in course.lessons:
        text = read_page(lesson.src_uri)
        if text is None or lesson.src_uri in blocks:
            continue  # missing, or listed twice (reported): its questions are read once
        page_path = display(lesson.src_uri)
        try:
            source = read_front_matter(text, page_path)
        except SupportalError:
            continue  # the releases plugin reports bad front matter already
        title = source.meta.get("title") if isinstance(source.meta, dict) else None
        lesson.title = str(title) if title else _first_heading(source.body) or lesson.id
        found = find_inline_questions(source.body, page_path, problems, first_line=source.body_line)
        blocks[lesson.src_uri] = found
        inline[lesson.src_uri] = [b.question for b in found if b.question is not None]
    rejected = {qid for bank in banks.values() for qid in bank.rejected}
    rejected |= {b.rejected for found in blocks.values() for b in found if b.rejected}
    questions = validate_course(course, banks, inline, pages, problems, rejected)
    return LoadedCourse(
        course=course, banks=banks, questions=questions, inline_blocks=blocks
    ), problems


def _first_heading(body: str) -> str:
    for line in body.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return ""
