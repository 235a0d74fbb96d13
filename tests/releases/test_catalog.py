from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from supportal.core.problems import SupportalError
from supportal.releases.model import load_catalog

from ..harness import dedent


def catalog_of(tmp_path: Path, text: str):
    file = tmp_path / "releases.yml"
    file.write_text(dedent(text), encoding="utf-8")
    return load_catalog(file, "releases.yml")


def problems_of(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(SupportalError) as info:
        catalog_of(tmp_path, text)
    return [str(p) for p in info.value.problems]


GOOD = """\
releases:
  - version: "1.6"
    title: Product 1.6
    date: 2023-05-10
    status: eol
    end_of_support: 2025-12-31
  - version: "3.0rc1"
    title: Product 3.0 preview
    status: preview
    aliases: [next]
  - version: "2.4"
    title: Product 2.4
    date: 2026-06-02
    status: supported
    default: true
    aliases: [latest, stable]
  - version: "2.0"
    status: lts
"""


def test_catalog_is_sorted_newest_first_with_one_default(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, GOOD)
    assert catalog.versions == ["3.0rc1", "2.4", "2.0", "1.6"]
    assert catalog.default.version == "2.4"
    assert catalog.get("latest").version == "2.4"
    assert catalog.get("2.4.0").version == "2.4"
    assert catalog.get("2.0").title == "2.0"  # the title defaults to the version
    assert catalog.get("1.6").end_of_support == dt.date(2025, 12, 31)
    assert catalog.get("nope") is None


def test_versions_json_is_mikes_format(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, GOOD)
    assert catalog.versions_json()[1] == {
        "version": "2.4", "title": "Product 2.4", "aliases": ["latest", "stable"],
    }


def test_every_catalog_mistake_is_reported_with_its_line(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, """\
        releases:
          - version: "2.0"
            status: stable
            date: 2024-13-01
          - version: "2.0.0"
            status: supported
            aliases: [latest]
          - version: "1.0"
            status: eol
            aliases: [latest, "2.0"]
          - version: two
            status: lts
            colour: blue
        """)
    assert problems == [
        "releases.yml:3: unknown status 'stable'. Expected one of: preview, supported, lts, eol.",
        "releases.yml:4: 'date' is not a date: '2024-13-01' (write YYYY-MM-DD)",
        "releases.yml:8: release 1.0 is 'eol' but has no 'end_of_support' date",
        "releases.yml:13: unknown release key 'colour'. Expected one of: version, title, date, "
        "status, end_of_support, aliases, default, source, notes.",
        "releases.yml:11: 'two' is not a valid version: use PEP 440 versions such as 2.1, 2.1.3 or 3.0rc1",
        # Entries with other mistakes still take part in the checks across releases.
        "releases.yml:5: duplicate version 2.0.0 (already listed at line 2)",
        "releases.yml:10: alias 'latest' is claimed by 2.0.0 (line 7) and 1.0",
        "releases.yml:10: alias '2.0' is also a release version",
        "releases.yml:1: no default release: mark one release with 'default: true'",
    ]


def test_duplicates_aliases_and_default_are_checked(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, """\
        releases:
          - version: "2.0"
            status: supported
            aliases: [latest]
          - version: "2.0.0"
            status: supported
          - version: "1.0"
            status: supported
            aliases: [latest, "2.0", "1.0.0"]
        """)
    assert problems == [
        "releases.yml:5: duplicate version 2.0.0 (already listed at line 2)",
        "releases.yml:9: alias 'latest' is claimed by 2.0 (line 4) and 1.0",
        "releases.yml:9: alias '2.0' is also a release version",
        "releases.yml:9: alias '1.0.0' is also a release version",  # `get('1.0.0')` is 1.0
        "releases.yml:1: no default release: mark one release with 'default: true'",
    ]


def test_every_alias_problem_is_reported_at_once_at_the_aliases_line(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, """\
        releases:
          - version: "2.0"
            status: supported
            aliases: [latest]
            default: true
          - version: "1.0"
            status: eol
            end_of_support: 2024-12-31
            aliases: [latest, "2.0", index.html, Bad, old, old]
        """)
    assert problems == [
        "releases.yml:9: alias 'index.html' is a file at the root of the site, not a name for an alias",
        "releases.yml:9: alias 'Bad' must be a lower-case name of letters, digits, '-', '_' or '.'",
        "releases.yml:9: alias 'latest' is claimed by 2.0 (line 4) and 1.0",
        "releases.yml:9: alias '2.0' is also a release version",
        "releases.yml:9: alias 'old' is listed twice",
    ]


def test_a_mistake_in_the_default_release_does_not_hide_its_default(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, """\
        releases:
          - {version: "2.0", status: current, default: true}
          - {version: "1.0", status: supported}
        """)
    assert problems == [
        "releases.yml:2: unknown status 'current'. Expected one of: preview, supported, lts, eol.",
    ]


def test_two_defaults(tmp_path: Path) -> None:
    problems = problems_of(tmp_path, """\
        releases:
          - {version: "2.0", status: supported, default: true}
          - {version: "1.0", status: supported, default: true}
        """)
    assert problems == [
        "releases.yml:3: two default releases: 2.0 and 1.0; keep one 'default: true'"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("versions: []\n", "releases.yml:1: a release catalog needs a top-level 'releases:' list"),
        ("releases: []\n", "releases.yml:1: 'releases' must be a non-empty list"),
        ("releases:\n  - 2.0\n", "releases.yml:2: each release must be a mapping with at least 'version' and 'status'"),
        ("releases:\n  - version: '2.0'\n", "releases.yml:2: release 2.0 has no 'status'. Expected one of: preview, supported, lts, eol."),
        ("releases:\n  - {version: '2.0', status: eol, date: 2024-01-01, end_of_support: 2023-01-01, default: true}\n",
         "releases.yml:2: 'end_of_support' is before the release 'date'"),
        ("releases:\n  - {version: '2.0', status: lts, aliases: [Latest!], default: true}\n",
         "releases.yml:2: alias 'Latest!' must be a lower-case name of letters, digits, '-', '_' or '.'"),
        # Alias folders are deleted and rewritten: '..' would delete the folder above the site.
        ("releases:\n  - {version: '2.0', status: lts, aliases: [..], default: true}\n",
         "releases.yml:2: alias '..' must start with a letter or a digit"),
        ("releases:\n  - {version: '2.0', status: lts, aliases: [index.html], default: true}\n",
         "releases.yml:2: alias 'index.html' is a file at the root of the site, not a name for an alias"),
        ("releases:\n  - version: '2.0'\n    status: [lts\n", "releases.yml:3: invalid YAML: "),
        ("releases:\n  - version: '2.0'\n    status: lts\n    status: eol\n", "releases.yml:4: invalid YAML: "),
    ],
)
def test_single_mistakes(tmp_path: Path, text: str, message: str) -> None:
    problems = problems_of(tmp_path, text)
    assert problems[0].startswith(message), problems


