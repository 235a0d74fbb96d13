"""The sample course in a real Chromium: checks, the final, durable progress, certificate, a11y."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from supportal.courses.grading import answer_problem, draw, grade
from supportal.courses.model import storage_key

from ..harness import build_portal, goto_for_instant_navigation, serve_folder
from .helpers import answer, load_sample_course
from .portal import COURSE, LESSON_A, course_portal

pytestmark = pytest.mark.browser

COURSE_URL = "2.4/courses/keelvault-admin/"
KEY = storage_key("keelvault-admin")


@pytest.fixture(scope="module")
def course():  # noqa: ANN201 - LoadedCourse
    return load_sample_course()


def visible_questions(page: Page) -> list[str]:
    return page.locator(".kv-exam__form .kv-q:not([hidden])").evaluate_all(
        "els => els.map(e => e.dataset.kvQuestion)"
    )


def take_final(page: Page, course, *, right: bool) -> None:  # noqa: ANN001
    for qid in visible_questions(page):
        answer(page.locator(f"#kvq-{qid}"), course.questions[qid], right=right)
    page.get_by_role("button", name="Submit answers").click()


def test_check_gives_feedback_only_when_asked(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}backup-jobs/")
    fieldset = page.locator("#kvq-jobs-first-run")
    expect(fieldset.locator("legend")).to_contain_text(
        "What does the first run of a new backup job write?"
    )
    fieldset.get_by_label("An incremental backup").check()
    feedback = fieldset.locator(".kv-q__feedback")
    expect(feedback).to_have_attribute("role", "status")
    fieldset.get_by_label("An incremental backup").press("ArrowDown")  # moves the choice only
    expect(feedback).to_be_empty()  # choosing, also with arrow keys, never submits
    fieldset.get_by_label("An incremental backup").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(feedback).to_contain_text("✗ Not correct.")
    expect(feedback).to_contain_text("Incrementals need an earlier backup to build on.")
    expect(fieldset.locator(".kv-q__verdict--wrong")).to_have_text("✗ wrong choice")
    # the checks' review policy is "immediately": the right option is named at once
    expect(fieldset.locator(".kv-q__option", has_text="A full backup")).to_contain_text(
        "✓ correct answer (not chosen)"
    )
    fieldset.get_by_label("A full backup").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(feedback).to_contain_text("✓ Correct.")


def test_fail_then_pass_the_final_within_the_attempt_limit(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    page.clock.install()
    page.goto(f"{sample_url}{COURSE_URL}final/")
    page.get_by_role("button", name="Start an attempt").click()
    drawn = visible_questions(page)
    assert len(drawn) == 8
    page.get_by_role("button", name="Submit answers").click()
    # an ordering question always has an answer (its current order); every other one is open
    open_ = [
        f"Question {i + 1}" for i, q in enumerate(drawn) if course.questions[q].type != "ordering"
    ]
    expect(page.locator(".kv-exam__warning")).to_have_text(
        f"{len(open_)} questions are not answered: {', '.join(open_)}. "
        'Answer them, or choose "Submit anyway".'
    )
    expect(page.get_by_role("button", name="Submit anyway")).to_be_visible()
    take_final(page, course, right=False)
    expect(page.locator(".kv-exam__result")).to_contain_text("✗ Not passed: attempt 1 scored")
    status = page.locator(".kv-exam__status")
    expect(status).to_contain_text("Attempts used: 1 of 3.")
    expect(status).to_contain_text("a wait of 2 minutes after a failed attempt")
    expect(page.get_by_role("button", name="Start another attempt")).to_be_hidden()
    # review: after_pass, so a failed attempt shows a verdict per question and nothing finer:
    # no right answers, no per-item marks (which pick, place or pair was right), no explanation
    form = page.locator(".kv-exam__form")
    expect(form).not_to_contain_text("correct answer (not chosen)")
    expect(form.locator(".kv-q:not([hidden]) .kv-q__outcome")).to_have_count(8)
    expect(form.locator(".kv-q__verdict:not(:empty)")).to_have_count(0)
    expect(form.locator(".kv-q__feedback > :not(.kv-q__outcome)")).to_have_count(0)
    page.clock.fast_forward("02:05")
    page.reload()
    page.get_by_role("button", name="Start another attempt").click()
    take_final(page, course, right=True)
    expect(page.locator(".kv-exam__result")).to_contain_text("✓ Passed: attempt 2 scored 100 %")
    expect(status).to_contain_text("Attempts used: 2 of 3. Your best score: 100 %, passed")
    expect(page.locator("#kvq-final-restore-order .kv-q__verdict").first).to_have_text(
        "✓ right place"
    )  # once passed, the review shows the details


def test_the_final_is_graded_when_the_browser_will_not_save(
    page: Page, sample_url: str, course  # noqa: ANN001
) -> None:
    # A full storage reads but refuses writes: each answer replaced the page's progress with the
    # empty stored record, so Submit did nothing, and nothing told the learner.
    page.add_init_script(
        "Storage.prototype.setItem = function () {"
        " throw new DOMException('full', 'QuotaExceededError'); };"
    )
    page.goto(f"{sample_url}{COURSE_URL}final/")
    expect(page.locator(".kv-notice")).to_have_text(
        "This browser cannot save your progress (its storage is full or blocked): your "
        "answers count on this page, but are lost when you leave it."
    )
    page.get_by_role("button", name="Start an attempt").click()
    take_final(page, course, right=True)
    expect(page.locator(".kv-exam__result")).to_contain_text("✓ Passed: attempt 1 scored 100 %")


def test_storage_that_fills_up_later_is_announced_and_keeps_the_page_s_answers(
    page: Page, sample_url: str
) -> None:
    # Once a save fails, the page's record is the newer one: another tab's write must not
    # replace it, and the learner hears about it when it happens, not at the next page.
    page.add_init_script(
        "const setItem = Storage.prototype.setItem;"
        "Storage.prototype.setItem = function (...args) {"
        " if (window.__full) throw new DOMException('full', 'QuotaExceededError');"
        " return setItem.apply(this, args); };"
    )
    page.goto(f"{sample_url}{COURSE_URL}backup-jobs/")
    expect(page.locator(".kv-notice")).to_have_count(0)
    page.evaluate("() => { window.__full = true; }")
    fieldset = page.locator("#kvq-jobs-first-run")
    fieldset.get_by_label("A full backup").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    expect(page.locator(".kv-notice")).to_have_text(
        "This browser cannot save your progress (its storage is full or blocked): your "
        "answers count on this page, but are lost when you leave it."
    )
    # Another tab clears the stored progress: this page keeps its answer all the same.
    page.evaluate("key => { localStorage.removeItem(key);"
                  " window.dispatchEvent(new StorageEvent('storage', {key})); }", KEY)
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")


def test_the_final_fits_a_320_px_phone(page: Page, sample_url: str, course) -> None:  # noqa: ANN001
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"{sample_url}{COURSE_URL}final/")
    page.get_by_role("button", name="Start an attempt").click()
    expect(page.locator("#kvq-final-ports-match")).to_be_visible()  # selects with long options
    width = "() => [document.documentElement.scrollWidth, window.innerWidth]"
    scroll, viewport = page.evaluate(width)
    assert scroll == viewport == 320
    take_final(page, course, right=True)
    expect(page.locator(".kv-exam__result")).to_contain_text("✓ Passed")
    scroll, viewport = page.evaluate(width)
    assert scroll == viewport == 320


def test_no_dead_end_after_the_last_failed_attempt(page: Page, sample_url: str) -> None:
    failed = {**PASSED, "score": 10, "passed": False}
    page.goto(f"{sample_url}{COURSE_URL}final/")
    store_record(page, record_with(lambda r: r["final"]["attempts"].extend([failed] * 3)))
    expect(page.locator(".kv-exam__status")).to_contain_text(
        "You have used all 3 attempts without reaching the pass mark, so the course cannot be "
        "completed in this browser. Resetting the course on its home page deletes all of its "
        "progress in this browser"
    )
    page.goto(f"{sample_url}{COURSE_URL}")
    expect(page.locator("[data-kv-final-status]")).to_have_text(
        "Not passed (10 %); no attempts left"
    )
    resume = page.locator("[data-kv-resume]")
    expect(resume).to_have_text("No attempts left: how to start again")
    resume.click()
    expect(page).to_have_url(f"{sample_url}{COURSE_URL}#kv-home-data")
    expect(page.get_by_role("button", name="Reset this course")).to_be_in_viewport()


@pytest.mark.browser_context_args(timezone_id="UTC", locale="en-GB")
def test_the_cooldown_names_a_minute_when_it_is_over(page: Page, sample_url: str) -> None:
    submitted = 1741946590000  # 2025-03-14 10:03:10 UTC; the 2-minute wait ends at 10:05:10
    failed = {**PASSED, "submitted": submitted, "score": 10, "passed": False}
    page.clock.install(time="2025-03-14T10:04:10Z")
    page.goto(f"{sample_url}{COURSE_URL}final/")
    store_record(page, record_with(lambda r: r["final"]["attempts"].append(failed)))
    expect(page.locator(".kv-exam__status")).to_contain_text(
        "You can start another attempt after 10:06 (a wait of 2 minutes"
    )
    page.clock.set_system_time("2025-03-14T10:06:00Z")
    page.reload()
    expect(page.get_by_role("button", name="Start another attempt")).to_be_visible()


def test_reload_mid_assessment_keeps_questions_and_answers(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}final/")
    page.get_by_role("button", name="Start an attempt").click()
    drawn = visible_questions(page)
    options = page.locator(".kv-exam__form .kv-q:not([hidden]) .kv-q__option").evaluate_all(
        "els => els.map(e => e.dataset.key)"
    )
    for qid in drawn[:3]:
        answer(page.locator(f"#kvq-{qid}"), course.questions[qid])
    answers = {
        qid: page.locator(f"#kvq-{qid}").evaluate(
            "e => e.querySelector('.kv-q__input')?.value ?? [...e.querySelectorAll('input:checked, select')].map(i => i.value).join(',')"
        )
        for qid in drawn[:3]
    }
    page.reload()
    assert visible_questions(page) == drawn
    assert (
        page.locator(".kv-exam__form .kv-q:not([hidden]) .kv-q__option").evaluate_all(
            "els => els.map(e => e.dataset.key)"
        )
        == options
    )
    for qid, value in answers.items():
        assert (
            page.locator(f"#kvq-{qid}").evaluate(
                "e => e.querySelector('.kv-q__input')?.value ?? [...e.querySelectorAll('input:checked, select')].map(i => i.value).join(',')"
            )
            == value
        )
    expect(page.locator(".kv-exam__status")).to_contain_text("Attempt 1 in progress")


def test_progress_survives_switching_release(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}retention/")
    fieldset = page.locator("#kvq-retention-weekly")
    fieldset.get_by_label("Your answer (in weeks)").fill("4")
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    page.goto(f"{sample_url}2.0/courses/keelvault-admin/retention/")
    fieldset = page.locator("#kvq-retention-weekly")
    expect(fieldset.get_by_label("Your answer (in weeks)")).to_have_value("4")
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    expect(page.locator("[data-kv-prereq]")).to_have_text(
        "This module builds on Module 1: Set up Keelvault, which you have not finished yet."
    )
    page.goto(f"{sample_url}2.0/courses/keelvault-admin/")
    expect(page.locator('[data-kv-lesson-status="retention"]')).to_contain_text(
        "Visited; knowledge check"
    )
    expect(page.locator("[data-kv-resume]")).to_have_text("Resume: Install the server")
    page.goto(f"{sample_url}2.0/courses/")
    expect(page.locator("[data-kv-catalog] [data-kv-progress]")).to_have_text(
        "1 of 6 lessons visited"
    )


def test_progress_survives_a_rebuilt_site_where_a_lesson_moved(page: Page, tmp_path: Path) -> None:
    site = tmp_path / "site"
    config = course_portal(tmp_path / "v1")
    assert build_portal(config, site_dir=site).ok
    with serve_folder(site) as url:
        page.goto(f"{url}courses/demo/a/")
        fieldset = page.locator("#kvq-a1")
        fieldset.get_by_label("Your answer").fill("kvctl")
        fieldset.get_by_role("button", name="Check answer").click()
        expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
        # v2: lesson a moves into another folder and another module; its id stays "a"
        moved = COURSE.replace("    lessons: [a.md]\n", "    lessons: [b.md]\n").replace(
            "      - page: b.md\n        check: [q1]\n",
            "      - page: basics/intro.md\n        id: a\n",
        )
        config2 = course_portal(tmp_path / "v2", course=moved, b="# Lesson B\n\nEdited text.\n")
        (config2.parent / "docs/courses/demo/basics").mkdir()
        (config2.parent / "docs/courses/demo/a.md").rename(
            config2.parent / "docs/courses/demo/basics/intro.md"
        )
        result = build_portal(config2, site_dir=site, strict=True)
        assert result.ok, result.messages()
        page.goto(f"{url}courses/demo/")
        expect(page.locator('[data-kv-lesson-status="a"]')).to_have_text("✓ Done")
        page.goto(f"{url}courses/demo/basics/intro/")
        expect(page.locator("#kvq-a1").get_by_label("Your answer")).to_have_value("kvctl")
        expect(page.locator(".kv-notice")).to_have_count(0)
    assert LESSON_A  # the moved page is the same lesson text


def stored(page: Page) -> dict:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", KEY))


def test_two_tabs_add_to_progress_instead_of_overwriting_it(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    lesson = page  # opened first: its copy of the record predates the final below
    lesson.goto(f"{sample_url}{COURSE_URL}install-server/")
    final = page.context.new_page()
    final.goto(f"{sample_url}{COURSE_URL}final/")
    final.get_by_role("button", name="Start an attempt").click()
    take_final(final, course, right=True)
    expect(final.locator(".kv-exam__result")).to_contain_text("✓ Passed")
    final.goto(f"{sample_url}{COURSE_URL}")
    status = final.locator('[data-kv-lesson-status="install-server"]')
    expect(status).to_have_text("Visited; knowledge check 0 % (0 of 2 answered)")
    fieldset = lesson.locator("#kvq-install-no-postgres")
    fieldset.get_by_label("False").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    # the older tab added its answer to the newer record: the passed attempt is still there
    record = stored(lesson)
    assert [a["passed"] for a in record["final"]["attempts"]] == [True]
    assert record["answers"]["install-no-postgres"]["credit"] == 1
    # and the other tab shows the answer without a reload (the `storage` event)
    expect(status).to_have_text("Visited; knowledge check 50 % (1 of 2 answered)")
    expect(final.locator("[data-kv-final-status]")).to_have_text("✓ Passed (100 %)")
    final.close()


def verification_code(course_id: str, version: str, name: str, date: str, score: str) -> str:
    """The certificate's code as docs/pages/courses.md tells an administrator to recompute it."""
    raw = hashlib.sha256(f"{course_id}|{version}|{name}|{date}|{score}".encode()).hexdigest()
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4)).upper()


