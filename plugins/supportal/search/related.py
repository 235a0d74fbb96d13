"""Related pages, computed at build time from the whoosh index.

A page's key terms are its most distinctive terms (tf·idf over its sections, leaving out terms
common to many sections); their BM25F scores in every other page's sections rank the related
pages.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from whoosh.searching import Searcher

from .corpus import Corpus

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


def key_terms(
    totals: Counter[str], searcher: Searcher, df_cache: dict[str, int], count: int = KEY_TERMS
) -> list[str]:
    n = searcher.doc_count_all()
    common = max(MIN_COMMON, n // COMMON_SHARE)
    scored = []
    for term, tf in totals.items():
        if len(term) < 3 or term.isdigit():
            continue
        df = df_cache.get(term)
        if df is None:
            df = df_cache[term] = searcher.doc_frequency("body", term) + searcher.doc_frequency(
                "title", term
            )
        if df > common:
            continue
        scored.append((tf * (math.log(n / (df + 1)) + 1), term))
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
    df_cache: dict[str, int] = {}
    term_scores: dict[str, dict[int, float]] = {}
    for page, totals in enumerate(page_terms(corpus)):
        scores: dict[int, float] = defaultdict(float)
        for term in key_terms(totals, searcher, df_cache):
            if term not in term_scores:
                term_scores[term] = _term_scores(searcher, term, fields)
            for docnum, score in term_scores[term].items():
                scores[docnum] += score
        best: dict[int, float] = {}
        for docnum, score in scores.items():
            other = page_of[docnum]
            if other != page and score > best.get(other, 0.0):
                best[other] = score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        result[page] = [p for p, _ in ranked[:count]]
    return result


def _term_scores(searcher: Searcher, term: str, fields: list[tuple[str, float]]) -> dict[int, float]:
    """docnum → the term's BM25F score in that section, over `fields` with their boosts."""
    scores: dict[int, float] = defaultdict(float)
    for name, boost in fields:
        if (name, term) not in searcher.reader():
            continue
        matcher = searcher.postings(name, term)
        while matcher.is_active():
            scores[matcher.id()] += matcher.score() * boost
            matcher.next()
    return scores
