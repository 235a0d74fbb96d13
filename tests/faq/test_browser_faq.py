"""FAQ pages of the built sample portal in Chromium: deep links open answers; accessibility."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

ENTRY = "#how-long-are-backups-kept"


def test_deep_link_opens_and_shows_the_answer(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/faq/backup/{ENTRY}")
    entry = page.locator(f"details{ENTRY}")
    expect(entry).to_have_attribute("open", "")
    expect(entry.locator(".supportal-faq__answer")).to_be_visible()
    expect(entry.locator(".supportal-faq__answer")).to_contain_text("one per month for 12 months")
    expect(entry).to_be_in_viewport()
    # Other answers stay collapsed.
    expect(page.locator("details#when-do-backup-jobs-run")).not_to_have_attribute("open", "")


def test_answers_start_collapsed_and_open_on_click(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/faq/backup/")
    answer = page.locator("details#when-do-backup-jobs-run .supportal-faq__answer")
    expect(answer).to_be_hidden()
    page.get_by_text("When do backup jobs run?", exact=True).last.click()
    expect(answer).to_be_visible()


def test_jump_list_link_opens_the_answer_on_the_same_page(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/faq/backup/")
    # Material's instant navigation makes hrefs absolute: find the link by its text.
    page.locator(".supportal-faq__index a", has_text="Why is disk space not freed").click()
    expect(page).to_have_url(f"{sample_url}2.4/faq/backup/#why-is-disk-space-not-freed")
    expect(page.locator("details#why-is-disk-space-not-freed")).to_have_attribute("open", "")


def test_link_from_the_faq_home_opens_the_answer_after_instant_navigation(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/faq/")
    page.locator(".supportal-faq-home a", has_text="How long are backups kept?").click()
    expect(page).to_have_url(f"{sample_url}2.4/faq/backup/{ENTRY}")
    expect(page.locator(f"details{ENTRY}")).to_have_attribute("open", "")
    expect(page.locator(f"details{ENTRY} .supportal-faq__answer")).to_be_visible()


def test_questions_follow_the_release(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}1.6/faq/backup/")
    expect(page.locator("details.supportal-faq__entry")).to_have_count(3)
    expect(page.locator("#can-i-back-up-to-object-storage")).to_have_count(0)
    page.goto(f"{sample_url}1.6/faq/backup/#why-is-disk-space-not-freed")
    expect(page.locator("details#why-is-disk-space-not-freed")).to_contain_text(
        "run kvctl repo compact"
    )


def test_faq_page_has_no_accessibility_violations(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/faq/backup/{ENTRY}")
    expect(page.locator(f"details{ENTRY}")).to_have_attribute("open", "")
    results = Axe().run(page, context={"include": [["article"]]})
    assert results.violations_count == 0, results.generate_report()
