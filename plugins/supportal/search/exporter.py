"""The static index the browser reads: one folder per release, fetched piece by piece.

Layout of `<site>/search/` (format `supportal-search/1`, JSON files, see docs/pages/search.md):

- `head.json`: counts, BM25F parameters and per-field average lengths, content types as page
  ranges, the first word of every term shard. Its size does not grow with the text.
- `t/<n>.json`: a term shard: `w` maps every surface form in the shard's range to its indexed
  term; `p` holds each of those terms' postings per field as flat `[delta sid, tf, length, …]`.
  `c` (when present) holds cards: term → [[section id, anchor, heading, snippet window], …]
  for its best pages (cards.py), whose address, title and type are in `g`: page → [url,
  title, type]; a shown result with a card needs no fragment.
- `f/<page>.json`: a page fragment: URL, title, type and the start of its sections' text
  (EXCERPT_CHARS), loaded only for the results shown that no card covers.
- `s/<c>.json`: did-you-mean vocabulary of words starting with `c`, loaded only when a query
  finds nothing; the head lists the letters that have a file.
"""

from __future__ import annotations

import json
import shutil
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from whoosh.util.numeric import byte_to_length, length_to_byte

from ..core.atomicfile import write_text_atomic
from .analyzer import ANALYZER_ID
from .corpus import FIELDS, SLOTS, Corpus
from .spelling import spelling_key

FORMAT = "supportal-search/1"
_ALPHA_MIN = 3
EXCERPT_CHARS = 2_000
"""Text of a section kept in its page fragment, for snippets (about nine snippet windows).
Whole sections made the fragments of long reference pages, fetched for every shown result,
the biggest part of a first query (a 92 KB fragment at 10,000 pages); the index still has
every word, and the opened page marks them all (`?h=`)."""


def quantized(length: int) -> int:
    """The field length whoosh scores with (stored as one byte per document and field)."""
    return byte_to_length(length_to_byte(length))


def js_order(word: str) -> bytes:
    """Sort key equal to JavaScript's string comparison (UTF-16 code units)."""
    return word.encode("utf-16-be")


