"""Per-release sitemaps that list only the pages whose canonical URL is in that release.

Plain Python. MkDocs writes `sitemap.xml` with every page of the release; a page whose
canonical URL points to another release (the newest supported one that has it) would be an
"alternate page" there, which search engines report as a sitemap error.
"""

from __future__ import annotations

import gzip
import html
import re
from collections.abc import Collection
from pathlib import Path

_URL = re.compile(r"[ \t]*<url>\s*<loc>(?P<loc>[^<]*)</loc>.*?</url>[ \t]*\n?", re.DOTALL)


def drop_urls(sitemap: str, locs: Collection[str]) -> str:
    """The sitemap without the `<url>` entries whose location is in `locs` (plain URLs)."""
    wanted = {html.unescape(loc) for loc in locs}
    return _URL.sub(lambda m: "" if html.unescape(m["loc"]) in wanted else m.group(0), sitemap)


def rewrite_sitemaps(site_dir: Path, locs: Collection[str]) -> None:
    """Drop `locs` from `sitemap.xml` and `sitemap.xml.gz` of a built release, if present."""
    file = site_dir / "sitemap.xml"
    if not locs or not file.is_file():
        return
    text = drop_urls(file.read_text(encoding="utf-8"), locs)
    file.write_text(text, encoding="utf-8")
    packed = site_dir / "sitemap.xml.gz"
    if packed.is_file():
        with gzip.GzipFile(packed, mode="wb", mtime=0) as out:
            out.write(text.encode("utf-8"))
