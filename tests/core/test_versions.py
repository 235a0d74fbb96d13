from __future__ import annotations

import datetime as dt

import pytest

from supportal.core.versions import RangeSyntaxError, VersionRange, parse_version


@pytest.mark.parametrize(
    ("text", "inside", "outside"),
    [
        (">=2.0,<3.0", ["2.0", "2.4", "2.99"], ["1.6", "3.0"]),
        (">=2.0", ["2.0", "3.0rc1", "3.0"], ["1.9"]),  # a preview release matches like any other
        ("<3.0", ["2.4"], ["3.0", "3.1"]),
        ("!=2.3", ["2.2", "2.4", "1.0"], ["2.3", "2.3.0"]),
        ("==2.*", ["2.0", "2.4.1"], ["3.0", "1.6"]),
        ("~=2.1", ["2.1", "2.9"], ["3.0", "2.0"]),
        ("==3.0rc1", ["3.0rc1"], ["3.0"]),
    ],
)
def test_ranges_contain_what_pep440_says(text: str, inside: list[str], outside: list[str]) -> None:
    versions = VersionRange.parse(text)
    for version in inside:
        assert version in versions, version
    for version in outside:
        assert version not in versions, version


def test_empty_range_means_every_release() -> None:
    versions = VersionRange.parse("")
    assert versions.is_all
    assert "0.1" in versions and "99.0rc2" in versions
    assert str(versions) == "all releases"


def test_lower_bound_names_the_first_release() -> None:
    assert str(VersionRange.parse(">=2.1,<3").lower_bound()) == "2.1"
    assert VersionRange.parse("<3").lower_bound() is None


def test_bare_version_gets_a_hint() -> None:
    with pytest.raises(RangeSyntaxError) as info:
        VersionRange.parse("2.1")
    assert str(info.value) == (
        "'2.1' is not a valid version range: write PEP 440 specifiers such as '>=2.0', '<3.0' "
        "or '>=2.0,!=2.3,<3.0'. For exactly this release write '==2.1'; for this release and "
        "later, '>=2.1'."
    )


def test_wildcard_and_space_separated_ranges_get_hints() -> None:
    with pytest.raises(RangeSyntaxError, match=r"Use '==2\.\*' for a whole release line"):
        VersionRange.parse("2.x")
    with pytest.raises(RangeSyntaxError, match="Separate the parts with commas"):
        VersionRange.parse(">=2.0 <3.0")


@pytest.mark.parametrize(("value", "message"), [
    ([">=2.0"], "a version range must be quoted text such as '>=2.0,<3.0', not a list: write "
                "every condition in one string, separated by commas"),
    (None, "a version range must be quoted text such as '>=2.0,<3.0', not empty"),
    (True, "a version range must be quoted text such as '>=2.0,<3.0', not true/false"),
    ({"min": "2.0"}, "a version range must be quoted text such as '>=2.0,<3.0', not a mapping"),
    (dt.date(2024, 1, 1), "a version range must be quoted text such as '>=2.0,<3.0', not a date"),
])
def test_a_range_that_is_not_text_is_refused_in_yaml_words(value: object, message: str) -> None:
    with pytest.raises(RangeSyntaxError) as info:
        VersionRange.parse(value)
    assert str(info.value) == message


def test_parse_version_explains() -> None:
    assert str(parse_version("3.0rc1")) == "3.0rc1"
    with pytest.raises(ValueError, match="'two' is not a valid version: use PEP 440 versions"):
        parse_version("two")
