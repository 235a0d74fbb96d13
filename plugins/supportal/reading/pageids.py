"""Stable page identity across releases: ids, former paths (`redirect_from`) and fallbacks.

Plain Python, no MkDocs. A page's id comes from front matter `id` or from its path
(`manuals/backup-encryption.md` -> `manuals/backup-encryption`); pages of different releases
may share an id when their release ranges never overlap (a page forked per release line).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from ..core.frontmatter import SourcePage
from ..core.problems import Problems, suggest
from ..core.versions import RangeSyntaxError, VersionRange
from ..core.yamlfile import id_like, id_not_text
from ..releases.model import Release, ReleaseCatalog

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$")
HOME_ID = "index"


def default_page_id(src_uri: str) -> str:
    """`manuals/install.md` -> `manuals/install`; `manuals/index.md` -> `manuals`;
    `index.md` -> `index`."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return stem or HOME_ID


@dataclass(frozen=True)
class PageInfo:
    """What reading needs to know about one source page."""

    src_uri: str
    path: str
    """How messages name the file (`content/manuals/x.md`)."""
    id: str
    title: str | None
    versions: VersionRange
    redirect_from: tuple[str, ...] = ()
    """Former Markdown paths (`manuals/recovery.md`), relative to docs_dir."""
    fallback: str | None = None
    """Page id readers are sent to in releases that lack this page."""
    deprecated_in: str | None = None

    def in_release(self, release: Release) -> bool:
        return release.version in self.versions


@dataclass
class PageIndex:
    """Every source page with its identity, for every release of the catalog."""

    pages: dict[str, PageInfo]
    catalog: ReleaseCatalog

    def of_release(self, release: Release) -> dict[str, PageInfo]:
        """Pages present in `release`, by id."""
        return {p.id: p for p in self.pages.values() if p.in_release(release)}

    def releases_with(self, page_id: str) -> list[Release]:
        """Releases (newest first) that have a page with this id."""
        return [
            r
            for r in self.catalog.releases
            if any(p.id == page_id and p.in_release(r) for p in self.pages.values())
        ]

    def ids(self) -> set[str]:
        return {p.id for p in self.pages.values()}


def read_page_info(src_uri: str, source: SourcePage, problems: Problems) -> PageInfo:
    """A page's identity from its front matter; bad values are located errors."""
    meta = source.meta
    page_id = default_page_id(src_uri)
    if "id" in meta:
        value = meta["id"]
        if isinstance(value, str) and _ID.match(value.strip()):
            page_id = value.strip()
        elif not isinstance(value, str):
            problems.error(
                source.path, source.line_of("id"),
                id_not_text(value, "page id", "manuals/restore"),
            )
        else:
            problems.error(
                source.path,
                source.line_of("id"),
                f"page id '{value}' must be letters, digits, '.', '_', '-' or '/', "
                f"such as '{_suggested(value)}'",
            )
    versions = VersionRange.all()
    if "versions" in meta:
        try:
            versions = VersionRange.parse(meta["versions"])
        except RangeSyntaxError:
            pass  # supportal/releases reports it
    redirect_from: list[str] = []
    if "redirect_from" in meta:
        value = meta["redirect_from"]
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            problems.error(
                source.path,
                source.line_of("redirect_from"),
                "'redirect_from' must be a list of former page paths such as [manuals/recovery.md]",
            )
        else:
            for item in items:
                former = item.strip().lstrip("/")
                # '..' would put the redirect page outside the site folder.
                if not former.endswith(".md") or ".." in former.split("/"):
                    problems.error(
                        source.path,
                        source.line_of("redirect_from"),
                        f"redirect_from '{item}' must be the former Markdown path of the page, "
                        f"relative to the docs folder, such as 'manuals/recovery.md'",
                    )
                else:
                    redirect_from.append(former)
    fallback = _text(meta, "fallback", source, problems)
    deprecated = _text(meta, "deprecated_in", source, problems)
    title = meta.get("title") if isinstance(meta.get("title"), str) else None
    return PageInfo(
        src_uri=src_uri,
        path=source.path,
        id=page_id,
        title=title or _first_heading(source.body),
        versions=versions,
        redirect_from=tuple(redirect_from),
        fallback=fallback,
        deprecated_in=deprecated,
    )


