"""Ctrl-C at any moment of the `supportal` command: click's `Aborted!` and status, no traceback.

Each test stops the command at a chosen point (an import that blocks, a click step that
blocks), waits until it says it got there, and only then sends SIGINT: no timing involved.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from supportal.cli import entry

from ..harness import REPO

# Stops the first import of module argv[1] (say it on stdout, then wait for the signal); the
# rest of argv is the command line.
BLOCK_IMPORT = """\
import importlib.abc, os, sys, time

BLOCKED = sys.argv[1]
assert BLOCKED not in sys.modules, BLOCKED + " is loaded before the CLI imports it"


class BlockImport(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path, target=None):
        if fullname == BLOCKED:
            os.write(1, f"importing {fullname}\\n".encode())
            time.sleep(120)
        return None


sys.meta_path.insert(0, BlockImport())
sys.argv = ["supportal", *sys.argv[2:]]
"""

# The wrapper pip writes for the console script `supportal = "supportal.cli.entry:main"`.
CONSOLE_SCRIPT = """\
import re
from supportal.cli.entry import main
sys.argv[0] = re.sub(r"(-script\\.pyw|\\.exe)?$", "", sys.argv[0])
sys.exit(main())
"""

# `python -m supportal.cli`.
RUN_MODULE = """\
import runpy
runpy.run_module("supportal.cli", run_name="__main__", alter_sys=True)
"""


def interrupted(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run `script` with `args`; once it writes its first line, send it SIGINT (Ctrl-C)."""
    child = subprocess.Popen(
        [sys.executable, "-c", script, *args], cwd=cwd, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        assert child.stdout is not None
        ready = child.stdout.readline()
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=60)
    finally:
        child.kill()
        child.wait()
    return subprocess.CompletedProcess(child.args, child.returncode, ready + out, err)


@pytest.mark.parametrize("launcher", [CONSOLE_SCRIPT, RUN_MODULE], ids=["script", "module"])
@pytest.mark.parametrize("blocked", ["click", "jinja2"])
def test_ctrl_c_while_the_cli_imports(tmp_path: Path, launcher: str, blocked: str) -> None:
    # It printed a KeyboardInterrupt traceback through the CLI's imports (and died by SIGINT).
    result = interrupted(BLOCK_IMPORT + launcher, blocked, "build", cwd=tmp_path)
    assert result.stdout == f"importing {blocked}\n"
    assert result.stderr == entry.ABORTED == "\nAborted!\n"
    assert result.returncode == entry.ABORTED_STATUS == 1


def test_ctrl_c_before_click_handles_it(tmp_path: Path) -> None:
    # click's main reads the command line and shell completion before its own `try`.
    block_click = (
        "import os, sys, time\n"
        "import click.core\n"
        "def completion(*args, **kwargs):\n"
        "    os.write(1, b'completion\\n')\n"
        "    time.sleep(120)\n"
        "click.core.Command._main_shell_completion = completion\n"
        "sys.argv = ['supportal', 'build']\n"
    )
    result = interrupted(block_click + CONSOLE_SCRIPT, cwd=tmp_path)
    assert result.stdout == "completion\n"
    assert (result.returncode, result.stderr) == (1, "\nAborted!\n")


def test_ctrl_c_in_a_command_ends_the_same_way(tmp_path: Path) -> None:
    # What the early interrupts imitate: click's own handling, once the command runs.
    block_build = (
        "import os, sys, time\n"
        "import supportal.cli.main as cli_main\n"
        "def load(*args, **kwargs):\n"
        "    os.write(1, b'loading\\n')\n"
        "    time.sleep(120)\n"
        "cli_main.load_portal_catalog = load\n"
        "sys.argv = ['supportal', 'build']\n"
    )
    result = interrupted(block_build + CONSOLE_SCRIPT, cwd=tmp_path)
    assert result.stdout == "loading\n"
    assert (result.returncode, result.stderr) == (1, "\nAborted!\n")


def test_the_entry_module_loads_nothing_before_its_try() -> None:
    # An import at its top would be a window in which Ctrl-C is a traceback again.
    probe = (
        "import sys\n"
        "before = set(sys.modules)\n"
        "import supportal.cli.entry\n"
        "print(' '.join(sorted(set(sys.modules) - before)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = ["__future__", "supportal", "supportal.cli", "supportal.cli.entry"]
    assert result.stdout.split() == loaded


def test_the_console_script_is_the_entry_module() -> None:
    # pyproject.toml's entry point takes effect on `pip install -e .` (make test does it).
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["scripts"]["supportal"] == "supportal.cli.entry:main"
