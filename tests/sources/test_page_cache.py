"""The content-keyed page conversion cache: shared across releases, never stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from supportal.cli.host import load_release_config
from supportal.cli.multibuild import build_releases
from supportal.cli.pagecache import unsafe_reason
from supportal.releases.model import load_catalog

from ..harness import DEFAULT_CONFIG, capture_mkdocs_logs, make_portal
from .test_git_releases import tree_hashes

PAGES = {
    "index.md": "# Home\n\nRead [the new page](b.md) and [the guide](guide.md).\n",
    "guide.md": "# Guide\n\nThe same text in every release.\n\n## Step\n\nDo it.\n",
    "b.md": '---\nversions: ">=2.0"\n---\n# New in 2.0\n\nOnly in 2.0.\n',
    "blocks.md": "# Blocks\n\n/// versions | >=2.0\nTwo.\n///\n\nAlways.\n",
}


def build(config: Path, site: Path, cache: Path, **options):
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    with capture_mkdocs_logs() as records:
        results = build_releases(config, catalog, catalog.releases, site, cache_dir=cache,
                                 **options)
    messages = [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")]
    return {r.release.version: r for r in results}, messages


def test_identical_pages_convert_once_and_links_follow_each_release(tmp_path: Path):
    config = make_portal(tmp_path / "portal", PAGES)
    site, cache = tmp_path / "site", tmp_path / "cache"
    results, messages = build(config, site, cache, use_cache=True)
    # 2.0 builds first (catalog order, newest first) and converts all four pages; 1.0 has three
    # of them. guide.md is identical: reused. index.md is identical Markdown, but its link to
    # b.md resolves differently in 1.0 (no b.md there): converted again. blocks.md differs.
    assert (results["2.0"].pages_reused, results["2.0"].pages_converted) == (0, 4)
    assert (results["1.0"].pages_reused, results["1.0"].pages_converted) == (1, 2)
    assert 'href="b/"' in (site / "2.0" / "index.html").read_text()
    assert 'href="b.md"' in (site / "1.0" / "index.html").read_text()
    warning = ("docs/index.md:3: Doc file 'index.md' contains a link 'b.md', but the target is "
               "not found among documentation files.")
    assert warning in messages

    # Same output as a build without any cache; and a cached conversion replays its warning.
    build(config, tmp_path / "plain", tmp_path / "cache2", use_cache=False)
    assert tree_hashes(site) == tree_hashes(tmp_path / "plain")
    shutil.rmtree(site)
    again, messages = build(config, site, cache, use_cache=True)
    assert again["1.0"].pages_reused == 3 and again["2.0"].pages_reused == 4
    assert warning in messages
    assert tree_hashes(site) == tree_hashes(tmp_path / "plain")


def test_an_edited_page_is_converted_again(tmp_path: Path):
    config = make_portal(tmp_path / "portal", PAGES)
    site, cache = tmp_path / "site", tmp_path / "cache"
    build(config, site, cache, use_cache=True)
    (config.parent / "docs" / "guide.md").write_text("# Guide\n\nNew text.\n")
    results, _ = build(config, site, cache, use_cache=True)
    assert "New text." in (site / "1.0" / "guide" / "index.html").read_text()
    assert "New text." in (site / "2.0" / "guide" / "index.html").read_text()
    assert results["2.0"].pages_converted == 1  # guide.md; the other pages are reused


def test_extensions_that_read_other_files_turn_the_cache_off(tmp_path: Path):
    b64 = DEFAULT_CONFIG + "markdown_extensions:\n  - pymdownx.b64\n"
    config = load_release_config(make_portal(tmp_path / "a", PAGES, config=b64), None)
    assert unsafe_reason(config) == "Markdown extension pymdownx.b64 reads other files"
    urls = DEFAULT_CONFIG + (
        "markdown_extensions:\n  - pymdownx.snippets:\n      url_download: true\n"
    )
    config = load_release_config(make_portal(tmp_path / "u", PAGES, config=urls), None)
    assert unsafe_reason(config) == (
        "Markdown extension pymdownx.snippets may read files outside its base_path"
    )
    plain = load_release_config(make_portal(tmp_path / "b", PAGES), None)
    assert unsafe_reason(plain) is None
    plain.markdown_extensions.append("my_local_extension")
    assert unsafe_reason(plain) == (
        "Markdown extension my_local_extension is not known to be page-local"
    )
    plain.markdown_extensions.pop()
    plain.mdx_configs["toc"] = {"slugify": _local_slugify}
    assert unsafe_reason(plain) == (
        "Markdown extension option calls tests.sources.test_page_cache._local_slugify, "
        "which is not from an installed package"
    )


def _local_slugify(text: str, separator: str) -> str:
    return text.lower()


def test_snippets_are_part_of_the_key(tmp_path: Path, monkeypatch):
    snippets = DEFAULT_CONFIG + (
        "markdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n"
    )
    pages = {"index.md": "# Home\n\n--8<-- \"note.md\"\n", "other.md": "# Other\n"}
    config = make_portal(tmp_path / "portal", pages, config=snippets,
                         extra_files={"snippets/note.md": "First note."})
    monkeypatch.chdir(config.parent)  # snippets' base_path is relative to the current folder
    site, cache = tmp_path / "site", tmp_path / "cache"
    results, _ = build(config, site, cache, use_cache=True)
    assert results["1.0"].pages_reused == 2
    assert "First note." in (site / "1.0" / "index.html").read_text()
    (config.parent / "snippets" / "note.md").write_text("Second note.")
    results, _ = build(config, site, cache, use_cache=True)
    assert "Second note." in (site / "1.0" / "index.html").read_text()
    assert "Second note." in (site / "2.0" / "index.html").read_text()
    assert results["1.0"].pages_reused == 2  # reused from 2.0's new conversions


def test_same_snippets_in_another_build_folder_give_the_same_key(tmp_path: Path, monkeypatch):
    # Releases from refs build in their own export folders: identical snippet files there must
    # not make every page's key differ (they did, by hashing absolute paths).
    from types import SimpleNamespace

    from supportal.cli.pagecache import _snippet_files

    config = SimpleNamespace(
        markdown_extensions=["pymdownx.snippets"],
        mdx_configs={"pymdownx.snippets": {"base_path": ["snippets", "LICENSE.md"]}},
        site_dir=str(tmp_path / "site"),
    )
    keys = []
    for name, note in (("a", "Note."), ("b", "Note."), ("c", "Other note.")):
        folder = tmp_path / name
        (folder / "snippets").mkdir(parents=True)
        (folder / "snippets" / "note.md").write_text(note, encoding="utf-8")
        (folder / "LICENSE.md").write_text("MIT", encoding="utf-8")
        monkeypatch.chdir(folder)
        keys.append(_snippet_files(config))
    assert keys[0] == keys[1] != keys[2]


THREE_RELEASES = """\
releases:
  - version: "3.0"
    date: 2026-01-10
    status: preview
  - version: "2.0"
    date: 2025-01-10
    status: supported
    default: true
  - version: "1.0"
    date: 2023-01-10
    status: eol
    end_of_support: 2024-12-31
