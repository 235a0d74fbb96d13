"""Real builds through the MkDocs pipeline: ranges, blocks, placeholders and their mistakes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from supportal.cli.main import cli

from ..harness import DEFAULT_CATALOG, SITES, BuildResult, build_portal, make_portal


@pytest.fixture
def ranges_site(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "ranges", tmp_path / "portal")
    return tmp_path / "portal" / "mkdocs.yml"


def nav_links(result: BuildResult, url: str = "") -> str:
    html = result.page(url)
    return html[html.index('class="md-nav md-nav--primary"') :]


def test_page_outside_the_release_is_left_out_of_site_and_nav(ranges_site: Path) -> None:
    new = build_portal(ranges_site, "2.0", strict=True)
    assert new.ok, new.messages()
    assert (new.site_dir / "guide/encryption/index.html").is_file()
    assert not (new.site_dir / "guide/tape").exists()
    assert 'href="guide/encryption/"' in nav_links(new)
    assert "guide/tape/" not in nav_links(new)
    assert "Legacy" not in nav_links(new)  # a section left empty disappears

    old = build_portal(ranges_site, "1.0", strict=True)
    assert old.ok, old.messages()
    assert (old.site_dir / "guide/tape/index.html").is_file()
    assert not (old.site_dir / "guide/encryption").exists()
    assert 'href="guide/legacy/"' in nav_links(old)


def test_inline_blocks_kept_or_dropped(ranges_site: Path) -> None:
    new = build_portal(ranges_site, "2.0", strict=True)
    install = new.page("guide/install/")
    assert "Install the package." in install
    assert "Run the setup script." not in install
    assert "Container images" not in install
    assert "///" not in install

    preview = build_portal(ranges_site, "3.0rc1", strict=True)
    assert "Container images are new." in preview.page("guide/install/")
    old = build_portal(ranges_site, "1.0", strict=True)
    assert "Run the setup script." in old.page("guide/install/")
    assert "Install the package." not in old.page("guide/install/")


def test_release_placeholders_outside_code(ranges_site: Path) -> None:
    home = build_portal(ranges_site, "1.0", strict=True).page("")
    assert "Home of Product 1.0" in home
    assert "Status: End of life." in home
    assert "<code>{{ release.version }}</code>" in home
    assert "{{ release.title }} stays literal in code." in home


def test_release_comes_from_the_plugin_option_or_environment(
    ranges_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SUPPORTAL_RELEASE", "1.0")
    assert "Home of Product 1.0" in build_portal(ranges_site).page("")
    monkeypatch.delenv("SUPPORTAL_RELEASE")
    assert "Home of Product 2.0" in build_portal(ranges_site).page("")
    config = ranges_site.read_text().replace(
        "  - supportal/releases", "  - supportal/releases:\n      release: !ENV [DOCS_RELEASE, latest]"
    )
    ranges_site.write_text(config)
    assert "Home of Product 2.0" in build_portal(ranges_site).page("")
    monkeypatch.setenv("DOCS_RELEASE", "3.0rc1")
    assert "Home of Product 3.0 preview" in build_portal(ranges_site).page("")


def test_templates_see_the_release(tmp_path: Path) -> None:
    config = make_portal(
        tmp_path,
        {"index.md": "# Home\n"},
        config="""\
            site_name: T
            docs_dir: docs
            theme:
              name: material
              font: false
              custom_dir: overrides
            plugins:
              - supportal/releases
            """,
        extra_files={
            "overrides/main.html": (
                '{% extends "base.html" %}\n'
                '{% block announce %}{{ release.title }} ({{ release.status }}), '
                '{{ releases | length }} releases{% endblock %}\n'
            )
        },
    )
    html = build_portal(config, "1.0", strict=True).page("")
    assert "Product 1.0 (eol), 2 releases" in html


def test_nav_entries_are_pruned_however_their_path_is_spelled(tmp_path: Path) -> None:
    # MkDocs finds `./old.md` and `guide//a.md` as old.md and guide/a.md: pruning must too, or
    # the release without them warns about missing nav targets (and --strict fails).
    old = "---\nversions: '<2.0'\n---\n# Old\n"
    config = make_portal(
        tmp_path,
        {"index.md": "# Home\n", "old.md": old, "guide/index.md": old, "guide/a.md": old,
         "guide/b.md": "# B\n"},
        config="""\
            site_name: T
            docs_dir: docs
            theme:
              name: material
              font: false
            plugins:
              - supportal/releases
            nav:
              - index.md
              - Old: ./old.md
              - Guide:
                - guide/index.md
                - Nested:
                  - guide//a.md
                - guide/b.md
            """,
    )
    new = build_portal(config, "2.0", strict=True)
    assert new.ok, new.messages()
    nav = nav_links(new)
    assert "Nested" not in nav and "old/" not in nav
    assert 'href="guide/b/"' in nav
    assert build_portal(config, "1.0", strict=True).ok


# --- authoring mistakes: exact message, and --strict fails -------------------------------

MISTAKES = {
    "bad front matter YAML": (
        {"a.md": "---\ntitle: A\nversions: [>=2\n---\n# A\n"},
        "docs/a.md:3: invalid YAML: found character '>' that cannot start any token "
        "(quote a value that starts with this character)",
    ),
    "invalid page range": (
        {"a.md": "---\nversions: '2.x'\n---\n# A\n"},
        "docs/a.md:2: '2.x' is not a valid version range: write PEP 440 specifiers such as "
        "'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'. Use '==2.*' for a whole release line, or '>=2.0,<3.0'.",
    ),
    "unquoted page range": (  # YAML reads 2.10 as the number 2.1: the message shows 2.10
        {"a.md": "---\nversions: 2.10\n---\n# A\n"},
        "docs/a.md:2: '2.10' is not a valid version range: write PEP 440 specifiers such as "
        "'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'. For exactly this release write '==2.10'; for "
        "this release and later, '>=2.10'.",
    ),
    "page range as a list": (
        {"a.md": "---\nversions: [\">=2.0\"]\n---\n# A\n"},
        "docs/a.md:2: a version range must be quoted text such as '>=2.0,<3.0', not a list: "
        "write every condition in one string, separated by commas",
    ),
    "empty page range": (
        {"a.md": "---\ntitle: A\nversions:\n---\n# A\n"},
        "docs/a.md:3: a version range must be quoted text such as '>=2.0,<3.0', not empty",
    ),
    "unclosed block": (
        {"a.md": "---\ntitle: A\n---\n\n# A\n\n/// versions | >=2.0\ntext\n"},
        "docs/a.md:7: unclosed '/// versions' block: end it with a line '///'",
    ),
    "nested block": (
        {"a.md": "# A\n/// versions | >=1.0\n//// versions | >=2.0\nx\n////\n///\n"},
        "docs/a.md:3: versions block inside the versions block of line 2: blocks do not nest; "
        "write one block with both ranges, such as '>=2.0,<3.0'",
    ),
    "invalid block range": (
        {"a.md": "# A\n\n/// versions | >= two\nx\n///\n"},
        "docs/a.md:3: '>= two' is not a valid version range: write PEP 440 specifiers such as "
        "'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'.",
    ),
}


@pytest.mark.parametrize("case", list(MISTAKES))
def test_authoring_errors_stop_the_build_with_their_location(tmp_path: Path, case: str) -> None:
    pages, message = MISTAKES[case]
    config = make_portal(tmp_path, {"index.md": "# Home\n", **pages})
    for strict in (False, True):
        result = build_portal(config, strict=strict)
        assert not result.ok
        assert result.errors[0] == message
        assert "Traceback" not in "\n".join(result.messages())


WARNINGS = {
    "range matching no release": (
        {"a.md": "---\nversions: '>=9.0'\n---\n# A\n"},
        "docs/a.md:2: versions '>=9.0' matches no release in releases.yml (2.0, 1.0): "
        "the page is never published",
    ),
    "unknown placeholder": (
        {"a.md": "---\ntitle: A\n---\n# A\n\nIn {{ release.name }}.\n"},
        "docs/a.md:6: unknown placeholder 'release.name'. Expected one of: version, title, "
        "date, status, status_label, end_of_support.",
    ),
    "template-only placeholder": (  # True/False and a list have no place in a sentence
        {"a.md": "# A\n\nDefault: {{ release.default }}.\n"},
        "docs/a.md:3: placeholder 'release.default' is only for theme templates, not pages. "
        "Expected one of: version, title, date, status, status_label, end_of_support.",
    ),
    "placeholder without a field": (
        {"a.md": "# A\n\nIn {{ release }}.\n"},
        "docs/a.md:3: malformed placeholder '{{ release }}': write '{{ release.NAME }}' alone, "
        "without filters, methods or indexing. Expected one of: version, title, date, status, "
        "status_label, end_of_support.",
    ),
    "placeholder with a method": (
        {"a.md": "# A\n\nIn {{ release.title.upper }}.\n"},
        "docs/a.md:3: malformed placeholder '{{ release.title.upper }}': write "
        "'{{ release.NAME }}' alone, without filters, methods or indexing. Expected one of: "
        "version, title, date, status, status_label, end_of_support. Did you mean 'title'?",
    ),
}


@pytest.mark.parametrize("case", list(WARNINGS))
def test_warnings_are_located_and_fail_strict(tmp_path: Path, case: str) -> None:
    pages, message = WARNINGS[case]
    config = make_portal(tmp_path, {"index.md": "# Home\n", **pages})
    lenient = build_portal(config)
    assert lenient.ok and lenient.warnings == [message]
    strict = build_portal(config, strict=True)
    assert not strict.ok and strict.warnings == [message]


def test_every_page_error_is_reported_in_one_run(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "a.md": "# A\n/// versions | nope\nx\n///\n",
        "b.md": "# B\n/// versions | >=1\n",
    })
    result = build_portal(config)
    assert not result.ok
    assert [m.split(":")[0] + ":" + m.split(":")[1] for m in result.errors[:2]] == ["docs/a.md:2", "docs/b.md:2"]
    assert result.errors[-1] == "2 authoring errors in pages (listed above) stop the build."


def test_bad_catalog_stops_the_build_without_traceback(tmp_path: Path) -> None:
    config = make_portal(
        tmp_path, {"index.md": "# Home\n"},
        catalog="releases:\n  - version: '2.0'\n    status: current\n",
    )
    result = build_portal(config)
    assert not result.ok
    assert result.errors == [
        "releases.yml:3: unknown status 'current'. Expected one of: preview, supported, lts, eol.",
        "releases.yml:1: no default release: mark one release with 'default: true'",
        "2 authoring errors (listed above) stop the build.",
    ]


def test_every_alias_problem_of_the_catalog_stops_the_build_at_once(tmp_path: Path) -> None:
    config = make_portal(
        tmp_path, {"index.md": "# Home\n"},
        catalog="""\
            releases:
              - version: "2.0"
                status: supported
                default: true
                aliases: [latest]
              - version: "1.0"
                status: supported
                aliases: [latest, "2.0", index.html, Bad]
            """,
    )
    for strict in (False, True):
        result = build_portal(config, strict=strict)
        assert not result.ok
        assert result.errors == [
            "releases.yml:8: alias 'index.html' is a file at the root of the site, not a name "
            "for an alias",
            "releases.yml:8: alias 'Bad' must be a lower-case name of letters, digits, '-', '_' "
            "or '.'",
            "releases.yml:8: alias 'latest' is claimed by 2.0 (line 5) and 1.0",
            "releases.yml:8: alias '2.0' is also a release version",
            "4 authoring errors (listed above) stop the build.",
        ]


def test_unknown_release_option(tmp_path: Path) -> None:
    config = make_portal(
        tmp_path, {"index.md": "# Home\n"},
        config="site_name: T\ndocs_dir: docs\nplugins:\n  - supportal/releases:\n      release: '2.1'\n",
    )
    result = build_portal(config)
    assert not result.ok
    assert result.errors == [
        "release '2.1' is not in releases.yml. Expected one of: 2.0, 1.0, latest. Did you mean '2.0'?"
    ]


def test_a_page_that_is_not_utf8_is_a_located_error_not_a_traceback(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {"index.md": "# Home\n"})
    (tmp_path / "docs/latin.md").write_bytes(b"---\nowner: x\n---\n\xff\xfe bad")
    message = (
        "docs/latin.md: cannot read file: 'utf-8' codec can't decode byte 0xff in position 17: "
        "invalid start byte"
    )
    for strict in (False, True):
        result = build_portal(config, strict=strict)
        assert not result.ok
        assert result.errors == [message, "1 authoring error (listed above) stops the build."]

    check = CliRunner().invoke(cli, ["check", "-f", str(config)])
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [message]
    assert "Traceback" not in check.output


def test_every_malformed_placeholder_is_reported_and_left_as_written(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "a.md": (
            "# A\n\n{{ release }} and {{ release.title | upper }}, {{ release.aliases }}.\n\n"
            "`{{ release }}` and {{ release_notes }} are not placeholders.\n\n"
            "```\n{{ release.title.upper }}\n```\n\n{{ release.title }}\n"
        ),
    })
    result = build_portal(config, strict=True)
    assert not result.ok
    fields = "Expected one of: version, title, date, status, status_label, end_of_support."
    alone = "write '{{ release.NAME }}' alone, without filters, methods or indexing."
    assert result.warnings == [
        f"docs/a.md:3: malformed placeholder '{{{{ release }}}}': {alone} {fields}",
        f"docs/a.md:3: malformed placeholder '{{{{ release.title | upper }}}}': {alone} {fields} "
        "Did you mean 'title'?",
        f"docs/a.md:3: placeholder 'release.aliases' is only for theme templates, not pages. "
        f"{fields}",
    ]
    lenient = build_portal(config)
    html = lenient.page("a/")
    assert "{{ release }} and {{ release.title | upper }}, {{ release.aliases }}." in html
    assert "<code>{{ release }}</code> and {{ release_notes }} are not placeholders." in html
    assert "{{ release.title.upper }}" in html  # in fenced code: shown as written
    assert "<p>Product 2.0</p>" in html


def test_a_retention_mistake_stops_build_and_check_not_only_prune(tmp_path: Path) -> None:
    config = make_portal(
        tmp_path, {"index.md": "# Home\n"},
        catalog=DEFAULT_CATALOG + "retention:\n  keep: eol\n  keep_last: 3\n",
    )
    messages = [
        "releases.yml:15: unknown retention key 'keep_last'. Expected one of: keep, "
        "patches_per_minor, eol_grace_days, history. Did you mean 'keep'?",
        "releases.yml:14: 'keep' must be a list of statuses, not text: write 'keep: [eol]'",
    ]
    for strict in (False, True):
        result = build_portal(config, strict=strict)
        assert not result.ok
        assert result.errors == [*messages, "2 authoring errors (listed above) stop the build."]
    for command in ("check", "build"):
        run = CliRunner().invoke(cli, [command, "-f", str(config)])
        assert run.exit_code == 1, command
        assert run.stderr.splitlines() == messages, command
        assert "Traceback" not in run.output
