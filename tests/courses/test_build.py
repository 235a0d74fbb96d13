"""Course pages built through the real MkDocs pipeline: generated pages, no answers in clear."""

from __future__ import annotations

import re
from pathlib import Path

from ..harness import build_portal
from .helpers import load_sample_course
from .portal import COURSE, course_portal


def test_course_pages_are_generated_and_linked(tmp_path: Path) -> None:
    result = build_portal(course_portal(tmp_path), strict=True)
    assert result.ok, result.messages()
    home = result.page("courses/demo/")
    assert "Demo course" in home and 'class="kv-outline"' in home
    assert 'href="a/" data-lesson="a"' in home
    assert 'class="kv-exam"' in result.page("courses/demo/final/")
    assert 'class="kv-cert"' in result.page("courses/demo/certificate/")
    catalog = result.page("courses/")
    assert (
        "All courses." in catalog
        and 'href="demo/"' in catalog
        and "2 modules · 2 lessons · 5 questions" in catalog
    )
    lesson_b = result.page("courses/demo/b/")
    assert 'rel="prev"' in lesson_b and 'href="../a/"' in lesson_b
    assert 'id="kvq-q1"' in lesson_b  # the check listed in course.yml


def test_inline_question_is_rendered_where_it_was_written(tmp_path: Path) -> None:
    result = build_portal(course_portal(tmp_path), strict=True)
    html = result.page("courses/demo/a/")
    assert (
        html.index("<p>Text.</p>") < html.index('id="kvq-a1"') < html.index('class="kv-lesson-nav"')
    )
    assert "```question" not in html and "answers:" not in html


def test_no_answers_reach_the_site(tmp_path: Path) -> None:
    result = build_portal(course_portal(tmp_path), strict=True)
    site = result.site_dir
    assert not list(site.rglob("*.yml"))
    lesson = result.page("courses/demo/a/")
    assert "kvctl" not in lesson  # the text answer is only present as a salted hash
    bank_page = result.page("courses/demo/b/")
    assert "correct" not in re.sub(
        r"correct answer|Correct", "", bank_page.split('id="kvq-q1"')[1].split("</fieldset>")[0]
    )


def test_course_outside_the_release_is_left_out_cleanly(tmp_path: Path) -> None:
    config = course_portal(
        tmp_path, course=COURSE.replace("summary: A short course.", 'summary: x\nversions: ">=2.0"')
    )
    result = build_portal(config, "1.0", strict=True)
    assert result.ok, result.messages()
    assert not (result.site_dir / "courses/demo").exists()
    # 1.0 is end of life: no course is promised "yet"
    assert "No course covers Product 1.0, which has reached its end of life." in result.page(
        "courses/"
    )
    assert build_portal(config, "2.0", strict=True).ok


def test_sample_final_assessment_has_no_plain_answers(sample_site: Path) -> None:
    final = (sample_site / "2.4/courses/keelvault-admin/final/index.html").read_text(
        encoding="utf-8"
    )
    loaded = load_sample_course()
    for question in loaded.questions.values():
        for text in question.answers:
            assert text not in final, question.id
    assert not list((sample_site / "2.4/courses").rglob("*.yml"))
    assert not re.search(r"data-correct|\scorrect=", final)


def test_answer_secret_changes_every_salt(tmp_path: Path) -> None:
    plain = build_portal(course_portal(tmp_path / "a"), strict=True)
    config = course_portal(tmp_path / "b")
    config.write_text(
        config.read_text().replace(
            "  - supportal/courses\n", "  - supportal/courses:\n      answer_secret: s3cret\n"
        )
    )
    secret = build_portal(config, strict=True)
    assert plain.ok and secret.ok, secret.messages()
    salts = [
        re.findall(r'data-salt="([0-9a-f]+)"', r.page("courses/demo/final/"))
        for r in (plain, secret)
    ]
    assert salts[0] and len(salts[0]) == len(salts[1])
    assert not set(salts[0]) & set(salts[1])


def test_two_courses_share_the_catalog(tmp_path: Path) -> None:
    config = course_portal(tmp_path)
    other = config.parent / "docs/courses/other"
    other.mkdir()
    (other / "course.yml").write_text(
        "id: other\ntitle: Another course\nmodules:\n  - id: m\n    lessons: [intro.md]\n",
        encoding="utf-8",
    )
    (other / "intro.md").write_text("# Intro\n", encoding="utf-8")
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    catalog = result.page("courses/").split('class="kv-catalog"')[1]
    assert catalog.index("Another course") > catalog.index("Demo course")  # by folder name
    assert 'data-kv-catalog="supportal:course:other:v1"' in catalog
    assert "supportal:course:other:v1" in result.page("courses/other/intro/")

