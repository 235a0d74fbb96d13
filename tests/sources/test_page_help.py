"""A second worker converting a release's pages from the end while its build goes from the start."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from supportal.cli.claims import CONVERTED, HELPER, OWNER, ClaimBoard
from supportal.cli.host import load_release_config
from supportal.cli.multibuild import build_releases
from supportal.cli.pagecache import PageConversionCache, page_cache
from supportal.cli.pagehelp import help_convert
from supportal.core.staging import staging_folder
from supportal.releases.model import load_catalog

from ..harness import DEFAULT_CONFIG, capture_mkdocs_logs, make_portal
from .test_git_releases import tree_hashes

PAGES = {
    "index.md": "# Home\n\nRead [the missing page](gone.md).\n",
    **{f"step-{n}.md": f"# Step {n}\n\nDo step {n}.\n\n## Check\n\nIt worked.\n"
       for n in range(1, 7)},
}
ORDER = ["index.md", *(f"step-{n}.md" for n in range(1, 7))]  # MkDocs' page order
WARNING = ("Doc file 'index.md' contains a link 'gone.md', but the target is not found among "
           "documentation files.")


def _release(config_file: Path, version: str = "2.0"):
    catalog = load_catalog(config_file.parent / "releases.yml", "releases.yml")
    return catalog.get(version)


def _config(config_file: Path, site: Path):
    return load_release_config(config_file, _release(config_file), site_dir=site)


def _owner_build(config_file: Path, site: Path, cache: Path, board: ClaimBoard | None):
    pages = PageConversionCache(cache, board)
    with capture_mkdocs_logs() as records, page_cache(pages):
        mkdocs_build(_config(config_file, site))
    warnings = [r.getMessage() for r in records if r.levelname == "WARNING"]
    return pages, warnings


def _plain_build(config_file: Path, site: Path) -> None:
    mkdocs_build(_config(config_file, site))


def test_the_build_takes_what_the_helper_converted_and_writes_the_same_site(tmp_path: Path):
    config_file = make_portal(tmp_path / "portal", PAGES)
    cache, board = tmp_path / "cache", ClaimBoard(tmp_path / "claims")
    board.open()
    # The helper alone first (its owner has not claimed anything): it converts every page.
    helper_config = _config(config_file, tmp_path / "scratch")
    assert help_convert(helper_config, PageConversionCache(cache), board) == len(PAGES)
    board.close(HELPER)

    pages, warnings = _owner_build(config_file, tmp_path / "site", cache, board)
    assert (pages.helped, pages.hits, pages.misses) == (len(PAGES), 0, 0)
    assert warnings == [WARNING]  # logged by the build, from the helper's stored conversion
    _plain_build(config_file, tmp_path / "plain")
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "plain")
    assert not (tmp_path / "scratch" / "index.html").exists()  # the helper wrote no page


def test_the_helper_goes_backwards_and_stops_at_the_first_page_the_build_took(tmp_path: Path):
    config_file = make_portal(tmp_path / "portal", PAGES)
    board = ClaimBoard(tmp_path / "claims")
    board.open()
    for src_uri in ORDER[:3]:  # the build got to step-2.md
        assert board.take(src_uri)
    converted = help_convert(_config(config_file, tmp_path / "scratch"),
                             PageConversionCache(tmp_path / "cache"), board)
    assert converted == len(ORDER) - 3
    for src_uri in ORDER[3:]:
        assert not board.take(src_uri)
        assert board.wait(src_uri) == CONVERTED
    board.close(HELPER)
    assert board.wait(ORDER[0]) is None  # claimed by the build: the helper never says


def test_a_helper_converts_nothing_once_the_build_is_done_or_when_pages_cannot_be_cached(
    tmp_path: Path,
):
    config_file = make_portal(tmp_path / "portal", PAGES)
    board = ClaimBoard(tmp_path / "claims")
    board.close(OWNER)
    assert help_convert(_config(config_file, tmp_path / "s1"),
                        PageConversionCache(tmp_path / "cache"), board) == 0
    assert board.take(ORDER[-1])  # nothing was claimed

    b64 = DEFAULT_CONFIG + "markdown_extensions:\n  - pymdownx.b64\n"
    unsafe = make_portal(tmp_path / "b64", PAGES, config=b64)
    board = ClaimBoard(tmp_path / "claims-b64")
    board.open()
    assert help_convert(_config(unsafe, tmp_path / "s2"),
                        PageConversionCache(tmp_path / "cache"), board) == 0
    assert board.take(ORDER[-1])


def test_two_jobs_with_the_cache_build_the_same_sites_as_one_job_without(tmp_path: Path):
    config_file = make_portal(tmp_path / "portal", PAGES)
    catalog = load_catalog(config_file.parent / "releases.yml", "releases.yml")
    with capture_mkdocs_logs():
        helped = build_releases(config_file, catalog, catalog.releases, tmp_path / "site",
                                jobs=2, use_cache=True, cache_dir=tmp_path / "cache")
        build_releases(config_file, catalog, catalog.releases, tmp_path / "plain", jobs=1)
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "plain")
    for result in helped:  # however the work was shared, every page was converted once
        assert result.pages_reused + result.pages_converted == len(PAGES)
        assert 0 <= result.pages_helped <= result.pages_converted
    # The claims and the helpers' scratch sites went with the staging folder.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "plain", "portal", "site"]


def test_the_helper_and_the_build_see_the_same_snippet_files(tmp_path: Path, monkeypatch):
    # With snippets read from the project folder, the staging folder (other releases being
    # built, the claims, the helper's scratch site) is not part of the key, or the helper's
    # conversions would never match the build's.
    from types import SimpleNamespace

    from supportal.cli.pagecache import _snippet_files

    monkeypatch.chdir(tmp_path)
    (tmp_path / "note.md").write_text("A note.")
    staging = staging_folder(tmp_path / "site", 7)
    keys = []
    for site_dir in (staging / "2.0", staging / ".claims" / "2.0.helper-site"):
        (staging / "1.0" / "index.html").parent.mkdir(parents=True, exist_ok=True)
        (staging / "1.0" / "index.html").write_text(f"built while {site_dir.name} converted")
        (staging / ".claims" / f"claim-{site_dir.name}").parent.mkdir(exist_ok=True)
        (staging / ".claims" / f"claim-{site_dir.name}").touch()
        config = SimpleNamespace(
            markdown_extensions=["pymdownx.snippets"],
            mdx_configs={"pymdownx.snippets": {"base_path": ["."]}},
            site_dir=str(site_dir),
        )
        keys.append(_snippet_files(config))
    assert keys[0] == keys[1]
    (tmp_path / "note.md").write_text("Another note.")
    assert _snippet_files(config) != keys[1]
