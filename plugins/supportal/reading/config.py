"""Options of `supportal/reading` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.options import WholeNumber


class ReadingConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    known_issues = c.Type(str, default="known_issues.yml")
    """The known-issues data file, relative to the folder of mkdocs.yml. A missing file means
    no known issues (the known-issues page then says so)."""

    banners = c.Type(bool, default=True)
    """Lifecycle banners (older release, end of life, preview) at the top of every page."""

    badges = c.Type(bool, default=True)
    """"New in", "Changed in", "Removed in" and "Deprecated in" badges."""

    new_badge_releases = WholeNumber(minimum=0, default=2)
    """For how many releases a page or block stays "New in X": 1 shows the badge only in the
    first release that has it, 2 also in the next one, and so on."""

    release_notes_page = c.Type(str, default="release-notes.md")
    """Path of the generated release-notes page (empty: no page)."""

    known_issues_page = c.Type(str, default="known-issues.md")
    """Path of the generated known-issues page (empty: no page)."""

    docs_changes_page = c.Type(str, default="docs-changes.md")
    """Path of the generated "Docs changes in X" page (empty: no page)."""
