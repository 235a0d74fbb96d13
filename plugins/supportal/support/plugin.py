"""`supportal/support`: "Get support" page, page feedback, security advisories, content review."""

from __future__ import annotations

import datetime as dt
import posixpath
from pathlib import Path

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
from ..core.problems import Problems, SupportalError, expected
from ..core.supportdesk import SupportDesk, TicketTemplate, load_support_desk
from ..faq.navigation import insert_after
from ..releases.plugin import ReleasesPlugin, releases_of
from .advisories import AdvisoryList, fixed_in_summary, load_advisories
from .config import SupportConfig
from .ownership import Ownership, parse_interval, read_ownership
from .render import render

log = get_logger("support")
PACKAGE = "supportal.support"


class SupportPlugin(DeferredStop, BasePlugin[SupportConfig]):
    """Generates the support hub's pages and adds feedback and advisory banners to every page.

    After `on_files`: `desk` (support.yml, or None), `advisories` and `ownership` (review
    records of every page, all releases) are available to other plugins and the CLI.
    """

    desk: SupportDesk | None
    advisories: AdvisoryList | None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Runs at start: load support.yml, check the feedback options, load the scripts."""
        self.start_checks()
        self.desk = None
        self.desk_unread = False
        self.advisories = None
        self.ownership: list[Ownership] = []
        self.generated: dict[str, str] = {}
        self.feedback_ticket: TicketTemplate | None = None
        if not self.config.enabled:
            return None
        rp = releases_of(config)
        if rp is None:
            raise AuthoringError(
                "supportal/support needs the supportal/releases plugin, listed before it"
            )
        self.rp = rp
        root = Path(config.config_file_path or ".").resolve().parent
        if self.config.advisories.file:
            watch_file(config, root / self.config.advisories.file)
        self.root = root
        desk_file = root / self.config.support
        watch_file(config, desk_file)
        if desk_file.exists():
            # supportal/troubleshooting may read the same file: then it reports its problems.
            reported = not _trees_read(config, desk_file)
            try:
                self.desk = load_support_desk(desk_file, self.config.support)
            except SupportalError as exc:
                self.desk_unread = True
                if reported:
                    self.defer(exc.problems, log)
                self.stopped = True  # no hub page from a half-read desk
            else:
                if reported:
                    self.defer(self.desk.warnings, log)
        self._check_feedback(config)
        # Generated headings carry explicit ids such as `{ #tier-1 }`.
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")
        register_assets(config, PACKAGE, ["support.css", "feedback.js", "desk.js"])
        return config

    def _check_feedback(self, config: MkDocsConfig) -> None:
        feedback = self.config.feedback
        where = f"{plugin_place(config, 'supportal/support')}: plugin 'supportal/support'"
        if feedback.sink == "post" and not feedback.url:
            raise AuthoringError(f"{where}: feedback.sink is 'post' but feedback.url is not set")
        if feedback.ticket is not None and not self.desk_unread:
            tickets = self.desk.tickets if self.desk else {}
            if feedback.ticket not in tickets:
                tail = (
                    expected(feedback.ticket, tickets)
                    if tickets
                    else f"{self.config.support} defines no tickets."
                )
                raise AuthoringError(
                    f"{where}: feedback.ticket '{feedback.ticket}' is not a ticket template "
                    f"of {self.config.support}. {tail}"
                )
            self.feedback_ticket = tickets[feedback.ticket]
        elif self.desk is not None:
            self.feedback_ticket = (
                self.desk.ticket_for(min(self.desk.tiers)) if self.desk.tiers else None
            )
        consent = config.extra.get("consent")
        if (
            feedback.enabled
            and feedback.sink != "none"
            and feedback.consent == "required"
            and not consent
        ):
            log.warning(
                f"{where}: feedback.consent is 'required' but Material's cookie consent "
                "(extra.consent) is not configured, so no reader can consent and no feedback is "
                "ever sent. Configure extra.consent, or set feedback.consent: not-required."
            )

    @event_priority(40)  # after releases (100) and the FAQ (50): every page of the release exists
    def _read_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        rp = self.rp
        problems = Problems()
        versions = rp.catalog.versions
        file = self.config.advisories.file
        advisories = self.root / file if file else None
        if advisories is not None and not advisories.is_file():
            # The mistake is the option (a missing file's name alone said neither where nor why).
            self.defer_error(
                f"{plugin_place(config, 'supportal/support')}: plugin 'supportal/support': "
                f"advisories.file '{self.config.advisories.file}' is not a file (a path "
                "relative to the folder of mkdocs.yml)",
                log,
            )
        elif advisories is not None:
            try:
                self.advisories, warnings = load_advisories(
                    self.root / self.config.advisories.file, self.config.advisories.file, versions
                )
                problems.extend(warnings)
            except SupportalError as exc:
                problems.extend(exc.problems)
        for src_uri, source in sorted(rp.sources.items()):
            record = read_ownership(source, src_uri, problems)
            if record is not None:
                self.ownership.append(record)
        if self.defer(problems, log):
            return files

        present = {f.src_uri for f in files.documentation_pages()}
        if self.desk is not None:
            self._generate(files, config, self.config.contact_page, "contact_page",
                           self._contact(config, rp))
        if self.advisories is not None:
            self._generate(files, config, self.config.advisories.page, "advisories.page",
                           self._security(rp))
        if self.config.ownership.report:
            self._generate(files, config, self.config.ownership.report_page,
                           "ownership.report_page", self._review(present))
        add_asset_files(files, config, PACKAGE)
        if self.config.nav and config.nav is not None:
            public = [u for u in self.generated if u != self.config.ownership.report_page]
            config.nav = insert_after(config.nav, "support/index.md", public)
        return files

    on_files = CombinedEvent(_read_files, stop_after_files)
    """Load advisories, read review records, generate the hub pages. Then, after every
    plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    def _generate(
        self, files: Files, config: MkDocsConfig, uri: str, option: str, content: str
    ) -> None:
        taken = page_taken(files, config, uri, "supportal/support", option, self.rp.display_path)
        if taken:
            self.defer_error(taken, log)  # and on to the next page: each clash is reported
            return
        files.append(File.generated(config, uri, content=content))
        self.generated[uri] = uri

    def _contact(self, config: MkDocsConfig, rp: ReleasesPlugin) -> str:
        desk = self.desk
        assert desk is not None
        page_url = _page_url(config, self.config.contact_page)
        values = {
            "title": f"Support request ({rp.release.title})",
            "body": f"Release: {rp.release.version}\nPage: {page_url}\n\nDescribe the problem:\n",
            "page_url": page_url,
            "release": rp.release.version,
            "product": desk.product or config.site_name,
        }
        tiers = []
        for level, tier in sorted(desk.tiers.items()):
            template = desk.ticket_for(level)
            tiers.append(
                {
                    "level": level,
                    "name": tier.name,
                    "description": tier.description,
                    "channels": [
                        {
                            "kind": c.kind,
                            "label": c.label,
                            "value": c.value,
                            "href": c.href,
                            "hours": {
                                "summary": desk.hours[c.hours].summary(),
                                "json": desk.hours[c.hours].as_json(),
                            }
                            if c.hours
                            else None,
                        }
                        for c in tier.channels
                    ],
                    "ticket": {"url": template.fill(values).url, "label": template.label}
                    if template
                    else None,
                }
            )
        prepare = [item.replace("{release}", rp.release.title) for item in self.config.prepare]
        return render(
            "contact.md",
            tiers=tiers,
            prepare=prepare,
            release_title=rp.release.title,
            product=desk.product,
        )

    def _security(self, rp: ReleasesPlugin) -> str:
        assert self.advisories is not None
        affecting = self.advisories.affecting(rp.release.version)
        items = [
            {
                "id": a.id,
                "anchor": a.anchor,
                "title": a.title,
                "severity": a.severity,
                "affected": a.affected,
                "fixed_in": a.fixed_in,
                "cves": a.cves,
                "published": a.published.isoformat(),
                "summary": a.summary,
                "releases": [r.version for r in rp.catalog.matching(a.affected)],
                "affects_this": a in affecting,
            }
            for a in self.advisories.newest_first()
        ]
        return render(
            "security.md",
            advisories=items,
            affecting=affecting,
            fixes=fixed_in_summary(affecting),
            release_title=rp.release.title,
        )

    def _review(self, present: set[str]) -> str:
        settings = self.config.ownership
        default_days = parse_interval(settings.review_every)
        today = dt.date.fromisoformat(settings.as_of) if settings.as_of else dt.date.today()
        report_dir = posixpath.dirname(settings.report_page)
        # FAQ entries are no pages of their own (supportal/faq removed them): keep every record
        # of this release, linking those that are pages.
        records = [r for r in self.ownership if r.src_uri not in self.rp.excluded]
        rows = [
            {
                "title": r.title,
                "owner": r.owner,
                "path": r.path,
                "link": posixpath.relpath(r.src_uri, report_dir or ".")
                if r.src_uri in present
                else None,
                "last_reviewed": r.last_reviewed.isoformat() if r.last_reviewed else None,
                "due": d.isoformat() if (d := r.due(default_days)) else None,
                "stale": r.is_stale(default_days, today),
            }
            for r in sorted(
                records,
                key=lambda r: (
                    not r.is_stale(default_days, today),
                    r.last_reviewed or dt.date.min,
                    r.path,
                ),
            )
        ]
        tracked = {r.src_uri for r in records}
        untracked = len([u for u in present if u not in tracked and u.endswith(".md")])
        return render(
            "content-review.md",
            records=rows,
            as_of=today.isoformat(),
            default_days=default_days,
            untracked=untracked,
        )

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """On every page: the advisories banner (affected releases) and the feedback widget."""
        if not self.config.enabled:
            return None
        uri = page.file.src_uri
        before = ""
        if (
            self.advisories is not None
            and self.config.advisories.banner
            and uri != self.config.advisories.page
        ):
            affecting = self.advisories.affecting(self.rp.release.version)
            if affecting:
                before = render(
                    "banner.html",
                    count=len(affecting),
                    advisories=affecting,
                    fixes=fixed_in_summary(affecting),
                    link=get_relative_url(_url_of(self.config.advisories.page, config), page.url),
                )
        after = ""
        feedback = self.config.feedback
        if (
            feedback.enabled
            and page.meta.get("feedback", True) is not False
            and uri != self.config.ownership.report_page
        ):
            after = self._feedback(page, config)
        if not before and not after:
            return None
        return before + html + after

    def _feedback(self, page: Page, config: MkDocsConfig) -> str:
        feedback = self.config.feedback
        ticket = None
        if self.feedback_ticket is not None:
            page_url = page.canonical_url or page.url
            title = page.title or page.file.src_uri
            release = self.rp.release
            # What the link holds before the script refines it (no script: still useful).
            values = {
                "title": f"Docs feedback: {title} ({release.title})",
                "body": f"Feedback on a documentation page\nPage: {title}\nURL: {page_url}\n"
                f"Release: {release.version}\n",
                "page_url": page_url,
                "release": release.version,
                "product": (self.desk.product if self.desk else None) or config.site_name,
            }
            ticket = {
                "url": self.feedback_ticket.fill(values).url,
                "template": self.feedback_ticket.url,
                "budget": self.feedback_ticket.budget,
                "label": self.feedback_ticket.label,
            }
        return render(
            "feedback.html",
            page_title=page.title or page.file.src_uri,
            release=self.rp.release.version,
            release_title=self.rp.release.title,
            product=(self.desk.product if self.desk else None) or config.site_name,
            sink=feedback.sink,
            url=feedback.url,
            event=feedback.event,
            consent=feedback.consent,
            consent_cookie=feedback.consent_cookie,
            title=feedback.title,
            reasons=feedback.reasons,
            ticket=ticket,
        )


def _trees_read(config: MkDocsConfig, desk_file: Path) -> bool:
    """Whether an enabled supportal/troubleshooting reads `desk_file` as its support desk."""
    trees = config.plugins.get("supportal/troubleshooting")
    if trees is None or not trees.config.enabled:
        return False
    root = Path(config.config_file_path or ".").resolve().parent
    return bool((root / trees.config.support).resolve() == desk_file.resolve())


def _url_of(uri: str, config: MkDocsConfig) -> str:
    """The site URL of a page by its source path, as MkDocs computes it (`support/security/`)."""
    file = File(
        uri, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls
    )
    return file.url


def _page_url(config: MkDocsConfig, uri: str) -> str:
    base = (config.site_url or "").rstrip("/")
    return f"{base}/{_url_of(uri, config)}" if base else _url_of(uri, config)
