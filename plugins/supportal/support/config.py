"""Options of `supportal/support` in mkdocs.yml, grouped: `feedback`, `advisories`, `ownership`."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c

from .ownership import IntervalError, parse_interval

DEFAULT_REASONS = [
    "The information is wrong or out of date",
    "It is hard to understand",
    "Information I need is missing",
    "A link, command or example does not work",
    "Something else",
]

DEFAULT_PREPARE = [
    "The release you run, and whether it matches these pages ({release}).",
    "The exact error message, and when it happened.",
    "Logs of the affected machine.",
]


class Interval(c.Type):
    """A review interval such as `180d`, `26w`, `6m` or `1y`."""

    def __init__(self, default: str) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        try:
            parse_interval(value)
        except IntervalError as exc:
            raise c.ValidationError(str(exc)) from None
        return value


class HttpUrl(c.Type):
    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        value = super().run_validation(value)
        if not value.startswith(("https://", "http://", "/")):
            raise c.ValidationError(f"'{value}' must be an http(s) URL or a path starting with '/'")
        return value


class FeedbackConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Show "Was this page helpful?" at the end of every page (a page opts out with front
    matter `feedback: false`)."""

    sink = c.Choice(("none", "post", "event"), default="none")
    """Where votes go: `none` (nowhere), `post` (JSON POSTed to `url`) or `event` (a DOM event
    named `event` on `document`, for whatever analytics the site uses)."""

    url = c.Optional(HttpUrl())
    """The endpoint for `sink: post`."""

    event = c.Type(str, default="supportal:feedback")
    """The event name for `sink: event`."""

    consent = c.Choice(("required", "not-required"), default="required")
    """`required`: send only when the reader accepted the `consent_cookie` in Material's cookie
    consent (`extra.consent`); otherwise nothing is sent. `not-required`: always send."""

    consent_cookie = c.Type(str, default="analytics")
    """The cookie of `extra.consent.cookies` whose acceptance allows sending feedback."""

    title = c.Type(str, default="Was this page helpful?")
    """The question shown."""

    reasons = c.ListOfItems(c.Type(str), default=list(DEFAULT_REASONS))
    """Reasons offered after a "No"."""

    ticket = c.Optional(c.Type(str))
    """The support.yml ticket template for the "open a ticket" link after a "No"; default: the
    ticket of tier 1. No link when support.yml defines no ticket."""


class AdvisoriesConfig(base.Config):
    file = c.Optional(c.Type(str))
    """The advisories file, relative to mkdocs.yml (e.g. `advisories.yml`). Unset: no advisories."""

    page = c.Type(str, default="support/security.md")
    """Where the generated advisories page goes (under docs_dir)."""

    banner = c.Type(bool, default=True)
    """Show "N security advisories affect this release" on every page of an affected release."""


class OwnershipConfig(base.Config):
    review_every = Interval("180d")
    """Default review interval for pages that declare an owner or a review date."""

    report = c.Type(bool, default=False)
    """Generate the review report page (`report_page`). Off by default because the report is for
    the documentation team: turn it on in internal builds only, e.g.
    `report: !ENV [SUPPORTAL_INTERNAL, false]`."""

    report_page = c.Type(str, default="support/content-review.md")
    """Where the review report goes (under docs_dir). It is left out of the nav and of search."""

    as_of = c.Optional(c.Type(str))
    """Date (YYYY-MM-DD) the report is computed for; default: the day of the build."""


class SupportConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    support = c.Type(str, default="support.yml")
    """The support desk file (tiers, channels, hours, tickets), relative to mkdocs.yml; shared
    with supportal/troubleshooting."""

    contact_page = c.Type(str, default="support/contact.md")
    """Where the generated "Get support" page goes (under docs_dir)."""

    prepare = c.ListOfItems(c.Type(str), default=list(DEFAULT_PREPARE))
    """"What to prepare" before contacting support (Markdown; `{release}` is the release title)."""

    nav = c.Type(bool, default=True)
    """Add the generated public pages to an explicit `nav:` after `support/index.md`."""

    feedback = c.SubConfig(FeedbackConfig)
    advisories = c.SubConfig(AdvisoriesConfig)
    ownership = c.SubConfig(OwnershipConfig)
