"""What a query means, the same in the CLI (whoosh) and in the browser (`assets/engine.js`).

1. The query is tokenized and folded by the analyzer; a word is looked up in the exported
   vocabulary (never stemmed at query time). A compound word not in the vocabulary is replaced
   by its parts.
2. Unless the query ends with a space, its last word is also a prefix: the terms of at most
   `prefix_limit` surface forms that start with it, most frequent first, taken from its term
   shard and, when that gave too few and the next shard also starts with it, from that one.
3. Each word matches its term(s) in every field (`Or`, field boosts); all words must match
   (`And`); when that finds nothing, any word may (`Or`).
4. Scores are whoosh's BM25F (per-field BM25 summed), mirrored line by line in engine.js.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from whoosh import query as wq
from whoosh.scoring import BM25F
from whoosh.searching import Searcher

from .analyzer import query_words
from .exporter import js_order

PREFIX_SHARDS = 2
"""Term shards read for the completions of a prefix (the second only when it starts with the
prefix and the first had too few): completions split by a shard boundary are still found, at
one request at most more.
Keep in step with PREFIX_SHARDS in assets/engine.js."""


@dataclass
class Vocabulary:
    """The exported word → term map and shard boundaries, as the browser sees them."""

    words: dict[str, str]
    shards: list[str]
    _keys: list[bytes] = field(default_factory=list, init=False)
    _sorted: list[list[str]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._keys = [js_order(s) for s in self.shards]

    def shard_index(self, word: str) -> int:
        """The term shard where `word` belongs (the one the browser loads)."""
        return max(0, bisect_right(self._keys, js_order(word)) - 1)

    def shard_words(self, index: int) -> list[str]:
        """Surface forms of term shard `index`."""
        if not self._sorted and self.shards:
            self._sorted = [[] for _ in self.shards]
            for w in sorted(self.words, key=js_order):
                self._sorted[self.shard_index(w)].append(w)
        return self._sorted[index] if 0 <= index < len(self._sorted) else []

    def completions(self, prefix: str, wanted: int) -> list[str]:
        """Surface forms longer than `prefix` that start with it, from the shards the browser
        reads for a prefix: its own, then the next one if it starts with the prefix and the
        first gave fewer than `wanted` terms."""
        if not self.shards:
            return []
        first = self.shard_index(prefix)
        found: list[str] = []
        for index in range(first, min(first + PREFIX_SHARDS, len(self.shards))):
            if index > first and (
                not self.shards[index].startswith(prefix)
                or len({self.words[w] for w in found}) >= wanted
            ):
                break
            found += [w for w in self.shard_words(index) if w.startswith(prefix) and w != prefix]
        return found


@dataclass
class QueryPlan:
    """The terms each query word stands for, and the words found nowhere."""

    groups: list[list[str]] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    matched_words: list[str] = field(default_factory=list)


def plan(text: str, vocab: Vocabulary, df: dict[str, int], prefix_limit: int) -> QueryPlan:
    """Turn a query into term groups. `df[term]` is the term's posting count over all fields
    (ranks prefix expansions)."""
    result = QueryPlan()
    words = query_words(text)
    prefix_last = bool(text) and not text[-1].isspace()
    expanded: list[str] = []
    for alternatives in words:
        whole, parts = alternatives[0], alternatives[1:]
        if whole in vocab.words or not parts:
            expanded.append(whole)
        else:
            expanded.extend(parts)
    for position, word in enumerate(expanded):
        terms: list[str] = []
        if word in vocab.words:
            terms.append(vocab.words[word])
        if prefix_last and position == len(expanded) - 1:
            candidates = {
                vocab.words[w] for w in vocab.completions(word, prefix_limit - len(terms))
            }
            candidates.discard(terms[0] if terms else "")
            ranked = sorted(candidates, key=lambda t: (-df.get(t, 0), t))
            terms.extend(ranked[: max(0, prefix_limit - len(terms))])
        if terms:
            result.groups.append(terms)
            result.matched_words.append(word)
        else:
            result.unknown.append(word)
    return result


def word_query(terms: list[str], boosts: dict[str, float]) -> wq.Query:
    """One query word: any of its terms in any field, each field with its boost."""
    return wq.Or([wq.Term(f, t, boost=b) for t in terms for f, b in boosts.items()])


def weighting(k1: float, b: float) -> BM25F:
    return BM25F(B=b, K1=k1)


def run(
    searcher: Searcher,
    plan: QueryPlan,
    boosts: dict[str, float],
    *,
    allowed_pages: range | None,
    slots: int,
) -> list[tuple[int, float, float]]:
    """(section id, section score, page score) best first, as the browser ranks them.

    whoosh scores each word over every section (BM25F). A section's score is the sum of its
    words' scores. Words are required per *page*: a section is listed when its page has every
    word somewhere (a title word and a body word in different sections still match); when no
    page has them all, every section with any word is listed. Pages rank by their page score,
    the sum over words of the word's best section score in the page; sections within a page by
    their own score.
    """
    if not plan.groups:
        return []
    per_word: list[dict[int, float]] = []
    for terms in plan.groups:
        hits = searcher.search(word_query(terms, boosts), limit=None)
        per_word.append({hit["sid"]: hit.score for hit in hits})
    totals: dict[int, float] = {}
    for scores in per_word:
        for sid, score in scores.items():
            totals[sid] = totals[sid] + score if sid in totals else score
    candidates = [
        (sid, score)
        for sid, score in totals.items()
        if allowed_pages is None or sid // slots in allowed_pages
    ]
    for conjunctive in (True, False):
        if conjunctive and plan.unknown:
            continue  # a word found nowhere: no page has all words
        found = candidates
        if conjunctive:
            pages = [{sid // slots for sid in scores} for scores in per_word]
            complete = set.intersection(*pages)
            found = [(sid, score) for sid, score in candidates if sid // slots in complete]
        if found:
            best: dict[tuple[int, int], float] = {}
            for w, scores in enumerate(per_word):
                for sid, score in scores.items():
                    key = (w, sid // slots)
                    if score > best.get(key, 0.0):
                        best[key] = score
            page_score: dict[int, float] = {}
            for w in range(len(per_word)):
                for (word, page), score in best.items():
                    if word == w:
                        page_score[page] = page_score[page] + score if page in page_score else score
            ranked = [(sid, score, page_score[sid // slots]) for sid, score in found]
            return sorted(ranked, key=lambda item: (-item[2], item[0] // slots, -item[1], item[0]))
    return []
