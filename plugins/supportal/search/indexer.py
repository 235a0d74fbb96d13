"""The build-time whoosh index of a release: BM25F statistics, CLI search, related pages.

Sections are added already analyzed (terms joined by spaces), so whoosh, the exporter and the
browser count exactly the same terms.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from whoosh import index
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import NUMERIC, STORED, TEXT, Schema

from .corpus import FIELDS, Corpus

META_FILE = "supportal-search.json"


def schema() -> Schema:
    text = {name: TEXT(analyzer=SpaceSeparatedTokenizer(), phrase=False) for name in FIELDS}
    return Schema(sid=NUMERIC(stored=True, bits=64, signed=False), page=STORED, **text)


def write_index(corpus: Corpus, folder: Path) -> None:
    """Write the whoosh index of `corpus` into the new, empty folder `folder`."""
    folder.mkdir(parents=True, exist_ok=False)
    ix = index.create_in(str(folder), schema())
    writer = ix.writer(limitmb=256)
    for doc in corpus.docs:
        fields = {
            name: " ".join(t for t, n in counts.items() for _ in range(n))
            for name, counts in doc.terms.items()
        }
        writer.add_document(sid=doc.sid, page=doc.page, **fields)
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


def open_whoosh(folder: Path) -> index.Index:
    return index.open_dir(str(folder))


def open_index(folder: Path) -> tuple[index.Index, dict]:
    """The whoosh index and the metadata written by `write_index`."""
    meta = json.loads((folder / META_FILE).read_text(encoding="utf-8"))
    return index.open_dir(str(folder)), meta
