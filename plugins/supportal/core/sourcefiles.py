"""Reading an author's files as text.

A page saved in another encoding (Latin-1 by an old editor) is the author's mistake, so it is a
located problem like any other, not a `UnicodeDecodeError` from deep inside a build. Every
plugin reads pages and source files through here, so all of them word it the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from .problems import Problem, SupportalError


class TextSource(Protocol):
    """What Supportal reads of a MkDocs `File` (core does not import MkDocs)."""

    @property
    def content_string(self) -> str: ...


def read_text(file: Path, display_path: str) -> str:
    """The text of a file on disk; raises SupportalError when it is missing or unreadable."""
    try:
        # utf-8-sig, as MkDocs reads pages: the byte-order mark some Windows editors write
        # would otherwise hide a page's front matter.
        return file.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SupportalError([Problem(display_path, None, "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SupportalError([unreadable(display_path, exc)]) from None


def file_text(file: TextSource, display_path: str) -> str:
    """`file.content_string` of a MkDocs `File`; raises SupportalError when it is unreadable."""
    try:
        return file.content_string
    except (OSError, UnicodeDecodeError) as exc:
        raise SupportalError([unreadable(display_path, exc)]) from None


def unreadable(display_path: str, exc: Exception) -> Problem:
    """`path: cannot read file: 'utf-8' codec can't decode byte 0xff ...`: no line, since the
    file has no text to count lines in."""
    return Problem(display_path, None, f"cannot read file: {exc}")


def project_path(path: Path, root: Path) -> str:
    """How messages name a file or folder: relative to `root`, the folder of mkdocs.yml ('.'
    for that folder itself); one outside it as configured."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def docs_display(config: Any) -> Callable[[str], str]:
    """How messages name a page of the docs folder: relative to the folder of mkdocs.yml
    (`content/faq/backup.md`), as every other file a message names (the catalog, support.yml)."""
    root = Path(config.config_file_path or ".").resolve().parent
    prefix = project_path(Path(config.docs_dir), root)
    return lambda src_uri: src_uri if prefix == "." else f"{prefix}/{src_uri}"