def test_a_course_that_does_not_require_its_final_certifies_without_a_score(
    page: Page, tmp_path: Path
) -> None:
    site = tmp_path / "site"
    optional = COURSE + "completion:\n  final: false\n"
    assert build_portal(course_portal(tmp_path / "src", course=optional), site_dir=site).ok
    with serve_folder(site) as url:
        page.goto(f"{url}courses/demo/a/")
        page.locator("#kvq-a1").get_by_label("Your answer").fill("kvctl")
        page.locator("#kvq-a1").get_by_role("button", name="Check answer").click()
        page.goto(f"{url}courses/demo/b/")
        page.locator("#kvq-q1").get_by_label("8443").check()
        page.locator("#kvq-q1").get_by_role("button", name="Check answer").click()
        expect(page.locator("#kvq-q1 .kv-q__feedback")).to_contain_text("✓ Correct.")
        page.goto(f"{url}courses/demo/")
        expect(page.locator(".kv-home__progress")).to_contain_text("Course complete")
        expect(page.locator("[data-kv-resume]")).to_have_text("Get your certificate")
        page.locator("[data-kv-resume]").click()
        page.get_by_label("Your name, as it should appear on the certificate").fill(" Ada  King ")
        page.get_by_role("button", name="Create certificate").click()
        expect(page.locator(".kv-cert__learner")).to_have_text("Ada King")
        expect(page.get_by_text("Score", exact=True)).to_be_hidden()
        version = json.loads(page.locator(".kv-course-data").get_attribute("data-course") or "")[
            "release"
        ]["version"]
        date = page.locator(".kv-cert__date").inner_text()
        expect(page.locator(".kv-cert__code")).to_have_text(
            verification_code("demo", version, "Ada King", date, "none")
        )


