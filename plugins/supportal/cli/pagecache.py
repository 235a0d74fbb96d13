"""Convert a page's Markdown once for every release that has the same page: a content-keyed cache.

MkDocs converts each page with `Page.render(config, files)`. Its output depends on:

1. the Markdown after every plugin's `on_page_markdown` (release blocks and placeholders already
   resolved, so a page that differs between releases has a different key);
2. the Markdown extensions and their options, the installed packages, the link-validation
   settings, and the page's own path, URL and inclusion state;
3. the other files its links point at: the answers of `files.get_file_from_path(...)`.

(1) and (2) form the key (never the release, the path of the tree or the time). (3) is recorded
while a page converts and checked on every hit: the cached HTML is used only if each lookup
still gives the same file with the same URL and inclusion state. Messages logged during the
conversion are stored and logged again on a hit, so `--strict` counts them as before.

Used only when every Markdown extension is known to read nothing but the page (the standard
extensions, pymdown-extensions except `snippets` and `b64`, Material's) and every callable in
their options comes from an installed package; otherwise pages convert as usual. Every other
plugin event (`on_page_content` and later) runs normally on every page.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import sysconfig
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ..core.staging import staged_site
from ..sources.cache import digest, environment_digest, files_digest, walk_files
from .claims import CONVERTED, ClaimBoard
from .contentstore import ContentStore
from .patching import swapped

PAGE_CACHE_VERSION = "2"  # 2: warnings kept unlocated (doclinks)
MAX_VARIANTS = 8
_STANDARD = {
    "abbr", "admonition", "attr_list", "codehilite", "def_list", "extra", "fenced_code",
    "footnotes", "legacy_attrs", "legacy_em", "md_in_html", "meta", "nl2br", "sane_lists",
    "smarty", "tables", "toc", "wikilinks",
}
_READS_FILES = {"pymdownx.b64"}
_SNIPPETS = "pymdownx.snippets"
_PAGES_LOG = logging.getLogger("mkdocs.structure.pages")


def unsafe_reason(config: MkDocsConfig) -> str | None:
    """Why pages of this config cannot share conversions, or None when they can."""
    for ext in config.markdown_extensions:
        if not isinstance(ext, str):
            return f"Markdown extension object {type(ext).__name__}"
        name = ext.removeprefix("markdown.extensions.")
        if name in _READS_FILES:
            return f"Markdown extension {ext} reads other files"
        if name == _SNIPPETS:
            options = config.mdx_configs.get(ext) or {}
            if options.get("url_download") or options.get("restrict_base_path") is False:
                return f"Markdown extension {ext} may read files outside its base_path"
        if not (name in _STANDARD or name.startswith(("pymdownx.", "material.extensions."))):
            return f"Markdown extension {ext} is not known to be page-local"
    outside = _callables_outside_packages(config.mdx_configs)
    if outside:
        return f"Markdown extension option calls {outside}, which is not from an installed package"
    return None


def _callables_outside_packages(value: Any, depth: int = 0) -> str | None:
    if depth > 8:
        return None
    if isinstance(value, dict):
        items = list(value.values())
    elif isinstance(value, list | tuple):
        items = list(value)
    elif callable(value):
        module = sys.modules.get(getattr(value, "__module__", "") or "")
        file = getattr(module, "__file__", None)
        installed = [Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")]
        stdlib = Path(sysconfig.get_paths()["stdlib"]).resolve()
        if file is None:
            return None if module is not None and module.__name__ in sys.builtin_module_names \
                else getattr(value, "__qualname__", repr(value))
        path = Path(file).resolve()
        if any(path.is_relative_to(base) for base in [*installed, stdlib]):
            return None
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', '?')}"
    else:
        return None
    for item in items:
        found = _callables_outside_packages(item, depth + 1)
        if found:
            return found
    return None


def _snippet_files(config: MkDocsConfig) -> str:
    """Content of every file pymdownx.snippets may include (its base paths, resolved from the
    current folder as the extension does): part of every page's key when it is enabled."""
    if _SNIPPETS not in config.markdown_extensions:
        return ""
    options = config.mdx_configs.get(_SNIPPETS) or {}
    bases = options.get("base_path", ["."])
    bases = [bases] if isinstance(bases, str) else list(bases)
    site_dir = Path(config.site_dir)
    skip = [site_dir]
    # The other releases being built (and a helper's scratch site, one folder deeper).
    skip += [p for p in site_dir.parents if staged_site(p.name) is not None][:1]
    files: list[Path] = []
    for base in bases:
        path = Path(os.path.abspath(str(base)))
        files += walk_files(path, skip) if path.is_dir() else [path]
    # Paths relative to the folder the build runs in, as snippets resolves them: releases
    # built from refs run in different export folders, and absolute paths made every page's
    # key differ between them (no conversion was ever shared across refs).
    return digest([str(b) for b in bases], files_digest(Path(os.getcwd()), files))


def _describe(file: File | None) -> list[str] | None:
    if file is None:
        return None
    return [file.src_uri, file.url, file.dest_uri, file.inclusion.name]


