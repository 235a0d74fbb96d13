"""HTML the release layer writes outside MkDocs' own pages."""

from __future__ import annotations

from ..core.templating import render


def redirect_page(target: str, label: str) -> str:
    """A script-free redirect (meta refresh + link), so it works under a strict CSP."""
    return render("supportal.releases", "redirect.html", target=target, label=label)
