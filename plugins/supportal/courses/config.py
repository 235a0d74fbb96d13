"""Options of `supportal/courses` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class CoursesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    folder = c.Type(str, default="courses")
    """Folder under docs_dir holding one sub-folder per course (each with a `course.yml`)."""

    catalog_page = c.Type(str, default="courses/index.md")
    """Page that lists every course; generated when it does not exist, appended to when it does."""

    answer_secret = c.Type(str, default="")
    """Mixed into the salts of the answer hashes (accepts `!ENV`). Changing it changes every
    hash, so keys copied from another build do not fit. It is not a security boundary: the
    page has to carry the salts to grade in the browser."""
