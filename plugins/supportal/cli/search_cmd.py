"""`supportal search "query"`: answer from a release's build-time whoosh index (issue 8).

The ranking is the browser's: the same analyzer, query semantics (last word as a prefix,
all words then any word) and BM25F statistics, see `supportal.search.query`.
"""

from __future__ import annotations

from pathlib import Path

import click

from ..core.problems import expected
from ..search.indexer import META_FILE
from ..search.plugin import SearchPlugin
from ..search.release_index import ReleaseIndex, StaleIndex
from .host import load_portal_catalog, load_release_config
from .errors import authoring_errors
from .main import _selected, config_option


@click.command()
@config_option
@click.argument("query")
@click.option(
    "-r",
    "--release",
    "release_name",
    metavar="VERSION",
    help="The release to search (version or alias). Default: the catalog's default.",
)
@click.option(
    "-t", "--type", "type_id", metavar="TYPE", help="Only this content type, such as faq or manual."
)
@click.option(
    "-n",
    "--limit",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many sections to list.",
)
@authoring_errors
def search(
    config_file: Path, query: str, release_name: str | None, type_id: str | None, limit: int
) -> None:
    """Search a built release like its search box does (run `supportal build` first)."""
    catalog = load_portal_catalog(config_file)
    release = _selected(catalog, (release_name,))[0] if release_name else catalog.default
    config = load_release_config(config_file, release)
    plugin = config.plugins.get("supportal/search")
    if not isinstance(plugin, SearchPlugin) or not plugin.config.enabled:
        raise click.UsageError(f"{config_file}: the 'supportal/search' plugin is not enabled")
    folder = config_file.resolve().parent / plugin.config.cache_dir / release.version
    if not (folder / META_FILE).is_file():
        raise click.ClickException(
            f"no search index for release {release.version} in {plugin.config.cache_dir}: "
            "run `supportal build` first"
        )
    try:
        index = ReleaseIndex(folder)
    except StaleIndex:
        raise click.ClickException(
            f"the search index of release {release.version} is out of date: "
            "run `supportal build` again"
        ) from None
    try:
        if type_id is not None and type_id not in index.type_ids:
            raise click.BadParameter(
                f"'{type_id}' is not a content type of release {release.version}. "
                f"{expected(type_id, index.type_ids)}",
                param_hint="--type",
            )
        answer = index.search(query, type_id)
    finally:
        index.close()
    if answer.suggestion:
        click.echo(f"Did you mean: {answer.suggestion}")
    if not answer.hits:
        click.echo(f"No results for '{query}' in {release.title}.", err=True)
        raise SystemExit(1)
    for rank, hit in enumerate(answer.hits[:limit], start=1):
        click.echo(
            f"{rank:>2}. {hit.title}{' › ' + hit.heading if hit.heading else ''}  [{hit.type}]"
        )
        click.echo(
            f"    {release.version}/{hit.url}{'#' + hit.anchor if hit.anchor else ''}"
            f"  score {hit.score:.3f}"
        )
    shown = min(limit, len(answer.hits))
    click.echo(f"{shown} of {len(answer.hits)} matching section(s) in {release.title}.", err=True)
