"""Pages a plugin generates, and what already sits where one would go."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import File, Files

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
    there = files.get_file_from_path(uri) or same_address(files, config, uri)
    if there is None:
        return None
    none = " (or '' for none)" if optional else ""
    option_is = f"{plugin_place(config, plugin)}: {plugin} option '{option}' is {uri}"
    if there.src_uri == uri:
        if there.generated_by:
            return (
                f"{option_is}, a page {there.generated_by} generates already: set one of the "
                "two plugins' options to another path"
            )
        return (
            f"{shown(uri)}: {plugin} generates this page (option '{option}'); rename the file, "
            f"or set '{option}' to another path{none}"
        )
    twin = f"published at the same address as {there.src_uri}"
    if there.generated_by == plugin:
        return f"{option_is}, {twin}, which {plugin} generates too: set '{option}' to another path"
    if there.generated_by:
        return (
            f"{option_is}, {twin}, a page {there.generated_by} generates: set one of the two "
            "plugins' options to another path"
        )
    return (
        f"{shown(there.src_uri)}: published at the same address as {uri}, which {plugin} "
        f"generates (option '{option}'); rename the file, or set '{option}' to another path{none}"
    )


def same_address(files: Files, config: Any, uri: str) -> File | None:
    """Another page published where a page generated at `uri` would be. With directory URLs,
    `a.md` and `a/index.md` are both `a/`: the page written last would silently replace the
    other."""
    dest = File(uri, None, config.site_dir, config.use_directory_urls).dest_uri
    return next(
        (f for f in files.documentation_pages() if f.dest_uri == dest and f.src_uri != uri), None
    )


def address_taken(
    files: Files, config: Any, uri: str, page: str, shown: Callable[[str], str]
) -> Problem | None:
    """The page published where a plugin would generate `page` (what it is and whose: "the FAQ
    home (supportal/faq)") at `uri`, a path that follows from the content or a folder rather
    than from an option: the other page must move, or its plugin's option must change."""
    there = same_address(files, config, uri)
    if there is None:
        return None
    if there.generated_by:
        other = there.generated_by
        return Problem(
            plugin_place(config, other),
            None,
            f"{other} generates {there.src_uri}, published at the same address as {uri}, {page}: "
            f"give one of the two pages another path (an option of {other}, or the name of the "
            "file it is made from)",
        )
    return Problem(
        shown(there.src_uri), None,
        f"published at the same address as {uri}, {page}: rename or move this file",
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
