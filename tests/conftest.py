"""Fixtures shared by every test: Debian's chromium for Playwright, the built sample portal."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Route
from playwright.sync_api import Error as PlaywrightError

from supportal.cli.multibuild import build_releases
from supportal.releases.model import load_catalog

from .harness import REPO, capture_mkdocs_logs, serve_folder

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--disable-quic",
]


def _chromium() -> str:
    found = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not found:
        raise pytest.UsageError(
            "Browser tests need Chromium: run `make test` (installs Debian's chromium as root) "
            "or set CHROMIUM_PATH."
        )
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": _chromium(), "args": CHROMIUM_ARGS}


SAMPLE_SITE_URL = "https://docs.keelvault.example/"


@pytest.fixture
def context(context: BrowserContext) -> Iterator[BrowserContext]:
    """Give every browser test Material's instant navigation, as readers get it in production.

    Material 9.8 navigates instantly only to URLs listed in the sitemap, after rewriting their
    scheme and host (not the port) to the page's: on 127.0.0.1:PORT every click would be a full
    reload, and tests of re-initialisation would prove nothing. In production `site_url` is the
    site's origin; here the sample portal's sitemap is rewritten to the test server's origin.
    """

    def same_origin_sitemap(route: Route) -> None:
        origin = "{0.scheme}://{0.netloc}/".format(urlsplit(route.request.url))
        try:
            response = route.fetch()
            body = response.text().replace(SAMPLE_SITE_URL, origin)
            route.fulfill(response=response, body=body)
        except PlaywrightError:
            pass  # the test ended (context closed, its server stopped) while the sitemap loaded

    context.route("**/sitemap.xml", same_origin_sitemap)
    yield context
    context.unroute_all(behavior="ignoreErrors")


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample portal (repo root mkdocs.yml), every release built once per test session."""
    site = tmp_path_factory.mktemp("sample-site")
    config_file = REPO / "mkdocs.yml"
    catalog = load_catalog(REPO / "releases.yml", "releases.yml")
    with capture_mkdocs_logs() as records:
        build_releases(config_file, catalog, catalog.releases, site, strict=True)
    problems = [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")]
    assert not problems, f"the sample portal must build cleanly: {problems}"
    return site


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """Base URL of the built sample portal, served on 127.0.0.1."""
    with serve_folder(sample_site) as url:
        yield url
