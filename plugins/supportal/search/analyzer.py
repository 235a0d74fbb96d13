"""The one analyzer shared by the whoosh index, the exported browser index and the CLI.

Text is split into tokens; a token made of several parts (`os.path`, `snake_case`,
`ConcurrentHashMap`, `3.11.2`) is indexed whole and also part by part. Every form is folded
(NFKD, combining marks dropped, lowercase) and stemmed with Porter2 (whoosh's `porter2`, not its
buggy `porter`). No stop words: `if`, `for`, `not`, `None` are findable.

The browser never stems: the exporter writes every folded surface form next to the term it was
indexed under, and `assets/engine.js` only tokenizes and folds (the same regular expressions as
here) and then looks words up.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter2 import stem as _porter2

ANALYZER_ID = "ana-1"
MAX_WORD = 64
"""Longer tokens (hashes, base64) are not indexed whole."""

# Keep these three in step with TOKEN, SPLIT and CAMEL in assets/engine.js.
TOKEN = re.compile(r"\w+(?:\.\w+)*")
SPLIT = re.compile(r"[._]+")
CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_ALPHA = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Token:
    """One token of a text: the folded whole form and its folded parts (empty if one part)."""

    whole: str
    parts: tuple[str, ...]


@lru_cache(maxsize=200_000)
def fold(word: str) -> str:
    """Lowercase and strip accents: `Réplica` → `replica`."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if unicodedata.category(c)[0] != "M").lower()


@lru_cache(maxsize=200_000)
def term_of(surface: str) -> str:
    """The indexed term of a folded surface form: Porter2 stem for plain words, else itself."""
    if _ALPHA.fullmatch(surface) and len(surface) > 2:
        return _porter2(surface)
    return surface


def tokens(text: str) -> Iterator[Token]:
    """Tokens of `text`, in order. A compound token longer than MAX_WORD is indexed by its
    parts only."""
    for raw in TOKEN.findall(unicodedata.normalize("NFC", text)):
        yield from _tokens(raw)


@lru_cache(maxsize=500_000)
def _tokens(raw: str) -> tuple[Token, ...]:
    whole = fold(raw).strip("_")
    if not whole:
        return ()
    pieces = [p for chunk in SPLIT.split(raw) for p in CAMEL.split(chunk) if p]
    parts = tuple(fold(p) for p in pieces) if len(pieces) > 1 else ()
    if len(whole) <= MAX_WORD:
        return (Token(whole, parts),)
    return tuple(Token(part, ()) for part in parts if len(part) <= MAX_WORD)


def raw_tokens(text: str) -> list[str]:
    """The tokens of `text` as written; `token_forms` gives the forms indexed for each."""
    return TOKEN.findall(unicodedata.normalize("NFC", text))


def surfaces(text: str) -> list[str]:
    """Every folded form indexed for `text`: each whole token, then its parts."""
    forms: list[str] = []
    for raw in raw_tokens(text):
        forms.extend(token_forms(raw))
    return forms


@lru_cache(maxsize=500_000)
def token_forms(raw: str) -> tuple[str, ...]:
    """The folded forms indexed for one token as written: its whole form, then its parts."""
    return tuple(form for token in _tokens(raw) for form in (token.whole, *token.parts))


def query_words(text: str) -> list[list[str]]:
    """The words of a query: one list of alternatives per whole token (the whole form, and
    its parts used when the whole form is not in the index)."""
    return [[t.whole, *t.parts] for t in tokens(text)]
