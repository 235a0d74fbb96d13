"""Get git-ref releases ready to build: validate, export the tree, compute the overlay."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.cachedir import CACHE_DIR_NAME
from ..core.problems import Problems, SupportalError
from ..releases.model import Release
from .git import GitError
from .overlay import (
    ConfigReadError,
    docs_dir_of,
    missing_components,
    overlay_options,
    read_raw_config,
)
from .refs import RefSource, resolve_sources


@dataclass(frozen=True)
class PreparedRef:
    """A release's ref exported into the cache, with the options that overlay Supportal."""

    source: RefSource
    root: Path
    config_file: Path
    options: dict[str, Any]


def default_cache_dir(config_file: Path) -> Path:
    return config_file.resolve().parent / CACHE_DIR_NAME


def prepare_refs(
    config_file: Path,
    releases: Sequence[Release],
    *,
    cache_dir: Path,
    catalog_file: Path,
    display: str,
    sources: dict[str, RefSource] | None = None,
) -> dict[str, PreparedRef]:
    """Validate and export every git-ref release of `releases`; raise SupportalError listing
    every problem, before anything is built. `sources`: refs resolved already (by version)."""
    problems = Problems()
    project = config_file.resolve().parent
    if sources is None:
        sources = resolve_sources(
            releases, project, config_file.name, catalog_file, display, problems
        )
    else:
        wanted = {r.version for r in releases}
        sources = {v: s for v, s in sources.items() if v in wanted}
    prepared: dict[str, PreparedRef] = {}
    portal_raw: dict[str, Any] | None = None
    for version, source in sources.items():
        root = source.export_dir(cache_dir)
        try:
            source.repo.export(source.commit, root)
        except GitError as exc:
            problems.error(display, source.line, f"{source.label}: {exc}")
            continue
        ref_config = root / config_file.name
        try:
            raw = read_raw_config(ref_config)
        except ConfigReadError as exc:
            problems.error(display, source.line, f"{source.label}: {exc}")
            continue
        docs = docs_dir_of(raw, ref_config)
        if not docs.is_dir():
            name = raw.get("docs_dir") or "docs"
            problems.error(
                display, source.line,
                f"{source.label} has no docs folder '{name}' (docs_dir of its {config_file.name})",
            )
            continue
        for what in missing_components(raw):
            problems.error(
                display, source.line,
                f"{source.label}: its {config_file.name} needs {what}, which is not installed "
                "(install it, or disable it in that ref's config)",
            )
        if portal_raw is None:
            portal_raw = read_raw_config(config_file)
        options = overlay_options(portal_raw, raw, catalog_file.resolve())
        prepared[version] = PreparedRef(source, root, ref_config, options)
    if problems.errors:
        raise SupportalError(problems.errors)
    return prepared
