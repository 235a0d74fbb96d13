"""Markdown snippets of data files (question texts, known-issue workarounds) rendered with the
build's own Markdown extensions, so they read as the pages around them do."""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

_PARAGRAPH = re.compile(r"\A<p>(.*)</p>\Z", re.DOTALL)
_LINKS = (("a", "href"), ("img", "src"))


class _LinkMapper(Treeprocessor):
    """Passes each link and image address through the renderer's current `links` function:
    a snippet is written beside one page and shown on another."""

    def __init__(self, md: markdown.Markdown, renderer: SnippetRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: etree.Element) -> None:
        mapping = self.renderer.links
        if mapping is None:
            return
        for tag, attribute in _LINKS:
            for element in root.iter(tag):
                value = element.get(attribute)
                if value is not None:
                    element.set(attribute, mapping(value))


class SnippetRenderer:
    """Markdown → HTML for short texts, with the extensions of the build."""

    def __init__(self, extensions: list[Any], configs: dict[str, Any]) -> None:
        self._md = markdown.Markdown(extensions=extensions, extension_configs=configs)
        self.links: Callable[[str], str] | None = None
        # After inline patterns made the links (priority 20), as MkDocs' own rewriting runs.
        self._md.treeprocessors.register(_LinkMapper(self._md, self), "supportal-links", 0)

    def block(self, text: str, links: Callable[[str], str] | None = None) -> Markup:
        """`links` maps each link's and image's address, as written, to the one to show."""
        self._md.reset()
        self.links = links
        try:
            return Markup(self._md.convert(text))
        finally:
            self.links = None

    def inline(self, text: str) -> Markup:
        """A one-paragraph text without its <p> wrapper (for labels and legends)."""
        html = str(self.block(text)).strip()
        match = _PARAGRAPH.match(html)
        return Markup(match.group(1) if match and "<p>" not in match.group(1) else html)

    def is_inline(self, text: str) -> bool:
        html = str(self.block(text)).strip()
        match = _PARAGRAPH.match(html)
        return bool(match and "<p>" not in match.group(1))