def test_corrupted_storage_is_reset_with_a_notice(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}")
    page.evaluate("key => localStorage.setItem(key, '{not json')", KEY)
    page.reload()
    expect(page.locator(".kv-notice")).to_contain_text("could not be read, so it was reset")
    expect(page.locator('[data-kv-lesson-status="install-server"]')).to_have_text("Not started")
    assert page.evaluate("key => localStorage.getItem(key + ':unreadable')", KEY) == "{not json"


def test_old_record_is_migrated_and_removed_questions_set_aside(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}{COURSE_URL}")
    old = {
        "course": "keelvault-admin",
        "visited": ["install-server"],
        "answers": {
            "install-no-postgres": {"response": "false", "credit": 1},
            "gone-question": {"response": "x", "credit": 1},
        },
    }
    store_record(page, old)
    notices = page.locator(".kv-notices")
    expect(notices).to_contain_text(
        "Your saved progress was in an older format; it has been updated."
    )
    expect(notices).to_contain_text(
        "1 saved answer belongs to questions no longer in this course; it was set aside"
    )
    expect(page.locator('[data-kv-lesson-status="install-server"]')).to_contain_text(
        "knowledge check 50 %"
    )


def test_export_clear_import_restores_progress(page: Page, sample_url: str, tmp_path: Path) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    fieldset = page.locator("#kvq-install-no-postgres")
    fieldset.get_by_label("False").check()
    fieldset.get_by_role("button", name="Check answer").click()
    page.goto(f"{sample_url}{COURSE_URL}")
    status = page.locator('[data-kv-lesson-status="install-server"]')
    expect(status).to_contain_text("knowledge check 50 %")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export progress").click()
    exported = tmp_path / "progress.json"
    download.value.save_as(exported)
    assert (
        json.loads(exported.read_text())["record"]["answers"]["install-no-postgres"]["credit"] == 1
    )
    page.evaluate("() => localStorage.clear()")
    page.reload()
    expect(status).to_have_text("Not started")
    page.locator("[data-kv-import]").set_input_files(exported)
    expect(page.locator(".kv-notices")).to_contain_text("Progress imported.")
    expect(status).to_contain_text("knowledge check 50 %")
    page.reload()
    expect(status).to_contain_text("knowledge check 50 %")


