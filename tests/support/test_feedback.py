"""The page feedback widget as built: on every page, configured from mkdocs.yml, escaped."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .conftest import SUPPORT_CONFIG, build_support, with_options


def _widget(html: str) -> str:
    match = re.search(r'<aside class="supportal-feedback".*?</aside>', html, re.S)
    assert match, "no feedback widget"
    return match.group(0)


def _attr(widget: str, name: str) -> str:
    match = re.search(rf' {name}="([^"]*)"', widget)
    assert match, f"no {name}"
    return unescape(match.group(1))


def test_widget_on_every_page_with_page_and_release(tmp_path: Path) -> None:
    result = build_support(tmp_path, release="2.0")
    assert result.ok, result.messages()
    for url in ("", "guide/", "support/", "support/contact/", "support/security/"):
        assert "data-supportal-feedback" in result.page(url), url
    widget = _widget(result.page("guide/"))
    assert _attr(widget, "data-page-title") == "Guide"  # the nav title wins, as in MkDocs
    assert _attr(widget, "data-release") == "2.0"
    assert _attr(widget, "data-sink") == "none"
    assert _attr(widget, "data-consent") == "required"
    assert '<p class="supportal-feedback__title">Was this page helpful?</p>' in widget
    reasons = re.findall(
        r'<input type="radio" name="supportal-feedback-reason" value="([^"]+)">', widget
    )
    assert reasons[0] == "The information is wrong or out of date" and len(reasons) == 5
    # The ticket link works without the script: tier 1's ticket, page and release filled in.
    assert _attr(widget, "data-ticket").startswith(
        "https://github.com/acme/server/issues/new?title={title}"
    )
    link = re.search(
        r'<p class="supportal-feedback__ticket" hidden>Still stuck\? <a href="([^"]+)"', widget
    )
    assert link
    query = parse_qs(urlsplit(unescape(link.group(1))).query)
    assert query["title"] == ["Docs feedback: Guide (Product 2.0)"]
    assert "URL: https://docs.example.com/2.0/guide/\nRelease: 2.0\n" in query["body"][0]
    assert (
        '<script src="../assets/supportal/support/feedback.js" type="module"></script>'
        in result.page("guide/")
    )


def test_sink_options(tmp_path: Path) -> None:
    config = with_options("""\
        feedback:
          sink: post
          url: https://feedback.example.com/vote
          consent: not-required
          title: Did this help?
          reasons: [Too short, Wrong]
          ticket: mail
    """)
    result = build_support(tmp_path, config=config)
    assert result.ok, result.messages()
    widget = _widget(result.page("guide/"))
    assert _attr(widget, "data-sink") == "post"
    assert _attr(widget, "data-url") == "https://feedback.example.com/vote"
    assert _attr(widget, "data-consent") == "not-required"
    assert "Did this help?" in widget
    assert re.findall(r'value="([^"]+)">', widget) == ["Too short", "Wrong"]
    assert _attr(widget, "data-ticket").startswith("mailto:help@acme.example?subject={title}")


def test_page_can_opt_out(tmp_path: Path) -> None:
    result = build_support(tmp_path, {"guide.md": "---\nfeedback: false\n---\n# Guide\n"})
    assert result.ok, result.messages()
    assert "data-supportal-feedback" not in result.page("guide/")
    assert "data-supportal-feedback" in result.page("")


def test_widget_can_be_turned_off(tmp_path: Path) -> None:
    config = with_options("feedback:\n  enabled: false\n")
    result = build_support(tmp_path, config=config)
    assert result.ok, result.messages()
    assert "data-supportal-feedback" not in result.page("guide/")


def test_no_ticket_link_without_support_file(tmp_path: Path) -> None:
    result = build_support(tmp_path, support=None)
    assert result.ok, result.messages()
    widget = _widget(result.page("guide/"))
    assert "data-ticket" not in widget and "supportal-feedback__ticket" not in widget


def test_page_title_is_escaped(tmp_path: Path) -> None:
    title = "'\"><img src=x onerror=alert(1)>'"
    result = build_support(tmp_path, {"other.md": f"---\ntitle: {title}\n---\n# Other\n"})
    assert result.ok, result.messages()
    widget = _widget(result.page("other/"))
    assert "<img" not in widget
    assert _attr(widget, "data-page-title") == '"><img src=x onerror=alert(1)>'


# --- configuration problems -----------------------------------------------------------------------


def test_post_without_url(tmp_path: Path) -> None:
    result = build_support(
        tmp_path, config=with_options("feedback:\n  sink: post\n  consent: not-required\n")
    )
    assert not result.ok
    assert (
        result.errors[0]
        == "mkdocs.yml:9: plugin 'supportal/support': feedback.sink is 'post' but feedback.url is not set"
    )


def test_unknown_ticket(tmp_path: Path) -> None:
    result = build_support(tmp_path, config=with_options("feedback:\n  ticket: githb\n"))
    assert not result.ok
    assert result.errors[0] == (
        "mkdocs.yml:9: plugin 'supportal/support': feedback.ticket 'githb' is not a ticket template "
        "of support.yml. Expected one of: github, mail. Did you mean 'github'?"
    )


def test_bad_sink_is_a_config_error(tmp_path: Path) -> None:
    result = build_support(tmp_path, config=with_options("feedback:\n  sink: gtag\n"))
    assert not result.ok
    assert any(
        "Plugin 'supportal/support' option 'feedback': Sub-option 'sink': Expected one of: "
        "('none', 'post', 'event') but received: 'gtag'" in e
        for e in result.errors
    ), result.errors


def test_bad_post_url_is_a_config_error(tmp_path: Path) -> None:
    config = with_options("feedback:\n  sink: post\n  url: javascript:alert(1)\n")
    result = build_support(tmp_path, config=config)
    assert not result.ok
    assert any(
        "'javascript:alert(1)' must be an http(s) URL or a path starting with '/'" in e
        for e in result.errors
    ), result.errors


def test_consent_required_without_consent_banner_warns(tmp_path: Path) -> None:
    config = with_options("feedback:\n  sink: event\n")
    message = (
        "mkdocs.yml:9: plugin 'supportal/support': feedback.consent is 'required' but Material's "
        "cookie consent (extra.consent) is not configured, so no reader can consent and no "
        "feedback is ever sent. Configure extra.consent, or set feedback.consent: not-required."
    )
    lenient = build_support(tmp_path, config=config)
    assert lenient.ok and lenient.warnings == [message]
    strict = build_support(tmp_path / "strict", config=config, strict=True)
    assert not strict.ok and message in strict.warnings
    consent = config + "extra:\n  consent:\n    title: Cookies\n    description: We ask first.\n"
    quiet = build_support(tmp_path / "consent", config=consent, strict=True)
    assert quiet.ok, quiet.messages()


def test_default_config_is_quiet(tmp_path: Path) -> None:
    result = build_support(tmp_path, config=SUPPORT_CONFIG, strict=True)
    assert result.ok, result.messages()
