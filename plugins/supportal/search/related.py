"""Related pages, computed at build time from the index's postings.

A page's key terms are its most distinctive terms (tf·idf over its sections, leaving out terms
common to many sections); their BM25F scores in every other page rank the related pages. The
scores are whoosh's (its `bm25` over the same postings, document frequencies and rounded field
lengths), computed from the postings the exporter writes: related pages need no whoosh reader,
so they are computed while whoosh writes its index.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict
from collections.abc import Mapping

from whoosh.scoring import bm25

from .corpus import FIELDS, Corpus

KEY_TERMS = 12
TERM_PAGES = 300
"""A key term adds its score to its TERM_PAGES best pages only. Adding it to every page that has
it was most of the time (29 million additions at 9,840 pages: 17.7 s, against 10.1 s capped,
with 94 % of the listed related pages the same)."""
COMMON_SHARE = 50
"""A term in more than one section in COMMON_SHARE (and more than MIN_COMMON sections) is no
key term: it says little about a page, and its long postings made related pages quadratic."""
MIN_COMMON = 32

Postings = Mapping[str, Mapping[int, list[int]]]
"""term → field index → flat [delta sid, tf, rounded field length, …] (`exporter.postings`)."""


def page_terms(corpus: Corpus) -> list[Counter[str]]:
    """Term counts of every page (all its sections, alternative phrasings left out)."""
    totals: list[Counter[str]] = [Counter() for _ in corpus.pages]
    for doc in corpus.docs:
        for name, counts in doc.terms.items():
            if name != "alt":
                totals[doc.page].update(counts)
    return totals


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


class Scorer:
    """BM25F of one term in every section it occurs in, as whoosh's scorer computes it: its
    idf (`log(N / (df + 1)) + 1`), average field length (total length / sections) and the
    field length it stores (rounded to one byte)."""

    def __init__(self, corpus: Corpus, postings: Postings, k1: float, b: float) -> None:
        self.postings = postings
        self.sections = len(corpus.docs)
        self.k1, self.b = k1, b
        totals: Counter[str] = Counter()
        for doc in corpus.docs:
            totals.update(doc.length)
        self.avgfl = {name: totals[name] / (self.sections or 1) for name in FIELDS}
        self._best: dict[tuple[str, tuple[tuple[str, float], ...]], BestSections] = {}

    def best_pages(self, term: str, boosts: Mapping[str, float], slots: int) -> BestSections:
        """The term's best section in each page, over the fields of `boosts`; kept: related
        pages and cards ask for many of the same terms with the same boosts."""
        key = (term, tuple(sorted(boosts.items())))
        found = self._best.get(key)
        if found is None:
            found = self._best[key] = best_per_page(self.scores(term, boosts), slots)
        return found

    def frequencies(self, names: tuple[str, ...]) -> Counter[str]:
        """term → sections having it, summed over the fields `names`."""
        fields = [FIELDS.index(name) for name in names]
        df: Counter[str] = Counter()
        for term, per_field in self.postings.items():
            df[term] = sum(len(per_field.get(f, ())) // 3 for f in fields)
        return df

    def scores(self, term: str, boosts: Mapping[str, float]) -> dict[int, float]:
        """sid → the term's BM25F score in that section, over the fields of `boosts`, each
        score times its field's boost."""
        scores: dict[int, float] = defaultdict(float)
        per_field = self.postings.get(term, {})
        b, k1 = self.b, self.k1
        for name, boost in boosts.items():
            field = FIELDS.index(name)
            flat = per_field.get(field)
            if not flat:
                continue
            idf = math.log(self.sections / (len(flat) // 3 + 1)) + 1
            avgfl = self.avgfl[name] or 1
            sid = 0
            for i in range(0, len(flat), 3):
                sid += flat[i]
                scores[sid] += bm25(idf, flat[i + 1], flat[i + 2], avgfl, b, k1) * boost
        return scores


BestSections = tuple[dict[int, float], dict[int, int]]
"""page → the best of a term's section scores in it, and page → that section (`best_per_page`);
two plain dicts: related pages add up millions of these scores."""


def best_per_page(scores: Mapping[int, float], slots: int) -> BestSections:
    """page → the best of its sections' scores, and page → that section (the first of equals)."""
    best: dict[int, float] = {}
    where: dict[int, int] = {}
    for sid, score in scores.items():
        page = sid // slots
        if score > best.get(page, 0.0):
            best[page] = score
            where[page] = sid
    return best, where


def _score_then_page(item: tuple[int, float]) -> tuple[float, int]:
    page, score = item
    return score, -page


def page_fields(boosts: Mapping[str, float]) -> dict[str, float]:
    """The fields that say what a page is about: FAQ phrasings are what readers ask instead."""
    return {name: boost for name, boost in boosts.items() if name != "alt"}


def related_pages(
    corpus: Corpus, scorer: Scorer, count: int, boosts: Mapping[str, float], slots: int
) -> dict[int, list[int]]:
    """page number → up to `count` related page numbers, best first.

    Another page's score is the sum, over this page's key terms, of the term's best BM25F
    score in one of its sections (fields weighted by their boosts, FAQ phrasings left out).
    Each term's best score per page is computed once for all pages: summing per section
    instead (the terms in one section) added up about 20,000 section scores per page at
    10,000 pages. A key term counts for its TERM_PAGES best pages only."""
    result: dict[int, list[int]] = {}
    if count <= 0:
        return result
    fields = page_fields(boosts)
    df = scorer.frequencies(("body", "title"))
    strongest: dict[str, list[tuple[int, float]]] = {}
    for page, totals in enumerate(page_terms(corpus)):
        scores: dict[int, float] = defaultdict(float)
        for term in key_terms(totals, df, scorer.sections):
            pages = strongest.get(term)
            if pages is None:
                best = scorer.best_pages(term, fields, slots)[0]
                pages = strongest[term] = (
                    heapq.nlargest(TERM_PAGES, best.items(), key=_score_then_page)
                    if len(best) > TERM_PAGES
                    else list(best.items())
                )
            for other, score in pages:
                scores[other] += score
        scores.pop(page, None)
        # The first `count` of sorting by (-score, page), without sorting every candidate.
        ranked = heapq.nsmallest(count, [(-score, other) for other, score in scores.items()])
        result[page] = [p for _, p in ranked]
    return result
