"""The index lives where no author page can: a page `search.md` has the URL `search/`."""

from __future__ import annotations

import json
from pathlib import Path

from ..harness import build_portal, make_portal

CONFIG = """\
site_name: T
site_url: https://docs.example.com/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - supportal/search
  - supportal/releases
"""


def test_a_page_named_search_keeps_its_url(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "search.md": "# Searching the portal\n\nType in the box at the top.\n",
    }, config=CONFIG)
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    assert "Searching the portal" in result.page("search/")
    head = json.loads((result.site_dir / "_supportal/search/head.json").read_text())
    assert head["pages"] == 2
    box = result.page("search/")
    assert 'data-supportal-search="_supportal/search/" data-release-root="../"' in box
