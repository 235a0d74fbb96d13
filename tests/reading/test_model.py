"""The reading model without MkDocs: page ids, badges, docs diff, known issues, manifest."""

from __future__ import annotations

from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import Problems
from supportal.core.versions import VersionRange
from supportal.core.yamlfile import parse_yaml
from supportal.reading.badges import Badge, page_badges, range_badges
from supportal.reading.docdiff import diff_releases
from supportal.reading.knownissues import parse_known_issues
from supportal.reading.lifecycle import banner_for
from supportal.reading.manifest import ReleasePages, build_manifest, indexed_versions
from supportal.reading.pageids import build_index, default_page_id, url_of
from supportal.releases.blocks import RangeBlock
from supportal.releases.model import parse_catalog

from ..harness import dedent

CATALOG = """\
releases:
  - {version: "3.0", status: preview, title: P 3.0}
  - {version: "2.1", status: supported, default: true, title: P 2.1, aliases: [latest]}
  - {version: "2.0", status: lts, title: P 2.0, end_of_support: 2028-01-01}
  - {version: "1.0", status: eol, end_of_support: 2024-12-31, title: P 1.0}
"""


def catalog():
    problems = Problems()
    result = parse_catalog(parse_yaml(CATALOG, "releases.yml"), "releases.yml", problems)
    assert result is not None, problems.items
    return result


def sources(pages: dict[str, str]):
    return {uri: read_front_matter(dedent(text), f"docs/{uri}") for uri, text in pages.items()}


def messages(problems: Problems) -> list[str]:
    return [str(p) for p in problems]


def test_default_page_ids_and_urls() -> None:
    assert default_page_id("manuals/install.md") == "manuals/install"
    assert default_page_id("manuals/index.md") == "manuals"
    assert default_page_id("index.md") == "index"
    assert url_of("manuals/install.md") == "manuals/install/"
    assert url_of("manuals/index.md") == "manuals/"
    assert url_of("index.md") == ""
    assert url_of("manuals/install.md", use_directory_urls=False) == "manuals/install.html"


def test_two_pages_claiming_one_id_in_a_release_is_an_error() -> None:
    problems = Problems()
    build_index(
        sources(
            {
                "a.md": "---\nid: guide\n---\n# A\n",
                "b.md": "---\ntitle: B\nid: guide\nversions: '>=2.0'\n---\n",
            }
        ),
        catalog(),
        problems,
    )
    assert messages(problems) == [
        "docs/b.md:3: page id 'guide' is also the id of docs/a.md in release 3.0, 2.1, 2.0: "
        "give one page another 'id', or ranges that do not overlap"
    ]


def test_pages_of_disjoint_ranges_may_share_an_id() -> None:
    problems = Problems()
    index = build_index(
        sources(
            {
                "recovery.md": "---\nid: restore\nversions: '<2.0'\n---\n# Recovery\n",
                "restore.md": "---\nversions: '>=2.0'\n---\n# Restore\n",
            }
        ),
        catalog(),
        problems,
    )
    assert messages(problems) == []
    assert [r.version for r in index.releases_with("restore")] == ["3.0", "2.1", "2.0", "1.0"]


def test_unknown_fallback_id_is_an_error_with_a_suggestion() -> None:
    problems = Problems()
    build_index(
        sources(
            {
                "guide/backups.md": "# Backups\n",
                "guide/crypto.md": "---\nversions: '>=2.0'\nfallback: guide/backup\n---\n",
            }
        ),
        catalog(),
        problems,
    )
    assert messages(problems) == [
        "docs/guide/crypto.md:3: fallback 'guide/backup' is not a page id. Did you mean "
        "'guide/backups'? Page ids are paths without '.md' (manuals/backups) or a page's 'id'"
    ]


def test_redirect_from_mistakes() -> None:
    problems = Problems()
    build_index(
        sources(
            {
                "old.md": "# Old\n",
                "new.md": "---\nredirect_from: [old.md, old/, ../../up.md]\n---\n",
                "other.md": "---\nredirect_from: gone.md\n---\n",
                "third.md": "---\nredirect_from: [gone.md]\n---\n",
                "bad.md": "---\nredirect_from: {a: 1}\n---\n",
            }
        ),
        catalog(),
        problems,
    )
    assert messages(problems) == [
        "docs/bad.md:2: 'redirect_from' must be a list of former page paths such as [manuals/recovery.md]",
        "docs/new.md:2: redirect_from 'old/' must be the former Markdown path of the page, "
        "relative to the docs folder, such as 'manuals/recovery.md'",
        "docs/new.md:2: redirect_from '../../up.md' must be the former Markdown path of the page, "
        "relative to the docs folder, such as 'manuals/recovery.md'",
        "docs/new.md:2: redirect_from 'old.md' is the path of another page, docs/old.md: a redirect would hide it",
        "docs/third.md:2: redirect_from 'gone.md' is also claimed by docs/other.md",
    ]


