"""`supportal diff A B` on a tiny portal: added, removed, changed pages and unified diffs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli

from .test_build import portal


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_diff_lists_pages_and_shows_unified_diffs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = portal(tmp_path)
    monkeypatch.chdir(config.parent)
    code, out, _ = run("diff", "1.0", "latest")
    assert code == 0
    assert out.splitlines() == [
        "Docs changes from Product 1.0 (1.0) to Product 2.0 (2.0):",
        "Added (1):",
        "  + guide/crypto.md  Encryption",
        "Removed (1):",
        "  - guide/tape.md  Tape",
        "Changed (1):",
        "  ~ guide/backups.md  Backups",
        "",
        "--- 1.0/guide/backups.md",
        "+++ 2.0/guide/backups.md",
        "@@ -1,2 +1,5 @@",
        " # Backups",
        " ",
        "+## Retention",
        "+",
        "+Nightly.",
    ]


def test_diff_names_only_and_no_change(tmp_path: Path) -> None:
    config = portal(tmp_path)
    code, out, _ = run("diff", "2.0", "3.0", "-f", str(config), "--names-only")
    assert code == 0
    assert out.splitlines() == [
        "Docs changes from Product 2.0 (2.0) to Product 3.0 (3.0):",
        "  no page added, removed or changed",
    ]


def test_diff_unknown_release_is_explained(tmp_path: Path) -> None:
    config = portal(tmp_path)
    code, _, err = run("diff", "2.1", "3.0", "-f", str(config))
    assert code == 2
    assert "Invalid value for OLD: '2.1' is not in" in err
    assert "Did you mean '2.0'?" in err


def test_diff_reports_page_errors_without_traceback(tmp_path: Path) -> None:
    config = portal(tmp_path, {"a.md": "---\nid: x\n---\n", "b.md": "---\nid: x\n---\n"})
    code, out, err = run("diff", "1.0", "2.0", "-f", str(config))
    assert code == 1
    assert err.splitlines() == [
        "docs/b.md:2: page id 'x' is also the id of docs/a.md in release 3.0, 2.0, 1.0: "
        "give one page another 'id', or ranges that do not overlap"
    ]
    assert "Traceback" not in out + err


def test_diff_reports_a_page_that_is_not_utf8_without_traceback(tmp_path: Path) -> None:
    config = portal(tmp_path)
    (config.parent / "docs/guide/legacy.md").write_bytes("# Caf\xe9\n".encode("latin-1"))
    code, out, err = run("diff", "1.0", "2.0", "-f", str(config))
    assert code == 1
    assert err.splitlines() == [
        "docs/guide/legacy.md: cannot read file: 'utf-8' codec can't decode byte 0xe9 in "
        "position 5: invalid continuation byte"
    ]
    assert "Traceback" not in out + err