def test_missing_catalog_file(tmp_path: Path) -> None:
    with pytest.raises(SupportalError) as info:
        load_catalog(tmp_path / "releases.yml", "releases.yml")
    assert str(info.value) == "releases.yml: file not found"


def test_unquoted_versions_keep_the_authors_spelling(tmp_path: Path) -> None:
    # YAML reads an unquoted 2.10 as the number 2.1: the folder would be site/2.1/ and 2.10
    # would sort below 2.9.
    catalog = catalog_of(tmp_path, """\
        releases:
          - {version: 2.10, status: supported, default: true}
          - {version: 2.9, status: supported}
          - {version: 3.0, status: preview}
        """)
    assert catalog.versions == ["3.0", "2.10", "2.9"]
    assert catalog.get("2.10").title == "2.10"


def test_an_empty_title_defaults_to_the_version(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, """\
        releases:
          - version: "2.0"
            title:
            status: supported
            default: true
        """)
    assert catalog.get("2.0").title == "2.0"


def test_retention_is_checked_with_the_rest_of_the_catalog(tmp_path: Path) -> None:
    catalog = catalog_of(tmp_path, GOOD + "retention:\n  keep: [lts]\n  history: 1\n")
    assert catalog.retention_policy.keep == ("lts",)
    assert catalog.retention_policy.history == 1
    assert catalog_of(tmp_path, GOOD).retention_policy.history == 3  # the default policy

    problems = problems_of(
        tmp_path,
        GOOD + "retention:\n  keep: eol\n  keep_last: 3\n  eol_grace_days: -1\n  history: true\n",
    )
    assert problems == [
        "releases.yml:21: unknown retention key 'keep_last'. Expected one of: keep, "
        "patches_per_minor, eol_grace_days, history. Did you mean 'keep'?",
        # A plain `keep: eol` was taken as [eol]; `keep: supported, lts` would be one status.
        "releases.yml:20: 'keep' must be a list of statuses, not text: write 'keep: [eol]'",
        "releases.yml:22: 'eol_grace_days' must be a whole number of at least 0, not '-1'",
        "releases.yml:23: 'history' must be a whole number of at least 0, not true/false",
    ]


@pytest.mark.parametrize(("retention", "message"), [
    ("retention: 3\n", "releases.yml:19: 'retention' must be a mapping of: keep, "
                       "patches_per_minor, eol_grace_days, history"),
    ("retention:\n  keep: {lts: true}\n",
     "releases.yml:20: 'keep' must be a list of statuses, not a mapping"),
    ("retention:\n  keep: [supported, old]\n",
     "releases.yml:20: unknown status 'old' in 'keep'. Expected one of: preview, supported, "
     "lts, eol. Did you mean 'eol'?"),
])
def test_single_retention_mistakes(tmp_path: Path, retention: str, message: str) -> None:
    assert problems_of(tmp_path, GOOD + retention) == [message]


def test_title_and_status_of_the_wrong_kind_are_located_errors(tmp_path: Path) -> None:
    # `title: [x]` was accepted and reached versions.json as "['x']"; a listed status was
    # printed as a Python list.
    problems = problems_of(tmp_path, """\
        releases:
          - version: "2.0"
            title: [Product, "2.0"]
            status: [supported]
            default: true
          - version: "1.0"
            title: 2023
            status: supported
        """)
    assert problems == [
        "releases.yml:4: 'status' must be one word, not a list. Expected one of: preview, "
        "supported, lts, eol.",
        "releases.yml:3: 'title' must be text such as 'Product 2.4', not a list",
    ]
