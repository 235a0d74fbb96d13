"""Related pages, computed at build time from the whoosh index.

A page's key terms are its most distinctive terms (tf·idf over its sections, leaving out terms
common to many sections); their BM25F scores in every other page's sections rank the related
pages.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict

from whoosh.scoring import bm25
from whoosh.searching import Searcher

from .corpus import Corpus
from .indexer import stored_lengths

KEY_TERMS = 12
COMMON_SHARE = 50
"""A term in more than one section in COMMON_SHARE (and more than MIN_COMMON sections) is no
key term: it says little about a page, and its long postings made related pages quadratic."""
MIN_COMMON = 32


def page_terms(corpus: Corpus) -> list[Counter[str]]:
    """Term counts of every page (all its sections, alternative phrasings left out)."""
    totals: list[Counter[str]] = [Counter() for _ in corpus.pages]
    for doc in corpus.docs:
        for name, counts in doc.terms.items():
            if name != "alt":
                totals[doc.page].update(counts)
    return totals


def field_frequencies(corpus: Corpus) -> dict[str, Counter[str]]:
    """field → term → sections having the term in that field: whoosh's doc_frequency, counted
    in one pass instead of one index look-up per term."""
    df: dict[str, Counter[str]] = defaultdict(Counter)
    for doc in corpus.docs:
        for name, counts in doc.terms.items():
            df[name].update(counts.keys())
    return df


def key_terms(
    totals: Counter[str], df: Counter[str], sections: int, count: int = KEY_TERMS
) -> list[str]:
    common = max(MIN_COMMON, sections // COMMON_SHARE)
    scored = []
    for term, tf in totals.items():
        if len(term) < 3 or term.isdigit():
            continue
        if df[term] > common:
            continue
        scored.append((tf * (math.log(sections / (df[term] + 1)) + 1), term))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [term for _, term in scored[:count]]


def related_pages(
    corpus: Corpus, searcher: Searcher, count: int, boosts: dict[str, float], slots: int
) -> dict[int, list[int]]:
    """page number → up to `count` related page numbers, best first.

    Each page's key terms are scored term at a time over whoosh's postings (BM25F, per field
    with its boost, summed per section; a term's scores are computed once for all pages). A
    whoosh `Or` of a dozen terms in three fields was half a second per page: its union
    matchers re-derive block quality for every posting."""
    result: dict[int, list[int]] = {}
    if count <= 0:
        return result
    page_of = [stored["sid"] // slots for stored in searcher.all_stored_fields()]
    fields = [(f, b) for f, b in boosts.items() if f != "alt"]
    field_df = field_frequencies(corpus)
    df = field_df["body"] + field_df["title"]
    stats = _Stats(searcher, field_df, stored_lengths(corpus))
    term_scores: dict[str, dict[int, float]] = {}
    for page, totals in enumerate(page_terms(corpus)):
        scores: dict[int, float] = defaultdict(float)
        for term in key_terms(totals, df, stats.sections):
            if term not in term_scores:
                term_scores[term] = term_section_scores(searcher, term, fields, stats)
            for docnum, score in term_scores[term].items():
                scores[docnum] += score
        best: dict[int, float] = {}
        for docnum, score in scores.items():
            other = page_of[docnum]
            if other != page and score > best.get(other, 0.0):
                best[other] = score
        # The first `count` of sorting by (-score, page), without sorting every candidate.
        ranked = heapq.nsmallest(count, [(-score, other) for other, score in best.items()])
        result[page] = [p for _, p in ranked]
    return result


class _Stats:
    """What whoosh's BM25F scorer reads for every term, read or counted once."""

    def __init__(
        self, searcher: Searcher, df: dict[str, Counter[str]], lengths: list[dict[str, int]]
    ) -> None:
        self.sections = searcher.doc_count_all()
        self.df = df
        self.lengths = lengths
        self.avgfl = {name: searcher.avg_field_length(name) or 1 for name in df}
        weighting = searcher.weighting
        self.b, self.k1 = weighting.B, weighting.K1

    def idf(self, name: str, term: str) -> float:
        # whoosh's WeightingModel.idf
        return math.log(self.sections / (self.df[name][term] + 1)) + 1


def term_section_scores(
    searcher: Searcher, term: str, fields: list[tuple[str, float]], stats: _Stats
) -> dict[int, float]:
    """docnum → the term's BM25F score in that section, over `fields` with their boosts.

    The same arithmetic as whoosh's `matcher.score()` (its `bm25`, with its idf, average field
    length and stored field length), without its scorer set-up per term and call chain per
    posting, which read every length back from the index."""
    scores: dict[int, float] = defaultdict(float)
    reader = searcher.reader()
    lengths, b, k1 = stats.lengths, stats.b, stats.k1
    for name, boost in fields:
        if not stats.df[name][term]:
            continue
        idf, avgfl = stats.idf(name, term), stats.avgfl[name]
        matcher = reader.postings(name, term)
        while matcher.is_active():
            docnum = matcher.id()
            weight = matcher.weight()
            scores[docnum] += bm25(idf, weight, lengths[docnum][name], avgfl, b, k1) * boost
            matcher.next()
    return scores
