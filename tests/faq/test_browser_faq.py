"""FAQ pages of the built sample portal in Chromium: deep links open answers; accessibility."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ..harness import goto_for_instant_navigation, serve_folder

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


def test_instant_navigation_keeps_the_json_ld_as_data_under_a_strict_csp(
    page: Page, sample_site: Path
) -> None:
    # Material re-creates every <script> of the swapped content without its `type`: JSON-LD
    # there would run as JavaScript (a syntax error, an inline-script violation under this CSP).
    csp = (  # 'report-sample': a violation names the first characters of the blocked script
        "default-src 'self'; script-src 'self' 'report-sample'; "
        "style-src 'self' 'unsafe-inline'; img-src 'self' data:"
    )
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation',"
        " e => window.__violations.push(e.sample));"
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve_folder(sample_site, headers={"Content-Security-Policy": csp}) as url:
        goto_for_instant_navigation(page, f"{url}2.4/faq/")
        # Material's own inline snippets of the first load are blocked: count from the click on.
        page.evaluate("() => { window.__sameDocument = true; window.__violations = []; }")
        errors.clear()
        page.locator(".supportal-faq-home a", has_text="registration token expired").click()
        expect(page).to_have_url(f"{url}2.4/faq/agents/#registration-token-expired")
        expect(page.locator("details#registration-token-expired")).to_have_attribute("open", "")
        assert page.evaluate("() => window.__sameDocument") is True  # Material swapped it in
        scripts = page.locator("script.supportal-faq__jsonld")
        expect(scripts).to_have_count(1)
        assert scripts.evaluate("s => s.type") == "application/ld+json"
        data = json.loads(scripts.text_content() or "")
        names = [q["name"] for q in data["mainEntity"]]
        assert any("registration token expired" in name for name in names), names
        # Material's bundle calls helpers that its blocked inline snippets would have defined
        assert [e for e in errors if "__md_" not in e] == []
        # (Material re-creates its own inline snippet of the content too: blocked, not ours.)
        blocked = page.evaluate("() => window.__violations")
        assert not [sample for sample in blocked if "schema.org" in sample], blocked


def test_a_yes_no_question_is_answered_before_the_steps(page: Page, sample_url: str) -> None:
    # The answer is the manual's "Turn on encryption" section: it must first say whether
    # backups are encrypted at rest (off by default; AES-256-GCM), then how to turn it on.
    page.goto(f"{sample_url}2.4/faq/security/#are-backups-encrypted")
    answer = page.locator("details#are-backups-encrypted .supportal-faq__answer")
    expect(answer).to_be_visible()
    first = answer.locator(":scope > *").first
    expect(first).to_have_js_property("tagName", "P")
    expect(first).to_contain_text("off by default")
    expect(first).to_contain_text("AES-256-GCM")
