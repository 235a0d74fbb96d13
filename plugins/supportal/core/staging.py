"""Where `supportal build` stages a site before moving it into place: a hidden sibling of the
site folder, `.<site>.supportal-staging-<pid>`. The publisher (whose work folders are such
sites) and the page cache (which must not hash the other releases being built) tell it by name.
"""

from __future__ import annotations

from pathlib import Path

MARK = ".supportal-staging-"


def staging_folder(site: Path, pid: int) -> Path:
    """The folder a build of `site` by process `pid` stages its releases in."""
    site = site.resolve()
    return site.parent / f".{site.name}{MARK}{pid}"


def staged_site(name: str) -> str | None:
    """The name of the site folder that the staging folder called `name` builds, else None."""
    if name.startswith(".") and MARK in name:
        return name[1:].split(MARK)[0]
    return None
