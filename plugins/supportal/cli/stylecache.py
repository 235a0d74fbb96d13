"""Pygments' token stylesheet, made once per style for all the releases a command builds.

pymdownx.highlight makes a new HtmlFormatter for every code block, and each one rebuilt its
token → CSS class table from the style: about a twentieth of the CPU of a code-heavy build
(pymdown-extensions' own documentation: 3,242 blocks per release). The table depends only on
the style and the class prefix, so it is shared by those two.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .patching import swapped


@contextmanager
def shared_stylesheets() -> Iterator[None]:
    """Inside the block, HtmlFormatters with the same style and class prefix share the
    stylesheet the first of them made (each gets its own copy of the tables)."""
    try:
        from pygments.formatters.html import HtmlFormatter
    except ImportError:  # no Pygments: nothing highlights
        yield
        return
    original = getattr(HtmlFormatter, "_create_stylesheet", None)
    if original is None:  # a Pygments that makes it otherwise: leave it alone
        yield
        return
    made: dict[tuple[Any, str], tuple[dict[Any, str], dict[str, Any]]] = {}

    def create(formatter: Any) -> None:
        key = (formatter.style, formatter.classprefix)
        tables = made.get(key)
        if tables is None:
            original(formatter)
            made[key] = (dict(formatter.ttype2class), dict(formatter.class2style))
        else:
            formatter.ttype2class, formatter.class2style = dict(tables[0]), dict(tables[1])

    with swapped(HtmlFormatter, "_create_stylesheet", create):
        yield