class _RecordingFiles:
    """The build's Files, noting every lookup a page's link resolution makes."""

    def __init__(self, files: Files) -> None:
        self._files = files
        self.lookups: dict[str, list[str] | None] = {}

    def get_file_from_path(self, path: str) -> File | None:
        found = self._files.get_file_from_path(path)
        self.lookups[path] = _describe(found)
        return found

    def __getattr__(self, name: str) -> Any:
        return getattr(self._files, name)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.messages: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        # As MkDocs worded it (doclinks): the release that replays it adds its own location.
        text = getattr(record, "unlocated", None) or record.getMessage()
        self.messages.append((record.name, record.levelno, text))


def _toc_tokens(items: Any) -> list[dict[str, Any]]:
    return [{"name": a.title, "id": a.id, "level": a.level, "children": _toc_tokens(a.children)}
            for a in items]


class PageConversionCache:
    """Markdown → HTML conversions on disk under `<cache>/pages/`, shared by releases and runs."""

    def __init__(self, folder: Path, board: ClaimBoard | None = None) -> None:
        self.store = ContentStore(folder / "pages", ".json")
        self.hits = 0
        self.misses = 0
        self.helped = 0
        """Pages a helper process converted for this build (see `pagehelp.py`)."""
        self.board = board
        """The release's claims when a helper process may convert some of its pages."""
        self._context: str | None = None
        self._usable: bool | None = None
        self.reason: str | None = None

    def usable(self, config: MkDocsConfig) -> bool:
        """Whether pages of `config` (after every plugin's on_config) go through the cache."""
        if self._usable is None:
            self.reason = unsafe_reason(config)
            self._usable = self.reason is None
            if self._usable:
                self._context = digest(
                    PAGE_CACHE_VERSION, environment_digest(), config.markdown_extensions,
                    config.mdx_configs, config.validation, config.use_directory_urls,
                    _PAGES_LOG.getEffectiveLevel() > logging.DEBUG, _snippet_files(config),
                )
        return bool(self._usable)

    def _key(self, page: Page) -> str:
        file = page.file
        text = json.dumps([self._context, page.markdown, file.src_uri, file.url, file.dest_uri,
                           file.inclusion.name])
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def render(self, original: Any, page: Page, config: MkDocsConfig, files: Files) -> None:
        """Page.render through the cache (see the module docstring for when it is used)."""
        if page.markdown is None or not self.usable(config):
            original(page, config, files)
            return
        key = self._key(page)
        helper_did = None
        if self.board is not None and not self.board.take(page.file.src_uri):
            helper_did = self.board.wait(page.file.src_uri)
        variants = self._load(key)
        for entry in variants:
            if all(_describe(files.get_file_from_path(path)) == found
                   for path, found in entry["lookups"].items()):
                if helper_did == CONVERTED:
                    self.helped += 1
                else:
                    self.hits += 1
                self._apply(entry, page, files)
                return
        self.misses += 1
        recording = _RecordingFiles(files)
        records = _Records()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(records)
        try:
            original(page, config, recording)
        finally:
            logger.removeHandler(records)
        self._store(key, page, recording.lookups, records.messages, variants)

    def _load(self, key: str) -> list[dict[str, Any]]:
        """The stored conversions of one key: one per set of link-lookup answers seen."""
        text = self.store.read(key)
        try:
            data = json.loads(text) if text is not None else None
        except json.JSONDecodeError:
            return []
        return data.get("variants", []) if isinstance(data, dict) else []

    def _apply(self, entry: dict[str, Any], page: Page, files: Files) -> None:
        page.content = entry["content"]
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        if entry["links_to_anchors"] is not None:
            links = {}
            for src_uri, anchors in entry["links_to_anchors"].items():
                target = files.get_file_from_path(src_uri)
                if target is not None:
                    links[target] = dict(anchors)
            page.links_to_anchors = links
        for name, level, text in entry["messages"]:
            logging.getLogger(name).log(level, "%s", text)

    def _store(
        self, key: str, page: Page, lookups: dict[str, list[str] | None],
        messages: list[tuple[str, int, str]], variants: list[dict[str, Any]],
    ) -> None:
        links = None
        if page.links_to_anchors is not None and _PAGES_LOG.getEffectiveLevel() > logging.DEBUG:
            links = {f.src_uri: anchors for f, anchors in page.links_to_anchors.items()}
        entry = {
            "content": page.content,
            "toc": _toc_tokens(page.toc),
            "title": page._title_from_render,
            # Raw HTML such as `<a id>` records a None anchor; no link can target it.
            "anchors": sorted(a for a in page.present_anchor_ids or () if a is not None),
            "links_to_anchors": links,
            "lookups": lookups,
            "messages": messages,
        }
        # The same Markdown in releases whose links resolve differently: keep a few variants.
        kept = [v for v in variants if v["lookups"] != lookups][-(MAX_VARIANTS - 1):]
        self.store.write(key, json.dumps({"variants": [*kept, entry]}))


@contextmanager
def page_cache(cache: PageConversionCache | None) -> Iterator[None]:
    """Route every `Page.render` of the builds run inside through `cache` (None: no change)."""
    if cache is None:
        yield
        return
    original = Page.render

    def render(page: Page, config: MkDocsConfig, files: Files) -> None:
        cache.render(original, page, config, files)

    with swapped(Page, "render", render):
        yield
