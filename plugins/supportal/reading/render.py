"""HTML and generated Markdown of `supportal/reading`, from the fragments in `templates/`."""

from __future__ import annotations

from typing import Any

from ..core.templating import render

PACKAGE = "supportal.reading"


def page_header(**context: Any) -> str:
    """The block at the top of every page: lifecycle banner, notice slot, page badges."""
    return render(PACKAGE, "page_header.html", **context)


def block_badge(badges: list[Any]) -> str:
    """One line of HTML: the badges of a versions block."""
    return render(PACKAGE, "block_badge.html", badges=badges).strip().replace("\n", " ")


def known_issues_page(**context: Any) -> str:
    return render(PACKAGE, "known_issues.md", **context)


def release_notes_page(**context: Any) -> str:
    return render(PACKAGE, "release_notes.md", **context)


def docs_changes_page(**context: Any) -> str:
    return render(PACKAGE, "docs_changes.md", **context)


def robots_noindex() -> str:
    return render(PACKAGE, "noindex.html").strip()


def not_found_page(**context: Any) -> str:
    return render(PACKAGE, "404.html", **context)


def sitemap_index(**context: Any) -> str:
    return render(PACKAGE, "sitemap_index.xml", **context)
