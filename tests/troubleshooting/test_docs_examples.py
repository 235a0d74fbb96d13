"""The two example trees of docs/pages/troubleshooting.md build cleanly in a portal like the
sample: copied into a portal, they failed (unknown nodes, unreachable nodes), and nothing kept
the guide and the plugin in step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from supportal.core.versions import VersionRange
from supportal.releases.model import load_catalog

from ..harness import PORTAL_HEAD, REPO, build_portal, make_portal

GUIDE = REPO / "docs/pages/troubleshooting.md"

# The portal: the sample's releases.yml, support.yml and known_issues.yml (the data the guide
# says the examples refer to), the plugins the examples need, and the manual page they link to.
CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
  - supportal/reading
  - supportal/troubleshooting
markdown_extensions:
  - admonition
  - attr_list
  - pymdownx.superfences
"""

# The manual page the Markdown example links to (the guide says so above it).
AGENTS_MANUAL = """\
# Agents

## Check that an agent is running

## Firewall ports
"""


def fences(language: str, ticks: int) -> list[str]:
    """The bodies of the guide's fences opened with exactly `ticks` backticks and `language`."""
    pattern = re.compile(
        rf"^`{{{ticks}}}{language}\n(.*?)^`{{{ticks}}}$", re.MULTILINE | re.DOTALL
    )
    return pattern.findall(GUIDE.read_text(encoding="utf-8"))


def examples() -> dict[str, str]:
    """The Markdown example (the one four-backtick fence) and the YAML tree example."""
    (markdown,) = fences("markdown", 4)
    (yaml,) = [text for text in fences("yaml", 3) if text.startswith("tree:")]
    return {
        "troubleshooting/agent-offline.md": markdown,
        "troubleshooting/console-sign-in.tree.yml": yaml,
    }


CATALOG = load_catalog(REPO / "releases.yml", "releases.yml")


@pytest.mark.parametrize("release", [r.version for r in CATALOG.releases])
def test_the_guide_examples_build_cleanly(tmp_path: Path, release: str) -> None:
    pages = {**examples(), "manuals/agents.md": AGENTS_MANUAL, "index.md": "# Home\n"}
    config = make_portal(
        tmp_path,
        pages,
        config=CONFIG,
        catalog=(REPO / "releases.yml").read_text(encoding="utf-8"),
        extra_files={
            name: (REPO / name).read_text(encoding="utf-8")
            for name in ("support.yml", "known_issues.yml")
        },
    )
    result = build_portal(config, release, strict=True)
    assert result.messages() == []
    assert result.ok
    # Each example is in the releases its `versions:` takes in (else a clean build proves little).
    built = {
        tree: (tmp_path / "site/troubleshooting" / tree / "index.html").is_file()
        for tree in ("agent-offline", "console-sign-in")
    }
    assert built == {
        "agent-offline": release in VersionRange.parse(">=2.0"),
        "console-sign-in": release in VersionRange.parse(">=2.0,<2.4"),
    }
    for tree in (t for t, there in built.items() if there):
        assert f'data-supportal-tree="{tree}"' in result.page(f"troubleshooting/{tree}/")