def test_focus_stays_in_place_around_reset(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    page.goto(f"{sample_url}{COURSE_URL}")
    reset = page.get_by_role("button", name="Reset this course")
    reset.click()
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()
    page.keyboard.press("Enter")
    expect(reset).to_be_focused()
    expect(page.locator('[data-kv-lesson-status="install-server"]')).not_to_have_text("Not started")
    reset.click()
    page.get_by_role("button", name="Yes, reset").click()
    notice = page.locator(".kv-home .kv-notice")
    expect(notice).to_have_text("The progress of this course was deleted from this browser.")
    expect(notice).to_be_focused()
    expect(page.locator('[data-kv-lesson-status="install-server"]')).to_have_text("Not started")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "That file is not a progress export (it is not JSON)."),
        (b'{"hello": 1}', "That file is not a Supportal progress export."),
        (
            b'{"format": "supportal-course-progress", "record": {"schema": 1, "course": "other"}}',
            'That file holds progress of another course ("other").',
        ),
    ],
)
def test_import_refuses_foreign_files(
    page: Page, sample_url: str, content: bytes, message: str
) -> None:
    page.goto(f"{sample_url}{COURSE_URL}")
    page.locator("[data-kv-import]").set_input_files(
        {"name": "progress.json", "mimeType": "application/json", "buffer": content}
    )
    expect(page.locator(".kv-notices")).to_have_text(message)


def record_with(change) -> dict:  # noqa: ANN001 - edits the record in place
    """A stored record (install-server visited, one check answered), after `change`."""
    record = {
        "schema": 1,
        "course": "keelvault-admin",
        "visited": {"install-server": 1},
        "answers": {"install-no-postgres": {"response": "false", "credit": 1, "at": 1}},
        "final": {"attempts": []},
        "retired": {},
        "certificate": None,
    }
    change(record)
    return record


def export_of(record: dict) -> bytes:
    return json.dumps({"format": "supportal-course-progress", "record": record}).encode()


def store_record(page: Page, record: dict) -> None:
    """Put `record` in localStorage as this page's course record, and reload the page."""
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(record)])
    page.reload()


PASSED = {
    "seed": 1,
    "started": 1,
    "questions": ["final-restore-order"],
    "responses": {},
    "submitted": 2,
    "score": 100,
    "passed": True,
}

DAMAGED = {
    "a credit that is not a number": lambda r: r["answers"]["install-no-postgres"].update(
        credit="lots"
    ),
    "a credit above 1": lambda r: r["answers"]["install-no-postgres"].update(credit=5),
    "an answer of the wrong type": lambda r: r["answers"]["install-no-postgres"].update(response=4),
    "a score that is a string": lambda r: r["final"]["attempts"].append({**PASSED, "score": "100"}),
    "a visit that is not a time": lambda r: r["visited"].update({"deploy-agents": "yes"}),
    "a certificate without a name": lambda r: r.update(
        certificate={"date": "2025-01-01", "release": "", "version": "", "code": "", "score": 1}
    ),
}


@pytest.mark.parametrize("change", DAMAGED.values(), ids=DAMAGED.keys())
def test_a_damaged_import_is_refused_and_changes_nothing(
    page: Page,
    sample_url: str,
    change,  # noqa: ANN001
) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    page.goto(f"{sample_url}{COURSE_URL}")
    before = page.evaluate("key => localStorage.getItem(key)", KEY)
    page.locator("[data-kv-import]").set_input_files(
        {
            "name": "progress.json",
            "mimeType": "application/json",
            "buffer": export_of(record_with(change)),
        }
    )
    expect(page.locator(".kv-notices")).to_have_text(
        "That progress file is damaged or from an unknown version."
    )
    expect(page.locator('[data-kv-lesson-status="install-server"]')).to_have_text(
        "Visited; knowledge check 0 % (0 of 2 answered)"
    )
    expect(page.locator("[data-kv-final-status]")).to_have_text("Not taken")
    assert page.evaluate("key => localStorage.getItem(key)", KEY) == before
    # the same check guards what is stored: damage there is set aside with a notice
    store_record(page, record_with(change))
    expect(page.locator(".kv-notice")).to_contain_text("could not be read, so it was reset")
    expect(page.locator("[data-kv-final-status]")).to_have_text("Not taken")


