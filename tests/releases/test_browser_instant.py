"""Browser tests run with Material's instant navigation (see the `context` fixture)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from ..harness import goto_for_instant_navigation

pytestmark = pytest.mark.browser


def test_clicking_a_nav_link_swaps_the_page_in_place(page: Page, sample_url: str) -> None:
    goto_for_instant_navigation(page, f"{sample_url}2.4/manuals/install/")
    page.evaluate("() => { window.__sameDocument = true; }")
    page.locator(".md-nav__link", has_text="Backups").first.click()
    expect(page).to_have_url(f"{sample_url}2.4/manuals/backups/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Backups")
    assert page.evaluate("() => window.__sameDocument") is True
