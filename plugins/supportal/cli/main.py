"""The `supportal` command: one error boundary, so authors never see a traceback."""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

import click

from ..core.problems import expected
from ..releases.model import Release, ReleaseCatalog
from .errors import authoring_errors
from .host import (
    check_sources,
    configured_site_dir,
    load_portal_catalog,
    setup_logging,
    site_dir_problem,
)
from .multibuild import ReleaseBuild, build_releases, select_releases

config_option = click.option(
    "-f", "--config-file", "config_file", type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"), show_default=True, help="The portal's mkdocs.yml.",
)
release_option = click.option(
    "-r", "--release", "release_names", multiple=True, metavar="VERSION",
    help="A release (version or alias) of the catalog; repeat for several. Default: all.",
)


def _progress(result: ReleaseBuild) -> None:
    release = result.release
    click.echo(
        f"  {release.version:<10} {release.title:<32} {release.status:<9} "
        f"{'unchanged' if result.skipped else 'built'} in {result.seconds:5.1f} s -> {result.site_dir}",
        err=True,
    )


def _selected(catalog: ReleaseCatalog, names: tuple[str, ...]) -> list[Release]:
    try:
        return select_releases(catalog, names)
    except KeyError as exc:
        name = str(exc.args[0])
        choices = catalog.versions + [a for r in catalog.releases for a in r.aliases]
        raise click.BadParameter(
            f"'{name}' is not in {catalog.path}. {expected(name, choices)}", param_hint="--release"
        ) from None


class _LazyGroup(click.Group):
    """A group whose commands from other modules are imported only when one of them runs (or
    `--help` lists them): `supportal build` should not pay for the search engine's or the
    publisher's imports on a rebuild with nothing to do."""

    # command name -> (module of this package, attribute)
    LAZY = {
        "publish": ("publish", "publish"),  # publishing into a live site (issue 4)
        "rollback": ("publish", "rollback"),
        "history": ("publish", "history"),
        "prune": ("publish", "prune"),
        "list": ("publish", "list_releases"),
        "diff": ("diff", "diff"),  # what changed between two releases (issue 3)
        "releases": ("releases_cmd", "releases"),  # releases from git refs (issue 9)
        "search": ("search_cmd", "search"),  # search the build-time index (issue 8)
    }

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.LAZY})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.LAZY and cmd_name not in self.commands:
            module, attribute = self.LAZY[cmd_name]
            command = getattr(importlib.import_module(f"{__package__}.{module}"), attribute)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)


@click.group(cls=_LazyGroup)
@click.version_option(package_name="supportal")
@click.option("-v", "--verbose", is_flag=True, help="Show debug messages.")
def cli(verbose: bool) -> None:
    """Supportal: documentation and training portals, one site per release."""
    setup_logging(verbose)


@cli.command()
@config_option
@release_option
@click.option("-d", "--site-dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, show_default="site_dir of mkdocs.yml",
              help="Where releases are written.")
@click.option("-s", "--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
              show_default="all cores", help="Releases built in parallel.")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Skip releases whose inputs did not change since their output was written.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build cache folder (safe to delete). Default: .supportal-cache beside mkdocs.yml.")
@authoring_errors
def build(config_file: Path, release_names: tuple[str, ...], site_dir: Path | None,
          strict: bool, jobs: int, use_cache: bool, cache_dir: Path | None) -> None:
    """Build releases into SITE_DIR/<version>/ with versions.json, aliases and a root redirect."""
    started = time.perf_counter()
    # The portal's mkdocs.yml is validated by build_releases only when a working-tree release
    # is built: a rebuild with nothing changed skips it, and a ref release validates the part
    # it uses (Supportal's plugins and site_url, laid over the ref's config). `check` and the
    # other commands validate it as before.
    # Only the refs of the releases built are checked: the others' may be missing (a shallow
    # clone building the working tree's release).
    catalog = load_portal_catalog(config_file, validate_config=False, check_refs=False)
    releases = _selected(catalog, release_names)
    sources = check_sources(config_file, releases)
    site_dir = site_dir or configured_site_dir(config_file)
    refused = site_dir_problem(site_dir, config_file)
    if refused:
        raise click.BadParameter(refused, param_hint="--site-dir")
    try:
        site_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # under a file, in a read-only place
        raise click.BadParameter(
            f"cannot create {site_dir}: {exc.strerror or exc}", param_hint="--site-dir"
        ) from None
    click.echo(f"Building {len(releases)} release(s) of {config_file}:", err=True)
    build_releases(config_file, catalog, releases, site_dir, strict=strict, progress=_progress,
                   jobs=jobs, use_cache=use_cache, cache_dir=cache_dir, check_portal_config=True,
                   sources=sources)
    total = time.perf_counter() - started
    click.echo(f"Done in {total:.1f} s; default release {catalog.default.version}.", err=True)


@cli.command()
@config_option
@click.option("-r", "--release", "release_name", metavar="VERSION",
              help="The release to edit with live reload. Default: the catalog's default.")
@click.option("--all", "all_releases", is_flag=True,
              help="Also build and serve every other release (static, no live reload).")
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="HOST:PORT")
@click.option("-s", "--strict", is_flag=True, help="Fail on warnings too.")
@authoring_errors
def serve(config_file: Path, release_name: str | None, all_releases: bool, dev_addr: str, strict: bool) -> None:
    """Preview a release with live reload at http://HOST:PORT/<version>/."""
    from .serve import serve as run_server

    catalog = load_portal_catalog(config_file, check_refs=False)
    release = _selected(catalog, (release_name,))[0] if release_name else catalog.default
    others = [r for r in catalog.releases if r != release] if all_releases else []
    check_sources(config_file, [release, *others])
    host, _, port = dev_addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter("expected HOST:PORT, such as 127.0.0.1:8000", param_hint="--dev-addr")
    if others:
        click.echo(f"Building {len(others)} other release(s):", err=True)
    click.echo(f"Serving {release.title} at http://{host}:{port}/{release.version}/ (live reload)", err=True)
    run_server(config_file, catalog, release, host=host, port=int(port), others=others,
               strict=strict, progress=_progress)


@cli.command()
@config_option
@release_option
@click.option("--stale", "stale_age", metavar="AGE",
              help="Instead: list pages whose last review is older than AGE (180d, 26w, 6m, 1y).")
@authoring_errors
def check(config_file: Path, release_names: tuple[str, ...], stale_age: str | None) -> None:
    """Validate the catalog and every page of every release; print path:line: message."""
    if stale_age is not None:  # content ownership (issue 6): see stale.py
        from .stale import report_stale

        sys.exit(report_stale(config_file, stale_age))
    from .check import check_releases

    catalog = load_portal_catalog(config_file, check_refs=False)
    releases = _selected(catalog, release_names)
    check_sources(config_file, releases)
    findings = check_releases(config_file, releases)
    everywhere = len(releases)
    for finding in findings:
        where = "" if len(finding.releases) == everywhere else f" [{', '.join(finding.releases)}]"
        click.echo(f"{finding}{where}")
    if findings:
        # The problems are in pages, catalogs and course files: what was checked is the portal.
        click.echo(
            f"{len(findings)} problem(s) found in {len(releases)} release(s) of {config_file}.",
            err=True,
        )
        sys.exit(1)
    click.echo(f"No problems in {len(releases)} release(s).", err=True)
