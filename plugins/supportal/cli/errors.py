"""The CLI's one error boundary: an author's or operator's mistake is a message, never a
traceback (a traceback always means a bug in Supportal)."""

from __future__ import annotations

import logging
import os
import re
import sys
import sysconfig
import traceback
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import click
from mkdocs.exceptions import MkDocsException

from ..core.problems import SupportalError
from ..sources.overlay import ConfigReadError
from .host import NotAPortal


def error_boundary(*refusals: type[Exception]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Print located problems, or `Error: ...` for MkDocs errors and the given `refusals`
    (such as a publish that is refused), and exit with status 1."""
    stops = (MkDocsException, NotAPortal, ConfigReadError, *refusals)

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
    """The module outside Supportal where `exc` comes from (another MkDocs plugin, a Markdown
    extension, a theme), or None when it comes from Supportal's own code.

    Frames are read from where it was raised outwards. The standard library and the libraries
    Supportal hands its own data to (templates, YAML, the index) only fail on what they are
    given: the first frame that is neither decides. A bug of ours that fails in `json` or in
    a template is ours."""
    remote = exc.__cause__
    if remote is not None and type(remote).__name__ == "_RemoteTraceback":
        # Raised in a worker process: only the text of its traceback came back.
        files = re.findall(r'File "([^"]+)", line \d+', str(remote))
    else:
        files = [frame.filename for frame in traceback.extract_tb(exc.__traceback__)]
    for file in reversed(files):
        if _ours(file):
            return None
        if not _passive(file):
            return _module_of_file(file)
    return None


# Libraries Supportal calls with its own input: they fail on what Supportal gave them.
_PASSIVE = {"jinja2", "markupsafe", "ruamel", "yaml", "whoosh", "packaging", "click", "mergedeep"}
_STDLIB = {
    str(Path(sysconfig.get_paths()[key]).resolve()) for key in ("stdlib", "platstdlib")
}


def _ours(file: str) -> bool:
    return f"{os.sep}supportal{os.sep}" in file


def _passive(file: str) -> bool:
    if file.startswith("<"):  # <frozen ...>, <string>
        return True
    parts = Path(file).parts
    if "site-packages" in parts:
        top = parts[parts.index("site-packages") + 1 :][:1]
        return bool(top) and top[0] in _PASSIVE
    return any(file.startswith(root + os.sep) for root in _STDLIB)


def _module_of_file(file: str) -> str:
    parts = Path(file).with_suffix("").parts
    if "site-packages" in parts:
        return ".".join(parts[parts.index("site-packages") + 1 :])
    return ".".join(parts[-3:])


authoring_errors = error_boundary()
