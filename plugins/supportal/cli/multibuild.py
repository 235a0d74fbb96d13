"""Build several releases of one portal in one process, each into `<site>/<version>/`."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build

from ..releases.model import Release, ReleaseCatalog
from ..releases.site import write_site_index
from .host import load_release_config


@dataclass
class ReleaseBuild:
    release: Release
    site_dir: Path
    seconds: float


Progress = Callable[[ReleaseBuild], None]


def select_releases(catalog: ReleaseCatalog, names: Sequence[str]) -> list[Release]:
    """The releases named (by version or alias), or all of them; unknown names raise KeyError."""
    if not names:
        return list(catalog.releases)
    selected = []
    for name in names:
        release = catalog.get(name)
        if release is None:
            raise KeyError(name)
        if release not in selected:
            selected.append(release)
    return selected


def build_release(config_file: Path, release: Release, site_dir: Path, *, strict: bool) -> float:
    """Build one release through the real MkDocs pipeline; returns the seconds it took."""
    start = time.perf_counter()
    config = load_release_config(config_file, release, site_dir=site_dir, strict=strict)
    build(config)
    return time.perf_counter() - start


def build_releases(
    config_file: Path,
    catalog: ReleaseCatalog,
    releases: Sequence[Release],
    site: Path,
    *,
    strict: bool = False,
    progress: Progress | None = None,
) -> list[ReleaseBuild]:
    """Build `releases` into `site/<version>/`, then write the site index for all present."""
    done = []
    for release in releases:
        site_dir = site / release.version
        seconds = build_release(config_file, release, site_dir, strict=strict)
        result = ReleaseBuild(release, site_dir, seconds)
        done.append(result)
        if progress:
            progress(result)
    write_site_index(site, catalog)
    return done
