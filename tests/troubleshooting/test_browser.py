"""The sample portal's trees in a real Chromium: the wizard, URL state, escalation, no-JS, a11y."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect
from supportal.core.supportdesk import load_support_desk

from ..harness import REPO, build_portal, make_portal, serve_folder

pytestmark = pytest.mark.browser

AGENT = "2.4/troubleshooting/agent-offline/"


def current(page: Page, tree: str | None = None) -> str:
    """Id of the single node the wizard shows; after a navigation, name the `tree` reached:
    Material changes the URL before it swaps the page, so the old wizard can still be there."""
    # Under load, instant navigation can take a while to swap the page and start the wizard.
    selector = f"[data-supportal-tree='{tree}']" if tree else "[data-supportal-tree]"
    expect(page.locator(selector)).to_have_attribute("data-supportal-ready", "1", timeout=15000)
    visible = page.locator("[data-supportal-node]:visible")
    expect(visible).to_have_count(1, timeout=15000)
    return visible.get_attribute("data-supportal-node") or ""


def answer(page: Page, label: str) -> None:
    page.locator("[data-supportal-node]:visible .supportal-answers").get_by_role(
        "link", name=label, exact=True
    ).click()


def report_of(page: Page, node: str) -> str:
    """The escalation report node `node` would send."""
    return (
        page.locator(f"[data-supportal-node='{node}'] [data-supportal-report]").text_content()
        or ""
    )


def test_walk_to_a_resolution(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    assert current(page) == "service-running"
    expect(page.locator("[data-supportal-path]")).to_be_hidden()
    answer(page, "No, it is stopped or failed")
    assert current(page) == "start-service"
    answer(page, "The agent shows online now")
    assert current(page) == "fixed-service"
    expect(page.locator("[data-supportal-crumbs] li")).to_have_text(
        [
            "Is the agent service running on the machine? → No, it is stopped or failed",
            "Start the agent service → The agent shows online now",
        ]
    )
    assert urlsplit(page.url).query == (
        "service-running=no-it-is-stopped-or-failed&start-service=the-agent-shows-online-now"
    )


def test_retry_loop_back_and_restart(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "No, it is stopped or failed")
    answer(page, "It is still offline")
    assert current(page) == "service-running"
    answer(page, "Yes, it is running")
    assert current(page) == "agent-status"
    expect(page.locator("[data-supportal-crumbs] li")).to_have_count(3)
    page.get_by_role("button", name="Back", exact=True).click()
    assert current(page) == "service-running"
    expect(page.locator("[data-supportal-crumbs] li")).to_have_count(2)
    assert (
        urlsplit(page.url).query
        == "service-running=no-it-is-stopped-or-failed&start-service=it-is-still-offline"
    )
    # a breadcrumb entry goes back to that step
    page.locator("[data-supportal-crumb='0']").click()
    assert current(page) == "service-running"
    expect(page.locator("[data-supportal-crumbs] li")).to_have_count(0)
    answer(page, "Yes, it is running")
    page.get_by_role("button", name="Start again").click()
    assert current(page) == "service-running"
    assert urlsplit(page.url).query == ""
    expect(page.get_by_role("button", name="Back", exact=True)).to_be_disabled()


def test_reload_and_shared_links_resume(page: Page, browser: Browser, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "cannot reach server")
    assert current(page) == "network"
    shared = page.url
    page.reload()
    assert current(page) == "network"
    expect(page.locator("[data-supportal-crumbs] li")).to_have_count(2)
    expect(page.locator("[data-supportal-notice]")).to_be_hidden()
    other = browser.new_context()
    try:
        fresh = other.new_page()
        fresh.goto(shared)
        assert current(fresh) == "network"
        expect(fresh.locator("[data-supportal-crumbs] li")).to_have_count(2)
    finally:
        other.close()


def test_a_stale_link_replays_what_still_exists_and_says_so(page: Page, sample_url: str) -> None:
    stale = "?service-running=yes-it-is-running&agent-status=cannot-reach-server&firewall=closed&network=x"
    page.goto(sample_url + AGENT + stale)
    assert current(page) == "network"
    notice = page.locator("[data-supportal-notice]")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text("This guide changed")
    expect(page.locator("[data-supportal-crumbs] li")).to_have_count(2)
    answer(page, "Both ports answer but the agent stays offline")
    expect(notice).to_be_hidden()
    # a removed node alone is enough to say so (not a parameter of someone else's)
    page.goto(sample_url + AGENT + stale.removesuffix("&network=x"))
    assert current(page) == "network"
    expect(notice).to_be_visible()
    # a guide entered at a node that no longer exists starts from the beginning, with the notice
    page.goto(sample_url + AGENT + "?_entry=firewall&firewall=open")
    assert current(page) == "service-running"
    expect(notice).to_be_visible()


def test_parameters_that_name_no_step_are_not_answers(page: Page, sample_url: str) -> None:
    # A search result (?h=) or a link shared with a tracking parameter said "This guide
    # changed", and a search result's #step link opened the first step instead.
    page.goto(sample_url + AGENT + "?h=agent+offline&fbclid=IwAR0x&utm_source=mail")
    assert current(page) == "service-running"
    notice = page.locator("[data-supportal-notice]")
    expect(notice).to_be_hidden()
    answer(page, "No, it is stopped or failed")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {
        "h": ["agent offline"], "fbclid": ["IwAR0x"], "utm_source": ["mail"],
        "service-running": ["no-it-is-stopped-or-failed"],
    }
    page.goto(sample_url + "2.4/troubleshooting/certificate-errors/?h=agent#re-pin")
    assert current(page, "certificate-errors") == "re-pin"
    expect(notice).to_be_hidden()


def test_escalation_ticket_link_carries_path_and_release(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "Something else")
    assert current(page) == "escalate-agent"
    panel = page.locator("[data-supportal-node='escalate-agent'] [data-supportal-escalation]")
    expect(panel).to_contain_text("Tier 2: Technical support engineers")
    panel.get_by_label("Agent version").fill("2.4.1 <b>&")
    ticket = panel.get_by_role("link", name="Open a support ticket")
    href = ticket.get_attribute("href") or ""
    assert href.startswith(
        "https://keelvault.zendesk.example/hc/requests/new?ticket_form_id=360001&"
    )
    query = parse_qs(urlsplit(href).query)
    assert query["tf_subject"] == ["An agent shows offline: Contact technical support"]
    assert query["tf_360044"] == ["2.4"]
    body = query["tf_description"][0]
    assert body.splitlines() == [
        "Troubleshooting report: An agent shows offline",
        body.splitlines()[1],
        "Release: 2.4",
        "Page: https://docs.keelvault.example/2.4/troubleshooting/agent-offline/",
        "Result: Contact technical support (tier 2)",
        "",
        "Path:",
        "1. Is the agent service running on the machine? → Yes, it is running",
        "2. What does kvagent status print? → Something else",
        "",
        "Fields:",
        "Agent version: 2.4.1 <b>&",
    ]
    assert body.splitlines()[1].startswith("Guide: agent-offline (revision ")
    # the typed value is text in the page, never markup
    expect(panel.locator("b")).to_have_count(0)


def test_copy_report(page: Page, sample_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(sample_url + AGENT)
    answer(page, "No, it is stopped or failed")
    answer(page, "The service does not start")
    panel = page.locator("[data-supportal-node='escalate-service'] [data-supportal-escalation]")
    panel.get_by_role("button", name="Copy report").click()
    expect(panel.locator("[data-supportal-copied]")).to_have_text("Report copied.")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == panel.locator("[data-supportal-report]").text_content()
    assert (
        "1. Is the agent service running on the machine? → No, it is stopped or failed\n"
        "2. Start the agent service → The service does not start" in copied
    )
    assert "Result: Contact the service desk (tier 1)" in copied


def test_without_javascript_the_page_is_the_whole_tree(browser: Browser, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_url + AGENT)
        nodes = page.locator("[data-supportal-node]")
        expect(nodes).to_have_count(9)
        for index in range(9):
            expect(nodes.nth(index)).to_be_visible()
        expect(page.locator("[data-supportal-wizard]")).to_be_hidden()
        expect(page.get_by_role("button", name="Back", exact=True)).to_be_hidden()
        # answers are plain anchors to the other nodes
        page.get_by_role("link", name="No, it is stopped or failed").click()
        assert urlsplit(page.url).fragment == "start-service"
        # the no-JS ticket link still works, pre-filled without a path
        href = page.locator(
            "[data-supportal-node='escalate-agent'] [data-supportal-ticket]"
        ).get_attribute("href")
        assert "Path%3A%0A(not%20recorded" in (href or "")
    finally:
        context.close()


def test_printing_shows_every_branch(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    assert current(page) == "service-running"
    page.emulate_media(media="print")
    expect(page.locator("[data-supportal-node]:visible")).to_have_count(9)
    expect(page.locator("[data-supportal-controls]")).to_be_hidden()


def test_keyboard_and_screen_reader(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    link = page.locator("[data-supportal-node]:visible .supportal-answers").get_by_role(
        "link", name="Yes, it is running"
    )
    link.focus()
    page.keyboard.press("Enter")
    assert current(page) == "agent-status"
    focused = page.evaluate("document.activeElement.id")
    assert focused == "agent-status"
    expect(page.locator("[data-supportal-live]")).to_have_text(
        "Step 2: What does kvagent status print?"
    )
    # Tab goes on from the question (past the heading's permalink, the body's link and code) to
    # the answers, in order.
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.answer"):
            break
    assert page.evaluate("document.activeElement.dataset.answer") == "connected"
    page.keyboard.press("Enter")
    assert current(page) == "console-lag"
    expect(page.locator("[data-supportal-live]")).to_have_text(
        "Solution: The console had not refreshed yet"
    )
    page.get_by_role("button", name="Back", exact=True).focus()
    page.keyboard.press("Enter")
    assert current(page) == "agent-status"


def test_instant_navigation_starts_the_wizard(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "2.4/troubleshooting/")
    page.locator("article").get_by_role("link", name="A backup job failed").first.click()
    expect(page).to_have_url(sample_url + "2.4/troubleshooting/backup-job-failed/")
    assert current(page, tree="backup-job-failed") == "error-code"
    answer(page, "E3010 agent version is older than the server")
    answer(page, "Yes, it was asleep or off")
    assert current(page) == "ki-auto-update"
    issue = page.locator("[data-supportal-node='ki-auto-update'] .supportal-known-issue")
    expect(issue).to_contain_text("Known issue KV-1188")
    link = issue.get_by_role("link", name="Read the known issue KV-1188")
    assert link.evaluate("a => a.href") == sample_url + "2.4/known-issues/#kv-1188"


def test_an_answer_can_end_at_a_known_issue(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "agent version is older than the server")
    expect(page).to_have_url(sample_url + "2.4/known-issues/#kv-1188")
    expect(page.locator("#kv-1188")).to_be_visible()


def test_crossing_into_another_tree_keeps_the_path(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "certificate verify failed")
    assert current(page) == "certificate"
    answer(page, "Continue")
    expect(page).to_have_url(sample_url + "2.4/troubleshooting/certificate-errors/#which-error")
    assert current(page, tree="certificate-errors") == "which-error"
    expect(page.locator("[data-supportal-crumbs] li").first).to_contain_text(
        'Earlier, in "An agent shows offline" (3 answers)'
    )
    answer(page, "fingerprint mismatch")
    answer(page, "No, nobody changed it")
    report = report_of(page, "escalate-security")
    assert (
        "1. Is the agent service running on the machine? → Yes, it is running\n"
        "2. What does kvagent status print? → certificate verify failed\n"
        "3. The agent rejects the server certificate → Continue\n"
        "4. Which reason does the agent log give? → fingerprint mismatch\n"
        "5. Was the server certificate replaced on purpose? → No, nobody changed it" in report
    )
    assert "Result: Possible interception: contact engineering now (tier 3)" in report
    # the escalation goes to tier 3, whose ticket template is Jira
    href = page.locator(
        "[data-supportal-node='escalate-security'] [data-supportal-ticket]"
    ).get_attribute("href")
    assert (href or "").startswith(
        "https://jira.keelvault.example/secure/CreateIssueDetails!init.jspa?"
    )


def test_releases_get_their_own_branches(page: Page, sample_url: str) -> None:
    page.goto(sample_url + "1.6/troubleshooting/backup-job-failed/")
    answer(page, "E4400 tape export did not finish")
    expect(page.locator("[data-supportal-node]:visible")).to_contain_text("Known issue KV-0877")
    page.goto(sample_url + "2.0/troubleshooting/agent-offline/")
    answer(page, "Yes, it is running")
    expect(page.locator("[data-supportal-node]:visible .supportal-answers a")).to_have_text(
        ["connected", "cannot reach server", "Something else"]
    )


def test_ticket_urls_match_python_exactly(page: Page, sample_url: str) -> None:
    """ticket.js and TicketTemplate.fill agree, including truncation within the budget."""
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    page.goto(sample_url + AGENT)
    values = {
        "title": "Ünïcode 😀 title & more",
        "body": "".join(f"{i}. Frage → Antwort 😀\n" for i in range(150)),
        "release": "2.4",
    }
    for name in ("mail", "zendesk", "github"):
        template = desk.tickets[name]
        expected = template.fill(values)
        script = "async ([u, t, b, v]) => (await import(u)).fillTicket(t, b, v)"
        module = sample_url + "2.4/assets/supportal/troubleshooting/ticket.js"
        got = page.evaluate(script, [module, template.url, template.budget, values])
        assert got["url"] == expected.url, name
        assert tuple(got["truncated"]) == expected.truncated


# Scoped to the tree; Material's code blocks inside node bodies are excluded: their syntax
# colours (4.47:1 comments) and unnamed copy-button <nav> are the theme's, not this plugin's
# (research/feasibility.md §2 lists Material's known violations).
AXE_CONTEXT = {"include": [[".supportal-tree"]], "exclude": [[".supportal-tree .highlight"]]}


def test_axe_finds_nothing_serious(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "Something else")
    page.locator("[data-supportal-node]:visible details").first.click()
    results = Axe().run(page, context=AXE_CONTEXT)
    assert results.violations_count == 0, results.generate_report()
    page.goto(sample_url + AGENT)
    page.locator(".supportal-tree__overview summary").click()
    # the drawing, not its source: Mermaid (3.5 MB) is loaded when the overview opens
    expect(page.locator(".supportal-tree__overview div.mermaid")).to_have_count(1, timeout=15000)
    results = Axe().run(page, context=AXE_CONTEXT)
    assert results.violations_count == 0, results.generate_report()


def test_aliases_are_json_data(page: Page, sample_url: str) -> None:
    page.goto(sample_url + AGENT)
    assert (
        json.loads(page.locator("[data-supportal-tree]").get_attribute("data-aliases") or "") == {}
    )


def test_overview_is_drawn_locally_and_links_to_nodes(page: Page, sample_url: str) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(sample_url) else None
        ),
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_url + AGENT)
    # Mermaid (3.5 MB) is loaded when the overview is opened, not with every view of a guide
    page.wait_for_load_state("networkidle")
    assert not [url for url in outside if "mermaid" in url]
    loaded = page.evaluate("performance.getEntriesByType('resource').map((e) => e.name)")
    assert not [url for url in loaded if url.endswith("vendor/mermaid.min.js")]
    page.locator(".supportal-tree__overview summary").click()
    # Material replaced the flowchart source by the drawing, using the bundled Mermaid
    diagram = page.locator(".supportal-tree__overview div.mermaid")
    expect(diagram).to_have_count(1, timeout=15000)  # loading 3.5 MB and drawing, under load
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 200
    assert outside == [] and errors == []
    # the outline (and the drawing's nodes) link to the node anchors: the wizard jumps there
    page.locator(".supportal-tree__outline").get_by_role(
        "link", name="Check the network path to the server"
    ).click()
    expect(page.locator("[data-supportal-node='network']")).to_be_visible()
    assert current(page) == "network"
    assert urlsplit(page.url).query == "_entry=network"
    page.reload()
    assert current(page) == "network"
    answer(page, "Both ports answer but the agent stays offline")
    assert current(page) == "escalate-agent"
    page.reload()
    assert current(page) == "escalate-agent"


def test_opening_hours_match_python_in_every_time_zone(page: Page, sample_url: str) -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    page.goto(sample_url + AGENT)
    module = sample_url + "2.4/assets/supportal/troubleshooting/hours.js"
    instants = [
        datetime(2026, 11, 30, h, m, tzinfo=UTC)
        for h, m in ((6, 59), (7, 0), (16, 59), (17, 0), (23, 30))
    ]
    instants += [
        datetime(2026, 11, 28, 10, tzinfo=UTC),
        datetime(2026, 12, 25, 10, tzinfo=UTC),
        datetime(2026, 12, 27, 3, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 6, 30, tzinfo=UTC),
    ]
    for hours in desk.hours.values():
        got = page.evaluate(
            "async ([u, h, times]) => { const m = await import(u); return times.map(t => m.isOpen(h, new Date(t))); }",
            [module, hours.as_json(), [i.isoformat() for i in instants]],
        )
        assert got == [hours.is_open(i) for i in instants], hours.name


def test_escalation_says_which_channels_are_open_now(page: Page, sample_url: str) -> None:
    # Monday 30 November 2026, 10:30 in Berlin, 04:30 in New York
    page.clock.set_fixed_time(datetime(2026, 11, 30, 9, 30, tzinfo=UTC))
    page.goto(
        sample_url
        + AGENT
        + "?service-running=no-it-is-stopped-or-failed&start-service=the-service-does-not-start"
    )
    channels = page.locator("[data-supportal-node='escalate-service'] [data-channel]")
    expect(channels).to_have_text(
        [
            "Support portal: https://support.keelvault.example/",
            "Chat: https://support.keelvault.example/chat · Mon–Sat 07:00–22:00 (America/New_York) closed now",
            "Email: help@keelvault.example · Mon–Fri 08:00–18:00 (Europe/Berlin) open now",
        ]
    )


# Markdown headings are HTML by design (raw HTML in them renders, as on any MkDocs page); what
# this plugin takes from them and from answer labels and form fields must stay text: breadcrumbs,
# data attributes, the report and the ticket URL.
EVIL = """\
---
tree: evil
title: 'Evil "guide" & <more>'
start: q
escalation: 1
---

