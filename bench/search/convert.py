"""Turn Debian's documentation packages into Markdown pages for the search benchmark.

Nothing here is hand-written content: every page comes from the HTML of `python3.11-doc`,
`postgresql-doc-15`, `python-django-doc` and `openjdk-17-doc` (fetched by prepare.py). The main
content of each page is kept: headings (with their ids, written as attr_list `{ #id }`),
paragraphs, list items, table cells and code blocks.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

DOC = "usr/share/doc"
PACKAGES = {
    # name: (folder under DOC, glob, share of the 10,000 pages)
    "python": ("python3.11-doc/html", "**/*.html", 530),
    "postgresql": ("postgresql-doc-15/html", "*.html", 1169),
    "django": ("python-django-doc/html", "**/*.html", 692),
    "jdk": ("openjdk-17-jre-headless/api", "**/*.html", 7609),
}
ROOTS = [
    ("div", "role", "main"),
    ("div", "class", "yui-g"),
    ("main", None, None),
    ("div", "class", "body"),
    ("body", None, None),
]
SKIP_TAGS = {"script", "style", "nav", "header", "footer", "noscript", "svg", "form", "button"}
SKIP_CLASSES = {
    "navheader",
    "navfooter",
    "sphinxsidebar",
    "related",
    "headerlink",
    "nav",
    "sub-nav",
    "top-nav",
    "flex-box",
    "footnotes",
    "toc",
    "contents",
}
BLOCKS = {
    "p",
    "li",
    "dd",
    "dt",
    "td",
    "th",
    "blockquote",
    "caption",
    "div",
    "section",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "figure",
    "article",
}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "col", "area", "source"}
_ESCAPE = re.compile(r"([\\`*_\[\]<>#|{}])")
_ID = re.compile(r"[^A-Za-z0-9_.:-]+")


def escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


class _Converter(HTMLParser):
    def __init__(self, root: tuple[str, str | None, str | None]) -> None:
        super().__init__(convert_charrefs=True)
        self.root = root
        self.depth = -1  # nesting of the root tag once inside it
        self.found = False
        self.skip: list[str] = []
        self.out: list[str] = []
        self.text: list[str] = []
        self.heading: tuple[int, str] | None = None
        self.pre = 0
        self.last_id = ""
        self.title = ""
        self.in_title = False
        self.h1 = ""

    def _matches(self, tag: str, attrs: dict[str, str | None]) -> bool:
        want, key, value = self.root
        if tag != want:
            return False
        if key is None:
            return True
        return value in (attrs.get(key) or "").split()

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag == "title":
            self.in_title = True
        if self.depth < 0:
            if self._matches(tag, attrs):
                self.depth, self.found = 1, True
            return
        if tag == self.root[0] and tag not in VOID:
            self.depth += 1
        if self.skip:
            if tag == self.skip[0] and tag not in VOID:
                self.skip.append(tag)
            return
        classes = set((attrs.get("class") or "").split())
        if tag in SKIP_TAGS or classes & SKIP_CLASSES:
            if tag not in VOID:
                self.skip.append(tag)
            return
        if attrs.get("id") and tag not in HEADINGS:
            self.last_id = attrs["id"] or ""
        if tag in HEADINGS:
            self._flush()
            self.heading = (HEADINGS[tag], attrs.get("id") or self.last_id)
            self.last_id = ""
        elif tag == "pre":
            self._flush()
            self.pre += 1
        elif tag in BLOCKS or tag == "br":
            self._flush(bullet=tag == "li")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if self.depth < 0:
            return
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        if tag == self.root[0]:
            self.depth -= 1
            if self.depth == 0:
                self._flush()
                self.depth = -2  # done
                return
        if self.heading and tag in HEADINGS:
            level, anchor = self.heading
            text = " ".join("".join(self.text).split())
            self.text, self.heading = [], None
            if text:
                if level == 1 and not self.h1:
                    self.h1 = text
                anchor = _ID.sub("-", anchor).strip("-")
                suffix = f" {{ #{anchor} }}" if anchor and anchor[0].isalpha() else ""
                self.out.append(f"{'#' * level} {escape(text)}{suffix}")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            code = "".join(self.text).strip("\n")
            self.text = []
            if code.strip():
                fence = "````" if "```" in code else "```"
                self.out.append(f"{fence}text\n{code}\n{fence}")
        elif tag in BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if self.depth > 0 and not self.skip:
            self.text.append(data)

    def _flush(self, bullet: bool = False) -> None:
        if self.heading or self.pre:
            return
        text = " ".join("".join(self.text).split())
        self.text = []
        if text:
            self.out.append(escape(text))


def convert(html: str) -> tuple[str, str] | None:
    """(title, Markdown body) of a documentation page, or None if it has no text."""
    for root in ROOTS:
        converter = _Converter(root)
        converter.feed(html)
        converter.close()
        if converter.found:
            converter._flush()
            title = converter.h1 or " ".join(converter.title.split())
            if not converter.out or not title:
                return None
            body = "\n\n".join(converter.out)
            if not converter.h1:
                body = f"# {escape(title)}\n\n{body}"
            return title, body
    return None


def pick(files: list[Path], count: int) -> list[Path]:
    """`count` files spread evenly over the sorted list (deterministic)."""
    if count >= len(files):
        return files
    step = len(files) / count
    return [files[int(i * step)] for i in range(count)]


def build_corpus(debroot: Path, out: Path, pages: int, required: set[str]) -> int:
    """Write about `pages` Markdown pages under `out/docs/` (always the `required` ones, named
    `<package>/<path without .html>`); return how many were written."""
    docs = out / "docs"
    written = 0
    total_share = sum(share for *_, share in PACKAGES.values())
    for name, (folder, pattern, share) in PACKAGES.items():
        base = debroot / DOC / folder
        files = sorted(p for p in base.glob(pattern) if p.is_file())
        files = [
            f
            for f in files
            if "_static" not in f.parts
            and "_modules" not in f.parts
            and f.name not in ("genindex.html", "search.html", "py-modindex.html")
            and "index-files" not in f.parts
        ]
        wanted = round(pages * share / total_share)
        must = [
            f
            for f in files
            if f"{name}/{f.relative_to(base).with_suffix('').as_posix()}" in required
        ]
        chosen = must + [f for f in pick(files, wanted * 2) if f not in must]
        count = 0
        for file in chosen:
            if count >= wanted:
                break
            result = convert(file.read_text(encoding="utf-8", errors="replace"))
            if result is None:
                continue
            title, body = result
            target = docs / name / file.relative_to(base).with_suffix(".md")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body + "\n", encoding="utf-8")
            count += 1
        written += count
    (docs / "index.md").write_text("# Benchmark corpus\n\nDebian documentation packages.\n")
    return written
