"""`supportal/reading`: thin MkDocs hooks over the reading model (ids, badges, banners, ...)."""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import AuthoringError, DeferredStop, stop_after_files, watch_file
from ..core.configplace import plugin_place
from ..core.generated import page_taken
from ..core.logs import get_logger
from ..core.problems import Problems
from ..faq.render import md_text
from ..releases.model import Release
from ..releases.placeholders import mark_resolved, substitute
from ..releases.plugin import ReleasesPlugin, releases_of
from ..releases.render import REDIRECT_SCRIPT, redirect_page
from . import render
from .badges import Badge, block_badges, page_badges
from .config import ReadingConfig
from .docdiff import DocsDiff, diff_releases
from .knownissues import KnownIssue, load_known_issues
from .lifecycle import banner_for
from .manifest import PAGES_FILE, ReleasePages
from .pageids import PageIndex, PageInfo, build_index, default_page_id, release_urls, url_of

log = get_logger("reading")
ASSETS = ("reading.css", "reading.js", "resolve.js")


class ReadingPlugin(DeferredStop, BasePlugin[ReadingConfig]):
    """Release-aware reading for the release being built.

    Other plugins read `known_issues` (filled in `on_files`): issue id -> KnownIssue with
    `.id`, `.title`, `.url`, `.affects`, `.fixed_in`, `.workaround`; empty, with
    `known_issues_unread` true, when the known-issues file has errors of its own.
    """

    known_issues: dict[str, KnownIssue]
    known_issues_unread = False

    def __init__(self) -> None:
        self.known_issues = {}
        self.index: PageIndex | None = None
        self.rp: ReleasesPlugin | None = None

    @event_priority(-50)  # after supportal/releases loaded the catalog and picked the release
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Find the release being built, ship the scripts, make sure headings can carry ids."""
        self.start_checks()
        self.known_issues = {}
        self.known_issues_unread = False
        self.index = None
        self.rp = None
        self._badge_warnings: set[str] = set()
        self.by_src: dict[str, PageInfo] = {}
        self.generated: set[str] = set()
        self.rendered: dict[str, dict[str, Any]] = {}
        self.where: dict[str, dict[str, str]] = {}
        if not self.config.enabled:
            return None
        root = Path(config.config_file_path or ".").resolve().parent
        watch_file(config, root / self.config.known_issues)
        self.rp = releases_of(config)
        if self.rp is None:
            raise AuthoringError(
                "supportal/reading needs the supportal/releases plugin: "
                "list it first under 'plugins:'"
            )
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")  # known-issue anchors: `## X { #kv-1 }`
        register_assets(config, "supportal.reading", ASSETS)
        self.root_url = _site_root(config.site_url, self.rp.release.version)
        self._check_page_options(config)
        return config

    def _check_page_options(self, config: MkDocsConfig) -> None:
        cfg = self.config
        named = [(cfg.known_issues_page, "known_issues_page"),
                 (cfg.release_notes_page, "release_notes_page"),
                 (cfg.docs_changes_page, "docs_changes_page")]
        for index, (uri, option) in enumerate(named):
            twin = next((o for u, o in named[:index] if uri and u == uri), None)
            if twin:  # one page would silently replace the other
                raise AuthoringError(
                    f"{plugin_place(config, 'supportal/reading')}: supportal/reading options "
                    f"'{twin}' and '{option}' are both "
                    f"{uri}: give each generated page its own path"
                )

    @event_priority(50)  # after supportal/releases (100) removed other releases' pages
    def _read_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.rp is None:
            return None
        rp = self.rp
        problems = Problems()
        self.index = build_index(rp.sources, rp.catalog, problems, rp.unread)
        self.by_src = self.index.pages
        # Where each page id lives in every release, computed once: canonical and banner links.
        self.where = release_urls(self.index, lambda src: url_of(src, config.use_directory_urls))
        file = rp.project_root / self.config.known_issues
        before = len(problems.errors)
        issues = load_known_issues(file, _relative(file, rp.project_root), rp.catalog, problems)
        # Trees check their known-issue links against these: against a half-read file, every
        # link to an issue it failed to read would look like a mistake of its own.
        self.known_issues_unread = len(problems.errors) > before
        for release in rp.catalog.releases:
            if release.notes is not None and not isinstance(release.notes, str):
                problems.warning(
                    rp.catalog.path,
                    release.notes_line,
                    f"'notes' of release {release.version} must be Markdown text "
                    "(write 'notes: |' and the text on indented lines below)",
                )
        self.notes = self._notes_text(problems)
        ki_page = self.config.known_issues_page
        ki_url = url_of(ki_page, config.use_directory_urls) if ki_page else ""
        for issue in issues:
            issue.url = f"{ki_url}#{issue.anchor}" if ki_page else ""
        if not self.known_issues_unread:
            self.known_issues = {issue.id: issue for issue in issues}
        if self.defer(problems, log):
            return files
        self._add_generated_pages(files, config, issues)
        add_asset_files(files, config, "supportal.reading")
        return files

    on_files = CombinedEvent(_read_files, stop_after_files)
    """Validate page ids and known issues; add the generated pages and the scripts. Then,
    after every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    def _add_generated_pages(
        self, files: Files, config: MkDocsConfig, issues: list[KnownIssue]
    ) -> None:
        rp = self.rp
        assert rp is not None and self.index is not None
        release = rp.release
        cfg = self.config
        pages: dict[str, tuple[str, str]] = {}
        if cfg.known_issues_page:
            pages[cfg.known_issues_page] = (
                "known_issues_page",
                self._known_issues_markdown(release, issues, config),
            )
        if cfg.release_notes_page:
            pages[cfg.release_notes_page] = (
                "release_notes_page",
                self._release_notes_markdown(release, issues),
            )
        if cfg.docs_changes_page:
            pages[cfg.docs_changes_page] = (
                "docs_changes_page",
                self._docs_changes_markdown(release, config),
            )
        for src_uri, (option, content) in pages.items():
            taken = page_taken(
                files, config, src_uri, "supportal/reading", option, rp.display_path,
                optional=True,
            )
            if taken:
                self.defer_error(taken, log)
                continue
            generated = File.generated(config, src_uri, content=content)
            if option == "release_notes_page":
                mark_resolved(generated)  # the notes' placeholders were filled in above
            files.append(generated)
            self.generated.add(src_uri)

    def _notes_text(self, problems: Problems) -> dict[str, str]:
        """The `notes` of the releases the release notes show, with `{{ release.* }}` naming
        the release the notes belong to, mistakes reported at their catalog line."""
        assert self.rp is not None
        texts = {}
        for release in self._older_or_same(self.rp.release):
            if not isinstance(release.notes, str):
                continue
            first = release.notes_line or release.line or 1
            texts[release.version] = substitute(
                release.notes, release.as_context(), self.rp.catalog.path, problems,
                lambda number, first=first: first + number - 1,
            )
        return texts

    def _older_or_same(self, release: Release) -> list[Release]:
        assert self.rp is not None
        return [r for r in self.rp.catalog.releases if r.parsed <= release.parsed]

    def _affected_text(self, issue: KnownIssue) -> str:
        assert self.rp is not None
        hit = [r.version for r in reversed(self.rp.catalog.releases) if r.version in issue.affects]
        return ", ".join(hit) if hit else str(issue.affects)

    def _known_issues_markdown(
        self, release: Release, issues: list[KnownIssue], config: MkDocsConfig
    ) -> str:
        affecting = [i for i in issues if i.affects_release(release)]
        fixed = [
            i
            for i in issues
            if i not in affecting and i.fixed_in and self._parsed(i.fixed_in) <= release.parsed
        ]
        others = [i for i in issues if i not in affecting and i not in fixed]
        page_url = url_of(self.config.known_issues_page, config.use_directory_urls)
        notes = (
            url_of(self.config.release_notes_page, config.use_directory_urls)
            if self.config.release_notes_page
            else ""
        )
        notes_href = {
            i.fixed_in: _other_release(page_url, i.fixed_in, notes)
            + f"#{_release_anchor(i.fixed_in)}"
            for i in issues
            if i.fixed_in
        }
        return render.known_issues_page(
            release=release,
            affecting=affecting,
            fixed=fixed,
            others=others,
            affected={i.id: self._affected_text(i) for i in issues},
            notes_href=notes_href,
        )

    def _parsed(self, version: str) -> Any:
        assert self.rp is not None
        found = self.rp.catalog.get(version)
        assert found is not None
        return found.parsed

    def _release_notes_markdown(self, release: Release, issues: list[KnownIssue]) -> str:
        today = dt.date.today()
        entries = [
            {
                "release": r,
                "notes": self.notes.get(r.version),
                "anchor": _release_anchor(r.version),
                "current": r == release,
                "fixed": [i for i in issues if i.fixed_in == r.version],
                # A preview's date, and any date still ahead, is when the release is due: "released
                # 2026-12-15" under a banner saying it is not released yet contradicted itself.
                "planned": r.status == "preview" or (r.date is not None and r.date > today),
            }
            for r in self._older_or_same(release)
        ]
        return render.release_notes_page(
            release=release,
            entries=entries,
            known_issues_src=self.config.known_issues_page,
            docs_changes_src=self.config.docs_changes_page,
        )

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Once every plugin has settled `files`: link only the pages this build really has."""
        if not self.config.enabled or self.rp is None or not self.config.docs_changes_page:
            return None
        file = files.get_file_from_path(self.config.docs_changes_page)
        if file is not None and self.config.docs_changes_page in self.generated:
            built = {f.src_uri for f in files.documentation_pages()}
            file.content_string = self._docs_changes_markdown(self.rp.release, config, built)
        return nav

    def _docs_changes_markdown(
        self, release: Release, config: MkDocsConfig, built: set[str] | None = None
    ) -> str:
        rp = self.rp
        assert rp is not None and self.index is not None
        older = [r for r in rp.catalog.releases if r.parsed < release.parsed]
        previous = older[0] if older else None
        diff: DocsDiff | None = None
        removed_href: dict[str, str] = {}
        # A release from a git ref has its own tree, which this build does not read: comparing
        # from this tree would list no change between refs whose docs differ.
        separate = previous is not None and (
            release.source is not None or previous.source is not None
        )
        published = _faq_entries(config)
        if previous is not None and not separate:
            diff = diff_releases(self.index, rp.sources, previous, release)
            page_url = url_of(self.config.docs_changes_page, config.use_directory_urls)
            for page in diff.removed:
                entry = published.get(page.src_uri)
                target = (
                    url_of(entry.page, config.use_directory_urls) + f"#{entry.anchor}"
                    if entry
                    else url_of(page.src_uri, config.use_directory_urls)
                )
                removed_href[page.id] = _other_release(page_url, previous.version, target)
        built = built if built is not None else set(rp.sources)
        return render.docs_changes_page(
            release=release,
            previous=previous,
            separate=separate,
            diff=diff,
            removed_href=removed_href,
            built=built,
            # An entry is linked where this build publishes it: its category page is built.
            published={src: e for src, e in published.items() if e.page in built},
            titles={src: e.title for src, e in published.items()},
        )

    @event_priority(
        90
    )  # right after supportal/releases resolved blocks, before other plugins parse
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put "New in" / "Removed in" badges at the top of the versions blocks they belong to."""
        if not self.config.enabled or self.rp is None or not self._badges_on(page):
            return None
        filtered = self.rp.filtered.get(page.file.src_uri)
        if filtered is None or not filtered.blocks:
            return None
        rp = self.rp
        found = block_badges(
            [b for b in filtered.blocks if rp.release.version in b.versions],
            rp.catalog,
            rp.release,
            self.config.new_badge_releases,
        )
        if not found:
            return None
        by_block: dict[int, list[Badge]] = {}
        blocks = {}
        for block, badge in found:
            by_block.setdefault(block.start_line, []).append(badge)
            blocks[block.start_line] = block
        lines = markdown.split("\n")
        source_lines = list(filtered.source_lines)
        if len(lines) != len(source_lines):
            return None  # another plugin changed the line count first; badges would land anywhere
        for start in sorted(by_block, reverse=True):
            block = blocks[start]
            inside = [
                i for i, n in enumerate(source_lines) if block.start_line < n < block.end_line
            ]
            if not inside:
                continue
            at = inside[0]
            if lines[at].lstrip().startswith("#"):
                at += 1  # below the block's heading, so the table of contents keeps clean titles
            # Same indentation as the block's content, so a block inside a list item stays there.
            indent = lines[inside[0]][: len(lines[inside[0]]) - len(lines[inside[0]].lstrip())]
            html = indent + render.block_badge(by_block[start])
            lines[at:at] = ["", html, ""]
            source_lines[at:at] = [block.start_line] * 3
        text = "\n".join(lines)
        filtered.text = text
        filtered.source_lines = source_lines
        return text

    def _badges_on(self, page: Page) -> bool:
        """Badges are on unless the config or the page's front matter (`badges: false`, for
        overview pages that mention release-specific items) turns them off."""
        if not self.config.badges or self.rp is None:
            return False
        source = self.rp.sources.get(page.file.src_uri)
        if source is None or "badges" not in source.meta:
            return True
        value = source.meta["badges"]
        if not isinstance(value, bool):
            if page.file.src_uri not in self._badge_warnings:
                self._badge_warnings.add(page.file.src_uri)
                log.warning(
                    f"{source.path}:{source.line_of('badges')}: 'badges' must be true or false, "
                    f"not '{value}'"
                )
            return True
        return value

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Prepend the banner (build-time fallback), the notice slot and the page badges."""
        if not self.config.enabled or self.rp is None:
            return None
        rp = self.rp
        info = self.by_src.get(page.file.src_uri)
        page_id = info.id if info else default_page_id(page.file.src_uri)
        self.rendered[page.file.src_uri] = {
            "id": page_id,
            "url": page.url,
            "title": (info.title if info else None) or page.title or page_id,
            "fallback": info.fallback if info else None,
        }
        badges: list[Badge] = []
        if info is not None and self._badges_on(page):
            filtered = rp.filtered.get(page.file.src_uri)
            badges = page_badges(
                info.versions,
                filtered.blocks if filtered else [],
                rp.catalog,
                rp.release,
                self.config.new_badge_releases,
                info.deprecated_in,
            )
        banner = banner_for(rp.catalog, rp.release) if self.config.banners else None
        header = render.page_header(
            release=rp.release,
            banner=banner,
            badges=badges,
            page_id=page_id,
            page_url=page.url,
            root=_site_root_href(page.url),
            latest_href=self._same_page_href(page, info, rp.catalog.default),
        )
        return header + html

    def _same_page_href(self, page: Page, info: PageInfo | None, target: Release) -> str:
        assert self.index is not None
        url = self.where.get(info.id, {}).get(target.version, "") if info is not None else ""
        return _other_release(page.url, target.version, url)

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Any
    ) -> dict[str, Any] | None:
        """Canonical URL: the newest supported release that has this page."""
        if not self.config.enabled or self.rp is None or self.root_url is None:
            return None
        info = self.by_src.get(page.file.src_uri)
        if info is None or self.index is None:
            return None
        urls = self.where.get(info.id, {})
        having = [r for r in self.rp.catalog.releases if r.version in urls]
        preferred = [r for r in having if r.status in ("supported", "lts")]
        if not preferred:
            return None  # only previews or end-of-life releases have it: its own address
        best = preferred[0]
        canonical = f"{self.root_url}{best.version}/{urls[best.version]}"
        page.canonical_url = canonical
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """End-of-life releases ask search engines not to index them."""
        if not self.config.enabled or self.rp is None or self.rp.release.status != "eol":
            return None
        return output.replace("<head>", "<head>\n" + render.robots_noindex(), 1)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write this release's page list (for the site manifest) and former-path redirects.

        The release's sitemap.xml keeps every page: Material's instant navigation and version
        selector read it to know which pages exist."""
        if not self.config.enabled or self.rp is None or self.index is None:
            return
        rp = self.rp
        site = Path(config.site_dir)
        listing = ReleasePages(
            version=rp.release.version,
            site_path=urlsplit(self.root_url).path if self.root_url else "/",
            noindex=rp.release.status == "eol",
            site_name=config.site_name,
            root_url=self.root_url,
        )
        listing.pages = sorted(self.rendered.values(), key=lambda e: e["id"])
        for info in self.index.of_release(rp.release).values():
            target = url_of(info.src_uri, config.use_directory_urls)
            for former in info.redirect_from:
                old = url_of(former, config.use_directory_urls)
                listing.redirects[old] = info.id
                stub = site / (old + "index.html" if old.endswith("/") or not old else old)
                if stub.exists():
                    continue
                stub.parent.mkdir(parents=True, exist_ok=True)
                stub.write_text(
                    redirect_page(get_relative_url(target, old), info.title or info.id,
                                  get_relative_url(REDIRECT_SCRIPT, old)),
                    encoding="utf-8",
                )
        (site / PAGES_FILE).write_text(listing.to_json(), encoding="utf-8")


