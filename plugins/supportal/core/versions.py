"""Release version ranges: PEP 440 specifier sets, as `packaging` implements them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import InvalidVersion, Version

from .yamlfile import kind_of


class RangeSyntaxError(ValueError):
    """A version range that is not a PEP 440 specifier set; the message says how to write one."""


@dataclass(frozen=True)
class VersionRange:
    """A set of releases, written as a PEP 440 specifier set such as `>=2.0,<3.0`.

    The empty range matches every release. Pre-releases (a `3.0rc1` preview) are matched like
    any other version: a range is about documentation, not about dependency resolution.
    """

    text: str
    specifiers: SpecifierSet

    @classmethod
    def parse(cls, text: object) -> VersionRange:
        if isinstance(text, bool) or not isinstance(text, str | int | float):
            raise RangeSyntaxError(_not_a_range(text))
        text = str(text).strip()
        try:
            specifiers = SpecifierSet(text)
        except InvalidSpecifier:
            raise RangeSyntaxError(_explain(text)) from None
        return cls(text=text, specifiers=specifiers)

    @classmethod
    def all(cls) -> VersionRange:
        return cls(text="", specifiers=SpecifierSet(""))

    @property
    def is_all(self) -> bool:
        return not self.specifiers

    def __contains__(self, version: Version | str) -> bool:
        return self.specifiers.contains(version, prereleases=True)

    def lower_bound(self) -> Version | None:
        """The smallest version named by `>=` or `==`, used for "new in" labels."""
        bounds = [
            Version(s.version.rstrip(".*"))
            for s in self.specifiers
            if s.operator in (">=", "==", "===", "~=") and _is_version(s.version.rstrip(".*"))
        ]
        return min(bounds) if bounds else None

    def __str__(self) -> str:
        return self.text or "all releases"


def parse_version(text: object) -> Version:
    """Parse a PEP 440 version; raises ValueError with a message fit for an author."""
    try:
        return Version(str(text).strip())
    except InvalidVersion:
        raise ValueError(
            f"'{text}' is not a valid version: use PEP 440 versions such as 2.1, 2.1.3 or 3.0rc1"
        ) from None


def _is_version(text: str) -> bool:
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def _not_a_range(value: object) -> str:
    wanted = "a version range must be quoted text such as '>=2.0,<3.0'"
    if value is None:
        return f"{wanted}, not empty"
    if isinstance(value, list):
        # `[">=2.0", "<3.0"]` reads naturally but is not one range: say how to join the parts.
        return f"{wanted}, not a list: write every condition in one string, separated by commas"
    return f"{wanted}, not {kind_of(value)}"


_OPERATOR = re.compile(r"^(~=|===|==|!=|<=|>=|<|>)\s*[0-9]")


def _explain(text: str) -> str:
    hint = ""
    if _is_version(text):
        hint = f" For exactly this release write '=={text}'; for this release and later, '>={text}'."
    elif "x" in text.lower() or "*" in text:
        hint = " Use '==2.*' for a whole release line, or '>=2.0,<3.0'."
    elif len(text.split()) > 1 and all(_OPERATOR.match(part) for part in text.split()):
        hint = " Separate the parts with commas: '>=2.0,<3.0'."
    return (
        f"'{text}' is not a valid version range: write PEP 440 specifiers such as "
        f"'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'.{hint}"
    )
