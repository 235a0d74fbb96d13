"""Three releases published one after another into a folder, served as-is, in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from ..harness import serve_folder
from .conftest import PublishedPortal

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def published_url(published: PublishedPortal) -> Iterator[str]:
    with serve_folder(published.site) as url:
        yield url


def test_the_selector_lists_every_published_release(page: Page, published_url: str) -> None:
    page.goto(published_url)
    expect(page).to_have_url(f"{published_url}2.1/")
    expect(page.locator(".md-version__current")).to_have_text(re.compile(r"Product 2\.1"))
    items = page.locator(".md-version__list .md-version__link")
    expect(items).to_have_count(3)
    for index, title in enumerate(["Product 3.0 preview", "Product 2.1", "Product 2.0"]):
        expect(items.nth(index)).to_contain_text(title)


def test_switching_to_a_release_published_earlier_keeps_the_page(
    page: Page,
    published_url: str,
) -> None:
    page.goto(f"{published_url}2.1/guide/")
    page.locator(".md-version__current").focus()
    page.locator(".md-version__link", has_text="Product 2.0").click()
    expect(page).to_have_url(f"{published_url}2.0/guide/")
    page.goto(f"{published_url}next/guide/")
    expect(page).to_have_url(f"{published_url}3.0/guide/")
    expect(page.locator("article")).to_contain_text("Install the product.")