"""


def test_releases_side_by_side_start_farthest_apart(tmp_path: Path):
    # Two releases that start together both convert what they share: the newest and the
    # oldest start first, and the middle one, started after one of them is done, reuses
    # every page that is the same in all three.
    shared = {f"shared-{n}.md": f"# Shared {n}\n\nThe same in every release.\n" for n in range(6)}
    notes = "# Notes\n\n/// versions | >=3.0\nThree.\n///\n\n/// versions | <2.0\nOne.\n///\n"
    config = make_portal(tmp_path / "portal", {**shared, "notes.md": notes},
                         catalog=THREE_RELEASES)
    results, _ = build(config, tmp_path / "site", tmp_path / "cache", use_cache=True, jobs=2)
    assert results["2.0"].pages_reused == len(shared)
    assert results["2.0"].pages_converted == 1  # notes.md differs in every release
    assert results["3.0"].pages_reused + results["1.0"].pages_reused <= len(shared)


def test_sharing_order_goes_from_both_ends_inwards():
    from types import SimpleNamespace

    from supportal.cli.multibuild import sharing_order
    from supportal.releases.model import Release

    versions = ["2.0", "1.0", "3.0rc1", "1.5", "2.5"]
    tasks = [SimpleNamespace(release=Release(v, v, None, "supported")) for v in versions]
    assert [t.release.version for t in sharing_order(tasks)] == [
        "3.0rc1", "1.0", "2.5", "1.5", "2.0"
    ]
