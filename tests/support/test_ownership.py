"""Content ownership: review records, the review report page, `supportal check --stale`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli
from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import Problems
from supportal.support.ownership import IntervalError, parse_interval, read_ownership, stale

from ..harness import make_portal
from .conftest import SUPPORT_CONFIG, build_support, with_options

TODAY = dt.date.today()


def _ago(days: int, today: dt.date = TODAY) -> str:
    return (today - dt.timedelta(days=days)).isoformat()


def _record(text: str):  # noqa: ANN202
    problems = Problems()
    record = read_ownership(read_front_matter(text, "docs/p.md"), "p.md", problems)
    return record, [str(p) for p in problems]


@pytest.mark.parametrize(("text", "days"), [("180d", 180), ("26w", 182), ("6m", 180), ("1y", 365)])
def test_intervals(text: str, days: int) -> None:
    assert parse_interval(text) == days


def test_bad_interval() -> None:
    with pytest.raises(
        IntervalError, match="'soon' is not a review interval: write a number of days"
    ):
        parse_interval("soon")


def test_records_and_staleness() -> None:
    record, problems = _record(
        "---\nowner: Docs\nlast_reviewed: 2026-01-01\nreview_every: 30d\n---\n# T\n"
    )
    assert problems == [] and record is not None
    assert record.owner == "Docs" and record.title == "T" and record.review_days == 30
    assert record.due(180) == dt.date(2026, 1, 31)
    assert record.is_stale(180, dt.date(2026, 2, 1)) and not record.is_stale(
        180, dt.date(2026, 1, 31)
    )
    assert record.describe(180, dt.date(2026, 2, 1)) == (
        "docs/p.md:3: last reviewed 2026-01-01, 31 days ago (review every 30 days; owner: Docs)"
    )
    never, _ = _record("---\ntitle: P\nowner: Docs\n---\n")
    assert never is not None and never.is_stale(180, TODAY)
    assert never.describe(180, TODAY) == "docs/p.md:3: never reviewed (owner: Docs)"
    untracked, _ = _record("---\ntitle: X\n---\n")
    assert untracked is None
    assert stale([record, never], 180, dt.date(2026, 2, 1)) == [never, record]


@pytest.mark.parametrize(
    "front",
    [
        "last_reviewed: 2026-01-01\nreview_every: 99999999999y",
        "last_reviewed: 9999-12-01\nreview_every: 1y",
    ],
)
def test_a_review_date_beyond_the_calendar_is_never_due(front: str) -> None:
    # The due date used to overflow (OverflowError from `supportal check --stale`).
    record, problems = _record(f"---\nowner: Docs\n{front}\n---\n")
    assert problems == [] and record is not None
    assert record.due(180) == dt.date.max
    assert not record.is_stale(180, TODAY)
    assert stale([record], 180, TODAY) == []


@pytest.mark.parametrize(
    ("front", "message"),
    [
        (
            "last_reviewed: last week",
            "docs/p.md:2: 'last_reviewed' is not a date: 'last week' (write YYYY-MM-DD)",
        ),
        (
            "owner: [a, b]",
            "docs/p.md:2: 'owner' must be a team or person, such as 'Backup docs team'",
        ),
        (
            "review_every: often",
            "docs/p.md:2: 'often' is not a review interval: write a number of "
            "days, weeks, months or years, such as 180d, 26w, 6m or 1y",
        ),
    ],
)
def test_record_problems(front: str, message: str) -> None:
    _, problems = _record(f"---\n{front}\n---\n")
    assert problems == [message]


def test_bad_review_date_stops_the_build(tmp_path: Path) -> None:
    page = "---\nowner: Docs\nlast_reviewed: 2026-13-01\n---\n# Guide\n"
    result = build_support(tmp_path, {"guide.md": page})
    assert not result.ok
    assert (
        result.errors[0]
        == "docs/guide.md:3: 'last_reviewed' is not a date: '2026-13-01' (write YYYY-MM-DD)"
    )
    strict = build_support(tmp_path / "strict", {"guide.md": page}, strict=True)
    assert not strict.ok


def test_bad_interval_option(tmp_path: Path) -> None:
    result = build_support(
        tmp_path, config=with_options("ownership:\n  review_every: half a year\n")
    )
    assert not result.ok
    assert any("'half a year' is not a review interval" in e for e in result.errors), result.errors


def _pages(today: dt.date) -> dict[str, str]:
    return {
        "guide.md": f"---\nowner: Guide team\nlast_reviewed: {_ago(400, today)}\n---\n# Guide\n",
        "fresh.md": f"---\nowner: Ops\nlast_reviewed: {_ago(10, today)}\n---\n# Fresh\n",
        "orphan.md": "---\nowner: Nobody\n---\n# Orphan\n",
    }


PAGES = _pages(TODAY)


def test_report_page_is_off_by_default(tmp_path: Path) -> None:
    result = build_support(tmp_path, PAGES)
    assert result.ok, result.messages()
    assert not (result.site_dir / "support/content-review").exists()


def test_report_page_lists_reviews_and_stays_out_of_nav_and_search(tmp_path: Path) -> None:
    config = with_options(f"ownership:\n  report: true\n  as_of: '{TODAY.isoformat()}'\n").replace(
        "plugins:\n", "plugins:\n  - search\n"
    )
    result = build_support(tmp_path, PAGES, config=config)
    assert result.ok, result.messages()
    html = result.page("support/content-review/")
    assert f"Internal report for {TODAY.isoformat()}" in html
    rows = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    # Overdue first (never reviewed before the oldest review), then the pages still in date.
    assert rows.index("Orphan") < rows.index("Guide") < rows.index("Fresh")
    assert f"<td>{_ago(400)}</td>" in rows and "<td>never</td>" in rows
    assert rows.count("<strong>Overdue</strong>") == 2 and rows.count("<td>OK</td>") == 1
    assert '<a href="../../guide/">Guide</a>' in rows
    assert "<code>docs/guide.md</code>" in rows
    assert "support/content-review/" not in result.page("")  # not in the nav
    index = (result.site_dir / "search/search_index.json").read_text(encoding="utf-8")
    assert '"title":"Fresh"' in index.replace(" ", "")  # the index is there ...
    assert "Content review" not in index  # ... without the report


def test_check_stale_lists_overdue_pages(tmp_path: Path) -> None:
    # `check --stale` counts from the real date: take it now, not when the module was imported
    # (a run that crosses midnight made this page 401 days old).
    today = dt.date.today()
    config_file = make_portal(
        tmp_path,
        {"index.md": "# Home\n", "support/index.md": "# S\n", **_pages(today)},
        config=SUPPORT_CONFIG,
        extra_files={"advisories.yml": "advisories: []\n"},
    )
    runner = CliRunner()
    result = runner.invoke(cli, ["check", "-f", str(config_file), "--stale", "180d"])
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "docs/orphan.md:2: never reviewed (owner: Nobody)",
        f"docs/guide.md:3: last reviewed {_ago(400, today)}, 400 days ago (review every 180 days; "
        "owner: Guide team)",
    ]
    assert "2 of 3 tracked page(s) need a review (default interval 180 days" in result.stderr
    relaxed = runner.invoke(cli, ["check", "-f", str(config_file), "--stale", "2y"])
    assert relaxed.stdout.splitlines() == ["docs/orphan.md:2: never reviewed (owner: Nobody)"]


def test_check_stale_rejects_a_bad_age(tmp_path: Path) -> None:
    config_file = make_portal(tmp_path, {"index.md": "# Home\n"}, config=SUPPORT_CONFIG)
    result = CliRunner().invoke(cli, ["check", "-f", str(config_file), "--stale", "soon"])
    assert result.exit_code == 2
    assert "Invalid value for --stale: 'soon' is not a review interval" in result.stderr


def test_check_stale_reports_an_unreadable_page(tmp_path: Path) -> None:
    # A page not in UTF-8 made `supportal check --stale` die with UnicodeDecodeError.
    config_file = make_portal(tmp_path, {"index.md": "# Home\n"}, config=SUPPORT_CONFIG)
    (config_file.parent / "docs" / "latin1.md").write_bytes(b"---\nowner: Caf\xe9\n---\n# x\n")
    result = CliRunner().invoke(cli, ["check", "-f", str(config_file), "--stale", "180d"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines() == [
        "docs/latin1.md: cannot read file: 'utf-8' codec can't decode byte 0xe9 in position 14: "
        "invalid continuation byte"
    ]
