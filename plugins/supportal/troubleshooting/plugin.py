"""`supportal/troubleshooting`: decision trees validated at build time, read as a wizard."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from markdown.extensions.toc import slugify as default_slugify
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import AuthoringError, DeferredStop, counted_errors, stop_after_files
from ..core.configplace import plugin_place
from ..core.frontmatter import SourcePage, read_front_matter
from ..core.generated import address_taken, generated_by
from ..core.logs import get_logger
from ..core.problems import Problems, SupportalError
from ..core.snippets import SnippetRenderer
from ..core.sourcefiles import docs_display, file_text
from ..core.supportdesk import SupportDesk, load_support_desk
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import parse_yaml
from ..releases.blocks import filter_blocks
from ..releases.navprune import prune_nav
from ..releases.plugin import releases_of
from .config import TroubleshootingConfig
from .knownissues import KnownIssueSource, MappingKnownIssues
from .markdown_form import parse_markdown_tree
from .model import DecisionTree
from .registry import NodeRegistry, writes_allowed
from .render import (
    PACKAGE,
    AnswerLink,
    fill_markers,
    render_node_close,
    render_node_open,
    render_tree_close,
    render_tree_open,
    tree_markdown,
)
from .report import mermaid_source, report_values
from .validate import ForestCheck, Settings
from .yaml_form import SUFFIX, page_markdown, page_uri, parse_yaml_tree

log = get_logger("troubleshooting")
MERMAID_URL = "assets/supportal/troubleshooting/vendor/mermaid.min.js"
BUNDLED = "bundled"
# Read by mermaid-loader.js: this portal ships its own Mermaid (no CDN needed).
_LOCAL_MERMAID = '<meta name="supportal-mermaid" content="local">'
ASSETS = ("trees.js", "trees.css")
_ID_ATTR = re.compile(r"""\{:?[^}]*#([\w-]+)[^}]*\}|\bid=["']([^"']+)["']""")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")


