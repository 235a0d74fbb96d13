"""What changed in the docs between two releases.

Plain Python, no MkDocs. Each page is rendered for a release the way `supportal/releases`
renders it (versions blocks resolved, `{{ release.* }}` replaced); pages are matched by id, so
a page that moved shows as changed (with its old and new path), not as removed plus added.
A page counts as changed when its text differs before `{{ release.* }}` placeholders are
replaced: a new release number alone is not a docs change.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..core.frontmatter import SourcePage, read_front_matter
from ..core.problems import Problem, Problems, SupportalError
from ..core.sourcefiles import read_text
from ..releases.blocks import filter_blocks
from ..releases.model import Release
from ..releases.placeholders import substitute
from .pageids import PageIndex, PageInfo


@dataclass(frozen=True)
class RenderedPage:
    id: str
    src_uri: str
    title: str
    text: str
    """The Markdown as readers of the release get it."""
    source: str
    """The same before `{{ release.* }}` placeholders: what decides whether a page changed."""


@dataclass(frozen=True)
class ChangedPage:
    id: str
    title: str
    old_src: str
    new_src: str
    diff: str
    """Unified diff of the rendered Markdown, old release first."""


@dataclass
class DocsDiff:
    old: str
    new: str
    added: list[RenderedPage] = field(default_factory=list)
    removed: list[RenderedPage] = field(default_factory=list)
    changed: list[ChangedPage] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def render_release(
    index: PageIndex, sources: Mapping[str, SourcePage], release: Release
) -> dict[str, RenderedPage]:
    """Every page of `release` rendered for it, by page id."""
    rendered: dict[str, RenderedPage] = {}
    context = release.as_context()
    for page in index.of_release(release).values():
        source, text = _render(sources[page.src_uri], release, context)
        # A heading title such as `# Install {{ release.title }}` reads as in the release's nav;
        # its problems, if any, are the build's to report (quietly here, as for the text).
        title = substitute(_title(page), context, page.src_uri, Problems())
        rendered[page.id] = RenderedPage(
            id=page.id, src_uri=page.src_uri, title=title, text=text, source=source
        )
    return rendered


def diff_releases(
    index: PageIndex, sources: Mapping[str, SourcePage], old: Release, new: Release
) -> DocsDiff:
    """Pages added, removed and changed from release `old` to release `new`, both rendered
    from the same Markdown tree."""
    return diff_rendered(
        render_release(index, sources, old), render_release(index, sources, new), old, new
    )


def diff_rendered(
    before: Mapping[str, RenderedPage],
    after: Mapping[str, RenderedPage],
    old: Release,
    new: Release,
) -> DocsDiff:
    """The diff of two releases rendered separately (by page id): releases built from git refs
    each come from their own tree, so one index cannot render both."""
    result = DocsDiff(old=old.version, new=new.version)
    for page_id in sorted(after):
        page = after[page_id]
        if page_id not in before:
            result.added.append(page)
            continue
        previous = before[page_id]
        if previous.source != page.source or previous.src_uri != page.src_uri:
            diff = "".join(
                difflib.unified_diff(
                    previous.text.splitlines(keepends=True),
                    page.text.splitlines(keepends=True),
                    fromfile=f"{old.version}/{previous.src_uri}",
                    tofile=f"{new.version}/{page.src_uri}",
                )
            )
            result.changed.append(
                ChangedPage(page_id, page.title, previous.src_uri, page.src_uri, diff)
            )
    result.removed = [before[i] for i in sorted(before) if i not in after]
    return result


def _render(source: SourcePage, release: Release, context: Mapping[str, object]) -> tuple[str, str]:
    quiet = Problems()  # authoring problems are reported by the builds, not by the diff
    filtered = filter_blocks(
        source.body, release.parsed, source.path, quiet, first_line=source.body_line
    )
    text = substitute(filtered.text, context, source.path, quiet, filtered.file_line)
    return _ending(filtered.text), _ending(text)


def _ending(text: str) -> str:
    return text if text.endswith("\n") else text + "\n"


def _title(page: PageInfo) -> str:
    return page.title or page.id


def read_sources(docs_dir: Path, display_prefix: str) -> dict[str, SourcePage]:
    """Every Markdown page under `docs_dir` (hidden files skipped, as MkDocs does), read with
    the strict front-matter reader; raises SupportalError listing every bad page."""
    sources: dict[str, SourcePage] = {}
    problems: list[Problem] = []
    for file in sorted(docs_dir.rglob("*.md")):
        relative = file.relative_to(docs_dir).as_posix()
        if any(part.startswith(".") for part in relative.split("/")):
            continue
        path = f"{display_prefix}/{relative}" if display_prefix not in ("", ".") else relative
        try:
            # read_text, as the builds read pages: a page saved as Latin-1 is a located
            # problem, not a UnicodeDecodeError traceback from `supportal diff`.
            sources[relative] = read_front_matter(read_text(file, path), path)
        except SupportalError as exc:
            problems.extend(exc.problems)
    if problems:
        raise SupportalError(problems)
    return sources
