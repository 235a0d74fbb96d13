"""What "cards in term shards" would do to the first query's requests, before building it.

A card is what the header search needs to show a result without fetching its page fragment
(address, title, the section's heading and a snippet window), stored in a term shard for each
of that term's K best pages. This script reads the index that `run.py` exported for the
benchmark corpus and the whoosh index of the same pages, ranks the task queries exactly as the
browser does (`ReleaseIndex`), and counts the requests of each first query as the header search
makes them (head, one shard per query word, one fragment per shown result) when the shown
results covered by a card of one of the query's terms need no fragment. It also counts the
cards, which is what the index would grow by.

Run after run.py (same --pages): .venv/bin/python bench/search/cards.py --pages 10000
Writes bench/results/search-cards-<pages>.json.
"""

from __future__ import annotations

import argparse
import bisect
import json
import math
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from supportal.search.release_index import ReleaseIndex  # noqa: E402

WORK = REPO / "bench" / "work" / "search"
RESULTS = REPO / "bench" / "results"
SHOWN = 5  # results the header search shows first
WINDOW = 160  # characters of snippet a card would carry (the header search shows about that)
FIRST = 15  # the cold first queries run.py measures (--cold 15)


class ExportedIndex:
    """The browser index as exported: head, shards and each term's postings."""

    def __init__(self, folder: Path) -> None:
        self.head = json.loads((folder / "head.json").read_text())
        self.postings: dict[str, list] = {}
        for number in range(len(self.head["shards"])):
            shard = json.loads((folder / "t" / f"{number}.json").read_text())
            self.postings.update(shard["p"])

    def shard_of(self, word: str) -> int:
        """As engine.js's shardIndex: the last shard whose first word is <= `word`."""
        return max(bisect.bisect_right(self.head["shards"], word) - 1, 0)

    def best_pages(self, term: str, k: int) -> list[int]:
        """The term's k best pages by its best section's BM25F score (the browser's scoring)."""
        return [sid // self.head["slots"] for sid in self.best_sections(term, k)]

    def best_sections(self, term: str, k: int) -> list[int]:
        """The best section of each of the term's k best pages."""
        head = self.head
        k1, b, docs, slots = head["k1"], head["b"], head["docs"], head["slots"]
        sections: dict[int, float] = {}
        for field, flat in self.postings[term]:
            _, boost, average = head["fields"][field]
            idf = math.log(docs / (len(flat) / 3 + 1)) + 1
            sid = 0
            for i in range(0, len(flat), 3):
                sid += flat[i]
                tf, length = flat[i + 1], flat[i + 2]
                score = idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * length / (average or 1)))
                sections[sid] = sections.get(sid, 0.0) + score * boost
        pages: dict[int, tuple[float, int]] = {}
        for sid, score in sections.items():
            page = sid // slots
            if page not in pages or score > pages[page][0]:
                pages[page] = (score, sid)
        ranked = sorted(pages, key=lambda p: (-pages[p][0], p))[:k]
        return [pages[p][1] for p in ranked]

    def pages_of(self, term: str) -> int:
        slots = self.head["slots"]
        found = set()
        for _, flat in self.postings[term]:
            sid = 0
            for i in range(0, len(flat), 3):
                sid += flat[i]
                found.add(sid // slots)
        return len(found)


def card_bytes(exported: ExportedIndex, folder: Path, k: int) -> int:
    """JSON bytes the cards would add: per card its page and section numbers, the section's
    heading and a WINDOW-character snippet, and the page's address, title and type."""
    slots = exported.head["slots"]
    fragments: dict[int, dict] = {}
    total = 0
    for term in exported.postings:
        for sid in exported.best_sections(term, k):
            page = sid // slots
            if page not in fragments:
                fragments[page] = json.loads((folder / "f" / f"{page}.json").read_text())
            fragment = fragments[page]
            heading = fragment["s"][sid % slots][1]
            card = [page, sid % slots, heading, "x" * WINDOW, fragment["u"], fragment["t"],
                    fragment["y"]]
            total += len(json.dumps(card, ensure_ascii=False, separators=(",", ":"))) + 1
    return total


def first_query_requests(exported: ExportedIndex, engine: ReleaseIndex, query: str, k: int) -> int:
    answer = engine.search(query + " ")  # typed in full: no prefix expansion of the last word
    shown: list[int] = []
    for hit in answer.hits:
        page = hit.sid // exported.head["slots"]
        if page not in shown:
            shown.append(page)
        if len(shown) == SHOWN:
            break
    words = answer.plan.matched_words + answer.plan.unknown
    shards = {exported.shard_of(word) for word in words}
    carded: set[int] = set()
    if k:
        for group in answer.plan.groups:
            for term in group:
                carded.update(exported.best_pages(term, k))
    return 1 + len(shards) + sum(1 for page in shown if page not in carded)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--k", type=int, nargs="+", default=[0, 3, 5])
    args = parser.parse_args()
    folder = WORK / f"corpus-{args.pages}" / "site-material" / "supportal-search"
    exported = ExportedIndex(folder)
    engine = ReleaseIndex(WORK / "supportal-whoosh")
    queries = [q for q, _ in json.loads((HERE / "queries.json").read_text())["queries"]]
    document_pages = {term: exported.pages_of(term) for term in exported.postings}
    shards = sum(f.stat().st_size for f in (folder / "t").iterdir())
    result: dict = {
        "pages": exported.head["pages"], "terms": len(document_pages), "shard_bytes": shards,
        "k": {},
    }
    print(f"{result['pages']:,} pages, {result['terms']:,} terms, shards {shards / 1e6:.1f} MB")
    for k in args.k:
        requests = [first_query_requests(exported, engine, q, k) for q in queries]
        figures = {
            "cards": sum(min(n, k) for n in document_pages.values()),
            "card_bytes": card_bytes(exported, folder, k) if k else 0,
            "first_queries_median": statistics.median(requests[:FIRST]),
            "task_queries_median": statistics.median(requests),
            "task_queries_max": max(requests),
            "requests": requests,
        }
        result["k"][str(k)] = figures
        print(
            f"K={k}: {figures['cards']:,} cards, {figures['card_bytes'] / 1e6:.1f} MB of JSON; "
            f"requests, the {FIRST} first queries: median {figures['first_queries_median']}; "
            f"all {len(queries)} task queries: median "
            f"{figures['task_queries_median']}, most {figures['task_queries_max']}"
        )
    engine.close()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"search-cards-{args.pages}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"-> {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