def postings(corpus: Corpus) -> dict[str, dict[int, list[int]]]:
    """term → field index → flat [delta sid, tf, quantized length, …] in sid order."""
    # Absolute section ids first, one dict per field, made deltas list by list: a look-up of
    # each posting's previous section was a third of the time.
    per_field: list[dict[str, list[int]]] = [{} for _ in FIELDS]
    number = {name: f for f, name in enumerate(FIELDS)}
    for doc in corpus.docs:
        sid = doc.sid
        for name, counts in doc.terms.items():
            found = per_field[number[name]]
            length = quantized(doc.length[name])
            for term, tf in counts.items():
                flat = found.get(term)
                if flat is None:
                    found[term] = [sid, tf, length]
                else:
                    flat += (sid, tf, length)
    result: dict[str, dict[int, list[int]]] = defaultdict(dict)
    for f, found in enumerate(per_field):
        for term, flat in found.items():
            if len(flat) > 3:
                sids = flat[0::3]
                flat[3::3] = [b - a for a, b in zip(sids, sids[1:])]
            result[term][f] = flat
    return result


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a section's text that its page fragment keeps, cut at a space."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit + 1)
    return text[: cut if cut > limit // 2 else limit]


def plan_shards(words: dict[str, str], sizes: dict[str, int], target: int) -> list[list[str]]:
    """Cut the sorted surface forms into shards of about `target` bytes of JSON."""
    shards: list[list[str]] = [[]]
    size, present = 0, set()
    for word in sorted(words, key=js_order):
        term = words[word]
        cost = len(word) + len(term) + 6 + (0 if term in present else sizes[term])
        if shards[-1] and size + cost > target:
            shards.append([])
            size, present = 0, set()
        shards[-1].append(word)
        size += cost
        present.add(term)
    return shards


def export(
    corpus: Corpus,
    post: dict[str, dict[int, list[int]]],
    folder: Path,
    *,
    release: dict[str, str],
    types: list[tuple[str, str]],
    fields: dict[str, float],
    avg_lengths: dict[str, float],
    shard_bytes: int,
    prefix_limit: int,
    k1: float,
    b: float,
    cards: Mapping[str, list[list[Any]]] | None = None,
) -> dict[str, Any]:
    """Write the static index of `corpus`, whose postings are `post` (`postings(corpus)`), into
    `folder` (made by `prepare_folder`), all but the page fragments (`write_fragments`); return
    the head. `cards`: term → card rows (`cards.card_rows`)."""
    cards = cards or {}
    # Each term's postings are encoded once: for its size when cutting shards, then as is in
    # its shard (encoding them twice was a third of the export).
    encoded = {term: _dumps(_encode_postings(p)) for term, p in post.items()}
    page_rows = [[p.url, p.title, p.type] for p in corpus.pages]
    sizes = {term: len(text) + len(term) + 4 for term, text in encoded.items()}
    for term, rows in cards.items():
        # The page table's rows counted with each card: a shard seldom holds two for one page.
        sizes[term] += sum(_json_size([*row, *page_rows[row[0] // SLOTS]]) for row in rows)
    shards = plan_shards(corpus.words, sizes, shard_bytes)
    for number, shard in enumerate(shards):
        terms = sorted({corpus.words[w] for w in shard})
        body = ['{"w":', _dumps({w: corpus.words[w] for w in shard}), ',"p":{']
        body.append(",".join(f"{_dumps(t)}:{encoded[t]}" for t in terms))
        body.append("}")
        carded = {t: cards[t] for t in terms if t in cards}
        if carded:
            pages = sorted({row[0] // SLOTS for rows in carded.values() for row in rows})
            body += [',"c":', _dumps(carded), ',"g":']
            body.append(_dumps({str(page): page_rows[page] for page in pages}))
        body.append("}")
        write_text_atomic(folder / "t" / f"{number}.json", "".join(body))
    spelling = _write_spelling(corpus, folder / "s")
    ranges = []
    for type_id, label in types:
        numbers = [i for i, p in enumerate(corpus.pages) if p.type == type_id]
        if numbers:
            ranges.append([type_id, label, numbers[0], numbers[-1] + 1])
    head = {
        "format": FORMAT,
        "analyzer": ANALYZER_ID,
        "release": release,
        "docs": len(corpus.docs),
        "pages": len(corpus.pages),
        "slots": SLOTS,
        "k1": k1,
        "b": b,
        "fields": [[name, fields[name], avg_lengths[name]] for name in FIELDS],
        "types": ranges,
        "shards": [shard[0] for shard in shards if shard],
        "prefix_limit": prefix_limit,
        "spelling": spelling,
    }
    _write(folder / "head.json", head)
    return head


def prepare_folder(folder: Path) -> None:
    """Empty `folder` and make its subfolders, before `export` and `write_fragments` (which
    may run side by side) write into it."""
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("t", "f", "s"):
        (folder / sub).mkdir(parents=True, exist_ok=True)


def write_fragments(corpus: Corpus, folder: Path) -> None:
    """Write each page's fragment (`f/<page>.json`) into `folder` (made by `prepare_folder`)."""
    by_page: dict[int, list] = defaultdict(list)
    for doc in corpus.docs:
        by_page[doc.page].append([doc.anchor, doc.heading, excerpt(doc.text), doc.digest])
    for number, page in enumerate(corpus.pages):
        _write(
            folder / "f" / f"{number}.json",
            {"u": page.url, "t": page.title, "y": page.type, "s": by_page[number]},
        )


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _json_size(value: Any) -> int:
    return len(_dumps(value))


def _encode_postings(per_field: dict[int, list[int]]) -> list[list[Any]]:
    return [[f, flat] for f, flat in sorted(per_field.items())]


def _write_spelling(corpus: Corpus, folder: Path) -> list[str]:
    """Write the did-you-mean files; return their keys."""
    buckets: dict[str, list[list[Any]]] = defaultdict(list)
    for word, count in sorted(corpus.word_pages.items()):
        if len(word) >= _ALPHA_MIN and word.isalpha() and word.isascii():
            buckets[spelling_key(word)].append([word, count])
    for key, entries in buckets.items():
        _write(folder / f"{key}.json", entries)
    return sorted(buckets)


def _write(path: Path, data: Any) -> None:
    write_text_atomic(path, _dumps(data))


def read_bundle(folder: Path) -> dict[str, Any]:
    """Read an exported index back (tests, benchmark): head, merged words and postings,
    fragments. Postings come back as term → field name → [(sid, tf, length), …]."""
    head = json.loads((folder / "head.json").read_text(encoding="utf-8"))
    words: dict[str, str] = {}
    post: dict[str, dict[str, list[tuple[int, int, int]]]] = {}
    names = [f[0] for f in head["fields"]]
    for number in range(len(head["shards"])):
        shard = json.loads((folder / "t" / f"{number}.json").read_text(encoding="utf-8"))
        words.update(shard["w"])
        for term, per_field in shard["p"].items():
            decoded = {}
            for f, flat in per_field:
                sid, items = 0, []
                for i in range(0, len(flat), 3):
                    sid += flat[i]
                    items.append((sid, flat[i + 1], flat[i + 2]))
                decoded[names[f]] = items
            post[term] = decoded
    pages = [
        json.loads((folder / "f" / f"{n}.json").read_text(encoding="utf-8"))
        for n in range(head["pages"])
    ]
    return {"head": head, "words": words, "postings": post, "pages": pages}