def test_an_intact_import_with_a_passed_final_is_accepted(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}")
    page.locator("[data-kv-import]").set_input_files(
        {
            "name": "progress.json",
            "mimeType": "application/json",
            "buffer": export_of(record_with(lambda r: r["final"]["attempts"].append(PASSED))),
        }
    )
    expect(page.locator(".kv-notices")).to_have_text("Progress imported.")
    expect(page.locator("[data-kv-final-status]")).to_have_text("✓ Passed (100 %)")
    expect(page.locator('[data-kv-lesson-status="install-server"]')).to_contain_text("50 %")


def test_certificate_appears_only_after_completion(page: Page, sample_url: str, course) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}certificate/")
    expect(page.get_by_role("heading", name="Not complete yet")).to_be_visible()
    expect(page.locator(".kv-cert__form")).to_be_hidden()
    expect(page.locator(".kv-cert__missing")).to_contain_text(
        'Visit the lesson "Install the server".'
    )
    for lesson in course.course.lessons:
        page.goto(f"{sample_url}2.4/{lesson.src_uri[:-3]}/")
        for qid in lesson.check_questions:
            fieldset = page.locator(f"#kvq-{qid}")
            answer(fieldset, course.questions[qid])
            fieldset.get_by_role("button", name="Check answer").click()
            expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    page.goto(f"{sample_url}{COURSE_URL}final/")
    page.get_by_role("button", name="Start an attempt").click()
    take_final(page, course, right=True)
    expect(page.locator(".kv-exam__result")).to_contain_text("✓ Passed")
    page.goto(f"{sample_url}{COURSE_URL}")
    expect(page.locator(".kv-home__progress")).to_have_text(
        "Course complete (100 %). Your certificate is ready."
    )
    nav_link = page.locator(
        ".md-sidebar--primary .md-nav__link", has=page.locator(".kv-tick--done")
    )
    expect(nav_link).to_have_count(6)
    expect(page.locator(".md-sidebar--primary .kv-nav-pct").first).to_have_text("100 % complete")
    expect(page.locator("[data-kv-resume]")).to_have_text("Get your certificate")
    page.goto(f"{sample_url}{COURSE_URL}certificate/")
    name = '<img src=x onerror="window.pwned=1">Ada'
    page.get_by_label("Your name, as it should appear on the certificate").fill(name)
    page.get_by_role("button", name="Create certificate").click()
    expect(page.locator(".kv-cert__learner")).to_have_text(name)
    expect(page.locator(".kv-cert__course")).to_have_text("Keelvault administrator essentials")
    expect(page.locator(".kv-cert__release")).to_have_text("Keelvault 2.4")
    expect(page.locator(".kv-cert__score")).to_have_text("100 %")
    expect(page.locator(".kv-cert__code")).to_have_text(
        re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")
    )
    assert page.evaluate("() => window.pwned") is None
    assert page.locator(".kv-cert__sheet img").count() == 0
    page.reload()
    expect(page.locator(".kv-cert__learner")).to_have_text(name)
    page.emulate_media(media="print")  # prints the certificate without the site's chrome
    expect(page.locator(".kv-cert__sheet")).to_be_visible()
    expect(page.locator(".md-header")).to_be_hidden()
    expect(page.locator(".md-sidebar--primary")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    expect(page.get_by_text("Was this page helpful?")).to_be_hidden()
    expect(page.get_by_text("Related pages")).to_be_hidden()


def complete_record(course) -> dict:  # noqa: ANN001
    """Every lesson visited and every check right, and the final passed with 100 %."""
    lessons = course.course.lessons
    record = record_with(lambda r: r["final"]["attempts"].append(PASSED))
    record["visited"] = {lesson.id: 1 for lesson in lessons}
    record["answers"] = {
        qid: {"response": None, "credit": 1, "at": 1}
        for lesson in lessons
        for qid in lesson.check_questions
    }
    return record


@pytest.mark.browser_context_args(timezone_id="Pacific/Kiritimati")  # UTC+14
def test_the_certificate_is_dated_and_coded_as_the_docs_say(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    page.clock.install(time="2025-03-14T20:00:00Z")  # already 15 March in Kiritimati
    page.goto(f"{sample_url}{COURSE_URL}certificate/")
    store_record(page, complete_record(course))
    page.get_by_label("Your name, as it should appear on the certificate").fill("Ada  Lovelace")
    page.get_by_role("button", name="Create certificate").click()
    expect(page.locator(".kv-cert__date")).to_have_text("2025-03-15")
    code = verification_code("keelvault-admin", "2.4", "Ada Lovelace", "2025-03-15", "100")
    expect(page.locator(".kv-cert__code")).to_have_text(code)
    expect(page.locator(".kv-cert__note")).to_contain_text(
        "made from the course id keelvault-admin, the release version 2.4"
    )
    # the guide's worked example is this very certificate
    guide = (Path(__file__).parents[2] / "docs/pages/courses.md").read_text(encoding="utf-8")
    assert "'keelvault-admin|2.4|Ada Lovelace|2025-03-15|100' | sha256sum" in guide
    assert f"# {code}\n" in guide


def test_hints_are_revealed_one_at_a_time(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    fieldset = page.locator("#kvq-install-min-memory")
    hint = fieldset.locator(".kv-q__hint")
    expect(hint).to_be_hidden()
    fieldset.get_by_role("button", name="Show a hint").click()
    expect(hint).to_have_text("Hint 1: Look at the first paragraph of this lesson.")
    expect(hint).to_be_focused()  # not lost with the button, which hides itself
    expect(fieldset.get_by_role("button", name="Show a hint")).to_be_hidden()  # no more hints
    fieldset.get_by_label("Your answer (in GB)").fill("4 GB")
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__explanation")).to_have_text(
        "The minimum is 4 GB; plan 8 GB plus 1 GB per 50 protected machines."
    )


def test_pinned_option_keeps_its_place(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}encryption/")
    labels = page.locator("#kvq-encryption-cipher .kv-q__option")
    expect(labels).to_have_count(4)
    expect(labels.nth(3)).to_contain_text("None of these")


def serve_sitemap_for_this_origin(page: Page, base: str) -> None:
    """Material 9.8 only navigates instantly to sitemap URLs, rewriting their protocol and host
    but not the port: a test server on 127.0.0.1:PORT gets full reloads. In production the
    site_url is the site's origin; the test rewrites the sitemap to match its origin the same way."""

    def fulfil(route) -> None:  # noqa: ANN001
        response = route.fetch()
        route.fulfill(
            response=response, body=response.text().replace("https://docs.keelvault.example/", base)
        )

    page.route("**/sitemap.xml", fulfil)


def test_works_after_instant_navigation(page: Page, sample_url: str) -> None:
    serve_sitemap_for_this_origin(page, sample_url)
    goto_for_instant_navigation(page, f"{sample_url}{COURSE_URL}")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator("[data-kv-resume]").click()
    expect(page).to_have_url(f"{sample_url}{COURSE_URL}install-server/")
    assert (
        page.evaluate("() => window.__sameDocument") is True
    )  # Material swapped the page in place
    fieldset = page.locator("#kvq-install-no-postgres")
    fieldset.get_by_label("False").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text(
        "Right, the catalog database is embedded since 2.0."
    )
    page.get_by_role("link", name="Next lesson: Deploy agents →").click()
    expect(page).to_have_url(f"{sample_url}{COURSE_URL}deploy-agents/")
    assert page.evaluate("() => window.__sameDocument") is True
    fieldset = page.locator("#kvq-agents-status-command")
    fieldset.get_by_label("Your answer").fill("sudo kvagent status")
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text(
        "✓ Correct."
    )  # the regex alternative


def test_works_under_a_strict_csp(page: Page, sample_site: Path) -> None:
    csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:"
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.sourceFile + ' ' + e.blockedURI));"
    )
    with serve_folder(sample_site, headers={"Content-Security-Policy": csp}) as url:
        page.goto(f"{url}{COURSE_URL}install-server/")
        fieldset = page.locator("#kvq-install-no-postgres")
        fieldset.get_by_label("False").check()
        fieldset.get_by_role("button", name="Check answer").click()
        expect(fieldset.locator(".kv-q__feedback")).to_contain_text(
            "Right, the catalog database is embedded since 2.0."
        )
        # Material's own inline snippets are blocked (the theme's); nothing of ours may be
        ours = [v for v in page.evaluate("() => window.__violations") if "supportal/courses" in v]
        assert ours == []


