"""Cards: what the header search needs to show a result without fetching its page fragment.

A term shard carries, for each of its terms found on CARD_MIN_PAGES pages or more, a card for
the term's CARDS_PER_TERM best pages (by the term's best section in the page, BM25F over the
page's own fields): that section's id, anchor and heading, and the window of its text that the
header search would show around the term. The shown results of a query that some query term's
cards cover need no fragment: at 9,840 pages the benchmark's first queries went from a median
of 9 requests to 6 (docs/pages/search.md).

Terms on fewer pages get no card (their few pages seldom make a query's first results, and
they are most of the vocabulary), nor do terms in more than CARD_MAX_SECTIONS sections (whose
best pages seldom are a query's; scoring their long postings would cost most of the time).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from .corpus import Corpus, SectionDoc
from .related import Scorer, page_fields

CARDS_PER_TERM = 3
CARD_MIN_PAGES = 4
CARD_MAX_SECTIONS = 3_000
SNIPPET = 220
"""Characters of a section the header search shows (search.js SNIPPET)."""
ELLIPSIS = "… "
_PROBE = 2_000


def choose_cards(scorer: Scorer, boosts: Mapping[str, float], slots: int) -> dict[str, list[int]]:
    """term → the sections (ids) of its best pages that get a card, best first."""
    fields = page_fields(boosts)
    cards: dict[str, list[int]] = {}
    for term, per_field in scorer.postings.items():
        sections = sum(len(flat) for flat in per_field.values()) // 3
        if sections < CARD_MIN_PAGES or sections > CARD_MAX_SECTIONS:
            continue
        best, where = scorer.best_pages(term, fields, slots)
        if len(best) < CARD_MIN_PAGES:
            continue
        ranked = heapq.nsmallest(CARDS_PER_TERM, ((-score, page) for page, score in best.items()))
        cards[term] = [where[page] for _, page in ranked]
    return cards


def card_rows(corpus: Corpus, cards: Mapping[str, list[int]]) -> dict[str, list[list[Any]]]:
    """term → its cards as the term shard stores them: [section id, anchor, heading, window]
    (the page's address, title and type are in the shard's page table)."""
    forms: dict[str, list[str]] = defaultdict(list)
    for surface, term in corpus.words.items():
        if term in cards:
            forms[term].append(surface)
    docs = {doc.sid: doc for doc in corpus.docs}
    return {
        term: [
            [sid, docs[sid].anchor, docs[sid].heading, window(docs[sid], forms[term])]
            for sid in sids
        ]
        for term, sids in cards.items()
    }


def window(doc: SectionDoc, forms: list[str]) -> str:
    """The section's text from where search.js's snippet() would start for the first of
    `forms` (an ellipsis first when that is not the start), one character past what it shows
    when more follows, so it still ends the snippet with an ellipsis."""
    text = doc.text
    # Most terms occur early: lower-casing whole long sections for each card was most of the
    # time spent on cards.
    found: list[int] = []
    for lower in (text[:_PROBE].lower(), text.lower() if len(text) > _PROBE else ""):
        found = [at for at in (_word_at(lower, form) for form in forms) if at >= 0]
        if found:
            break
    start = 0
    if found and min(found) > SNIPPET // 3:
        start = text.rfind(" ", 0, min(found) - SNIPPET // 4 + 1) + 1
    piece = text[start : start + SNIPPET + 1]
    return (ELLIPSIS if start else "") + piece


def _word_at(text: str, form: str) -> int:
    """Where `form` first starts a word of `text` (lower-cased), or -1."""
    at = text.find(form)
    while at > 0 and text[at - 1].isalnum():
        at = text.find(form, at + 1)
    return at
