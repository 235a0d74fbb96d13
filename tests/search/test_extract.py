"""The indexer reads built HTML: sections at headings with ids, skipped markup, bad markup."""

from __future__ import annotations

import time
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from supportal.search import extract
from supportal.search.extract import extract_page

PAGE = """<!doctype html><html><head><title>Agents - Docs</title><script>var x = "no";</script>
</head><body><nav class="md-nav">Navigation words</nav>
<article class="md-content__inner md-typeset">
<h1 id="agents">Agents<a class="headerlink" href="#agents">¶</a></h1>
<p>An <code>os.<span>path</span></code> agent runs on <strong>every</strong> machine.</p>
<div data-search-exclude><p>Hidden words</p></div>
<h2 id="install">Install the agent</h2><ul><li>one<li>two</ul>
<h3>No id here</h3><p>still install text</p>
<form><label>Answer <input name="a"></label><button>Check</button></form>
<div data-pagefind-ignore>ignored too</div>
<h2 id="remove">Remove</h2><p>Uninstall it.</p>
<div class="supportal-related" data-search-exclude><a href="x">Related</a></div>
</article><footer>Footer words</footer></body></html>"""


def test_sections_and_skipped_markup() -> None:
    page = extract_page(PAGE)
    assert page is not None
    assert page.title == "Agents"
    assert [(s.anchor, s.heading, s.text) for s in page.sections] == [
        ("agents", "", "An os.path agent runs on every machine."),
        ("install", "Install the agent", "one two No id here still install text Answer Check"),
        ("remove", "Remove", "Uninstall it."),
    ]


def test_without_article_the_main_element_or_body_is_read() -> None:
    page = extract_page(
        "<html><head><title>T</title></head><body><header>x</header>"
        "<main><h2 id='a'>A</h2><p>text</p></main><p>outside</p></body></html>"
    )
    assert page is not None
    assert page.title == "T"
    assert [(s.anchor, s.heading, s.text) for s in page.sections] == [
        ("", "", ""),
        ("a", "A", "text"),
    ]
    body = extract_page("<html><body><p>only <b>a</b> body</p><script>x()</script></body></html>")
    assert body is not None and body.sections[0].text == "only a body"
    assert extract_page("<p>no page element at all</p>") is None


def test_words_around_a_skipped_block_stay_apart() -> None:
    page = extract_page(
        "<main><p>one<div data-search-exclude>x<div>y</div>z</div>two"
        "<nav>menu</nav>three<span data-search-exclude>in</span>line</p></main>"
    )
    assert page is not None
    # An inline element is part of the word it sits in, shown or not.
    assert page.sections[0].text == "one two threeline"


def test_unbalanced_markup_does_not_stop_it() -> None:
    page = extract_page(
        "<article class='md-content__inner'><ul><li>a<li>b</ul></div></span>"
        "<table><tr><td>c<td>d</table><h2 id=x>X</h2><p>e</article><p>after"
    )
    assert page is not None
    assert [s.text for s in page.sections] == ["a b c d", "e"]


def test_reading_starts_at_the_content_element_and_stops_after_it() -> None:
    # The reader skips everything before the content element without parsing it, and stops at
    # its end: a nested article of the same tag must not end it early.
    page = extract_page(
        "<html><head><title>Q&amp;A &lt;1&gt; - Docs</title></head><body>"
        "<nav><p>article md-content__inner mentioned in text</p></nav>"
        "<article class='md-content__inner'><p>start</p><article><p>nested</p></article>"
        "<h2 id='end'>End</h2><p>last</p></article><p>after the content</p></body></html>"
    )
    assert page is not None
    assert page.title == "Q&A <1> - Docs"
    assert [(s.anchor, s.heading, s.text) for s in page.sections] == [
        ("", "", "start nested"),
        ("end", "End", "last"),
    ]


