"""The searchable units of one release: pages split into sections, with their analyzed terms.

Pages are ordered by content type, then URL, so a type is a range of page numbers and the
browser filters by type without a filter file. A section's id is `page * SLOTS + n`, so the page
of any hit is `id // SLOTS` without a doc table (sections past SLOTS - 1 join the last one).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from ..core.sidetask import split_work
from .analyzer import raw_tokens, term_of, token_forms
from .extract import Section

SLOTS = 64
FIELDS = ("title", "heading", "alt", "body")
"""title: the page title (first section only); heading: a section's heading; alt: FAQ
alternative phrasings (first section only); body: the section text."""


@dataclass
class PageRecord:
    """One page as the indexer sees it."""

    url: str
    title: str
    type: str
    sections: list[Section]
    phrasings: list[str] = field(default_factory=list)


@dataclass
class SectionDoc:
    """One indexed section: its id, where it links to and its term counts per field."""

    sid: int
    page: int
    anchor: str
    heading: str
    text: str
    terms: dict[str, Counter[str]]
    length: dict[str, int]

    @property
    def digest(self) -> str:
        """Identifies the same section text in another release (to fold results)."""
        return hashlib.sha1(f"{self.heading}\n{self.text}".encode()).hexdigest()[:12]


@dataclass
class Corpus:
    """Everything the whoosh index, the exporter and related pages are computed from."""

    pages: list[PageRecord]
    docs: list[SectionDoc]
    words: dict[str, str]
    """Every folded surface form → its indexed term."""
    word_pages: Counter[str]
    """Number of pages each surface form occurs on (the did-you-mean vocabulary)."""
    type_order: list[str]


SPLIT_CHARS = 4_000_000
"""Corpora with more text than this are analyzed in two halves side by side (a forked child
takes the second): analysis was the longest step no other work overlapped (12.5 to 14 s of
a 56 s index build at 9,840 pages)."""


@dataclass
class _Analysis:
    """The analyzed fields of a run of pages: per page, per section, its term counts and
    lengths; and the surface forms found, with their terms and page counts."""

    sections: list[list[tuple[dict[str, Counter[str]], dict[str, int]]]]
    words: dict[str, str]
    word_pages: Counter[str]


def build_corpus(
    records: list[PageRecord],
    type_order: list[str],
    *,
    fork: bool | None = None,
    scratch: Path | None = None,
) -> Corpus:
    """Order pages, cut them into sections and analyze every field (`fork`, `scratch`: see
    `core.sidetask.split_work`; forking only pays above SPLIT_CHARS of text)."""
    rank = {t: i for i, t in enumerate(type_order)}
    pages = sorted(records, key=lambda p: (rank.get(p.type, len(rank)), p.url))
    sizes = [sum(len(s.text) for s in page.sections) for page in pages]
    parts = split_work(
        pages, _analyze, weights=sizes, threshold=SPLIT_CHARS, fork=fork, scratch=scratch
    )
    return _assemble(pages, parts, type_order)


def _sections_of(page: PageRecord) -> list[Section]:
    """The page's sections, those past SLOTS - 1 joined to the last one."""
    sections = list(page.sections) or [Section("", "")]
    if len(sections) > SLOTS:
        last = sections[SLOTS - 1]
        rest = " ".join(f"{s.heading} {s.text}" for s in sections[SLOTS:])
        sections = sections[: SLOTS - 1] + [
            Section(last.anchor, last.heading, f"{last.text} {rest}")
        ]
    return sections


def _analyze(pages: Sequence[PageRecord]) -> _Analysis:
    words: dict[str, str] = {}
    forms_of = _TokenForms()
    terms_of = _TokenTerms(forms_of, words)
    word_pages: Counter[str] = Counter()
    analyzed = []
    for page in pages:
        seen: set[str] = set()
        fields = []
        for index, section in enumerate(_sections_of(page)):
            texts = {
                "title": page.title if index == 0 else "",
                "heading": section.heading,
                "alt": " ".join(page.phrasings) if index == 0 else "",
                "body": section.text,
            }
            terms: dict[str, Counter[str]] = {}
            length: dict[str, int] = {}
            for name, text in texts.items():
                raws = raw_tokens(text)
                counts = Counter(chain.from_iterable(map(terms_of.__getitem__, raws)))
                if counts:
                    seen.update(chain.from_iterable(map(forms_of.__getitem__, raws)))
                    terms[name] = counts
                    length[name] = sum(counts.values())
            fields.append((terms, length))
        word_pages.update(seen)
        analyzed.append(fields)
    return _Analysis(analyzed, words, word_pages)


def _assemble(pages: list[PageRecord], parts: list[_Analysis], type_order: list[str]) -> Corpus:
    """The corpus of `pages` from the analyses of consecutive runs of them. Words and counts
    come out in the order one analysis of all pages gives them."""
    docs: list[SectionDoc] = []
    words: dict[str, str] = {}
    word_pages: Counter[str] = Counter()
    analyzed = [fields for part in parts for fields in part.sections]
    for part in parts:
        for form, term in part.words.items():
            words.setdefault(form, term)
        word_pages.update(part.word_pages)
    for number, (page, fields) in enumerate(zip(pages, analyzed, strict=True)):
        for index, (section, (terms, length)) in enumerate(zip(_sections_of(page), fields)):
            docs.append(
                SectionDoc(
                    number * SLOTS + index,
                    number,
                    section.anchor,
                    section.heading,
                    section.text,
                    terms,
                    length,
                )
            )
    return Corpus(pages, docs, words, word_pages, type_order)


# A section's text is counted token by token in C (`map`, `chain`, `Counter`) through these
# two look-ups; Python code runs once per distinct token of the corpus, on a miss.


class _TokenForms(dict[str, tuple[str, ...]]):
    """token as written → its folded surface forms."""

    def __missing__(self, raw: str) -> tuple[str, ...]:
        forms = self[raw] = token_forms(raw)
        return forms


class _TokenTerms(dict[str, tuple[str, ...]]):
    """token as written → the indexed term of each of its forms; records every new form's
    term in `words`."""

    def __init__(self, forms_of: _TokenForms, words: dict[str, str]) -> None:
        super().__init__()
        self.forms_of = forms_of
        self.words = words

    def __missing__(self, raw: str) -> tuple[str, ...]:
        terms = []
        for form in self.forms_of[raw]:
            term = self.words.get(form)
            if term is None:
                term = self.words[form] = term_of(form)
            terms.append(term)
        found = self[raw] = tuple(terms)
        return found
