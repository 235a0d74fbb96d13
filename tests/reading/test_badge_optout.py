"""`badges: false` in front matter keeps overview pages free of release badges."""

from __future__ import annotations

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
  - supportal/releases
  - supportal/reading
"""
PAGE = "/// versions | >=2.0\nNew things.\n///\n"


def test_badges_false_removes_page_and_block_badges(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "plain.md": "# Plain\n\n" + PAGE,
        "overview.md": "---\nbadges: false\n---\n# Overview\n\n" + PAGE,
    }, config=CONFIG)
    result = build_portal(config, "2.0", strict=True)
    assert result.ok, result.messages()
    # 1.0 lacks the block, so in 2.0 the block is new and the page changed
    plain = result.page("plain/")
    assert '<span class="supportal-badge supportal-badge--new">New in 2.0</span>' in plain
    assert '<span class="supportal-badge supportal-badge--changed">Changed in 2.0</span>' in plain
    overview = result.page("overview/")
    assert "New things." in overview
    assert "supportal-badge" not in overview


def test_badges_must_be_a_boolean(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "overview.md": "---\ntitle: O\nbadges: off-ish\n---\n# Overview\n\n" + PAGE,
    }, config=CONFIG)
    message = "docs/overview.md:3: 'badges' must be true or false, not 'off-ish'"
    assert build_portal(config, "2.0").warnings == [message]
    strict = build_portal(config, "2.0", strict=True)
    assert not strict.ok and strict.warnings == [message]