def test_bad_id_and_unknown_deprecated_in() -> None:
    problems = Problems()
    build_index(
        sources({
            "a.md": "---\nid: 'has space'\ndeprecated_in: 2.5\n---\n",
            "b.md": "---\nid: 'Manuals/How Long'\n---\n",  # the suggestion keeps folders
        }), catalog(), problems
    )
    assert messages(problems) == [
        "docs/a.md:2: page id 'has space' must be letters, digits, '.', '_', '-' or '/', such as 'has-space'",
        "docs/b.md:2: page id 'Manuals/How Long' must be letters, digits, '.', '_', '-' or '/', "
        "such as 'manuals/how-long'",
        "docs/a.md:3: deprecated_in '2.5' is not a release in releases.yml (3.0, 2.1, 2.0, 1.0)",
    ]


def test_id_that_yaml_made_a_number_must_be_quoted() -> None:
    # 42 is digits, so "must be letters, digits, ..." was wrong: YAML made it a number.
    problems = Problems()
    build_index(
        sources({
            "a.md": "---\nid: 42\n---\n",
            "b.md": "---\ntitle: B\nid: 0042\n---\n",
            "c.md": "---\nid: [a, b]\n---\n",
            "d.md": "---\nid: '42'\n---\n",
        }),
        catalog(),
        problems,
    )
    assert messages(problems) == [
        "docs/a.md:2: page id must be text, not a number: put it in quotes ('42')",
        "docs/b.md:3: page id must be text, not a number: put it in quotes ('0042')",
        "docs/c.md:2: page id must be text such as 'manuals/restore', not a list",
    ]


def test_new_badge_for_a_window_of_releases_then_silent() -> None:
    cat = catalog()
    r = {x.version: x for x in cat.releases}
    since = VersionRange.parse(">=2.0")
    assert range_badges(since, cat, r["2.0"], 2) == [Badge("new", "2.0")]
    assert range_badges(since, cat, r["2.1"], 2) == [Badge("new", "2.0")]
    assert range_badges(since, cat, r["3.0"], 2) == []
    assert range_badges(since, cat, r["2.1"], 1) == []
    assert range_badges(since, cat, r["1.0"], 2) == []
    # Present since the oldest release: nothing is new.
    assert range_badges(VersionRange.all(), cat, r["1.0"], 2) == []


def test_upcoming_removed_and_labels() -> None:
    cat = catalog()
    r = {x.version: x for x in cat.releases}
    assert range_badges(VersionRange.parse(">=3.0"), cat, r["3.0"], 2) == [Badge("upcoming", "3.0")]
    assert Badge("upcoming", "3.0").label == "Upcoming in 3.0"
    before = VersionRange.parse("<2.1")
    assert range_badges(before, cat, r["2.0"], 2) == [Badge("removed", "2.1")]
    assert range_badges(before, cat, r["1.0"], 2) == []  # only the last release that has it
    assert Badge("removed", "2.1").label == "Removed in 2.1"


def test_page_badges_changed_and_deprecated() -> None:
    cat = catalog()
    r = {x.version: x for x in cat.releases}
    blocks = [RangeBlock(VersionRange.parse(">=2.1"), 5, 9)]
    assert page_badges(VersionRange.all(), blocks, cat, r["2.1"], 2) == [Badge("changed", "2.1")]
    assert page_badges(VersionRange.all(), blocks, cat, r["3.0"], 2) == [Badge("changed", "2.1")]
    assert page_badges(VersionRange.all(), blocks, cat, r["3.0"], 1) == []
    assert page_badges(VersionRange.all(), blocks, cat, r["2.0"], 2) == []
    assert page_badges(VersionRange.all(), [], cat, r["3.0"], 2, deprecated_in="2.1") == [
        Badge("deprecated", "2.1")
    ]
    assert page_badges(VersionRange.all(), [], cat, r["2.0"], 2, deprecated_in="2.1") == []


def test_docs_diff_added_removed_changed_and_moved() -> None:
    cat = catalog()
    r = {x.version: x for x in cat.releases}
    pages = sources(
        {
            "same.md": "# Same in {{ release.version }}\n",
            "tape.md": "---\nversions: '<2.1'\n---\n# Tape\n",
            "repl.md": "---\nversions: '>=2.1'\n---\n# Replication\n",
            "guide.md": "# Guide\n\n/// versions | >=2.1\nNew step.\n///\n",
            "recovery.md": "---\nid: restore\nversions: '<2.1'\n---\n# Recovery\n",
            "restore.md": "---\nversions: '>=2.1'\n---\n# Recovery\n",
        }
    )
    problems = Problems()
    index = build_index(pages, cat, problems)
    assert not problems
    result = diff_releases(index, pages, r["2.0"], r["2.1"])
    assert [p.src_uri for p in result.added] == ["repl.md"]
    assert [p.src_uri for p in result.removed] == ["tape.md"]
    assert [(c.old_src, c.new_src) for c in result.changed] == [
        ("guide.md", "guide.md"),
        ("recovery.md", "restore.md"),
    ]
    assert result.changed[0].diff.splitlines() == [
        "--- 2.0/guide.md",
        "+++ 2.1/guide.md",
        "@@ -1,2 +1,3 @@",
        " # Guide",
        " ",
        "+New step.",
    ]
    assert diff_releases(index, pages, r["2.0"], r["2.0"]).empty


