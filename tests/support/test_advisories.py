"""Security advisories: the listing page, the banner on affected releases, every message."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import ADVISORIES, SUPPORT_CONFIG, SUPPORT_YML, build_support

TWO = (
    ADVISORIES
    + """\
  - id: ACME-2025-02
    title: Backups readable by other tenants
    severity: critical
    affected: ">=1.0,<2.0"
    fixed_in: "2.0"
    published: 2025-03-01
"""
)


def test_listing_page_shows_every_advisory_newest_first(tmp_path: Path) -> None:
    result = build_support(tmp_path, advisories=TWO, release="2.0")
    assert result.ok, result.messages()
    html = result.page("support/security/")
    assert '<h1 id="security-advisories">Security advisories' in html
    assert "No published advisory affects Product 2.0." in html
    assert html.index('id="acme-2025-02"') < html.index('id="acme-2025-01"')
    assert "ACME-2025-01: Tokens never expire" in html
    assert '<span class="supportal-severity supportal-severity--high">High</span>' in html
    assert "<li><strong>Affected releases:</strong> <code>&lt;2.0</code> (1.0)</li>" in html
    assert "<li><strong>Fixed in:</strong> 2.0</li>" in html
    assert '<a href="https://www.cve.org/CVERecord?id=CVE-2025-10001">CVE-2025-10001</a>' in html
    assert "<li><strong>Published:</strong> 2025-02-01</li>" in html
    assert "<li><strong>Product 2.0:</strong> not affected</li>" in html
    assert "<p>Old tokens keep working.</p>" in html


def test_banner_only_on_affected_releases(tmp_path: Path) -> None:
    old = build_support(tmp_path / "old", advisories=TWO, release="1.0")
    new = build_support(tmp_path / "new", advisories=TWO, release="2.0")
    assert old.ok and new.ok, old.messages() + new.messages()
    page = old.page("guide/")
    assert (
        '<p class="admonition-title">2 security advisories affect this release — fixed in 2.0</p>'
        in page
    )
    assert '<a href="../support/security/#acme-2025-02">ACME-2025-02</a> (critical)' in page
    assert "Upgrade to 2.0 or later to be protected." in page
    # On every page of the affected release, but not on the listing itself.
    assert "supportal-advisories-banner" in old.page("")
    assert "supportal-advisories-banner" not in old.page("support/security/")
    assert "2 of these advisories affect Product 1.0: fixed in 2.0." in old.page(
        "support/security/"
    )
    for url in ("", "guide/", "support/"):
        assert "supportal-advisories-banner" not in new.page(url)


def test_one_unfixed_advisory(tmp_path: Path) -> None:
    unfixed = ADVISORIES.replace('    fixed_in: "2.0"\n', "").replace('"<2.0"', '"<3.0"')
    result = build_support(tmp_path, advisories=unfixed, release="2.0")
    assert result.ok, result.messages()
    page = result.page("guide/")
    assert '<p class="admonition-title">1 security advisory affects this release</p>' in page
    assert "No release fixes it yet." in page
    assert "<li><strong>Fixed in:</strong> no fix released yet</li>" in result.page(
        "support/security/"
    )


def test_banner_can_be_turned_off(tmp_path: Path) -> None:
    config = SUPPORT_CONFIG.replace(
        "file: advisories.yml\n", "file: advisories.yml\n        banner: false\n"
    )
    result = build_support(tmp_path, config=config, release="1.0")
    assert result.ok, result.messages()
    assert "supportal-advisories-banner" not in result.page("guide/")


def test_advisory_text_cannot_inject_markup(tmp_path: Path) -> None:
    payload = ADVISORIES.replace(
        "title: Tokens never expire",
        "title: '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3))'",
    ).replace("summary: Old tokens keep working.", "summary: '<b onclick=alert(4)>bold</b> *em*'")
    result = build_support(tmp_path, advisories=payload, release="1.0")
    assert result.ok, result.messages()
    for url in ("support/security/", "guide/"):
        html = result.page(url)
        assert "<script>alert" not in html and "<img" not in html
        assert (
            'href="javascript' not in html
            and "<b onclick" not in html
            and "<em>em</em>" not in html
        )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in result.page("support/security/")


# --- validation -----------------------------------------------------------------------------------

ERRORS = [
    (
        "unknown key",
        ADVISORIES.replace("    summary:", "    sumary:"),
        "advisories.yml:9: unknown advisory key 'sumary'. Expected one of: id, title, severity, "
        "affected, fixed_in, cves, published, summary. Did you mean 'summary'?",
    ),
    (
        "unknown severity",
        ADVISORIES.replace("severity: high", "severity: hihg"),
        "advisories.yml:4: unknown severity 'hihg'. Expected one of: critical, high, medium, low. "
        "Did you mean 'high'?",
    ),
    (
        "bad range",
        ADVISORIES.replace('affected: "<2.0"', 'affected: "2.x"'),
        "advisories.yml:5: '2.x' is not a valid version range: write PEP 440 specifiers such as "
        "'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'. Use '==2.*' for a whole release line, or '>=2.0,<3.0'.",
    ),
    (
        "fixed_in not a release",
        ADVISORIES.replace('fixed_in: "2.0"', 'fixed_in: "2.1"'),
        "advisories.yml:6: advisory ACME-2025-01: fixed_in '2.1' is not a release of the catalog. "
        "Expected one of: 2.0, 1.0. Did you mean '2.0'?",
    ),
    (
        "fixed_in affected",
        ADVISORIES.replace('affected: "<2.0"', 'affected: "<=2.0"'),
        "advisories.yml:6: advisory ACME-2025-01: fixed_in 2.0 is inside its own affected range '<=2.0'",
    ),
    (
        "bad cve",
        ADVISORIES.replace("CVE-2025-10001", "CVE-25-1"),
        "advisories.yml:7: advisory ACME-2025-01: 'CVE-25-1' is not a CVE id (CVE-YYYY-NNNN)",
    ),
    (
        "bad date",
        ADVISORIES.replace("published: 2025-02-01", "published: 1 Feb 2025"),
        "advisories.yml:8: advisory ACME-2025-01: 'published' is not a date: '1 Feb 2025' (write YYYY-MM-DD)",
    ),
    (
        "missing title",
        ADVISORIES.replace("    title: Tokens never expire\n", ""),
        "advisories.yml:2: advisory ACME-2025-01 needs a 'title' (a non-empty string)",
    ),
    (
        "bad id",
        ADVISORIES.replace("id: ACME-2025-01", "id: ACME 1"),
        "advisories.yml:2: advisory id is 'ACME 1': write an identifier such as 'KVSA-2026-01'",
    ),
    (
        "duplicate id",
        ADVISORIES + ADVISORIES.split("\n", 1)[1],
        "advisories.yml:10: duplicate advisory id 'ACME-2025-01' (already at line 2)",
    ),
    (
        "no list",
        "advisory: []\n",
        "advisories.yml:1: an advisories file needs a top-level 'advisories:' list",
    ),
]


@pytest.mark.parametrize(("text", "message"), [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_error_messages(tmp_path: Path, text: str, message: str) -> None:
    result = build_support(tmp_path, advisories=text)
    assert not result.ok
    assert result.errors[0] == message


@pytest.mark.parametrize(
    ("text", "message"), [e[1:] for e in ERRORS[:3]], ids=[e[0] for e in ERRORS[:3]]
)
def test_errors_fail_strict_builds_too(tmp_path: Path, text: str, message: str) -> None:
    strict = build_support(tmp_path, advisories=text, strict=True)
    assert not strict.ok and message in strict.errors


def test_range_matching_no_release_is_a_warning(tmp_path: Path) -> None:
    text = ADVISORIES.replace('affected: "<2.0"', 'affected: "<0.5"').replace(
        '    fixed_in: "2.0"\n', ""
    )
    message = (
        "advisories.yml:5: advisory ACME-2025-01: affected range '<0.5' matches no release of the "
        "catalog (2.0, 1.0); no release shows it"
    )
    lenient = build_support(tmp_path, advisories=text)
    assert lenient.ok and lenient.warnings == [message]
    strict = build_support(tmp_path / "strict", advisories=text, strict=True)
    assert not strict.ok and message in strict.warnings


def test_missing_advisories_file(tmp_path: Path) -> None:
    # Was "advisories.yml: file not found": neither the option nor where it is set.
    result = build_support(tmp_path, advisories=None)
    assert not result.ok
    assert result.errors == [
        "mkdocs.yml:9: plugin 'supportal/support': advisories.file 'advisories.yml' is not a file "
        "(a path relative to the folder of mkdocs.yml)",
        "1 authoring error (listed above) stops the build.",
    ]


def test_banner_links_without_directory_urls(tmp_path: Path) -> None:
    config = SUPPORT_CONFIG.replace("docs_dir: docs\n", "docs_dir: docs\nuse_directory_urls: false\n")
    result = build_support(tmp_path, config=config, release="1.0")
    assert result.ok, result.messages()
    page = (result.site_dir / "guide.html").read_text(encoding="utf-8")
    assert '<a href="support/security.html#acme-2025-01">ACME-2025-01</a>' in page


def test_serve_rebuilds_when_the_advisories_or_the_desk_change(tmp_path: Path) -> None:
    # `supportal serve` (and `mkdocs serve`) watch what MkDocs' config.watch lists.
    from supportal.cli.host import load_release_config

    from ..harness import make_portal

    files = {"advisories.yml": ADVISORIES, "support.yml": SUPPORT_YML}
    config_file = make_portal(tmp_path, {"index.md": "# Home\n"}, config=SUPPORT_CONFIG,
                              extra_files=files)
    config = load_release_config(config_file, None)
    config.plugins.on_config(config)  # what every build does first
    assert str(tmp_path / "advisories.yml") in config.watch
    assert str(tmp_path / "support.yml") in config.watch
