"""supportal/reading through the real MkDocs pipeline: located messages (and --strict), generated
pages, canonical and noindex, the manifest, 404 page and sitemap index at the site root."""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from supportal.cli.host import load_release_config
from supportal.cli.multibuild import build_releases
from supportal.reading.plugin import ReadingPlugin
from supportal.releases.model import load_catalog

from ..harness import (
    PORTAL_HEAD,
    assert_strict_build_stops,
    build_portal,
    capture_mkdocs_logs,
    make_portal,
)
from ..support.conftest import SUPPORT_YML

CONFIG = PORTAL_HEAD + """\
plugins:
  - search
  - supportal/releases
  - supportal/reading
"""

CATALOG = """\
releases:
  - version: "3.0"
    title: Product 3.0
    status: preview
  - version: "2.0"
    title: Product 2.0
    date: 2025-01-10
    status: supported
    default: true
    aliases: [latest]
    notes: Encryption at rest.
  - version: "1.0"
    title: Product 1.0
    date: 2023-01-10
    status: eol
    end_of_support: 2024-12-31
"""

PAGES = {
    "index.md": "# Home\n",
    "guide/index.md": "# Guide\n",
    "guide/backups.md": "# Backups\n\n/// versions | >=2.0\n## Retention\n\nNightly.\n///\n",
    "guide/crypto.md": "---\nversions: '>=2.0'\nfallback: guide/backups\n---\n# Encryption\n",
    "guide/tape.md": "---\nversions: '<2.0'\n---\n# Tape\n",
    "guide/restore.md": "---\nredirect_from: [guide/recovery.md]\n---\n# Restore\n",
}

ISSUES = """\
issues:
  - id: KV-7
    title: Restore hangs
    affects: "<2.0"
    fixed_in: "2.0"
    workaround: Restart the agent.
  - id: KV-9
    title: Slow backups
    affects: ">=2.0"
"""


def portal(
    tmp_path: Path, pages: dict[str, str] | None = None, issues: str | None = ISSUES
) -> Path:
    extra = {"known_issues.yml": issues} if issues is not None else {}
    return make_portal(
        tmp_path / "portal", pages or PAGES, config=CONFIG, catalog=CATALOG, extra_files=extra
    )


def test_sample_like_portal_builds_cleanly_with_generated_pages(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path), "2.0", strict=True)
    assert result.ok, result.messages()
    issues = result.page("known-issues/")
    assert "Known issues in Product 2.0" in issues
    assert 'id="kv-9"' in issues and "Not fixed yet." in issues
    assert 'id="kv-7"' in issues  # listed under "Fixed in earlier releases"
    notes = result.page("release-notes/")
    assert "Encryption at rest." in notes and 'href="../known-issues/#kv-7"' in notes
    changes = result.page("docs-changes/")
    assert "Docs changes in Product 2.0" in changes
    assert 'href="../guide/crypto/"' in changes  # added
    assert 'href="../../1.0/guide/tape/"' in changes  # removed: lives on in 1.0
    assert "+## Retention" in changes  # changed, with its diff


def test_docs_changes_links_pages_whose_names_need_escaping(tmp_path: Path) -> None:
    pages = {
        **PAGES,
        "guide/q & a.md": "# Q and A\n\n/// versions | >=2.0\nNew answer.\n///\n",
        "guide/new & hot.md": "---\nversions: '>=2.0'\n---\n# New and hot\n",
    }
    result = build_portal(portal(tmp_path, pages), "2.0", strict=True)
    assert result.ok, result.messages()
    changes = result.page("docs-changes/")
    assert 'href="../guide/q%20%26%20a/"' in changes  # changed
    assert 'href="../guide/new%20%26%20hot/"' in changes  # added