def test_content_element_named_in_a_comment_script_or_attribute_before_it() -> None:
    # Skipping to the content element must not start inside a comment, a script or an
    # attribute value that merely spells its opening tag (a theme override's comment, a page
    # description in a meta tag): the header and footer would become page text.
    page = extract_page(
        "<html><head><title>T</title>"
        "<!-- the content is in <article class='md-content__inner'> -->"
        "<SCRIPT>const tpl = '<article class=\"md-content__inner\">';</SCRIPT>"
        "<meta name='description' content='About <article class=\"md-content__inner\">'>"
        "<meta name='keywords' content='a > b <article class=\"md-content__inner\">'>"
        "</head><body><header>Site header</header>"
        "<article class='md-content__inner'><p>body</p></article>"
        "<footer>Site footer</footer></body></html>"
    )
    assert page is not None
    assert [(s.anchor, s.heading, s.text) for s in page.sections] == [("", "", "body")]


class _HtmlParserFeed(HTMLParser):
    """The reference: Python's HTML parser driving the same reader (what the reader's own
    tokenizer replaced, for speed)."""

    def __init__(self, reader: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.reader = reader

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = "".join(f" {k}" if v is None else f' {k}="{escape(v)}"' for k, v in attrs)
        self.reader.handle_starttag(tag, raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.reader.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.reader.handle_endtag(tag)

    def handle_data(self, data: str) -> None:
        self.reader.handle_data(escape(data, quote=False))  # the reader unescapes text


def _read(html: str, reference: bool, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        if reference:
            def feed(reader: Any, text: str) -> None:
                parser = _HtmlParserFeed(reader)
                parser.feed(text)
                parser.close()

            patch.setattr(extract._Reader, "feed", feed)
        page = extract_page(html, "fallback")
    return None if page is None else (page.title, [(s.anchor, s.heading, s.text)
                                                    for s in page.sections])


TRICKY = [
    PAGE,
    "<ARTICLE CLASS='md-content__inner'><H2 ID=Up>Upper</H2><P>case &amp; tags</P></ARTICLE>",
    "<main><p>a < b and c <d </p><span/>x<br/>y<a href=/x/>link</a><img src=a.png/>z</main>",
    "<main><script>if (a</b) { s = '<h2 id=\"no\">no</h2></div>'; }</script><p>after</p>"
    "<style>p > a { x: '</p>' }</style><h2 id='q&amp;a'>Q&amp;A</h2><p>&lt;tag&gt; &#169;</p>"
    "</main>",
    "<main><!-- <h2 id='c'>comment</h2> --><![CDATA[ x ]]><?php echo 1 ?><p>text</p>"
    "<div title='a > b' class=\"md-source-file\">skipped</div><h3 id=\"ok\" class=x>"
    "Head<a class='headerlink' href='#ok'>¶</a></h3>body</main>",
    "<body><nav>menu<p>in nav</nav><main><p>one<div data-search-exclude=''>x<div>y</div>"
    "z</div>two</p></main></body>",
    "<div data-search-body><h1 id=t>Title</h1><svg><text>no</text></svg>yes<select><option>"
    "o</select><template><p>t</p></template>end</div><main>not the root</main>",
    "<main><p>unclosed <b>bold <i>italic</p><h2 id=a>A</h2>text<script>never closed",
    "<main><div data-search-exclude/>after<h3 id=y>b</h3>c<p>d<a href=/x/>e</a><br/>f</main>",
]

# Pinned: what the reader makes of markup a browser reads as below (Python's own html.parser
# has changed its handling of some of these between patch releases).
PINNED = {
    "<main><p>Copy to <your project's root> now.</p><p>It doesn't take long.</p></main>":
        [("", "", "Copy to now. It doesn't take long.")],
    "<main><div title=it's>hello</div> world<p a\"b>x</p>y</main>": [("", "", "hello world x y")],
    "<main><h2 id='q&amp;a' ID='second'>Q</h2>a</ div>b</>c<!-- <p>not --> d</main>":
        [("", "", ""), ("q&a", "Q", "abc d")],
    "<main><p>x<a title=x": [("", "", "x")],  # the text ends inside a tag
    "<main><h2 id=x/>a</h2>b</main>": [("", "", ""), ("x/", "a", "b")],  # the slash is the id's
}


def test_the_reader_reads_what_pythons_html_parser_reads(
    monkeypatch: pytest.MonkeyPatch, sample_site: Path
) -> None:
    for html in TRICKY:
        assert _read(html, False, monkeypatch) == _read(html, True, monkeypatch), html
    pages = sorted(sample_site.rglob("*.html"))
    assert len(pages) > 100
    for file in pages:
        html = file.read_text(encoding="utf-8")
        assert _read(html, False, monkeypatch) == _read(html, True, monkeypatch), file


def test_markup_read_as_a_browser_reads_it() -> None:
    for html, sections in PINNED.items():
        page = extract_page(html)
        assert page is not None
        assert [(s.anchor, s.heading, s.text) for s in page.sections] == sections, html


def test_reading_stays_linear_on_tags_that_never_close() -> None:
    # Tags without an end, an open quote, runs of `<`: each reads in well under a second
    # (a backtracking pattern took minutes on a few kilobytes of these).
    for html in ["<main>" + "<a" * 300_000, "<main><a" + "b" * 1_000_000,
                 "<main>" + "<a " * 300_000, '<main><a href="' + "x" * 1_000_000,
                 "<main>" + "<!" * 300_000, "<main>" + "</ " * 300_000,
                 "<main>" + "<p a'b c\"d" * 100_000, "<main><a " + "=x" * 300_000 + "/>"]:
        started = time.perf_counter()
        extract_page(html)
        assert time.perf_counter() - started < 5, html[:20]


def test_built_pages_read_in_two_halves_give_the_records_of_one_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from supportal.search import built as built_module
    from supportal.search.built import BuiltPage, RelatedSlot, read_built_pages
    from supportal.search.render import RELATED_MARKER

    from .halves import sizes_done_here

    pages = []
    for n in range(12):
        path = tmp_path / f"p{n}.html"
        html = PAGE.replace("Agents", f"Agents {n}").replace("every", "every " * (n + 1))
        if n == 5:  # no content element at all: left out, in both readings
            html = "<!doctype html><title>Nothing</title>"
        if n % 4 == 1:  # where the related pages go
            html = html.replace("</article>", f"{RELATED_MARKER}\n</article>")
        path.write_text(html, encoding="utf-8")
        pages.append(BuiltPage(f"p{n}/", str(path), f"Own title {n}", "manual", [f"ask {n}"]))
    pages.insert(7, BuiltPage("gone/", str(tmp_path / "gone.html"), "Gone", "manual"))
    once = read_built_pages(pages, fork=False)
    monkeypatch.setattr(built_module, "SPLIT_BYTES", 1_000)
    read_here = sizes_done_here(monkeypatch, built_module, "_read")
    twice = read_built_pages(pages, fork=True, scratch=tmp_path / "scratch")
    # This process read the first half only; a forked child read the rest.
    assert len(read_here) == 1 and 0 < read_here[0] < len(pages) - 3
    assert twice == once
    assert list((tmp_path / "scratch").iterdir()) == []  # the hand-over file is gone
    # no content element (p5), no file (MkDocs writes none for an empty page): left out
    records = once.records
    assert [r.url for r in records] == [f"p{n}/" for n in range(12) if n != 5]
    assert records[0].title == "Agents 0" and records[0].phrasings == ["ask 0"]
    assert [s.anchor for s in records[3].sections] == ["agents", "install", "remove"]
    # The related-pages marker's place, from both halves, with what follows it in the file.
    assert sorted(once.slots) == ["p1/", "p9/"]  # p5 has no article to hold one
    raw = (tmp_path / "p9.html").read_bytes()
    start = raw.index(RELATED_MARKER.encode())
    end = start + len(RELATED_MARKER)
    assert once.slots["p9/"] == RelatedSlot(start, raw[end:])
    assert raw[end:].startswith(b"\n</article><footer>")
