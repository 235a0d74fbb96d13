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
