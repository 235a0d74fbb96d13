"""The support hub in Chromium: feedback, open/closed from a fixed clock, advisory banners,
and payloads in query strings."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, Request, expect

from ..harness import build_portal, goto_for_instant_navigation, make_portal, serve_folder
from .conftest import SUPPORT_CONFIG, SUPPORT_YML

pytestmark = pytest.mark.browser


def _ticket_query(page: Page) -> dict[str, list[str]]:
    href = page.locator(".supportal-feedback__ticket a").get_attribute("href")
    assert href
    return parse_qs(urlsplit(href).query)


def test_feedback_no_offers_reasons_and_a_ticket_with_page_and_release(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/manuals/backups/")
    widget = page.locator(".supportal-feedback")
    expect(widget.locator(".supportal-feedback__reasons")).to_be_hidden()
    widget.get_by_role("button", name="No").click()
    reasons = widget.get_by_role("radio")
    expect(reasons).to_have_count(5)
    expect(widget.locator(".supportal-feedback__reasons")).to_be_visible()
    expect(widget.locator(".supportal-feedback__ticket")).to_be_visible()
    query = _ticket_query(page)  # the sample's tier-1 ticket is Zendesk
    assert query["ticket_form_id"] == ["360001"]
    assert query["tf_subject"] == ["Docs feedback: Backups (Keelvault 2.4)"]
    body = query["tf_description"][0]
    assert f"URL: {sample_url}2.4/manuals/backups/\n" in body
    assert "Release: 2.4\n" in body and "Page: Backups\n" in body
    assert "Reason: (not given)" in body
    assert query["tf_360044"] == ["2.4"]
    # Choosing a reason puts it into the ticket.
    widget.get_by_label("It is hard to understand").check()
    assert "Reason: It is hard to understand\n" in _ticket_query(page)["tf_description"][0]
    widget.get_by_role("button", name="Send").click()
    expect(widget.locator(".supportal-feedback__thanks")).to_be_visible()


def test_feedback_event_sink_carries_page_release_and_reason(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.0/faq/")
    page.evaluate(
        "window.__votes = []; document.addEventListener('page_feedback', (e) => window.__votes.push(e.detail))"
    )
    widget = page.locator(".supportal-feedback")
    widget.get_by_role("button", name="No").click()
    widget.get_by_label("Information I need is missing").check()
    widget.get_by_role("button", name="Send").click()
    expect(widget.locator(".supportal-feedback__thanks")).to_be_visible()
    votes = page.evaluate("window.__votes")
    page_url = f"{sample_url}2.0/faq/"
    # One vote per reader: "No" waits for the reason instead of being a vote of its own.
    assert votes == [
        {
            "page": page_url,
            "title": "Frequently asked questions",
            "release": "2.0",
            "rating": "no",
            "reason": "Information I need is missing",
        },
    ]


def test_a_no_without_a_reason_is_one_vote_when_the_reader_moves_on(
    page: Page, sample_url: str
) -> None:
    goto_for_instant_navigation(page, f"{sample_url}2.0/faq/")
    page.evaluate(
        "window.__votes = [];"
        "document.addEventListener('page_feedback', (e) => window.__votes.push(e.detail))"
    )
    page.locator(".supportal-feedback").get_by_role("button", name="No").click()
    expect(page.locator(".supportal-feedback__reasons")).to_be_visible()
    assert page.evaluate("window.__votes") == []  # the reason may still come
    page.locator(".md-tabs__link", has_text="Support").click()
    expect(page).to_have_url(f"{sample_url}2.0/support/")
    expect(page.locator(".supportal-feedback__buttons")).to_be_visible()
    assert page.evaluate("window.__votes") == [  # the same document: instant navigation
        {
            "page": f"{sample_url}2.0/faq/",
            "title": "Frequently asked questions",
            "release": "2.0",
            "rating": "no",
        }
    ]


def test_a_page_back_from_the_back_forward_cache_shows_its_vote_was_sent(
    page: Page, sample_url: str
) -> None:
    # The browser's back/forward cache is simulated with the events it fires.
    page.goto(f"{sample_url}2.0/faq/")
    page.evaluate(
        "window.__votes = [];"
        "document.addEventListener('page_feedback', (e) => window.__votes.push(e.detail))"
    )
    widget = page.locator(".supportal-feedback")
    widget.get_by_role("button", name="No").click()
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pagehide', {persisted: true}))")
    assert [v["rating"] for v in page.evaluate("window.__votes")] == ["no"]
    page.evaluate("window.dispatchEvent(new PageTransitionEvent('pageshow', {persisted: true}))")
    expect(widget.locator(".supportal-feedback__reasons")).to_be_hidden()
    expect(widget.locator(".supportal-feedback__thanks")).to_be_visible()
    assert len(page.evaluate("window.__votes")) == 1


@pytest.mark.parametrize("route", ["yes", "no-then-send"])
def test_the_thank_you_takes_the_focus_of_the_hidden_control(
    page: Page, sample_url: str, route: str
) -> None:
    page.goto(f"{sample_url}2.4/manuals/backups/")
    widget = page.locator(".supportal-feedback")
    if route == "yes":
        widget.get_by_role("button", name="Yes").press("Enter")
    else:
        widget.get_by_role("button", name="No").press("Enter")
        widget.get_by_label("It is hard to understand").check()
        widget.get_by_role("button", name="Send").press("Enter")
    thanks = widget.locator(".supportal-feedback__thanks")
    expect(thanks).to_be_visible()
    # not <body>: keyboard and screen reader users stay where they were
    expect(thanks).to_be_focused()


def test_feedback_survives_instant_navigation(page: Page, sample_url: str) -> None:
    # (A click before Material has its sitemap is a full load: the widget can then be clicked
    # before the script that answers it has run.)
    goto_for_instant_navigation(page, f"{sample_url}2.4/")
    page.locator(".md-tabs__link", has_text="FAQ").click()
    expect(page).to_have_url(f"{sample_url}2.4/faq/")
    # Material changes the URL before it swaps the page in: the home page has a widget too.
    widget = page.locator(".supportal-feedback[data-page-title='Frequently asked questions']")
    expect(widget).to_have_attribute("data-ready", "1")
    widget.get_by_role("button", name="Yes").click()
    expect(widget.locator(".supportal-feedback__thanks")).to_be_visible()


@pytest.fixture(scope="module")
def consent_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A portal that POSTs feedback, behind Material's cookie consent."""
    root = tmp_path_factory.mktemp("consent")
    config = (
        SUPPORT_CONFIG.replace(
            "      advisories:\n        file: advisories.yml\n",
            "      feedback:\n        sink: post\n        url: https://feedback.example.com/vote\n",
        )
        + "extra:\n  consent:\n    title: Cookie consent\n    description: We ask first.\n"
    )
    config_file = make_portal(
        root,
        {"index.md": "# Home\n", "guide.md": "# Guide\n", "support/index.md": "# Support\n"},
        config=config,
        extra_files={"support.yml": SUPPORT_YML},
    )
    result = build_portal(config_file, "2.0", strict=True)
    assert result.ok, result.messages()
    return result.site_dir


