"""Every link of the built sample portal leads somewhere: MkDocs checks the links written in
Markdown, not the ones Supportal's plugins generate (banners, release notes, FAQ and tree links,
alias folders, the release selector's fallbacks, course navigation)."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

_LINK = re.compile(r'\s(?:href|src)="([^"]*)"')
_ID = re.compile(r'\s(?:id|name)="([^"]+)"')


def _target(site: Path, page: Path, path: str) -> Path:
    target = site / path.lstrip("/") if path.startswith("/") else page.parent / path
    target = target.resolve()
    return target / "index.html" if target.is_dir() else target


def broken_links(site: Path) -> list[str]:
    """`page: link` for each relative link to a missing file, or to a missing anchor of an
    HTML page."""
    ids: dict[Path, set[str]] = {}

    def ids_of(file: Path) -> set[str]:
        if file not in ids:
            ids[file] = set(_ID.findall(file.read_text("utf-8")))
        return ids[file]

    broken = []
    for page in sorted(site.rglob("*.html")):
        for raw in _LINK.findall(page.read_text("utf-8")):
            url = html.unescape(raw)
            parts = urlsplit(url)
            if not url or parts.scheme or parts.netloc:
                continue
            file = _target(site, page, unquote(parts.path)) if parts.path else page
            if not file.exists():
                broken.append(f"{page.relative_to(site)}: {url}")
            elif parts.fragment and file.suffix == ".html" and parts.fragment not in ids_of(file):
                broken.append(f"{page.relative_to(site)}: {url} (no such anchor)")
    return broken


def test_every_link_of_the_sample_portal_leads_to_a_file_and_anchor(sample_site: Path) -> None:
    pages = list(sample_site.rglob("*.html"))
    assert len(pages) > 200  # four releases, their alias folders and the root pages
    assert broken_links(sample_site) == []


def test_the_link_check_finds_a_missing_page_and_a_missing_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a/index.html").write_text('<h2 id="here">A</h2><a href="#here">ok</a>', "utf-8")
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="b/">gone</a> '
        '<a href="a/#there">no anchor</a> <img src="/a/logo.png"> '
        '<a href="https://example.com/x">outside</a>',
        "utf-8",
    )
    assert broken_links(tmp_path) == [
        "index.html: b/",
        "index.html: a/#there (no such anchor)",
        "index.html: /a/logo.png",
    ]
