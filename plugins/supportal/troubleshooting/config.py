"""Options of `supportal/troubleshooting` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.options import WholeNumber


class TroubleshootingConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml (tree pages then render as plain
    Markdown pages)."""

    support = c.Type(str, default="support.yml")
    """The support desk file (tiers, channels, hours, ticket templates), relative to the folder
    of mkdocs.yml. Needed only when a tree has an `escalate` node."""

    max_depth = WholeNumber(minimum=1, default=8)
    """Warn when a reader must give more than this many answers to reach an outcome (counted on
    the shortest path to it)."""

    node_registry = c.Type(str, default="trees.lock.yml")
    """File (relative to mkdocs.yml) recording every node id each tree has published, per release.
    Builds add new ids to it and warn when a recorded id disappears without an `aliases:` entry
    (old share links would break). Empty string: no registry."""

    overview = c.Type(bool, default=True)
    """Add a generated Mermaid flowchart of each tree (in a collapsed "Overview" section)."""

    mermaid_script = c.Type(str, default="")
    """Mermaid to draw the overview with: `bundled` (the copy of Mermaid 11 shipped with this
    plugin, MIT licence) or a local `mermaid.min.js` relative to mkdocs.yml. Material otherwise
    fetches Mermaid from a CDN, which offline portals and strict CSPs block; when empty, the
    overview shows the Mermaid source and a linked outline instead."""