def test_docs_changes_quotes_page_text_literally_and_reports_nothing_of_it(
    tmp_path: Path,
) -> None:
    # The diff shows a fenced `{{ release.version }}` (valid, shown as written in the page) and a
    # misspelt placeholder in prose: the page's own warning is the only one, and the quoted
    # text is neither replaced nor checked again against docs-changes.md.
    page = (
        "# Monitoring\n\n/// versions | >=2.0\nSee {{ release.verison }} here.\n\n"
        "```text\nkvctl --release {{ release.version }}\n```\n///\n"
    )
    result = build_portal(portal(tmp_path, {**PAGES, "guide/monitoring.md": page}), "2.0")
    assert result.ok, result.messages()
    assert result.warnings == [
        "docs/guide/monitoring.md:4: unknown placeholder 'release.verison'. Expected one of: "
        "version, title, date, status, status_label, end_of_support. Did you mean 'version'?"
    ]
    changes = result.page("docs-changes/")
    diff = html.unescape(changes.split("+++ 2.0/guide/monitoring.md", 1)[1].split("</code>")[0])
    assert "+See {{ release.verison }} here.\n" in diff
    assert "+kvctl --release {{ release.version }}\n" in diff


def test_docs_changes_titles_read_as_in_the_release(tmp_path: Path) -> None:
    pages = {**PAGES, "guide/new.md": "---\nversions: '>=2.0'\n---\n# New in {{ release.title }}\n"}
    result = build_portal(portal(tmp_path, pages), "2.0", strict=True)
    assert result.ok, result.messages()
    assert '<a href="../guide/new/">New in Product 2.0</a>' in result.page("docs-changes/")


def _faq_entry(entry_id: str, question: str, body: str, versions: str = ">=1.0") -> str:
    return (
        f"---\nid: {entry_id}\nquestion: {question}\ncategory: backup\n"
        f"versions: '{versions}'\n---\n{body}\n"
    )


def test_docs_changes_links_faq_entries_to_their_answers(tmp_path: Path) -> None:
    # supportal/faq removes entry files and publishes each entry at `#<id>` of its category
    # page: the docs-changes page links there, with the question, in this and the older release.
    pages = {
        **PAGES,
        "faq/backup/s3.md": _faq_entry("s3", "Can I back up to S3 *or* MinIO?", "Yes.", ">=2.0"),
        "faq/backup/keep.md": _faq_entry(
            "keep", "How long are backups kept?", "30 days.\n\n/// versions | >=2.0\nOr more.\n///"
        ),
        "faq/backup/tape.md": _faq_entry("tape", "Can I export to tape?", "Yes.", "<2.0"),
    }
    root = make_portal(
        tmp_path / "portal",
        pages,
        config=CONFIG + "  - supportal/faq\n",
        catalog=CATALOG,
        extra_files={"known_issues.yml": ISSUES},
    )
    result = build_portal(root, "2.0", strict=True)
    assert result.ok, result.messages()
    changes = result.page("docs-changes/")
    assert '<li><a href="../faq/backup/#s3">Can I back up to S3 *or* MinIO?</a></li>' in changes
    assert '<a href="../faq/backup/#keep">How long are backups kept?</a>' in changes  # changed
    assert (
        '<li><a href="../../1.0/faq/backup/#tape">Can I export to tape?</a> (in Product 1.0)</li>'
        in changes
    )
    assert "faq/backup/s3.md" not in changes.split("+++", 1)[0]  # no unlinked path


def test_release_notes_say_planned_for_a_preview_and_a_date_ahead(tmp_path: Path) -> None:
    catalog = CATALOG.replace(
        '    title: Product 3.0\n    status: preview\n',
        '    title: Product 3.0\n    date: 2999-01-01\n    status: preview\n'
        '  - version: "2.5"\n    title: Product 2.5\n    date: 2998-03-01\n    status: supported\n',
    )
    root = make_portal(
        tmp_path / "portal", PAGES, config=CONFIG, catalog=catalog,
        extra_files={"known_issues.yml": ISSUES},
    )
    result = build_portal(root, "3.0", strict=True)
    assert result.ok, result.messages()
    notes = result.page("release-notes/")
    assert "Preview · planned for 2999-01-01</p>" in notes
    assert "Supported · planned for 2998-03-01</p>" in notes
    assert "Supported · released 2025-01-10</p>" in notes


