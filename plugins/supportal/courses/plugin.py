"""`supportal/courses`: course pages, knowledge checks, final assessment and certificate."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from ..core.assets import add_asset_files, register_assets
from ..core.bridge import (
    AuthoringError,
    DeferredStop,
    count_errors,
    report,
    stop_after_files,
)
from ..core.codefences import FenceTracker
from ..core.configplace import plugin_place
from ..core.generated import (
    address_taken,
    generated_by,
    generated_in_the_way,
    page_taken,
    same_address,
)
from ..core.logs import get_logger
from ..core.problems import Problems
from ..core.sourcefiles import docs_display
from ..releases.blocks import filter_blocks
from ..releases.navprune import prune_nav
from ..releases.plugin import ReleasesPlugin, releases_of
from . import render
from .config import CoursesConfig
from .model import LoadedCourse, load_course
from .questions import INLINE_FENCE

log = get_logger("courses")
PACKAGE = "supportal.courses"
_SLOT = re.compile(r"<p>KVQUESTIONSLOT(\d+)X</p>")
_QUESTION_FENCE = re.compile(r"^[ \t]*(?:```+|~~~+)[ \t]*question[ \t]*$")
_ID_LINE = re.compile(r"^id:[ \t]*['\"]?([A-Za-z0-9_-]+)", re.MULTILINE)
_GENERATED = {
    "index.md": "# {title}\n\n{summary}\n\nKVCOURSEHOMESLOT\n",
    "final.md": "# {final}\n\nKVFINALSLOT\n",
    "certificate.md": "# Certificate\n\nKVCERTIFICATESLOT\n",
}
# What each page of a course is, in messages about a path it shares with another page.
_WHAT = {
    "index.md": "the home",
    "final.md": "the final assessment",
    "certificate.md": "the certificate page",
    "lesson": "a lesson",
}


class CoursesPlugin(DeferredStop, BasePlugin[CoursesConfig]):
    """Reads `<folder>/*/course.yml` and the question banks, renders every course page.

    Course and bank YAML files are removed from the site: they hold the answers in clear.
    """

    courses: list[LoadedCourse]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        """Runs at build start: fresh per-build state, assets registered for every page."""
        self.start_checks()
        if not self.config.enabled:
            return None
        self.courses = []
        self.skipped: list[LoadedCourse] = []
        self.by_page: dict[str, tuple[LoadedCourse, str]] = {}
        self.inline_ids: dict[str, list[str]] = {}
        self.page_errors = 0
        self.md: render.SnippetRenderer | None = None
        register_assets(config, PACKAGE, ["courses.js", "courses.css"])
        return config

    @event_priority(50)  # after supportal/releases (100) removed other releases' pages
    def _read_courses(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        rp = releases_of(config)
        docs = Path(config.docs_dir)

        display = docs_display(config)

        def read_page(src_uri: str) -> str | None:
            file = files.get_file_from_path(src_uri)
            return file.content_string if file is not None else None

        problems = Problems()
        pages = {f.src_uri for f in files.documentation_pages()}
        prefix = self.config.folder.strip("/") + "/"
        course_files = sorted(
            (
                f
                for f in files
                if f.src_uri.startswith(prefix)
                and f.src_uri.endswith("/course.yml")
                and f.src_uri.count("/") == prefix.count("/") + 1
            ),
            key=lambda f: f.src_uri,
        )
        for file in files:
            if file.src_uri.startswith(prefix) and file.src_uri.endswith("/course.yaml"):
                problems.error(
                    display(file.src_uri), 1,
                    "a course is read from course.yml: rename this file course.yml",
                )
        excluded: set[str] = set()
        for file in course_files:
            folder = file.src_uri.rsplit("/", 1)[0]
            banks = {
                Path(f.src_uri).stem: docs / f.src_uri
                for f in files
                if f.src_uri.startswith(f"{folder}/questions/") and f.src_uri.endswith(".yml")
            }
            loaded, found = load_course(
                docs / file.src_uri, folder, display, banks, read_page, pages
            )
            problems.extend(found)
            for f in list(files):  # answers in clear never reach the site
                if f.src_uri.startswith(folder + "/") and f.src_uri.endswith((".yml", ".yaml")):
                    files.remove(f)
            if loaded is None:
                continue
            course = loaded.course
            if (
                rp is not None
                and course.versions is not None
                and rp.release.version not in course.versions
            ):
                for f in list(files):
                    if f.src_uri.startswith(folder + "/"):
                        files.remove(f)
                        excluded.add(f.src_uri)
                excluded.update(f"{folder}/{name}" for name in _GENERATED)
                self.skipped.append(loaded)
                continue
            self.courses.append(loaded)
            for name, text in _GENERATED.items():
                src = f"{folder}/{name}"
                if name == "final.md" and course.final is None:
                    continue
                page = f"{_WHAT[name]} of course '{course.id}' (supportal/courses)"
                other = generated_by(files, src)
                if other:  # an index.md there would not be the author's course home
                    problems.extend([generated_in_the_way(config, src, other, page)])
                    continue
                written = files.get_file_from_path(src) is not None
                elsewhere = None if written else address_taken(files, config, src, page, display)
                if elsewhere:
                    problems.extend([elsewhere])
                elif not written:
                    content = text.format(
                        title=course.title,
                        summary=course.summary,
                        final=course.final.title if course.final else "",
                    )
                    files.append(File.generated(config, src, content=content))
                elif name != "index.md":
                    problems.error(
                        display(src),
                        1,
                        f"this page name is reserved: the courses plugin generates {name} for "
                        f"course '{course.id}'; rename this page",
                    )
                self.by_page[src] = (loaded, name)
            for lesson in course.lessons:
                owner = self.by_page.get(lesson.src_uri)
                if owner is not None and owner[0] is not loaded:
                    problems.error(
                        course.path,
                        lesson.line,
                        f"lesson page '{lesson.page}' already belongs to course "
                        f"'{owner[0].course.id}': a page can be a lesson of one course only",
                    )
                    continue
                self.by_page[lesson.src_uri] = (loaded, "lesson")
            if rp is not None:
                _left_out_questions(loaded, rp, files, problems)
        seen: dict[str, LoadedCourse] = {}
        for loaded in self.courses + self.skipped:
            first = seen.setdefault(loaded.course.id, loaded)
            if first is not loaded:
                problems.error(
                    loaded.course.path,
                    1,
                    f"course id '{loaded.course.id}' is already used by {first.course.path}: "
                    "progress is saved per course id, so each course needs its own",
                )
        self.defer(problems, log)
        # Read only from the courses that loaded: a half-read course adds no false clash.
        clash = self._catalog_clash(files, config, display)
        if clash:
            self.defer_error(clash, log)
        if self.stopped:
            return files
        if excluded and config.nav is not None:
            config.nav = prune_nav(config.nav, excluded)
        catalog = self.config.catalog_page
        if self.courses and files.get_file_from_path(catalog) is None:
            files.append(File.generated(config, catalog, content="# Courses\n\n"))
        add_asset_files(files, config, PACKAGE)
        return files

    on_files = CombinedEvent(_read_courses, stop_after_files)
    """Load and validate every course; drop its YAML from the site; add generated pages. Then,
    after every plugin's `on_files`, stop the build if any Supportal plugin found errors."""

    def _catalog_clash(
        self, files: Files, config: MkDocsConfig, display: Callable[[str], str]
    ) -> str | None:
        """Why the catalog cannot go where `catalog_page` says: it is added to the page there
        (the author's, or one generated for it), so not to a page of a course, whose own
        content would give way, nor to another plugin's page."""
        if not (self.courses or self.skipped):
            return None
        catalog = self.config.catalog_page
        twin = same_address(files, config, catalog)
        for page in (catalog, twin.src_uri if twin else None):
            owner = self.by_page.get(page) if page else None
            if owner is not None:
                loaded, kind = owner
                what = f"{_WHAT[kind]} of course '{loaded.course.id}'"
                if page != catalog:
                    what = f"published at the same address as {page}, {what}"
                return (
                    f"{plugin_place(config, 'supportal/courses')}: supportal/courses option "
                    f"'catalog_page' is {catalog}, {what}: set it to another path"
                )
        there = files.get_file_from_path(catalog)
        if there is None or there.generated_by:  # the catalog is no author's page: its own
            return page_taken(files, config, catalog, "supportal/courses", "catalog_page", display)
        return None

    def _renderer(self, config: MkDocsConfig) -> render.SnippetRenderer:
        if self.md is None:
            self.md = render.SnippetRenderer(
                list(config.markdown_extensions), dict(config.mdx_configs)
            )
        return self.md

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Swap inline `question` fences for placeholders (rendered in on_page_content)."""
        if not self.config.enabled:
            return None
        kind = self.by_page.get(page.file.src_uri, (None, ""))[1]
        self._stray_questions(page, config, lesson=kind == "lesson")
        if kind != "lesson":
            return None
        ids: list[str] = []

        def slot(match: re.Match[str]) -> str:
            found = _ID_LINE.search(match.group("body"))
            ids.append(found.group(1) if found else "")
            return f"\n\nKVQUESTIONSLOT{len(ids) - 1}X\n\n"

        self.inline_ids[page.file.src_uri] = ids
        return INLINE_FENCE.sub(slot, markdown)

    def _stray_questions(self, page: Page, config: MkDocsConfig, *, lesson: bool) -> None:
        """A `question` block that is not read as a question is published as a code block,
        answers included: an error at each one. Outside a lesson (a page left out of
        course.yml, a course home, a course.yaml) every block is; in a lesson, an indented one
        (in a list, an admonition or a tab), which the lesson's reader does not take."""
        source = page.file.content_string
        if "question" not in source:
            return
        rp = releases_of(config)
        path = docs_display(config)(page.file.src_uri)
        problems = Problems()
        fences = FenceTracker()
        for number, line in enumerate(source.splitlines(), 1):
            was_open = fences.open is not None
            if not fences.inside(line) or was_open or not _QUESTION_FENCE.match(line):
                continue  # a question block shown inside a longer fence is an example
            if not lesson:
                problems.error(
                    path,
                    number,
                    "a question block works only in a lesson: list this page under a module's "
                    f"'lessons' in its course's course.yml (in {self.config.folder}/<course>/), "
                    "or remove the block; elsewhere it would be published as code, answers "
                    "included",
                )
            elif line[:1] in (" ", "\t"):
                problems.error(
                    path,
                    number,
                    "a question block must start at the beginning of its line: indented (in a "
                    "list, an admonition or a tab) it is not read as a question and would be "
                    "published as code, answers included",
                )
        # Every page's blocks are listed before the build stops, ahead of writing any page:
        # supportal/releases stops it for all pages' problems, else `on_env` below.
        if rp is not None:
            rp.page_problems.extend(problems)
        else:
            self.page_errors += len(problems.errors)
        report(problems, log, stop_on_errors=False)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Once every page is read, before any is written: without supportal/releases, stop
        the build if question blocks were found where they would be published as code."""
        if self.config.enabled and self.page_errors:
            raise AuthoringError(count_errors(self.page_errors, " in pages"))
        return None

    def on_page_content(
        self, html: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Render questions, checks, course home, final, certificate and catalog into pages."""
        if not self.config.enabled:
            return None
        src = page.file.src_uri
        secret = self.config.answer_secret
        if src == self.config.catalog_page and (self.courses or self.skipped):
            return html + render.catalog_html(self.courses, page.url, self._release(config))
        if src not in self.by_page:
            return None
        loaded, kind = self.by_page[src]
        md = self._renderer(config)
        release = self._release(config)
        lesson = loaded.course.lesson_of(src)
        data = render.course_data(loaded, release, page.url, lesson.id if lesson else None)
        if kind == "lesson" and lesson is not None:
            ids = self.inline_ids.get(src, [])

            def question(match: re.Match[str]) -> str:
                qid = ids[int(match.group(1))]
                q = loaded.questions.get(qid)
                return (
                    render.question_html(
                        q, md, course_id=loaded.course.id, secret=secret, mode="check"
                    )
                    if q
                    else ""
                )

            html = _SLOT.sub(question, html)
            return html + render.lesson_footer(loaded, lesson.id, page.url, md, secret) + data
        if kind == "index.md":
            html = html.replace("<p>KVCOURSEHOMESLOT</p>", "")
            return html + render.home_html(loaded, page.url) + data
        if kind == "final.md":
            return (
                html.replace("<p>KVFINALSLOT</p>", render.final_html(loaded, md, secret, page.url))
                + data
            )
        if kind == "certificate.md":
            return (
                html.replace("<p>KVCERTIFICATESLOT</p>", render.certificate_html(loaded, page.url))
                + data
            )
        return None

    def _release(self, config: MkDocsConfig) -> dict[str, Any]:
        rp = releases_of(config)
        if rp is None:
            return {"version": "", "title": config.site_name}
        return {
            "version": rp.release.version, "title": rp.release.title, "status": rp.release.status
        }


def _left_out_questions(
    loaded: LoadedCourse, rp: ReleasesPlugin, files: Files, problems: Problems
) -> None:
    """Inline questions that a `/// versions` block drops from this release.

    The lesson's check, and so the course, could never be completed here. Found now, with the
    course's other problems: raised while a page is read, the error would also make MkDocs log
    a bare "Error reading page" line of its own.
    """
    for lesson in loaded.course.lessons:
        source = rp.sources.get(lesson.src_uri)
        if not lesson.inline or source is None or files.get_file_from_path(lesson.src_uri) is None:
            continue
        kept = set(
            filter_blocks(
                source.body, rp.release.parsed, source.path, Problems(), first_line=source.body_line
            ).source_lines
        )
        for qid in lesson.inline:
            question = loaded.questions.get(qid)
            if question is not None and question.line not in kept:
                problems.error(
                    question.path,
                    question.line,
                    f"question '{qid}' is inside a block left out of this release: a course is "
                    "published per release as a whole, so move the question out of the "
                    "'/// versions' block (or limit the course with 'versions' in course.yml)",
                )
