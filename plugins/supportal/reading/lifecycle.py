"""Which lifecycle banner a release shows, from the catalog (the build-time fallback).

Plain Python, no MkDocs. The same rules run in `assets/reading.js` on the runtime manifest, so
a release built long ago shows today's lifecycle; keep both in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..releases.model import Release, ReleaseCatalog


@dataclass(frozen=True)
class Banner:
    kind: str
    """`eol`, `preview` or `older`."""
    text: str
    link_label: str


def banner_for(catalog: ReleaseCatalog, release: Release) -> Banner | None:
    """The banner readers of `release` see, or None for the default and newer supported ones."""
    default = catalog.default
    if release.status == "eol":
        when = f" on {release.end_of_support.isoformat()}" if release.end_of_support else ""
        return Banner(
            "eol",
            f"{release.title} reached end of life{when}: "
            "it gets no more fixes or security updates.",
            f"Go to {default.title}",
        )
    if release.status == "preview":
        return Banner(
            "preview",
            f"Preview: {release.title} is not released yet and this documentation may change.",
            f"Go to {default.title}",
        )
    if release.parsed < default.parsed:
        return Banner(
            "older",
            f"You are reading the documentation of an older release, {release.title}.",
            f"Go to the latest release, {default.title}",
        )
    return None
