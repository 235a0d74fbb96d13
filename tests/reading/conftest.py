"""Fixtures of the reading tests: a static server that answers missing paths with the site's
root 404.html (as GitHub Pages, Netlify and S3 website hosting do), and private copies of the
built sample portal for tests that edit the manifest."""

from __future__ import annotations

import contextlib
import functools
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page


class _SiteHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextmanager
def serve_site(folder: Path) -> Iterator[str]:
    """Serve a built multi-release site on 127.0.0.1 with its root 404.html; yields the base URL."""
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url_with_404(sample_site: Path) -> Iterator[str]:
    """The shared sample portal served like a static host: unknown paths get the root 404.html."""
    with serve_site(sample_site) as url:
        yield url


@pytest.fixture
def site_copy(sample_site: Path, tmp_path: Path) -> Path:
    """A private copy of the built sample portal, for tests that edit files of the site."""
    copy = tmp_path / "site"
    shutil.copytree(sample_site, copy, symlinks=True)
    return copy


@pytest.fixture
def serve() -> Callable[[Path], AbstractContextManager[str]]:
    return serve_site


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """The page, left only when its requests settled: the shared `context` fixture rewrites
    sitemap.xml in a route handler, which fails if the context closes while it fetches (our
    tests often end right after a redirect lands)."""
    yield page
    with contextlib.suppress(PlaywrightError):
        page.wait_for_load_state("networkidle", timeout=5000)
