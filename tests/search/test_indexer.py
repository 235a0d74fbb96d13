"""The whoosh index Supportal writes equals what whoosh's own writer makes of the same sections."""

from __future__ import annotations

from pathlib import Path

from supportal.search.corpus import FIELDS, build_corpus
from supportal.search.indexer import schema, stored_lengths, write_index
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


def test_related_pages_score_terms_exactly_as_whooshs_bm25f_scorer(tmp_path: Path):
    from collections import defaultdict

    from supportal.search.query import weighting
    from supportal.search.related import _Stats, field_frequencies, term_section_scores

    corpus = build_corpus(fixed_records(), [t for t, _ in TYPES])
    write_index(corpus, tmp_path / "ix")
    fields = [("title", 12.0), ("heading", 3.0), ("body", 1.0)]
    ix = index.open_dir(str(tmp_path / "ix"))
    with ix.searcher(weighting=weighting(1.2, 0.75)) as searcher:
        stats = _Stats(searcher, field_frequencies(corpus), stored_lengths(corpus))
        terms = sorted({t for doc in corpus.docs for t in doc.terms.get("body", {})})[::3]
        assert len(terms) > 500
        for term in terms:
            expected: dict[int, float] = defaultdict(float)
            for name, boost in fields:
                if (name, term) in searcher.reader():
                    matcher = searcher.postings(name, term)  # whoosh's own scorer
                    while matcher.is_active():
                        expected[matcher.id()] += matcher.score() * boost
                        matcher.next()
            assert term_section_scores(searcher, term, fields, stats) == expected, term
    ix.close()
