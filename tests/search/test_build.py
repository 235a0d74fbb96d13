"""The plugin in real MkDocs builds: index written from the built pages, types, phrasings,
related pages, front-matter and configuration messages, and the `supportal search` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli
from supportal.search.exporter import read_bundle

from ..harness import PORTAL_HEAD, build_portal, make_portal

CONFIG = PORTAL_HEAD + """\
plugins:
  - supportal/releases
  - supportal/search{options}
"""

PAGES = {
    "index.md": "# Home\n\nWelcome to the Product documentation.\n",
    "manuals/backups.md": (
        "# Backups\n\nA backup job protects machines every night.\n\n"
        "## Retention\n\nRetention keeps restore points for thirty days.\n"
    ),
    "manuals/restore.md": "# Restore\n\nRestore files from a backup restore point.\n",
    "faq/agent-offline.md": (
        "---\nphrasings:\n  - Why is my machine greyed out?\n---\n"
        "# Agent shows offline\n\nCheck that the agent service runs and port 7443 is open.\n"
    ),
    "troubleshooting/slow.md": "# Slow backups\n\nThrottle the network backup bandwidth.\n",
    "notes/internal.md": (
        "---\nsearch:\n  type: support\n---\n# Contact support\n\nOpen a ticket.\n"
    ),
    "drafts/secret.md": (
        "---\nsearch:\n  exclude: true\n---\n# Hidden draft\n\nSupercalifragilistic.\n"
    ),
}


def _portal(tmp_path: Path, pages: dict[str, str] | None = None, options: str = "") -> Path:
    return make_portal(tmp_path, pages or PAGES, config=CONFIG.format(options=options))


def _head(site: Path) -> dict:
    return json.loads((site / "_supportal" / "search" / "head.json").read_text())


def _pages(site: Path) -> list[dict]:
    head = _head(site)
    return [
        json.loads((site / "_supportal" / "search" / "f" / f"{n}.json").read_text()) for n in range(head["pages"])
    ]


def test_index_is_built_from_the_pages(tmp_path: Path) -> None:
    result = build_portal(_portal(tmp_path), strict=True)
    assert result.ok, result.messages()
    head = _head(result.site_dir)
    assert head["release"] == {"version": "2.0", "title": "Product 2.0"}
    types = {p["u"]: p["y"] for p in _pages(result.site_dir)}
    assert types == {
        "manuals/backups/": "manual",
        "manuals/restore/": "manual",
        "faq/agent-offline/": "faq",
        "troubleshooting/slow/": "troubleshooting",
        "notes/internal/": "support",
        "": "page",
    }
    backups = next(p for p in _pages(result.site_dir) if p["u"] == "manuals/backups/")
    assert backups["s"][1][:3] == [
        "retention",
        "Retention",
        "Retention keeps restore points for thirty days.",
    ]
    assert not (result.site_dir / "search" / "search_index.json").exists()


# Another plugin's output that writing the related pages in used to change beyond the marker:
# a carriage return (reading the page as text made it a newline) and the marker twice.
ODD_PAGES_HOOK = """\
def on_post_page(output, page, config):
    if page.file.src_uri == "manuals/restore.md":
        return output.replace("<p>", "<p>\\r\\n", 1)
    if page.file.src_uri == "troubleshooting/slow.md":
        return output.replace("</head>", "<!-- supportal-search:related --></head>", 1)
    return None
