"""Values kept by content key in one folder of the build cache, for every release and run.

Each value is one file, `<folder>/<first two characters of the key>/<key><suffix>`, written
whole and then renamed (`core.atomicfile`): worker processes building other releases may read
the same key at the same moment and never see half a value. A missing or unreadable file is a
miss.
"""

from __future__ import annotations

from pathlib import Path

from ..core.atomicfile import write_text_atomic


class ContentStore:
    def __init__(self, folder: Path, suffix: str) -> None:
        self.folder = folder
        self.suffix = suffix

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}{self.suffix}"

    def read(self, key: str) -> str | None:
        try:
            return self.path(key).read_text(encoding="utf-8")
        except (FileNotFoundError, UnicodeDecodeError):
            return None

    def write(self, key: str, text: str) -> None:
        write_text_atomic(self.path(key), text)
