"""The browser client (assets/engine.js, run in Chromium) against whoosh on a fixed corpus:
same tokens and terms over the whole text and vocabulary, same top-10 with the same scores."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from playwright.sync_api import Page
from supportal.search.analyzer import surfaces
from supportal.search.release_index import IndexedRelease, ReleaseIndex

from ..harness import serve_folder
from .fixed_corpus import QUERIES

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def client_url(
    fixed_index: tuple[IndexedRelease, Path, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    root = tmp_path_factory.mktemp("parity")
    shutil.copytree(fixed_index[1], root / "search")
    engine = resources.files("supportal.search") / "assets" / "engine.js"
    (root / "engine.js").write_bytes(engine.read_bytes())
    (root / "index.html").write_text("<!doctype html><title>parity</title>", encoding="utf-8")
    with serve_folder(root) as url:
        yield url


def _run_js(page: Page, url: str, script: str, arg: object) -> object:
    page.goto(f"{url}index.html")
    return page.evaluate(
        f"""async (arg) => {{
            const m = await import("{url}engine.js");
            const index = new m.SearchIndex(new URL("search/", location.href));
            {script}
        }}""",
        arg,
    )


def test_tokens_match_over_the_whole_corpus(
    page: Page,
    client_url: str,
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    built = fixed_index[0]
    texts = [d.text for d in built.corpus.docs] + [d.heading for d in built.corpus.docs]
    texts += [
        "Réplica naïve ÉTÉ İstanbul ﬁle Σίσυφος straße ½ x²",
        "HTTPServer getHTTPResponse v2Beta",
    ]
    js = _run_js(page, client_url, "return arg.map((t) => m.surfaces(t));", texts)
    assert js == [list(surfaces(t)) for t in texts]


def test_every_vocabulary_word_is_found_by_the_browser(
    page: Page,
    client_url: str,
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    words = fixed_index[0].corpus.words
    found = _run_js(
        page,
        client_url,
        """const out = {};
        for (const word of arg) {
            const [token] = m.tokens(word);
            const shard = await index.shardFor(token.whole);
            out[word] = shard.words.get(token.whole) ?? null;
        }
        return out;""",
        sorted(words),
    )
    mismatches = {w: (found[w], t) for w, t in words.items() if found[w] != t}
    assert not mismatches
    assert len(found) == len(words) > 2000


def test_same_top_ten_as_whoosh(page: Page, client_url: str, release_index: ReleaseIndex) -> None:
    cases = [(q, None) for q in QUERIES] + [(q, "faq") for q in QUERIES[:12]]
    cases += [(q + " ", None) for q in ("tempor", "encod", "log")]  # no prefix after a space
    cases += [(q, None) for q in _boundary_prefixes(release_index)]
    browser = _run_js(
        page,
        client_url,
        """const out = [];
        for (const [q, type] of arg) {
            const r = await index.search(q, { type });
            out.push(r.hits.slice(0, 10).map((h) => [h.sid, h.score, h.pageScore]));
        }
        return out;""",
        cases,
    )
    compared = 0
    for (query, type_id), js_hits in zip(cases, browser, strict=True):
        py_hits = [
            (h.sid, h.score, h.page_score) for h in release_index.search(query, type_id).hits[:10]
        ]
        assert len(js_hits) == len(py_hits), query
        js_scores = {sid: (score, page) for sid, score, page in js_hits}
        for (js_sid, js_score, js_page), (py_sid, py_score, py_page) in zip(
            js_hits, py_hits, strict=True
        ):
            assert js_page == pytest.approx(py_page, rel=1e-9), query
            assert js_score == pytest.approx(py_score, rel=1e-9), query
            if js_sid != py_sid:  # only a tie may order differently
                assert js_scores[py_sid] == pytest.approx((py_score, py_page), rel=1e-9), query
        compared += bool(py_hits)
    assert compared > 40


def _boundary_prefixes(release_index: ReleaseIndex) -> list[str]:
    """Prefixes whose completions a term-shard boundary splits."""
    vocab = release_index.vocab
    found = []
    for index in range(1, len(vocab.shards)):
        start = vocab.shards[index]
        prefix = start[:4]
        if len(start) > 4 and prefix.isalpha() and prefix not in found:
            before = [w for w in vocab.shard_words(index - 1) if w.startswith(prefix)]
            if any(w != prefix for w in before):
                found.append(prefix)
    return found


def test_prefix_completions_span_a_shard_boundary(release_index: ReleaseIndex) -> None:
    prefixes = _boundary_prefixes(release_index)
    assert len(prefixes) >= 3
    vocab = release_index.vocab
    for prefix in prefixes:
        own = vocab.shard_index(prefix)
        completions = vocab.completions(prefix, wanted=100)
        assert {w for w in completions if w in vocab.shard_words(own)}, prefix
        assert vocab.shards[own + 1] in completions, prefix
        # enough completions in its own shard: the next one is not read
        assert vocab.shards[own + 1] not in vocab.completions(prefix, wanted=1), prefix


def test_did_you_mean_matches(page: Page, client_url: str, release_index: ReleaseIndex) -> None:
    # "sjon" and "xjson": a first letter swapped with the second, a stray first letter.
    queries = ["jsn", "pathlb", "subproces run", "tempfle", "heapqq", "zzzzqqq", "sjon", "xjson"]
    browser = _run_js(
        page,
        client_url,
        """const out = [];
        for (const q of arg) {
            const r = await index.search(q);
            out.push(await index.didYouMean(q, r.plan));
        }
        return out;""",
        queries,
    )
    python = [release_index.search(q).suggestion for q in queries]
    assert browser == python
    assert python[:3] == ["json", "pathlib", "subprocess run"]
    assert python[5] is None
    assert python[6:] == ["json", "json"]


def test_a_query_fetches_the_shards_of_its_words_together(
    page: Page, client_url: str, release_index: ReleaseIndex
) -> None:
    # Three words from three different shards: one round trip for all of them, not three.
    shards = release_index.vocab.shards
    words = [w for w in shards[1:] if w.isalpha()][:3]
    assert len(words) == 3
    seen = _run_js(
        page,
        client_url,
        """let inFlight = 0;
        let most = 0;
        const asked = [];
        const slow = new m.SearchIndex(new URL("search/", location.href), async (url) => {
            asked.push(new URL(url).pathname.split("/search/")[1]);
            if (!url.includes("/t/")) return fetch(url);
            inFlight += 1;
            most = Math.max(most, inFlight);
            await new Promise((resolve) => setTimeout(resolve, 100));
            inFlight -= 1;
            return fetch(url);
        });
        const result = await slow.search(arg);
        return { most, asked, groups: result.plan.groups.length };""",
        " ".join(words) + " ",
    )
    expected = sorted(f"t/{release_index.vocab.shard_index(w)}.json" for w in words)
    assert len(set(expected)) == 3
    assert seen["most"] == 3
    assert sorted(seen["asked"]) == sorted(["head.json", *expected])
    assert seen["groups"] == 3
