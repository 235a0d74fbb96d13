"""The support desk of a portal, read from `support.yml`: tiers, channels, hours, ticket links.

Plain Python (no MkDocs import), shared by every plugin that sends a reader to a human: the
troubleshooting trees' escalation nodes and the support hub's "Get support" page. The format is
documented in `docs/pages/support-desk.md`. Every problem is reported as `support.yml:LINE: ...`.

Public API (stable, add-only): `load_support_desk`, `parse_support_desk`, `SupportDesk`, `Tier`,
`Channel`, `OpeningHours`, `TicketTemplate`, `FilledTicket`, `encode_component`, `PLACEHOLDERS`,
`CHANNEL_KINDS`, `TICKET_SYSTEMS`, `DAYS`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from .problems import Problem, Problems, SupportalError, expected
from .yamlfile import item_line, key_line, load_yaml_file, unknown_keys

CHANNEL_KINDS: dict[str, str] = {
    "phone": "number",
    "email": "address",
    "chat": "url",
    "portal": "url",
}
"""Channel kind → the key that holds its value."""

TICKET_SYSTEMS: dict[str, int] = {
    "github": 8000,
    "zendesk": 2000,
    "jira": 2000,
    "mailto": 1800,
}
"""Ticket system → default URL length budget in characters (GitHub answers 414 above ~8 KB;
mail clients and Jira Server are safe below ~2,000)."""

PLACEHOLDERS: dict[str, str] = {
    "title": "a one-line ticket title",
    "body": "the full report: path, collected fields, page URL, release and tree revision",
    "page_url": "absolute URL of the page the reader was on",
    "release": "the release of the documentation being read, e.g. 2.4",
    "product": "the product name (support.yml `product`, else the site name)",
    "tree": "the troubleshooting tree id",
    "revision": "the tree revision (changes whenever the tree's structure changes)",
    "node": "the id of the node that escalated",
    "tier": "the support tier number",
    "path": "the numbered path, one 'question → answer' per line",
    "fields": "collected fields, one 'name: value' per line",
}
"""Placeholders a ticket URL template may use, with what each holds."""

TRUNCATE_ORDER = ("body", "path", "fields", "title")
"""When a filled URL is over budget, these values are shortened, in this order."""

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_TOP_KEYS = ("product", "tiers", "hours", "tickets")
_TIER_KEYS = ("name", "description", "channels", "ticket")
_HOURS_KEYS = ("timezone", "days", "open", "close", "closed")
_TICKET_KEYS = ("system", "url", "budget", "label")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_CLOCK = re.compile(r"^([01]\d|2[0-4]):([0-5]\d)$")
# encodeURIComponent's unreserved set, so Python and the browser agree on lengths.
_URI_SAFE = "!~*'()"


def encode_component(value: str) -> str:
    """Percent-encode like JavaScript's `encodeURIComponent` (UTF-8, spaces as %20)."""
    return quote(value, safe=_URI_SAFE)


@dataclass(frozen=True)
class OpeningHours:
    """When a set of channels is staffed: weekdays, a daily window, a time zone, closed dates."""

    name: str
    timezone: str
    days: tuple[int, ...]
    """Weekday numbers, Monday = 0 (as `datetime.weekday()`)."""
    open: time
    close: time | None
    """None means midnight at the end of the day (written `24:00`)."""
    closed: tuple[str, ...] = ()
    """ISO dates (YYYY-MM-DD) with no service, e.g. public holidays."""
    line: int | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_open(self, at: datetime) -> bool:
        """Whether the channel is staffed at the aware datetime `at`."""
        local = at.astimezone(self.zone)
        if local.date().isoformat() in self.closed or local.weekday() not in self.days:
            return False
        now = local.time().replace(tzinfo=None)
        return self.open <= now and (self.close is None or now < self.close)

    @property
    def always(self) -> bool:
        return len(self.days) == 7 and self.open == time(0, 0) and self.close is None

    def summary(self) -> str:
        """Human text, e.g. `Mon–Fri 08:00–18:00 (Europe/Berlin)` or `24/7`."""
        if self.always:
            return "24/7"
        return f"{_day_span(self.days)} {self.open:%H:%M}–{_clock(self.close)} ({self.timezone})"

    def as_json(self) -> dict[str, Any]:
        """For client scripts that grey out closed channels."""
        return {
            "name": self.name,
            "timezone": self.timezone,
            "days": list(self.days),
            "open": f"{self.open:%H:%M}",
            "close": _clock(self.close),
            "closed": list(self.closed),
            "summary": self.summary(),
        }


