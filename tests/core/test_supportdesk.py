"""support.yml: the shared support desk model (tiers, channels, hours, ticket templates)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from supportal.core.problems import Problems, SupportalError
from supportal.core.supportdesk import (
    PLACEHOLDERS,
    encode_component,
    load_support_desk,
    parse_support_desk,
)
from supportal.core.yamlfile import parse_yaml

from ..harness import PORTAL_HEAD, REPO, build_portal, dedent, make_portal

MINIMAL = """\
hours:
  office:
    timezone: Europe/Berlin
    days: mon-fri
    open: "08:00"
    close: "18:00"
tickets:
  mail:
    system: mailto
    url: "mailto:help@example.com?subject={title}&body={body}"
tiers:
  1:
    name: Service desk
    ticket: mail
    channels:
      - email: help@example.com
        hours: office
"""


def problems_of(text: str) -> list[str]:
    problems = Problems()
    parse_support_desk(parse_yaml(dedent(text), "support.yml"), "support.yml", problems)
    return [str(p) for p in problems]


def test_sample_support_yml_is_valid() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    assert sorted(desk.tiers) == [1, 2, 3]
    assert desk.product == "Keelvault Backup Server"
    assert desk.tier(2).name == "Technical support engineers"
    assert {c.kind for t in desk.tiers.values() for c in t.channels} == {
        "portal",
        "chat",
        "email",
        "phone",
    }
    assert {t.system for t in desk.tickets.values()} == {"github", "zendesk", "jira", "mailto"}
    assert desk.ticket_for(3).system == "jira"
    assert desk.warnings == []


def test_minimal_desk_parses() -> None:
    assert problems_of(MINIMAL) == []


def test_channel_links() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    phone = desk.tier(3).channels[0]
    assert phone.href == "tel:+493055501999"
    assert phone.label == "Sev-1 hotline"
    assert desk.tier(1).channels[2].href == "mailto:help@keelvault.example"


def test_opening_hours_use_the_time_zone() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    office = desk.hours["office"]
    utc = ZoneInfo("UTC")
    # 07:30 UTC on a Monday in winter is 08:30 in Berlin: open.
    assert office.is_open(datetime(2026, 11, 30, 7, 30, tzinfo=utc))
    # 17:30 UTC is 18:30 in Berlin: closed.
    assert not office.is_open(datetime(2026, 11, 30, 17, 30, tzinfo=utc))
    # Saturday, and a listed holiday (Christmas Day, a Friday).
    assert not office.is_open(datetime(2026, 11, 28, 10, 0, tzinfo=utc))
    assert not office.is_open(datetime(2026, 12, 25, 10, 0, tzinfo=utc))
    assert office.summary() == "Mon–Fri 08:00–18:00 (Europe/Berlin)"
    assert desk.hours["always"].summary() == "24/7"
    assert desk.hours["always"].is_open(datetime(2026, 12, 25, 23, 59, tzinfo=utc))


def test_fill_encodes_like_encode_uri_component() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    ticket = desk.tickets["github"]
    filled = ticket.fill({"title": "<script>&x=1", "body": '1. Q → A\n2. "x"'})
    query = parse_qs(urlsplit(filled.url).query)
    assert query["title"] == ["<script>&x=1"]
    assert query["body"] == ['1. Q → A\n2. "x"']
    assert "<" not in filled.url and "&x=1" not in filled.url
    assert encode_component("a b!'()*~") == "a%20b!'()*~"


def test_fill_truncates_the_body_within_the_budget() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    ticket = desk.tickets["mail"]
    body = "".join(f"{i}. Is the agent running? → No\n" for i in range(200))
    filled = ticket.fill({"title": "Agent offline", "body": body})
    assert len(filled.url) <= 1800
    assert filled.truncated == ("body",)
    assert ticket.length({"title": "Agent offline", "body": body}) > 1800
    sent = parse_qs(urlsplit(filled.url.replace("mailto:", "https://x/")).query)["body"][0]
    assert sent.endswith(" … [truncated: use Copy report]")
    assert body.startswith(sent.removesuffix(" … [truncated: use Copy report]"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "support.yml:1: support.yml is empty: it needs at least `tiers:`"),
        (
            "- a\n",
            "support.yml:1: support.yml must be a mapping with `tiers:`, `hours:` and `tickets:`",
        ),
        (
            "hours: {}\n",
            "support.yml:1: missing `tiers:`: define support tiers 1, 2 and 3 (at least one)",
        ),
        ("tiers: {}\n", "support.yml:1: `tiers` must map tier numbers (1, 2, 3) to tiers"),
        (
            "tier:\n  1: {}\n",
            "support.yml:1: unknown key 'tier'. Expected one of: product, tiers, hours, "
            "tickets. Did you mean 'tiers'?",
        ),
        (
            "tiers:\n  4:\n    name: x\n    channels: [{portal: 'https://x.example'}]\n",
            "support.yml:2: unknown tier '4'. Expected one of: 1, 2, 3.",
        ),
        (
            "tiers:\n  1:\n    channels: [{portal: 'https://x.example'}]\n",
            "support.yml:2: tier 1 needs a `name` (a non-empty string)",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n",
            "support.yml:2: tier 1 needs `channels`: a list of phone, email, chat or "
            "portal entries",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    channels:\n      - fax: '123'\n",
            "support.yml:5: a channel needs exactly one of: phone, email, chat, portal (found none)",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    channels:\n      - chat: ftp://x\n",
            "support.yml:5: chat channel: 'ftp://x' is not an http(s) URL",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    channels:\n      - email: nobody\n",
            "support.yml:5: email channel: 'nobody' is not an email address",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    channels:\n      - phone: call us\n",
            "support.yml:5: phone channel: 'call us' is not a phone number (digits, spaces, + - . ( ) /)",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    channels:\n      - email: a@b.example\n        hours: ofice\n",
            "support.yml:6: unknown hours 'ofice'. `hours:` defines none.",
        ),
        (
            "tiers:\n  1:\n    name: Desk\n    ticket: zen\n    channels: [{email: a@b.example}]\n",
            "support.yml:4: tier 1: unknown ticket template 'zen'. `tickets:` defines none.",
        ),
        (
            "hours:\n  office:\n    timezone: Europe/Berlinn\n    days: mon-fri\n    open: '08:00'\n"
            "    close: '18:00'\n",
            "support.yml:3: unknown time zone 'Europe/Berlinn': use an IANA name such as Europe/Berlin, "
            "America/New_York or UTC",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fry\n    open: '08:00'\n    close: '18:00'\n",
            "support.yml:4: hours 'office': unknown day 'fry'. Expected one of: mon, tue, wed, thu, fri, sat, sun. "
            "Did you mean 'fri'?",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fri\n    open: '8am'\n    close: '18:00'\n",
            "support.yml:5: hours 'office': `open` is '8am': write a 24-hour time in quotes, such as \"08:00\" "
            "(24:00 for midnight)",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fri\n    open: '18:00'\n    close: '08:00'\n",
            "support.yml:6: hours 'office': `close` (08:00) must be after `open` (18:00); write 24:00 for midnight",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fri\n    open: '08:00'\n    close: '18:00'\n"
            "    closed: [christmas]\n",
            "support.yml:7: hours 'office': closed date 'christmas' must be written YYYY-MM-DD",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fri\n    open: '08:00'\n    close: '18:00'\n"
            "    closed:\n      - 2026-12-24\n      - 2026-13-24\n",
            "support.yml:9: hours 'office': closed date '2026-13-24' does not exist (month must be in 1..12)",
        ),
        (
            "hours:\n  office:\n    timezone: UTC\n    days: mon-fri\n    open: '08:00'\n    close: '18:00'\n"
            "    closed: ['2026-02-30']\n",
            "support.yml:7: hours 'office': closed date '2026-02-30' does not exist (day is out of range for month)",
        ),
        (
            "tickets:\n  t:\n    system: freshdesk\n    url: https://x.example\n",
            "support.yml:3: ticket 't': unknown system 'freshdesk'. Expected one of: github, zendesk, jira, mailto. Did you mean 'zendesk'?",
        ),
        (
            "tickets:\n  t:\n    system: [jira]\n    url: https://x.example\n",
            "support.yml:3: ticket 't': unknown system '['jira']'. Expected one of: github, zendesk, jira, mailto. Did you mean 'jira'?",
        ),
        (
            "tickets:\n  t:\n    system: github\n    url: http://x.example/?t={title}\n",
            "support.yml:4: ticket 't': a github template must be an https:// URL",
        ),
        (
            "tickets:\n  t:\n    system: mailto\n    url: https://x.example/?t={title}\n",
            "support.yml:4: ticket 't': a mailto template must start with 'mailto:'",
        ),
        (
            "tickets:\n  t:\n    system: github\n    url: https://x.example/?t={titel}\n",
            "support.yml:4: ticket 't': unknown placeholder '{titel}'. Expected one of: "
            + ", ".join(PLACEHOLDERS)
            + ". Did you mean 'title'?",
        ),
        (
            "tickets:\n  t:\n    system: github\n    url: https://x.example/?t={title\n",
            "support.yml:4: ticket 't': unbalanced '{' or '}' in the url: placeholders are written {title}",
        ),
        (
            "tickets:\n  t:\n    system: github\n    url: https://x.example/?t={title}\n    budget: 10\n",
            "support.yml:5: ticket 't': the url without values is already 21 characters, over its budget of 10",
        ),
        (
            "tickets:\n  t:\n    system: github\n    url: https://x.example/?t={title}\n    budget: -1\n",
            "support.yml:5: ticket 't': `budget` must be a positive number of characters",
        ),
    ],
)
def test_every_problem_is_located(text: str, message: str) -> None:
    assert message in problems_of(text)


def test_load_raises_with_every_error(tmp_path: Path) -> None:
    file = tmp_path / "support.yml"
    file.write_text("tiers:\n  5: {}\n  1: {name: x}\n", encoding="utf-8")
    with pytest.raises(SupportalError) as raised:
        load_support_desk(file, "support.yml")
    assert [str(p) for p in raised.value.problems] == [
        "support.yml:2: unknown tier '5'. Expected one of: 1, 2, 3.",
        "support.yml:3: tier 1 needs `channels`: a list of phone, email, chat or portal entries",
    ]


def test_yaml_syntax_errors_are_located(tmp_path: Path) -> None:
    file = tmp_path / "support.yml"
    file.write_text("tiers:\n  1: [unclosed\n", encoding="utf-8")
    with pytest.raises(SupportalError) as raised:
        load_support_desk(file, "support.yml")
    assert str(raised.value.problems[0]).startswith("support.yml:2: invalid YAML")


def test_json_round_trip_shape() -> None:
    desk = load_support_desk(REPO / "support.yml", "support.yml")
    data = desk.as_json()
    assert data["tiers"]["1"]["channels"][0]["kind"] == "portal"
    assert data["hours"]["office"]["days"] == [0, 1, 2, 3, 4]
    assert data["tickets"]["mail"]["budget"] == 1800


def test_impossible_closed_date_fails_the_build(tmp_path: Path) -> None:
    # Kept as text by the YAML reader, it used to pass as a day that never comes.
    desk = MINIMAL.replace('    close: "18:00"\n', '    close: "18:00"\n    closed: [2026-13-24]\n')
    config = make_portal(
        tmp_path,
        {"index.md": "# Home\n"},
        config=PORTAL_HEAD + "plugins:\n  - supportal/releases\n  - supportal/support\n",
        extra_files={"support.yml": desk},
    )
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors == [
        "support.yml:7: hours 'office': closed date '2026-13-24' does not exist (month must be in 1..12)",
        "1 authoring error (listed above) stops the build.",
    ]
