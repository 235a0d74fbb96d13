"""Mistakes in mkdocs.yml are reported by our commands with the file and line, as every other
authoring mistake is (MkDocs itself names only the key)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from supportal.cli.configlines import config_line

from ..harness import PORTAL_HEAD, make_portal

TYPOS = PORTAL_HEAD + """\
site_nme: typo
plugins:
  - search
  - supportal/releases:
      catalg: releases.yml
"""

NO_EXTENSION = PORTAL_HEAD + """\
plugins:
  - supportal/releases
markdown_extensions:
  - admonition
  - "no_such_extension"
"""


def test_line_of_a_key_and_of_the_entry_a_message_names() -> None:
    assert config_line(TYPOS, "site_nme") == 7
    assert config_line(TYPOS, "plugins", "Plugin 'supportal/releases' option 'catalg': x") == 10
    assert config_line(NO_EXTENSION, "markdown_extensions",
                       "Failed to load extension 'no_such_extension'.") == 11
    # an entry the key does not list: the key's line
    assert config_line(TYPOS, "plugins", "Plugin 'admonition' option 'x': y") == 8
    assert config_line(TYPOS, "nav") is None
    # a list written without indentation
    flat = "plugins:\n- search\n- offline:\n    x: 1\n"
    assert config_line(flat, "plugins", "Plugin 'offline' option 'x': y") == 3


def supportal(portal: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "supportal.cli", *args], cwd=portal, capture_output=True,
        text=True, timeout=120, env={**os.environ, "NO_COLOR": "1"},
    )


@pytest.mark.parametrize("command", [["build", "--strict", "-d", "out"], ["check"]])
def test_cli_names_the_line_of_each_config_mistake(tmp_path: Path, command: list[str]) -> None:
    typos = make_portal(tmp_path / "typos", {"index.md": "# Home\n"}, config=TYPOS).parent
    result = supportal(typos, *command)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # Shown once, though both releases load the same mkdocs.yml.
    logged = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert [line for line in logged if "Config value" in line] == [
        "WARNING -  mkdocs.yml:10: Config value 'plugins': Plugin 'supportal/releases' option "
        "'catalg': Unrecognised configuration name: catalg",
        "WARNING -  mkdocs.yml:7: Config value 'site_nme': Unrecognised configuration name: "
        "site_nme",
    ]

    missing = make_portal(tmp_path / "ext", {"index.md": "# Home\n"}, config=NO_EXTENSION).parent
    result = supportal(missing, *command)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERROR   -  mkdocs.yml:11: Config value 'markdown_extensions': Failed to load extension "
        "'no_such_extension'."
    ) in result.stderr.splitlines()
    for portal in (typos, missing):
        assert not (portal / "out").exists() or not any((portal / "out").iterdir())


def test_a_key_written_in_the_inherited_file_is_named_there(tmp_path: Path) -> None:
    base = "theme:\n  name: material\n  font: false\nuse_directory_urls: maybe\n"
    config = PORTAL_HEAD.replace("theme:\n  name: material\n  font: false\n", "")
    config = "INHERIT: shared/base.yml\n" + config + "plugins:\n  - supportal/releases\n"
    portal = make_portal(tmp_path / "p", {"index.md": "# Home\n"}, config=config).parent
    (portal / "shared").mkdir()
    (portal / "shared/base.yml").write_text(base, encoding="utf-8")
    result = supportal(portal, "build", "-d", "out")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "ERROR   -  shared/base.yml:4: Config value 'use_directory_urls': Expected type: true or "
        "false but received: text"
    ) in result.stderr.splitlines()


def test_plugin_place_is_the_entry_line_or_only_the_file(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from supportal.core.configplace import plugin_place

    (tmp_path / "base.yml").write_text("plugins:\n  supportal/support:\n    nav: false\n")
    child = tmp_path / "mkdocs.yml"
    child.write_text("INHERIT: base.yml\nsite_name: X\nplugins:\n  search: {}\n"
                     "  supportal/releases: {}\n")
    config = SimpleNamespace(config_file_path=str(child))
    assert plugin_place(config, "supportal/releases") == "mkdocs.yml:5"
    # Written in base.yml only: not the child's `plugins:` line, which says nothing about it.
    assert plugin_place(config, "supportal/support") == "mkdocs.yml"


def test_the_output_filter_shows_each_message_once_but_every_traceback() -> None:
    import logging

    from supportal.cli.configlines import _ShownOnce

    shown = _ShownOnce()

    def record(level: int, exc_info: bool = False) -> logging.LogRecord:
        error = (ValueError, ValueError("x"), None) if exc_info else None
        return logging.LogRecord("mkdocs", level, __file__, 1, "same text", (), error)

    assert shown.filter(record(logging.WARNING)) is True
    assert shown.filter(record(logging.WARNING)) is False  # a second release saying the same
    assert shown.filter(record(logging.INFO)) is True  # progress is never held back
    assert shown.filter(record(logging.ERROR, exc_info=True)) is True
    assert shown.filter(record(logging.ERROR, exc_info=True)) is True  # serve's 500s, each one
