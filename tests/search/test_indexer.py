"""The whoosh index Supportal writes equals what whoosh's own writer makes of the same sections."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from supportal.search.corpus import FIELDS, build_corpus
from supportal.search.indexer import schema, write_index
from whoosh import index

from .fixed_corpus import TYPES, fixed_records


def _contents(folder: Path) -> tuple[list, list, list]:
    """Every posting (field, term, document, weight, value), every field length, every stored
    document, read back through whoosh."""
    ix = index.open_dir(str(folder))
    with ix.reader() as reader:
        postings = []
        for fieldname, term in reader.all_terms():
            matcher = reader.postings(fieldname, term)
            while matcher.is_active():
                postings.append((fieldname, term, matcher.id(), matcher.weight(), matcher.value()))
                matcher.next()
        lengths = [[reader.doc_field_length(n, f) for f in FIELDS]
                   for n in range(reader.doc_count_all())]
        stored = list(reader.all_stored_fields())
    ix.close()
    return postings, lengths, stored


def _segment_files(folder: Path) -> dict[str, bytes]:
    """The files inside the index's one compound segment, by extension (the segment's own
    name is random)."""
    from whoosh.filedb.compound import CompoundStorage
    from whoosh.filedb.filestore import FileStorage

    storage = FileStorage(str(folder))
    [segment] = [name for name in storage.list() if name.endswith(".seg")]
    compound = CompoundStorage(storage.open_file(segment))
    files = {}
    for name in compound.list():
        with compound.open_file(name) as file:
            files[name.split(".", 1)[1]] = file.read()
    compound.close()
    return files


def test_the_index_has_the_postings_lengths_and_stored_fields_of_whooshs_own_writer(
    tmp_path: Path,
):
    corpus = build_corpus(fixed_records(), [t for t, _ in TYPES])
    write_index(corpus, tmp_path / "ours")

    (tmp_path / "whoosh").mkdir()
    ix = index.create_in(str(tmp_path / "whoosh"), schema())
    writer = ix.writer(limitmb=1)  # small, so whoosh's pool also spills runs and merges them
    for doc in corpus.docs:
        writer.add_document(sid=doc.sid, page=doc.page, **doc.terms)
    writer.commit()
    ix.close()

    ours, theirs = _contents(tmp_path / "ours"), _contents(tmp_path / "whoosh")
    assert len(ours[0]) > 5_000  # the fixed corpus is not trivial
    assert ours == theirs
    # Byte for byte, so also the block statistics and term infos a reader never returns as
    # such; some terms fill more than one postings block (128 postings).
    assert max(Counter(p[:2] for p in ours[0]).values()) > 128
    files = _segment_files(tmp_path / "ours")
    assert {"pst", "trm", "_stored.col", "_body_len.col"} <= set(files)
    assert files == _segment_files(tmp_path / "whoosh")


def test_postings_blocks_are_cut_where_whooshs_own_writer_cuts_them(tmp_path: Path):
    from supportal.search.corpus import PageRecord
    from supportal.search.extract import Section

    # whoosh writes 128 postings per block: terms on one section fewer, as many, one more, and
    # two blocks' worth, with field lengths past what one byte stores exactly.
    counts = {"blockone": 127, "blockfull": 128, "blockover": 129, "blocktwo": 256,
              "blockthree": 257}
    records = []
    for page in range(5):
        sections = []
        for slot in range(60):
            n = page * 60 + slot
            words = [term for term, count in counts.items() if n < count] * (1 + n % 3)
            sections.append(Section(f"s{slot}", f"Part {n}", " ".join(words + ["pad"] * n)))
        records.append(PageRecord(f"p{page}/", f"Page {page}", "page", sections))
    corpus = build_corpus(records, ["page"])
    write_index(corpus, tmp_path / "ours")
    (tmp_path / "whoosh").mkdir()
    ix = index.create_in(str(tmp_path / "whoosh"), schema())
    writer = ix.writer()
    for doc in corpus.docs:
        writer.add_document(sid=doc.sid, page=doc.page, **doc.terms)
    writer.commit()
    ix.close()
    found = Counter(p[1] for p in _contents(tmp_path / "ours")[0] if p[0] == "body")
    indexed = {word: corpus.words[word].encode() for word in counts}  # as whoosh stores it
    assert {word: found[indexed[word]] for word in counts} == counts
    assert _segment_files(tmp_path / "ours") == _segment_files(tmp_path / "whoosh")


def test_related_pages_score_terms_exactly_as_whooshs_bm25f_scorer(tmp_path: Path):
    from collections import defaultdict

    from supportal.search.exporter import postings
    from supportal.search.query import weighting
    from supportal.search.related import Scorer

    corpus = build_corpus(fixed_records(), [t for t, _ in TYPES])
    write_index(corpus, tmp_path / "ix")
    boosts = {"title": 12.0, "heading": 3.0, "body": 1.0}
    scorer = Scorer(corpus, postings(corpus), 1.2, 0.75)
    ix = index.open_dir(str(tmp_path / "ix"))
    with ix.searcher(weighting=weighting(1.2, 0.75)) as searcher:
        sid_of = [stored["sid"] for stored in searcher.all_stored_fields()]
        terms = sorted({t for doc in corpus.docs for t in doc.terms.get("body", {})})[::3]
        assert len(terms) > 500
        for term in terms:
            expected: dict[int, float] = defaultdict(float)
            for name, boost in boosts.items():
                if (name, term) in searcher.reader():
                    matcher = searcher.postings(name, term)  # whoosh's own scorer
                    while matcher.is_active():
                        expected[sid_of[matcher.id()]] += matcher.score() * boost
                        matcher.next()
            assert scorer.scores(term, boosts) == expected, term
    ix.close()


def test_section_terms_count_each_form_the_analyzer_gives(tmp_path: Path):
    from supportal.search.analyzer import surfaces, term_of

    corpus = build_corpus(fixed_records(), [t for t, _ in TYPES])
    checked = 0
    for doc in corpus.docs:
        page = corpus.pages[doc.page]
        first = doc.sid % 64 == 0
        texts = {
            "title": page.title if first else "",
            "heading": doc.heading,
            "alt": " ".join(page.phrasings) if first else "",
            "body": doc.text,
        }
        for name, text in texts.items():
            expected = Counter(term_of(form) for form in surfaces(text))
            assert doc.terms.get(name, Counter()) == expected, (doc.sid, name)
            assert doc.length.get(name, 0) == sum(expected.values())
            checked += len(expected)
    assert checked > 5_000


def test_a_corpus_analyzed_in_two_halves_equals_one_analyzed_whole(monkeypatch):
    from supportal.search import corpus as corpus_module

    from .halves import sizes_done_here

    whole = build_corpus(fixed_records(), [t for t, _ in TYPES], fork=False)
    monkeypatch.setattr(corpus_module, "SPLIT_CHARS", 1_000)
    analyzed_here = sizes_done_here(monkeypatch, corpus_module, "_analyze")
    halves = build_corpus(fixed_records(), [t for t, _ in TYPES], fork=True)
    # This process analyzed the first half only; a forked child did the rest.
    assert len(analyzed_here) == 1 and 0 < analyzed_here[0] < len(whole.pages) - 5

    def everything(corpus):
        return (
            [p.url for p in corpus.pages],
            [(d.sid, d.anchor, d.heading, d.text, list(d.terms.items()), d.length)
             for d in corpus.docs],
            list(corpus.words.items()),  # in the same order too
            list(corpus.word_pages.items()),
        )

    assert everything(halves) == everything(whole)


def test_a_forked_build_writes_what_a_build_in_one_process_writes(tmp_path: Path):
    from supportal.search.release_index import Settings, index_release

    settings = Settings(types=TYPES, boosts={"title": 12.0, "heading": 3.0, "alt": 8.0,
                                             "body": 1.0}, shard_size=6_000, related=3)
    built = {}
    for fork in (True, False):
        name = "forked" if fork else "serial"
        built[name] = index_release(fixed_records(), settings, {"version": "1", "title": "F"},
                                    tmp_path / name / "site", tmp_path / name / "whoosh", fork=fork)
    assert built["forked"].related == built["serial"].related
    assert _contents(tmp_path / "forked" / "whoosh") == _contents(tmp_path / "serial" / "whoosh")
    files = {}
    for side in ("forked", "serial"):
        root = tmp_path / side / "site"
        files[side] = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
        # whoosh's own files name their segment at random; its contents are compared above
        files[side]["meta"] = (tmp_path / side / "whoosh" / "supportal-search.json").read_bytes()
    assert files["forked"] == files["serial"]
    assert len(files["forked"]) > 40