@dataclass(frozen=True)
class Channel:
    """One way to reach a tier: a phone number, an email address, a chat or a portal URL."""

    kind: str
    value: str
    label: str
    hours: str | None = None
    """Name of an `hours:` entry; None means no stated hours (e.g. a web portal)."""
    line: int | None = None

    @property
    def href(self) -> str:
        """A link target for the channel: `tel:`, `mailto:` or the URL itself."""
        if self.kind == "phone":
            return "tel:" + re.sub(r"[^\d+]", "", self.value)
        if self.kind == "email":
            return "mailto:" + self.value
        return self.value

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "value": self.value,
            "label": self.label,
            "href": self.href,
            "hours": self.hours,
        }


@dataclass(frozen=True)
class FilledTicket:
    """A ticket URL with values filled in, within its budget."""

    url: str
    truncated: tuple[str, ...] = ()
    """Names of the values that were shortened to fit the budget."""


@dataclass(frozen=True)
class TicketTemplate:
    """A URL that opens a pre-filled ticket in GitHub, Zendesk, Jira or a mail client."""

    name: str
    system: str
    url: str
    budget: int
    label: str = "Open a ticket"
    line: int | None = None

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.url)))

    def fill(self, values: Mapping[str, str]) -> FilledTicket:
        """Substitute URL-encoded values; shorten `TRUNCATE_ORDER` values to fit the budget.

        Missing values are empty. The client script (`ticket.js` in troubleshooting) mirrors
        this exactly, so build-time budget checks match what readers get.
        """
        current = {name: str(values.get(name, "")) for name in self.placeholders}
        url = self._substitute(current)
        truncated: list[str] = []
        for name in TRUNCATE_ORDER:
            if len(url) <= self.budget:
                break
            if name not in current or not current[name]:
                continue
            current[name] = _shorten(
                current[name], len(url) - self.budget, self._substitute, current, name
            )
            truncated.append(name)
            url = self._substitute(current)
        return FilledTicket(url=url, truncated=tuple(truncated))

    def length(self, values: Mapping[str, str]) -> int:
        """Length of the URL filled without truncation (used for budget warnings)."""
        return len(self._substitute({n: str(values.get(n, "")) for n in self.placeholders}))

    def _substitute(self, values: Mapping[str, str]) -> str:
        return _PLACEHOLDER.sub(lambda m: encode_component(values.get(m.group(1), "")), self.url)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "system": self.system,
            "url": self.url,
            "budget": self.budget,
            "label": self.label,
        }


@dataclass(frozen=True)
class Tier:
    """A support tier (1, 2 or 3): who to contact, through which channels, with which ticket."""

    level: int
    name: str
    channels: tuple[Channel, ...]
    description: str = ""
    ticket: str | None = None
    """Name of a `tickets:` entry."""
    line: int | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "name": self.name,
            "description": self.description,
            "channels": [c.as_json() for c in self.channels],
            "ticket": self.ticket,
        }


@dataclass
class SupportDesk:
    """Everything in `support.yml`, validated."""

    path: str
    product: str | None = None
    tiers: dict[int, Tier] = field(default_factory=dict)
    hours: dict[str, OpeningHours] = field(default_factory=dict)
    tickets: dict[str, TicketTemplate] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def tier(self, level: int) -> Tier | None:
        return self.tiers.get(level)

    def ticket_for(self, level: int) -> TicketTemplate | None:
        """The ticket template of a tier, or None when the tier has none."""
        tier = self.tiers.get(level)
        return self.tickets.get(tier.ticket) if tier and tier.ticket else None

    def as_json(self) -> dict[str, Any]:
        """The whole desk as plain data, for client scripts (`data-*` JSON)."""
        return {
            "product": self.product,
            "tiers": {str(k): t.as_json() for k, t in sorted(self.tiers.items())},
            "hours": {k: h.as_json() for k, h in self.hours.items()},
            "tickets": {k: t.as_json() for k, t in self.tickets.items()},
        }


