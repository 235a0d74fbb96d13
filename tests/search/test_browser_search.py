"""The header search of the built sample portal in a real Chromium."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from ..harness import goto_for_instant_navigation

pytestmark = pytest.mark.browser

XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>'


def _search(page: Page, text: str) -> None:
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially(text, delay=20)


def _items(page: Page):
    return page.locator(".md-search-result__list > .md-search-result__item")


def _shown_for(page: Page, text: str) -> None:
    """Wait for the results of the whole typed `text`: results appear as one types, so the list
    can still be the one of a prefix ("restore poi", "encryptio") and be replaced a moment later.
    A result's ?h= starts with the typed words once they are whole words (for "restore poi" it
    is restore+restored+...; a prefix with the same ?h=, as "retentio", matches the same words)."""
    words = re.escape("+".join(text.split()))
    link = _items(page).first.locator("a").first
    expect(link).to_have_attribute("href", re.compile(rf"\?h={words}(\+|#|$)"))


def test_results_appear_with_highlights(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/install/")
    _search(page, "encryption")
    _shown_for(page, "encryption")  # the titles below are read once, not awaited
    expect(_items(page).first).to_be_visible()
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching pages?"))
    marks = _items(page).first.locator("mark")
    expect(marks.first).to_have_text(re.compile("encrypt", re.I))
    titles = page.locator(".md-search-result__list h1").all_inner_texts()
    assert "Backup encryption" in titles


def test_the_index_head_is_fetched_when_the_box_gets_focus(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    with page.expect_request(re.compile(r"/2\.4/_supportal/search/head\.json$")):
        page.locator(".md-search__input").click()
    expect(page.locator(".md-search-result__meta")).to_have_text("Type to start searching")


def test_last_word_is_a_prefix(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "replicat")
    expect(page.locator(".md-search-result__list h1").first).to_have_text("Replication")
    expect(_items(page).first.locator("mark").first).to_have_text("Replication")


def test_type_filter(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "agent")
    expect(_items(page).first).to_be_visible()
    page.locator(".supportal-search__type", has_text="FAQ").click()
    expect(page.locator(".supportal-search__type", has_text="FAQ")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(_items(page).first).to_be_visible()
    tags = page.locator(".md-search-result__item .supportal-search__tag")
    expect(tags.first).to_have_text("FAQ")
    # the unfiltered results are replaced, not only preceded, by the filtered ones
    expect(tags.filter(has_not_text="FAQ")).to_have_count(0)
    assert set(tags.all_inner_texts()) == {"FAQ"}
    for href in page.locator(".md-search-result__item > a").evaluate_all(
        "els => els.map(e => e.href)"
    ):
        assert "/2.4/faq/" in href


def test_release_toggle_searches_every_release(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "tape export")
    expect(_items(page).first).to_be_visible()
    assert "Tape export" not in page.locator(".md-search-result__list h1").all_inner_texts()
    toggle = page.locator(".supportal-search__releases input")
    expect(toggle).to_be_visible()
    toggle.check()
    first = page.locator(".md-search-result__list h1").first
    expect(first).to_have_text("Tape export")
    link = _items(page).first.locator("a").first
    expect(link).to_have_attribute(
        "href", re.compile(rf"^{re.escape(sample_url)}1\.6/manuals/tape-export/\?h=")
    )
    expect(_items(page).first.locator(".supportal-search__tag", has_text="1.6")).to_be_visible()


def test_every_release_is_searched_at_once(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "tape export")
    expect(_items(page).first).to_be_visible()
    # The other releases' indexes are held back: all three must be asked for before any answers.
    held = []
    others = re.compile(r"/(1\.6|2\.0|3\.0)/_supportal/search/head\.json$")
    page.route(others, lambda route: held.append(route))
    page.locator(".supportal-search__releases input").check()
    for _ in range(100):
        if len(held) == 3:
            break
        page.wait_for_timeout(50)
    assert sorted(re.search(r"/([\d.]+)/_supportal/", r.request.url)[1] for r in held) == [
        "1.6", "2.0", "3.0"
    ]
    for route in held:
        route.continue_()
    expect(page.locator(".md-search-result__list h1").first).to_have_text("Tape export")


def test_identical_sections_fold_across_releases(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    page.locator(".md-search__input").click()
    page.locator(".supportal-search__releases input").check()
    _search(page, "retention")
    _shown_for(page, "retention")  # the items below are read one by one, not awaited
    expect(page.locator(".supportal-search__also", has_text="also in").first).to_have_text(
        re.compile(r"^also in \d")
    )
    urls = page.locator(".md-search-result__item > a:first-child").evaluate_all(
        "els => els.map(e => e.href)"
    )
    assert len(urls) == len(set(urls))
    # A folded section is shown from the release being read, the others listed newest first.
    folded = page.locator(".md-search-result__item").filter(
        has=page.locator(".supportal-search__also", has_text="also in")
    )
    assert folded.count() > 0
    for item in folded.all():
        shown = item.locator(".supportal-search__tag").nth(1).inner_text()
        also = item.locator(".supportal-search__also").inner_text().removeprefix("also in ")
        others = also.split(", ")
        assert shown == "2.4" or "2.4" not in others
        assert others == [v for v in ("3.0", "2.4", "2.0", "1.6") if v in others]


def test_did_you_mean(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "retnetion")
    suggestion = page.locator(".supportal-search__suggestion")
    expect(suggestion).to_have_text("retention")
    expect(page.locator(".md-search-result__meta")).to_contain_text("Did you mean retention?")
    suggestion.click()
    expect(page.locator(".md-search__input")).to_have_value("retention")
    expect(_items(page).first).to_be_visible()


def test_keyboard_navigation(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/install/")
    page.locator("article").click()
    page.keyboard.press("/")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("restore point", delay=20)
    links = page.locator(".md-search-result__link")
    # the results of the whole query (not of "restore poi" still on its way) are shown: those of
    # "restore poi" mark "point" too, their ?h= tells them apart. Replaced after an arrow key,
    # the list would take the focus away (a second batch of fragments is appended, not replaced).
    marks = page.locator(".md-search-result__list mark", has_text=re.compile("^point", re.I))
    expect(marks.first).to_be_visible()
    _shown_for(page, "restore point")
    expect(links.nth(1)).to_be_attached()
    page.keyboard.press("ArrowDown")
    expect(links.nth(0)).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(links.nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.press("ArrowDown")
    target = links.nth(0).get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(target)
    expect(page.locator("#__search")).not_to_be_checked()
    page.keyboard.press("Escape")


def test_more_results_are_fetched_when_scrolled_to(page: Page, sample_url: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 600})
    fragments: list[str] = []
    page.on("request", lambda r: "/_supportal/search/f/" in r.url and fragments.append(r.url))
    page.goto(f"{sample_url}2.4/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill("backup")
    expect(_items(page)).to_have_count(5)
    page.wait_for_timeout(700)
    # The results below the fold are not fetched yet; a result a card of the query's term
    # shard covers needs no fragment at all.
    carded = page.locator(".md-search-result__item[data-card]")
    assert carded.count() > 0
    assert len(fragments) + carded.count() == 5
    assert not _items(page).nth(4).evaluate(
        "li => li.getBoundingClientRect().top < li.closest('.md-search__scrollwrap')"
        ".getBoundingClientRect().bottom"
    )
    page.locator(".md-search__scrollwrap").evaluate("e => { e.scrollTop = e.scrollHeight; }")
    expect(_items(page)).to_have_count(10)
    assert len(fragments) + carded.count() == 10
    assert len(set(fragments)) == len(fragments)


def test_a_result_drawn_from_cards_reads_and_links_like_the_others(
    page: Page, sample_url: str
) -> None:
    fragments: list[str] = []
    page.on("request", lambda r: "/_supportal/search/f/" in r.url and fragments.append(r.url))
    page.goto(f"{sample_url}2.4/")
    box = page.locator(".md-search__input")
    box.click()
    box.fill("replication")  # one query: a prefix's results would fetch fragments of their own
    _shown_for(page, "replication")
    carded = page.locator(".md-search-result__item[data-card]")
    expect(carded.first).to_be_visible()
    item = carded.first
    expect(item.locator("h1")).not_to_have_text("")
    expect(item.locator("p mark").first).to_have_text(re.compile("^replication$", re.I))
    expect(item.locator(".supportal-search__tag").first).not_to_have_text("")
    # its link leads to the section, with the words to mark
    href = item.locator("a.md-search-result__link").last.get_attribute("href") or ""
    assert href.startswith(f"{sample_url}2.4/") and "h=replication" in href
    response = page.request.get(href)
    assert response.ok
    anchor = href.partition("#")[2]
    if anchor:
        assert f'id="{anchor}"' in response.text()
    # results drawn from cards fetched no fragment
    assert len(fragments) == _items(page).count() - carded.count()


def test_search_works_after_instant_navigation(page: Page, sample_url: str) -> None:
    # (A click before Material has its sitemap is a full load: the box could then be typed in
    # before the search script has run.)
    goto_for_instant_navigation(page, f"{sample_url}2.4/")
    page.locator(".md-tabs__link", has_text="Manuals").click()
    expect(page).to_have_url(f"{sample_url}2.4/manuals/")
    # Material changes the URL before it swaps the page in, and the swap closes the results:
    # search the page navigated to, not the one still shown.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Manuals")
    _search(page, "backup")
    expect(_items(page).first).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()


def test_xss_in_the_box_is_text(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    _search(page, XSS + " backup")
    expect(_items(page).first).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".md-search img, .md-search script").count() == 0


def test_xss_in_the_url_is_text(page: Page, sample_url: str) -> None:
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    page.goto(
        f"{sample_url}2.4/?q="
        + XSS.replace("<", "%3C").replace(">", "%3E").replace('"', "%22").replace(" ", "%20")
    )
    expect(page.locator(".md-search__input")).to_have_value(XSS)
    expect(page.locator(".md-search-result__meta")).to_have_text(
        re.compile("No matching|Did you mean|matching")
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator(".md-search img, .md-search script").count() == 0


def test_opened_result_marks_the_matched_words(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "encryption")
    link = page.locator(".md-search-result__list a", has_text="Backup encryption").first
    # The link of the whole word's results: a prefix's ("e": each+email+encrypt+...) would
    # open the page with other words marked.
    expect(link).to_have_attribute("href", re.compile(r"\?h=encryption(\+|#|$)"))
    link.click()
    expect(page).to_have_url(re.compile(r"/2\.4/manuals/[^?]+/\?h="))
    marks = page.locator("article.md-content__inner mark.supportal-search__hit")
    expect(marks.first).to_have_text(re.compile("^encrypt", re.I))
    forms = {"encryption", "encrypted", "encrypt", "encrypts", "encrypting"}
    assert {m.lower() for m in marks.all_inner_texts()} <= forms


def test_highlight_parameter_starts_with_the_typed_words(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "backup job")
    link = _items(page).first.locator("a").first
    # Results appear as the words are typed: the list may still be the one for "backup j"
    # for a moment. The final query's links start with the two typed words.
    expect(link).to_have_attribute("href", re.compile(r"\?h=backup\+job(\+|#|$)"))


def test_xss_in_the_highlight_parameter_is_text(page: Page, sample_url: str) -> None:
    page.on("dialog", lambda d: pytest.fail(f"a dialog opened: {d.message}"))
    encoded = XSS.replace("<", "%3C").replace(">", "%3E").replace('"', "%22").replace(" ", "%20")
    page.goto(f"{sample_url}2.4/manuals/install/?h={encoded}%20server")
    marks = page.locator("article.md-content__inner mark.supportal-search__hit")
    expect(marks.filter(has_text=re.compile("^server$", re.I)).first).to_be_visible()
    page.wait_for_timeout(300)
    assert page.evaluate("window.__xss") is None
    assert page.locator("article img[src='x'], article script").count() == 0


def _with_paragraph(page: Page, url: str, paragraph: str) -> None:
    """Serve `url` with `paragraph` added at the start of its content."""

    def add(route) -> None:
        response = route.fetch()
        body = response.text().replace(
            '<article class="md-content__inner md-typeset">',
            f'<article class="md-content__inner md-typeset">{paragraph}',
            1,
        )
        assert paragraph in body
        route.fulfill(response=response, body=body)

    page.route(url, add)


def test_page_marks_keep_the_text_of_long_compound_words(page: Page, sample_url: str) -> None:
    # A dotted name longer than analyzer.MAX_WORD is indexed by its parts only; two of its
    # parts matching must not copy the name twice into the page.
    name = "org.keelvault.agent.configuration.builder.fluent.FileBasedBuilderParameters"
    text = f"Use {name} here."
    url = f"{sample_url}2.4/manuals/install/?h=builder"
    _with_paragraph(page, url, f'<p id="long-name">{text}</p>')
    page.goto(url)
    paragraph = page.locator("#long-name")
    expect(paragraph.locator("mark.supportal-search__hit").first).to_be_visible()
    assert paragraph.text_content() == text
    assert paragraph.locator("mark").all_inner_texts() == [name]
    page.unroute_all(behavior="ignoreErrors")


def test_result_titles_keep_the_text_of_long_compound_words(page: Page, sample_url: str) -> None:
    name = "Keelvault.Encryption.Settings.EncryptionKeyRotationPolicy.DefaultValuesForAgents"

    def retitle(route) -> None:  # a page's title, in its fragment and in cards' page tables
        response = route.fetch()
        data = response.json()
        if "/f/" in route.request.url:
            data["t"] = f"{name} {data['t']}"
        for row in data.get("g", {}).values() if isinstance(data, dict) else ():
            row[1] = f"{name} {row[1]}"
        route.fulfill(response=response, json=data)

    page.route("**/search/{f,t}/*.json", retitle)
    page.goto(f"{sample_url}2.4/")
    _search(page, "encryption")
    title = page.locator(".md-search-result__list h1").first
    expect(title).to_have_text(re.compile(f"^{re.escape(name)} "))
    assert title.locator("mark").first.inner_text() == name
    page.unroute_all(behavior="ignoreErrors")  # fragments still loading when the page closes


def test_query_from_url_shows_results(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/?q=kvctl")
    expect(page.locator("#__search")).to_be_checked()
    expect(_items(page).first).to_be_visible()


def test_search_dialog_and_related_pages_pass_axe(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/manuals/backups/")
    expect(page.locator(".supportal-related a").first).to_be_visible()
    _search(page, "agent")
    expect(_items(page).first).to_be_visible()
    results = Axe().run(
        page,
        context={"include": [[".md-search-result"], [".supportal-related"], [".md-search__form"]]},
    )
    assert results.violations_count == 0, results.generate_report()


def test_related_links_stand_out_from_their_labels(page: Page, sample_url: str) -> None:
    # On this page a link ("Agents") sat next to its label ("Manuals") in one line of text, told
    # apart by colour alone at 2.34:1: axe's serious link-in-text-block.
    page.goto(f"{sample_url}1.6/manuals/install/")
    expect(page.locator(".supportal-related a").first).to_be_visible()
    results = Axe().run(page, context={"include": [[".supportal-related"]]})
    assert results.violations_count == 0, results.generate_report()


def test_enter_right_after_typing_opens_a_result_of_the_typed_text(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "tape")
    expect(_items(page).first).to_be_visible()
    box = page.locator(".md-search__input")
    box.press("Control+a")
    box.press_sequentially("replication", delay=30)
    box.press("Enter")  # before the debounce: the list still shows the results for "tape"
    expect(page).to_have_url(re.compile(r"\?h=replication"))


def test_the_search_button_of_a_narrow_screen_focuses_the_box(page: Page, sample_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(f"{sample_url}2.4/")
    page.locator("label.md-header__button[for='__search']").click()
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type("restore", delay=20)
    expect(page.locator(".md-search__input")).to_have_value("restore")
    expect(_items(page).first).to_be_visible()


def test_the_count_is_every_matching_page(page: Page, sample_url: str) -> None:
    page.goto(f"{sample_url}2.4/")
    engine = page.locator("script[src$='search/search.js']").first.get_attribute("src")
    assert engine is not None
    distinct = page.evaluate(
        """async ([src, folder]) => {
            const base = new URL(src, location.href);
            const m = await import(new URL("engine.js", base).href);
            const index = new m.SearchIndex(new URL(folder, location.href));
            const { hits } = await index.search("backup");
            return new Set(hits.map((h) => h.page)).size;
        }""",
        [engine, "_supportal/search/"],
    )
    assert distinct > 20  # more than the pages the list keeps as candidates
    _search(page, "backup")
    expect(page.locator(".md-search-result__meta")).to_have_text(f"{distinct} matching pages")
    page.locator(".supportal-search__releases input").check()
    expect(page.locator(".md-search-result__meta")).to_have_text(
        re.compile(r"^\d+ matching pages in 4 releases$")
    )


def test_escape_closes_the_results_and_keeps_the_focus_in_the_box(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/")
    box = page.locator(".md-search__input")
    box.click()
    # One input, one query: typed letter by letter, the results of "restor" (the same, in other
    # elements) could replace the list after the arrow key and take the focus from the link.
    box.fill("restore")
    expect(_items(page).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.locator(".md-search-result__link").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    expect(page.locator(".md-search__input")).to_be_focused()
    page.keyboard.type(" point", delay=20)  # typing again opens the results again
    expect(page.locator("#__search")).to_be_checked()
    expect(_items(page).first).to_be_visible()


def test_words_in_a_knowledge_check_are_not_marked(page: Page, sample_url: str) -> None:
    # Marking an option would give the answer away.
    page.goto(f"{sample_url}2.4/courses/keelvault-admin/retention/?h=compaction")
    marks = page.locator("article mark.supportal-search__hit")
    expect(marks.first).to_be_visible()
    question = page.locator("fieldset.kv-q", has_text=re.compile("compaction", re.I))
    expect(question.first).to_be_attached()
    expect(page.locator("fieldset.kv-q mark")).to_have_count(0)


def test_did_you_mean_asks_only_for_spelling_files_that_exist(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/")
    missing: list[str] = []
    page.on("response", lambda r: r.status == 404 and missing.append(r.url))
    head = page.evaluate("fetch('_supportal/search/head.json').then((r) => r.json())")
    absent = next(c for c in "xqzjykvw" if c not in head["spelling"])
    _search(page, f"{absent}{absent}zzy")
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile("No matching"))
    page.wait_for_timeout(300)
    assert missing == []


def test_enter_that_confirms_an_input_method_candidate_opens_nothing(
    page: Page, sample_url: str
) -> None:
    page.goto(f"{sample_url}2.4/")
    _search(page, "backup")
    expect(_items(page).first).to_be_visible()
    page.locator(".md-search__input").dispatch_event(
        "keydown", {"key": "Enter", "isComposing": True, "bubbles": True}
    )
    page.wait_for_timeout(500)
    expect(page).to_have_url(f"{sample_url}2.4/")
    page.locator(".md-search__input").press("Enter")  # an ordinary Enter still opens
    expect(page).to_have_url(re.compile(r"\?h=backup"))
