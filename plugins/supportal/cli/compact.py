"""Smaller pages: squeeze the indentation out of Material's embedded site navigation.

Material renders the whole navigation into every page with deep indentation: on a 1,000-page
portal the navigation is three quarters of each page even after `navigation.prune`. Inside each
`<nav>` element every run of white space that holds a line break becomes one space, which a
browser renders identically (the navigation holds no `<pre>`, `<textarea>` or `<script>`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_NAV_TAG = re.compile(r"<nav\b|</nav>")
_INDENT = re.compile(r"[ \t\r\f\v]*\n\s*")
_UNSAFE = ("<pre", "<textarea", "<script", "<style")


def compact_navigation(html: str) -> str:
    """The page with line breaks and indentation collapsed inside its `<nav>` elements (site
    navigation, tabs, table of contents)."""
    out: list[str] = []
    position = 0
    depth = 0
    start = 0
    for match in _NAV_TAG.finditer(html):
        if match.group() == "<nav":
            if depth == 0:
                start = match.start()
            depth += 1
            continue
        depth -= 1
        if depth == 0:
            nav = html[start:match.end()]
            if not any(tag in nav for tag in _UNSAFE):
                out.append(html[position:start])
                out.append(_INDENT.sub(" ", nav))
                position = match.end()
        depth = max(depth, 0)
    out.append(html[position:])
    return "".join(out)


def compact_site(folder: Path) -> int:
    """Compact every HTML page of a built release in place; returns the bytes saved."""
    saved = 0
    for directory, _dirs, names in os.walk(folder):
        for name in names:
            if not name.endswith(".html"):
                continue
            file = Path(directory) / name
            html = file.read_text(encoding="utf-8")
            smaller = compact_navigation(html)
            if len(smaller) != len(html):
                file.write_text(smaller, encoding="utf-8")
                saved += len(html.encode()) - len(smaller.encode())
    return saved
