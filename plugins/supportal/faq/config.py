"""Options of `supportal/faq` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .model import check_categories


class CategoryTitles(c.Type):
    """A mapping of category id to title; ids must be usable as URL folders."""

    def __init__(self) -> None:
        super().__init__(dict, default={})

    def run_validation(self, value: object) -> dict:
        value = super().run_validation(value)
        message = check_categories(value)
        if message:
            raise c.ValidationError(message)
        return dict(value)


class FaqConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    folder = c.Type(str, default="faq")
    """Folder under docs_dir that holds the questions, one file per question in
    `<folder>/<category>/<name>.md`. Its `index.md` (optional) is the FAQ home."""

    categories = CategoryTitles()
    """Category id → title, in display order, e.g. `backup: Backups and retention`. When set,
    a question with another category is an error. When empty, categories are the folder names."""

    nav = c.Type(bool, default=True)
    """Add the generated category pages to an explicit `nav:` right after the FAQ home."""

    json_ld = c.Type(bool, default=True)
    """Emit schema.org FAQPage JSON-LD on each category page (each question exactly once)."""
