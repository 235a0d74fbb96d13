"""Pages a plugin generates at a path one of its options names, and what already sits there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.structure.files import Files

from .configplace import plugin_place


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
