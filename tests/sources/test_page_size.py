"""Large portals switch on Material's navigation.prune so pages do not embed the whole nav."""

from __future__ import annotations

from pathlib import Path

from supportal.cli.host import PRUNE_NAV_ABOVE, load_release_config

from ..harness import DEFAULT_CONFIG, build_portal, make_portal

MATERIAL_WITH_FEATURES = DEFAULT_CONFIG.replace(
    "  font: false\n", "  font: false\n  features:\n    - navigation.top\n"
)


def portal(tmp_path: Path, pages: int, config: str = MATERIAL_WITH_FEATURES) -> Path:
    files = {"index.md": "# Home\n"}
    files.update({f"s{i % 7}/p{i}.md": f"# Page {i}\n\nText {i}.\n" for i in range(pages)})
    return make_portal(tmp_path, files, config=config)


def test_large_portal_gets_navigation_prune(tmp_path: Path):
    config = load_release_config(portal(tmp_path, PRUNE_NAV_ABOVE + 1), None)
    assert "navigation.prune" in config.theme["features"]


def test_small_portal_keeps_its_features(tmp_path: Path):
    config = load_release_config(portal(tmp_path, 20), None)
    assert config.theme["features"] == ["navigation.top"]


def test_navigation_expand_is_respected(tmp_path: Path):
    expand = MATERIAL_WITH_FEATURES.replace("navigation.top", "navigation.expand")
    config = load_release_config(portal(tmp_path, PRUNE_NAV_ABOVE + 1, expand), None)
    assert config.theme["features"] == ["navigation.expand"]


def test_pruned_pages_still_link_every_section(tmp_path: Path):
    result = build_portal(portal(tmp_path, PRUNE_NAV_ABOVE + 1), strict=True)
    assert result.ok, result.messages()
    html = result.page("s3/p3/")
    # Its own section lists all its pages; every other section is one link to its first page.
    assert html.count('href="../p10/"') >= 1
    for section in range(7):
        assert f"s{section}/" in html
    assert len(html.encode()) < 40_000


def test_compact_navigation_keeps_content_and_visible_text():
    from supportal.cli.compact import compact_navigation

    html = (
        '<body>\n<nav class="md-nav md-nav--primary">\n  <ul>\n    <li>\n      <a href="a/">\n'
        '        A   page\n      </a>\n      <nav class="md-nav">\n        <ul>\n'
        '          <li><a href="b/">B</a></li>\n        </ul>\n      </nav>\n    </li>\n'
        '  </ul>\n</nav>\n<article>\n<pre><code>keep\n    this\n</code></pre>\n</article>\n'
        '<nav class="md-nav"><pre>\n  left alone\n</pre></nav>\n</body>'
    )
    assert compact_navigation(html) == (
        '<body>\n<nav class="md-nav md-nav--primary"> <ul> <li> <a href="a/"> A   page </a> '
        '<nav class="md-nav"> <ul> <li><a href="b/">B</a></li> </ul> </nav> </li> </ul> </nav>\n'
        '<article>\n<pre><code>keep\n    this\n</code></pre>\n</article>\n'
        '<nav class="md-nav"><pre>\n  left alone\n</pre></nav>\n</body>'
    )


def test_supportal_build_writes_compact_pages(git_portal_free_site: Path):
    html = (git_portal_free_site / "2.0" / "index.html").read_text(encoding="utf-8")
    primary = html[html.index('<nav class="md-nav md-nav--primary"'):]
    primary = primary[: primary.index("</nav>")]
    assert "\n" not in primary