def test_known_issue_mistakes_are_located() -> None:
    text = dedent("""
        issues:
          - id: KV-1
            title: Crash
            affects: ">=2.0,<2.1"
            fixed_in: "2.2"
          - id: KV-2
            title: Old
            affects: "<0.5"
            workaround: Upgrade.
          - id: KV-2
            title: Again
            affects: ">=2.0"
          - id: KV-3
            titel: Typo
            affects: ">=2.0"
            fixed_in: "2.1"
    """)
    problems = Problems()
    issues = parse_known_issues(
        parse_yaml(text, "known_issues.yml"), "known_issues.yml", catalog(), problems
    )
    assert messages(problems) == [
        "known_issues.yml:5: fixed_in '2.2' is not a release in releases.yml. "
        "Expected one of: 3.0, 2.1, 2.0, 1.0. Did you mean '2.1'?",
        "known_issues.yml:8: affects '<0.5' matches no release in releases.yml (3.0, 2.1, 2.0, 1.0): "
        "the issue is listed nowhere",
        "known_issues.yml:10: duplicate known issue id 'KV-2' (already at line 6)",
        "known_issues.yml:14: unknown known-issue key 'titel'. Expected one of: id, title, affects, "
        "fixed_in, workaround, details. Did you mean 'title'?",
        "known_issues.yml:13: known issue without 'title'",
        "known_issues.yml:16: known issue 'KV-3' is fixed in 2.1 but its affects range '>=2.0' "
        "includes 2.1: end the range before the fix, such as '<2.1'",
    ]
    assert [i.id for i in issues] == ["KV-2"]
    assert issues[0].workaround == "Upgrade." and issues[0].anchor == "kv-2"


def test_known_issue_fixed_inside_its_range_is_a_warning() -> None:
    text = 'issues:\n  - {id: KV-9, title: X, affects: ">=2.0", fixed_in: "2.1"}\n'
    problems = Problems()
    issues = parse_known_issues(parse_yaml(text, "k.yml"), "k.yml", catalog(), problems)
    assert messages(problems) == [
        "k.yml:2: known issue 'KV-9' is fixed in 2.1 but its affects range '>=2.0' includes 2.1: "
        "end the range before the fix, such as '<2.1'"
    ]
    assert problems.errors == [] and issues[0].fixed_in == "2.1"


def test_lifecycle_banners_from_the_catalog() -> None:
    cat = catalog()
    r = {x.version: x for x in cat.releases}
    assert banner_for(cat, r["2.1"]) is None
    assert banner_for(cat, r["1.0"]).text == (
        "P 1.0 reached end of life on 2024-12-31: it gets no more fixes or security updates."
    )
    assert banner_for(cat, r["3.0"]).kind == "preview"
    older = banner_for(cat, r["2.0"])
    assert older.kind == "older" and older.link_label == "Go to the latest release, P 2.1"


def test_manifest_joins_catalog_and_release_page_lists() -> None:
    cat = catalog()
    lists = {
        "2.1": ReleasePages(
            "2.1",
            pages=[{"id": "a", "url": "a/", "title": "A new", "fallback": None}],
            redirects={"old-a/": "a"},
        ),
        "1.0": ReleasePages(
            "1.0",
            pages=[
                {"id": "a", "url": "a/", "title": "A", "fallback": None},
                {"id": "tape", "url": "tape/", "title": "Tape", "fallback": "a"},
            ],
        ),
    }
    manifest = build_manifest(cat, ["2.1", "1.0"], lists)
    assert manifest["default"] == "2.1"
    assert [r["version"] for r in manifest["releases"]] == ["2.1", "1.0"]
    assert manifest["releases"][1]["status"] == "eol"
    assert manifest["releases"][1]["end_of_support"] == "2024-12-31"
    assert manifest["pages"] == {
        "a": {"title": "A new", "fallback": None, "urls": {"2.1": "a/", "1.0": "a/"}},
        "tape": {"title": "Tape", "fallback": "a", "urls": {"1.0": "tape/"}},
    }
    assert manifest["redirects"] == {"old-a/": "a"}
    assert indexed_versions(cat, ["2.1", "1.0", "3.0"]) == ["3.0", "2.1"]



def test_a_known_issue_id_that_yaml_reads_as_a_number_is_refused() -> None:
    # Taken as text, `0042` would silently become the issue '42'.
    text = 'issues:\n  - id: 0042\n    title: Crash\n    affects: ">=2.0"\n'
    problems = Problems()
    parse_known_issues(parse_yaml(text, "known_issues.yml"), "known_issues.yml", catalog(), problems)
    assert messages(problems) == [
        "known_issues.yml:2: known issue id must be text, not a number: put it in quotes ('0042')"
    ]
