"""Small support-hub portals built through the real pipeline."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from ..harness import PORTAL_HEAD, BuildResult, build_portal, dedent, make_portal

SUPPORT_CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
  - supportal/support:
      advisories:
        file: advisories.yml
nav:
  - Home: index.md
  - Guide: guide.md
  - Support:
      - support/index.md
"""

SUPPORT_YML = """\
product: Acme Server
hours:
  office:
    timezone: Europe/Berlin
    days: mon-fri
    open: "09:00"
    close: "17:00"
    closed: [2026-12-25]
  always:
    timezone: UTC
    days: mon-sun
    open: "00:00"
    close: "24:00"
tickets:
  github:
    system: github
    url: "https://github.com/acme/server/issues/new?title={title}&body={body}&labels=docs"
    label: Open an issue
  mail:
    system: mailto
    url: "mailto:help@acme.example?subject={title}&body={body}"
    label: Email support
tiers:
  1:
    name: Help desk
    description: Questions about installing and using Acme.
    ticket: github
    channels:
      - email: help@acme.example
        hours: office
      - portal: https://support.acme.example/
  2:
    name: Engineers
    ticket: mail
    channels:
      - phone: "+49 30 1234 5678"
        hours: office
        label: Hotline
      - email: oncall@acme.example
        hours: always
"""

ADVISORIES = """\
advisories:
  - id: ACME-2025-01
    title: Tokens never expire
    severity: high
    affected: "<2.0"
    fixed_in: "2.0"
    cves: [CVE-2025-10001]
    published: 2025-02-01
    summary: Old tokens keep working.
"""


def build_support(
    tmp_path: Path,
    pages: Mapping[str, str] | None = None,
    *,
    config: str = SUPPORT_CONFIG,
    support: str | None = SUPPORT_YML,
    advisories: str | None = ADVISORIES,
    release: str | None = None,
    strict: bool = False,
) -> BuildResult:
    base = {
        "index.md": "# Home\n",
        "guide.md": "---\ntitle: User guide\n---\n# User guide\n\nText.\n",
        "support/index.md": "# Support\n",
    }
    extra = {}
    if support is not None:
        extra["support.yml"] = support
    if advisories is not None:
        extra["advisories.yml"] = advisories
    config_file = make_portal(tmp_path, {**base, **(pages or {})}, config=config, extra_files=extra)
    return build_portal(config_file, release, strict=strict)


def with_options(options: str) -> str:
    """The test config with extra `supportal/support` options (YAML as written under it)."""
    block = "".join(f"      {line}\n" for line in dedent(options).splitlines())
    return SUPPORT_CONFIG.replace(
        "        file: advisories.yml\n", "        file: advisories.yml\n" + block
    )
