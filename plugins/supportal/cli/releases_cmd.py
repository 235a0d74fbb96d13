"""`supportal releases ...`: manage the release catalog from git (issue 9)."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.problems import Problem, SupportalError
from ..releases.syncrule import SYNC_STATUSES, status_problem, title_problem
from ..sources.git import FETCH_EVERYTHING, GitRepo
from ..sources.tags import plan_sync, write_catalog
from .errors import authoring_errors
from .host import catalog_location
from .main import config_option


@click.group()
def releases() -> None:
    """Manage the release catalog (releases.yml)."""


def _check_title(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value is not None and (problem := title_problem(value)) is not None:
        raise click.BadParameter(problem)
    return value


def _check_status(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    # Not a click.Choice: `eol` would be refused without the reason (it needs a date).
    if value is not None and (problem := status_problem(value)) is not None:
        raise click.BadParameter(problem)
    return value


@releases.command()
@config_option
@click.option("--tags", "pattern", metavar="PATTERN",
              help="Tags to add, as a shell pattern such as 'v*' (quote it). "
                   "Default: 'tags' of the catalog's 'sync:' rule.")
@click.option("--status", metavar="[" + "|".join(SYNC_STATUSES) + "]", default=None,
              callback=_check_status,
              help="Lifecycle status of the releases added (an 'eol' release needs an "
                   "end_of_support date: add it by hand). "
                   "Default: the 'sync:' rule's, else supported.")
@click.option("--title", default=None, callback=_check_title,
              help="Title of the releases added; {version} and {tag} are replaced. "
                   "Default: the 'sync:' rule's, else {version}.")
@click.option("-n", "--dry-run", is_flag=True, help="Show the change; write nothing.")
@authoring_errors
def sync(
    config_file: Path, pattern: str | None, status: str | None, title: str | None, dry_run: bool
) -> None:
    """Add a catalog entry (`source: git:TAG`) for each tag matching PATTERN, or the tags of
    the catalog's `sync:` rule when --tags is not given.

    The version comes from the tag name (v3.4.0 → 3.4.0) and the date from the tagged commit.
    Existing entries, and their lifecycle data, are left as they are. Options given override
    the rule's.
    """
    catalog_file, display = catalog_location(config_file)
    repo = GitRepo.discover(config_file.resolve().parent)
    if repo is None:
        raise SupportalError(
            [Problem(display, None, "the portal folder is not in a git repository")]
        )
    if repo.is_shallow():
        # Tags it lacks would go unseen: a CI job would quietly add nothing.
        raise click.ClickException(f"this is a shallow clone, so sync cannot see every tag: "
                                   f"{FETCH_EVERYTHING}")
    plan = plan_sync(
        catalog_file, display, repo, pattern, status=status, title=title,
        config_name=config_file.name,
    )
    if plan.unmatched:
        click.echo(plan.unmatched, err=True)
    for tag, why in plan.kept:
        click.echo(f"  kept     {tag}: {why}", err=True)
    for tag, why in plan.skipped:
        click.echo(f"  skip     {tag}: {why}", err=True)
    for added in plan.added:
        why = f", {added.status}: a pre-release" if added.prerelease else ""
        click.echo(
            f"  add      {added.tag.name} -> release {added.version} ({added.tag.date}){why}",
            err=True,
        )
    if not plan.added:
        click.echo(f"No new release: {display} is unchanged.", err=True)
        return
    if dry_run:
        click.echo(plan.diff(display), nl=False)
        click.echo(f"Dry run: {len(plan.added)} release(s) would be added to {display}.", err=True)
        return
    write_catalog(catalog_file, plan.after)
    click.echo(f"Added {len(plan.added)} release(s) to {display}.", err=True)