def test_numeric_page_id_fails_the_build(tmp_path: Path) -> None:
    pages = {**PAGES, "guide/faq.md": "---\nid: 42\n---\n# FAQ\n"}
    result = build_portal(portal(tmp_path, pages), "2.0", strict=True)
    assert not result.ok
    assert result.errors[0] == (
        "docs/guide/faq.md:2: page id must be text, not a number: put it in quotes ('42')"
    )


def test_known_issue_fixed_later_says_upgrade_on_affected_releases(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path), "1.0", strict=True)
    assert result.ok, result.messages()
    page = result.page("known-issues/")
    assert "Fixed in 2.0 — upgrade" in page
    assert 'href="../../2.0/release-notes/#release-2-0"' in page


def test_known_issues_lookup_for_other_plugins(tmp_path: Path) -> None:
    config = load_release_config(
        portal(tmp_path),
        load_catalog(tmp_path / "portal/releases.yml", "r").get("1.0"),
        site_dir=tmp_path / "site",
    )
    build(config)
    plugin = config.plugins["supportal/reading"]
    assert isinstance(plugin, ReadingPlugin)
    issue = plugin.known_issues["KV-7"]
    assert (issue.id, issue.title, issue.url, issue.fixed_in, issue.workaround) == (
        "KV-7",
        "Restore hangs",
        "known-issues/#kv-7",
        "2.0",
        "Restart the agent.",
    )
    assert "1.0" in issue.affects and "2.0" not in issue.affects
    assert sorted(plugin.known_issues) == ["KV-7", "KV-9"]


