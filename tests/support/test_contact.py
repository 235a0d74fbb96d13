"""The generated "Get support" page, from support.yml."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .conftest import SUPPORT_YML, build_support, with_options


def test_get_support_page_shows_tiers_channels_hours_and_tickets(tmp_path: Path) -> None:
    result = build_support(tmp_path, release="2.0")  # as `supportal build`: site_url per release
    assert result.ok, result.messages()
    assert result.warnings == []
    html = result.page("support/contact/")
    assert '<h1 id="get-support">Get support' in html
    assert "Support for Acme Server (Product 2.0), tier by tier." in html
    # What to prepare, with the release filled in.
    assert '<h2 id="prepare">What to prepare' in html
    assert "<li>The release you run, and whether it matches these pages (Product 2.0).</li>" in html
    # Tier by tier, in order.
    assert html.index('id="tier-1"') < html.index('id="tier-2"')
    assert '<h2 id="tier-1">Tier 1: Help desk' in html
    assert "Questions about installing and using Acme." in html
    assert '<a href="mailto:help@acme.example">help@acme.example</a>' in html
    assert '<a href="tel:+493012345678">+49 30 1234 5678</a>' in html
    assert '<span class="supportal-desk__label">Hotline</span>' in html
    assert "Mon–Fri 09:00–17:00 (Europe/Berlin)" in html
    assert "24/7" in html
    # Hours travel as JSON for the open/closed script.
    hours = re.findall(r"data-supportal-hours='([^']*)'", html)
    assert json.loads(unescape(hours[0])) == {
        "name": "office",
        "timezone": "Europe/Berlin",
        "days": [0, 1, 2, 3, 4],
        "open": "09:00",
        "close": "17:00",
        "closed": ["2026-12-25"],
        "summary": "Mon–Fri 09:00–17:00 (Europe/Berlin)",
    }
    # Each tier's ticket link is pre-filled with the release and the page.
    links = re.findall(r'<a class="md-button" href="([^"]+)">([^<]+)</a>', html)
    assert [label for _, label in links] == ["Open an issue", "Email support"]
    github = urlsplit(unescape(links[0][0]))
    query = parse_qs(github.query)
    assert github.netloc == "github.com" and query["labels"] == ["docs"]
    assert query["title"] == ["Support request (Product 2.0)"]
    assert "Release: 2.0\nPage: https://docs.example.com/2.0/support/contact/\n" in query["body"][0]
    assert unescape(links[1][0]).startswith("mailto:help@acme.example?subject=Support%20request")


def test_get_support_page_joins_the_nav_after_the_support_home(tmp_path: Path) -> None:
    result = build_support(tmp_path)
    home = result.page("")
    assert home.index('href="support/"') < home.index('href="support/contact/"')
    assert home.index('href="support/contact/"') < home.index('href="support/security/"')


def test_no_support_file_no_page(tmp_path: Path) -> None:
    result = build_support(tmp_path, support=None)
    assert result.ok, result.messages()
    assert not (result.site_dir / "support/contact").exists()


def test_support_file_errors_stop_the_build(tmp_path: Path) -> None:
    broken = SUPPORT_YML.replace("timezone: Europe/Berlin", "timezone: Europe/Berlim")
    result = build_support(tmp_path, support=broken)
    assert not result.ok
    assert result.errors[0] == (
        "support.yml:4: unknown time zone 'Europe/Berlim': use an IANA name such as "
        "Europe/Berlin, America/New_York or UTC"
    )


def test_tier_text_from_support_yml_is_escaped(tmp_path: Path) -> None:
    payload = SUPPORT_YML.replace("name: Help desk", "name: '<img src=x onerror=alert(1)> *desk*'")
    result = build_support(tmp_path, support=payload)
    assert result.ok, result.messages()
    html = result.page("support/contact/")
    assert "<img" not in html and "<em>desk</em>" not in html
    assert "Tier 1: &lt;img src=x onerror=alert(1)&gt; *desk*" in html


def test_custom_prepare_list_and_page_path(tmp_path: Path) -> None:
    config = with_options("""\
        contact_page: help/contact.md
        prepare:
          - "Your licence number and {release}."
    """)
    result = build_support(tmp_path, config=config)
    assert result.ok, result.messages()
    html = result.page("help/contact/")
    assert "<li>Your licence number and Product 2.0.</li>" in html


def test_a_page_in_the_way_of_the_generated_page(tmp_path: Path) -> None:
    result = build_support(tmp_path, {"support/contact.md": "# Mine\n"})
    assert not result.ok
    assert (
        "docs/support/contact.md: supportal/support generates this page (option "
        "'contact_page'); rename the file, or set 'contact_page' to another path"
    ) in result.errors