class TroubleshootingPlugin(DeferredStop, BasePlugin[TroubleshootingConfig]):
    """Finds tree pages (front matter `tree:`) and `*.tree.yml` files, validates every tree of
    the release being built, and renders each as a wizard over a full, anchored no-JS page."""

    # `mkdocs serve` says so here (our own CLI uses `compare_only()` instead); MkDocs keeps the
    # plugin across the server's rebuilds, so the answer holds for all of them.
    previewing = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether MkDocs runs a preview server: its drafts are never published."""
        self.previewing = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Per-build state; load support.yml (its errors stop the build once every plugin has
        read its files); register the scripts."""
        self.start_checks()
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.trees: dict[str, DecisionTree] = {}
        self.check: ForestCheck | None = None
        self.known_issues: KnownIssueSource | None = None
        self.sources: dict[str, SourcePage] = {}
        self.release = ""
        self.markdown: SnippetRenderer | None = None
        desk_file = self.root / self.config.support
        self.desk_path = _relative(desk_file, self.root)
        self.desk: SupportDesk | None = None
        self.desk_unread = False
        if desk_file.exists():
            if str(desk_file) not in config.watch:  # `serve` rebuilds when the desk changes
                config.watch.append(str(desk_file))
            try:
                self.desk = load_support_desk(desk_file, self.desk_path)
            except SupportalError as exc:
                # The trees are still read and checked, all but their escalations.
                self.desk_unread = True
                self.defer(exc.problems, log)
            else:
                self.defer(self.desk.warnings, log)
        self.mermaid_file: Path | None = None
        if self.config.mermaid_script == BUNDLED:
            self.mermaid_file = Path(
                str(resources.files(PACKAGE) / "assets" / "vendor" / "mermaid.min.js")
            )
        elif self.config.mermaid_script:
            self.mermaid_file = self.root / self.config.mermaid_script
            if not self.mermaid_file.is_file():
                raise AuthoringError(
                    f"{plugin_place(config, 'supportal/troubleshooting')}: "
                    f"supportal/troubleshooting: mermaid_script "
                    f"'{self.config.mermaid_script}' is not a file (a local copy of mermaid.min.js)"
                )
        # Tree headings carry `{#id .kind}`: without attr_list they would render as text.
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        register_assets(config, PACKAGE, ASSETS)
        return config

    # After supportal/releases (priority 100: only this release's pages are left) and after
    # supportal/reading (priority 50), whose on_files fills `known_issues`.
    @event_priority(-50)
    def _read_trees(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        rp = releases_of(config)
        self.release = rp.release.version if rp else ""
        version = rp.release.parsed if rp else None
        display = docs_display(config)
        problems = Problems()
        unread: set[str] = set()
        for file in list(files.documentation_pages()):
            source = rp.sources.get(file.src_uri) if rp else None
            if source is None:
                try:
                    source = read_front_matter(file.content_string, display(file.src_uri))
                except SupportalError:
                    unread.add(file.src_uri)
                    continue  # the releases plugin reports front-matter errors
            self.sources[file.src_uri] = source
            if "tree" not in source.meta:
                continue
            filtered = filter_blocks(
                source.body, version, source.path, Problems(), first_line=source.body_line
            )
            self.trees[file.src_uri] = parse_markdown_tree(
                filtered.text,
                source.meta,
                path=source.path,
                src_uri=file.src_uri,
                problems=problems,
                file_line=filtered.file_line,
            )
        excluded = self._yaml_trees(files, config, display, problems)
        if excluded and config.nav is not None:
            config.nav = prune_nav(config.nav, excluded)
        self.known_issues, issues_unread = _known_issues(config)
        registry = self._registry(problems)
        site_url = config.site_url or ""
        urls = {f.src_uri: site_url + f.url for f in files.documentation_pages()}
        self.check = ForestCheck(
            trees=self.trees,
            pages=_PageIndex(files, self.sources, rp, config),
            known_issues=self.known_issues,
            desk=self.desk,
            settings=Settings(
                max_depth=self.config.max_depth,
                release=self.release,
                page_url=lambda tree: urls.get(tree.src_uri, ""),
                product=(
                    self.desk.product if self.desk and self.desk.product else config.site_name
                ),
                desk_path=self.desk_path,
            ),
            registry=registry.published(self.release) if registry else None,
            desk_unread=self.desk_unread,
            known_issues_unread=issues_unread,
            unread_pages=unread,
        )
        self.check.run(problems)
        if self.defer(problems, log):  # by these, or by support.yml
            return files
        # Nor is anything recorded as published from a build that another plugin's errors
        # stop: each has read its files by now (priority -50 is the lowest of them).
        published = not counted_errors(config)
        if registry is not None and writes_allowed() and not self.previewing and published:
            try:
                registry.record(
                    self.release, [(t.id, t.nodes) for t in self.trees.values() if t.id]
                )
            except SupportalError as exc:  # broken by a hand edit since this build read it
                self.defer(exc.problems, log)
        # Every page loads trees.js (on_config cannot know yet whether the release has trees).
        add_asset_files(files, config, PACKAGE)
        # The bundled Mermaid ships with the assets; replace it by the portal's own copy, or
        # drop it (3.5 MB) when no overview draws with it.
        bundled = files.get_file_from_path(MERMAID_URL)
        if bundled is not None and (self.config.mermaid_script != BUNDLED or not self.trees):
            files.remove(bundled)
            if self.mermaid_file is not None and self.trees:
                files.append(
                    File.generated(config, MERMAID_URL, abs_src_path=str(self.mermaid_file))
                )
        return files

    on_files = CombinedEvent(_read_trees, stop_after_files)
    """Read every tree of the release, validate them all, report every problem. Then, after
    every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    def _yaml_trees(
        self, files: Files, config: MkDocsConfig, display: Any, problems: Problems
    ) -> set[str]:
        excluded: set[str] = set()
        for file in list(files):
            if not file.src_uri.endswith(SUFFIX):
                continue
            files.remove(file)
            path = display(file.src_uri)
            try:
                # file_text: a tree file saved as Latin-1 is a located problem like a YAML
                # error, not a UnicodeDecodeError traceback out of the build.
                data = parse_yaml(file_text(file, path), path)
            except SupportalError as exc:
                problems.extend(exc.problems)
                continue
            target = page_uri(file.src_uri)
            tree = parse_yaml_tree(data, path=path, src_uri=target, problems=problems)
            if tree is None:
                continue
            if tree.versions:
                try:
                    versions = VersionRange.parse(tree.versions)
                except RangeSyntaxError as exc:
                    problems.error(path, tree.line_of("versions"), str(exc))
                    continue
                if self.release and self.release not in versions:
                    excluded.add(target)
                    continue
            other = generated_by(files, target)
            if other:
                problems.error(
                    path,
                    None,
                    f"this tree's page is {target}, a page {other} generates already "
                    f"({plugin_place(config, other)}): rename the tree file, or set {other}'s "
                    "option for that page to another path",
                )
                continue
            if files.get_file_from_path(target) is not None:
                problems.error(
                    path,
                    None,
                    f"this tree's page is {display(target)}, which exists already: rename the "
                    "tree file or that page",
                )
                continue
            page = f"the page of {path} (supportal/troubleshooting)"
            elsewhere = address_taken(files, config, target, page, display)
            if elsewhere:
                problems.extend([elsewhere])
                continue
            generated = File.generated(config, target, content=page_markdown(tree))
            files.append(generated)
            self.sources[target] = read_front_matter(page_markdown(tree), path)
            self.trees[target] = tree
        return excluded

    def _registry(self, problems: Problems) -> NodeRegistry | None:
        if not self.config.node_registry:
            return None
        file = self.root / self.config.node_registry
        try:
            return NodeRegistry(file, _relative(file, self.root))
        except SupportalError as exc:
            problems.extend(exc.problems)
            return None

    # After supportal/releases (100) resolved release blocks and placeholders, before
    # supportal/reading (90): its per-block badges would otherwise land inside answer lists and
    # split them; it leaves pages alone whose line count another plugin changed, as ours do.
    @event_priority(95)
    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Re-emit a tree page as nodes between markers (bodies as MkDocs will render them)."""
        if not self.config.enabled:
            return None
        tree = self.trees.get(page.file.src_uri)
        if tree is None:
            return None
        if tree.source_form == "markdown":
            # `markdown` has release blocks and placeholders resolved: take bodies from it.
            source = self.sources[page.file.src_uri]
            fresh = parse_markdown_tree(
                markdown,
                source.meta,
                path=tree.path,
                src_uri=tree.src_uri,
                problems=Problems(),
                file_line=lambda n: n,
                report_meta=False,
            )
            return tree_markdown(tree, fresh.nodes, fresh.intro)
        return tree_markdown(tree, {}, markdown + "\n\n" + tree.intro)

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Swap the markers for the wizard, node sections, answers and escalation panels."""
        if not self.config.enabled:
            return None
        tree = self.trees.get(page.file.src_uri)
        if tree is None or self.check is None:
            return None
        check = self.check
        page_url = (config.site_url or "") + page.url
        product = self.desk.product if self.desk and self.desk.product else config.site_name
        external_titles: dict[str, str] = {}

        def href(target_src: str | None, anchor: str | None) -> str:
            found = files.get_file_from_path(target_src) if target_src else None
            url = get_relative_url(found.url, page.url) if found else ""
            return url + (f"#{anchor}" if anchor else "")

        def site_relative(url: str) -> str:
            """A site-relative URL (`known-issues/#kv-1042`) as seen from this page."""
            path, _, fragment = url.partition("#")
            return get_relative_url(path or ".", page.url) + (f"#{fragment}" if fragment else "")

        def answers_of(node_id: str) -> list[AnswerLink]:
            links = []
            for answer in tree.nodes[node_id].answers:
                target = check.target_of(tree, answer)
                if target is None:
                    continue
                if target.kind == "node":
                    link = f"#{target.node}"
                elif target.kind == "tree":
                    link = href(target.src_uri, target.node)
                    if target.tree is not None:
                        external_titles[answer.target] = f"Guide: {target.tree.title}"
                elif target.kind == "page":
                    link = href(target.src_uri, target.anchor)
                    found = files.get_file_from_path(target.src_uri or "")
                    page_title = (
                        found.page.title
                        if found and found.page and found.page.title
                        else target.src_uri
                    )
                    external_titles[answer.target] = f"Page: {page_title}"
                elif target.kind == "known-issue":
                    issue = (
                        self.known_issues.get(target.anchor or "") if self.known_issues else None
                    )
                    if issue is None:
                        continue
                    link = site_relative(str(issue.url))
                    external_titles[answer.target] = f"Known issue {issue.id}: {issue.title}"
                else:
                    link = answer.target
                links.append(
                    AnswerLink(
                        label=answer.text,
                        slug=answer.slug,
                        href=link,
                        kind=target.kind,
                        node=target.node if target.kind == "node" else None,
                    )
                )
            return links

        def node_close(node_id: str) -> str:
            node = tree.nodes.get(node_id)
            if node is None:
                return ""
            escalation = None
            if node.kind == "escalate" and self.desk is not None:
                level = node.tier or tree.tier
                tier = self.desk.tiers.get(level or 0)
                if tier is not None:
                    name = node.ticket or tree.ticket or tier.ticket
                    ticket = self.desk.tickets.get(name) if name else None
                    values = report_values(
                        tree,
                        node,
                        [],
                        release=self.release,
                        page_url=page_url,
                        product=product,
                        tier=tier.level,
                    )
                    escalation = {
                        "tier": tier,
                        "ticket": ticket,
                        "hours": self.desk.hours,
                        "report": values["body"],
                        "ticket_href": ticket.fill(values).url if ticket else "",
                    }
            issue, issue_href = None, None
            if node.kind == "known-issue" and node.ref and self.known_issues is not None:
                issue = self.known_issues.get(node.ref)
                if issue is not None:
                    issue_href = site_relative(str(issue.url))
            text = str(getattr(issue, "workaround", "") or "") if issue else ""
            workaround = Markup("")
            if text:
                links = _links_as_from(str(issue.url), files, page)
                workaround = self._workaround_html(text, config, links)
            return render_node_close(
                node, answers_of(node_id), escalation, issue, issue_href, workaround
            )

        opened = render_tree_open(tree, release=self.release, product=product, page_url=page_url)
        body = fill_markers(
            html,
            opened,
            "<!--supportal-tree-end-->",
            lambda i: render_node_open(tree.nodes[i]) if i in tree.nodes else "",
            node_close,
        )
        mermaid = mermaid_source(tree, external_titles) if self.config.overview else None
        closing = render_tree_close(tree, mermaid, self.mermaid_file is not None)
        return body.replace("<!--supportal-tree-end-->", closing)

    def _workaround_html(
        self, text: str, config: MkDocsConfig, links: Callable[[str], str]
    ) -> Markup:
        """A known issue's `workaround:` (Markdown) as the known-issues page renders it: after a
        bold label, with the portal's own extensions, so a node says what that page says."""
        if self.markdown is None:
            self.markdown = SnippetRenderer(
                list(config.markdown_extensions), dict(config.mdx_configs)
            )
        return self.markdown.block(f"**Workaround:** {text}", links)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        """With a local Mermaid, every page says so: mermaid-loader.js then loads that copy
        (and the link setup) for the first diagram drawn, instead of Material's CDN."""
        if not self.config.enabled or self.mermaid_file is None:
            return None
        return output.replace("</head>", f"{_LOCAL_MERMAID}</head>", 1)


def _links_as_from(issue_url: str, files: Files, page: Page) -> Callable[[str], str]:
    """Relative addresses of a known issue's text lead, on `page`, where they lead on the
    known-issues page (`issue_url`, site-relative) the text is written for: a Markdown path
    is a docs file relative to that page's source, as MkDocs reads it there."""
    ki_path = issue_url.partition("#")[0]
    pages = files.documentation_pages() if ki_path else []
    ki_file = next((f for f in pages if f.url == ki_path), None)

    def mapped(url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or parts.path.startswith("/"):
            return url
        suffix = (f"?{parts.query}" if parts.query else "") + (
            f"#{parts.fragment}" if parts.fragment else ""
        )
        if not parts.path:  # an anchor of the known-issues page itself
            return get_relative_url(ki_file.url, page.url) + suffix if ki_file else url
        source_dir = posixpath.dirname(ki_file.src_uri) if ki_file else ""
        target = files.get_file_from_path(
            posixpath.normpath(posixpath.join(source_dir, unquote(parts.path)))
        )
        if target is not None:
            return get_relative_url(target.url, page.url) + suffix
        # Not a docs file (MkDocs warns about it on the known-issues page): where a reader of
        # that page would land.
        landing = urljoin("/" + (ki_file.url if ki_file else ""), parts.path).lstrip("/")
        return get_relative_url(landing or ".", page.url) + suffix

    return mapped


class _PageIndex:
    """Pages of the release being built, with the anchors their headings and attributes make."""

    def __init__(
        self, files: Files, sources: dict[str, SourcePage], rp: Any, config: MkDocsConfig
    ) -> None:
        self.pages = {f.src_uri for f in files.documentation_pages()}
        self.sources = sources
        self.rp = rp
        toc = config.mdx_configs.get("toc", {}) if isinstance(config.mdx_configs, dict) else {}
        self.slugify = toc.get("slugify", default_slugify)
        self.separator = toc.get("separator", "-")
        self._anchors: dict[str, set[str]] = {}

    def exists(self, src_uri: str) -> bool:
        return src_uri in self.pages

    def outside_release(self, src_uri: str) -> str | None:
        if self.rp is None or src_uri not in self.rp.excluded:
            return None
        source = self.rp.sources.get(src_uri)
        return str(source.meta.get("versions")) if source else "another range"

    def anchors(self, src_uri: str) -> set[str]:
        if src_uri not in self._anchors:
            source = self.sources.get(src_uri)
            found: set[str] = set()
            if source is not None:
                text = source.body
                if self.rp is not None:  # only what this release keeps
                    text = filter_blocks(text, self.rp.release.parsed, source.path, Problems()).text
                fence: str | None = None
                for line in text.split("\n"):
                    marker = _FENCE.match(line)
                    if fence is not None:
                        if (
                            marker
                            and marker["fence"][0] == fence[0]
                            and len(marker["fence"]) >= len(fence)
                        ):
                            fence = None
                        continue
                    if marker:
                        fence = marker["fence"]
                        continue
                    heading = _HEADING.match(line)
                    if heading:
                        found.add(self.slugify(heading.group(1), self.separator))
                    for match in _ID_ATTR.finditer(line):
                        found.add(match.group(1) or match.group(2))
            self._anchors[src_uri] = found
        return self._anchors[src_uri]


def _known_issues(config: MkDocsConfig) -> tuple[KnownIssueSource | None, bool]:
    """The reading plugin's known issues when it is enabled, else None (known-issue nodes warn),
    and whether its known-issues file had errors (then known-issue links go unchecked)."""
    reading = config.plugins.get("supportal/reading")
    issues = getattr(reading, "known_issues", None) if reading is not None else None
    enabled = getattr(getattr(reading, "config", None), "enabled", True)
    if issues is None or not enabled:
        return None, False
    return MappingKnownIssues(issues), bool(getattr(reading, "known_issues_unread", False))


def _relative(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
