"""Fixtures of the git-source tests: a portal in a temporary git repository."""

from __future__ import annotations

from pathlib import Path

import pytest

from .gitportal import make_git_portal


@pytest.fixture
def git_portal(tmp_path: Path) -> Path:
    """mkdocs.yml of a portal whose catalog builds 1.0, 1.1 and 2.0 from tags, 3.0 from the
    working tree."""
    return make_git_portal(tmp_path / "portal")


@pytest.fixture
def git_portal_free_site(tmp_path: Path) -> Path:
    """A small working-tree portal built with `build_releases` (the `supportal build` path)."""
    from supportal.cli.multibuild import build_releases
    from supportal.releases.model import load_catalog

    from ..harness import make_portal

    config = make_portal(tmp_path / "plain", {"index.md": "# Home\n", "a/b.md": "# B\n"})
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    site = tmp_path / "site"
    build_releases(config, catalog, catalog.releases, site)
    return site
