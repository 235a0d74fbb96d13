"""Swap one attribute of MkDocs for the builds run inside a block, and put it back after.

The build cache hooks into MkDocs where it has no plugin event (a page's conversion, the
theme's Jinja environment, the loop that populates pages); each hook is one such swap.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def swapped(owner: Any, name: str, value: Any) -> Iterator[None]:
    """`owner.name` is `value` inside the block, and what it was before after it."""
    original = getattr(owner, name)
    setattr(owner, name, value)
    try:
        yield
    finally:
        setattr(owner, name, original)
