"""`supportal/search`: build-time whoosh index, static sharded browser index, header search UI."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import AuthoringError, DeferredStop, stop_after_files
from ..core.cachedir import CACHE_DIR_NAME, ignore_in_git
from ..core.configplace import plugin_place
from ..core.frontmatter import read_front_matter
from ..core.logs import get_logger
from ..core.problems import Problems, SupportalError, expected
from ..core.sourcefiles import docs_display
from .config import SearchConfig
from .built import BuiltPage, fill_related, read_built_pages
from .corpus import FIELDS
from .pagemeta import PageSearchMeta, read_page_meta, type_by_folder
from .release_index import Settings, index_release
from .render import RELATED_MARKER, related_list, search_box

log = get_logger("search")
PACKAGE = "supportal.search"
ASSETS = ["search.js", "search.css"]
from .render import INDEX_FOLDER


class SearchPlugin(DeferredStop, BasePlugin[SearchConfig]):
    """Indexes the built HTML of a release and replaces Material's search.

    Pages are read as written, once the build is done (`on_post_build`), so content from the
    FAQ, trees and courses plugins is indexed as readers see it; then come the whoosh index,
    the static index under `<site>/_supportal/search/` and the related-pages lists.
    """

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Check options, load the browser client on every page, reset per-build state."""
        self.start_checks()
        if not self.config.enabled:
            return None
        where = plugin_place(config, "supportal/search")
        if "material/search" in config.plugins or "search" in config.plugins:
            log.warning(
                f"{where}: supportal/search replaces Material's search plugin: "
                "remove '- search' from plugins"
            )
        types = list(self.config.labels)
        for folder, kind in self.config.folders.items():
            if kind not in types:
                raise AuthoringError(
                    f"{where}: supportal/search: folders: '{folder}' has unknown type '{kind}'. "
                    f"{expected(str(kind), types)}"
                )
        if "page" not in types:
            self.config.labels["page"] = "Other pages"
        for name in self.config.boosts:
            if name not in FIELDS:
                raise AuthoringError(
                    f"{where}: supportal/search: boosts: unknown field '{name}'. "
                    f"{expected(str(name), FIELDS)}"
                )
        for name, value in self.config.boosts.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise AuthoringError(
                    f"{where}: supportal/search: boosts: {name} must be a number, not '{value}'"
                )
        self.boosts = {name: float(self.config.boosts.get(name, 1.0)) for name in FIELDS}
        self.built: list[BuiltPage] = []
        self.page_meta: dict[str, PageSearchMeta] = {}
        self.project_root = Path(config.config_file_path or ".").resolve().parent
        register_assets(config, PACKAGE, ASSETS)
        return config

    def _read_pages(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        add_asset_files(files, config, PACKAGE)
        from supportal.releases.plugin import releases_of

        rp = releases_of(config)
        problems = Problems()
        types = list(self.config.labels)
        for file in files.documentation_pages():
            if rp is not None and file.src_uri in rp.sources:
                source = rp.sources[file.src_uri]
            else:
                try:
                    source = read_front_matter(file.content_string, file.src_uri)
                except SupportalError:
                    continue  # the releases plugin (or MkDocs) reports broken front matter
            self.page_meta[file.src_uri] = read_page_meta(
                file.src_uri,
                source.meta,
                source.line_of,
                source.path,
                self.config.folders,
                types,
                problems,
            )
        for file in files:
            # The index folder is replaced on every build: a file there would be lost.
            if file.dest_uri.startswith(f"{INDEX_FOLDER}/"):
                problems.error(
                    docs_display(config)(file.src_uri),
                    None,
                    f"supportal/search writes the search index to {INDEX_FOLDER}/ "
                    "and would delete this file: move it to another folder",
                )
        self.defer(problems, log)
        return files

    on_files = CombinedEvent(_read_pages, stop_after_files)
    """Ship the client; read every page's `search:` front matter (warnings at path:line). Then,
    after every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    @event_priority(-100)  # after every plugin that adds content: the marker ends the article
    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Leave a marker where the related pages go (filled in once the index exists)."""
        if not self.config.enabled or self._meta(page).exclude or self.config.related <= 0:
            return None
        return f"{html}\n{RELATED_MARKER}\n"

    @event_priority(-100)  # last: the box goes into the header as other plugins leave it
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Add the search box to the header; note the page for the index, which reads it as
        written once the build is done."""
        if not self.config.enabled:
            return None
        meta = self._meta(page)
        if not meta.exclude:
            self.built.append(
                BuiltPage(
                    page.url, page.file.abs_dest_path, page.title or "", meta.type, meta.phrasings
                )
            )
        return _with_search_box(output, search_box(page.url, self._version(config)))

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the release, write `<site>/_supportal/search/`, fill in every page's related pages."""
        if not self.config.enabled:
            return
        version = self._version(config)
        from supportal.releases.plugin import releases_of

        rp = releases_of(config)
        release = {"version": version, "title": rp.release.title if rp else config.site_name}
        settings = Settings(
            types=list(self.config.labels.items()),
            boosts=self.boosts,
            k1=self.config.k1,
            b=self.config.b,
            shard_size=self.config.shard_size,
            prefix_limit=self.config.prefix_limit,
            related=self.config.related,
        )
        folder = Path(self.config.cache_dir)
        if folder.parts and folder.parts[0] == CACHE_DIR_NAME:  # the default: out of git
            ignore_in_git(self.project_root / CACHE_DIR_NAME)
        cache = self.project_root / folder / version
        read = read_built_pages(self.built, scratch=cache.parent)
        site_folder = Path(config.site_dir) / INDEX_FOLDER
        built = index_release(read.records, settings, release, site_folder, cache)
        labels = dict(self.config.labels)
        destinations = {page.url: page.path for page in self.built}
        pages = built.corpus.pages
        for number, page in enumerate(pages):
            target = destinations.get(page.url)
            slot = read.slots.get(page.url)
            if not target or slot is None:
                continue
            related = [
                (pages[o].url, pages[o].title, labels.get(pages[o].type, pages[o].type))
                for o in built.related.get(number, [])
            ]
            fill_related(target, slot, related_list(page.url, related))

    def _meta(self, page: Page) -> PageSearchMeta:
        found = self.page_meta.get(page.file.src_uri)
        if found is None:  # a page another plugin generated after on_files (YAML trees)
            found = PageSearchMeta(type_by_folder(page.file.src_uri, self.config.folders))
        return found

    def _version(self, config: MkDocsConfig) -> str:
        from supportal.releases.plugin import releases_of

        rp = releases_of(config)
        return rp.release.version if rp is not None else "current"


def _with_search_box(output: str, box: str) -> str:
    """Put the box where Material puts its own: before the repository link, else at the end of
    the header's `nav`."""
    header = output.find('<header class="md-header')
    if header < 0:
        return output
    for anchor in ('<div class="md-header__source">', "</nav>"):
        at = output.find(anchor, header)
        if at >= 0:
            return output[:at] + box + output[at:]
    return output
