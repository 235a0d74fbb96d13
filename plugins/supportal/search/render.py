"""HTML fragments of the search plugin (templates/ holds them; themes may override)."""

from __future__ import annotations

from functools import cache
from importlib import resources

from markupsafe import Markup
from mkdocs.utils import get_relative_url

from ..core.templating import render

PACKAGE = "supportal.search"
RELATED_MARKER = "<!-- supportal-search:related -->"


@cache
def material_icon(name: str) -> Markup:
    """An icon of Material's bundled set, so the search box looks like the theme's own."""
    svg = resources.files("material") / "templates" / ".icons" / "material" / f"{name}.svg"
    return Markup(svg.read_text(encoding="utf-8"))  # noqa: S704 - a file of the theme package


# Inside the release folder, under a name no author page takes: a page `search.md` has the URL
# `search/`, and an index written there would replace it.
INDEX_FOLDER = "_supportal/search"


def search_box(page_url: str, version: str) -> str:
    """The header search button and dialog, in Material's markup and classes."""
    return render(
        PACKAGE,
        "search_box.html",
        release_root=get_relative_url(".", page_url or ".").rstrip("/") + "/",
        index_folder=f"{INDEX_FOLDER}/",
        version=version,
        magnify=material_icon("magnify"),
        back=material_icon("arrow-left"),
        close=material_icon("close"),
    )


def related_list(page_url: str, related: list[tuple[str, str, str]]) -> str:
    """The "Related pages" block: (url, title, type label) of each related page."""
    if not related:
        return ""
    items = [
        (get_relative_url(url or ".", page_url or "."), title, label)
        for url, title, label in related
    ]
    return render(PACKAGE, "related.html", items=items)
