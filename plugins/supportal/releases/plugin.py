"""`supportal/releases`: builds one release of the catalog from a single Markdown tree."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from ..core.assets import add_asset_files
from ..core.bridge import AuthoringError, DeferredStop, count_errors, report, stop_after_files
from ..core.frontmatter import SourcePage, read_front_matter
from ..core.logs import get_logger
from ..core.problems import Problems, SupportalError, expected
from ..core.sourcefiles import docs_display, file_text, project_path
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import scalar_text
from .blocks import FilteredMarkdown, filter_blocks
from .config import ReleasesConfig
from .model import Release, ReleaseCatalog, load_catalog
from .navprune import prune_nav
from .placeholders import is_resolved, substitute

log = get_logger("releases")
RELEASE_ENV = "SUPPORTAL_RELEASE"


class ReleasesPlugin(DeferredStop, BasePlugin[ReleasesConfig]):
    """Loads the release catalog, drops pages and blocks outside the built release.

    Other Supportal plugins read `catalog`, `release`, `sources` (strict front matter of every
    page), `unread` (pages whose front matter has errors, so missing from `sources`) and
    `filtered` (block-resolved Markdown with a line map) from this instance; see
    `releases_of(config)`.
    """

    catalog: ReleaseCatalog
    release: Release
    project_root: Path

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Runs first: load and validate the catalog, pick the release to build."""
        self.start_checks()
        if not self.config.enabled:
            return None
        self.project_root = Path(config.config_file_path or ".").resolve().parent
        self._display = docs_display(config)
        catalog_file = self.project_root / self.config.catalog
        try:
            self.catalog = load_catalog(catalog_file, project_path(catalog_file, self.project_root))
        except SupportalError as exc:
            report(exc.problems, log)  # every plugin needs the catalog: stop now
        wanted = self.config.release or os.environ.get(RELEASE_ENV) or self.catalog.default.version
        release = self.catalog.get(wanted)
        if release is None:
            names = self.catalog.versions + [a for r in self.catalog.releases for a in r.aliases]
            raise AuthoringError(
                f"release '{wanted}' is not in {self.catalog.path}. {expected(wanted, names)}"
            )
        self.release = release
        self.sources: dict[str, SourcePage] = {}
        self.unread: set[str] = set()
        self.excluded: set[str] = set()
        self.filtered: dict[str, FilteredMarkdown] = {}
        self.page_problems = Problems()
        return config

    def display_path(self, src_uri: str) -> str:
        """How messages name a page: relative to the folder of mkdocs.yml, like the catalog."""
        return self._display(src_uri)

    @event_priority(100)  # before every other Supportal plugin: they see only this release's pages
    def _read_pages(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        problems = Problems()
        for file in list(files.documentation_pages()):
            path = self.display_path(file.src_uri)
            try:
                source = read_front_matter(file_text(file, path), path)
            except SupportalError as exc:
                problems.extend(exc.problems)
                self.unread.add(file.src_uri)
                continue
            self.sources[file.src_uri] = source
            versions = self._page_range(source, problems)
            if versions is not None and self.release.version not in versions:
                files.remove(file)
                self.excluded.add(file.src_uri)
        # Not a stop for the other plugins: the catalog, the release and every other page's
        # front matter are sound, so their own mistakes show in this run. They skip what needs
        # an `unread` page's front matter (a link to its sections, its page id), which would
        # only repeat this error as theirs.
        self.defer(problems, log, stops=False)
        if config.nav is not None:
            config.nav = prune_nav(config.nav, self.excluded)
        # The redirect pages of aliases and the site root load core/redirect.js from here.
        add_asset_files(files, config, "supportal.core")
        return files

    on_files = CombinedEvent(_read_pages, stop_after_files)
    """Read every page's front matter strictly; remove pages outside the built release. Then,
    after every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    def _page_range(self, source: SourcePage, problems: Problems) -> VersionRange | None:
        if "versions" not in source.meta:
            return None
        try:
            value = source.meta["versions"]
            # An unquoted `versions: 2.10` is the float 2.1: quote it in the message as written.
            versions = VersionRange.parse(scalar_text(value) if isinstance(value, float) else value)
        except RangeSyntaxError as exc:
            problems.error(source.path, source.line_of("versions"), str(exc))
            return None
        if not self.catalog.matching(versions):
            problems.warning(
                source.path, source.line_of("versions"),
                f"versions '{versions}' matches no release in {self.catalog.path} "
                f"({', '.join(self.catalog.versions)}): the page is never published",
            )
        return versions

    @event_priority(100)  # blocks go before other plugins read the Markdown
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Resolve `/// versions` blocks and `{{ release.* }}` placeholders for this release."""
        if not self.config.enabled:
            return None
        path = self.display_path(page.file.src_uri)
        source = page.file.content_string
        body_line = source.count("\n", 0, len(source) - len(markdown)) + 1 if source.endswith(markdown) else 1
        problems = Problems()
        filtered = filter_blocks(markdown, self.release.parsed, path, problems, first_line=body_line)
        self.filtered[page.file.src_uri] = filtered
        text = filtered.text
        if not is_resolved(page.file):
            text = substitute(text, self.release.as_context(), path, problems, filtered.file_line)
        for problem in problems:
            self.page_problems.items.append(problem)
        report(problems, log, stop_on_errors=False)
        return text

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Stop before pages are written if any page had errors; give templates the release."""
        if not self.config.enabled:
            return None
        errors = len(self.page_problems.errors)
        if errors:
            raise AuthoringError(count_errors(errors, " in pages"))
        env.globals["release"] = self.release.as_context()
        env.globals["releases"] = [r.as_context() for r in self.catalog.releases]
        return env


def releases_of(config: MkDocsConfig) -> ReleasesPlugin | None:
    """The enabled releases plugin of a build, for other Supportal plugins to read."""
    plugin = config.plugins.get("supportal/releases")
    if isinstance(plugin, ReleasesPlugin) and plugin.config.enabled:
        return plugin
    return None

