"""FAQ builds through the real MkDocs pipeline: generated pages, answers, every message."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ..harness import assert_strict_build_stops
from .conftest import FAQ_CONFIG, build_faq

RETENTION = """\
---
id: how-long-are-backups-kept
question: How long are backups kept?
phrasings:
  - What is the default retention?
category: backup
answer_from: manuals/backups.md#retention
---
Change it per job.
"""

NEW_FEATURE = """\
---
id: object-storage
question: Can I back up to S3?
category: backup
versions: ">=2.0"
---
Yes, from 2.0.
"""

INSTALL = """\
---
id: requirements
question: What does the server need?
category: install
---
Four cores and [the manual](../../manuals/backups.md).
"""


def _jsonld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_category_page_lists_questions_with_permalinks_and_answers(tmp_path: Path) -> None:
    result = build_faq(
        tmp_path,
        {
            "faq/backup/retention.md": RETENTION,
            "faq/backup/s3.md": NEW_FEATURE,
            "faq/install/req.md": INSTALL,
        },
    )
    assert result.ok, result.messages()
    assert result.warnings == []
    html = result.page("faq/backup/")
    assert '<h1 id="backups">Backups' in html
    assert '<a href="#how-long-are-backups-kept">How long are backups kept?</a>' in html
    assert '<details class="supportal-faq__entry"' in html
    assert 'id="how-long-are-backups-kept"' in html
    assert '<summary class="supportal-faq__question">How long are backups kept?</summary>' in html
    # The answer is the manual's section for this release, then the entry's own text.
    answer = html.split('id="how-long-are-backups-kept"', 1)[1].split("</details>", 1)[0]
    assert "Restore points are kept for 30 days." in answer
    assert "Compaction reclaims space every night." in answer
    assert "kvctl repo compact" not in answer
    assert "Disks only" not in answer  # the next section is not part of the answer
    assert answer.index("30 days") < answer.index("Change it per job.")
    assert '<a href="../../manuals/backups/#retention">Backups › Retention</a>' in answer
    assert '<a href="#how-long-are-backups-kept" title="Permanent link to this answer">' in answer
    # Phrasings are kept for search as a data attribute.
    assert 'data-faq-phrasings="[&quot;What is the default retention?&quot;]"' in html
    # The entry files themselves are not pages.
    assert not (result.site_dir / "faq/backup/retention/index.html").exists()


def test_manual_links_in_reused_sections_are_rewritten(tmp_path: Path) -> None:
    entry = RETENTION.replace("#retention", "#schedules")
    result = build_faq(tmp_path, {"faq/backup/retention.md": entry, "faq/install/req.md": INSTALL})
    assert result.ok, result.messages()
    html = result.page("faq/backup/")
    assert '<a href="../../manuals/restore/">restore</a>' in html
    assert '<a href="../../manuals/backups/#retention">retention</a>' in html
    assert '<a href="../../manuals/backups/">the manual</a>' in result.page("faq/install/")


def test_home_lists_categories_with_counts(tmp_path: Path) -> None:
    result = build_faq(
        tmp_path,
        {
            "faq/index.md": "# Questions\n\nOur intro for {{ release.title }}.\n",
            "faq/backup/retention.md": RETENTION,
            "faq/backup/s3.md": NEW_FEATURE,
            "faq/install/req.md": INSTALL,
        },
    )
    assert result.ok, result.messages()
    html = result.page("faq/")
    assert "Our intro for Product 2.0." in html
    # Categories in the configured order, each with its count and question links.
    assert html.index('href="install/"') < html.index('href="backup/"')
    assert '<p class="supportal-faq-home__count">2 questions</p>' in html
    assert '<p class="supportal-faq-home__count">1 question</p>' in html
    assert '<a href="backup/#how-long-are-backups-kept">How long are backups kept?</a>' in html
    assert '<a href="install/#requirements">What does the server need?</a>' in html
    # The generated category pages join the nav right after the FAQ home.
    nav = result.page("")
    assert (
        nav.index('href="faq/"')
        < nav.index('href="faq/install/"')
        < nav.index('href="faq/backup/"')
    )


def test_home_is_generated_when_not_written(tmp_path: Path) -> None:
    result = build_faq(tmp_path, {"faq/install/req.md": INSTALL})
    assert result.ok, result.messages()
    html = result.page("faq/")
    assert '<h1 id="frequently-asked-questions">Frequently asked questions' in html
    assert '<a href="install/#requirements">' in html


def test_questions_appear_only_in_their_releases(tmp_path: Path) -> None:
    pages = {"faq/backup/retention.md": RETENTION, "faq/backup/s3.md": NEW_FEATURE}
    new = build_faq(tmp_path / "new", pages, release="2.0")
    old = build_faq(tmp_path / "old", pages, release="1.0")
    assert new.ok and old.ok, new.messages() + old.messages()
    assert 'id="object-storage"' in new.page("faq/backup/")
    assert 'id="object-storage"' not in old.page("faq/backup/")
    assert "object-storage" not in old.page("faq/")
    old_answer = old.page("faq/backup/")
    assert "Run <code>kvctl repo compact</code> on Product 1.0." in old_answer
    assert "Compaction reclaims" not in old_answer
    # A category with no question in the release gets no page and no home entry.
    assert not (old.site_dir / "faq/install").exists()


def test_json_ld_holds_each_question_once(tmp_path: Path) -> None:
    result = build_faq(
        tmp_path, {"faq/backup/retention.md": RETENTION, "faq/backup/s3.md": NEW_FEATURE}
    )
    assert result.ok, result.messages()
    data = _jsonld(result.page("faq/backup/"))
    assert data["@type"] == "FAQPage"
    names = [q["name"] for q in data["mainEntity"]]
    assert names == ["Can I back up to S3?", "How long are backups kept?"]
    retention = data["mainEntity"][1]["acceptedAnswer"]
    assert retention["@type"] == "Answer"
    assert retention["text"] == (
        "Restore points are kept for 30 days. Compaction reclaims space every night. "
        "Change it per job."
    )
    # The home links to the questions but does not mark them up a second time.
    assert "application/ld+json" not in result.page("faq/")


def test_json_ld_can_be_turned_off(tmp_path: Path) -> None:
    config = FAQ_CONFIG.replace(
        "  - supportal/faq:\n", "  - supportal/faq:\n      json_ld: false\n"
    )
    result = build_faq(tmp_path, {"faq/backup/retention.md": RETENTION}, config=config)
    assert result.ok, result.messages()
    assert "application/ld+json" not in result.page("faq/backup/")


def test_assets_are_loaded_as_modules(tmp_path: Path) -> None:
    result = build_faq(tmp_path, {"faq/backup/retention.md": RETENTION})
    html = result.page("faq/backup/")
    assert '<script src="../../assets/supportal/faq/faq.js" type="module"></script>' in html
    assert (result.site_dir / "assets/supportal/faq/faq.js").exists()
    assert (result.site_dir / "assets/supportal/core/instant.js").exists()


# --- validation: every message, exact text, and --strict ------------------------------------------

ERRORS = [
    (
        "duplicate id",
        {
            "faq/backup/a.md": RETENTION,
            "faq/backup/b.md": RETENTION.replace("How long are", "For how long are"),
        },
        "docs/faq/backup/b.md:2: duplicate FAQ id 'how-long-are-backups-kept' "
        "(already used by docs/faq/backup/a.md:2)",
    ),
    (
        "unknown category",
        {"faq/backup/a.md": RETENTION.replace("category: backup", "category: bakup")},
        "docs/faq/backup/a.md:6: unknown category 'bakup': not among the 'categories' of the "
        "supportal/faq plugin in mkdocs.yml. Expected one of: install, backup. "
        "Did you mean 'backup'?",
    ),
    (
        "dangling page",
        {"faq/backup/a.md": RETENTION.replace("manuals/backups.md", "manuals/backup.md")},
        "docs/faq/backup/a.md:7: answer_from 'manuals/backup.md#retention': no page "
        "'manuals/backup.md' in docs_dir. Expected one of: index.md, manuals/backups.md, "
        "manuals/restore.md. Did you mean 'manuals/backups.md'?",
    ),
    (
        "dangling anchor",
        {"faq/backup/a.md": RETENTION.replace("#retention", "#retension")},
        "docs/faq/backup/a.md:7: answer_from 'manuals/backups.md#retension': no section with "
        "anchor '#retension' in docs/manuals/backups.md (release 2.0). Expected one of: backups, "
        "schedules, retention, storage. Did you mean 'retention'?",
    ),
    (
        "bad answer_from",
        {
            "faq/backup/a.md": RETENTION.replace(
                "manuals/backups.md#retention", "manuals/backups.md"
            )
        },
        "docs/faq/backup/a.md:7: 'answer_from' must name a page and a section anchor, such as "
        "'manuals/backups.md#retention', not 'manuals/backups.md'",
    ),
    (
        "missing id",
        {"faq/backup/a.md": RETENTION.replace("id: how-long-are-backups-kept\n", "")},
        "docs/faq/backup/a.md:1: FAQ entry without 'id': add a permanent anchor such as "
        "'id: how-long-are-backups-kept'",
    ),
    (
        "bad id",
        {"faq/backup/a.md": RETENTION.replace("id: how-long-are-backups-kept", "id: How Long")},
        "docs/faq/backup/a.md:2: FAQ id 'How Long' must be lower-case letters, digits and '-', "
        "such as 'how-long' (it is the question's permalink)",
    ),
    (
        "missing question",
        {"faq/backup/a.md": RETENTION.replace("question: How long are backups kept?\n", "")},
        "docs/faq/backup/a.md:1: FAQ entry without 'question'",
    ),
    (
        "phrasings not a list",
        {
            "faq/backup/a.md": RETENTION.replace(
                "  - What is the default retention?", "    nested: 1"
            )
        },
        "docs/faq/backup/a.md:4: 'phrasings' must be a list of alternative questions (strings)",
    ),
    (
        "no category",
        {"faq/a.md": RETENTION.replace("category: backup\n", "")},
        "docs/faq/a.md:1: FAQ entry without 'category': add one, or move the file into faq/<category>/",
    ),
    (
        "no answer",
        {"faq/backup/a.md": "---\nid: empty\nquestion: Empty?\n---\n"},
        "docs/faq/backup/a.md:2: FAQ entry 'empty' has no answer in release 2.0: write it below "
        "the front matter or point 'answer_from' at a manual section",
    ),
]


@pytest.mark.parametrize(("pages", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_error_messages(tmp_path: Path, pages: dict[str, str], message: str) -> None:
    result = build_faq(tmp_path, pages)
    assert not result.ok
    # Exactly this problem, then the line saying that authoring errors stop the build.
    assert result.errors[0] == message
    assert len(result.errors) == 2 and "authoring error" in result.errors[1]


def test_answer_from_a_page_outside_the_release(tmp_path: Path) -> None:
    manual = "---\nversions: '>=2.0'\n---\n# New\n\n## Thing\n\nText.\n"
    entry = RETENTION.replace("manuals/backups.md#retention", "manuals/new.md#thing")
    result = build_faq(
        tmp_path, {"manuals/new.md": manual, "faq/backup/a.md": entry}, release="1.0"
    )
    assert not result.ok
    assert result.errors[0] == (
        "docs/faq/backup/a.md:7: answer_from 'manuals/new.md#thing': the page is not part of "
        "release 1.0 (its 'versions' leaves it out); narrow this entry's 'versions' or pick "
        "another section"
    )
    # Narrowing the entry to the page's releases fixes it.
    fixed = entry.replace("answer_from:", "versions: '>=2.0'\nanswer_from:")
    again = build_faq(
        tmp_path / "fixed", {"manuals/new.md": manual, "faq/backup/a.md": fixed}, release="1.0"
    )
    assert again.ok, again.messages()


def test_same_question_twice_is_a_warning_and_fails_strict(tmp_path: Path) -> None:
    other = RETENTION.replace("id: how-long-are-backups-kept", "id: retention-period").replace(
        "How long are backups kept?", "how long are  backups kept"
    )
    pages = {"faq/backup/a.md": RETENTION, "faq/backup/b.md": other}
    expected = (
        "docs/faq/backup/b.md:3: the question 'how long are backups kept' is also asked in "
        "docs/faq/backup/a.md:3; merge the two entries or add the wording to 'phrasings'"
    )
    lenient = build_faq(tmp_path / "lenient", pages)
    assert lenient.ok
    assert lenient.warnings == [expected]
    strict = build_faq(tmp_path / "strict", pages, strict=True)
    assert not strict.ok
    assert expected in strict.warnings


@pytest.mark.parametrize(
    ("pages", "message"), [e[1:] for e in ERRORS[:3]], ids=[e[0] for e in ERRORS[:3]]
)
def test_errors_fail_strict_builds_too(tmp_path: Path, pages: dict[str, str], message: str) -> None:
    result = build_faq(tmp_path, pages, strict=True)
    assert not result.ok
    assert message in result.errors


NO_CATEGORY = RETENTION.replace("category: backup\n", "")

LOCATED = [
    (
        "folder category that is not an id",
        {"faq/Backup Basics/q.md": NO_CATEGORY},
        "docs/faq/Backup Basics/q.md:1: category 'Backup Basics' must be lower-case letters, "
        "digits and '-' (it is a URL folder)",
    ),
    (
        "folder category not configured",
        {"faq/restore/q.md": NO_CATEGORY},
        "docs/faq/restore/q.md:1: unknown category 'restore': not among the 'categories' of the "
        "supportal/faq plugin in mkdocs.yml. Expected one of: install, backup.",
    ),
    (
        "id written as a number",
        {"faq/backup/a.md": RETENTION.replace("id: how-long-are-backups-kept", "id: 42")},
        "docs/faq/backup/a.md:2: FAQ id must be text, not a number: put it in quotes ('42') "
        "(it is the "
        "question's permalink)",
    ),
]


@pytest.mark.parametrize(("pages", "message"), [e[1:] for e in LOCATED], ids=[e[0] for e in LOCATED])
def test_mistakes_are_located_and_fail_strict_builds(
    tmp_path: Path, pages: dict[str, str], message: str
) -> None:
    # A category from the folder is the file's path, so line 1, not the line of `id:`.
    result = build_faq(tmp_path, pages, strict=True)
    assert not result.ok
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]


def test_a_quoted_numeric_id_is_text(tmp_path: Path) -> None:
    entry = RETENTION.replace("id: how-long-are-backups-kept", "id: '42'")
    result = build_faq(tmp_path, {"faq/backup/a.md": entry}, strict=True)
    assert result.ok, result.messages()
    assert 'id="42"' in result.page("faq/backup/")


def test_bad_categories_option(tmp_path: Path) -> None:
    config = FAQ_CONFIG.replace(
        "        install: Installation", "        Install Guide: Installation"
    )
    result = build_faq(tmp_path, {"faq/backup/a.md": RETENTION}, config=config)
    assert not result.ok
    assert any(
        "Plugin 'supportal/faq' option 'categories': category id 'Install Guide' must be "
        "lower-case letters, digits and '-' (it is a URL folder)" in message
        for message in result.errors
    ), result.errors


def test_category_from_folder_when_unconfigured(tmp_path: Path) -> None:
    config = FAQ_CONFIG.replace(
        "  - supportal/faq:\n      categories:\n        install: Installation\n        backup: Backups\n",
        "  - supportal/faq\n",
    )
    entry = RETENTION.replace("category: backup\n", "")
    result = build_faq(tmp_path, {"faq/data-protection/a.md": entry}, config=config)
    assert result.ok, result.messages()
    assert '<h1 id="data-protection">Data protection' in result.page("faq/data-protection/")


@pytest.mark.parametrize(
    ("where", "line", "category"),
    [("faq/a.md", 4, "'../../x'"), ("faq/a.md", 4, "''"), ("faq/Backup basics/a.md", 1, None)],
)
def test_unconfigured_category_must_be_an_id(
    tmp_path: Path, where: str, line: int, category: str | None
) -> None:
    # Unchecked, '../../x' generated a page outside faq/ and '' none at all, without a word.
    config = FAQ_CONFIG.replace(
        "  - supportal/faq:\n      categories:\n        install: Installation\n        backup: Backups\n",
        "  - supportal/faq\n",
    )
    entry = "---\nid: keep\nquestion: How long?\n"
    entry += f"category: {category}\n---\nThirty days.\n" if category else "---\nThirty days.\n"
    result = build_faq(tmp_path, {where: entry}, config=config)
    assert not result.ok
    shown = category.strip("'") if category else "Backup basics"
    assert result.errors[0] == (
        f"docs/{where}:{line}: category '{shown}' must be lower-case letters, digits and '-' "
        "(it is a URL folder)"
    )


# --- escaping -------------------------------------------------------------------------------------

PAYLOAD = '<img src=x onerror="alert(1)"></script><script>alert(2)</script> *bold* [x](javascript:alert(3))'


def test_question_text_cannot_inject_markup(tmp_path: Path) -> None:
    entry = (
        "---\nid: payload\n"
        f"question: '{PAYLOAD.replace(chr(39), chr(39) * 2)}'\n"
        "phrasings:\n  - \"' onmouseover='alert(4)\"\n"
        "category: backup\n---\nAnswer.\n"
    )
    result = build_faq(tmp_path, {"faq/backup/a.md": entry})
    assert result.ok, result.messages()
    for url in ("faq/backup/", "faq/"):
        html = result.page(url)
        assert "<img" not in html
        assert "<script>alert" not in html
        assert 'href="javascript' not in html
        assert "<strong>bold</strong>" not in html and "<em>bold</em>" not in html
        assert "onmouseover='alert" not in html
    page = result.page("faq/backup/")
    assert "&lt;img src=x onerror=" in page
    data = _jsonld(page)
    assert data["mainEntity"][0]["name"] == PAYLOAD
    script = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert script and "</script" not in script.group(1) and "<" not in script.group(1)


def test_misspelt_faq_key_is_a_warning(tmp_path: Path) -> None:
    entry = RETENTION.replace("phrasings:", "phrasing:").replace(
        "category: backup", "category: backup\nowner: Docs\nhide: [toc]\ndescription: Retention"
    )
    message = (
        "docs/faq/backup/a.md:4: unknown FAQ key 'phrasing' is ignored. Did you mean 'phrasings'?"
    )
    lenient = build_faq(tmp_path, {"faq/backup/a.md": entry})
    assert lenient.ok and lenient.warnings == [message]  # other plugins' keys are left alone
    strict = build_faq(tmp_path / "strict", {"faq/backup/a.md": entry}, strict=True)
    assert not strict.ok and message in strict.warnings


# --- generated pages: a page already at their path -----------------------------------------------

WITH_READING = FAQ_CONFIG.replace(
    "  - supportal/faq:",
    "  - supportal/reading:\n      known_issues_page: faq/index.md\n  - supportal/faq:",
)


def test_a_page_where_a_category_page_goes_is_an_error(tmp_path: Path) -> None:
    # The generated page went missing behind a message that said "rename it": any other name in
    # faq/ makes it a question.
    pages = {"faq/backup/retention.md": RETENTION, "faq/backup/index.md": "# Backups\n"}
    result = build_faq(tmp_path, pages, strict=True)
    message = (
        "docs/faq/backup/index.md: supportal/faq generates this page (the category page of "
        "'backup'); move the file out of faq/ (the pages there are questions)"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "mkdocs.yml", message)


def test_another_plugins_page_at_the_faq_home_is_an_error(tmp_path: Path) -> None:
    # The listing was added to the known-issues page without a word.
    result = build_faq(tmp_path, {"faq/backup/retention.md": RETENTION}, config=WITH_READING)
    assert result.errors == [
        "mkdocs.yml:9: supportal/reading generates faq/index.md, the path of the FAQ home "
        "(supportal/faq): set supportal/reading's option for that page to another path",
        "1 authoring error (listed above) stops the build.",
    ]
    # Listed the other way round, supportal/reading finds the FAQ home in its way.
    faq_first = FAQ_CONFIG + "  - supportal/reading:\n      known_issues_page: faq/index.md\n"
    faq_first = faq_first.replace("\nnav:\n  - Home: index.md\n  - FAQ:\n      - faq/index.md", "")
    again = build_faq(tmp_path / "b", {"faq/backup/retention.md": RETENTION}, config=faq_first)
    assert again.errors == [
        "mkdocs.yml:13: supportal/reading option 'known_issues_page' is faq/index.md, a page "
        "supportal/faq generates already: set one of the two plugins' options to another path",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_page_published_where_the_faq_home_goes_is_an_error(tmp_path: Path) -> None:
    # faq.md and the generated faq/index.md are both faq/: one was written over the other.
    pages = {"faq/backup/retention.md": RETENTION, "faq.md": "# Questions\n"}
    result = build_faq(tmp_path, pages, strict=True)
    message = (
        "docs/faq.md: published at the same address as faq/index.md, the FAQ home "
        "(supportal/faq): rename or move this file"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "mkdocs.yml", message)
    # Another plugin's page there: that plugin's option is what can move.
    config = WITH_READING.replace("page: faq/index.md", "page: faq.md")
    again = build_faq(tmp_path / "b", {"faq/backup/retention.md": RETENTION}, config=config)
    assert again.errors == [
        "mkdocs.yml:9: supportal/reading generates faq.md, published at the same address as "
        "faq/index.md, the FAQ home (supportal/faq): give one of the two pages another path (an "
        "option of supportal/reading, or the name of the file it is made from)",
        "1 authoring error (listed above) stops the build.",
    ]


def test_another_plugins_page_at_a_category_page_is_an_error(tmp_path: Path) -> None:
    config = WITH_READING.replace("page: faq/index.md", "page: faq/backup/index.md")
    pages = {"faq/backup/retention.md": RETENTION}
    result = build_faq(tmp_path, pages, config=config, strict=True)
    message = (
        "mkdocs.yml:9: supportal/reading generates faq/backup/index.md, the path of the FAQ "
        "category page 'backup' (supportal/faq): set supportal/reading's option for that page to "
        "another path"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "mkdocs.yml", message)
