"""Fixtures of the publishing tests: a tiny portal, the CLI as CI runs it, tree fingerprints."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from ..harness import make_portal

SUPPORTAL = [sys.executable, "-m", "supportal.cli"]

CATALOG = """\
releases:
  - version: "3.0"
    title: Product 3.0 preview
    date: 2026-01-10
    status: preview
    aliases: [next]
  - version: "2.1"
    title: Product 2.1
    date: 2025-06-10
    status: supported
    default: true
    aliases: [latest]
  - version: "2.0"
    title: Product 2.0
    date: 2025-01-10
    status: lts
  - version: "1.0"
    title: Product 1.0
    date: 2023-01-10
    status: eol
    end_of_support: 2024-12-31
"""

PAGES = {
    "index.md": "# Home\n\nThe documentation of {{ release.title }}.\n",
    "guide.md": "# Guide\n\nInstall the product.\n",
}


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    """A four-release portal (3.0 preview, 2.1 default, 2.0 LTS, 1.0 EOL); returns its folder."""
    return make_portal(tmp_path / "portal", PAGES, catalog=CATALOG).parent


def run(
    portal: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`supportal ARGS` in a new process, in the portal's folder, as a CI job runs it.

    The build date is pinned (MkDocs writes it into every sitemap entry): a session that
    crosses midnight would otherwise make a rebuild differ from the same build published
    before, and tests of byte-identical republishing fail for no reason."""
    return subprocess.run(
        [*SUPPORTAL, *args],
        cwd=portal,
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "NO_COLOR": "1", "SOURCE_DATE_EPOCH": "1767225600", **(env or {})},
    )


@pytest.fixture
def invoke() -> Iterator[Any]:
    """`supportal ARGS` in this process (faster); `-f` must name the portal's mkdocs.yml."""

    from supportal.cli.main import cli  # here: a broken sibling command must not stop model tests

    def call(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)

    yield call
    # The CLI's log handler wrote to CliRunner's stream, closed now: let the next run add its own.
    logger = logging.getLogger("mkdocs")
    for handler in [h for h in logger.handlers if getattr(h, "name", "") == "supportal"]:
        logger.removeHandler(handler)


def fingerprint(root: Path) -> dict[str, str]:
    """Every served file (not `.supportal/`) by relative path → SHA-256 of its bytes."""
    out = {}
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if relative.parts[0] == ".supportal" or not path.is_file():
            continue
        out[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def versions_json(site: Path) -> list[dict[str, Any]]:
    return json.loads((site / "versions.json").read_text(encoding="utf-8"))


def assert_consistent(site: Path) -> None:
    """What readers need: every listed release and alias is complete, and the root redirect
    names a release that is there."""
    entries = versions_json(site)
    for entry in entries:
        assert (site / entry["version"] / "index.html").is_file(), entry
        assert (site / entry["version"] / "guide" / "index.html").is_file(), entry
        for alias in entry["aliases"]:
            assert (site / alias / "index.html").is_file(), alias
            assert (site / alias / "guide" / "index.html").is_file(), alias
    root = (site / "index.html").read_text(encoding="utf-8")
    assert any(f'url={e["version"]}/"' in root for e in entries), root


@dataclass(frozen=True)
class PublishedPortal:
    portal: Path
    site: Path


@pytest.fixture(scope="session")
def published(tmp_path_factory: pytest.TempPathFactory) -> PublishedPortal:
    """The test portal with 2.0, 2.1 and 3.0 published one after another into a folder, by the
    CLI in its own processes. Read-only: tests that change it work on `copy_of(published)`."""
    root = tmp_path_factory.mktemp("published")
    portal = make_portal(root / "portal", PAGES, catalog=CATALOG).parent
    site = root / "site"
    for version in ("2.0", "2.1", "3.0"):
        result = run(portal, "publish", "--release", version, "--to", str(site), "--strict")
        assert result.returncode == 0, result.stderr
    return PublishedPortal(portal, site)


def copy_of(published: PublishedPortal, tmp_path: Path) -> PublishedPortal:
    """A private copy of the published portal and site (`cp -a` keeps the hard links)."""
    subprocess.run(["cp", "-a", str(published.portal), str(tmp_path / "portal")], check=True)
    subprocess.run(["cp", "-a", str(published.site), str(tmp_path / "site")], check=True)
    return PublishedPortal(tmp_path / "portal", tmp_path / "site")