def test_badges_banner_canonical_and_noindex(tmp_path: Path) -> None:
    config = portal(tmp_path)
    new = build_portal(config, "2.0", strict=True, site_dir=tmp_path / "s2")
    assert new.ok, new.messages()
    crypto = new.page("guide/crypto/")
    assert '<span class="supportal-badge supportal-badge--new">New in 2.0</span>' in crypto
    backups = new.page("guide/backups/")
    assert 'supportal-badge--changed">Changed in 2.0<' in backups
    assert '<h2 id="retention">Retention' in backups
    new_index = (new.site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert "Nightly." in new_index and "New in 2.0" not in new_index  # block badges excluded
    assert backups.index('id="retention"') < backups.index("supportal-badges--block")
    assert '<link rel="canonical" href="https://docs.example.com/2.0/guide/backups/">' in backups
    assert "supportal-banner" not in backups  # the default release has no banner
    assert 'name="robots"' not in backups

    old = build_portal(config, "1.0", strict=True, site_dir=tmp_path / "s1")
    tape = old.page("guide/tape/")
    assert 'supportal-badge--removed">Removed in 2.0<' in tape
    assert '<meta name="robots" content="noindex">' in tape
    assert '<link rel="canonical" href="https://docs.example.com/1.0/guide/tape/">' in tape
    restore = old.page("guide/restore/")
    assert '<link rel="canonical" href="https://docs.example.com/2.0/guide/restore/">' in restore
    assert "Product 1.0 reached end of life on 2024-12-31" in restore
    assert 'href="../../../2.0/guide/restore/">Go to Product 2.0' in restore
    search_index = (old.site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert "reached end of life" not in search_index  # banners and badges are not page text
    assert "Removed in 2.0" not in search_index
    stub = (old.site_dir / "guide/recovery/index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../restore/"' in stub and 'content="noindex"' in stub

    sitemap = (old.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    # Every page stays in its release's sitemap: Material's selector and instant navigation
    # read it; canonical links tell search engines which copy to index.
    assert "<loc>https://docs.example.com/1.0/guide/restore/</loc>" in sitemap

    preview = build_portal(config, "3.0", strict=True, site_dir=tmp_path / "s3")
    assert "Preview: Product 3.0 is not released yet" in preview.page("guide/")
    assert '<link rel="canonical" href="https://docs.example.com/2.0/guide/">' in preview.page(
        "guide/"
    )


def test_canonical_never_points_to_a_preview(tmp_path: Path) -> None:
    # A page that 1.0 (end of life) and 3.0 (preview) have, but no supported release.
    pages = {**PAGES, "guide/gap.md": "---\nversions: '!=2.0'\n---\n# Gap\n"}
    config = portal(tmp_path, pages)
    old = build_portal(config, "1.0", strict=True, site_dir=tmp_path / "s1")
    assert old.ok, old.messages()
    assert '<link rel="canonical" href="https://docs.example.com/1.0/guide/gap/">' in old.page(
        "guide/gap/"
    )
    preview = build_portal(config, "3.0", strict=True, site_dir=tmp_path / "s3")
    assert '<link rel="canonical" href="https://docs.example.com/3.0/guide/gap/">' in preview.page(
        "guide/gap/"
    )


def test_site_root_manifest_404_and_sitemap_index(tmp_path: Path) -> None:
    config = portal(tmp_path)
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    site = tmp_path / "site"
    with capture_mkdocs_logs() as records:
        build_releases(config, catalog, catalog.releases, site, strict=True)
    assert [r.getMessage() for r in records if r.levelname in ("WARNING", "ERROR")] == []
    manifest = json.loads((site / "releases.json").read_text(encoding="utf-8"))
    assert manifest["schema"] == 1 and manifest["default"] == "2.0"
    assert [(r["version"], r["status"]) for r in manifest["releases"]] == [
        ("3.0", "preview"),
        ("2.0", "supported"),
        ("1.0", "eol"),
    ]
    assert manifest["pages"]["guide/crypto"] == {
        "title": "Encryption",
        "fallback": "guide/backups",
        "urls": {"3.0": "guide/crypto/", "2.0": "guide/crypto/"},
    }
    assert manifest["pages"]["guide/tape"]["urls"] == {"1.0": "guide/tape/"}
    assert manifest["redirects"] == {"guide/recovery/": "guide/restore"}
    not_found = (site / "404.html").read_text(encoding="utf-8")
    assert '<script type="module" src="/_supportal/notfound.js"></script>' in not_found
    assert '<a class="supportal-notfound__home" href="/2.0/">Product 2.0</a>' in not_found
    assert (site / "_supportal/resolve.js").is_file() and (
        site / "_supportal/notfound.js"
    ).is_file()
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "<sitemapindex" in sitemap
    assert "<loc>https://docs.example.com/2.0/sitemap.xml</loc>" in sitemap
    assert "<loc>https://docs.example.com/3.0/sitemap.xml</loc>" in sitemap
    assert "1.0/sitemap.xml" not in sitemap  # end of life: not offered to search engines


def test_publishing_one_release_keeps_the_others_in_the_manifest(tmp_path: Path) -> None:
    config = portal(tmp_path)
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    site = tmp_path / "site"
    build_releases(config, catalog, [catalog.get("1.0")], site)
    assert list(
        json.loads((site / "releases.json").read_text())["pages"]["guide/tape"]["urls"]
    ) == ["1.0"]
    build_releases(config, catalog, [catalog.get("2.0")], site)  # 1.0 is not rebuilt
    manifest = json.loads((site / "releases.json").read_text())
    assert [r["version"] for r in manifest["releases"]] == ["2.0", "1.0"]
    assert manifest["pages"]["guide/restore"]["urls"] == {
        "2.0": "guide/restore/",
        "1.0": "guide/restore/",
    }


def _errors(tmp_path: Path, pages: dict[str, str], issues: str | None = None, strict: bool = False):
    return build_portal(portal(tmp_path, {**PAGES, **pages}, issues), "2.0", strict=strict)


def test_unknown_fallback_stops_the_build(tmp_path: Path) -> None:
    result = _errors(
        tmp_path, {"guide/crypto.md": "---\nversions: '>=2.0'\nfallback: guide/backup\n---\n# E\n"}
    )
    assert not result.ok
    assert result.errors[0] == (
        "docs/guide/crypto.md:3: fallback 'guide/backup' is not a page id. Did you mean 'guide/backups'? "
        "Page ids are paths without '.md' (manuals/backups) or a page's 'id'"
    )


def test_two_pages_with_one_id_stop_the_build(tmp_path: Path) -> None:
    result = _errors(tmp_path, {"guide/other.md": "---\nid: guide/backups\n---\n# Other\n"})
    assert not result.ok
    assert result.errors[0] == (
        "docs/guide/other.md:2: page id 'guide/backups' is also the id of docs/guide/backups.md in "
        "release 3.0, 2.0, 1.0: give one page another 'id', or ranges that do not overlap"
    )


def test_redirect_onto_an_existing_page_stops_the_build(tmp_path: Path) -> None:
    result = _errors(
        tmp_path, {"guide/restore.md": "---\nredirect_from: [guide/tape.md]\n---\n# R\n"}
    )
    assert not result.ok
    assert result.errors[0] == (
        "docs/guide/restore.md:2: redirect_from 'guide/tape.md' is the path of another page, "
        "docs/guide/tape.md: a redirect would hide it"
    )


def test_fixed_in_outside_the_catalog_stops_the_build(tmp_path: Path) -> None:
    issues = 'issues:\n  - id: KV-1\n    title: T\n    affects: "<2.0"\n    fixed_in: "2.1"\n'
    result = _errors(tmp_path, {}, issues)
    assert not result.ok
    assert result.errors[0] == (
        "known_issues.yml:5: fixed_in '2.1' is not a release in releases.yml. "
        "Expected one of: 3.0, 2.0, 1.0. Did you mean '2.0'?"
    )


def test_range_matching_no_release_warns_and_strict_fails(tmp_path: Path) -> None:
    issues = 'issues:\n  - id: KV-1\n    title: T\n    affects: ">=4.0"\n'
    lenient = _errors(tmp_path / "a", {}, issues)
    assert lenient.ok
    assert lenient.warnings == [
        "known_issues.yml:4: affects '>=4.0' matches no release in releases.yml (3.0, 2.0, 1.0): "
        "the issue is listed nowhere"
    ]
    assert not _errors(tmp_path / "b", {}, issues, strict=True).ok


def test_unknown_deprecated_in_warns_and_strict_fails(tmp_path: Path) -> None:
    page = {"guide/tape.md": "---\nversions: '<2.0'\ndeprecated_in: '0.9'\n---\n# Tape\n"}
    lenient = _errors(tmp_path / "a", page)
    assert lenient.ok
    assert lenient.warnings == [
        "docs/guide/tape.md:3: deprecated_in '0.9' is not a release in releases.yml (3.0, 2.0, 1.0)"
    ]
    assert not _errors(tmp_path / "b", page, strict=True).ok


def test_bad_known_issues_yaml_is_located(tmp_path: Path) -> None:
    result = _errors(tmp_path, {}, "issues:\n  - id: [\n")
    assert not result.ok
    assert result.errors[0].startswith("known_issues.yml:3: invalid YAML:")


def test_a_page_where_a_generated_page_goes_is_an_error(tmp_path: Path) -> None:
    result = _errors(tmp_path, {"known-issues.md": "# Mine\n"})
    assert not result.ok
    assert result.errors == [
        "docs/known-issues.md: supportal/reading generates this page (option "
        "'known_issues_page'); rename the file, or set 'known_issues_page' to another path (or "
        "'' for none)",
        "1 authoring error (listed above) stops the build.",
    ]


def test_a_page_published_where_a_generated_page_goes_is_an_error(tmp_path: Path) -> None:
    # known-issues/index.md and the generated known-issues.md are both known-issues/: one of the
    # two was silently written over the other.
    result = _errors(tmp_path, {"known-issues/index.md": "# Mine\n"}, strict=True)
    message = (
        "docs/known-issues/index.md: published at the same address as known-issues.md, which "
        "supportal/reading generates (option 'known_issues_page'); rename the file, or set "
        "'known_issues_page' to another path (or '' for none)"
    )
    assert result.errors == [message, "1 authoring error (listed above) stops the build."]
    assert_strict_build_stops(tmp_path / "portal" / "mkdocs.yml", message)


def test_two_generated_pages_at_one_address_are_an_error(tmp_path: Path) -> None:
    config = portal(tmp_path, PAGES)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - supportal/reading", "  - supportal/reading:\n"
                     "      release_notes_page: known-issues/index.md", 1),
        encoding="utf-8",
    )
    result = build_portal(config, "2.0", strict=True)
    assert result.errors[0].endswith(
        ": supportal/reading option 'release_notes_page' is known-issues/index.md, published at "
        "the same address as known-issues.md, which supportal/reading generates too: set "
        "'release_notes_page' to another path"
    )
    assert result.errors[1:] == ["1 authoring error (listed above) stops the build."]


def test_without_known_issues_file_the_page_says_so(tmp_path: Path) -> None:
    result = build_portal(portal(tmp_path, issues=None), "2.0", strict=True)
    assert result.ok, result.messages()
    assert "No known issue affects Product 2.0." in result.page("known-issues/")


def test_options_turn_banners_off_and_shorten_new_badges(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "  - supportal/reading\n",
        "  - supportal/reading:\n      banners: false\n      new_badge_releases: 1\n      docs_changes_page: ''\n",
    )
    root = make_portal(tmp_path / "p", PAGES, config=config, catalog=CATALOG)
    preview = build_portal(root, "3.0", strict=True)
    assert preview.ok, preview.messages()
    crypto = preview.page("guide/crypto/")
    assert "supportal-banner" not in crypto
    assert "New in 2.0" not in crypto  # 3.0 is the second release with the page
    assert not (preview.site_dir / "docs-changes").exists()
    assert "New in 2.0" in build_portal(root, "2.0", strict=True).page("guide/crypto/")


def test_bad_option_is_a_config_error(tmp_path: Path) -> None:
    config = CONFIG.replace(
        "  - supportal/reading\n", "  - supportal/reading:\n      new_badge_releases: two\n"
    )
    result = build_portal(make_portal(tmp_path / "p", PAGES, config=config, catalog=CATALOG), "2.0")
    assert not result.ok
    assert result.errors == [
        "mkdocs.yml:10: Config value 'plugins': Plugin 'supportal/reading' option "
        "'new_badge_releases': Expected type: a whole number but received: text"
    ]


def test_notes_that_are_not_text_warn_at_their_line_and_strict_fails(tmp_path: Path) -> None:
    catalog = CATALOG.replace("    notes: Encryption at rest.\n", "    notes: [a, b]\n")
    root = make_portal(tmp_path / "p", PAGES, config=CONFIG, catalog=catalog)
    lenient = build_portal(root, "2.0")
    assert lenient.ok
    assert lenient.warnings == [
        "releases.yml:11: 'notes' of release 2.0 must be Markdown text "
        "(write 'notes: |' and the text on indented lines below)"
    ]
    assert not build_portal(root, "2.0", strict=True).ok


def test_placeholders_in_notes_name_their_own_release_and_mistakes_their_catalog_line(
    tmp_path: Path,
) -> None:
    catalog = CATALOG.replace(
        "    notes: Encryption at rest.\n",
        "    notes: |\n"
        "      {{ release.title }} encrypts at rest.\n"
        "      Upgrade from {{ release.verion }} first.\n",
    )
    root = make_portal(tmp_path / "p", PAGES, config=CONFIG, catalog=catalog)
    # 3.0's notes page shows 2.0's notes: they speak of 2.0, not of the release being read.
    preview = build_portal(root, "3.0")
    assert preview.ok, preview.messages()
    notes = preview.page("release-notes/")
    assert "<p>Product 2.0 encrypts at rest.\nUpgrade from {{ release.verion }} first.</p>" in notes
    # Reported once, where the author typed it (the page itself is generated).
    assert preview.warnings == [
        "releases.yml:13: unknown placeholder 'release.verion'. Expected one of: version, "
        "title, date, status, status_label, end_of_support. Did you mean 'version'?"
    ]
    assert not build_portal(root, "3.0", strict=True).ok


def test_block_badge_inside_a_list_item_stays_in_it(tmp_path: Path) -> None:
    pages = {
        **PAGES,
        "guide/steps.md": (
            "# Steps\n\n1. Open the console.\n\n    /// versions | >=2.0\n"
            "    Then choose **Encrypt**.\n    ///\n\n2. Save.\n"
        ),
    }
    result = build_portal(make_portal(tmp_path / "p", pages, config=CONFIG, catalog=CATALOG), "2.0")
    assert result.ok, result.messages()
    html = result.page("guide/steps/")
    html = html[html.index('<h1 id="steps">') :]
    item = html[html.index("<li>") : html.index("</li>")]
    assert 'supportal-badge--new">New in 2.0<' in item
    assert "Then choose <strong>Encrypt</strong>." in item


def test_serve_rebuilds_when_the_known_issues_change(tmp_path: Path) -> None:
    # `supportal serve` watches what MkDocs' config.watch lists (newcomer's review: an issue
    # added to known_issues.yml did not show until a page was touched).
    config_file = portal(tmp_path)
    config = load_release_config(config_file, None)
    config.plugins.on_config(config)  # what every build does first
    assert str(config_file.parent / "known_issues.yml") in config.watch


@pytest.mark.parametrize(("value", "received"), [("-3", "-3"), ("true", "true/false")])
def test_a_count_below_zero_is_a_config_error(tmp_path: Path, value: str, received: str) -> None:
    # new_badge_releases: -3 was accepted and silently showed no badge.
    config = CONFIG.replace(
        "  - supportal/reading\n", f"  - supportal/reading:\n      new_badge_releases: {value}\n"
    )
    result = build_portal(make_portal(tmp_path / "p", PAGES, config=config, catalog=CATALOG), "2.0")
    assert result.errors == [
        "mkdocs.yml:10: Config value 'plugins': Plugin 'supportal/reading' option "
        f"'new_badge_releases': Expected a whole number of at least 0, not {received}"
    ]


def test_two_generated_pages_at_one_path_is_an_error(tmp_path: Path) -> None:
    # The docs changes page silently replaced the release notes.
    config = CONFIG.replace(
        "  - supportal/reading\n",
        "  - supportal/reading:\n      release_notes_page: docs-changes.md\n",
    )
    root = make_portal(tmp_path / "p", PAGES, config=config, catalog=CATALOG,
                       extra_files={"known_issues.yml": ISSUES})
    result = build_portal(root, "2.0")
    assert result.errors == [
        "mkdocs.yml:10: supportal/reading options 'release_notes_page' and 'docs_changes_page' are "
        "both docs-changes.md: give each generated page its own path"
    ]


def test_a_page_another_plugin_generates_at_the_same_path_is_named(tmp_path: Path) -> None:
    # The message named docs/release-notes.md, a file that does not exist.
    config = CONFIG.replace(
        "  - supportal/reading\n",
        "  - supportal/reading\n  - supportal/support:\n      contact_page: release-notes.md\n",
    )
    root = make_portal(tmp_path / "p", PAGES, config=config, catalog=CATALOG,
                       extra_files={"known_issues.yml": ISSUES, "support.yml": SUPPORT_YML})
    result = build_portal(root, "2.0")
    assert result.errors == [
        "mkdocs.yml:11: supportal/support option 'contact_page' is release-notes.md, a page "
        "supportal/reading generates already: set one of the two plugins' options to another path",
        "1 authoring error (listed above) stops the build.",
    ]
