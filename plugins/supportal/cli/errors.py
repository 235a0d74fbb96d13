"""The CLI's one error boundary: an author's or operator's mistake is a message, never a
traceback (a traceback always means a bug in Supportal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from typing import Any

import click
from mkdocs.exceptions import MkDocsException

from ..core.problems import SupportalError
from .host import NotAPortal


def error_boundary(*refusals: type[Exception]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Print located problems, or `Error: ...` for MkDocs errors and the given `refusals`
    (such as a publish that is refused), and exit with status 1."""
    stops = (MkDocsException, NotAPortal, *refusals)

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(command)
        def run(*args: Any, **kwargs: Any) -> Any:
            try:
                return command(*args, **kwargs)
            except SupportalError as exc:
                for problem in exc.problems:
                    click.echo(str(problem), err=True)
            except stops as exc:
                text = str(exc)
                if text:
                    click.echo(f"Error: {text}", err=True)
            sys.exit(1)

        return run

    return decorate


authoring_errors = error_boundary()