"""


def _site_files(site: Path) -> dict[str, bytes]:
    files = sorted(f for f in site.rglob("*") if f.is_file())
    return {str(f.relative_to(site)): f.read_bytes() for f in files}


def test_related_lists_are_written_in_without_reading_pages_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every page was read twice: for the index, then again to replace its marker.
    from supportal.search import plugin as search_plugin
    from supportal.search.render import RELATED_MARKER

    config_text = CONFIG.format(options="") + "hooks:\n  - odd_pages.py\n"
    opened: list[str] = []
    path_open = Path.open

    def counted_open(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        opened.append(f"{mode} {self}")
        return path_open(self, mode, *args, **kwargs)

    sites = {}
    for name in ("reread", "once"):
        config = make_portal(
            tmp_path / name, {**PAGES, "lonely.md": "# Zyzzyva\n\nQuokka xylophone.\n"},
            config=config_text, extra_files={"odd_pages.py": ODD_PAGES_HOOK},
        )
        with monkeypatch.context() as patch:
            if name == "reread":  # what on_post_build did before, page by page
                def reread(path: str, slot: object, html: str) -> None:
                    text = Path(path).read_text(encoding="utf-8")
                    if RELATED_MARKER in text:
                        Path(path).write_text(text.replace(RELATED_MARKER, html), encoding="utf-8")

                patch.setattr(search_plugin, "fill_related", reread)
            patch.setattr(Path, "open", counted_open)
            result = build_portal(config, strict=True)
        assert result.ok, result.messages()
        sites[name] = _site_files(result.site_dir)
    # The same bytes in every file of the site, odd pages included.
    assert sites["once"].keys() == sites["reread"].keys()
    for name, data in sites["once"].items():
        assert data == sites["reread"][name], name
    once = sites["once"]
    backups = once["manuals/backups/index.html"].decode()
    assert '<div class="supportal-related" data-search-exclude>' in backups
    assert '<a href="../restore/">Restore</a>' in backups
    assert not any(RELATED_MARKER.encode() in data for data in once.values())
    assert b"\r" not in once["manuals/restore/index.html"]  # as reading it as text made it
    assert once["troubleshooting/slow/index.html"].count(b'class="supportal-related"') == 2
    # Nothing related: the marker goes, and the page ends as it did (shorter than it was).
    lonely = once["lonely/index.html"]
    assert b"supportal-related" not in lonely and lonely.endswith(b"</html>")
    # This build (the second) opened each page for reading once: for the index.
    site = tmp_path / "once" / "site"
    pages = [f for f in once if f.endswith("index.html") and not f.startswith("drafts/")]
    assert len(pages) == 7
    for page in pages:
        modes = [line.split()[0] for line in opened if line.split()[1] == str(site / page)]
        assert [mode for mode in modes if "r" in mode] == ["rb"], page


def test_header_has_the_search_box_and_client(tmp_path: Path) -> None:
    result = build_portal(_portal(tmp_path))
    html = result.page("manuals/backups/")
    assert 'class="md-search supportal-search"' in html
    assert 'data-supportal-search="_supportal/search/" data-release-root="../../"' in html
    assert '<script src="../../assets/supportal/search/search.js" type="module">' in html
    assert (result.site_dir / "assets/supportal/search/engine.js").is_file()


def test_related_pages_are_listed_and_excluded_pages_are_not_indexed(tmp_path: Path) -> None:
    result = build_portal(_portal(tmp_path))
    html = result.page("manuals/backups/")
    assert '<div class="supportal-related" data-search-exclude>' in html
    assert '<a href="../restore/">Restore</a>' in html
    assert "supportal-search:related" not in html
    hidden = result.page("drafts/secret/")
    assert "supportal-related" not in hidden
    words = {}
    for n in range(len(_head(result.site_dir)["shards"])):
        words.update(json.loads((result.site_dir / "_supportal" / "search" / "t" / f"{n}.json").read_text())["w"])
    assert "supercalifragilistic" not in words
    assert "greyed" in words  # FAQ phrasings are indexed


def test_cli_searches_like_the_browser(tmp_path: Path) -> None:
    config = _portal(tmp_path)
    assert build_portal(config).ok
    runner = CliRunner()
    found = runner.invoke(cli, ["search", "-f", str(config), "machine greyed"])
    assert found.exit_code == 0, found.output
    assert found.output.splitlines()[0] == " 1. Agent shows offline  [faq]"
    assert "2.0/faq/agent-offline/" in found.output
    typed = runner.invoke(cli, ["search", "-f", str(config), "backup", "--type", "troubleshooting"])
    assert typed.output.splitlines()[0] == " 1. Slow backups  [troubleshooting]"
    assert "manuals" not in typed.output
    prefix = runner.invoke(cli, ["search", "-f", str(config), "retent"])
    assert "Backups › Retention" in prefix.output
    typo = runner.invoke(cli, ["search", "-f", str(config), "restor pont"])
    assert (
        typo.output.splitlines()[0] == "Did you mean: restore point"
    )  # "restor" is no prefix: not last
    bad = runner.invoke(cli, ["search", "-f", str(config), "backup", "--type", "fqa"])
    assert bad.exit_code == 2
    assert (
        "'fqa' is not a content type of release 2.0. Expected one of: manual, faq, "
        "troubleshooting, course, support, page. Did you mean 'faq'?"
    ) in bad.output


def test_cli_without_a_built_index(tmp_path: Path) -> None:
    config = _portal(tmp_path)
    result = CliRunner().invoke(cli, ["search", "-f", str(config), "backup", "-r", "1.0"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: no search index for release 1.0 in .supportal-cache/search: "
        "run `supportal build` first\n"
    )


BAD_FRONT_MATTER = {
    "index.md": "# Home\n",
    "a.md": "---\ntitle: A\nsearch: faq\n---\n# A\n",
    "b.md": "---\nsearch:\n  typ: faq\n---\n# B\n",
    "c.md": "---\nsearch:\n  type: fqa\n---\n# C\n",
    "d.md": "---\nsearch:\n  exclude: yes please\n---\n# D\n",
}


def test_front_matter_mistakes_are_reported_at_their_line(tmp_path: Path) -> None:
    result = build_portal(_portal(tmp_path, BAD_FRONT_MATTER))
    assert result.ok
    assert result.warnings == [
        "docs/a.md:3: search must be a mapping with the keys type, exclude",
        "docs/b.md:2: unknown key 'search.typ'. Expected one of: type, exclude. "
        "Did you mean 'type'?",
        "docs/c.md:2: unknown search type 'fqa'. Expected one of: manual, faq, troubleshooting, "
        "course, support, page. Did you mean 'faq'?",
        "docs/d.md:2: search.exclude must be true or false, not 'yes please'",
    ]


def test_front_matter_mistakes_fail_a_strict_build(tmp_path: Path) -> None:
    result = build_portal(_portal(tmp_path, BAD_FRONT_MATTER), strict=True)
    assert not result.ok


def test_material_search_alongside_is_reported(tmp_path: Path) -> None:
    config = make_portal(tmp_path, PAGES, config=CONFIG.format(options="") + "  - search\n")
    result = build_portal(config)
    assert (
        "mkdocs.yml:9: supportal/search replaces Material's search plugin: "
        "remove '- search' from plugins" in result.warnings
    )
    assert not build_portal(config, strict=True).ok


def test_bad_options_stop_the_build(tmp_path: Path) -> None:
    folders = build_portal(
        _portal(tmp_path / "a", options=":\n      folders:\n        guides: guide")
    )
    assert not folders.ok
    assert folders.errors == [
        "mkdocs.yml:9: supportal/search: folders: 'guides' has unknown type 'guide'. Expected one "
        "of: manual, faq, troubleshooting, course, support, page."
    ]
    boosts = build_portal(_portal(tmp_path / "b", options=":\n      boosts:\n        titel: 2"))
    assert not boosts.ok
    assert boosts.errors == [
        "mkdocs.yml:9: supportal/search: boosts: unknown field 'titel'. Expected one of: title, "
        "heading, alt, body. Did you mean 'title'?"
    ]
    weight = build_portal(_portal(tmp_path / "c", options=":\n      boosts:\n        title: high"))
    assert not weight.ok
    assert weight.errors == [
        "mkdocs.yml:9: supportal/search: boosts: title must be a number, not 'high'"
    ]


def test_page_without_heading_is_titled_like_its_page_not_its_html_title(tmp_path: Path) -> None:
    pages = {"index.md": "# Home\n", "notes.md": "Only text, no heading.\n"}
    result = build_portal(_portal(tmp_path, pages), strict=True)
    assert result.ok, result.messages()
    assert {p["u"]: p["t"] for p in _pages(result.site_dir)} == {"": "Home", "notes/": "Notes"}


def test_a_page_in_the_index_folder_is_refused(tmp_path: Path) -> None:
    pages = {"index.md": "# Home\n", "_supportal/search.md": "# Mine\n"}
    result = build_portal(_portal(tmp_path, pages))
    assert not result.ok
    assert result.errors == [
        "docs/_supportal/search.md: supportal/search writes the search index to "
        "_supportal/search/ and would delete this file: move it to another folder",
        "1 authoring error (listed above) stops the build.",
    ]


def test_custom_folder_types(tmp_path: Path) -> None:
    options = ":\n      folders:\n        guides: manual\n      related: 0"
    pages = {"index.md": "# Home\n", "guides/a.md": "# Guide A\n\nText.\n"}
    result = build_portal(_portal(tmp_path, pages, options=options), strict=True)
    assert result.ok, result.messages()
    assert {p["u"]: p["y"] for p in _pages(result.site_dir)} == {"guides/a/": "manual", "": "page"}
    assert "supportal-related" not in result.page("guides/a/")


def test_a_page_generated_from_a_yaml_tree_is_typed_by_its_folder(sample_site: Path) -> None:
    # The troubleshooting plugin makes the page after on_files, where search reads front matter.
    bundle = read_bundle(sample_site / "2.4" / "_supportal" / "search")
    types = {p["u"]: p["y"] for p in bundle["pages"]}
    assert types["troubleshooting/console-sign-in/"] == "troubleshooting"
    assert types["troubleshooting/agent-offline/"] == "troubleshooting"


def test_the_search_cache_folder_is_kept_out_of_git(tmp_path: Path) -> None:
    # A plain `mkdocs build` makes .supportal-cache/search: git must not see it as a change.
    config = CONFIG.format(options="")
    root = make_portal(tmp_path / "p", {"index.md": "# Home\n"}, config=config)
    assert build_portal(root, strict=True).ok
    assert (root.parent / ".supportal-cache/.gitignore").read_text(encoding="utf-8") == "*\n"
