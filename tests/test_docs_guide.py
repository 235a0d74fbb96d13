"""The authoring guide in docs/ is built with Supportal itself and must stay warning-free."""

from __future__ import annotations

from pathlib import Path

from supportal.cli.multibuild import build_releases
from supportal.releases.model import load_catalog

from .harness import REPO, capture_mkdocs_logs


def test_authoring_guide_builds_strictly(tmp_path: Path) -> None:
    catalog = load_catalog(REPO / "docs/releases.yml", "docs/releases.yml")
    with capture_mkdocs_logs() as records:
        build_releases(REPO / "docs/mkdocs.yml", catalog, catalog.releases, tmp_path, strict=True)
    assert [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")] == []
    guide = tmp_path / catalog.default.version
    for page in ("releases", "cli", "publishing", "troubleshooting", "courses", "search", "faq"):
        assert (guide / page / "index.html").is_file(), page