@pytest.mark.parametrize("accepted", [False, True], ids=["declined", "accepted"])
def test_feedback_is_sent_only_with_consent(page: Page, consent_site: Path, accepted: bool) -> None:
    posted: list[Request] = []

    def capture(route, request) -> None:  # noqa: ANN001 - playwright Route
        posted.append(request)
        route.fulfill(status=204)

    page.route("https://feedback.example.com/**", capture)
    with serve_folder(consent_site) as url:
        page.goto(f"{url}guide/")
        page.evaluate(f"__md_set('__consent', {{ analytics: {'true' if accepted else 'false'} }})")
        page.reload()
        widget = page.locator(".supportal-feedback")
        widget.get_by_role("button", name="Yes").click()
        expect(widget.locator(".supportal-feedback__thanks")).to_be_visible()
        if accepted:  # sent at the click, the POST reaches `capture` a moment later
            deadline = time.monotonic() + 15
            while not posted and time.monotonic() < deadline:
                page.wait_for_timeout(50)
        page.wait_for_timeout(300)  # time for a POST that must not come (or a second one)
        if not accepted:
            assert posted == []
            return
        assert len(posted) == 1
        request = posted[0]
        assert request.method == "POST"
        assert json.loads(request.post_data or "") == {
            "page": f"{url}guide/",
            "title": "Guide",
            "release": "2.0",
            "rating": "yes",
        }