def test_grading_method_counts_the_highest_or_the_last_attempt(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}final/")
    grades = page.evaluate(
        """async (url) => {
             const { finalGrade } = await import(url);
             const record = { final: { attempts: [
               { submitted: 1, score: 80 }, { submitted: 2, score: 50 }, { submitted: null, score: null } ] } };
             const course = (grading) => ({ final: { policy: { grading, pass_mark: 75 } } });
             return [finalGrade(course("highest"), record), finalGrade(course("last"), record)];
           }""",
        f"{sample_url}2.4/assets/supportal/courses/progress.js",
    )
    assert grades == [
        {"attempts": 2, "grade": 80, "passed": True},
        {"attempts": 2, "grade": 50, "passed": False},
    ]


def test_keyboard_only_ordering(page: Page, sample_url: str, course) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}backup-jobs/")
    fieldset = page.locator("#kvq-jobs-create-steps")
    question = course.questions["jobs-create-steps"]
    status = fieldset.locator(".kv-q__feedback")
    for target, option in enumerate(question.options):
        up = fieldset.locator(f'.kv-order__item[data-key="{option.key}"] button[data-move=up]')
        up.focus()
        while (
            fieldset.locator(".kv-order__item")
            .evaluate_all("els => els.map(e => e.dataset.key)")
            .index(option.key)
            > target
        ):
            page.keyboard.press("Enter")
            expect(up).to_be_focused()  # focus follows the moved item
    if len(question.options) > 1:
        expect(status).to_contain_text("Moved")
    for _ in range(30):
        if page.evaluate("() => document.activeElement.classList.contains('kv-q__check')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(status).to_contain_text("✓ Correct.")
    expect(fieldset.locator(".kv-order__item .kv-q__verdict").first).to_have_text("✓ right place")


def test_a_verdict_goes_when_the_answer_changes(page: Page, sample_url: str, course) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}backup-jobs/")
    fieldset = page.locator("#kvq-jobs-create-steps")
    answer(fieldset, course.questions["jobs-create-steps"], right=False)
    fieldset.get_by_role("button", name="Check answer").click()
    marks = fieldset.locator(".kv-q__verdict:not(:empty)")
    expect(marks.first).to_be_visible()
    expect(fieldset).to_have_class(re.compile(r"kv-q--(wrong|partial)"))
    fieldset.locator(".kv-order__item").nth(1).locator("button[data-move=up]").click()
    expect(marks).to_have_count(0)
    expect(fieldset).not_to_have_class(re.compile(r"kv-q--(wrong|right|partial)"))
    expect(fieldset.locator(".kv-q__feedback")).to_have_text(re.compile(r"^Moved .* to position 1"))
    choice = page.locator("#kvq-jobs-first-run")
    choice.get_by_label("An incremental backup").check()
    choice.get_by_role("button", name="Check answer").click()
    expect(choice.locator(".kv-q__feedback")).to_contain_text("✗ Not correct.")
    choice.get_by_label("A full backup").check()
    expect(choice.locator(".kv-q__feedback")).to_be_empty()
    expect(choice.locator(".kv-q__verdict:not(:empty)")).to_have_count(0)


