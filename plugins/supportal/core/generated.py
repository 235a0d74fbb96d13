"""Pages a plugin generates, and what already sits where one would go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import Files

from .configplace import plugin_place
from .problems import Problem


def page_taken(
    files: Files,
    config: Any,
    uri: str,
    plugin: str,
    option: str,
    shown: Callable[[str], str],
    *,
    optional: bool = False,
) -> str | None:
    """Why `plugin` cannot generate its page `uri` (set by its `option`), or None when the path
    is free. Another plugin's generated page has no file to rename: the message names both
    plugins, since one of the two options must change. `shown`: how messages name a docs
    file (with its docs folder). `optional`: the option takes '' for no page."""
    there = files.get_file_from_path(uri)
    if there is None:
        return None
    if there.generated_by:
        return (
            f"{plugin_place(config, plugin)}: {plugin} option '{option}' is {uri}, a page "
            f"{there.generated_by} generates already: set one of the two plugins' options to "
            "another path"
        )
    return (
        f"{shown(uri)}: {plugin} generates this page (option '{option}'); rename the file, or "
        f"set '{option}' to another path" + (" (or '' for none)" if optional else "")
    )


def generated_by(files: Files, uri: str) -> str | None:
    """The plugin that generates the page at `uri` already; None when no page is there or the
    author wrote it."""
    there = files.get_file_from_path(uri)
    return there.generated_by if there is not None else None


def generated_in_the_way(config: Any, uri: str, other: str, page: str) -> Problem:
    """`other` generates `uri` already, where a plugin would generate `page` (what it is and
    whose: "the FAQ home (supportal/faq)"), a page whose path follows from the content or a
    folder rather than from an option that names it. Located at `other`'s entry in
    mkdocs.yml: its option is what can move."""
    return Problem(
        plugin_place(config, other),
        None,
        f"{other} generates {uri}, the path of {page}: set {other}'s option for that page to "
        "another path",
    )
