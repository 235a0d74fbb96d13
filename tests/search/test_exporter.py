"""The exported browser index reads back to exactly what whoosh indexed."""

from __future__ import annotations

import json
from pathlib import Path

from supportal.search.analyzer import query_words, term_of
from supportal.search.cards import CARD_MIN_PAGES, CARDS_PER_TERM, SNIPPET, window
from supportal.search.corpus import FIELDS, SLOTS, SectionDoc
from supportal.search.exporter import EXCERPT_CHARS, FORMAT, excerpt, postings, read_bundle
from supportal.search.related import Scorer, page_fields
from supportal.search.release_index import IndexedRelease
from whoosh import index as whoosh_index

from .fixed_corpus import BOOSTS, MODULES


def test_round_trip_postings_equal_whoosh(fixed_index: tuple[IndexedRelease, Path, Path]) -> None:
    built, folder, whoosh_folder = fixed_index
    bundle = read_bundle(folder)
    ix = whoosh_index.open_dir(str(whoosh_folder))
    with ix.searcher() as searcher:
        reader = searcher.reader()
        sids = [reader.stored_fields(n)["sid"] for n in range(reader.doc_count_all())]
        checked = 0
        for name in FIELDS:
            for term_bytes in reader.lexicon(name):
                term = term_bytes.decode("utf-8")
                matcher = reader.postings(name, term)
                expected = []
                while matcher.is_active():
                    docnum = matcher.id()
                    expected.append(
                        (sids[docnum], int(matcher.weight()), reader.doc_field_length(docnum, name))
                    )
                    matcher.next()
                assert bundle["postings"][term][name] == expected, (name, term)
                checked += 1
        exported = sum(len(per_field) for per_field in bundle["postings"].values())
        assert exported == checked > 1000
        head = bundle["head"]
        assert head["docs"] == reader.doc_count_all() == len(built.corpus.docs)
        for name, _boost, average in head["fields"]:
            assert average == searcher.avg_field_length(name)
    ix.close()


def test_every_surface_form_maps_to_its_term(
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    built, folder, _ = fixed_index
    words = read_bundle(folder)["words"]
    assert words == built.corpus.words
    assert len(words) > 2000
    for surface, term in words.items():
        assert term_of(surface) == term
        # a browser query of the surface form alone finds this very form
        assert query_words(surface)[0][0] == surface, surface


def test_shards_partition_the_sorted_vocabulary(
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    _, folder, _ = fixed_index
    head = json.loads((folder / "head.json").read_text())
    assert head["format"] == FORMAT
    assert len(head["shards"]) > 5
    previous_last = ""
    for number, start in enumerate(head["shards"]):
        shard = json.loads((folder / "t" / f"{number}.json").read_text())
        words = list(shard["w"])
        assert words[0] == start
        assert all(previous_last < w for w in words)
        previous_last = words[-1]
        assert set(shard["p"]) == set(shard["w"].values())  # postings of every term it maps to


def test_pages_are_grouped_by_type_and_fragments_hold_sections(
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    built, folder, _ = fixed_index
    bundle = read_bundle(folder)
    types = bundle["head"]["types"]
    assert [t[0] for t in types] == [
        "manual",
        "faq",
        "troubleshooting",
        "course",
        "support",
        "page",
    ]
    assert types[0][2] == 0 and types[-1][3] == len(MODULES)
    for kind, _label, start, end in types:
        assert {p["y"] for p in bundle["pages"][start:end]} == {kind}
    json_page = next(p for p in bundle["pages"] if p["u"] == "manuals/json/")
    assert json_page["t"] == "The json module"
    headings = [s[1] for s in json_page["s"]]
    assert "json.dumps" in headings and headings[0] == ""
    for doc in built.corpus.docs:
        page = bundle["pages"][doc.sid // SLOTS]
        assert page["s"][doc.sid % SLOTS][:2] == [doc.anchor, doc.heading]


def test_head_lists_the_spelling_files(fixed_index: tuple[IndexedRelease, Path, Path]) -> None:
    # The browser asks only for files that exist: a missing one logs a 404 in the console.
    _, folder, _ = fixed_index
    head = json.loads((folder / "head.json").read_text())
    assert head["spelling"] == sorted(p.stem for p in (folder / "s").glob("*.json"))
    assert "j" in head["spelling"]


def test_head_is_small(fixed_index: tuple[IndexedRelease, Path, Path]) -> None:
    _, folder, _ = fixed_index
    assert (folder / "head.json").stat().st_size < 2_000


def test_fragments_keep_the_start_of_long_sections() -> None:
    text = " ".join(f"word{n}" for n in range(1000))
    kept = excerpt(text)
    assert len(kept) <= EXCERPT_CHARS and text.startswith(kept) and text[len(kept)] == " "
    assert excerpt("short text") == "short text"
    assert excerpt("x" * 5000) == "x" * EXCERPT_CHARS  # no space to cut at


def _shards(folder: Path) -> list[dict]:
    head = json.loads((folder / "head.json").read_text("utf-8"))
    return [
        json.loads((folder / "t" / f"{n}.json").read_text("utf-8"))
        for n in range(len(head["shards"]))
    ]


def test_cards_hold_the_best_pages_of_terms_on_several_pages(
    fixed_index: tuple[IndexedRelease, Path, Path],
) -> None:
    built, folder, _ = fixed_index
    corpus = built.corpus
    scorer = Scorer(corpus, postings(corpus), 1.2, 0.75)
    checked = 0
    for shard in _shards(folder):
        cards, pages = shard.get("c", {}), shard.get("g", {})
        assert set(cards) <= set(shard["p"])  # a card travels with its term's postings
        for term in shard["p"]:
            best, where = scorer.best_pages(term, page_fields(BOOSTS), SLOTS)
            if len(best) < CARD_MIN_PAGES:
                assert term not in cards, term
                continue
            rows = cards[term]
            ranked = sorted(best, key=lambda page: (-best[page], page))[:CARDS_PER_TERM]
            assert [sid // SLOTS for sid, *_ in rows] == ranked, term
            for sid, anchor, heading, text in rows:
                doc = next(d for d in corpus.docs if d.sid == sid)
                assert sid == where[sid // SLOTS]  # the page's best section for the term
                assert (anchor, heading) == (doc.anchor, doc.heading)
                page = corpus.pages[sid // SLOTS]
                assert pages[str(sid // SLOTS)] == [page.url, page.title, page.type]
                shown = text.removeprefix("… ")
                assert shown in doc.text and len(shown) <= SNIPPET + 1
                forms = [w for w, t in corpus.words.items() if t == term]
                if any(form in doc.text.lower() for form in forms):
                    # the term is where the header search's snippet shows it
                    assert any(form in text[:SNIPPET].lower() for form in forms), term
                checked += 1
    assert checked > 100


def test_a_card_window_starts_where_the_snippet_would() -> None:
    text = " ".join(["filler"] * 60) + " the replication target is full " + "tail " * 80
    doc = SectionDoc(0, 0, "", "", text, {}, {})
    shown = window(doc, ["replication"])
    assert shown.startswith("… ") and len(shown) == len("… ") + SNIPPET + 1
    assert shown.index("replication") < SNIPPET // 3
    assert window(SectionDoc(0, 0, "", "", "replication first", {}, {}), ["replication"]) == (
        "replication first"
    )
