"""Release-aware reading in a real Chromium on the built sample portal: selector fallback with a
notice, banners from the runtime manifest (and without it), the root 404 resolver, badges."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Page, expect

pytestmark = pytest.mark.browser


def _switch(page: Page, title: str) -> None:
    expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "loaded")
    page.locator(".md-version__current").focus()  # opens the list, as in test_browser_selector
    page.locator(".md-version__link", has_text=title).click()


def test_switch_to_a_release_without_the_page_goes_to_its_fallback_with_a_notice(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/manuals/backup-encryption/")
    _switch(page, "Keelvault 1.6")
    expect(page).to_have_url(f"{sample_url}1.6/manuals/backups/")
    notice = page.locator(".supportal-notice")
    expect(notice).to_be_visible()
    expect(notice).to_have_text("Backup encryption is not in Keelvault 1.6; showing Backups.")


def test_switch_without_a_fallback_goes_to_the_nearest_ancestor(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/manuals/replication/")
    _switch(page, "Keelvault 2.0 LTS")
    expect(page).to_have_url(f"{sample_url}2.0/manuals/")
    expect(page.locator(".supportal-notice")).to_have_text(
        "Replication is not in Keelvault 2.0 LTS; showing Manuals."
    )


def test_selector_marks_releases_that_lack_the_page(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/replication/")
    expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "loaded")
    page.locator(".md-version__current").focus()
    missing = page.locator(".md-version__link.supportal-version--missing")
    expect(missing).to_have_count(2)
    expect(missing.nth(0)).to_contain_text("Keelvault 2.0 LTS")
    expect(missing.nth(0)).to_contain_text("page not in this release")
    expect(missing.nth(1)).to_contain_text("Keelvault 1.6")
    expect(page.locator(".md-version__link", has_text="Keelvault 3.0")).not_to_contain_text(
        "page not in this release"
    )


def test_switch_to_a_release_with_the_page_keeps_it_without_notice(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/manuals/restore/")
    _switch(page, "Keelvault 1.6")
    expect(page).to_have_url(f"{sample_url}1.6/manuals/restore/")
    # The URL is the new page's as soon as it starts loading: hidden is what its notice is
    # before the script has decided. Loading the manifest comes after that decision.
    expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "loaded")
    expect(page.locator(".supportal-notice")).to_be_hidden()


def test_switch_to_the_same_page_keeps_the_section_and_the_query(
    page: Page, sample_url: str
) -> None:
    # The reader landed at the top of the page: the section and a guide's answers were dropped.
    page.goto(f"{sample_url}2.4/manuals/install/?from=mail#install-the-server")
    _switch(page, "Keelvault 2.0 LTS")
    expect(page).to_have_url(f"{sample_url}2.0/manuals/install/?from=mail#install-the-server")


def test_switch_with_session_storage_blocked_still_goes_to_the_fallback(
    page: Page, sample_url: str
) -> None:
    # Writing the notice threw a SecurityError after the theme's switching was cancelled: the
    # click did nothing.
    page.add_init_script(
        "Object.defineProperty(window, 'sessionStorage', {get() {"
        " throw new DOMException('blocked', 'SecurityError'); }});"
    )
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(error.stack or str(error)))
    page.goto(f"{sample_url}2.4/manuals/backup-encryption/")
    _switch(page, "Keelvault 1.6")
    expect(page).to_have_url(f"{sample_url}1.6/manuals/backups/")
    # The theme logs its own SecurityError as the page loads; ours must not throw.
    assert not [e for e in errors if "assets/supportal/" in e], errors


def test_old_release_shows_eol_banner_after_only_the_manifest_changed(
    page: Page, site_copy: Path, serve: Callable[[Path], AbstractContextManager[str]]
) -> None:
    before = (site_copy / "2.0" / "manuals" / "install" / "index.html").read_text(encoding="utf-8")
    assert "reached end of life" not in before  # built as a supported LTS release
    manifest_file = site_copy / "releases.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    entry = next(r for r in manifest["releases"] if r["version"] == "2.0")
    entry.update(status="eol", end_of_support="2026-11-01")
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    with serve(site_copy) as url:
        page.goto(f"{url}2.0/manuals/install/")
        banner = page.locator(".supportal-banner")
        expect(banner).to_have_attribute("data-source", "manifest")
        expect(banner).to_contain_text(
            "Keelvault 2.0 LTS reached end of life on 2026-11-01: it gets no more fixes or security updates."
        )
        link = banner.get_by_role("link", name="Go to Keelvault 2.4")
        expect(link).to_have_attribute("href", f"{url}2.4/manuals/install/")
        link.click()
        expect(page).to_have_url(f"{url}2.4/manuals/install/")
        # no banner from the manifest either, once it is read
        expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "loaded")
        expect(page.locator(".supportal-banner")).to_have_count(0)


def _console_errors(page: Page) -> list[str]:
    errors: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", collect)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def test_unreadable_manifest_keeps_the_build_time_banner_without_console_error(
    page: Page, site_copy: Path, serve: Callable[[Path], AbstractContextManager[str]]
) -> None:
    (site_copy / "releases.json").write_text("{ not json", encoding="utf-8")
    errors = _console_errors(page)
    with serve(site_copy) as url:
        page.goto(f"{url}1.6/manuals/install/")
        expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "missing")
        banner = page.locator(".supportal-banner")
        expect(banner).to_have_attribute("data-source", "build")
        expect(banner).to_contain_text("Keelvault 1.6 reached end of life on 2025-12-31")
    assert errors == []


def test_missing_manifest_keeps_the_build_time_banner_and_only_the_fetch_is_logged(
    page: Page, site_copy: Path, serve: Callable[[Path], AbstractContextManager[str]]
) -> None:
    (site_copy / "releases.json").unlink()
    errors = _console_errors(page)
    with serve(site_copy) as url:
        page.goto(f"{url}1.6/manuals/install/")
        expect(page.locator(".supportal-reading")).to_have_attribute("data-manifest", "missing")
        expect(page.locator(".supportal-banner")).to_have_attribute("data-source", "build")
    # Chromium itself logs every failed request ("Failed to load resource"); our script adds
    # nothing and throws nothing.
    assert [e for e in errors if "Failed to load resource" not in e] == []


def test_banner_works_without_javascript(browser: Browser, sample_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{sample_url}3.0/manuals/install/")
        banner = page.locator(".supportal-banner--preview")
        expect(banner).to_contain_text("Preview: Keelvault 3.0 (preview) is not released yet")
        expect(banner.get_by_role("link")).to_have_attribute(
            "href", "../../../2.4/manuals/install/"
        )
    finally:
        context.close()


def test_banner_follows_instant_navigation(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}1.6/manuals/install/")
    expect(page.locator(".supportal-banner")).to_have_attribute("data-source", "manifest")
    page.locator(".md-nav__link", has_text="Agents").first.click()
    expect(page).to_have_url(f"{sample_url}1.6/manuals/agents/")
    banner = page.locator(".supportal-banner")
    expect(banner).to_have_attribute("data-source", "manifest")
    expect(banner.get_by_role("link")).to_have_attribute("href", f"{sample_url}2.4/manuals/agents/")


@pytest.mark.parametrize(
    ("path", "landing"),
    [
        ("manuals/install/", "2.4/manuals/install/"),  # unversioned URL -> default release
        ("manuals/recovery/", "2.4/manuals/restore/"),  # former path (redirect_from)
        ("manuals/tape-export/", "2.4/manuals/replication/"),  # removed page -> its fallback
        ("latest/manuals/no-such-page/", "2.4/manuals/"),  # alias, unknown page -> ancestor
        ("1.6/manuals/backup-encryption/", "1.6/manuals/backups/"),  # page of newer releases
    ],
)
def test_root_404_page_sends_stale_addresses_to_a_page(
    page: Page, site_url_with_404: str, path: str, landing: str
) -> None:
    page.goto(f"{site_url_with_404}{path}")
    expect(page).to_have_url(f"{site_url_with_404}{landing}")


@pytest.mark.parametrize(
    ("path", "landing"),
    [
        ("latest/faq/agents/?x=1#registration-token-expired", "2.4/faq/agents/"),  # alias page
        ("faq/agents/#registration-token-expired", "2.4/faq/agents/"),  # root 404 page
        ("2.4/manuals/recovery/?x=1#restore-a-whole-machine", "2.4/manuals/restore/"),  # moved
        ("?x=1#top", "2.4/"),  # the site root
    ],
)
def test_redirects_keep_the_query_and_the_section(
    page: Page, site_url_with_404: str, path: str, landing: str
) -> None:
    # A meta refresh drops both: a shared `latest/...#answer` link opened no answer, and a
    # guide's answers were lost.
    page.goto(f"{site_url_with_404}{path}")
    query_and_hash = path[path.index("?"):] if "?" in path else path[path.index("#"):]
    expect(page).to_have_url(f"{site_url_with_404}{landing}{query_and_hash}")


def test_root_404_page_survives_a_malformed_address(page: Page, site_url_with_404: str) -> None:
    errors = _console_errors(page)
    page.goto(f"{site_url_with_404}%E0%A4%A/manuals/")
    expect(page).to_have_url(f"{site_url_with_404}2.4/")
    assert [e for e in errors if "Failed to load resource" not in e] == []


def test_root_404_page_without_javascript_links_every_release(
    browser: Browser, site_url_with_404: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{site_url_with_404}manuals/install/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.get_by_role("link", name="Keelvault 2.4")).to_have_attribute("href", "/2.4/")
        expect(page.get_by_role("link", name="Keelvault 1.6")).to_have_attribute("href", "/1.6/")
    finally:
        context.close()


def test_former_path_redirects_inside_a_release(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.0/manuals/recovery/")
    expect(page).to_have_url(f"{sample_url}2.0/manuals/restore/")


def test_badges_are_visible_where_ranges_begin_and_end(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/replication/")
    expect(page.locator(".supportal-badges").first).to_have_text("New in 2.4")
    page.goto(f"{sample_url}2.4/manuals/agents/")
    expect(page.locator("article .supportal-badges").first).to_have_text("Changed in 2.4")
    block = page.locator(".supportal-badges--block")
    expect(block).to_have_text("New in 2.4")
    expect(page.locator("#agent-auto-update + p > .supportal-badges--block")).to_have_count(1)
    page.goto(f"{sample_url}1.6/manuals/tape-export/")
    expect(page.locator(".supportal-badge--removed")).to_have_text("Removed in 2.0")
    page.goto(f"{sample_url}3.0/manuals/replication/")
    expect(page.locator(".supportal-badges--block")).to_have_text("Upcoming in 3.0")


def test_banner_and_notice_pass_axe(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/backup-encryption/")
    _switch(page, "Keelvault 1.6")
    expect(page.locator(".supportal-notice")).to_be_visible()
    expect(page.locator(".supportal-banner")).to_have_attribute("data-source", "manifest")
    results = Axe().run(page, context={"include": [[".supportal-reading"]]})
    assert results.violations_count == 0, results.generate_report()


def test_a_phone_header_cuts_neither_the_name_nor_the_release(page: Page, sample_url: str) -> None:
    # At 375 px the site name and the selector ("Keelvault 2.4" + "latest") did not fit: the
    # name was cut to "Kee…". The release title, which names the product, stays alone.
    page.set_viewport_size({"width": 375, "height": 700})
    page.goto(f"{sample_url}2.4/")
    current = page.locator(".md-version__current")
    expect(current).to_be_visible()
    name = page.locator(".md-header__topic:first-child > .md-ellipsis")
    cut = "e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1"
    assert not name.evaluate(cut)
    assert not current.evaluate(cut)
    page.set_viewport_size({"width": 1280, "height": 800})
    expect(name).to_be_visible()
    expect(current.locator(".md-version__alias")).to_be_visible()