@dataclass(frozen=True)
class _Published:
    """Where a page that is no page of its own is read: an FAQ entry, in its category page."""

    page: str
    anchor: str
    title: Markup
    """Markdown text: the question, its Markdown punctuation escaped."""


def _faq_entries(config: MkDocsConfig) -> dict[str, _Published]:
    """Every FAQ entry of the catalog (all releases), by its file: supportal/faq removes entry
    files from the build and publishes each as `#<id>` in `<folder>/<category>/index.md`, so a
    docs-changes link to the file would be dead and its page id is no readable title.

    Read after supportal/faq's `on_files`; empty when the plugin is off or absent."""
    faq = config.plugins.get("supportal/faq")
    catalog = getattr(faq, "catalog", None)
    # A stopped FAQ's catalog is half-read; the build stops before any page shows it.
    if faq is None or catalog is None or getattr(faq, "stopped", False):
        return {}
    folder = faq.config.folder.strip("/")
    return {
        e.src_uri: _Published(f"{folder}/{e.category}/index.md", e.id, md_text(e.question))
        for e in catalog.entries
    }


def _other_release(page_url: str, version: str, url: str) -> str:
    """Relative link from a page of this release to `url` in release `version`."""
    return f"{_site_root_href(page_url)}{version}/{url}"


def _site_root_href(page_url: str) -> str:
    """Relative link from a page to the site root, the folder above this release's folder."""
    to_root = get_relative_url(".", page_url)
    return "../" if to_root == "." else to_root.rstrip("/") + "/../"


def _release_anchor(version: str) -> str:
    return "release-" + version.replace(".", "-")


def _site_root(site_url: str | None, version: str) -> str | None:
    """`https://docs.example/` when the build's site_url is `https://docs.example/<version>/`."""
    if not site_url:
        return None
    url = site_url.rstrip("/")
    if not url.endswith("/" + version):
        return None
    return url[: -len(version)]


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return posixpath.basename(str(path))