def load_support_desk(file: Path, display_path: str) -> SupportDesk:
    """Read and validate a support.yml file.

    Raises SupportalError carrying every problem when any is an error; warnings are kept on
    the returned desk (`desk.warnings`) for the caller to log.
    """
    data = load_yaml_file(file, display_path)
    problems = Problems()
    desk = parse_support_desk(data, display_path, problems)
    if problems.errors:
        raise SupportalError(problems.items)
    desk.warnings = problems.warnings
    return desk


def parse_support_desk(data: Any, path: str, problems: Problems) -> SupportDesk:
    """Validate parsed YAML into a SupportDesk, adding every problem found to `problems`."""
    desk = SupportDesk(path=path)
    if data is None:
        problems.error(path, 1, "support.yml is empty: it needs at least `tiers:`")
        return desk
    if not isinstance(data, CommentedMap):
        problems.error(
            path, 1, "support.yml must be a mapping with `tiers:`, `hours:` and `tickets:`"
        )
        return desk
    unknown_keys(data, _TOP_KEYS, path, problems, "key")
    if "product" in data:
        if isinstance(data["product"], str) and data["product"].strip():
            desk.product = data["product"].strip()
        else:
            problems.error(path, key_line(data, "product"), "`product` must be a non-empty string")
    hours = data.get("hours")
    if hours is not None:
        if isinstance(hours, CommentedMap):
            for name in hours:
                parsed = _parse_hours(str(name), hours[name], key_line(hours, name), path, problems)
                if parsed:
                    desk.hours[str(name)] = parsed
        else:
            problems.error(path, key_line(data, "hours"), "`hours` must map names to opening hours")
    tickets = data.get("tickets")
    if tickets is not None:
        if isinstance(tickets, CommentedMap):
            for name in tickets:
                parsed_ticket = _parse_ticket(
                    str(name), tickets[name], key_line(tickets, name), path, problems
                )
                if parsed_ticket:
                    desk.tickets[str(name)] = parsed_ticket
        else:
            problems.error(
                path, key_line(data, "tickets"), "`tickets` must map names to ticket templates"
            )
    tiers = data.get("tiers")
    if tiers is None:
        problems.error(path, 1, "missing `tiers:`: define support tiers 1, 2 and 3 (at least one)")
    elif not isinstance(tiers, CommentedMap) or not tiers:
        problems.error(
            path, key_line(data, "tiers"), "`tiers` must map tier numbers (1, 2, 3) to tiers"
        )
    else:
        for key in tiers:
            line = key_line(tiers, key)
            if isinstance(key, bool) or not isinstance(key, int) or key not in (1, 2, 3):
                problems.error(path, line, f"unknown tier '{key}'. Expected one of: 1, 2, 3.")
                continue
            tier = _parse_tier(key, tiers[key], line, path, desk, problems)
            if tier:
                desk.tiers[key] = tier
    return desk


def _parse_tier(
    level: int, data: Any, line: int | None, path: str, desk: SupportDesk, problems: Problems
) -> Tier | None:
    if not isinstance(data, CommentedMap):
        problems.error(path, line, f"tier {level} must be a mapping with `name` and `channels`")
        return None
    unknown_keys(data, _TIER_KEYS, path, problems, f"key in tier {level}")
    ok = True
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        problems.error(
            path, _at(data, "name", line), f"tier {level} needs a `name` (a non-empty string)"
        )
        ok = False
    description = data.get("description", "")
    if not isinstance(description, str):
        problems.error(
            path, key_line(data, "description"), f"tier {level}: `description` must be a string"
        )
        description = ""
    channels: list[Channel] = []
    raw = data.get("channels")
    if not isinstance(raw, CommentedSeq) or not raw:
        problems.error(
            path,
            _at(data, "channels", line),
            f"tier {level} needs `channels`: a list of phone, email, chat or portal entries",
        )
        ok = False
    else:
        for index, item in enumerate(raw):
            channel = _parse_channel(item, item_line(raw, index), path, desk, problems)
            if channel:
                channels.append(channel)
    ticket = data.get("ticket")
    if ticket is not None:
        if not isinstance(ticket, str) or ticket not in desk.tickets:
            tail = (
                expected(str(ticket), desk.tickets) if desk.tickets else "`tickets:` defines none."
            )
            problems.error(
                path,
                key_line(data, "ticket"),
                f"tier {level}: unknown ticket template '{ticket}'. {tail}",
            )
            ticket = None
    if not ok:
        return None
    return Tier(
        level=level,
        name=name.strip(),
        channels=tuple(channels),
        description=description.strip(),
        ticket=ticket,
        line=line,
    )


