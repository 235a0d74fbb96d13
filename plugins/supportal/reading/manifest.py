"""The runtime manifest `releases.json` and the per-release page lists it is assembled from.

Plain Python, no MkDocs. Each release build writes `<version>/supportal-pages.json` (its page
ids, URLs, titles, former paths); the site root's `releases.json` joins the catalog (lifecycle,
dates) with the page lists of the releases present. Releases built months ago read the
manifest at page load, so a lifecycle change needs only a new manifest, not a rebuild.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..releases.model import ReleaseCatalog

SCHEMA = 1
PAGES_FILE = "supportal-pages.json"
MANIFEST_FILE = "releases.json"


@dataclass
class ReleasePages:
    """The pages of one built release, as written into its folder."""

    version: str
    site_path: str = "/"
    """URL path of the site root (`/` or `/docs/`), from site_url."""
    pages: list[dict[str, Any]] = field(default_factory=list)
    """Entries `{id, url, title, fallback}`."""
    redirects: dict[str, str] = field(default_factory=dict)
    """Former URL -> page id."""
    noindex: bool = False
    site_name: str = ""
    root_url: str | None = None
    """Absolute URL of the site root (`https://docs.example/`), from site_url."""

    def to_json(self) -> str:
        data = {
            "schema": SCHEMA,
            "version": self.version,
            "site_path": self.site_path,
            "noindex": self.noindex,
            "site_name": self.site_name,
            "root_url": self.root_url,
            "pages": self.pages,
            "redirects": self.redirects,
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, file: Path) -> ReleasePages | None:
        """A release's page list, or None when the folder has none (built without reading)."""
        try:
            data = json.loads(file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return None
        return cls(
            version=str(data.get("version", "")),
            site_path=str(data.get("site_path", "/")),
            pages=list(data.get("pages", [])),
            redirects=dict(data.get("redirects", {})),
            noindex=bool(data.get("noindex", False)),
            site_name=str(data.get("site_name", "")),
            root_url=data.get("root_url") or None,
        )


def release_entry(catalog: ReleaseCatalog, version: str) -> dict[str, Any]:
    release = catalog.get(version)
    assert release is not None
    context = release.as_context()
    return {
        "version": release.version,
        "title": release.title,
        "status": release.status,
        "status_label": release.status_label,
        "date": context["date"] or None,
        "end_of_support": context["end_of_support"] or None,
        "aliases": list(release.aliases),
        "default": release.default,
    }


def build_manifest(
    catalog: ReleaseCatalog, present: Sequence[str], release_pages: Mapping[str, ReleasePages]
) -> dict[str, Any]:
    """The site-wide manifest for the releases `present` (newest first, as in the catalog)."""
    versions = [v for v in catalog.versions if v in present]
    default = (
        catalog.default.version
        if catalog.default.version in versions
        else (versions[0] if versions else None)
    )
    pages: dict[str, dict[str, Any]] = {}
    redirects: dict[str, str] = {}
    for version in reversed(versions):  # oldest first: newer titles and redirects win
        listing = release_pages.get(version)
        if listing is None:
            continue
        for entry in listing.pages:
            page = pages.setdefault(str(entry["id"]), {"title": None, "fallback": None, "urls": {}})
            page["title"] = entry.get("title") or page["title"]
            page["fallback"] = entry.get("fallback") or page["fallback"]
            page["urls"][version] = entry["url"]
        redirects.update(listing.redirects)
    for page in pages.values():
        page["urls"] = {v: page["urls"][v] for v in versions if v in page["urls"]}
    return {
        "schema": SCHEMA,
        "default": default,
        "releases": [release_entry(catalog, v) for v in versions],
        "pages": dict(sorted(pages.items())),
        "redirects": dict(sorted(redirects.items())),
    }


def indexed_versions(catalog: ReleaseCatalog, present: Iterable[str]) -> list[str]:
    """Releases search engines should index: present and not end of life."""
    wanted = set(present)
    return [r.version for r in catalog.releases if r.version in wanted and r.status != "eol"]
