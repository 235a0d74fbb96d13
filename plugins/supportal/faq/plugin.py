"""`supportal/faq`: the FAQ catalog of one release, rendered as a home and one page per category."""

from __future__ import annotations

import posixpath
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import AuthoringError, report
from ..core.logs import get_logger
from ..core.problems import Problems, expected
from ..releases.blocks import filter_blocks
from ..releases.placeholders import substitute
from ..releases.plugin import ReleasesPlugin, releases_of
from .config import FaqConfig
from .model import FaqCatalog, FaqEntry, check_catalog, is_entry, parse_entry
from .render import (
    CategoryGroup,
    RenderedEntry,
    SourceLink,
    answer_texts,
    category_page,
    home_listing,
    json_ld,
)
from .sections import Slugify, headings, rebase_links, section

log = get_logger("faq")
PACKAGE = "supportal.faq"


class FaqPlugin(BasePlugin[FaqConfig]):
    """Turns `faq/<category>/*.md` entries into category pages with collapsible answers.

    After `on_files`, `catalog` holds every entry of the FAQ (all releases) and `entries` the
    entries of the release being built; the search plugin reads both.
    """

    catalog: FaqCatalog | None = None
    entries: list[FaqEntry]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Runs at start: check options, load the FAQ script, make sure `md_in_html` is on."""
        self.catalog = None
        self.entries = []
        self.category_pages: dict[str, str] = {}
        self.home_addition: str | None = None
        if not self.config.enabled:
            return None
        register_assets(config, PACKAGE, ["faq.js", "faq.css"])
        # Answers sit inside <details markdown="1"> (md_in_html); headings carry ids (attr_list).
        for extension in ("md_in_html", "attr_list"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        slugify = config.mdx_configs.get("toc", {}).get("slugify")
        self.slugify: Slugify | None = slugify if callable(slugify) else None
        return config

    @event_priority(50)  # after supportal/releases (100): it has read every page's front matter
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        """Read and validate every entry, drop entry files, generate the home and category pages."""
        if not self.config.enabled:
            return None
        rp = releases_of(config)
        if rp is None:
            raise AuthoringError(
                "supportal/faq needs the supportal/releases plugin, listed before it"
            )
        folder = self.config.folder.strip("/")
        problems = Problems()
        entries = [
            entry
            for src_uri, source in sorted(rp.sources.items())
            if is_entry(src_uri, folder)
            and (entry := parse_entry(source, src_uri, folder, self.config.categories, problems))
        ]
        check_catalog(entries, problems)
        categories = dict(self.config.categories) or {
            c: c.replace("-", " ").capitalize() for c in sorted({e.category for e in entries})
        }
        self.catalog = FaqCatalog(entries=entries, categories=categories)
        present = {f.src_uri for f in files.documentation_pages()}
        self.entries = self.catalog.in_release(present)
        for file in list(files.documentation_pages()):
            if is_entry(file.src_uri, folder):
                files.remove(file)

        groups: list[CategoryGroup] = []
        for category, members in self.catalog.grouped(self.entries).items():
            uri = f"{folder}/{category}/index.md"
            title = self.catalog.title_of(category)
            rendered = [self._render_entry(e, uri, rp, present, problems) for e in members]
            if files.get_file_from_path(uri) is not None:
                problems.error(
                    rp.display_path(uri),
                    None,
                    f"this page has the path of the generated FAQ category page '{category}': "
                    "rename it, or put the category's questions elsewhere",
                )
                continue
            files.append(File.generated(config, uri, content=category_page(title, rendered)))
            self.category_pages[uri] = category
            groups.append(CategoryGroup(category, title, f"{category}/index.md", members))
        report(problems, log)

        home = f"{folder}/index.md"
        listing = home_listing(groups, heading=home not in present, release_title=rp.release.title)
        if home in present:
            self.home_addition = listing
        else:
            files.append(File.generated(config, home, content=listing))
        add_asset_files(files, config, PACKAGE)
        if self.config.nav and config.nav is not None:
            config.nav = _insert_after(config.nav, home, list(self.category_pages))
        return files

    def _render_entry(
        self,
        entry: FaqEntry,
        page_uri: str,
        rp: ReleasesPlugin,
        present: set[str],
        problems: Problems,
    ) -> RenderedEntry:
        context = rp.release.as_context()
        own = filter_blocks(
            entry.body, rp.release.parsed, entry.path, problems, first_line=entry.body_line
        )
        body = substitute(own.text, context, entry.path, problems, own.file_line).strip()
        parts: list[str] = []
        source_link = None
        if entry.answer_from is not None:
            found = self._answer_section(entry, page_uri, rp, present, problems)
            if found is not None:
                parts.append(found[0])
                source_link = found[1]
        if body:
            parts.append(rebase_links(body, entry.src_uri, page_uri))
        if not parts and entry.answer_from is None:
            problems.error(
                entry.path,
                entry.line,
                f"FAQ entry '{entry.id}' has no answer in release {rp.release.version}: write it "
                "below the front matter or point 'answer_from' at a manual section",
            )
        return RenderedEntry(
            id=entry.id,
            question=entry.question,
            category=entry.category,
            phrasings=list(entry.phrasings),
            answer="\n\n".join(parts),
            source=source_link,
        )

    def _answer_section(
        self,
        entry: FaqEntry,
        page_uri: str,
        rp: ReleasesPlugin,
        present: set[str],
        problems: Problems,
    ) -> tuple[str, SourceLink] | None:
        source = entry.answer_from
        assert source is not None
        target = rp.sources.get(source.page)
        reference = f"{source.page}#{source.anchor}"
        if target is None:
            pages = [p for p in rp.sources if not is_entry(p, self.config.folder.strip("/"))]
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': no page '{source.page}' in docs_dir. "
                f"{expected(source.page, pages)}",
            )
            return None
        if source.page not in present:
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': the page is not part of release {rp.release.version} "
                "(its 'versions' leaves it out); narrow this entry's 'versions' or pick another section",
            )
            return None
        resolved = filter_blocks(
            target.body, rp.release.parsed, target.path, Problems(), first_line=target.body_line
        )
        slugify = self.slugify
        found = (
            section(resolved.text, source.anchor, slugify)
            if slugify
            else section(resolved.text, source.anchor)
        )
        if found is None:
            anchors = [
                h.anchor
                for h in (headings(resolved.text, slugify) if slugify else headings(resolved.text))
            ]
            problems.error(
                entry.path,
                source.line,
                f"answer_from '{reference}': no section with anchor '#{source.anchor}' in "
                f"{target.path} (release {rp.release.version}). {expected(source.anchor, anchors)}",
            )
            return None
        text = substitute(found, rp.release.as_context(), target.path, Problems())
        heading = next(
            h
            for h in (headings(resolved.text, slugify) if slugify else headings(resolved.text))
            if h.anchor == source.anchor
        )
        page_title = target.meta.get("title") or next(
            (h.text for h in headings(resolved.text) if h.level == 1), source.page
        )
        link = posixpath.relpath(source.page, posixpath.dirname(page_uri)) + f"#{source.anchor}"
        return rebase_links(text, source.page, page_uri), SourceLink(
            f"{page_title} › {heading.text}", link
        )

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """On an authored FAQ home: append the category listing after the author's text."""
        if not self.config.enabled or self.home_addition is None:
            return None
        if page.file.src_uri == f"{self.config.folder.strip('/')}/index.md":
            return f"{markdown.rstrip()}\n\n{self.home_addition}"
        return None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """On category pages: add FAQPage JSON-LD built from the rendered questions and answers."""
        if not self.config.enabled or not self.config.json_ld:
            return None
        if page.file.src_uri not in self.category_pages:
            return None
        return html + json_ld(answer_texts(html))


def _insert_after(nav: Any, target: str, uris: list[str]) -> Any:
    """Insert `uris` right after the nav item pointing at `target`, in the same section."""
    if not uris:
        return nav
    if isinstance(nav, list):
        out: list[Any] = []
        for item in nav:
            out.append(_insert_after(item, target, uris))
            value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
            if value == target:
                out.extend(uris)
        return out
    if isinstance(nav, dict):
        return {k: _insert_after(v, target, uris) for k, v in nav.items()}
    return nav
