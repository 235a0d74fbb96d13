"""Cross-checks of one course: pages, question ids, pools and prerequisites all resolve."""

from __future__ import annotations

from collections.abc import Collection

from ..core.problems import Problems, suggest
from .questions import Question, QuestionBank
from .structure import Course


def validate_course(
    course: Course,
    banks: dict[str, QuestionBank],
    inline: dict[str, list[Question]],
    pages: Collection[str],
    problems: Problems,
    rejected: Collection[str] = (),
) -> dict[str, Question]:
    """Check every reference of `course`; returns all questions by id (first definition wins).

    `inline` maps a lesson's src_uri to the questions written in that page; `pages` holds the
    src_uris of the documentation pages of the build; `rejected` the ids of questions refused
    already (a reference to one is not reported again as unknown).
    """
    path = course.path
    questions: dict[str, Question] = {}
    for question in [q for bank in banks.values() for q in bank.questions] + [
        q for qs in inline.values() for q in qs
    ]:
        first = questions.get(question.id)
        if first is not None:
            problems.error(
                question.path,
                question.line,
                f"duplicate question id '{question.id}' in course '{course.id}' "
                f"(first defined at {first.path}:{first.line})",
            )
            continue
        questions[question.id] = question

    lesson_ids: dict[str, int | None] = {}
    page_lessons: dict[str, int | None] = {}
    module_ids = [m.id for m in course.modules]
    seen_modules: set[str] = set()
    for module in course.modules:
        if module.id in seen_modules:
            problems.error(path, module.line, f"duplicate module id '{module.id}'")
        seen_modules.add(module.id)
        for lesson in module.lessons:
            if lesson.id in lesson_ids:
                problems.error(
                    path,
                    lesson.line,
                    f"duplicate lesson id '{lesson.id}' (first on line {lesson_ids[lesson.id]})",
                )
            lesson_ids.setdefault(lesson.id, lesson.line)
            if lesson.src_uri in page_lessons:
                problems.error(
                    path,
                    lesson.line,
                    f"lesson page '{lesson.page}' is listed twice (first on line {page_lessons[lesson.src_uri]})",
                )
            page_lessons.setdefault(lesson.src_uri, lesson.line)
            if lesson.src_uri not in pages:
                here = [
                    p.removeprefix(course.folder + "/")
                    for p in pages
                    if p.startswith(course.folder + "/")
                ]
                problems.error(
                    path,
                    lesson.line,
                    f"lesson page '{lesson.page}' does not exist in {course.folder}/.{suggest(lesson.page, here)}",
                )
            lesson.inline = [q.id for q in inline.get(lesson.src_uri, [])]
            for qid, line in zip(lesson.check, lesson.check_lines, strict=False):
                if qid not in questions and qid not in rejected:
                    problems.error(
                        path,
                        line,
                        f"lesson '{lesson.id}': unknown question '{qid}'.{suggest(qid, questions)}",
                    )
        for required in module.requires:
            if required not in module_ids:
                problems.error(
                    path,
                    module.requires_line,
                    f"module '{module.id}' requires unknown module '{required}'.{suggest(required, module_ids)}",
                )
    _check_cycles(course, problems)

    final = course.final
    if final is not None:
        for qid, line in zip(final.questions, final.question_lines, strict=False):
            if qid not in questions and qid not in rejected:
                problems.error(
                    path, line, f"final: unknown question '{qid}'.{suggest(qid, questions)}"
                )
        for pool in final.pools:
            bank = banks.get(pool.bank)
            if bank is None:
                problems.error(
                    path,
                    pool.line,
                    f"final: unknown bank '{pool.bank}'. Banks are the files in {course.folder}/questions/: {', '.join(sorted(banks)) or 'none'}.{suggest(pool.bank, banks)}",
                )
                continue
            if not bank.readable:
                continue  # its YAML error is reported; what it holds is not known
            if pool.draw > len(bank.questions):
                problems.error(
                    path,
                    pool.line,
                    f"final: pool draws {pool.draw} questions but bank '{pool.bank}' has only {len(bank.questions)}",
                )
            overlap = sorted(set(bank.ids) & set(final.questions))
            if overlap:
                problems.error(
                    path,
                    pool.line,
                    f"final: bank '{pool.bank}' also holds fixed question(s) {', '.join(overlap)}: one attempt would ask them twice",
                )
    return questions


def _check_cycles(course: Course, problems: Problems) -> None:
    graph = {m.id: m.requires for m in course.modules}
    lines = {m.id: m.requires_line for m in course.modules}
    state: dict[str, int] = {}
    reported: set[frozenset[str]] = set()

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycle = trail[trail.index(nxt) :] + [nxt]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    problems.error(
                        course.path,
                        lines[node],
                        f"prerequisites form a cycle: {' -> '.join(cycle)}",
                    )
            elif state.get(nxt) is None:
                visit(nxt, trail + [nxt])
        state[node] = 2

    for module in course.modules:
        if module.id not in state:
            visit(module.id, [module.id])
