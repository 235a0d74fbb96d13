"""FAQ entries, catalog checks and answers without MkDocs."""

from __future__ import annotations

from packaging.version import Version
from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import Problems
from supportal.faq.answers import AnswerBuilder
from supportal.faq.model import FaqCatalog, check_catalog, is_entry, parse_entry

CATEGORIES = {"backup": "Backups", "install": "Installation"}
MANUAL = "---\ntitle: Backups\n---\n# Backups\n\n## Retention\n\nKept for {{ release.title }}.\n\n/// versions | <2.0\nOld way.\n///\n"


def _entry(text: str, src_uri: str = "faq/backup/a.md"):  # noqa: ANN202
    problems = Problems()
    source = read_front_matter(text, f"content/{src_uri}")
    return parse_entry(source, src_uri, "faq", CATEGORIES, problems), problems


def test_entry_fields_and_folder_category() -> None:
    entry, problems = _entry(
        "---\nid: keep\nquestion: '  How long   are backups kept?'\nphrasings: Retention?\n"
        "versions: '>=2.0'\nanswer_from: manuals/backups.md#retention\n---\nMore.\n"
    )
    assert not problems and entry is not None
    assert entry.category == "backup"  # from the folder
    assert entry.question == "How long are backups kept?"
    assert entry.phrasings == ("Retention?",)
    assert Version("2.4") in entry.versions and Version("1.6") not in entry.versions
    assert entry.answer_from is not None and entry.answer_from.anchor == "retention"
    assert entry.body == "More.\n" and entry.body_line == 8


def test_which_files_are_entries() -> None:
    assert is_entry("faq/backup/a.md", "faq")
    assert not is_entry("faq/index.md", "faq") and not is_entry("faq/backup/index.md", "faq")
    assert not is_entry("manuals/faq.md", "faq") and not is_entry("faq/backup/img.png", "faq")


def test_catalog_groups_and_duplicates() -> None:
    first, _ = _entry("---\nid: a\nquestion: Why?\n---\nx\n", "faq/backup/a.md")
    second, _ = _entry("---\nid: b\nquestion: why\n---\nx\n", "faq/install/b.md")
    third, _ = _entry("---\nid: a\nquestion: Other\n---\nx\n", "faq/install/c.md")
    problems = Problems()
    check_catalog([first, second, third], problems)
    assert [str(p) for p in problems] == [
        "content/faq/install/b.md:3: the question 'why' is also asked in "
        "content/faq/backup/a.md:3; merge the two entries or add the wording to 'phrasings'",
        "content/faq/install/c.md:2: duplicate FAQ id 'a' (already used by content/faq/backup/a.md:2)",
    ]
    catalog = FaqCatalog([first, second], dict(CATEGORIES))
    assert list(catalog.grouped(catalog.entries)) == ["backup", "install"]
    assert catalog.in_release(["faq/install/b.md"]) == [second]


def _builder(version: str, present: set[str]) -> AnswerBuilder:
    sources = {"manuals/backups.md": read_front_matter(MANUAL, "content/manuals/backups.md")}
    return AnswerBuilder(
        version=Version(version),
        release={"title": f"Product {version}"},
        release_label=version,
        sources=sources,
        present=present,
    )


def test_answer_reuses_the_manual_section_for_the_release() -> None:
    entry, _ = _entry(
        "---\nid: keep\nquestion: Q?\nanswer_from: manuals/backups.md#retention\n---\nSee [x](../../manuals/backups.md).\n"
    )
    problems = Problems()
    old = _builder("1.0", {"manuals/backups.md"}).build(entry, "faq/backup/index.md", problems)
    assert not problems
    assert old.answer == "Kept for Product 1.0.\n\nOld way.\n\nSee [x](../../manuals/backups.md)."
    assert old.source is not None
    assert (old.source.title, old.source.link) == (
        "Backups › Retention",
        "../../manuals/backups.md#retention",
    )
    new = _builder("2.0", {"manuals/backups.md"}).build(entry, "faq/backup/index.md", problems)
    assert "Old way" not in new.answer


def test_answer_problems() -> None:
    entry, _ = _entry(
        "---\nid: keep\nquestion: Q?\nanswer_from: manuals/backups.md#retention\n---\n"
    )
    problems = Problems()
    _builder("2.0", set()).build(entry, "faq/backup/index.md", problems)
    assert [str(p) for p in problems] == [
        "content/faq/backup/a.md:4: answer_from 'manuals/backups.md#retention': the page is not "
        "part of release 2.0 (its 'versions' leaves it out); narrow this entry's 'versions' or "
        "pick another section"
    ]