def _parse_channel(
    data: Any, line: int | None, path: str, desk: SupportDesk, problems: Problems
) -> Channel | None:
    if not isinstance(data, CommentedMap):
        problems.error(path, line, 'a channel must be a mapping such as `{phone: "+1 555 0100"}`')
        return None
    kinds = [k for k in data if k in CHANNEL_KINDS]
    if len(kinds) != 1:
        found = f"found {', '.join(map(str, kinds))}" if kinds else "found none"
        problems.error(
            path, line, f"a channel needs exactly one of: {', '.join(CHANNEL_KINDS)} ({found})"
        )
        unknown_keys(data, (*CHANNEL_KINDS, "label", "hours"), path, problems, "channel key")
        return None
    kind = kinds[0]
    unknown_keys(data, (kind, "label", "hours"), path, problems, f"key in a {kind} channel")
    value = data[kind]
    vline = key_line(data, kind)
    if not isinstance(value, str) or not value.strip():
        problems.error(
            path, vline, f"{kind} channel: the {CHANNEL_KINDS[kind]} must be a non-empty string"
        )
        return None
    value = value.strip()
    if kind in ("chat", "portal") and urlsplit(value).scheme not in ("https", "http"):
        problems.error(path, vline, f"{kind} channel: '{value}' is not an http(s) URL")
        return None
    if kind == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        problems.error(path, vline, f"email channel: '{value}' is not an email address")
        return None
    if kind == "phone" and not re.fullmatch(r"\+?[\d ()./-]{5,}", value):
        problems.error(
            path,
            vline,
            f"phone channel: '{value}' is not a phone number (digits, spaces, + - . ( ) /)",
        )
        return None
    hours = data.get("hours")
    if hours is not None and (not isinstance(hours, str) or hours not in desk.hours):
        known = list(desk.hours)
        tail = expected(str(hours), known) if known else "`hours:` defines none."
        problems.error(path, key_line(data, "hours"), f"unknown hours '{hours}'. {tail}")
        hours = None
    label = data.get("label")
    if label is not None and not isinstance(label, str):
        problems.error(path, key_line(data, "label"), "channel `label` must be a string")
        label = None
    default_label = {
        "phone": "Phone",
        "email": "Email",
        "chat": "Chat",
        "portal": "Support portal",
    }[kind]
    return Channel(
        kind=kind, value=value, label=(label or default_label).strip(), hours=hours, line=line
    )


