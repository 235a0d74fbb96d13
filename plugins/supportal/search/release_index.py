"""Index one release end to end, and search it again from the CLI.

`index_release` is what the plugin's `on_post_build` and the benchmark call: corpus, then side
by side the whoosh index (kept in the cache folder for the CLI) and the static browser index
with related pages.
`ReleaseIndex` answers queries from that whoosh index with the browser's query semantics.
"""

from __future__ import annotations

import gc
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.sidetask import side_task
from .analyzer import fold
from .cards import card_rows, choose_cards
from .corpus import SLOTS, Corpus, PageRecord, build_corpus
from .exporter import export, postings, prepare_folder, write_fragments
from .indexer import open_index, publish, write_index, write_meta
from .query import QueryPlan, Vocabulary, plan, run, weighting
from .related import Scorer, related_pages
from .spelling import spelling_key, spelling_keys, suggest

META_FORMAT = "supportal-search-meta/1"


class StaleIndex(Exception):
    """The cached index was written by another version of the plugin."""


@dataclass
class Settings:
    """The plugin options the index depends on."""

    types: list[tuple[str, str]]
    boosts: dict[str, float]
    k1: float = 1.2
    b: float = 0.75
    shard_size: int = 48_000
    prefix_limit: int = 8
    related: int = 4


@dataclass
class IndexedRelease:
    corpus: Corpus
    head: dict[str, Any]
    related: dict[int, list[int]]


def index_release(
    records: list[PageRecord],
    settings: Settings,
    release: dict[str, str],
    site_folder: Path,
    cache_folder: Path | None,
    *,
    fork: bool | None = None,
) -> IndexedRelease:
    """Index `records` with whoosh, export the browser index to `site_folder`, compute related
    pages; keep the whoosh index in `cache_folder` (None: a temporary one is dropped).

    The whoosh index is written in a forked child while this process exports the browser index
    and computes related pages from the same postings (`fork`: see `core.sidetask`)."""
    with gc_paused():
        return _index_release(records, settings, release, site_folder, cache_folder, fork)


@contextmanager
def gc_paused() -> Iterator[None]:
    """The index is millions of small dicts, lists and strings without cycles: the cyclic
    collector's passes over them were about a fifth of the build, and free nothing."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _index_release(
    records: list[PageRecord],
    settings: Settings,
    release: dict[str, str],
    site_folder: Path,
    cache_folder: Path | None,
    fork: bool | None,
) -> IndexedRelease:
    parent = cache_folder.parent if cache_folder is not None else None
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    corpus = build_corpus(records, [t for t, _ in settings.types], fork=fork, scratch=parent)
    sections: dict[int, list[tuple[str, str]]] = {n: [] for n in range(len(corpus.pages))}
    for doc in corpus.docs:
        sections[doc.page].append((doc.anchor, doc.heading))
    with tempfile.TemporaryDirectory(prefix=".supportal-search-", dir=parent) as scratch:
        folder = Path(scratch) / "index"
        prepare_folder(site_folder)

        def child_half() -> None:
            # The page fragments go with whoosh's writer: with cards, the other half took
            # longer (measured at 9,840 pages).
            write_index(corpus, folder)
            write_fragments(corpus, site_folder)

        with side_task(child_half, fork=fork):
            post = postings(corpus)
            # Sections having the term, per field, summed over fields: what counting each
            # section's terms gave, without a pass over every section before the fork.
            df = {term: sum(map(len, per_field.values())) // 3 for term, per_field in post.items()}
            scorer = Scorer(corpus, post, settings.k1, settings.b)
            cards = card_rows(corpus, choose_cards(scorer, settings.boosts, SLOTS))
            head = export(
                corpus,
                post,
                site_folder,
                release=release,
                types=settings.types,
                fields=settings.boosts,
                avg_lengths=scorer.avgfl,
                shard_bytes=settings.shard_size,
                prefix_limit=settings.prefix_limit,
                k1=settings.k1,
                b=settings.b,
                cards=cards,
            )
            related = related_pages(corpus, scorer, settings.related, settings.boosts, SLOTS)
        write_meta(
            folder,
            {
                "format": META_FORMAT,
                "release": release,
                "words": corpus.words,
                "shards": head["shards"],
                "df": df,
                "pages": [
                    [p.url, p.title, p.type, sections[n]] for n, p in enumerate(corpus.pages)
                ],
                "types": settings.types,
                "boosts": settings.boosts,
                "k1": settings.k1,
                "b": settings.b,
                "slots": SLOTS,
                "prefix_limit": settings.prefix_limit,
                "vocabulary": sorted(corpus.word_pages.items()),
            },
        )
        if cache_folder is not None:
            publish(folder, cache_folder)
    return IndexedRelease(corpus, head, related)


@dataclass
class Hit:
    """One matching section."""

    sid: int
    score: float
    page_score: float
    url: str
    title: str
    type: str
    anchor: str
    heading: str


@dataclass
class Answer:
    hits: list[Hit]
    plan: QueryPlan
    suggestion: str | None


class ReleaseIndex:
    """The whoosh index of one built release, searched like the browser does."""

    def __init__(self, folder: Path) -> None:
        self.ix, self.meta = open_index(folder)
        if self.meta.get("format") != META_FORMAT:
            self.ix.close()
            raise StaleIndex(f"{folder} was written by another version of supportal/search")
        self.vocab = Vocabulary(self.meta["words"], self.meta["shards"])
        self.slots = self.meta["slots"]
        self.boosts = self.meta["boosts"]

    @property
    def type_ids(self) -> list[str]:
        return [t for t, _ in self.meta["types"]]

    def page_range(self, type_id: str) -> range:
        numbers = [i for i, p in enumerate(self.meta["pages"]) if p[2] == type_id]
        return range(numbers[0], numbers[-1] + 1) if numbers else range(0)

    def search(self, text: str, type_id: str | None = None) -> Answer:
        query_plan = plan(text, self.vocab, self.meta["df"], self.meta["prefix_limit"])
        allowed = self.page_range(type_id) if type_id else None
        with self.ix.searcher(weighting=weighting(self.meta["k1"], self.meta["b"])) as searcher:
            found = run(searcher, query_plan, self.boosts, allowed_pages=allowed, slots=self.slots)
        hits = []
        for sid, score, page_score in found:
            url, title, kind, sections = self.meta["pages"][sid // self.slots]
            anchor, heading = sections[sid % self.slots]
            hits.append(Hit(sid, score, page_score, url, title, kind, anchor, heading))
        suggestion = None
        if not hits or query_plan.unknown:
            suggestion = self.did_you_mean(text, query_plan)
        return Answer(hits, query_plan, suggestion)

    def did_you_mean(self, text: str, query_plan: QueryPlan) -> str | None:
        """The query with each unknown word replaced by its closest vocabulary word."""
        if not query_plan.unknown:
            return None
        vocabulary = [
            (w, n)
            for w, n in self.meta["vocabulary"]
            if len(w) >= 3 and w.isalpha() and w.isascii()
        ]
        words = text.split()
        changed = False
        for unknown in query_plan.unknown:
            keys = spelling_keys(unknown)
            bucket = [(w, n) for w, n in vocabulary if spelling_key(w) in keys]
            better = suggest(unknown, bucket)
            if better:
                words = [better if fold(w) == unknown else w for w in words]
                changed = True
        return " ".join(words) if changed else None

    def close(self) -> None:
        self.ix.close()
