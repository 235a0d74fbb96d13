"""Options of the `supportal/search` plugin in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.options import WholeNumber

DEFAULT_TYPES = {
    "manuals": "manual",
    "faq": "faq",
    "troubleshooting": "troubleshooting",
    "courses": "course",
    "support": "support",
}
DEFAULT_LABELS = {
    "manual": "Manuals",
    "faq": "FAQ",
    "troubleshooting": "Troubleshooting",
    "course": "Courses",
    "support": "Support",
    "page": "Other pages",
}


class SearchConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (no index, no search box)."""

    folders = c.Type(dict, default=dict(DEFAULT_TYPES))
    """Content type of a page by its top-level folder under docs_dir; other pages get `page`.
    Front matter `search: {type: …}` overrides it for one page."""

    labels = c.Type(dict, default=dict(DEFAULT_LABELS))
    """Label of each content type in the type filter, in the order the filter shows them."""

    boosts = c.Type(dict, default={"title": 12.0, "heading": 3.0, "alt": 8.0, "body": 1.0})
    """BM25F field boosts: page title, section heading, FAQ phrasings, section text."""

    k1 = c.Type(float, default=1.2)
    """BM25 term-frequency saturation (whoosh's default)."""

    b = c.Type(float, default=0.75)
    """BM25 length normalisation (whoosh's default)."""

    shard_size = WholeNumber(minimum=1_000, default=48_000)
    """Target size in bytes (before compression) of one term shard of the browser index."""

    prefix_limit = WholeNumber(minimum=0, default=8)
    """How many terms the last word of a query may stand for as a prefix."""

    related = WholeNumber(minimum=0, default=4)
    """How many related pages to list at the end of each page (0: none)."""

    cache_dir = c.Type(str, default=".supportal-cache/search")
    """Where the whoosh index of each release is kept for `supportal search`, relative to the
    folder of mkdocs.yml."""
