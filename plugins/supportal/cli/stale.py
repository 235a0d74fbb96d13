"""`supportal check --stale 180d`: pages whose review is overdue (content ownership).

Reads the front matter of every page under docs_dir (no build): pages that declare `owner`,
`last_reviewed` or `review_every` take part; a page's own `review_every` wins over AGE.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from ..core.frontmatter import read_front_matter
from ..core.problems import Problems, SupportalError
from ..support.ownership import IntervalError, Ownership, parse_interval, read_ownership, stale
from .host import load_release_config


def find_stale(
    config_file: Path, age: str, today: dt.date | None = None
) -> tuple[list[Ownership], int, Problems]:
    """(overdue records, number of tracked pages, problems) for the portal of `config_file`."""
    days = parse_interval(age)
    config = load_release_config(config_file, None)
    root = Path(config.config_file_path or config_file).resolve().parent
    docs = Path(config.docs_dir).resolve()
    prefix = _relative(docs, root)
    problems = Problems()
    records: list[Ownership] = []
    for file in sorted(docs.rglob("*.md")):
        src_uri = file.relative_to(docs).as_posix()
        path = f"{prefix}/{src_uri}" if prefix != "." else src_uri
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.error(path, None, f"cannot read file: {exc}")
            continue
        try:
            source = read_front_matter(text, path)
        except SupportalError as exc:
            problems.extend(exc.problems)
            continue
        record = read_ownership(source, src_uri, problems)
        if record is not None:
            records.append(record)
    return stale(records, days, today or dt.date.today()), len(records), problems


def report_stale(config_file: Path, age: str, today: dt.date | None = None) -> int:
    """Print overdue pages and problems; the exit status: 1 when any, else 0."""
    try:
        days = parse_interval(age)
    except IntervalError as exc:
        raise click.BadParameter(str(exc), param_hint="--stale") from None
    overdue, tracked, problems = find_stale(config_file, age, today)
    when = today or dt.date.today()
    for problem in problems:
        click.echo(str(problem))
    for record in overdue:
        click.echo(record.describe(days, when))
    if overdue or problems:
        click.echo(
            f"{len(overdue)} of {tracked} tracked page(s) need a review "
            f"(default interval {days} days, as of {when.isoformat()}).",
            err=True,
        )
        return 1
    click.echo(f"All {tracked} tracked page(s) were reviewed within their interval.", err=True)
    return 0


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix() or "."
    except ValueError:
        return path.as_posix()