# --- Get support: open / closed from the reader's clock -------------------------------------------


def _status(page: Page, tier: int, label: str) -> str:
    channels = page.locator(f"xpath=//h2[@id='tier-{tier}']/following-sibling::ul[1]/li")
    channel = channels.filter(has=page.locator(".supportal-desk__label", has_text=label))
    expect(channel).to_have_count(1)
    return channel.locator(".supportal-desk__status").inner_text()


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        # Wednesday 10:00 in Berlin: office hours; 04:00 in New York: chat closed.
        (
            "2026-11-25T09:00:00Z",
            {(1, "Email"): "Open now", (1, "Chat"): "Closed now", (3, "Sev-1 hotline"): "Open now"},
        ),
        # Saturday 13:00 Berlin: office closed; 07:00 New York: chat just opened.
        (
            "2026-11-28T12:00:00Z",
            {(1, "Email"): "Closed now", (1, "Chat"): "Open now", (2, "Phone"): "Closed now"},
        ),
        # Thursday 24 December, 10:00 Berlin: a listed closed day.
        ("2026-12-24T09:00:00Z", {(2, "Phone"): "Closed now", (3, "Sev-1 hotline"): "Open now"}),
    ],
    ids=["weekday-morning", "saturday", "christmas-eve"],
)
def test_open_or_closed_now_for_a_fixed_clock(
    page: Page, sample_url: str, clock: str, expected: dict[tuple[int, str], str]
) -> None:
    page.clock.set_fixed_time(clock)
    page.goto(f"{sample_url}2.4/support/contact/")
    expect(page.locator(".supportal-desk__status").first).not_to_have_text("")
    for (tier, label), status in expected.items():
        assert _status(page, tier, label) == status, (tier, label)
    # A closed channel's list item is marked too, for themes that want to grey it out.
    for (tier, label), status in expected.items():
        item = page.locator(f"xpath=//h2[@id='tier-{tier}']/following-sibling::ul[1]/li").filter(
            has=page.locator(".supportal-desk__label", has_text=label)
        )
        if status == "Closed now":
            expect(item).to_have_class(re.compile(r"supportal-desk__channel--closed"))
        else:
            expect(item).not_to_have_class(re.compile(r"supportal-desk__channel--closed"))


