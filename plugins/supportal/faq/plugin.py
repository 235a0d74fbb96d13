"""`supportal/faq`: the FAQ catalog of one release, rendered as a home and one page per category."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import AuthoringError, DeferredStop, stop_after_files
from ..core.generated import address_taken, generated_by, generated_in_the_way
from ..core.logs import get_logger
from ..core.problems import Problems
from ..releases.plugin import releases_of
from .answers import AnswerBuilder
from .config import FaqConfig
from .model import FaqCatalog, FaqEntry, check_catalog, is_entry, parse_entry
from .navigation import insert_after
from .render import (
    CategoryGroup,
    answer_texts,
    category_page,
    home_listing,
    json_ld,
)
from .sections import Slugify

log = get_logger("faq")
PACKAGE = "supportal.faq"
FAQ_HOME = "the FAQ home (supportal/faq)"


def page_of(category: str) -> str:
    """What a category page is, in messages about its path."""
    return f"the FAQ category page '{category}' (supportal/faq)"


class FaqPlugin(DeferredStop, BasePlugin[FaqConfig]):
    """Turns `faq/<category>/*.md` entries into category pages with collapsible answers.

    After `on_files`, `catalog` holds every entry of the FAQ (all releases) and `entries` the
    entries of the release being built; the reading plugin reads `catalog` unless `stopped`.
    """

    catalog: FaqCatalog | None = None
    entries: list[FaqEntry]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Runs at start: check options, load the FAQ script, make sure `md_in_html` is on."""
        self.start_checks()
        self.catalog = None
        self.entries = []
        self.category_pages: dict[str, str] = {}
        self.home_addition: str | None = None
        self.json_ld_of: dict[str, str] = {}  # src_uri → script element, from content to head
        if not self.config.enabled:
            return None
        if releases_of(config) is None:
            raise AuthoringError(
                "supportal/faq needs the supportal/releases plugin, listed before it"
            )
        register_assets(config, PACKAGE, ["faq.js", "faq.css"])
        # Answers sit inside <details markdown="1"> (md_in_html); headings carry ids (attr_list).
        for extension in ("md_in_html", "attr_list"):
            if extension not in config.markdown_extensions:
                config.markdown_extensions.append(extension)
        slugify = config.mdx_configs.get("toc", {}).get("slugify")
        self.slugify: Slugify | None = slugify if callable(slugify) else None
        return config

    @event_priority(50)  # after supportal/releases (100): it has read every page's front matter
    def _read_entries(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        rp = releases_of(config)
        assert rp is not None  # on_config made sure
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

        answers = AnswerBuilder(
            version=rp.release.parsed,
            release=rp.release.as_context(),
            release_label=rp.release.version,
            sources=rp.sources,
            present=present,
            unread=rp.unread,
            folder=folder,
            **({"slugify": self.slugify} if self.slugify else {}),
        )
        groups: list[CategoryGroup] = []
        for category, members in self.catalog.grouped(self.entries).items():
            uri = f"{folder}/{category}/index.md"
            title = self.catalog.title_of(category)
            rendered = [answers.build(e, uri, problems) for e in members]
            other = generated_by(files, uri)
            if other:
                problems.extend([generated_in_the_way(config, uri, other, page_of(category))])
                continue
            if files.get_file_from_path(uri) is not None:
                problems.error(
                    rp.display_path(uri),
                    None,
                    f"supportal/faq generates this page (the category page of '{category}'); "
                    f"move the file out of {folder}/ (the pages there are questions)",
                )
                continue
            elsewhere = address_taken(files, config, uri, page_of(category), rp.display_path)
            if elsewhere:
                problems.extend([elsewhere])
                continue
            files.append(File.generated(config, uri, content=category_page(title, rendered)))
            self.category_pages[uri] = category
            groups.append(CategoryGroup(category, title, f"{category}/index.md", members))
        home = f"{folder}/index.md"
        other = generated_by(files, home)
        if other:  # the listing would be added to another plugin's page
            problems.extend([generated_in_the_way(config, home, other, FAQ_HOME)])
        elif home not in present:
            problems.extend(filter(None, [
                address_taken(files, config, home, FAQ_HOME, rp.display_path)
            ]))
        if self.defer(problems, log):
            return files

        listing = home_listing(groups, heading=home not in present, release_title=rp.release.title)
        if home in present:
            self.home_addition = listing
        else:
            files.append(File.generated(config, home, content=listing))
        add_asset_files(files, config, PACKAGE)
        if self.config.nav and config.nav is not None:
            config.nav = insert_after(config.nav, home, list(self.category_pages))
        return files

    on_files = CombinedEvent(_read_entries, stop_after_files)
    """Read and validate every entry, drop entry files, generate the home and category pages.
    Then, after every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

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
        """On category pages: build FAQPage JSON-LD from the rendered questions and answers."""
        if not self.config.enabled or not self.config.json_ld:
            return None
        if page.file.src_uri not in self.category_pages:
            return None
        self.json_ld_of[page.file.src_uri] = json_ld(answer_texts(html))
        return None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """Put the page's JSON-LD in <head>, not in the article: Material's instant navigation
        re-creates every script of the swapped content without its `type`, so JSON-LD there
        would run as JavaScript (an error; an inline-script violation under a strict CSP).
        New <head> elements it only adopts, as inert data."""
        block = self.json_ld_of.pop(page.file.src_uri, None) if self.config.enabled else None
        if block is None or "</head>" not in output:
            return None
        return output.replace("</head>", f"{block}\n</head>", 1)
