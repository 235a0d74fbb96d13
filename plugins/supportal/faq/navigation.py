"""Adding generated pages to an explicit `nav:` (plain data, as mkdocs.yml gives it)."""

from __future__ import annotations

from typing import Any


def insert_after(nav: Any, target: str, uris: list[str]) -> Any:
    """Insert `uris` right after the nav item pointing at `target`, in the same section."""
    if not uris:
        return nav
    if isinstance(nav, list):
        out: list[Any] = []
        for item in nav:
            out.append(insert_after(item, target, uris))
            value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
            if value == target:
                out.extend(uris)
        return out
    if isinstance(nav, dict):
        return {k: insert_after(v, target, uris) for k, v in nav.items()}
    return nav
