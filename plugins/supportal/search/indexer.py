"""The build-time whoosh index of a release: BM25F statistics, CLI search, related pages.

Sections are added already analyzed (term counts, see `CountedText`), so whoosh, the exporter
and the browser count exactly the same terms.
"""

from __future__ import annotations

import json
import os
import shutil
from array import array
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import STORED, TEXT, Schema
from whoosh.system import pack_uint
from whoosh.writing import SegmentWriter

from .corpus import FIELDS, Corpus
from .exporter import quantized

META_FILE = "supportal-search.json"


class CountedText(TEXT):
    """A text field indexed from term counts the corpus already computed.

    Whoosh's own path (join terms into a string, tokenize it again, count again) was about a
    third of the index build. Postings are what `Frequency` writes for the same text."""

    def index(self, value: Mapping[str, int], **kwargs) -> Iterator[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        for term, freq in value.items():
            yield term.encode("utf-8"), freq, freq * boost, pack_uint(freq)


def schema() -> Schema:
    # The analyzer is only used by whoosh's query parser, which Supportal does not use.
    text = {name: CountedText(analyzer=SpaceSeparatedTokenizer(), phrase=False) for name in FIELDS}
    # Section ids are only read back from hits, never searched: a NUMERIC field would index
    # sixteen range terms per section.
    return Schema(sid=STORED, page=STORED, **text)


def stored_lengths(corpus: Corpus) -> list[dict[str, int]]:
    """Each section's field lengths as whoosh's length column returns them (one byte per
    document and field, so long fields come back rounded)."""
    return [
        {name: quantized(n) for name, n in doc.length.items()}
        for doc in corpus.docs
    ]


class _TermPool:
    """Postings grouped by field and term as documents come in (in document order), handed to
    whoosh's field writer in its order: field, term, document.

    Whoosh's own pool keeps one tuple per posting, sorts them all, and past its memory limit
    writes sorted runs to disk and merges them back (about 7 million postings at 10,000 pages:
    the largest part of the commit). Here only the distinct terms are sorted (as strings: code
    point order is UTF-8 byte order, whoosh's). To keep memory near whoosh's limit, a posting
    is one int: the document number and the index of its (weight, value) pair, of which there
    are few distinct ones (one per term frequency); a term found in one document keeps that
    int alone, not a list. The postings come from each section's term counts (`add_counts`):
    whoosh's `add_document` made a tuple and a call for each."""

    _SHIFT = 32

    def __init__(self) -> None:
        self.fields: dict[str, dict[str, int | list[int]]] = {}
        self.pairs: list[tuple[float, bytes]] = []  # (weight, value) of each pair id
        self._by_freq: dict[int, int] = {}  # term frequency → its pair id

    def add_counts(self, fieldname: str, docnum: int, counts: Mapping[str, int]) -> None:
        """The postings of one document's field from its term counts: what `CountedText`
        makes of them, without a call per posting."""
        terms = self.fields.get(fieldname)
        if terms is None:
            terms = self.fields[fieldname] = {}
        by_freq, base = self._by_freq, docnum << self._SHIFT
        for term, freq in counts.items():
            pair = by_freq.get(freq)
            if pair is None:
                pair = by_freq[freq] = len(self.pairs)
                self.pairs.append((float(freq), pack_uint(freq)))
            code = base | pair
            postings = terms.get(term)
            if postings is None:
                terms[term] = code
            elif postings.__class__ is int:
                terms[term] = [postings, code]
            else:
                postings.append(code)

    def by_term(self, fieldname: str) -> Iterator[tuple[str, list[int], list[int]]]:
        """The field's terms in whoosh's order, each with its documents and pair ids."""
        mask, shift = (1 << self._SHIFT) - 1, self._SHIFT
        terms = self.fields.get(fieldname, {})
        for term in sorted(terms):
            postings = terms[term]
            codes = [postings] if postings.__class__ is int else postings
            yield term, [code >> shift for code in codes], [code & mask for code in codes]

    def cleanup(self) -> None:
        self.fields.clear()


class _Writer(SegmentWriter):
    """Whoosh's writer for one new segment written in one go: sections added from their term
    counts (`add_section`), postings grouped by term (`_TermPool`) and handed to whoosh's
    postings writer a block at a time (`_write_postings`)."""

    def __init__(self, ix: index.Index, corpus: Corpus, **kwargs) -> None:
        super().__init__(ix, **kwargs)
        self.pool.cleanup()
        self.pool = _TermPool()
        self.lengths = stored_lengths(corpus)

    def add_section(self, sid: int, page: int, terms: Mapping[str, Mapping[str, int]]) -> None:
        """`add_document(sid=sid, page=page, **terms)` for this schema, without whoosh's
        generic per-field and per-posting calls: the same postings, lengths and stored fields
        (tested against whoosh's own writer)."""
        perdoc, docnum, fields = self.perdocwriter, self.docnum, self.schema
        perdoc.start_doc(docnum)
        for name in sorted((*terms, "page", "sid")):
            if name == "page":
                perdoc.add_field(name, fields[name], page, 0)
            elif name == "sid":
                perdoc.add_field(name, fields[name], sid, 0)
            else:
                counts = terms[name]
                self.pool.add_counts(name, docnum, counts)
                perdoc.add_field(name, fields[name], None, sum(counts.values()))
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        self._write_postings()
        self.fieldwriter.close()

    def _write_postings(self) -> None:
        """What whoosh's `FieldWriter.add_postings` writes, filled in a block at a time.

        Whoosh's loop made six Python calls and four type checks per posting, and read each
        posting's field length back: about half of the index build (4.6 million postings at
        9,840 pages). Its postings writer's block buffer is filled here as `add_posting`
        would fill it (tested byte for byte against whoosh's own writer)."""
        fieldwriter, pool = self.fieldwriter, self.pool
        for fieldname in sorted(pool.fields):
            fieldwriter.start_field(fieldname, self.schema[fieldname])
            writer = fieldwriter._postwriter
            limit, known_pairs = writer._blocklimit, pool.pairs
            lengths = [known.get(fieldname, 0) for known in self.lengths]
            for term, docnums, pair_ids in pool.by_term(fieldname):
                fieldwriter.start_term(term.encode("utf-8"))
                for start in range(0, len(docnums), limit):
                    if start:
                        writer._write_block()
                    pairs = [known_pairs[p] for p in pair_ids[start : start + limit]]
                    block = docnums[start : start + limit]
                    _fill_block(writer, block, pairs, [lengths[d] for d in block])
                fieldwriter.finish_term()
            fieldwriter.finish_field()


def _fill_block(
    writer: Any, docnums: list[int], pairs: list[tuple[float, bytes]], lengths: list[int]
) -> None:
    """Set whoosh's `W3PostingsWriter` block buffer (just emptied) to what its `add_posting`
    leaves after adding these postings."""
    weights = [weight for weight, _ in pairs]
    writer._ids = array("I", docnums)
    writer._weights = array("f", weights)
    writer._values = [value for _, value in pairs]
    writer._maxweight = max(0, max(weights))
    counted = [length for length in lengths if length]
    writer._minlength = min(counted) if counted else None
    writer._maxlength = max(counted) if counted else 0


def write_index(corpus: Corpus, folder: Path) -> None:
    """Write the whoosh index of `corpus` into the new, empty folder `folder`."""
    folder.mkdir(parents=True, exist_ok=False)
    ix = index.create_in(str(folder), schema())
    writer = _Writer(ix, corpus, limitmb=256)
    for doc in corpus.docs:
        writer.add_section(doc.sid, doc.page, doc.terms)
    writer.commit()
    ix.close()


def publish(built: Path, folder: Path) -> bool:
    """Move a complete index folder to `folder`, replacing the old one. Several builds of the
    same portal may race (tests, parallel release builds): the last complete one wins and a
    reader never sees a half-written index. False if another build kept replacing it."""
    for attempt in range(5):
        old = folder.with_name(f".{folder.name}.old{os.getpid()}-{attempt}")
        try:
            folder.rename(old)
        except FileNotFoundError:
            pass
        except OSError:
            continue
        try:
            built.rename(folder)
        except OSError:
            continue
        finally:
            shutil.rmtree(old, ignore_errors=True)
        return True
    shutil.rmtree(built, ignore_errors=True)
    return False


def write_meta(folder: Path, meta: dict) -> None:
    """Store what the CLI needs besides whoosh: vocabulary, shard starts, pages, settings."""
    tmp = folder / f".{META_FILE}.tmp{os.getpid()}"
    tmp.write_text(json.dumps(meta), encoding="utf-8")
    tmp.replace(folder / META_FILE)


def open_index(folder: Path) -> tuple[index.Index, dict]:
    """The whoosh index and the metadata written by `write_index`."""
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    return index.open_dir(str(folder)), meta
