"""A generated 1,000-page single-source portal with 5 releases (ranges and inline blocks)."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

SECTIONS = ["Install", "Configure", "Agents", "Backups", "Restore", "Replication", "Security",
            "Monitoring", "CLI", "Reference"]
RELEASES = ["3.0", "2.5", "2.0", "1.5", "1.0"]

CATALOG = """\
releases:
  - {version: "3.0", title: Product 3.0, date: 2026-09-01, status: preview}
  - {version: "2.5", title: Product 2.5, date: 2026-03-01, status: supported, default: true,
     aliases: [latest]}
  - {version: "2.0", title: Product 2.0, date: 2025-03-01, status: lts}
  - {version: "1.5", title: Product 1.5, date: 2024-09-01, status: supported}
  - {version: "1.0", title: Product 1.0, date: 2024-01-01, status: eol, end_of_support: 2025-12-31}
"""

CONFIG = """\
site_name: Generated portal
site_url: https://docs.example.com/
docs_dir: docs
theme:
  name: material
  font: false
  features:
{features}
plugins:
  - search
{plugins}
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.highlight
  - pymdownx.superfences
"""

FEATURES = ["navigation.tabs", "navigation.sections", "navigation.indexes", "navigation.top"]


def page(rng: random.Random, title: str, number: int) -> tuple[str, str]:
    """(front matter, body) of one page: headings, lists, a table, code, an admonition."""
    words = ("backup restore agent catalog schedule retention storage volume snapshot job "
             "policy encryption key server replica network port certificate upgrade").split()

    def sentence() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(8, 16))).capitalize() + "."

    parts = [f"# {title}\n", " ".join(sentence() for _ in range(4)) + "\n"]
    for h in range(3):
        parts.append(f"## {rng.choice(words).capitalize()} {h + 1}\n")
        parts.append(" ".join(sentence() for _ in range(5)) + "\n")
        parts.append("\n".join(f"- {sentence()}" for _ in range(4)) + "\n")
    parts.append("| Option | Default | Meaning |\n|---|---|---|\n" + "\n".join(
        f"| `{rng.choice(words)}_{i}` | {i * 10} | {sentence()} |" for i in range(5)) + "\n")
    parts.append("```bash\nkvctl " + " ".join(rng.choice(words) for _ in range(4)) + " --all\n```\n")
    parts.append(f'!!! note\n\n    {sentence()}\n')
    front = ""
    if number % 10 == 3:
        front = '---\nversions: ">=2.0"\n---\n'
    elif number % 10 == 7:
        front = '---\nversions: "<3.0"\n---\n'
    if number % 5 == 1:
        parts.append(f"/// versions | >=2.5\n{sentence()}\n///\n")
    return front, "\n".join(parts)


def generate(root: Path, *, supportal: bool, prune: bool = False, features=FEATURES) -> Path:
    """Write the portal into `root`; returns its mkdocs.yml. Same pages either way; without
    `supportal`, the plain Material baseline (blocks then stay as text, ranges are ignored)."""
    shutil.rmtree(root, ignore_errors=True)
    docs = root / "docs"
    rng = random.Random(9)
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Generated portal\n\nHome.\n")
    number = 0
    for s, section in enumerate(SECTIONS):
        folder = docs / f"s{s:02d}"
        folder.mkdir()
        (folder / "index.md").write_text(f"# {section}\n\nOverview of {section}.\n")
        for sub in range(10):
            subfolder = folder / f"t{sub:02d}"
            subfolder.mkdir()
            for p in range(10 if sub else 9):
                front, body = page(rng, f"{section} topic {sub}.{p}", number)
                (subfolder / f"p{p:02d}.md").write_text(front + body)
                number += 1
    features = list(features) + (["navigation.prune"] if prune else [])
    config = CONFIG.format(
        features="\n".join(f"    - {f}" for f in features),
        plugins="  - supportal/releases" if supportal else "",
    )
    (root / "mkdocs.yml").write_text(config)
    if supportal:
        (root / "releases.yml").write_text(CATALOG)
    return root / "mkdocs.yml"