def test_browser_grading_and_draws_match_the_python_model(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}final/")
    base = f"{sample_url}2.4/assets/supportal/courses/"
    final = course.course.final
    pools = [{"questions": course.banks[p.bank].ids, "draw": p.draw} for p in final.pools]
    for seed in (0, 1, 42, 4294967295, 2718281828):
        js = page.evaluate(
            "async ([url, seed, fixed, pools]) => (await import(url)).draw(seed, fixed, pools, true)",
            [base + "draw.js", seed, final.questions, pools],
        )
        assert js == draw(seed, final.questions, [(p["questions"], p["draw"]) for p in pools], True)
    cases = []
    for qid, q in course.questions.items():
        if q.type in ("single", "multiple"):
            responses = [
                q.correct_keys,
                [o.key for o in q.options],
                [o.key for o in q.options if not o.correct][:1],
                q.correct_keys[:1],
            ]
            responses = [r[0] if q.type == "single" else r for r in responses if r]
        elif q.type == "truefalse":
            responses = ["true", "false"]
        elif q.type == "text":
            responses = (
                [q.answers[0].upper(), "wrong", " " + q.answers[0] + " "] if q.answers else ["x"]
            )
            # White space the two languages used to see differently (JavaScript's \s takes
            # U+FEFF, not U+001C or U+0085; Python's split() the other way round).
            responses += [
                "\ufeff" + responses[0],
                responses[0].replace(" ", "\x1c"),
                responses[0] + "\x85",
                responses[0].replace(" ", "\u3000\u2028"),
            ]
        elif q.type == "numeric":
            responses = [
                f"{q.answer:g}",
                f"{q.answer + q.tolerance:g} {q.unit}".strip(),
                f"{q.answer + 1:g}",
                "abc",
                f"{q.answer:g}".translate({c: c + 0xFEE0 for c in range(0x30, 0x3A)}),
                f"\ufeff{q.answer:g}\u00a0{q.unit}",
                f"{q.answer:g}\ufeff{q.unit}",
                f"{q.answer:g}\x85",
                f"{q.answer + q.tolerance:g}".replace(".", ",") + f" {q.unit}",  # decimal comma
                f"{q.answer:.1f}".replace(".", ","),
                f"{q.answer:.3f}".replace(".", ","),  # as 1,000: refused by both
                f"{q.answer:g} GiB",
                "four",
                f"{q.answer:,.0f} {q.unit}",
            ]
        elif q.type == "ordering":
            keys = [o.key for o in q.options]
            responses = [keys, keys[::-1], keys[1:] + keys[:1], [keys[1], keys[0], *keys[2:]]]
        else:
            rights = [o.key for o in q.right]
            responses = [
                dict(zip([o.key for o in q.options], rights, strict=True)),
                dict(zip([o.key for o in q.options], rights[1:] + rights[:1], strict=True)),
                {q.options[0].key: rights[0]},
            ]
        for response in responses:
            cases.append(
                [qid, response, [grade(q, response, final.policy), answer_problem(q, response)]]
            )
    pages_questions = set(
        page.locator(".kv-q").evaluate_all("els => els.map(e => e.dataset.kvQuestion)")
    )
    cases = [c for c in cases if c[0] in pages_questions]
    assert {course.questions[c[0]].type for c in cases} == {
        "single",
        "multiple",
        "truefalse",
        "text",
        "numeric",
        "ordering",
        "matching",
    }
    policy = {"partial": final.policy.partial, "penalty": final.policy.penalty}
    results = page.evaluate(
        """async ([base, cases, policy]) => {
             const w = await import(base + "widgets.js");
             const g = await import(base + "grading.js");
             return cases.map(([id, response]) => {
               const q = w.questionOf(document.getElementById("kvq-" + id));
               return [g.grade(q, response, policy).credit, g.answerProblem(q, response)];
             });
           }""",
        [base, cases, policy],
    )
    for (qid, response, (credit, problem)), got in zip(cases, results, strict=True):
        assert got == [pytest.approx(credit), problem], (qid, response)


@pytest.mark.parametrize("where", ["", "retention/", "final/", "certificate/"])
def test_axe_finds_nothing_serious_in_course_pages(
    page: Page, sample_url: str, where: str, course
) -> None:  # noqa: ANN001
    page.goto(f"{sample_url}{COURSE_URL}{where}")
    if where == "retention/":
        fieldset = page.locator("#kvq-retention-match")
        answer(fieldset, course.questions["retention-match"], right=False)
        fieldset.get_by_role("button", name="Check answer").click()
    if where == "final/":
        page.get_by_role("button", name="Start an attempt").click()
        take_final(page, course, right=True)
        expect(page.locator(".kv-exam__result")).to_contain_text("Passed")
    # Scoped to the article and the navigation we mark: Material's own header/search/footer
    # have known violations (research/feasibility.md §2) that are the theme's, not ours.
    # Material also styles links in author paragraphs by colour only (link-in-text-block):
    # that rule is off here, and the links of our own fragments are checked for underlines.
    results = Axe().run(
        page,
        context={"include": [["article"], [".md-sidebar--primary"]]},
        options={
            "resultTypes": ["violations"],
            "rules": {"link-in-text-block": {"enabled": False}},
        },
    )
    ours = page.locator(
        ".kv-home p a:not(.md-button), .kv-cert a, .kv-exam a, .kv-lesson-nav__module a"
    )
    decorations = ours.evaluate_all("els => els.map(e => getComputedStyle(e).textDecorationLine)")
    assert decorations and set(decorations) == {"underline"}
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in serious]


