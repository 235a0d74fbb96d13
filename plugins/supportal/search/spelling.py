"""Did-you-mean: the closest vocabulary words by edit distance (mirrored in engine.js).

The vocabulary (surface forms of three or more ASCII letters, with the number of pages they
occur on) is exported in one file per first letter. For a word found nowhere, the browser loads
the files of its first two letters: a first letter swapped with the second (`abckup`) or a
stray letter typed before the word (`xbackup`) is still corrected; a dropped or replaced first
letter (`ackup`, `vackup`) is not.
"""

from __future__ import annotations

from collections.abc import Iterable


def distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (adjacent swaps count 1); `limit + 1` if above."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        previous2, previous = previous, current
    return previous[len(b)]


def spelling_key(word: str) -> str:
    """The vocabulary file a word is exported in: its first letter, `_` if not a to z."""
    first = word[0]
    return first if "a" <= first <= "z" else "_"


def spelling_keys(word: str) -> set[str]:
    """The vocabulary files searched for suggestions to `word`."""
    return {spelling_key(letter) for letter in word[:2]}


def max_edits(word: str) -> int:
    return 1 if len(word) <= 4 else 2


def suggest(word: str, vocabulary: Iterable[tuple[str, int]]) -> str | None:
    """The closest word (fewest edits, then most pages, then alphabetical), or None."""
    limit = max_edits(word)
    best: tuple[int, int, str] | None = None
    for candidate, pages in vocabulary:
        if candidate == word:
            continue
        d = distance(word, candidate, limit)
        if d <= limit:
            key = (d, -pages, candidate)
            if best is None or key < best:
                best = key
    return best[2] if best else None
