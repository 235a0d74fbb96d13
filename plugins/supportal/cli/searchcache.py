"""Material's search entries of a page, made once for every release and run that shows it.

Material's search plugin parses the HTML of every page into sections
(`SearchIndex.add_entry_from_context`): about a tenth of a release's build. A page that comes
out the same in several releases gives the same entries, even when those releases configure
their Markdown differently and so share no page conversion (pymdown-extensions' documentation
at five versions: 234 pages, 121 distinct).

The key is what that method reads: the page's HTML, URL, title, front matter and table of
contents, with the search plugin's options and the installed packages. Entries are kept under
`<cache>/search/`. Not used when jieba is installed: its dictionaries are files the key would
not see.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..sources.cache import digest, environment_digest, stable
from .contentstore import ContentStore
from .patching import swapped

SEARCH_CACHE_VERSION = "1"


def _toc(items: Any) -> list[dict[str, Any]]:
    return [{"id": i.id, "url": i.url, "title": i.title, "level": i.level,
             "children": _toc(i.children)} for i in items]


class SearchEntryCache:
    def __init__(self, folder: Path) -> None:
        self.store = ContentStore(folder / "search", ".json")
        self.hits = 0
        self.misses = 0
        self._context: str | None = None

    def key(self, index: Any, page: Any) -> str:
        if self._context is None:
            self._context = digest(SEARCH_CACHE_VERSION, environment_digest())
        text = json.dumps([self._context, stable(index.config), page.content, page.url,
                           page.title, stable(page.meta), _toc(page.toc)])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def add(self, original: Callable[[Any, Any], None], index: Any, page: Any) -> None:
        """`SearchIndex.add_entry_from_context` through the cache."""
        key = self.key(index, page)
        found = self.store.read(key)
        if found is not None:
            try:
                entries = json.loads(found)
            except json.JSONDecodeError:
                entries = None
            if isinstance(entries, list):
                self.hits += 1
                index.entries.extend(entries)
                return
        self.misses += 1
        before = len(index.entries)
        original(index, page)
        # As Material writes its index: a value JSON has no type for is written as its text.
        self.store.write(key, json.dumps(index.entries[before:], default=str))


@contextmanager
def search_entry_cache(cache: SearchEntryCache) -> Iterator[None]:
    """Route Material's search indexing of every page built inside through `cache` (no
    change without Material's search plugin, or with jieba installed)."""
    try:
        from material.plugins.search import plugin as search
    except ImportError:
        yield
        return
    index_class = getattr(search, "SearchIndex", None)
    original = getattr(index_class, "add_entry_from_context", None)
    if original is None or getattr(search, "jieba", None) is not None:
        yield
        return

    def add_entry_from_context(index: Any, page: Any) -> None:
        cache.add(original, index, page)

    with swapped(index_class, "add_entry_from_context", add_entry_from_context):
        yield
