"""Remove pages of other releases from an explicit `nav`, so MkDocs does not warn about them."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any


def prune_nav(nav: list[Any], excluded: set[str]) -> list[Any]:
    """The nav without entries for `excluded` pages; sections left empty disappear too."""
    pruned = []
    for item in nav:
        kept = _prune_item(item, excluded)
        if kept is not None:
            pruned.append(kept)
    return pruned


def _prune_item(item: Any, excluded: set[str]) -> Any:
    if isinstance(item, str):
        return None if _page(item) in excluded else item
    if isinstance(item, dict) and len(item) == 1:
        ((title, value),) = item.items()
        if isinstance(value, list):
            children = prune_nav(value, excluded)
            return {title: children} if children else None
        if isinstance(value, str) and _page(value) in excluded:
            return None
    return item


def _page(path: str) -> str:
    # As MkDocs looks nav entries up (`Files.get_file_from_path`): `./a.md`, `g//a.md` are `a.md`.
    return PurePath(path).as_posix()
