"""Material's search entries of a page are made once for every release showing the same page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from material.plugins.search import plugin as material_search
from supportal.cli.multibuild import build_releases
from supportal.cli.searchcache import SearchEntryCache, search_entry_cache
from supportal.releases.model import load_catalog

from .gitportal import PORTAL_CONFIG, commit_tag, git, write
from .test_git_releases import tree_hashes

CONFIG = PORTAL_CONFIG + "markdown_extensions:\n"

CATALOG = """\
releases:
  - version: "2.0"
    date: 2025-01-10
    status: supported
    default: true
    source: git:v2.0
  - version: "1.0"
    date: 2024-01-10
    status: supported
    source: git:v1.0
"""

SAME = "# Install\n\nRun the *installer* and restart.\n\n## Check\n\nThe gadget lights up.\n"


def make_repo(root: Path) -> Path:
    """Two tags whose Markdown options differ (so no page conversion is shared between them)
    but whose install.md comes out the same; index.md differs."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    commit_tag(root, "v1.0", "2024-01-10T12:00:00", {
        "mkdocs.yml": CONFIG + "  - abbr\n",
        "docs/index.md": "# Gadget\n\nGadget one.\n",
        "docs/install.md": SAME,
    })
    commit_tag(root, "v2.0", "2025-01-10T12:00:00", {
        "mkdocs.yml": CONFIG + "  - abbr\n  - def_list\n",
        "docs/index.md": "# Gadget\n\nGadget two, with a dial.\n",
    })
    write(root, {"releases.yml": CATALOG})
    return root / "mkdocs.yml"


def build(config: Path, site: Path, cache: Path, use_cache: bool) -> None:
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    build_releases(config, catalog, catalog.releases, site, cache_dir=cache, use_cache=use_cache)


def docs(site: Path, version: str) -> list[dict]:
    return json.loads((site / version / "search" / "search_index.json").read_text())["docs"]


def test_a_page_alike_in_two_releases_is_indexed_once_and_the_index_is_unchanged(
    tmp_path: Path, monkeypatch
):
    config = make_repo(tmp_path / "repo")
    parsed: list[str] = []
    original = material_search.SearchIndex.add_entry_from_context

    def counting(index, page) -> None:  # noqa: ANN001
        parsed.append(page.file.src_uri)
        original(index, page)

    monkeypatch.setattr(material_search.SearchIndex, "add_entry_from_context", counting)
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(config, site, cache, use_cache=True)
    # install.md: parsed for the first release only; index.md differs, parsed in both.
    assert sorted(parsed) == ["index.md", "index.md", "install.md"]
    assert len(list((cache / "search").rglob("*.json"))) == 3
    # Markdown options differ: each release converted both its pages.
    assert len(list((cache / "pages").rglob("*.json"))) == 4
    assert "Gadget two, with a dial." in json.dumps(docs(site, "2.0"))
    assert "Gadget two" not in json.dumps(docs(site, "1.0"))
    installs = [[d for d in docs(site, v) if d["location"].startswith("install/")]
                for v in ("1.0", "2.0")]
    assert installs[0] == installs[1] and [d["title"] for d in installs[0]] == ["Install", "Check"]

    # The same site as without any cache.
    parsed.clear()
    build(config, tmp_path / "plain", tmp_path / "cache2", use_cache=False)
    assert sorted(parsed) == ["index.md", "index.md", "install.md", "install.md"]
    assert tree_hashes(site) == tree_hashes(tmp_path / "plain")


class _Page:
    def __init__(self, meta: dict) -> None:
        self.content = '<h1 id="a">A</h1><p>Alpha</p>'
        self.url = "a/"
        self.title = "A"
        self.meta = meta
        self.toc = []


def test_entries_come_back_as_material_writes_them(tmp_path: Path):
    """A front-matter value JSON has no type for (a date as boost) ends in the index as its
    text, with the cache as without it."""
    import datetime

    page = _Page({"search": {"boost": datetime.date(2026, 1, 2)}, "tags": ["x", 3]})
    plain = material_search.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    plain.add_entry_from_context(page)
    cache = SearchEntryCache(tmp_path)
    for _ in range(2):
        index = material_search.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
        with search_entry_cache(cache):
            index.add_entry_from_context(page)
        assert index.generate_search_index(None) == plain.generate_search_index(None)
    assert (cache.misses, cache.hits) == (1, 1)


def test_other_options_or_another_page_are_other_keys(tmp_path: Path):
    cache = SearchEntryCache(tmp_path)
    index = material_search.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    other = material_search.SearchIndex(lang=["de"], separator=" ", pipeline=[], fields={})
    page, moved = _Page({}), _Page({})
    moved.url = "b/"
    keys = {cache.key(index, page), cache.key(other, page), cache.key(index, moved)}
    assert len(keys) == 3


def test_not_used_with_jieba(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(material_search, "jieba", object())
    original = material_search.SearchIndex.add_entry_from_context
    with search_entry_cache(SearchEntryCache(tmp_path)):
        assert material_search.SearchIndex.add_entry_from_context is original


@pytest.mark.parametrize("stored", ["{not json", '{"a": 1}'])
def test_a_damaged_entry_is_a_miss(tmp_path: Path, stored: str):
    cache = SearchEntryCache(tmp_path)
    index = material_search.SearchIndex(lang=["en"], separator=" ", pipeline=[], fields={})
    page = _Page({})
    cache.store.write(cache.key(index, page), stored)
    with search_entry_cache(cache):
        index.add_entry_from_context(page)
    assert cache.misses == 1 and [e["title"] for e in index.entries] == ["A"]
