"""HTML the release layer writes outside MkDocs' own pages."""

from __future__ import annotations

from ..core.templating import render

REDIRECT_SCRIPT = "assets/supportal/core/redirect.js"
"""In every release's folder: carries the query and #section across a redirect page."""


def redirect_page(target: str, label: str, script: str | None = None) -> str:
    """A redirect page: meta refresh and link, which work without scripts, under any CSP;
    `script`, the URL of the target release's `REDIRECT_SCRIPT` from this page, adds the
    address's query and #section to the move."""
    return render("supportal.releases", "redirect.html", target=target, label=label,
                  script=script)
