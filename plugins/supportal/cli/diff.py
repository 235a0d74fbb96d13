"""`supportal diff A B`: what changed in the documentation between two releases."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.frontmatter import SourcePage
from ..core.problems import Problems, SupportalError, expected
from ..reading.docdiff import DocsDiff, diff_rendered, read_sources, render_release
from ..reading.pageids import PageIndex, build_index
from ..releases.model import Release, ReleaseCatalog
from ..releases.plugin import releases_of
from ..sources.overlay import docs_dir_of, read_raw_config
from ..sources.prepare import PreparedRef, default_cache_dir, prepare_refs
from .host import catalog_location, load_portal_catalog, load_release_config


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
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where releases from git refs are exported, as for `supportal build` "
    "(default: .supportal-cache beside mkdocs.yml).",
)
def diff(old: str, new: str, config_file: Path, names_only: bool, cache_dir: Path | None) -> None:
    """Pages added, removed and changed from release OLD to release NEW, with a unified diff of
    each changed page's Markdown as readers of each release get it. A release with
    `source: git:REF` is read from that ref's tree, as it is built."""
    from .errors import authoring_errors

    authoring_errors(_run)(old, new, config_file, names_only, cache_dir)


def _run(
    old: str, new: str, config_file: Path, names_only: bool, cache_dir: Path | None
) -> None:
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
    # Each release is compared as it is built: from the working tree, or from the tree of its
    # `source: git:REF`. Rendering a ref release from the working tree said "no page changed"
    # between two refs whose docs differ.
    trees: dict[str, tuple[Path, str]] = {}
    refs = [r for r in (before, after) if r.source is not None]
    if refs:
        catalog_file, display = catalog_location(config_file)
        prepared = prepare_refs(
            config_file, refs, cache_dir=cache_dir or default_cache_dir(config_file),
            catalog_file=catalog_file, display=display,
        )
        for version, ref in prepared.items():
            trees[version] = _ref_docs(ref)
    problems = Problems()
    rendered = []
    read: dict[tuple[Path, str], tuple[dict[str, SourcePage], PageIndex] | None] = {}
    for release in (before, after):
        tree = trees.get(release.version, (docs_dir, prefix))
        if tree not in read:
            read[tree] = _read_tree(*tree, catalog, problems)
        pages = read[tree]
        if pages is not None:
            rendered.append(render_release(pages[1], pages[0], release))
    if problems.errors:
        raise SupportalError(problems.errors)
    result = diff_rendered(rendered[0], rendered[1], before, after)
    _print(result, before, after, names_only)


def _ref_docs(ref: PreparedRef) -> tuple[Path, str]:
    """The docs folder of a ref's exported tree, and how messages name its pages: git's own
    `REF:PATH` (from the top of the repository), which `git show` opens."""
    docs = docs_dir_of(read_raw_config(ref.config_file), ref.config_file)
    try:
        inside = docs.resolve().relative_to(ref.root.resolve()).as_posix()
    except ValueError:
        inside = docs.as_posix()  # an absolute docs_dir outside the project: as written
    top = f"{ref.source.repo.prefix}/{inside}" if ref.source.repo.prefix else inside
    return docs, f"{ref.source.ref}:{top}"


def _read_tree(
    docs_dir: Path, prefix: str, catalog: ReleaseCatalog, problems: Problems
) -> tuple[dict[str, SourcePage], PageIndex] | None:
    """Pages and their ids of one tree; problems of both trees are listed before stopping."""
    try:
        sources = read_sources(docs_dir, prefix)
    except SupportalError as exc:
        problems.extend(exc.problems)
        return None
    found = Problems()
    index = build_index(sources, catalog, found)
    problems.extend(found.errors)
    return sources, index


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
    for changed in result.changed:
        moved = f" (moved from {changed.old_src})" if changed.old_src != changed.new_src else ""
        click.echo(f"  ~ {changed.new_src}  {changed.title}{moved}")
    if not names_only:
        for changed in result.changed:
            click.echo("")
            click.echo(changed.diff, nl=False)
