"""Every authoring mistake in a course is reported as `path:line: message` and stops the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli

from ..harness import assert_strict_build_stops, build_plain, build_portal
from .portal import BANK, CONFIG, COURSE, LESSON_A, POOL, course_portal

C = "docs/courses/demo/course.yml"
B = "docs/courses/demo/questions/bank.yml"
P = "docs/courses/demo/questions/pool.yml"
A = "docs/courses/demo/a.md"

CASES = {
    "no correct answer": (
        {"bank": BANK.replace("        correct: true\n", "")},
        f"{B}:5: question 'q1': no correct answer (mark one option with 'correct: true')",
    ),
    "duplicate option": (
        {"bank": BANK.replace('      - text: "22"', '      - text: "8443 "')},
        f"{B}:8: question 'q1': duplicate option '8443' (first on line 6)",
    ),
    "duplicate id in a course": (
        {"pool": POOL.replace("id: p2", "id: q1")},
        f"{P}:6: duplicate question id 'q1' in course 'demo' (first defined at {B}:2)",
    ),
    "duplicate id inline": (
        {"a": LESSON_A.replace("id: a1", "id: q2")},
        f"{A}:6: duplicate question id 'q2' in course 'demo' (first defined at {B}:9)",
    ),
    "invalid regex": (
        {"a": LESSON_A.replace("answers: [kvctl]", 'regex: "kv(ctl"')},
        f"{A}:9: question 'a1': invalid regex 'kv(ctl': missing ), unterminated subpattern at position 2",
    ),
    "regex the browser rejects": (
        {"a": LESSON_A.replace("answers: [kvctl]", 'regex: "(?P<cmd>kvctl)"')},
        f"{A}:9: question 'a1': regex '(?P<cmd>kvctl)' uses '(?P<', which browsers do not "
        "understand (learners are graded in the browser): use a plain group '(...)'",
    ),
    "tolerance below zero": (
        {"bank": BANK.replace("tolerance: 0", "tolerance: -0.5")},
        f"{B}:13: question 'q2': tolerance -0.5 is below 0",
    ),
    "matching with unequal sides": (
        {
            "pool": POOL
            + "  - id: p3\n    type: matching\n    stem: Match\n    left: [a, b, c]\n    right: [x, y]\n"
        },
        f"{P}:14: question 'p3': matching needs as many 'right' entries as 'left' entries (3 left, 2 right)",
    ),
    "pool larger than its bank": (
        {"course": COURSE.replace("draw: 1", "draw: 3")},
        f"{C}:17: final: pool draws 3 questions but bank 'pool' has only 2",
    ),
    "pass mark outside 0-100": (
        {"course": COURSE.replace("pass_mark: 50", "pass_mark: 120")},
        f"{C}:19: pass_mark 120 is outside 0-100 (a percentage)",
    ),
    "lesson that does not exist": (
        {"course": COURSE.replace("lessons: [a.md]", "lessons: [aa.md]")},
        f"{C}:7: lesson page 'aa.md' does not exist in courses/demo/. Did you mean 'a.md'?",
    ),
    "prerequisite that does not exist": (
        {"course": COURSE.replace("requires: [one]", "requires: [onee]")},
        f"{C}:10: module 'two' requires unknown module 'onee'. Did you mean 'one'?",
    ),
    "cycle in prerequisites": (
        {"course": COURSE.replace("    title: One\n", "    title: One\n    requires: [two]\n")},
        f"{C}:11: prerequisites form a cycle: one -> two -> one",
    ),
    "unknown question in a check": (
        {"course": COURSE.replace("check: [q1]", "check: [q11]")},
        f"{C}:13: lesson 'b': unknown question 'q11'. Did you mean 'q1'?",
    ),
    "unknown question type": (
        {"bank": BANK.replace("type: single", "type: singel")},
        f"{B}:3: question 'q1': unknown type 'singel'. Expected one of: single, multiple, truefalse, text, "
        "numeric, ordering, matching. Did you mean 'single'?",
    ),
    "question without a type": (
        {"bank": BANK.replace("    type: single\n", "")},
        f"{B}:2: question 'q1' has no type. Expected one of: single, multiple, truefalse, text, "
        "numeric, ordering, matching.",
    ),
    "several correct options in single": (
        {"bank": BANK.replace('      - text: "22"', '      - text: "22"\n        correct: true')},
        f"{B}:5: question 'q1': a single-choice question has exactly one correct option, found 2 (use type: multiple)",
    ),
    "unknown bank": (
        {"course": COURSE.replace("bank: pool", "bank: pol")},
        f"{C}:17: final: unknown bank 'pol'. Banks are the files in courses/demo/questions/: bank, pool. Did you mean 'pool'?",
    ),
    "fixed final question also in a pool": (
        {"course": COURSE.replace("questions: [q2]", "questions: [p1]")},
        f"{C}:17: final: bank 'pool' also holds fixed question(s) p1: one attempt would ask them twice",
    ),
    "unknown final question": (
        {"course": COURSE.replace("questions: [q2]", "questions: [q3]")},
        f"{C}:15: final: unknown question 'q3'.",
    ),
    "invalid question id": (
        {"bank": BANK.replace("id: q1", "id: Q 1")},
        f"{B}:2: question id 'Q 1' is invalid: use lower-case letters, digits, '-' and '_' "
        "(ids key the learners' saved progress, so keep them stable)",
    ),
    "points not above zero": (
        {"bank": BANK.replace("    stem: Which port?", "    stem: Which port?\n    points: 0")},
        f"{B}:5: question 'q1': points must be a number above 0, not '0'",
    ),
    "penalty outside 0-1": (
        {"course": COURSE.replace("pass_mark: 50", "pass_mark: 50\n  penalty: 2")},
        f"{C}:20: penalty 2 is outside 0-1 (a fraction of one right pick)",
    ),
    "attempts not a whole number": (
        {"course": COURSE.replace("pass_mark: 50", "pass_mark: 50\n  attempts: -1")},
        f"{C}:20: attempts must be a whole number of attempts, 0 for unlimited, not '-1'",
    ),
    "unknown review option": (
        {"course": COURSE.replace("pass_mark: 50", "pass_mark: 50\n  review: after_passing")},
        f"{C}:20: unknown review 'after_passing'. Expected one of: immediately, after_submit, after_pass, never. "
        "Did you mean 'after_pass'?",
    ),
    "unknown course key": (
        {"course": COURSE.replace("summary: A short course.", "sumary: A short course.")},
        f"{C}:3: unknown key 'sumary'. Expected one of: id, title, summary, duration, versions, completion, checks, "
        "modules, final. Did you mean 'summary'?",
    ),
    "completion pass mark outside 0-100": (
        {
            "course": COURSE.replace(
                "summary: A short course.", "summary: x\ncompletion:\n  checks: -5"
            )
        },
        f"{C}:5: completion checks -5 is outside 0-100 (the pass mark of the knowledge checks, "
        "a percentage)",
    ),
    "completion pass mark that is no number": (
        {
            "course": COURSE.replace(
                "summary: A short course.", "summary: x\ncompletion:\n  checks: .nan"
            )
        },
        f"{C}:5: completion checks nan is outside 0-100 (the pass mark of the knowledge checks, "
        "a percentage)",
    ),
    "points that are no number": (
        {"bank": BANK.replace("    tolerance: 0", "    tolerance: 0\n    points: .inf")},
        f"{B}:14: question 'q2': points must be a number above 0, not 'inf'",
    ),
    "tolerance that is no number": (
        {"bank": BANK.replace("tolerance: 0", "tolerance: .nan")},
        f"{B}:13: question 'q2': tolerance must be a number",
    ),
    "duplicate option id": (
        {
            "bank": BANK.replace('        correct: true\n', '        correct: true\n        id: x\n')
            .replace('      - text: "22"', '      - text: "22"\n        id: x')
        },
        f"{B}:9: question 'q1': duplicate option id 'x' (first on line 6)",
    ),
    "regex with a JavaScript named group": (
        {"a": LESSON_A.replace("answers: [kvctl]", 'regex: "(?<cmd>kvctl)"')},
        f"{A}:9: question 'a1': regex '(?<cmd>kvctl)' uses a named group '(?<name>...)': use a "
        "plain group '(...)'",
    ),
    "final not a mapping": (
        {"course": COURSE[: COURSE.index("final:")] + "final: yes\n"},
        f"{C}:14: final must be a mapping (title, questions, pools, policy keys)",
    ),
    "bank entry not a mapping": (
        {"bank": BANK.replace("questions:\n", "questions:\n  - 3\n")},
        f"{B}:2: a question must be a mapping with at least id, type and stem, not 3",
    ),
    "inline question not a mapping": (
        {"a": "# Lesson A\n\nText.\n\n```question\njust text\n```\n"},
        f"{A}:6: a question must be a mapping with at least id, type and stem, not 'just text'",
    ),
    "invalid YAML": (
        {"course": COURSE.replace("title: Demo course", "title: Demo: course")},
        f"{C}:2: invalid YAML: mapping values are not allowed here (a ': ' inside a value: "
        "quote the value)",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_mistake_is_located_and_fails_strict_build(case: str, tmp_path: Path) -> None:
    overrides, message = CASES[case]
    config = course_portal(tmp_path, **overrides)
    result = build_portal(config, strict=True)
    assert not result.ok
    assert message in result.errors, result.messages()


def test_a_refused_question_is_not_unknown_where_it_is_used(tmp_path: Path) -> None:
    # q1 has a bad type and lesson b checks it: one problem, not a second "unknown question".
    config = course_portal(tmp_path, bank=BANK.replace("type: single", "type: singel"))
    result = build_portal(config, strict=True)
    assert not result.ok
    assert [e for e in result.errors if "q1" in e] == [
        f"{B}:3: question 'q1': unknown type 'singel'. Expected one of: single, multiple, "
        "truefalse, text, numeric, ordering, matching. Did you mean 'single'?"
    ]


def test_entries_of_a_flow_list_are_told_apart(tmp_path: Path) -> None:
    # `[q1, 3]` puts both entries on one line: the value says which one is meant.
    config = course_portal(tmp_path, bank="questions: [q1, 3]\n")
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors[:2] == [
        f"{B}:1: a question must be a mapping with at least id, type and stem, not 'q1'",
        f"{B}:1: a question must be a mapping with at least id, type and stem, not 3",
    ]


def test_check_lists_each_bad_lesson_once_without_repeating_releases(tmp_path: Path) -> None:
    course = COURSE.replace("lessons: [a.md]", "lessons: [5, {page: 6}, {id: x}]")
    config = course_portal(tmp_path, course=course)
    lesson = (
        f"{C}:7: module 'one': a lesson is a page path or a mapping with 'page' (and 'id', "
        "'check'), not "
    )
    expected = [lesson + "5", lesson + "{page: 6}", lesson + "{id: 'x'}"]
    assert build_portal(config, strict=True).errors[:3] == expected
    outcome = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert outcome.exit_code == 1
    # Found in every release: no release list at all, and each problem once.
    assert outcome.stdout.splitlines() == expected
    assert "Traceback" not in outcome.output


def test_inline_question_inside_a_versions_block_is_refused(tmp_path: Path) -> None:
    lesson = (
        LESSON_A.replace("```question", "/// versions | >=2.0\n```question").rstrip() + "\n///\n"
    )
    config = course_portal(tmp_path, a=lesson)
    assert build_portal(config, "2.0", strict=True).ok
    result = build_portal(config, "1.0", strict=True)
    assert not result.ok
    message = (
        f"{A}:7: question 'a1' is inside a block left out of this release: a course is published per "
        "release as a whole, so move the question out of the '/// versions' block (or limit the "
        "course with 'versions' in course.yml)"
    )
    # Once, located: no bare "Error reading page 'courses/demo/a.md':" from MkDocs beside it.
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    outcome = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert outcome.exit_code == 1
    assert outcome.stdout.splitlines() == [f"{message} [1.0]"]
    assert "1 problem(s)" in outcome.stderr


def test_two_courses_cannot_share_an_id_or_a_lesson(tmp_path: Path) -> None:
    config = course_portal(tmp_path)
    other = config.parent / "docs/courses/other"
    other.mkdir()
    (other / "course.yml").write_text(
        "id: demo\ntitle: Other\nmodules:\n  - id: m\n    lessons: [../demo/a.md]\n",
        encoding="utf-8",
    )
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors[:2] == [
        "docs/courses/other/course.yml:5: lesson page '../demo/a.md' already belongs to course "
        "'demo': a page can be a lesson of one course only",
        "docs/courses/other/course.yml:1: course id 'demo' is already used by "
        "docs/courses/demo/course.yml: progress is saved per course id, so each course needs its own",
    ]


def test_reserved_page_names_are_refused(tmp_path: Path) -> None:
    config = course_portal(tmp_path)
    (config.parent / "docs/courses/demo/final.md").write_text("# Mine\n", encoding="utf-8")
    result = build_portal(config, strict=True)
    assert not result.ok
    message = (
        "docs/courses/demo/final.md:1: this page name is reserved: the courses plugin generates "
        "final.md for course 'demo'; rename this page"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(config, message)


@pytest.mark.parametrize(
    ("name", "page"),
    [("certificate.md", "the certificate page"), ("index.md", "the home")],
)
def test_another_plugins_page_at_a_course_page_is_an_error(
    tmp_path: Path, name: str, page: str
) -> None:
    # An index.md there was taken for the author's course home: the course home went into the
    # other plugin's page.
    config = course_portal(tmp_path)
    config.write_text(
        CONFIG.replace(
            "  - supportal/courses\n",
            f"  - supportal/reading:\n      release_notes_page: courses/demo/{name}\n"
            "  - supportal/courses\n",
        ),
        encoding="utf-8",
    )
    result = build_portal(config, strict=True)
    assert result.errors == [
        f"mkdocs.yml:9: supportal/reading generates courses/demo/{name}, the path of {page} of "
        "course 'demo' (supportal/courses): set supportal/reading's option for that page to "
        "another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_another_plugins_page_at_the_catalog_page_is_an_error(tmp_path: Path) -> None:
    # The catalog was added to the known-issues page without a word.
    config = course_portal(tmp_path)
    (tmp_path / "docs/courses/index.md").unlink()  # not written: generated for the catalog
    reading = "  - supportal/reading:\n      known_issues_page: courses/index.md\n"
    courses = "  - supportal/courses\n"
    config.write_text(CONFIG.replace(courses, reading + courses))
    message = (
        "mkdocs.yml:11: supportal/courses option 'catalog_page' is courses/index.md, a page "
        "supportal/reading generates already: set one of the two plugins' options to another path"
    )
    result = build_portal(config, strict=True)
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(config, message)
    # Listed the other way round, supportal/reading finds the generated catalog in its way.
    config.write_text(CONFIG + reading)
    assert build_portal(config, strict=True).errors == [
        "mkdocs.yml:10: supportal/reading option 'known_issues_page' is courses/index.md, a page "
        "supportal/courses generates already: set one of the two plugins' options to another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_page_published_where_a_course_home_goes_is_an_error(tmp_path: Path) -> None:
    # courses/demo.md and the generated course home courses/demo/index.md are both
    # courses/demo/: one was written over the other.
    config = course_portal(tmp_path)
    (tmp_path / "docs/courses/demo.md").write_text("# Demo\n", encoding="utf-8")
    message = (
        "docs/courses/demo.md: published at the same address as courses/demo/index.md, the home "
        "of course 'demo' (supportal/courses): rename or move this file"
    )
    assert build_portal(config, strict=True).errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(config, message)


def test_a_catalog_published_where_another_page_is_is_an_error(tmp_path: Path) -> None:
    # Both were silent: the catalog replaced the course's home, or the author's courses.md.
    config = course_portal(tmp_path)
    courses = "  - supportal/courses:\n      catalog_page: courses/demo.md\n"
    config.write_text(CONFIG.replace("  - supportal/courses\n", courses))
    assert build_portal(config, strict=True).errors == [
        "mkdocs.yml:9: supportal/courses option 'catalog_page' is courses/demo.md, published at "
        "the same address as courses/demo/index.md, the home of course 'demo': set it to another "
        "path",
        "1 authoring error (listed above) stops the build.",
    ]
    config.write_text(CONFIG)
    (tmp_path / "docs/courses/index.md").unlink()
    (tmp_path / "docs/courses.md").write_text("# Learning\n", encoding="utf-8")
    message = (
        "docs/courses.md: published at the same address as courses/index.md, which "
        "supportal/courses generates (option 'catalog_page'); rename the file, or set "
        "'catalog_page' to another path"
    )
    assert build_portal(config, strict=True).errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(config, message)


def test_a_catalog_page_at_the_faq_home_is_an_error_in_either_order(tmp_path: Path) -> None:
    config = course_portal(tmp_path)
    courses = "  - supportal/courses:\n      catalog_page: faq/index.md\n"
    config.write_text(CONFIG.replace("  - supportal/courses\n", courses + "  - supportal/faq\n"))
    assert build_portal(config, strict=True).errors == [
        "mkdocs.yml:9: supportal/courses generates faq/index.md, the path of the FAQ home "
        "(supportal/faq): set supportal/courses's option for that page to another path",
        "1 authoring error (listed above) stops the build.",
    ]
    config.write_text(CONFIG.replace("  - supportal/courses\n", "  - supportal/faq\n" + courses))
    assert build_portal(config, strict=True).errors == [
        "mkdocs.yml:10: supportal/courses option 'catalog_page' is faq/index.md, a page "
        "supportal/faq generates already: set one of the two plugins' options to another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_catalog_page_that_is_a_course_page_is_an_error(tmp_path: Path) -> None:
    # The course home gave way to the catalog.
    config = course_portal(tmp_path)
    courses = "  - supportal/courses:\n      catalog_page: courses/demo/index.md\n"
    config.write_text(CONFIG.replace("  - supportal/courses\n", courses))
    assert build_portal(config, strict=True).errors == [
        "mkdocs.yml:9: supportal/courses option 'catalog_page' is courses/demo/index.md, the home "
        "of course 'demo': set it to another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_clean_course_builds_without_warnings(tmp_path: Path) -> None:
    result = build_portal(course_portal(tmp_path), strict=True)
    assert result.ok, result.messages()
    assert result.messages() == []


def test_a_question_block_outside_a_lesson_is_refused(tmp_path: Path) -> None:
    # Left out of course.yml, or in a manual: published as a code block, answers included.
    config = course_portal(tmp_path)
    stray = "# Stray\n\nIntro.\n\n" + LESSON_A.split("\n\n", 2)[2]
    (config.parent / "docs/courses/demo/stray.md").write_text(stray, encoding="utf-8")
    (config.parent / "docs/guide.md").write_text("# Guide\n\n" + stray, encoding="utf-8")
    # Shown as an example inside a longer fence, it is the page's text, not a question.
    example = "# Syntax\n\n````markdown\n" + LESSON_A.split("\n\n", 2)[2] + "````\n"
    (config.parent / "docs/syntax.md").write_text(example, encoding="utf-8")
    result = build_portal(config, strict=True)
    assert not result.ok
    advice = (
        "a question block works only in a lesson: list this page under a module's 'lessons' in "
        "its course's course.yml (in courses/<course>/), or remove the block; elsewhere it would "
        "be published as code, answers included"
    )
    assert sorted(result.errors) == [
        "2 authoring errors in pages (listed above) stop the build.",
        f"docs/courses/demo/stray.md:5: {advice}",
        f"docs/guide.md:7: {advice}",
    ]
    assert not (result.site_dir / "guide/index.html").exists()


def test_without_releases_every_misplaced_question_block_is_listed(tmp_path: Path) -> None:
    # Without supportal/releases the first such page stopped the build: the others came one
    # run at a time.
    config = course_portal(tmp_path)
    config.write_text("site_name: Courses\ndocs_dir: docs\nplugins:\n  - supportal/courses\n")
    block = LESSON_A.split("\n\n", 2)[2]
    (config.parent / "docs/guide.md").write_text("# Guide\n\n" + block, encoding="utf-8")
    (config.parent / "docs/faq.md").write_text("# FAQ\n\n" + block, encoding="utf-8")
    result = build_plain(config, strict=True)
    assert not result.ok
    advice = (
        "a question block works only in a lesson: list this page under a module's 'lessons' in "
        "its course's course.yml (in courses/<course>/), or remove the block; elsewhere it would "
        "be published as code, answers included"
    )
    assert result.errors == [
        f"docs/faq.md:3: {advice}",  # relative to mkdocs.yml's folder, as with releases
        f"docs/guide.md:3: {advice}",
        "2 authoring errors in pages (listed above) stop the build.",
    ]
    assert not (result.site_dir / "guide/index.html").exists()


def test_a_course_yaml_file_is_named(tmp_path: Path) -> None:
    config = course_portal(tmp_path)
    course = config.parent / "docs/courses/demo/course.yml"
    course.rename(course.with_suffix(".yaml"))
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors == [
        "docs/courses/demo/course.yaml:1: a course is read from course.yml: rename this file "
        "course.yml",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_bank_that_is_not_yaml_is_its_only_problem(tmp_path: Path) -> None:
    # The final draws from it and lesson b checks q1 from the other bank: no "unknown bank"
    # or "unknown question" follows from a YAML typo.
    config = course_portal(tmp_path, pool=POOL.replace("  - id: p2", "  - id: p2\n   bad: [", 1))
    result = build_portal(config, strict=True)
    assert not result.ok
    assert [e for e in result.errors if "stops the build" not in e] == [
        f"{P}:7: invalid YAML: expected <block end>, but found '<block mapping start>' (this "
        "line is indented differently from the lines above it)"
    ], result.errors


def test_a_lesson_listed_twice_reports_its_questions_once(tmp_path: Path) -> None:
    lesson = LESSON_A.replace("answers: [kvctl]", 'regex: "kv(ctl"')
    course = COURSE.replace("lessons: [a.md]", "lessons: [a.md, a.md]")
    result = build_portal(course_portal(tmp_path, course=course, a=lesson), strict=True)
    assert not result.ok
    assert [e for e in result.errors if "invalid regex" in e] == [
        f"{A}:9: question 'a1': invalid regex 'kv(ctl': missing ), unterminated subpattern at "
        "position 2"
    ]


def test_an_indented_question_block_in_a_lesson_is_refused(tmp_path: Path) -> None:
    # Inside an admonition (or a list or a tab) the lesson reader does not take it: it would
    # be published as a code block, answers included.
    block = LESSON_A.split("\n\n", 2)[2]
    indented = "".join(f"    {line}\n" if line else "\n" for line in block.splitlines())
    lesson = LESSON_A + "\n!!! note\n\n" + indented
    home = "# Demo course\n\nWelcome.\n\n" + block
    config = course_portal(tmp_path, a=lesson)
    (config.parent / "docs/courses/demo/index.md").write_text(home, encoding="utf-8")
    result = build_portal(config, strict=True)
    assert not result.ok
    assert sorted(result.errors) == [
        "2 authoring errors in pages (listed above) stop the build.",
        f"{A}:14: a question block must start at the beginning of its line: indented (in a "
        "list, an admonition or a tab) it is not read as a question and would be published as "
        "code, answers included",
        "docs/courses/demo/index.md:5: a question block works only in a lesson: list this page "
        "under a module's 'lessons' in its course's course.yml (in courses/<course>/), or "
        "remove the block; elsewhere it would be published as code, answers included",
    ]
