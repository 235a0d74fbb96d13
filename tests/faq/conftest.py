"""Small FAQ portals built through the real pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..harness import PORTAL_HEAD, BuildResult, build_portal, make_portal

FAQ_CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
  - supportal/faq:
      categories:
        install: Installation
        backup: Backups
nav:
  - Home: index.md
  - FAQ:
      - faq/index.md
"""

MANUAL = """\
---
title: Backups
---
# Backups

## Schedules

Jobs run at 22:00. See [restore](restore.md) and [retention](#retention).

## Retention

Restore points are kept for 30 days.

/// versions | >=2.0
Compaction reclaims space every night.
///

/// versions | <2.0
Run `kvctl repo compact` on {{ release.title }}.
///

## Storage
Disks only.
"""


def build_faq(
    tmp_path: Path,
    pages: Mapping[str, str],
    *,
    config: str = FAQ_CONFIG,
    release: str | None = None,
    strict: bool = False,
) -> BuildResult:
    base = {
        "index.md": "# Home\n",
        "manuals/backups.md": MANUAL,
        "manuals/restore.md": "# Restore\n",
    }
    config_file = make_portal(tmp_path, {**base, **pages}, config=config)
    return build_portal(config_file, release, strict=strict)
