"""Pygments' output for a code block, made once for every release a command builds.

A code block usually reads the same in every release, even where releases configure their
Markdown differently and so share no page conversion (`pagecache.py`). pymdownx.highlight and
Python-Markdown's codehilite highlight each block with `pygments.highlight(code, lexer,
formatter)`: on pymdown-extensions' documentation at five versions, 82 % of these calls repeat
an earlier one, and highlighting is about a seventh of the build's CPU.

Pygments configures lexers and formatters from their options (`Lexer(**options)`,
`Formatter(**options)`), so the output is keyed by the code and by each one's class, options
and plain-valued attributes (some classes keep a setting out of their options). A call is
passed through untouched when an option is not a plain value (a style class, a filter
object), when the lexer has filters, or when it writes to a file. Results are
kept in this process's memory for the whole command (each worker process has its own), up to
a bound.

The lexer for a language name is looked up once too: `get_lexer_by_name` scans Pygments'
whole table of lexers for the name on every call, that is for every code block.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import Any

from .patching import swapped

try:
    from pygments import highlight as pygments_highlight
    from pygments.formatter import Formatter
    from pygments.lexer import Lexer
except ImportError:  # no Pygments: nothing highlights
    pygments_highlight = None

LIMIT = 64_000_000  # characters of code and highlighted output kept in one process

_PLAIN = (str, int, float, bool, type(None))


@dataclass
class _State:
    active: int = 0
    size: int = 0
    hits: int = 0
    misses: int = 0


state = _State()
_results: dict[tuple[Any, ...], Any] = {}
_lexer_classes: dict[str, Any] = {}  # a language name: its lexer class, or why none


def _plain(value: Any) -> bool:
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(isinstance(item, _PLAIN) for item in value)
    return isinstance(value, _PLAIN)


def _settings(owner: Any) -> str | None:
    """What configures a lexer or formatter: its options, and every attribute with a plain
    value, since a class may keep a setting out of `options` (pymdownx's formatter turns
    `linenos: pymdownx-inline` into `inline` there and keeps the difference in an attribute;
    PHP's lexer pops `_startinline`). Dictionaries are left out: Pygments keeps in them what
    it derives from the style and caches while formatting. None when an option is not plain."""
    options = getattr(owner, "options", None)
    if not isinstance(options, dict) or not all(_plain(v) for v in options.values()):
        return None
    attributes = [
        (name, sorted(value) if isinstance(value, (set, frozenset)) else value)
        for name, value in sorted(vars(owner).items())
        if name != "options" and _plain(value)
    ]
    return repr((sorted(options.items()), attributes))


def _key(code: Any, lexer: Any, formatter: Any) -> tuple[Any, ...] | None:
    if not isinstance(code, str) or getattr(lexer, "filters", None):
        return None
    if not isinstance(lexer, Lexer) or not isinstance(formatter, Formatter):
        return None
    lexer_settings, formatter_settings = _settings(lexer), _settings(formatter)
    if lexer_settings is None or formatter_settings is None:
        return None
    return (code, type(lexer), lexer_settings, type(formatter), formatter_settings)


def highlight(code: Any, lexer: Any, formatter: Any, outfile: Any = None) -> Any:
    """`pygments.highlight`, through the cache while a `shared_highlighting` block runs."""
    key = _key(code, lexer, formatter) if state.active and outfile is None else None
    if key is None:
        return pygments_highlight(code, lexer, formatter, outfile)
    found = _results.get(key)
    if found is not None:
        state.hits += 1
        return found
    state.misses += 1
    made = pygments_highlight(code, lexer, formatter)
    size = len(code) + len(made)
    if state.size + size <= LIMIT:
        _results[key] = made
        state.size += size
    return made


def get_lexer_by_name(alias: Any, **options: Any) -> Any:
    """`pygments.lexers.get_lexer_by_name`, its class lookup kept while a block runs."""
    from pygments.util import ClassNotFound

    if not state.active or not isinstance(alias, str):
        return _pygments_lookup(alias, **options)
    found = _lexer_classes.get(alias)
    if found is None:
        from pygments.lexers import find_lexer_class_by_name

        try:
            found = find_lexer_class_by_name(alias)
        except ClassNotFound as exc:
            found = str(exc)
        _lexer_classes[alias] = found
    if isinstance(found, str):
        raise ClassNotFound(found)
    return found(**options)


_pygments_lookup: Any = None  # Pygments' own get_lexer_by_name, once a block ran


def _names(module: Any) -> dict[str, Any]:
    """A module's own names, read without running it: a lazily loaded module (importlib's
    LazyLoader) would load on attribute access, and may fail there."""
    try:
        names = object.__getattribute__(module, "__dict__")
    except Exception:  # noqa: BLE001 - not a module we can read: nothing of ours to swap
        return {}
    return names if isinstance(names, dict) else {}


@contextmanager
def shared_highlighting() -> Iterator[None]:
    """Inside the block, a code block highlighted before in this process (in any release) is
    not highlighted again. Modules that imported `pygments.highlight` by name (pymdownx,
    codehilite) are pointed at the cache for the block; one imported during the block keeps
    it, and outside a block it passes every call straight to Pygments."""
    if pygments_highlight is None:
        yield
        return
    global _pygments_lookup
    if _pygments_lookup is None:  # imported here: the lexer table costs a command's start-up
        from pygments.lexers import get_lexer_by_name as _pygments_lookup
    with ExitStack() as stack:
        for module in list(sys.modules.values()):
            names = _names(module)
            if names.get("highlight") is pygments_highlight:
                stack.enter_context(swapped(module, "highlight", highlight))
            if names.get("get_lexer_by_name") is _pygments_lookup:
                stack.enter_context(swapped(module, "get_lexer_by_name", get_lexer_by_name))
        state.active += 1
        try:
            yield
        finally:
            state.active -= 1