@pytest.mark.parametrize("typed", ["4,0", "4,0 GB", "3,5"])
def test_a_decimal_comma_is_read_as_a_decimal_point(
    page: Page, sample_url: str, typed: str
) -> None:
    # inputmode="decimal" offers a comma keyboard in comma locales: "4,0" is 4.0, not a typo
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    fieldset = page.locator("#kvq-install-min-memory")
    fieldset.get_by_label("Your answer").fill(typed)
    fieldset.get_by_role("button", name="Check answer").click()
    verdict = "✗ Not correct." if typed == "3,5" else "✓ Correct."
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text(verdict)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1,000", 'Write the number as 1000 or as 1.000: "1,000" could mean either.'),
        ("4 GiB", 'The answer is in GB: write the number alone or followed by "GB", not "GiB".'),
        ("four", "Write the answer as a number with the digits 0-9, such as 4 or 4.5 (in GB)."),
    ],
)
def test_an_unreadable_number_is_explained_not_graded(
    page: Page, sample_url: str, typed: str, message: str
) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    fieldset = page.locator("#kvq-install-min-memory")
    fieldset.get_by_label("Your answer").fill(typed)
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_have_text(message)
    expect(fieldset).not_to_have_class(re.compile(r"kv-q--(wrong|right|partial)"))
    assert "install-min-memory" not in stored(page)["answers"]


def open_attempt(page: Page, sample_url: str, course, including: str) -> list[str]:  # noqa: ANN001
    """Store an attempt in progress whose draw includes `including`, then open the final."""
    final = course.course.final
    pools = [(course.banks[p.bank].ids, p.draw) for p in final.pools]
    seed = next(s for s in range(1000) if including in draw(s, final.questions, pools, True))
    ids = draw(seed, final.questions, pools, True)
    in_progress = {**PASSED, "seed": seed, "questions": ids}
    in_progress.update(submitted=None, score=None, passed=False)
    record = record_with(lambda r: r["final"]["attempts"].append(in_progress))
    page.goto(f"{sample_url}{COURSE_URL}final/")
    store_record(page, record)
    return ids


def test_the_final_lists_an_unreadable_number_before_submitting(
    page: Page, sample_url: str, course
) -> None:  # noqa: ANN001
    ids = open_attempt(page, sample_url, course, "setup-console-port")
    for qid in ids:
        answer(page.locator(f"#kvq-{qid}"), course.questions[qid])
    page.locator("#kvq-setup-console-port .kv-q__input").fill("8,443")
    page.get_by_role("button", name="Submit answers").click()
    number = ids.index("setup-console-port") + 1
    expect(page.locator(".kv-exam__warning")).to_have_text(
        f"Question {number} cannot be graded as written: Write the number as 8443 or as 8.443: "
        '"8,443" could mean either. Correct it, or choose "Submit anyway".'
    )
    expect(page.locator(".kv-exam__result")).to_be_empty()
    page.locator("#kvq-setup-console-port .kv-q__input").fill("8443")
    page.get_by_role("button", name="Submit answers").click()
    expect(page.locator(".kv-exam__result")).to_contain_text("✓ Passed: attempt 1 scored 100 %")


def test_the_token_lifetime_check_is_taught_in_its_lesson(page: Page, sample_url: str) -> None:
    # The graded check asks after how many hours a registration token expires: the lesson
    # itself (not only the check's explanation, shown after answering) must say so.
    page.goto(f"{sample_url}{COURSE_URL}deploy-agents/")
    expect(page.locator("#kvq-agent-token-lifetime")).to_contain_text("registration token expire")
    lesson = page.locator("article > p")
    expect(lesson.filter(has_text="expire 24 hours after they are created")).to_have_count(1)
    # The course home's promise: every lesson has a graded knowledge check.
    page.goto(f"{sample_url}{COURSE_URL}")
    expect(page.locator("article")).to_contain_text("Every lesson has a graded knowledge check")
    lessons = json.loads(page.locator(".kv-course-data").get_attribute("data-course") or "{}")[
        "lessons"
    ]
    assert len(lessons) == 6
    for lesson_data in lessons:
        page.goto(f"{sample_url}2.4/{lesson_data['url']}")
        graded = page.locator(".kv-q").get_by_role("button", name="Check answer")
        assert graded.count() >= 1, lesson_data["url"]


def test_the_catalog_counts_a_damaged_record_as_not_started(page: Page, sample_url: str) -> None:
    # The course page resets such a record; the catalog read it as it was ("2 of 6 visited").
    page.goto(f"{sample_url}{COURSE_URL}")
    record = record_with(lambda r: r["visited"].update({"deploy-agents": "yesterday"}))
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(record)])
    page.goto(f"{sample_url}2.4/courses/")
    expect(page.locator("[data-kv-catalog] [data-kv-progress]")).to_have_text("Not started")
    intact = record_with(lambda r: None)
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [KEY, json.dumps(intact)])
    page.reload()
    expect(page.locator("[data-kv-catalog] [data-kv-progress]")).to_have_text(
        "1 of 6 lessons visited"
    )


def test_data_another_tab_left_unreadable_is_kept_before_a_save(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}{COURSE_URL}install-server/")
    page.evaluate("key => localStorage.setItem(key, '{\"schema\": 9}')", KEY)
    fieldset = page.locator("#kvq-install-no-postgres")
    fieldset.get_by_label("False").check()
    fieldset.get_by_role("button", name="Check answer").click()
    expect(fieldset.locator(".kv-q__feedback")).to_contain_text("✓ Correct.")
    assert stored(page)["answers"]["install-no-postgres"]["credit"] == 1
    kept = page.evaluate("key => localStorage.getItem(key + ':unreadable')", KEY)
    assert kept == '{"schema": 9}'


def test_button_rows_keep_a_gap_and_one_height(page: Page, sample_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{sample_url}{COURSE_URL}backup-jobs/")
    links = page.locator(".kv-lesson-nav__links .md-button")
    first, second = links.nth(0).bounding_box(), links.nth(1).bounding_box()
    assert first and second
    apart = second["x"] - (first["x"] + first["width"]) if second["y"] == first["y"] else (
        second["y"] - (first["y"] + first["height"])
    )
    assert apart >= 4, (first, second)
    page.goto(f"{sample_url}{COURSE_URL}")
    heights = {
        round(page.locator(selector).bounding_box()["height"])
        for selector in ("[data-kv-export]", ".kv-import-label", "[data-kv-reset]")
    }
    assert len(heights) == 1, heights
