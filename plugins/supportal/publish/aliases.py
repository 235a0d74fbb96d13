"""Which releases and aliases the published site shows: the catalog, plus what the site keeps.

Rules (documented in docs/pages/publishing.md):

1. Every release of the catalog gets the catalog's aliases, as `supportal build` does.
2. `publish --alias NAME` moves NAME to the release being published (mike's
   `--update-aliases`) and the site records the move, so it survives later publishes of other
   releases; it wins over the catalog until another `--alias NAME` moves it again or
   `--reset-aliases` forgets every recorded move.
3. Releases still published but no longer in the catalog stay in `versions.json` with the
   title and status recorded when they were published, and no catalog alias; a catalog alias
   named like one of them is not written (the release keeps its folder).
4. A release published under the name of an alias moved there earlier (`--alias 2.4.1`, then
   release 2.4.1 added to the catalog) takes the name: the alias is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from packaging.version import Version

from ..core.problems import Problem, SupportalError, suggest
from ..releases.model import Release, ReleaseCatalog, alias_problem
from .state import SiteState


def check_aliases(names: Iterable[str], catalog: ReleaseCatalog, state: SiteState) -> None:
    """Refuse `--alias` names that are not valid alias folder names or that equal a version."""
    versions = set(catalog.versions) | set(state.versions)
    problems = []
    for name in names:
        if (problem := alias_problem(name)) is not None:
            problems.append(Problem("--alias", None, problem))
        elif name in versions or _same_version(name, versions):
            problems.append(
                Problem(
                    "--alias",
                    None,
                    f"'{name}' is a release version, not an alias name",
                )
            )
    if problems:
        raise SupportalError(problems)


def _same_version(name: str, versions: set[str]) -> bool:
    try:
        wanted = Version(name)
    except ValueError:
        return False
    return any(Version(v) == wanted for v in versions)


def record_aliases(state: SiteState, version: str, names: Iterable[str], reset: bool) -> SiteState:
    """The state after `publish VERSION --alias NAME...` (and `--reset-aliases`)."""
    overrides = {} if reset else dict(state.alias_overrides)
    # A release published under a name an earlier `--alias` gave another release takes the
    # name: kept, the alias would rewrite the release's folder as redirect pages.
    overrides.pop(version, None)
    for name in names:
        overrides[name] = version
    return replace(state, alias_overrides=overrides)


def site_catalog(catalog: ReleaseCatalog, state: SiteState) -> ReleaseCatalog:
    """The catalog the site index is written from: catalog and recorded releases, moved aliases."""
    releases: list[Release] = list(catalog.releases)
    known = set(catalog.versions)
    releases += [r.as_release() for r in state.releases if r.version not in known]
    moved = state.alias_overrides
    present = {r.version for r in releases}
    result = []
    for release in releases:
        # A catalog alias named like a release still published (one dropped from the catalog)
        # would replace that release's folder with redirects: the release keeps its folder.
        aliases = [a for a in release.aliases if a not in moved and a not in present]
        aliases += [
            a
            for a, v in moved.items()
            if v == release.version and v in present and a not in present
        ]
        result.append(replace(release, aliases=tuple(aliases)))
    result.sort(key=lambda r: r.parsed, reverse=True)
    # Everything else of the catalog (its validated policy, its sync rule) stays as loaded;
    # the name index is built anew for the new releases.
    return replace(catalog, releases=tuple(result), _by_name={})


def did_you_mean(name: str, catalog: ReleaseCatalog) -> str:
    choices = catalog.versions + [a for r in catalog.releases for a in r.aliases]
    return suggest(name, choices)
