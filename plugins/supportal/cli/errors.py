"""The CLI's one error boundary: an author's or operator's mistake is a message, never a
traceback (a traceback always means a bug in Supportal)."""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
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
            except (click.ClickException, click.exceptions.Exit, click.Abort):
                raise  # click prints these itself
            except Exception as exc:
                origin = foreign_origin(exc)
                if origin is None:
                    raise  # raised in Supportal's code: a bug, its traceback is wanted
                if logging.getLogger("mkdocs").isEnabledFor(logging.DEBUG):
                    traceback.print_exception(exc, file=sys.stderr)
                click.echo(
                    f"Error: {origin} failed: {type(exc).__name__}: {exc}. That code is not "
                    "Supportal's: check what the page or config gives it (its documentation "
                    "says what it accepts); -v shows its traceback.",
                    err=True,
                )
            sys.exit(1)

        return run

    return decorate


def foreign_origin(exc: BaseException) -> str | None:
    """The module outside Supportal where `exc` was raised (another MkDocs plugin, a Markdown
    extension, a theme), or None when it was raised in Supportal's own code."""
    remote = exc.__cause__
    if remote is not None and type(remote).__name__ == "_RemoteTraceback":
        # Raised in a worker process: only the text of its traceback came back.
        files = re.findall(r'File "([^"]+)", line \d+', str(remote))
        if not files:
            return None
        return None if _ours(files[-1]) else _module_of_file(files[-1])
    tb = exc.__traceback__
    if tb is None:
        return None
    while tb.tb_next is not None:
        tb = tb.tb_next
    name = str(tb.tb_frame.f_globals.get("__name__", ""))
    if name == "supportal" or name.startswith("supportal."):
        return None
    return name or _module_of_file(tb.tb_frame.f_code.co_filename)


def _ours(file: str) -> bool:
    return f"{os.sep}supportal{os.sep}" in file


def _module_of_file(file: str) -> str:
    parts = Path(file).with_suffix("").parts
    if "site-packages" in parts:
        return ".".join(parts[parts.index("site-packages") + 1 :])
    return ".".join(parts[-3:])


authoring_errors = error_boundary()
