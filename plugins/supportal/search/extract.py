"""Read a built HTML page the way Pagefind does: the indexer sees output, not Markdown.

Other plugins (FAQ, trees, courses) render their pages in parallel with search, so the indexer
relies only on plain HTML: the page's main element (`article.md-content__inner` in Material,
else `[data-search-body]`, `main`, `body`), headings with an `id` start sections, and
`script`, `style`, `svg`, `nav`, `.headerlink` and anything marked `data-search-exclude` (or
Pagefind's `data-pagefind-ignore`) are skipped. Unbalanced markup does not stop it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
SKIPPED_TAGS = {"script", "style", "svg", "nav", "template", "noscript", "head", "select"}
SKIPPED_CLASSES = {"headerlink", "md-source-file", "supportal-related", "md-search"}
SKIP_ATTRS = {"data-search-exclude", "data-pagefind-ignore"}
INLINE = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "code",
    "data",
    "dfn",
    "em",
    "i",
    "kbd",
    "mark",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "var",
    "wbr",
    "del",
    "ins",
}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)


class _Finished(Exception):
    """Raised by the reader once the content element is closed: the rest of the page (footer,
    scripts) need not be parsed."""


@dataclass
class Section:
    """Text under one heading; the first section of a page has no anchor and no heading."""

    anchor: str
    heading: str
    text: str = ""


@dataclass
class ExtractedPage:
    """The searchable content of one built page."""

    title: str
    sections: list[Section] = field(default_factory=list)


_TAG = re.compile(
    r"<(?:"
    r"(?P<end>/)?(?P<tag>[a-zA-Z][^\t\n\r\f />\x00]*+)"
    # A quote opens a value only after `=` (`<your project's root>` is still one tag).
    r"(?P<attrs>(?:[^>\"'=]++|[\"']|=\s*+(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))*+)(?P<close>>|\Z)"
    r"|!--.*?(?:--!?>|\Z)"  # comment
    r"|[!?/][^>]*+(?:>|\Z)"  # doctype, declaration, processing instruction, `</ x>`, `</>`
    r")",
    re.DOTALL,
)
"""A tag, comment or declaration, to the end of the text if it never closes (what a browser
does). Possessive repeats never backtrack: reading stays linear on any input. A `<` that
starts none of them is text."""
_ATTR = re.compile(r"""([^\s=/>]++)(?:\s*+=\s*+("[^"]*+"|'[^']*+'|[^\s>]++))?""")
_VALUE_SLASH = re.compile(r"""=\s*+[^\s"'>=]*/$""")
"""`<br/>`, `<x a="b"/>`, `<x a/>`: a start and an end tag; `<a href=/x/>` not (the slash
ends an unquoted value)."""
_RAW_TEXT = {"script", "style"}
"""Elements whose content is not markup: it runs to their end tag, whatever it holds."""
_ATTR_HINT = re.compile(r"class|id|data-", re.IGNORECASE)
"""Every attribute this reader looks at has one of these in its name."""


def _parse_attrs(text: str) -> dict[str, str | None]:
    """Attributes of a start tag as written after its name (names lowercased, values
    unquoted and unescaped; the first of a repeated name wins, like a browser)."""
    attrs: dict[str, str | None] = {}
    for name, value in _ATTR.findall(text):
        key = name.lower()
        if key in attrs:
            continue
        if not value:
            attrs[key] = None
        else:
            if value[0] in "\"'":
                value = value[1:-1]
            attrs[key] = unescape(value)
    return attrs


