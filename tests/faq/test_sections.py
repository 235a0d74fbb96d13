"""Manual sections and link rebasing, without MkDocs."""

from __future__ import annotations

from supportal.faq.render import md_text
from supportal.faq.sections import headings, rebase_links, section

MANUAL = """\
# Backups

## Retention {#keep .note}

Kept [30 days](#schedules); see [upgrade](upgrade.md#notes) or [site](https://example.com).

### Details

Nightly.

## Schedules

```text
## not a heading
```

## Schedules

Twice.
"""


def test_anchors_follow_toc_rules() -> None:
    assert [(h.level, h.anchor) for h in headings(MANUAL)] == [
        (1, "backups"),
        (2, "keep"),
        (3, "details"),
        (2, "schedules"),
        (2, "schedules_1"),
    ]


def test_section_runs_to_the_next_heading_of_the_same_level() -> None:
    text = section(MANUAL, "keep")
    assert text is not None
    assert text.startswith("Kept [30 days]")
    assert "### Details" in text and "Nightly." in text
    assert "Schedules" not in text
    assert section(MANUAL, "schedules_1") == "Twice."
    assert section(MANUAL, "missing") is None


def test_rebase_links_from_manual_to_faq_page() -> None:
    text = rebase_links(section(MANUAL, "keep") or "", "manuals/backups.md", "faq/backup/index.md")
    assert "[30 days](../../manuals/backups.md#schedules)" in text
    assert "[upgrade](../../manuals/upgrade.md#notes)" in text
    assert "[site](https://example.com)" in text


def test_rebase_leaves_code_alone() -> None:
    text = "```\n[a](b.md)\n```\n[a](b.md)"
    assert rebase_links(text, "x/y.md", "z/w.md") == "```\n[a](b.md)\n```\n[a](../x/b.md)"


def test_md_text_escapes_markup_and_markdown() -> None:
    assert str(md_text("<b>*x*</b> [a](b)")) == r"&lt;b&gt;\*x\*&lt;/b&gt; \[a\]\(b\)"


def test_rebase_keeps_a_link_to_another_release_pointing_there() -> None:
    # `../../../2.0/manuals/install/` in manuals/upgrade.md (served at 2.4/manuals/upgrade/)
    # leaves the docs: it is a URL, resolved from the page's URL. It became
    # `../../../../2.0/manuals/install#x`, one level too many and without its slash.
    text = "See [2.0](../../../2.0/manuals/install/#repo)."
    assert rebase_links(text, "manuals/upgrade.md", "faq/install/index.md") == (
        "See [2.0](../../../2.0/manuals/install/#repo)."
    )
    assert rebase_links(text, "manuals/upgrade.md", "faq/index.md") == (
        "See [2.0](../../2.0/manuals/install/#repo)."
    )
