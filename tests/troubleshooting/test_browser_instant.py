"""Trees reached by Material's instant navigation (the page swapped in, scripts not reloaded):
the overview still draws with the bundled Mermaid; a cross-guide trail is used once."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from ..harness import goto_for_instant_navigation, serve_folder
from .test_browser import AGENT, answer, current, report_of

pytestmark = pytest.mark.browser

INDEX = "2.4/troubleshooting/"


def _sidebar(page: Page, title: str) -> None:
    page.locator(".md-sidebar--primary .md-nav__link", has_text=title).first.click()


def test_overview_after_instant_navigation_draws_with_the_bundled_mermaid(
    page: Page, sample_url: str
) -> None:
    outside: list[str] = []

    def offline(route: Route) -> None:  # as a reader behind a firewall: no CDN answers
        outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(sample_url), offline)
    vendor: list[str] = []
    page.on("request", lambda r: vendor.append(r.url) if "vendor/mermaid" in r.url else None)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    goto_for_instant_navigation(page, sample_url + INDEX)
    # mermaid.min.js is 3.5 MB: a page without a diagram does not load it
    assert vendor == []
    page.evaluate("() => { window.__sameDocument = true; }")
    _sidebar(page, "An agent shows offline")
    expect(page).to_have_url(sample_url + AGENT)
    assert current(page, tree="agent-offline") == "service-running"
    assert page.evaluate("() => window.__sameDocument") is True  # swapped in, not reloaded
    page.locator(".supportal-tree__overview summary").click()
    diagram = page.locator(".supportal-tree__overview div.mermaid")
    expect(diagram).to_have_count(1, timeout=15000)
    expect(page.locator(".supportal-tree__overview pre.mermaid")).to_have_count(0)
    box = diagram.bounding_box()
    assert box is not None and box["height"] > 200
    assert outside == [] and errors == []
    assert [url for url in vendor if url.endswith("vendor/mermaid.min.js")] != []
    # mermaid-links.js ran: the drawing's `click node href` lines stay links (the drawing
    # itself is in Material's closed shadow root)
    level = page.evaluate("() => window.mermaid.mermaidAPI.getConfig().securityLevel")
    assert level == "antiscript"


def test_any_diagram_of_a_portal_with_its_own_mermaid_uses_that_copy(
    page: Page, sample_url: str
) -> None:
    # A page without a tree overview: the copy the portal ships is used, never the CDN.
    outside: list[str] = []
    page.route(
        lambda url: not url.startswith(sample_url),
        lambda route: (outside.append(route.request.url), route.abort()),
    )
    page.goto(sample_url + INDEX)
    expect(page.locator('meta[name="supportal-mermaid"]')).to_have_attribute("content", "local")
    svg = page.evaluate(
        """async () => {
            const { svg } = await window.mermaid.render("author-diagram", "flowchart TD; A-->B");
            return svg;
        }"""
    )
    assert svg.startswith("<svg") and outside == []


def test_a_cross_guide_trail_is_used_by_the_crossing_only(page: Page, sample_url: str) -> None:
    certificate = sample_url + "2.4/troubleshooting/certificate-errors/"
    goto_for_instant_navigation(page, sample_url + AGENT)
    answer(page, "Yes, it is running")
    answer(page, "certificate verify failed")
    answer(page, "Continue")
    expect(page).to_have_url(certificate + "#which-error")
    assert current(page, tree="certificate-errors") == "which-error"
    crumbs = page.locator("[data-supportal-crumbs] li")
    expect(crumbs.first).to_contain_text('Earlier, in "An agent shows offline" (3 answers)')
    # Later, unrelated visits: another guide, then the certificate guide from the sidebar (no
    # hash: its start node, which is also where the crossing entered).
    _sidebar(page, "A backup job failed")
    expect(page).to_have_url(sample_url + "2.4/troubleshooting/backup-job-failed/")
    assert current(page, tree="backup-job-failed") == "error-code"
    _sidebar(page, "Agents reject the server certificate")
    expect(page).to_have_url(certificate)
    for _ in range(2):  # as reached, then reloaded
        assert current(page, tree="certificate-errors") == "which-error"
        expect(crumbs).to_have_count(0)
        expect(page.locator("[data-supportal-path]")).to_be_hidden()
        expect(page.locator("[data-supportal-restart]")).to_be_disabled()
        answer(page, "fingerprint mismatch")
        answer(page, "No, nobody changed it")
        report = report_of(page, "escalate-security")
        assert "1. Which reason does the agent log give? → fingerprint mismatch\n" in report
        assert "An agent shows offline" not in report and "kvagent status" not in report
        page.goto(certificate)


def _draw_overview_under(page: Page, site: Path, csp: str, until: str | None = None) -> list[str]:
    """Reach the agent guide by instant navigation under `csp`, open its overview; returns the
    style violations (Material's own inline scripts are blocked too: not counted), once the
    JavaScript condition `until` holds if given."""
    page.add_init_script(
        "window.__violations = [];"
        "document.addEventListener('securitypolicyviolation', e => {"
        " if (e.violatedDirective.startsWith('style-src')) window.__violations.push(e.sample); });"
    )
    with serve_folder(site, headers={"Content-Security-Policy": csp}) as url:
        goto_for_instant_navigation(page, url + INDEX)
        _sidebar(page, "An agent shows offline")
        expect(page).to_have_url(url + AGENT)
        page.locator(".supportal-tree__overview summary").click()
        expect(page.locator(".supportal-tree__overview div.mermaid")).to_have_count(
            1, timeout=15000
        )
        # Mermaid's styles go in after the drawing, and violations are reported asynchronously
        if until:
            page.wait_for_function(until, timeout=15000)
        else:
            page.wait_for_timeout(500)  # none expected: nothing to wait for but time
        return page.evaluate("() => window.__violations")


# What docs/pages/troubleshooting.md tells portals to allow for the overview.
OVERVIEW_CSP = (
    "default-src 'self'; script-src 'self' 'report-sample'; "
    "style-src 'self' 'unsafe-inline' 'report-sample'; img-src 'self' data:"
)


def test_the_documented_csp_lets_the_overview_draw(page: Page, sample_site: Path) -> None:
    assert _draw_overview_under(page, sample_site, OVERVIEW_CSP) == []


def test_without_inline_styles_mermaid_styles_are_blocked(page: Page, sample_site: Path) -> None:
    # Why the docs ask for 'unsafe-inline': Mermaid styles its SVG with a <style> element and
    # style attributes, which `style-src 'self'` blocks (the drawing comes out unreadable).
    csp = OVERVIEW_CSP.replace(" 'unsafe-inline'", "")
    font = "() => window.__violations.some((sample) => sample.includes('font-family'))"
    blocked = _draw_overview_under(page, sample_site, csp, until=font)
    assert any("font-family" in sample for sample in blocked), blocked
