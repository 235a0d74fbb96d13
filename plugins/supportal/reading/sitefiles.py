"""Files of `supportal/reading` at the root of a multi-release site.

Plain Python on a folder tree, called by `releases.site.write_site_index` after releases are in
place (by `supportal build` and by publishing): the runtime manifest `releases.json`, the root
`404.html` that resolves unversioned and stale addresses, and the root sitemap index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from ..core.atomicfile import write_text_atomic
from ..releases.model import ReleaseCatalog
from . import render
from .manifest import MANIFEST_FILE, PAGES_FILE, ReleasePages, build_manifest, indexed_versions

ROOT_ASSETS = "_supportal"
_SHIPPED = ("resolve.js", "notfound.js", "notfound.css")


def write_reading_files(site: Path, catalog: ReleaseCatalog, present: Sequence[str]) -> bool:
    """Write the manifest, 404 page and sitemap index; False (nothing written) when no release
    present was built with supportal/reading."""
    listings = {}
    for version in present:
        listing = ReleasePages.read(site / version / PAGES_FILE)
        if listing is not None:
            listings[version] = listing
    if not listings:
        return False
    manifest = build_manifest(catalog, present, listings)
    write_text_atomic(
        site / MANIFEST_FILE, json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    )
    for name in _SHIPPED:
        data = (resources.files("supportal.reading") / "assets" / name).read_text(encoding="utf-8")
        write_text_atomic(site / ROOT_ASSETS / name, data)
    newest = listings[next(v for v in catalog.versions if v in listings)]
    default = catalog.get(manifest["default"]) if manifest["default"] else None
    if default is not None:
        others = [r for r in catalog.releases if r.version in present and r != default]
        write_text_atomic(
            site / "404.html",
            render.not_found_page(
                site_name=newest.site_name or "the documentation",
                site_path=newest.site_path,
                default=default.version,
                default_title=default.title,
                others=others,
            ),
        )
    root_url = newest.root_url
    if root_url:
        write_text_atomic(
            site / "sitemap.xml",
            render.sitemap_index(
                root_url=root_url,
                versions=[
                    v
                    for v in indexed_versions(catalog, present)
                    if (site / v / "sitemap.xml").is_file()
                ],
            ),
        )
    return True


