"""What a page's front matter tells search: its content type, exclusion, FAQ phrasings.

```yaml
search:
  type: faq        # overrides the type given by the page's top-level folder
  exclude: true    # leave the page out of the index and of related pages
phrasings:         # FAQ alternative phrasings (owned by the FAQ plugin), indexed with the page
  - How do I ...?
```
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..core.problems import Problems, expected

SEARCH_KEYS = ("type", "exclude")


@dataclass
class PageSearchMeta:
    type: str
    exclude: bool = False
    phrasings: list[str] = field(default_factory=list)


def type_by_folder(src_uri: str, folders: Mapping[str, str]) -> str:
    top = src_uri.split("/", 1)[0] if "/" in src_uri else ""
    return folders.get(top, "page")


def read_page_meta(
    src_uri: str,
    meta: Mapping[str, Any],
    line_of: Any,
    path: str,
    folders: Mapping[str, str],
    types: list[str],
    problems: Problems,
) -> PageSearchMeta:
    """Validate `search:` (warnings at path:line) and read `phrasings:` (strings only: the FAQ
    plugin reports other values)."""
    result = PageSearchMeta(type_by_folder(src_uri, folders))
    phrasings = meta.get("phrasings")
    if isinstance(phrasings, list):
        result.phrasings = [p for p in phrasings if isinstance(p, str)]
    if "search" not in meta:
        return result
    block = meta["search"]
    line = line_of("search")
    if not isinstance(block, Mapping):
        problems.warning(path, line, "search must be a mapping with the keys type, exclude")
        return result
    for key, value in block.items():
        if key not in SEARCH_KEYS:
            problems.warning(
                path, line, f"unknown key 'search.{key}'. {expected(str(key), SEARCH_KEYS)}"
            )
        elif key == "type":
            if value in types:
                result.type = value
            else:
                problems.warning(
                    path, line, f"unknown search type '{value}'. {expected(str(value), types)}"
                )
        elif key == "exclude":
            if isinstance(value, bool):
                result.exclude = value
            else:
                problems.warning(path, line, f"search.exclude must be true or false, not '{value}'")
    return result