# Evil guide

## Is it `<img src=x onerror=window.pwned=2>` broken? {#q .question}

- [Yes "><img src=x onerror=window.pwned=3>](#help)
- [No & more](#ok)

## Fine {#ok .resolved}

## Help `<b onmouseover=window.pwned=4>me</b>` {#help .escalate collect="note:Note"}
"""


def _evil_portal(tmp_path_factory: pytest.TempPathFactory, trees_options: str = "") -> Path:
    root = tmp_path_factory.mktemp("evil")
    config = make_portal(
        root,
        {"index.md": "# Home\n", "evil.md": EVIL},
        config="site_name: Evil\nsite_url: https://docs.example.com/\ndocs_dir: docs\ntheme:\n"
        "  name: material\n  font: false\nplugins:\n  - supportal/releases\n"
        f"  - supportal/troubleshooting{trees_options}\n",
        extra_files={"support.yml": (REPO / "support.yml").read_text("utf-8")},
    )
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    return result.site_dir


def test_titles_answers_and_fields_stay_text_in_the_wizard_and_the_ticket(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    with serve_folder(_evil_portal(tmp_path_factory)) as url:
        page.goto(url + "evil/")
        answer(page, 'Yes "><img src=x onerror=window.pwned=3>')
        assert current(page) == "help"
        field = page.locator("[data-supportal-node='help']").get_by_label("Note")
        field.fill("<img src=x onerror=window.pwned=5>")
        expect(page.locator("[data-supportal-crumbs] li")).to_have_text(
            [
                'Is it <img src=x onerror=window.pwned=2> broken? → Yes "><img src=x onerror=window.pwned=3>'
            ]
        )
        page.locator("[data-supportal-crumbs] button").hover()
        assert page.evaluate("window.pwned") is None
        assert page.locator("article img").count() == 0
        href = (
            page.locator("[data-supportal-node='help'] [data-supportal-ticket]").get_attribute(
                "href"
            )
            or ""
        )
        assert "<" not in href and '"' not in href
        body = parse_qs(urlsplit(href).query)["tf_description"][0]
        assert (
            '1. Is it <img src=x onerror=window.pwned=2> broken? → Yes "><img src=x onerror=window.pwned=3>'
            in body
        )
        assert "Note: <img src=x onerror=window.pwned=5>" in body
        assert parse_qs(urlsplit(href).query)["tf_subject"] == [
            'Evil "guide" & <more>: Help <b onmouseover=window.pwned=4>me</b>'
        ]
        report = page.locator("[data-supportal-node='help'] [data-supportal-report]")
        assert "Note: <img src=x onerror=window.pwned=5>" in (report.text_content() or "")
        assert page.evaluate("window.pwned") is None


def test_titles_and_answers_stay_text_in_the_drawn_overview(
    page: Page, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Mermaid draws labels as HTML: the flowchart source must carry markup as entity codes.
    site = _evil_portal(tmp_path_factory, ":\n      mermaid_script: bundled")
    # Material draws into a closed shadow root; opened here so that the test can read it.
    page.add_init_script(
        "const attach = Element.prototype.attachShadow;"
        "Element.prototype.attachShadow = function (init) {"
        "  return attach.call(this, { ...init, mode: 'open' }); };"
    )
    with serve_folder(site) as url:
        page.goto(url + "evil/")
        page.locator(".supportal-tree__overview summary").click()
        diagram = page.locator(".supportal-tree__overview div.mermaid")
        expect(diagram).to_have_count(1, timeout=15000)
        drawing = page.locator(".supportal-tree__overview svg")
        expect(drawing).to_contain_text("Is it <img src=x onerror=window.pwned=2> broken?")
        expect(drawing).to_contain_text('Yes "><img src=x onerror=window.pwned=3>')
        expect(drawing).to_contain_text("Help <b onmouseover=window.pwned=4>me</b>")
        assert drawing.locator("img, b").count() == 0
        for label in drawing.locator(".nodeLabel").all():
            label.hover()
        assert page.evaluate("window.pwned") is None


def test_a_malformed_url_hash_does_not_stop_the_wizard(page: Page, sample_url: str) -> None:
    # '%E0' is not valid percent-encoding: decodeURIComponent throws URIError on it.
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_url + AGENT + "#%E0")
    assert current(page) == "service-running"
    answer(page, "No, it is stopped or failed")
    assert current(page) == "start-service"
    page.evaluate("window.location.hash = '%E0%A4'")
    answer(page, "It is still offline")
    assert current(page) == "service-running"
    assert errors == []


def test_the_live_region_is_heard_not_seen(page: Page, sample_url: str) -> None:
    """The announcement is for screen readers: on screen it duplicated the heading under the
    buttons (its class was defined by neither Material nor Supportal)."""
    page.goto(sample_url + AGENT)
    answer(page, "Yes, it is running")
    live = page.locator("[data-supportal-live]")
    expect(live).to_have_text("Step 2: What does kvagent status print?")
    box = live.bounding_box()
    assert box is not None and box["width"] <= 1 and box["height"] <= 1, box
    assert live.evaluate("e => getComputedStyle(e).position") == "absolute"
    assert live.get_attribute("aria-live") == "polite"


def test_a_known_issue_node_announces_the_issue(page: Page, sample_url: str) -> None:
    """Announcing the node's kind and title said little ('Known issue: Known issue' for a node
    titled after its kind); the issue's id and title say which issue it is."""
    page.goto(sample_url + "2.0/troubleshooting/restore-fails/")
    answer(page, "Files and folders")
    answer(page, "Yes")
    answer(page, 'Yes, and the restore says "key-encryption key not loaded"')
    assert current(page) == "ki-kek"
    expect(page.locator("[data-supportal-live]")).to_have_text(
        "Known issue KV-1042: Restores from an encrypted target fail after a server restart"
    )
