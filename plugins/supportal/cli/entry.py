"""The `supportal` command's entry point (the console script and `python -m supportal.cli`).

Importing the CLI (click, MkDocs, Jinja, the plugins) takes a noticeable moment, and click's
own Ctrl-C handling starts only once it runs: an interrupt before that printed a Python
traceback. This module imports only `os` and `sys` (loaded with the interpreter already)
before its `try`, so Ctrl-C at any moment ends the way click ends it: a blank line (closing the
terminal's `^C` echo), `Aborted!`, status 1.
"""

from __future__ import annotations

import os
import sys

ABORTED = "\nAborted!\n"
"""What click writes to stderr on Ctrl-C (`click.core.Command.main`)."""

ABORTED_STATUS = 1
"""And the status it exits with."""


def main() -> None:
    """Run the CLI; an interrupt while it is still loading, or before click's own handling
    starts, ends like one click handles."""
    try:
        from .main import cli

        cli(prog_name="supportal")  # standalone: click exits itself, on Ctrl-C too
    except KeyboardInterrupt:
        try:
            sys.stderr.write(ABORTED)
            sys.stderr.flush()
            sys.stdout.flush()
        finally:
            # Not sys.exit: CPython remembers a KeyboardInterrupt that left an exec() of a
            # string (every dataclass and namedtuple an import defines runs one) even once
            # handled, and at exit kills the process with SIGINT instead of returning this
            # status. Nothing has started that needs cleaning up yet, and a second Ctrl-C
            # during the message ends here too.
            os._exit(ABORTED_STATUS)
