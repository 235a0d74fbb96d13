"""Write a file whole, then rename it into place: a reader (a browser on a live site, another
worker process) sees the old content or the new, never half of it."""

from __future__ import annotations

import os
from pathlib import Path


def write_text_atomic(path: Path, text: str, newline: str | None = None) -> None:
    """`newline`: what each "\n" of `text` is written as (as for `open`; None: os.linesep)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8", newline=newline)
    tmp.replace(path)