def _parse_hours(
    name: str, data: Any, line: int | None, path: str, problems: Problems
) -> OpeningHours | None:
    if not isinstance(data, CommentedMap):
        problems.error(
            path, line, f"hours '{name}' must be a mapping with timezone, days, open and close"
        )
        return None
    unknown_keys(data, _HOURS_KEYS, path, problems, f"key in hours '{name}'")
    ok = True
    zone = data.get("timezone")
    if not isinstance(zone, str) or not zone:
        problems.error(
            path,
            _at(data, "timezone", line),
            f"hours '{name}' needs a `timezone`: an IANA name such as Europe/Berlin or UTC",
        )
        ok = False
    else:
        try:
            ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            problems.error(
                path,
                _at(data, "timezone", line),
                f"unknown time zone '{zone}': use an IANA name such as Europe/Berlin, "
                "America/New_York or UTC",
            )
            ok = False
    days = _parse_days(data.get("days"), _at(data, "days", line), name, path, problems)
    opens = _parse_clock(data.get("open"), _at(data, "open", line), name, "open", path, problems)
    closes = _parse_clock(
        data.get("close"), _at(data, "close", line), name, "close", path, problems
    )
    if days is None or opens is None or closes is None or not ok:
        return None
    if opens == "24:00":
        problems.error(path, _at(data, "open", line), f"hours '{name}': `open` cannot be 24:00")
        return None
    open_time = _to_time(opens)
    close_time = None if closes == "24:00" else _to_time(closes)
    assert open_time is not None
    if close_time is not None and close_time <= open_time:
        problems.error(
            path,
            _at(data, "close", line),
            f"hours '{name}': `close` ({closes}) must be after `open` ({opens}); "
            "write 24:00 for midnight",
        )
        return None
    closed: list[str] = []
    raw_closed = data.get("closed", [])
    if not isinstance(raw_closed, list):
        problems.error(
            path, key_line(data, "closed"), f"hours '{name}': `closed` must be a list of dates"
        )
    else:
        for index, item in enumerate(raw_closed):
            text = str(item)
            item_at = item_line(raw_closed, index) if isinstance(raw_closed, CommentedSeq) else None
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                problems.error(
                    path, item_at,
                    f"hours '{name}': closed date '{text}' must be written YYYY-MM-DD",
                )
                continue
            try:
                # The YAML reader keeps an impossible date such as 2026-13-24 as its text, which
                # the pattern above accepts: such a day never comes, so the desk would silently
                # stay open on the day the author meant.
                date.fromisoformat(text)
            except ValueError as exc:
                problems.error(
                    path, item_at, f"hours '{name}': closed date '{text}' does not exist ({exc})"
                )
                continue
            closed.append(text)
    return OpeningHours(
        name=name,
        timezone=zone,
        days=days,
        open=open_time,
        close=close_time,
        closed=tuple(closed),
        line=line,
    )


def _parse_days(
    value: Any, line: int | None, name: str, path: str, problems: Problems
) -> tuple[int, ...] | None:
    if value is None:
        problems.error(path, line, f"hours '{name}' needs `days`, e.g. mon-fri or [mon, wed, fri]")
        return None
    parts: list[str] = []
    if isinstance(value, str):
        parts = [p.strip().lower() for p in value.split(",")]
    elif isinstance(value, list) and all(isinstance(v, str) for v in value):
        parts = [v.strip().lower() for v in value]
    else:
        problems.error(
            path, line, f"hours '{name}': `days` must be a range such as mon-fri or a list of days"
        )
        return None
    days: set[int] = set()
    for part in parts:
        ends = [p.strip() for p in part.split("-")]
        for end in ends:
            if end not in DAYS:
                problems.error(
                    path, line, f"hours '{name}': unknown day '{end}'. {expected(end, DAYS)}"
                )
                return None
        if len(ends) == 1:
            days.add(DAYS.index(ends[0]))
        elif len(ends) == 2:
            first, last = DAYS.index(ends[0]), DAYS.index(ends[1])
            span = (
                range(first, last + 1) if first <= last else [*range(first, 7), *range(0, last + 1)]
            )
            days.update(span)
        else:
            problems.error(
                path, line, f"hours '{name}': '{part}' is not a day or a range such as mon-fri"
            )
            return None
    return tuple(sorted(days))


def _parse_clock(
    value: Any, line: int | None, name: str, key: str, path: str, problems: Problems
) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 readers turn 08:00 into a sexagesimal int; ruamel (YAML 1.2) keeps it a string.
        value = f"{value // 60:02d}:{value % 60:02d}"
    if (
        not isinstance(value, str)
        or not _CLOCK.match(value.strip())
        or (value.strip().startswith("24") and value.strip() != "24:00")
    ):
        shown = "missing" if value is None else f"'{value}'"
        problems.error(
            path,
            line,
            f"hours '{name}': `{key}` is {shown}: write a 24-hour time in quotes, "
            'such as "08:00" (24:00 for midnight)',
        )
        return None
    return value.strip()


