"""Compile the theme's Jinja templates once for every release and run, not once per build.

MkDocs makes a new Jinja environment for each build, and Jinja compiles every template it loads
(Material's base.html and its partials: about a quarter of a second per release). With the
build cache, compiled templates are kept under `<cache>/templates/` with Jinja's own bytecode
cache, which checks each template's source before using its code. Its key is the template's name
and file, so ours adds what else changes the compiled code: Jinja's version and the
environment's syntax and compiler settings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import jinja2
from jinja2.bccache import FileSystemBytecodeCache
from mkdocs.theme import Theme

from .patching import swapped

_COMPILER_SETTINGS = (
    "block_start_string", "block_end_string", "variable_start_string", "variable_end_string",
    "comment_start_string", "comment_end_string", "line_statement_prefix",
    "line_comment_prefix", "trim_blocks", "lstrip_blocks", "newline_sequence",
    "keep_trailing_newline", "optimized", "is_async",
)


def _settings_digest(env: jinja2.Environment) -> str:
    settings = {name: getattr(env, name, None) for name in _COMPILER_SETTINGS}
    settings |= {
        "jinja": jinja2.__version__,
        "extensions": sorted(env.extensions),
        # Both change the generated code when they are set at all; a callable by its name.
        "autoescape": env.autoescape if isinstance(env.autoescape, bool) else repr(env.autoescape),
        "finalize": getattr(env.finalize, "__qualname__", repr(env.finalize)),
    }
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=repr).encode()).hexdigest()


class ThemeBytecodeCache(FileSystemBytecodeCache):
    """Jinja's file bytecode cache, keyed also by the environment's compiler settings."""

    def __init__(self, folder: Path, env: jinja2.Environment) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(str(folder), "%s.jinja")
        self._settings = _settings_digest(env)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        return super().get_cache_key(f"{self._settings}|{name}", filename)


@contextmanager
def template_cache(folder: Path | None) -> Iterator[None]:
    """Give every theme environment made inside a bytecode cache in `folder` (None: no change)."""
    if folder is None:
        yield
        return
    original = Theme.get_env

    def get_env(theme: Theme) -> jinja2.Environment:
        env = original(theme)
        env.bytecode_cache = ThemeBytecodeCache(folder, env)
        return env

    with swapped(Theme, "get_env", get_env):
        yield