def test_get_support_page_lists_channels_by_tier(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/support/contact/")
    expect(page.get_by_role("heading", name="Tier 1: Service desk")).to_be_visible()
    expect(page.get_by_role("link", name="+49 30 5550 1200")).to_have_attribute(
        "href", "tel:+493055501200"
    )
    expect(page.get_by_role("link", name="Open a support ticket").first).to_be_visible()
    results = Axe().run(page, context={"include": [["article"]]})
    assert results.violations_count == 0, results.generate_report()


# --- Advisories -----------------------------------------------------------------------------------


def test_advisory_banner_only_on_affected_releases(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.0/manuals/install/")
    banner = page.locator(".supportal-advisories-banner")
    expect(banner).to_be_visible()
    expect(banner.locator(".admonition-title")).to_have_text(
        "2 security advisories affect this release — fixed in 2.4"
    )
    banner.get_by_role("link", name="KVSA-2026-01").click()
    expect(page).to_have_url(f"{sample_url}2.0/support/security/#kvsa-2026-01")
    expect(page.locator("h2#kvsa-2026-01")).to_be_visible()

    page.goto(f"{sample_url}1.6/manuals/install/")
    expect(page.locator(".supportal-advisories-banner .admonition-title")).to_have_text(
        "1 security advisory affects this release — fixed in 2.0"
    )
    for release in ("2.4", "3.0"):
        page.goto(f"{sample_url}{release}/manuals/install/")
        expect(page.locator("article h1")).to_be_visible()
        expect(page.locator(".supportal-advisories-banner")).to_have_count(0)


# --- Payloads in the address ----------------------------------------------------------------------

PAYLOAD = "<img src=x onerror=window.__pwned=1>\"'><script>window.__pwned=2</script>"


def test_query_and_hash_payloads_cannot_inject_markup(page: Page, sample_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # (Not `?q=`: Material opens its search box for that one.)
    page.goto(f"{sample_url}2.4/manuals/backups/?ref={PAYLOAD}#{PAYLOAD}")
    widget = page.locator(".supportal-feedback")
    widget.get_by_role("button", name="No").click()
    body = _ticket_query(page)["tf_description"][0]
    # The address travels as text (percent-encoded by the browser), never as markup.
    assert "URL: " + sample_url + "2.4/manuals/backups/?ref=%3Cimg%20src=x" in body
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__pwned") is None
    page.goto(f"{sample_url}2.4/faq/backup/#{PAYLOAD}")
    expect(page.locator("details.supportal-faq__entry[open]")).to_have_count(0)
    assert page.locator("img[src='x']").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert errors == []


def test_banner_widget_and_advisories_page_are_accessible(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.0/manuals/install/")
    page.locator(".supportal-feedback").get_by_role("button", name="No").click()
    expect(page.locator(".supportal-feedback__reasons")).to_be_visible()
    scoped = {"include": [[".supportal-advisories-banner"], [".supportal-feedback"]]}
    results = Axe().run(page, context=scoped)
    assert results.violations_count == 0, results.generate_report()
    page.goto(f"{sample_url}2.0/support/security/")
    results = Axe().run(page, context={"include": [["article"]]})
    assert results.violations_count == 0, results.generate_report()


def test_ticket_links_stay_within_their_budget(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/backups/")
    result = page.evaluate(
        """async () => {
          const { fillTicket } = await import("../../assets/supportal/support/feedback.js");
          const template = "mailto:help@example.com?subject={title}&body={body}";
          const long = fillTicket(template, { title: "T", body: "é&<x>".repeat(2000) }, 1800);
          const short = fillTicket(template, { title: "a b", body: "c&d" }, 1800);
          return { long, short };
        }"""
    )
    assert len(result["long"]) <= 1800
    body = parse_qs(urlsplit(result["long"]).query)["body"][0]
    assert body.startswith("é&<x>é&<x>") and body.endswith(" … [truncated]")
    assert result["short"] == "mailto:help@example.com?subject=a%20b&body=c%26d"


def test_ticket_truncation_never_splits_an_emoji(page: Page, sample_url: str) -> None:
    # Cutting between the two UTF-16 halves of an emoji made encodeURIComponent throw URIError,
    # so the "No" ticket link of a page titled with an emoji was never filled in.
    page.goto(f"{sample_url}2.4/manuals/backups/")
    result = page.evaluate(
        """async () => {
          const { fillTicket } = await import("../../assets/supportal/support/feedback.js");
          const template = "mailto:help@example.com?subject={title}&body={body}";
          const urls = [];
          for (let budget = 200; budget < 260; budget++) {
            urls.push(fillTicket(template, { title: "T", body: "Page: " + "🔒".repeat(400) }, budget));
          }
          return urls;
        }"""
    )
    for budget, url in enumerate(result, start=200):
        assert len(url) <= budget
        body = parse_qs(urlsplit(url).query)["body"][0]
        assert body.startswith("Page: 🔒") and body.endswith("🔒 … [truncated]")
        assert set(body.removeprefix("Page: ").removesuffix(" … [truncated]")) == {"🔒"}