def _to_time(text: str) -> time | None:
    hours, minutes = (int(p) for p in text.split(":"))
    return time(hours, minutes)


def _parse_ticket(
    name: str, data: Any, line: int | None, path: str, problems: Problems
) -> TicketTemplate | None:
    if not isinstance(data, CommentedMap):
        problems.error(path, line, f"ticket '{name}' must be a mapping with `system` and `url`")
        return None
    unknown_keys(data, _TICKET_KEYS, path, problems, f"key in ticket '{name}'")
    system = data.get("system")
    if not isinstance(system, str) or system not in TICKET_SYSTEMS:
        problems.error(
            path,
            key_line(data, "system"),
            f"ticket '{name}': unknown system '{system}'. {expected(str(system), TICKET_SYSTEMS)}",
        )
        return None
    url = data.get("url")
    uline = key_line(data, "url")
    if not isinstance(url, str) or not url.strip():
        problems.error(path, uline, f"ticket '{name}' needs a `url` template")
        return None
    url = url.strip()
    scheme = urlsplit(url).scheme
    if system == "mailto" and scheme != "mailto":
        problems.error(path, uline, f"ticket '{name}': a mailto template must start with 'mailto:'")
        return None
    if system != "mailto" and scheme != "https":
        problems.error(path, uline, f"ticket '{name}': a {system} template must be an https:// URL")
        return None
    ok = True
    for found in _PLACEHOLDER.findall(url):
        if found not in PLACEHOLDERS:
            problems.error(
                path,
                uline,
                f"ticket '{name}': unknown placeholder '{{{found}}}'. "
                f"{expected(found, PLACEHOLDERS)}",
            )
            ok = False
    if "{" in _PLACEHOLDER.sub("", url) or "}" in _PLACEHOLDER.sub("", url):
        problems.error(
            path,
            uline,
            f"ticket '{name}': unbalanced '{{' or '}}' in the url: "
            "placeholders are written {title}",
        )
        ok = False
    budget = data.get("budget", TICKET_SYSTEMS[system])
    if isinstance(budget, bool) or not isinstance(budget, int) or budget <= 0:
        problems.error(
            path,
            key_line(data, "budget"),
            f"ticket '{name}': `budget` must be a positive number of characters",
        )
        ok = False
    elif len(_PLACEHOLDER.sub("", url)) >= budget:
        problems.error(
            path,
            key_line(data, "budget"),
            f"ticket '{name}': the url without values is already "
            f"{len(_PLACEHOLDER.sub('', url))} characters, over its budget of {budget}",
        )
        ok = False
    label = data.get("label", "Open a ticket")
    if not isinstance(label, str) or not label.strip():
        problems.error(
            path, key_line(data, "label"), f"ticket '{name}': `label` must be a non-empty string"
        )
        ok = False
    if not ok:
        return None
    return TicketTemplate(
        name=name, system=system, url=url, budget=budget, label=label.strip(), line=line
    )


def _at(data: CommentedMap, key: str, fallback: int | None) -> int | None:
    """Line of `key`, or `fallback` (the line naming the mapping) when the key is missing."""
    return key_line(data, key) if key in data else fallback


def _shorten(value: str, excess: int, substitute: Any, current: dict[str, str], name: str) -> str:
    """The longest prefix of `value` (plus a marker) whose encoded URL fits the budget."""
    marker = " … [truncated: use Copy report]"
    budget_len = len(substitute(current)) - excess
    low, high = 0, len(value)
    best = ""
    while low <= high:
        middle = (low + high) // 2
        candidate = value[:middle] + marker if middle < len(value) else value
        trial = dict(current, **{name: candidate})
        if len(substitute(trial)) <= budget_len:
            best = candidate
            low = middle + 1
        else:
            high = middle - 1
    return best


def _day_span(days: tuple[int, ...]) -> str:
    names = [d.capitalize() for d in DAYS]
    if days and list(days) == list(range(days[0], days[-1] + 1)) and len(days) > 2:
        return f"{names[days[0]]}–{names[days[-1]]}"
    return ", ".join(names[d] for d in days)


def _clock(value: time | None) -> str:
    return "24:00" if value is None else f"{value:%H:%M}"
