"""Supportal's cache folder (`.supportal-cache/` beside mkdocs.yml): kept out of git."""

from __future__ import annotations

from pathlib import Path

CACHE_DIR_NAME = ".supportal-cache"


def ignore_in_git(folder: Path) -> None:
    """Create the cache folder holding a `.gitignore` of `*`, so git ignores it whatever the
    portal's own .gitignore says (the docs call it git-ignored, and an untracked cache made
    every later publish from a clean checkout `dirty`). Only a folder made here, or one with
    the default name, gets the file: a `--cache-dir` the user already had may be tracked.
    A folder that cannot be written fails later, where the cache writes; not here."""
    try:
        created = not folder.exists()
        if created:
            folder.mkdir(parents=True, exist_ok=True)
        if created or folder.name == CACHE_DIR_NAME:
            with (folder / ".gitignore").open("x", encoding="utf-8") as handle:
                handle.write("*\n")
    except OSError:  # FileExistsError (already there, or another build wrote it) included
        pass
