"""Markdown snippets of data files (question texts, known-issue workarounds) rendered with the
build's own Markdown extensions, so they read as the pages around them do."""

from __future__ import annotations

import re
from typing import Any

import markdown
from markupsafe import Markup

_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)


class SnippetRenderer:
    """Markdown → HTML for short texts, with the extensions of the build."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def block(self, text: str) -> Markup:
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """A one-paragraph text without its <p> wrapper (for labels and legends)."""
        html = str(self.block(text)).strip()
        match = _PARAGRAPH.match(html)
        return Markup(match.group(1) if match and "<p>" not in match.group(1) else html)

    def is_inline(self, text: str) -> bool:
        html = str(self.block(text)).strip()
        match = _PARAGRAPH.match(html)
        return bool(match and "<p>" not in match.group(1))
