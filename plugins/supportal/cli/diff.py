"""`supportal diff A B`: what changed in the documentation between two releases."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.problems import Problems, SupportalError, expected
from ..reading.docdiff import DocsDiff, diff_releases, read_sources
from ..reading.pageids import build_index
from ..releases.model import Release, ReleaseCatalog
from ..releases.plugin import releases_of
from .host import load_portal_catalog, load_release_config


def _release(catalog: ReleaseCatalog, name: str, hint: str) -> Release:
    release = catalog.get(name)
    if release is None:
        choices = catalog.versions + [a for r in catalog.releases for a in r.aliases]
        raise click.BadParameter(
            f"'{name}' is not in {catalog.path}. {expected(name, choices)}", param_hint=hint
        )
    return release


@click.command()
@click.argument("old")
@click.argument("new")
@click.option(
    "-f",
    "--config-file",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The portal's mkdocs.yml.",
)
@click.option("--names-only", is_flag=True, help="List pages only, without the Markdown diffs.")
def diff(old: str, new: str, config_file: Path, names_only: bool) -> None:
    """Pages added, removed and changed from release OLD to release NEW, with a unified diff of
    each changed page's Markdown as readers of each release get it."""
    from .errors import authoring_errors

    authoring_errors(_run)(old, new, config_file, names_only)


def _run(old: str, new: str, config_file: Path, names_only: bool) -> None:
    catalog = load_portal_catalog(config_file)
    before = _release(catalog, old, "OLD")
    after = _release(catalog, new, "NEW")
    config = load_release_config(config_file, None)
    plugin = releases_of(config)
    assert plugin is not None  # load_portal_catalog checked it
    docs_dir = Path(config.docs_dir)
    root = Path(config.config_file_path or config_file).resolve().parent
    try:
        prefix = docs_dir.resolve().relative_to(root).as_posix()
    except ValueError:
        prefix = docs_dir.as_posix()
    sources = read_sources(docs_dir, prefix)
    problems = Problems()
    index = build_index(sources, catalog, problems)
    if problems.errors:
        raise SupportalError(problems.errors)
    result = diff_releases(index, sources, before, after)
    _print(result, before, after, names_only)


def _print(result: DocsDiff, old: Release, new: Release, names_only: bool) -> None:
    click.echo(f"Docs changes from {old.title} ({old.version}) to {new.title} ({new.version}):")
    if result.empty:
        click.echo("  no page added, removed or changed")
        return
    click.echo(f"Added ({len(result.added)}):")
    for page in result.added:
        click.echo(f"  + {page.src_uri}  {page.title}")
    click.echo(f"Removed ({len(result.removed)}):")
    for page in result.removed:
        click.echo(f"  - {page.src_uri}  {page.title}")
    click.echo(f"Changed ({len(result.changed)}):")
    for page in result.changed:
        moved = f" (moved from {page.old_src})" if page.old_src != page.new_src else ""
        click.echo(f"  ~ {page.new_src}  {page.title}{moved}")
    if not names_only:
        for page in result.changed:
            click.echo("")
            click.echo(page.diff, nl=False)
