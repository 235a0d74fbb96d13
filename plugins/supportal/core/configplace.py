"""Where a setting is written in mkdocs.yml: messages about it start `mkdocs.yml:LINE:`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# A plugin's option or an extension that does not load: the line of that entry, not of the
# whole `plugins:` or `markdown_extensions:` list.
_ENTRY = re.compile(r"(?:Plugin|extension) '(?P<name>[^']+)'")


def config_line(text: str, key: str, detail: str = "") -> int | None:
    """Line of top-level `key` in a mkdocs.yml's text (of the entry `detail` names, when it
    names one under that key), or None when the file does not write the key."""
    lines = text.splitlines()
    start = next(
        (n for n, line in enumerate(lines) if re.match(rf"{re.escape(key)}\s*:", line)), None
    )
    if start is None:
        return None
    entry = _ENTRY.search(detail)
    if entry:
        item = re.compile(rf"\s+(?:-\s+)?['\"]?{re.escape(entry['name'])}['\"]?\s*(?::|$)")
        for n in range(start + 1, len(lines)):
            line = lines[n]
            if line[:1] not in ("", " ", "\t", "#", "-"):
                break  # the next top-level key
            if item.match(line) or item.match(" " + line):
                return n + 1
    return start + 1


def plugin_place(config: Any, plugin: str) -> str:
    """`mkdocs.yml:12`: the file and line of `plugin`'s entry in `config`'s file, for a message
    about one of its options that MkDocs' own validation cannot check (a file it names, two
    options at odds). The file alone when the line is not found (an INHERITed entry)."""
    file = Path(config.config_file_path or "mkdocs.yml")
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return file.name
    line = config_line(text, "plugins", f"Plugin '{plugin}'")
    if line is None or line == config_line(text, "plugins"):
        return file.name  # not listed here: INHERITed (config_line gave `plugins:` itself)
    return f"{file.name}:{line}"
