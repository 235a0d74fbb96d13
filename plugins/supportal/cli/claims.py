"""Claims on the pages of one release, shared by the process building it and a helper.

Each page goes to whichever process claims it first (an exclusive file per page); the helper
then says how the page went (`finish`), and the owner, finding a page claimed, waits for that
(`wait`). See `pagehelp.py` for why and how the two share a release.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

CONVERTED, REUSED, FAILED = "converted", "reused", "failed"
OWNER, HELPER = "owner", "helper"


class ClaimBoard:
    """Who converts which page of one release: files in a folder shared by two processes."""

    def __init__(self, folder: Path, wait_limit: float = 300.0) -> None:
        self.folder = folder
        self.wait_limit = wait_limit
        """Seconds the owner waits for one page the helper claimed (a dead helper never says)."""

    def _path(self, src_uri: str, suffix: str = "") -> Path:
        return self.folder / (hashlib.sha1(src_uri.encode("utf-8")).hexdigest()[:24] + suffix)

    def open(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def take(self, src_uri: str) -> bool:
        """Claim a page; False when the other process claimed it first."""
        try:
            os.close(os.open(self._path(src_uri), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def finish(self, src_uri: str, how: str) -> None:
        """Say a claimed page is done: CONVERTED here, REUSED from the cache, or FAILED."""
        done = self._path(src_uri, ".done")
        tmp = done.with_name(done.name + ".tmp")
        tmp.write_text(how, encoding="utf-8")
        tmp.replace(done)

    def wait(self, src_uri: str) -> str | None:
        """How the helper did a page it claimed (CONVERTED, REUSED or FAILED); None if it
        stopped without saying, or did not say within `wait_limit`."""
        done = self._path(src_uri, ".done")
        deadline = time.monotonic() + self.wait_limit
        while time.monotonic() < deadline:
            try:
                return done.read_text(encoding="utf-8")
            except FileNotFoundError:
                pass
            if self.closed(HELPER):
                return done.read_text(encoding="utf-8") if done.exists() else None
            time.sleep(0.005)
        return None

    def close(self, who: str) -> None:
        """Say `who` (OWNER or HELPER) takes no more pages."""
        self.open()
        (self.folder / f"{who}.closed").touch()

    def closed(self, who: str) -> bool:
        return (self.folder / f"{who}.closed").exists()
