"""Files at the root of a multi-release site: versions.json, the root redirect, alias folders.

Plain Python on a folder tree; the CLI's build and (later) publish both call it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from pathlib import Path

from ..core.atomicfile import write_text_atomic
from .model import ReleaseCatalog
from .render import REDIRECT_SCRIPT, redirect_page

VERSIONS_JSON = "versions.json"


def published_versions(site: Path, catalog: ReleaseCatalog) -> list[str]:
    """Catalog releases that have a built folder in `site`, newest first."""
    return [r.version for r in catalog.releases if (site / r.version / "index.html").is_file()]


def write_site_index(
    site: Path, catalog: ReleaseCatalog, present: Sequence[str] | None = None
) -> None:
    """Write versions.json, alias folders, the root redirect and (when releases were built with
    supportal/reading) releases.json, 404.html and the sitemap index for the releases present.

    `present` defaults to the releases built in `site`; a server that adds a live release next
    to them passes its own list.
    """
    present = published_versions(site, catalog) if present is None else present
    entries = [e for e in catalog.versions_json() if e["version"] in present]
    write_text_atomic(site / VERSIONS_JSON, json.dumps(entries, indent=2) + "\n")
    for release in catalog.releases:
        for alias in release.aliases:
            if release.version in present and (site / release.version).is_dir():
                write_alias(site, alias, release.version)
            else:
                shutil.rmtree(site / alias, ignore_errors=True)
    default = catalog.default.version
    target = default if default in present else (present[0] if present else None)
    if target:
        page = redirect_page(f"{target}/", catalog.get(target).title,
                             f"{target}/{REDIRECT_SCRIPT}")
        write_text_atomic(site / "index.html", page)
    # Runtime manifest (releases.json), root 404.html and sitemap index of supportal/reading,
    # assembled from the page lists each release build left in its folder.
    from ..reading.sitefiles import write_reading_files

    write_reading_files(site, catalog, present)


def write_alias(site: Path, alias: str, version: str) -> None:
    """Make `site/<alias>/...` redirect every page to the same page of `site/<version>/`.

    Redirect pages rather than symlinks or copies: they work on every static host and keep
    deep links (`/latest/install/`) while the canonical URL stays the versioned one.
    """
    alias_dir = site / alias
    shutil.rmtree(alias_dir, ignore_errors=True)
    version_dir = site / version
    for html in version_dir.rglob("*.html"):
        relative = html.relative_to(version_dir)
        depth = len(relative.parts)  # the alias folder itself counts as one level
        release = "../" * depth + version + "/"
        page = redirect_page(release + _page_url(relative), f"{version}/{_page_url(relative)}",
                             release + REDIRECT_SCRIPT)
        write_text_atomic(alias_dir / relative, page)


def _page_url(relative: Path) -> str:
    url = relative.as_posix()
    if url == "index.html":
        return ""
    return url[: -len("index.html")] if url.endswith("/index.html") else url


