"""HTML and generated Markdown of `supportal/reading`, from the fragments in `templates/`."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from ..core.templating import fragments, render

PACKAGE = "supportal.reading"


def quoted(value: object) -> Markup:
    """Page text a generated page quotes (a diff, a title), HTML-escaped, with `{` written as
    `&#123;`: supportal/releases reads generated pages like authored ones, so a quoted
    `{{ release.* }}` would otherwise be replaced (a diff would no longer show what the page
    says) or reported a second time, against the generated page at a line that moves."""
    return Markup(str(escape(str(value))).replace("{", "&#123;"))


def quoted_markdown(value: object) -> Markup:
    """The same for Markdown (a page title in a link): only `{` is rewritten."""
    return Markup(str(value).replace("{", "&#123;"))


fragments(PACKAGE).filters.update(quoted=quoted, quoted_markdown=quoted_markdown)


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
