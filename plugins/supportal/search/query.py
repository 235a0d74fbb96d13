"""What a query means, the same in the CLI (whoosh) and in the browser (`assets/engine.js`).

1. The query is tokenized and folded by the analyzer; a word is looked up in the exported
   vocabulary (never stemmed at query time). A compound word not in the vocabulary is replaced
   by its parts.
2. Unless the query ends with a space, its last word is also a prefix: the terms of at most
   `prefix_limit` surface forms of its term shard that start with it, most frequent first.
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


@dataclass
class Vocabulary:
    """The exported word → term map and shard boundaries, as the browser sees them."""

    words: dict[str, str]
    shards: list[str]
    _sorted: list[list[str]] | None = None

    def shard_words(self, word: str) -> list[str]:
        """Surface forms of the term shard where `word` belongs (the one the browser loads)."""
        if self._sorted is None:
            keys = [js_order(s) for s in self.shards]
            grouped: list[list[str]] = [[] for _ in self.shards]
            for w in sorted(self.words, key=js_order):
                grouped[max(0, bisect_right(keys, js_order(w)) - 1)].append(w)
            self._sorted = grouped
        if not self.shards:
            return []
        index = max(0, bisect_right([js_order(s) for s in self.shards], js_order(word)) - 1)
        return self._sorted[index]


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
                vocab.words[w] for w in vocab.shard_words(word) if w.startswith(word) and w != word
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


def whoosh_query(plan: QueryPlan, boosts: dict[str, float], *, conjunctive: bool) -> wq.Query:
    per_word = [
        wq.Or([wq.Term(f, t, boost=b) for t in terms for f, b in boosts.items()])
        for terms in plan.groups
    ]
    return wq.And(per_word) if conjunctive else wq.Or(per_word)


def weighting(k1: float, b: float) -> BM25F:
    return BM25F(B=b, K1=k1)


def run(
    searcher: Searcher,
    plan: QueryPlan,
    boosts: dict[str, float],
    *,
    allowed_pages: range | None,
    slots: int,
) -> list[tuple[int, float]]:
    """(section id, score) best first: all words required, else any word (as the browser)."""
    if not plan.groups:
        return []
    for conjunctive in (True, False):
        if not conjunctive and not plan.unknown and len(plan.groups) == 1:
            break
        hits = searcher.search(whoosh_query(plan, boosts, conjunctive=conjunctive), limit=None)
        found = [(hit["sid"], hit.score) for hit in hits]
        if allowed_pages is not None:
            found = [(sid, s) for sid, s in found if sid // slots in allowed_pages]
        if conjunctive and plan.unknown:
            found = []  # a word found nowhere: no page has all words
        if found:
            found.sort(key=lambda item: (-item[1], item[0]))
            return found
    return []
