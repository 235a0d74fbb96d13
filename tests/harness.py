"""Building and serving real sites in tests: the real MkDocs pipeline, no mocks.

Every feature's tests use these: write a tiny portal with `make_portal`, build it with
`build_portal` (which returns the log records MkDocs emitted) and serve a folder with
`serve_folder`.
"""

from __future__ import annotations

import functools
import logging
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from supportal.cli.host import load_release_config
from supportal.releases.model import load_catalog

REPO = Path(__file__).resolve().parent.parent
SITES = Path(__file__).resolve().parent / "sites"

DEFAULT_CATALOG = """\
releases:
  - version: "2.0"
    title: Product 2.0
    date: 2025-01-10
    status: supported
    default: true
    aliases: [latest]
  - version: "1.0"
    title: Product 1.0
    date: 2023-01-10
    status: eol
    end_of_support: 2024-12-31
"""

PORTAL_HEAD = """\
site_name: Test portal
site_url: https://docs.example.com/
docs_dir: docs
theme:
  name: material
  font: false
"""
"""The start of every test portal's mkdocs.yml: what follows is its plugins and extensions."""

DEFAULT_CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
"""


def dedent(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def make_portal(
    root: Path,
    pages: Mapping[str, str],
    *,
    config: str = DEFAULT_CONFIG,
    catalog: str | None = DEFAULT_CATALOG,
    extra_files: Mapping[str, str] | None = None,
) -> Path:
    """Write mkdocs.yml, releases.yml and pages (paths under docs/); returns mkdocs.yml."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(dedent(config), encoding="utf-8")
    if catalog is not None:
        (root / "releases.yml").write_text(dedent(catalog), encoding="utf-8")
    for name, text in {**{f"docs/{k}": v for k, v in pages.items()}, **(extra_files or {})}.items():
        file = root / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(dedent(text), encoding="utf-8")
    return root / "mkdocs.yml"


@dataclass
class BuildResult:
    site_dir: Path
    records: list[logging.LogRecord] = field(default_factory=list)
    error: MkDocsException | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def messages(self, level: int = logging.WARNING) -> list[str]:
        """Messages at `level` or above, in order: what the author saw."""
        return [
            r.getMessage() for r in self.records
            if r.levelno >= level and not r.getMessage().startswith("Aborted with")
        ]

    @property
    def warnings(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno == logging.WARNING]

    @property
    def errors(self) -> list[str]:
        return [r.getMessage() for r in self.records if r.levelno >= logging.ERROR]

    def page(self, url: str) -> str:
        """The built HTML of a page by its URL path (`manuals/install/`)."""
        path = self.site_dir / url
        if url.endswith("/") or not url:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def capture_mkdocs_logs() -> Iterator[list[logging.LogRecord]]:
    """Records of the `mkdocs` logger tree, attached to it directly (the CLI stops propagation)."""
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def build_portal(
    config_file: Path, release: str | None = None, *, strict: bool = False, site_dir: Path | None = None
) -> BuildResult:
    """Build one release (default: the catalog's default) through the real MkDocs pipeline.

    Build errors are returned, not raised, so tests can assert on both the messages and the
    failure.
    """
    root = config_file.parent
    site_dir = site_dir or root / "site"
    chosen = None
    if release is not None:
        chosen = load_catalog(root / "releases.yml", "releases.yml").get(release)
        assert chosen is not None, f"release {release} not in the test catalog"
    result = BuildResult(site_dir=site_dir)
    with capture_mkdocs_logs() as records:
        try:
            config = load_release_config(config_file, chosen, site_dir=site_dir, strict=strict)
            build(config)
        except MkDocsException as exc:
            result.error = exc
    result.records = list(records)
    return result


def build_plain(config_file: Path, *, strict: bool = False) -> BuildResult:
    """`mkdocs build` of a site without supportal/releases, which `build_portal` needs."""
    result = BuildResult(site_dir=config_file.parent / "site")
    with capture_mkdocs_logs() as records:
        try:
            build(load_config(config_file=str(config_file), strict=strict))
        except MkDocsException as exc:
            result.error = exc
    result.records = list(records)
    return result


def assert_strict_build_stops(config_file: Path, message: str) -> None:
    """`mkdocs build --strict` in a child process, as an author runs it, fails with exit status
    1, prints `message`, and prints no traceback (an authoring error is one line)."""
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", config_file.name],
        cwd=config_file.parent, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert run.returncode == 1, run.stderr
    assert message in run.stderr
    assert "Traceback" not in run.stdout + run.stderr


class _QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # Browsers drop keep-alive connections when a page navigates away: not a failure.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve_folder(folder: Path, headers: Mapping[str, str] | None = None) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 (a free port); yields the base URL ending in '/'."""
    handler = type("Handler", (_QuietHandler,), {"extra_headers": dict(headers or {})})
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def goto_for_instant_navigation(page, url: str) -> None:  # noqa: ANN001 - a Playwright Page
    """Open `url` and wait until Material has its sitemap: its click handler waits for the
    sitemap before it cancels a link's navigation, so a click that comes first (a loaded
    machine) is a full page load and a test of instant navigation would fail for no reason."""
    with page.expect_response(lambda response: response.url.endswith("/sitemap.xml")):
        page.goto(url)