def build_index(
    sources: Mapping[str, SourcePage],
    catalog: ReleaseCatalog,
    problems: Problems,
    unread: Collection[str] = (),
) -> PageIndex:
    """Identity of every page, validated across every release of the catalog.

    `unread`: pages whose front matter has errors (reported elsewhere), so whose ids are
    unknown: a fallback is not checked against ids then, as it may name one of them."""
    pages = {uri: read_page_info(uri, source, problems) for uri, source in sorted(sources.items())}
    index = PageIndex(pages=pages, catalog=catalog)
    _check_unique_ids(index, sources, problems)
    _check_references(index, sources, problems, ids_known=not unread)
    return index


def _check_unique_ids(
    index: PageIndex, sources: Mapping[str, SourcePage], problems: Problems
) -> None:
    by_id: dict[str, list[PageInfo]] = {}
    for page in index.pages.values():
        by_id.setdefault(page.id, []).append(page)
    for page_id, claimants in by_id.items():
        for i, first in enumerate(claimants):
            for second in claimants[i + 1 :]:
                shared = [
                    r.version
                    for r in index.catalog.releases
                    if first.in_release(r) and second.in_release(r)
                ]
                if shared:
                    problems.error(
                        second.path,
                        _id_line(sources[second.src_uri]),
                        f"page id '{page_id}' is also the id of {first.path} in release "
                        f"{', '.join(shared)}: give one page another 'id', "
                        "or ranges that do not overlap",
                    )


def _check_references(
    index: PageIndex, sources: Mapping[str, SourcePage], problems: Problems, *, ids_known: bool
) -> None:
    ids = sorted(index.ids())
    current_paths = set(index.pages)
    claimed: dict[str, PageInfo] = {}
    for page in index.pages.values():
        source = sources[page.src_uri]
        if page.fallback is not None:
            if page.fallback not in ids and ids_known:
                problems.error(
                    page.path,
                    source.line_of("fallback"),
                    f"fallback '{page.fallback}' is not a page id.{suggest(page.fallback, ids)} "
                    "Page ids are paths without '.md' (manuals/backups) or a page's 'id'",
                )
            elif page.fallback == page.id:
                problems.error(
                    page.path, source.line_of("fallback"), "a page cannot be its own fallback"
                )
        for former in page.redirect_from:
            if former in current_paths and index.pages[former].id != page.id:
                problems.error(
                    page.path,
                    source.line_of("redirect_from"),
                    f"redirect_from '{former}' is the path of another page, "
                    f"{index.pages[former].path}: a redirect would hide it",
                )
            elif former in claimed and claimed[former].id != page.id:
                problems.error(
                    page.path,
                    source.line_of("redirect_from"),
                    f"redirect_from '{former}' is also claimed by {claimed[former].path}",
                )
            claimed.setdefault(former, page)
        if page.deprecated_in is not None and index.catalog.get(page.deprecated_in) is None:
            problems.warning(
                page.path,
                source.line_of("deprecated_in"),
                f"deprecated_in '{page.deprecated_in}' is not a release in {index.catalog.path} "
                f"({', '.join(index.catalog.versions)})",
            )


def url_of(src_uri: str, use_directory_urls: bool = True) -> str:
    """The site-relative URL MkDocs gives a page (`manuals/install/`, `` for the home page)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index" or stem.endswith("/index"):
        base = stem[: -len("index")]
        return base if use_directory_urls else base + "index.html"
    if stem.lower() == "readme" or stem.lower().endswith("/readme"):
        base = stem[: -len("readme")]
        return base if use_directory_urls else base + "index.html"
    return stem + "/" if use_directory_urls else stem + ".html"


def release_urls(index: PageIndex, url: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """For every page id: the URL of that page in each release that has it."""
    result: dict[str, dict[str, str]] = {}
    for page in index.pages.values():
        for release in index.catalog.releases:
            if page.in_release(release):
                result.setdefault(page.id, {})[release.version] = url(page.src_uri)
    return result


def _text(
    meta: Mapping[str, object], key: str, source: SourcePage, problems: Problems
) -> str | None:
    if key not in meta:
        return None
    value = meta[key]
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        problems.error(source.path, source.line_of(key), f"'{key}' must be a text value")
        return None
    return value.strip()


def _id_line(source: SourcePage) -> int | None:
    return source.line_of("id") if "id" in source.meta else 1


def _first_heading(body: str) -> str | None:
    for line in body.split("\n"):
        if line.startswith("# "):
            return line[2:].strip() or None
    return None


def _suggested(value: str) -> str:
    """A valid page id close to `value`, folders kept: 'Manuals/My Page' -> 'manuals/my-page'.
    Lower case and '-' only, so that an FAQ entry's id is valid for the FAQ plugin too."""
    parts = [id_like(part, "") for part in value.split("/")]
    return "/".join(part for part in parts if part) or "manuals/restore"
