"""Manual sections as FAQ answers: find a heading by its anchor, cut its section out, and
rewrite the section's relative links so they still work from the FAQ page.

Plain Python. Anchors are computed the way MkDocs' `toc` extension computes them: an explicit
`{#id}` (attr_list) wins, else the slug of the heading text, with `_1`, `_2` for repeats.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass

from markdown.extensions.toc import slugify as toc_slugify

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_ATTR_ID = re.compile(r"[ \t]*\{:?[^}]*?#(?P<id>[\w-]+)[^}]*\}[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{:?[^}]*\}[ \t]*$")
_CODE_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_INLINE = re.compile(r"`+|\*+|(?<!\w)_+|_+(?!\w)|\[|\]\([^)]*\)")
_LINK = re.compile(r"(?P<open>!?\[[^\]\n]*\]\()(?P<target>[^)\s]+)(?P<rest>[^)\n]*\))")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")

Slugify = Callable[[str, str], str]


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str
    index: int
    """Index of the heading's line in the Markdown."""


def headings(markdown: str, slugify: Slugify = toc_slugify) -> list[Heading]:
    """ATX headings outside fenced code, with the anchors MkDocs will give them."""
    found: list[Heading] = []
    seen: dict[str, int] = {}
    fence: str | None = None
    for index, line in enumerate(markdown.split("\n")):
        marker = _CODE_FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        match = _HEADING.match(line)
        if not match:
            continue
        text = match["text"]
        explicit = _ATTR_ID.search(text)
        text = _ATTRS.sub("", text)
        if explicit:
            anchor = explicit["id"]
        else:
            anchor = slugify(_INLINE.sub("", text).strip(), "-")
            if anchor in seen:
                seen[anchor] += 1
                anchor = f"{anchor}_{seen[anchor]}"
            else:
                seen[anchor] = 0
        found.append(Heading(len(match["hashes"]), text.strip(), anchor, index))
    return found


def section(markdown: str, anchor: str, slugify: Slugify = toc_slugify) -> str | None:
    """The content under the heading with `anchor`, up to the next heading of the same or a
    higher level (the heading line itself left out); None when no heading has that anchor."""
    all_headings = headings(markdown, slugify)
    for position, heading in enumerate(all_headings):
        if heading.anchor != anchor:
            continue
        lines = markdown.split("\n")
        end = len(lines)
        for later in all_headings[position + 1 :]:
            if later.level <= heading.level:
                end = later.index
                break
        return "\n".join(lines[heading.index + 1 : end]).strip("\n")
    return None


def _page_url_dir(src_uri: str) -> str:
    """The folder of a page's URL with MkDocs' directory URLs: `a/b.md` is served at `a/b/`,
    `a/index.md` at `a/`."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if posixpath.basename(stem) in ("index", "README"):
        return posixpath.dirname(stem)
    return stem


def _url_rebased(path: str, from_uri: str, to_uri: str) -> str:
    """`path`, a URL relative to the page `from_uri`, relative to the page `to_uri` instead;
    a trailing slash is kept (it names a directory URL)."""
    resolved = posixpath.normpath(posixpath.join(_page_url_dir(from_uri), path))
    relative = posixpath.relpath(resolved, _page_url_dir(to_uri) or ".")
    return relative + "/" if path.endswith("/") and not relative.endswith("/") else relative


def rebase_links(markdown: str, from_uri: str, to_uri: str) -> str:
    """Rewrite relative Markdown links written for page `from_uri` so they work from `to_uri`.

    `#anchor` becomes a link to the anchor on the original page; absolute URLs stay as they are.
    Links inside fenced code are left alone.
    """
    if from_uri == to_uri:
        return markdown
    source_dir = posixpath.dirname(from_uri)
    target_dir = posixpath.dirname(to_uri)
    from_name = posixpath.basename(from_uri)

    def rewrite(match: re.Match[str]) -> str:
        target = match["target"]
        if target.startswith("/") or _SCHEME.match(target):
            return match.group(0)
        if target.startswith("#"):
            resolved = posixpath.join(source_dir, from_name)
            fragment = target
        else:
            path, hash_, frag = target.partition("#")
            resolved = posixpath.normpath(posixpath.join(source_dir, path))
            fragment = f"{hash_}{frag}"
            if resolved.startswith("../") or resolved == "..":
                # Out of the docs folder: a URL into the built site (another release), which
                # the browser resolves from the page's URL, not from its file.
                rebased = _url_rebased(path, from_uri, to_uri)
                return f"{match['open']}{rebased}{fragment}{match['rest']}"
        relative = posixpath.relpath(resolved, target_dir or ".")
        return f"{match['open']}{relative}{fragment}{match['rest']}"

    out: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        marker = _CODE_FENCE.match(line)
        if fence is not None:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            out.append(line)
            continue
        if marker:
            fence = marker.group(1)
            out.append(line)
            continue
        out.append(_LINK.sub(rewrite, line))
    return "\n".join(out)