class _Reader:
    """The sections of one page's content element, from a stream of tags and text.

    `feed` tokenizes with one regular expression: html.parser's per-tag Python code was most
    of the search build's HTML reading. Attributes are parsed only for the tags whose
    attributes matter here (a content root, a heading, a skipped class or marker)."""

    def __init__(self, root: tuple[str, str | None] | None) -> None:
        self.root = root  # (tag, class or attribute) of the content element; None = whole page
        self.root_depth = 0 if root is None else -1  # -1: not inside the root yet
        self.found_root = root is None
        self.done = False
        self.skip: list[str] = []  # tags of open skipped elements (nested same tags counted)
        self.heading: tuple[str, str] | None = None  # (tag, anchor) while inside a heading
        self.buffer: list[str] = []
        self.sections = [Section("", "")]
        self.first_h1: str | None = None

    def feed(self, html: str) -> None:
        """Read `html` to its end, or until the content element closes (`_Finished`)."""
        at, size, match = 0, len(html), _TAG.match
        while at < size:
            start = html.find("<", at)
            if start < 0:
                self.handle_data(html[at:])
                return
            found = match(html, start)
            if found is None:  # a `<` of the text
                self.handle_data(html[at : start + 1])
                at = start + 1
                continue
            if start > at:
                self.handle_data(html[at:start])
            at = found.end()
            if found.group("tag") is not None and not found.group("close"):
                return  # the text ends inside a tag
            closing, tag, raw = found.group("end", "tag", "attrs")
            if tag is None:
                continue  # comment or declaration
            tag = tag.lower()
            if closing:
                self.handle_endtag(tag)
                continue
            self.handle_starttag(tag, raw)
            if raw.endswith("/") and tag not in VOID and not _VALUE_SLASH.search(raw):
                self.handle_endtag(tag)  # `<span/>`: a start and an end, like html.parser
            elif tag in _RAW_TEXT:
                close = re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE).search(html, at)
                if close is None:
                    return
                self.handle_data(html[at : close.start()])
                at = close.end()
                self.handle_endtag(tag)

    def _is_root(self, tag: str, raw: str) -> bool:
        assert self.root is not None
        want_tag, marker = self.root
        if tag != want_tag:
            return False
        if marker is None:
            return True
        name = marker[1:] if marker.startswith(".") else marker
        if name.lower() not in raw.lower():
            return False
        attrs = _parse_attrs(raw)
        if marker.startswith("."):
            return name in (attrs.get("class") or "").split()
        return marker in attrs

    def handle_starttag(self, tag: str, raw: str) -> None:
        if self.done:
            return
        if self.root_depth < 0:
            if self._is_root(tag, raw):
                self.root_depth, self.found_root = 1, True
            return
        if tag not in VOID and self.root is not None and tag == self.root[0]:
            self.root_depth += 1
        if self.skip:
            if tag == self.skip[0] and tag not in VOID:
                self.skip.append(tag)
            return
        attrs = _parse_attrs(raw) if _ATTR_HINT.search(raw) else {}
        classes = set((attrs.get("class") or "").split())
        if tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES or SKIP_ATTRS & attrs.keys():
            if tag not in INLINE:
                self.buffer.append(" ")  # the words on either side are not one word
            if tag not in VOID:
                self.skip.append(tag)
            return
        if tag in HEADINGS and attrs.get("id"):
            self._flush()
            self.heading = (tag, attrs["id"] or "")
            return
        if tag not in INLINE:
            self.buffer.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if self.root_depth < 0:
            return
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
                if not self.skip and tag not in INLINE:
                    self.buffer.append(" ")
            return
        if self.root is not None and tag == self.root[0]:
            self.root_depth -= 1
            if self.root_depth == 0:
                self._flush()
                self.done = True
                raise _Finished
        if self.heading and tag == self.heading[0]:
            tag_name, anchor = self.heading
            text = _clean("".join(self.buffer))
            self.buffer = []
            self.heading = None
            if tag_name == "h1" and self.first_h1 is None and len(self.sections) == 1:
                self.first_h1 = text
                self.sections[0].anchor = anchor
            else:
                self.sections.append(Section(anchor, text))
            return
        if tag not in INLINE:
            self.buffer.append(" ")

    def handle_data(self, data: str) -> None:
        if self.done or self.root_depth < 0 or self.skip:
            return
        self.buffer.append(unescape(data) if "&" in data else data)

    def _flush(self) -> None:
        text = _clean("".join(self.buffer))
        self.buffer = []
        if text:
            current = self.sections[-1]
            current.text = f"{current.text} {text}".strip() if current.text else text


ROOTS: tuple[tuple[str, str | None], ...] = (
    ("article", ".md-content__inner"),
    ("div", "data-search-body"),
    ("main", None),
    ("body", None),
)


def extract_page(html: str, fallback_title: str = "") -> ExtractedPage | None:
    """Sections of a built page, or None when the page has no content element.

    The title is the page's first h1, else `fallback_title` (the page's own title), else the
    HTML `<title>` (which the theme suffixes with the site name)."""
    for root in ROOTS:
        reader = _Reader(root)
        try:
            # Material's header and navigation come before the content: skip them unparsed.
            reader.feed(html[_start_of(html, root) :])
        except _Finished:
            pass
        if reader.found_root:
            if not reader.done:
                reader._flush()
            title = reader.first_h1 or fallback_title or _title(html)
            sections = [
                s for s in reader.sections if s.text or s.heading or s is reader.sections[0]
            ]
            return ExtractedPage(title=title, sections=sections)
    return None


_IN_TAG = re.compile(
    r"""<[a-z](?:[^>"']++|"[^"]*+"|'[^']*+')*+(?:"[^"]*+|'[^']*+)?""", re.IGNORECASE
)
"""An opening tag not closed yet (its last attribute value may be open)."""


def _start_of(html: str, root: tuple[str, str | None]) -> int:
    """Where the content element may start: its first opening tag, else 0 (parse it all).
    An opening tag spelled inside a comment, a script, a style or an attribute value is passed
    over (the theme's head and header come first: a page description, a template's comment)."""
    tag, marker = root
    if marker is None:
        opening = rf"{tag}[\s>]"
    else:
        name = marker[1:] if marker.startswith(".") else marker
        opening = rf"{tag}\b[^>]*{re.escape(name)}"
    pattern = rf"<(?:!--.*?(?:-->|\Z)|(script|style)\b.*?(?:</\1\s*>|\Z)|(?P<root>{opening}))"
    for found in re.finditer(pattern, html, re.IGNORECASE | re.DOTALL):
        if found.group("root") is None:
            continue
        at = found.start()
        before = html.rfind("<", 0, at)
        if before < 0 or not _IN_TAG.fullmatch(html, before, at):
            return at
    return 0


def _title(html: str) -> str:
    found = _TITLE.search(html)
    return _clean(unescape(found.group(1))) if found else ""


def _clean(text: str) -> str:
    """White space collapsed to single spaces (`str.split` splits on what `\\s` matches)."""
    return " ".join(text.split())
