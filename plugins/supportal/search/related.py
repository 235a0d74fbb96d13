"""Related pages, computed at build time from the whoosh index.

A page's key terms are its most distinctive terms (tf·idf over its sections); a BM25F `Or`
query of those terms over every other page ranks the related ones.
"""

from __future__ import annotations

import math
from collections import Counter

from whoosh import query as wq
from whoosh.searching import Searcher

from .corpus import Corpus

KEY_TERMS = 12


def key_terms(corpus: Corpus, page: int, searcher: Searcher, count: int = KEY_TERMS) -> list[str]:
    totals: Counter[str] = Counter()
    for doc in corpus.docs:
        if doc.page == page:
            for name, counts in doc.terms.items():
                if name != "alt":
                    totals.update(counts)
    n = searcher.doc_count_all()
    scored = []
    for term, tf in totals.items():
        if len(term) < 3 or term.isdigit():
            continue
        df = searcher.doc_frequency("body", term) + searcher.doc_frequency("title", term)
        scored.append((tf * (math.log(n / (df + 1)) + 1), term))
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [term for _, term in scored[:count]]


def related_pages(
    corpus: Corpus, searcher: Searcher, count: int, boosts: dict[str, float], slots: int
) -> dict[int, list[int]]:
    """page number → up to `count` related page numbers, best first."""
    result: dict[int, list[int]] = {}
    if count <= 0:
        return result
    for page in range(len(corpus.pages)):
        terms = key_terms(corpus, page, searcher)
        if not terms:
            result[page] = []
            continue
        q = wq.Or([wq.Term(f, t, boost=b) for t in terms for f, b in boosts.items() if f != "alt"])
        best: dict[int, float] = {}
        for hit in searcher.search(q, limit=count * 8 + 20):
            other = hit["sid"] // slots
            if other != page and hit.score > best.get(other, 0.0):
                best[other] = hit.score
        ranked = sorted(best.items(), key=lambda item: (-item[1], item[0]))
        result[page] = [p for p, _ in ranked[:count]]
    return result
