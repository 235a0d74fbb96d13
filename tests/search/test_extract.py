"""The indexer reads built HTML: sections at headings with ids, skipped markup, bad markup."""

from __future__ import annotations

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
