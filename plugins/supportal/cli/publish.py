"""`supportal publish|rollback|history|prune|list`: releases into a live site, from CI.

Layering (as mike's): these commands parse options, build with MkDocs and print; what changes
the target lives in `supportal.publish` (plain Python). The error boundary is
`publish_errors` (cli/errors.py): a bad target, release or alias is a message and exit status 1.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import click
from click.core import ParameterSource

from ..core.problems import expected
from ..publish.aliases import check_aliases, site_catalog
from ..publish.commands import (
    prune_site,
    publish_release,
    release_history,
    rollback_release,
    site_listing,
)
from ..publish.git import BranchSite, GitTarget
from ..publish.owners import remove_owned
from ..publish.retention import policy_of
from ..publish.site import PublishedSite, PublishError
from ..releases.model import Release, ReleaseCatalog
from ..releases.site import write_site_index
from ..sources.git import GitRepo
from ..sources.overlay import ConfigReadError
from ..sources.prepare import default_cache_dir
from ..sources.refs import git_ref
from .errors import error_boundary
from .host import check_sources, configured_site_dir, load_portal_catalog
from .multibuild import build_releases

# Test hook: the publish kills itself (SIGKILL, no cleanup) when it reaches this step, so the
# tests can prove a publish killed at any step leaves the previous site intact.
KILL_AT_ENV = "SUPPORTAL_PUBLISH_KILL_AT"

config_option = click.option(
    "-f",
    "--config-file",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("mkdocs.yml"),
    show_default=True,
    help="The portal's mkdocs.yml.",
)
target_option = click.option(
    "-t",
    "--to",
    "target",
    required=True,
    metavar="DIR|git:BRANCH",
    envvar="SUPPORTAL_PUBLISH_TO",
    help="The published site: a folder, or a branch of the portal's git repository "
    "(env SUPPORTAL_PUBLISH_TO).",
)
push_option = click.option("--push", is_flag=True, help="git target: push the branch afterwards.")
remote_option = click.option(
    "--remote",
    default="origin",
    show_default=True,
    help="git target: the remote to compare with and push to.",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


# A refused publish (bad target, dirty branch, ...) is a message, like an authoring error.
publish_errors = error_boundary(PublishError)


def _kill_hook() -> Callable[[str], None] | None:
    wanted = os.environ.get(KILL_AT_ENV)
    if not wanted:
        return None

    def hook(step: str) -> None:
        if step == wanted:
            os.kill(os.getpid(), signal.SIGKILL)

    return hook


@dataclass
class Target:
    """An opened target: the site to change, and for a git target how to commit it."""

    site: PublishedSite
    git: GitTarget | None = None
    base: str | None = None

    def index_writer(self, tree: Path, catalog: ReleaseCatalog) -> None:
        """The site index; on a git branch also `.nojekyll`, so GitHub Pages serves the files
        as they are (Jekyll would hide `_`-prefixed folders)."""
        write_site_index(tree, catalog)
        if self.git is not None:
            (tree / ".nojekyll").touch()


@contextmanager
def open_target(
    spec: str,
    config_file: Path,
    remote: str,
    *,
    create: bool = False,
    commit: bool = False,
    push: bool = False,
) -> Iterator[Target]:
    """A folder target as is; a git branch checked out into a temporary folder, locked.

    `create`: a missing branch is started (publish), not refused; `commit`, `push`: the
    command will commit (and push), so git must be able to, checked before any work."""
    if not spec.strip():
        # `--to "$PAGES_DIR"` with the variable unset would otherwise mean the current folder.
        raise PublishError("--to is empty (an unset CI variable?); name a folder or git:BRANCH")
    hook = _kill_hook()
    if not spec.startswith("git:"):
        site = PublishedSite(Path(spec), on_step=hook)
        yield Target(site)
        return
    repo = config_file.resolve().parent
    git = GitTarget(repo, spec[len("git:") :], remote=remote)
    with git.locked(), git.checkout(create=create) as (tree, base):
        if commit:
            git.check_can_commit(push=push)
        for note in git.notes:
            click.echo(note, err=True)
        yield Target(BranchSite(tree, git, on_step=hook), git, base)


def _finish(target: Target, message: str, push: bool, done: str) -> None:
    """Commit (and push) a git target, then print `done`: never before the change is made."""
    if target.git is None:
        click.echo(done, err=True)
        return
    sha = target.git.commit(target.site.root, target.base, message)
    if sha is None:
        click.echo(f"{target.git}: nothing changed, no commit.", err=True)
    else:
        click.echo(f'{target.git}: committed {sha[:12]} "{message}".', err=True)
    if push:
        target.git.push()
        click.echo(f"{target.git}: pushed to {target.git.remote}.", err=True)
    click.echo(done, err=True)


def _release(catalog: ReleaseCatalog, name: str) -> Release:
    release = catalog.get(name)
    if release is None:
        choices = catalog.versions + [a for r in catalog.releases for a in r.aliases]
        raise PublishError(f"release '{name}' is not in {catalog.path}. {expected(name, choices)}")
    return release


def _version(catalog: ReleaseCatalog | None, name: str, site: PublishedSite) -> str:
    # An alias as the site gives it: `publish --alias latest` may have moved it off the catalog's.
    state = site.read_state()
    if catalog is None:
        return state.aliases.get(name, name)
    release = site_catalog(catalog, state).get(name)
    return release.version if release else name


def _portal_catalog(
    config_file: Path, command: str, *, optional: bool = False
) -> ReleaseCatalog | None:
    """The portal's catalog, or None when `optional` and no -f was given and there is no
    mkdocs.yml here: `list` and `history` can show what the site records without it."""
    if not config_file.is_file():
        given = click.get_current_context().get_parameter_source("config_file")
        if optional and given is ParameterSource.DEFAULT:
            return None
        # MkDocs' own "Config file 'mkdocs.yml' does not exist." says nothing of -f.
        raise PublishError(
            f"no {config_file}: supportal {command} needs the portal's mkdocs.yml and its "
            "releases.yml; run it in the portal folder or give -f PATH/mkdocs.yml"
        )
    return load_portal_catalog(config_file, check_refs=False)


def _built_from(config_file: Path, release: Release, target: str) -> tuple[str | None, bool]:
    """The commit the release is built from and whether the build may differ from it.

    A `source: git:REF` release is built from the ref's commit, whatever HEAD is. A working-tree
    release is HEAD plus whatever is not committed in the portal folder (checked before the
    build, which may itself write trees.lock.yml); ignored files do not count, nor what builds
    and publishes write there (`_outputs`), ignored or not.
    """
    repo = GitRepo.discover(config_file.resolve().parent)
    if repo is None:
        return None, False
    ref = git_ref(release)
    if ref is not None:
        return repo.resolve(ref), False
    head = repo.resolve("HEAD")
    if head is None:  # a repository with no commit yet
        return None, False
    portal = config_file.resolve().parent
    excludes = [f":(exclude,literal){path}" for path in _outputs(config_file, target)]
    changed = subprocess.run(
        ["git", "-C", str(portal), "status", "--porcelain", "--", ".", *excludes],
        capture_output=True,
        text=True,
        check=False,
    )
    return head, changed.returncode != 0 or bool(changed.stdout.strip())


def _outputs(config_file: Path, target: str) -> list[str]:
    """What Supportal writes inside the portal folder, relative to it: the build cache, the
    default site folders and a `--to` folder there. The folders the build cache leaves out of
    the working tree's digest, for the same reason: they are not what a build is made from,
    and counting them made the second publish from a clean checkout `dirty`."""
    portal = config_file.resolve().parent
    written = [default_cache_dir(config_file), portal / "site", Path("site").resolve()]
    try:
        written.append(configured_site_dir(config_file).resolve())  # `site_dir: public`
    except ConfigReadError:
        pass  # the build reports the broken config
    if not target.startswith("git:") and target.strip():
        written.append(Path(target).resolve())
    inside = []
    for path in written:
        if path != portal and path.is_relative_to(portal):
            inside.append(path.relative_to(portal).as_posix())
    return sorted(set(inside))


@click.command()
@config_option
@click.option(
    "-r",
    "--release",
    "release_name",
    required=True,
    metavar="VERSION",
    help="The release to build and publish (a version or alias of the catalog).",
)
@target_option
@click.option(
    "-a",
    "--alias",
    "aliases",
    multiple=True,
    metavar="NAME",
    help="Move this alias to the release (repeat for several); the site remembers it.",
)
@click.option(
    "--reset-aliases",
    is_flag=True,
    help="Forget every alias moved by earlier --alias: back to the catalog's aliases.",
)
@click.option("-s", "--strict", is_flag=True, help="Fail on warnings too.")
@click.option("-m", "--message", help="git target: the commit message.")
@push_option
@remote_option
@publish_errors
def publish(
    config_file: Path,
    release_name: str,
    target: str,
    aliases: tuple[str, ...],
    reset_aliases: bool,
    strict: bool,
    message: str | None,
    push: bool,
    remote: str,
) -> None:
    """Build one release and merge it into the published site at --to, atomically."""
    # Only the built release's ref matters (checked below): a shallow CI clone lacks the others.
    catalog = _portal_catalog(config_file, "publish")
    assert catalog is not None
    policy = policy_of(catalog)
    release = _release(catalog, release_name)
    check_sources(config_file, [release])
    commit, dirty = _built_from(config_file, release, target)
    with open_target(target, config_file, remote, create=True, commit=True, push=push) as opened:
        site = opened.site
        site.check_target()
        check_aliases(aliases, catalog, site.read_state())
        try:
            site.meta.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # --to under a file, in a read-only place...
            raise PublishError(
                f"cannot create {site.shown(site.meta)}: {exc.strerror or exc}"
            ) from None
        staging = site.workspace()
        try:
            click.echo(f"Building {release.title} into {target} ...", err=True)
            # Absolute: MkDocs would resolve a relative site_dir from mkdocs.yml's folder.
            build_releases(config_file, catalog, [release], staging.resolve(), strict=strict)
            if site.on_step:
                site.on_step("built")
            done = publish_release(
                site,
                release,
                staging / release.version,
                catalog,
                policy,
                aliases=aliases,
                reset_aliases=reset_aliases,
                commit=commit,
                dirty=dirty,
                keep_history=opened.git is None,
                index_writer=opened.index_writer,
            )
        finally:
            remove_owned(staging)
        changed = ", ".join(done.swapped) or "nothing"
        if done.unchanged:
            said = (
                f"{release.version} is unchanged: build {done.release.build.build} stays "
                f"live; changed: {changed}."
            )
        else:
            replaced = f", replacing build {done.replaced.build}" if done.replaced else ""
            said = (
                f"Published {release.version} as build {done.release.build.build}"
                f"{replaced}; changed: {changed}."
            )
        said = "\n".join([said, *done.notes])
        _finish(opened, message or f"Publish {release.version} ({release.title})", push, said)


@click.command()
@config_option
@click.argument("version")
@target_option
@click.option(
    "-b",
    "--build",
    "build_id",
    metavar="ID",
    help="The kept build to restore (see `supportal history`). "
    "Default: the newest one older than the live build.",
)
@push_option
@remote_option
@publish_errors
def rollback(
    config_file: Path, version: str, target: str, build_id: str | None, push: bool, remote: str
) -> None:
    """Put an earlier build of VERSION back live, byte for byte."""
    catalog = _portal_catalog(config_file, "rollback")  # for the site index it rewrites
    assert catalog is not None
    with open_target(target, config_file, remote, commit=True, push=push) as opened:
        site = opened.site
        version = _version(catalog, version, site)
        staged = None
        if opened.git is not None:
            staged = opened.git.stage_rollback(site, version, build_id)
            build_id = staged.build
        done = rollback_release(
            site, version, catalog, build=build_id, index_writer=opened.index_writer
        )
        build = done.release.build
        if done.unchanged:
            click.echo(
                f"Build {build.build} of {version} is already live; nothing changed.", err=True
            )
            return
        assert done.replaced is not None
        if staged is None:
            kept = "is kept"
        else:
            # A git target keeps no builds: the replaced one lives on in the branch's commits.
            where = staged.replaced
            kept = f"stays in the history of {opened.git}" + (
                f" (commit {where.sha[:12]})" if where else ""
            )
        said = (
            f"Rolled {version} back to build {build.build} (published {build.published}); "
            f"the build it replaced, {done.replaced.build}, {kept}."
        )
        _finish(opened, f"Roll back {version} to {build.build}", push, said)


@click.command()
@config_option
@click.argument("version")
@target_option
@remote_option
@json_option
@publish_errors
def history(config_file: Path, version: str, target: str, remote: str, as_json: bool) -> None:
    """List the live build of VERSION and the earlier builds kept for rollback."""
    catalog = _portal_catalog(config_file, "history", optional=True)
    with open_target(target, config_file, remote) as opened:
        version = _version(catalog, version, opened.site)
        if opened.git is not None:
            # Builds, as list and rollback name them; `branch_commit` is the commit that
            # first made each live (what `rollback -b` also takes).
            found = opened.git.history(opened.site, version)
            current = found.current
            rows = [
                {
                    **found.live.to_json(),
                    "live": True,
                    "branch_commit": current.commit.sha if current else None,
                }
            ]
            rows += [
                {**b.record.to_json(), "live": False, "branch_commit": b.commit.sha}
                for b in found.builds
                if b is not current
            ]
        else:
            live, kept = release_history(opened.site, version)
            rows = [{**r.to_json(), "live": r is live} for r in [live, *kept]]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        mark = "live" if row["live"] else "kept"
        where = f"  (commit {row['branch_commit'][:12]})" if row.get("branch_commit") else ""
        click.echo(f"{mark}  {row['build']:<24} {row['published']:<25} {row['title']}{where}")


@click.command()
@config_option
@target_option
@click.option("-n", "--dry-run", is_flag=True, help="Only print what would be deleted.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Apply date rules as on this day (preview a future prune). Default: today.",
)
@json_option
@push_option
@remote_option
@publish_errors
def prune(
    config_file: Path,
    target: str,
    dry_run: bool,
    today: dt.datetime | None,
    as_json: bool,
    push: bool,
    remote: str,
) -> None:
    """Delete releases and kept builds the retention policy of releases.yml drops."""
    catalog = _portal_catalog(config_file, "prune")
    assert catalog is not None
    policy = policy_of(catalog)
    day = today.date() if today else dt.date.today()
    with open_target(target, config_file, remote, commit=not dry_run, push=push) as opened:
        plan = prune_site(
            opened.site,
            catalog,
            policy,
            today=day,
            dry_run=dry_run,
            index_writer=opened.index_writer,
        )
        if as_json:
            click.echo(json.dumps({"dry_run": dry_run, **plan.to_json()}, indent=2))
        else:
            for line in plan.lines():
                click.echo(line)
        deleted = sorted(plan.deleted_versions)
        verb = "Would delete" if dry_run else "Deleted"
        said = (
            f"{verb} {len(deleted)} release(s){': ' + ', '.join(deleted) if deleted else ''}"
            f" and {len(plan.builds)} kept build(s)."
        )
        if not dry_run and deleted:
            _finish(opened, f"Prune {', '.join(deleted)}", push, said)
        else:
            click.echo(said, err=True)


@click.command(name="list")
@config_option
@target_option
@remote_option
@json_option
@publish_errors
def list_releases(config_file: Path, target: str, remote: str, as_json: bool) -> None:
    """Print the published releases with their aliases, status and builds."""
    catalog = _portal_catalog(config_file, "list", optional=True)
    with open_target(target, config_file, remote) as opened:
        rows = site_listing(opened.site, catalog)
    if catalog is None:
        click.echo(
            f"No {config_file} here: the releases as the site records them; whether each is the "
            "default or in the catalog is unknown (run in the portal folder or give -f "
            "PATH/mkdocs.yml).",
            err=True,
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        flags = ["default"] if row["default"] else []
        flags += ["not in catalog"] if row["in_catalog"] is False else []
        aliases = f" [{', '.join(row['aliases'])}]" if row["aliases"] else ""
        extra = f" ({', '.join(flags)})" if flags else ""
        click.echo(
            f"{row['version']:<8} {row['title']}{aliases} {row['status']}{extra}  "
            f"build {row['build']}, {row['kept_builds']} kept"
        )


COMMANDS = (publish, rollback, history, prune, list_releases)
