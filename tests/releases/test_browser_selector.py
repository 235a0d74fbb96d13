"""The built sample portal in a real Chromium: default release, selector, same-page switching."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_root_opens_the_default_release(page: Page, sample_url: str) -> None:
    page.goto(sample_url)
    expect(page).to_have_url(f"{sample_url}2.4/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Keelvault documentation")
    expect(page.locator("article")).to_contain_text("documentation of Keelvault 2.4")


def test_selector_lists_every_release(page: Page, sample_url: str, sample_site: Path) -> None:
    page.goto(f"{sample_url}2.4/manuals/install/")
    expect(page.locator(".md-version__current")).to_have_text(re.compile(r"Keelvault 2\.4"))
    items = page.locator(".md-version__list .md-version__link")
    titles = [e["title"] for e in json.loads((sample_site / "versions.json").read_text())]
    expect(items).to_have_count(4)
    for index, title in enumerate(titles):
        expect(items.nth(index)).to_contain_text(title)


def test_switching_release_stays_on_the_page(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/install/")
    page.locator(".md-version__current").focus()  # opens the list; hovering lets it cover the button
    page.locator(".md-version__link", has_text="Keelvault 2.0 LTS").click()
    expect(page).to_have_url(f"{sample_url}2.0/manuals/install/")
    expect(page.locator("article")).to_contain_text("Keelvault 2.0 runs on Debian 11 and 12")


def test_alias_redirects_to_the_same_page(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}latest/manuals/backups/")
    expect(page).to_have_url(f"{sample_url}2.4/manuals/backups/")
