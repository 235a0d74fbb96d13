"""Regexes are checked at build time for what the browser's RegExp (which grades) accepts."""

from __future__ import annotations

import pytest

from supportal.courses.questions import browser_unsupported


@pytest.mark.parametrize(
    ("regex", "token"),
    [("(?i)kvctl", "(?i)"), ("(?P<port>\\d+)", "(?P<"), ("\\Akvctl\\Z", "\\A"), ("(?#x)y", "(?#")],
)
def test_python_only_syntax_is_found(regex: str, token: str) -> None:
    found = browser_unsupported(regex)
    assert found is not None and found[0] == token


@pytest.mark.parametrize(
    "regex", ["kvctl\\s+status", "(?:a|b)+", "x(?=y)", "a\\(?P<x>", "\\d+\\.\\d+", "[A-Z]{2}-\\d+"]
)
def test_shared_syntax_passes(regex: str) -> None:
    assert browser_unsupported(regex) is None
