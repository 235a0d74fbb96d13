"""`supportal diff A B` on a tiny portal: added, removed, changed pages and unified diffs."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli.main import cli

from ..sources.gitportal import git, make_git_portal
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


def test_diff_between_git_ref_releases_compares_their_own_trees(tmp_path: Path) -> None:
    # Rendering both refs from the working tree printed "no page added, removed or changed".
    config = make_git_portal(tmp_path / "p")
    code, out, err = run("diff", "1.1", "2.0", "-f", str(config))
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Docs changes from Widget 1.1 (1.1) to Widget 2.0 (2.0):",
        "Added (0):",
        "Removed (0):",
        "Changed (2):",
        "  ~ index.md  Widget",
        "  ~ setup.md  Setup",
        "",
        "--- 1.1/index.md",
        "+++ 2.0/index.md",
        "@@ -1,3 +1,3 @@",
        " # Widget",
        " ",
        "-Widget one point one.",
        "+Widget two.",
        "",
        "--- 1.1/setup.md",
        "+++ 2.0/setup.md",
        "@@ -1,3 +1,3 @@",
        " # Setup",
        " ",
        "-Set up the widget with a crank.",
        "+Set up the widget with a motor.",
    ]


def test_diff_from_a_git_ref_to_the_working_tree(tmp_path: Path) -> None:
    config = make_git_portal(tmp_path / "p")
    code, out, _ = run("diff", "2.0", "3.0", "-f", str(config), "--names-only")
    assert code == 0
    assert out.splitlines() == [
        "Docs changes from Widget 2.0 (2.0) to Widget 3.0 (3.0):",
        "Added (0):",
        "Removed (0):",
        "Changed (1):",
        "  ~ index.md  Widget",
    ]


def test_diff_names_a_problem_in_a_git_ref_by_ref_and_path(tmp_path: Path) -> None:
    root = tmp_path / "p"
    config = make_git_portal(root)
    # The page exists only in the tree of v2.0.0, not in the working tree.
    (root / "docs/bad.md").write_text("---\nid: 42\n---\n# Bad\n", encoding="utf-8")
    git(root, "add", "docs/bad.md")
    git(root, "commit", "-q", "-m", "bad page", "--", "docs/bad.md")
    git(root, "tag", "-f", "v2.0.0")
    (root / "docs/bad.md").unlink()
    code, out, err = run("diff", "1.1", "2.0", "-f", str(config))
    assert code == 1
    assert err.splitlines() == [
        "v2.0.0:docs/bad.md:2: page id must be text, not a number: put it in quotes ('42')"
    ]
    assert "Traceback" not in out + err
