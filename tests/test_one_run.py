"""One run shows every authoring mistake, whichever plugins' files hold them.

MkDocs runs each plugin's `on_files` in turn; a plugin that stopped the build there hid the
mistakes in every later plugin's files until the first ones were fixed (a bad course.yml hid
the errors of the troubleshooting trees, a bad known_issues.yml those of advisories.yml). Now
each plugin reports its problems and the build stops once, after the last `on_files`.

The fixture site `sites/every-plugin` has every Supportal plugin and one valid entry in every
file they read; each test puts a mistake in some of those files.
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import SITES, BuildResult, build_plain, build_portal

SITE = SITES / "every-plugin"
RANGE_HELP = (
    "is not a valid version range: write PEP 440 specifiers such as '>=2.0', '<3.0' or "
    "'>=2.0,!=2.3,<3.0'."
)


@dataclass(frozen=True)
class Mistake:
    """One wrong line in one file of the fixture site, and what the writer is told."""

    file: str
    old: str
    new: str
    message: str

    def make(self, root: Path) -> None:
        path = root / self.file
        text = path.read_text(encoding="utf-8") if self.old else ""
        assert self.old in text, f"{self.old!r} is not in {self.file}"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace(self.old, self.new, 1) if self.old else self.new, "utf-8")


# In the order the build reports them: support.yml when supportal/troubleshooting loads it
# (on_config), then each plugin's on_files (releases, reading, courses, faq, support, search,
# troubleshooting, by their priorities and their order in mkdocs.yml).
MISTAKES = {
    "support.yml": Mistake(
        "support.yml", "- email: help@acme.example", "- email: help-at-acme",
        "support.yml:18: email channel: 'help-at-acme' is not an email address",
    ),
    "page front matter": Mistake(
        "docs/guide.md", 'versions: ">=1.0"', 'versions: ">=1.0,<"',
        f"docs/guide.md:2: '>=1.0,<' {RANGE_HELP}",
    ),
    "page id": Mistake(
        "docs/index.md", "# Home", "---\nid: Home Page\n---\n# Home",
        "docs/index.md:2: page id 'Home Page' must be letters, digits, '.', '_', '-' or '/', "
        "such as 'home-page'",
    ),
    "known_issues.yml": Mistake(
        "known_issues.yml", 'affects: ">=1.0"', 'affects: ">=1.0,<"',
        f"known_issues.yml:4: '>=1.0,<' {RANGE_HELP}",
    ),
    "course.yml": Mistake(
        "docs/courses/demo/course.yml", "pass_mark: 50", "pass_mark: 120",
        "docs/courses/demo/course.yml:10: pass_mark 120 is outside 0-100 (a percentage)",
    ),
    "FAQ entry": Mistake(
        "docs/faq/upgrade.md", "category: install", "category: instal",
        "docs/faq/upgrade.md:4: unknown category 'instal': not among the 'categories' of the "
        "supportal/faq plugin in mkdocs.yml. Expected one of: install. Did you mean 'install'?",
    ),
    "advisories.yml": Mistake(
        "advisories.yml", "severity: high", "severity: hihg",
        "advisories.yml:4: unknown severity 'hihg'. Expected one of: critical, high, medium, "
        "low. Did you mean 'high'?",
    ),
    "search index folder": Mistake(
        "docs/_supportal/search/notes.md", "", "# Notes\n",
        "docs/_supportal/search/notes.md: supportal/search writes the search index to "
        "_supportal/search/ and would delete this file: move it to another folder",
    ),
    "tree.yml": Mistake(
        "docs/troubleshooting/agent.tree.yml", "tree: agent", "tree: Agent Guide",
        "docs/troubleshooting/agent.tree.yml:1: tree id 'Agent Guide' must be lowercase "
        "letters, digits and single '-' (it is used in URLs and reports)",
    ),
}


def site_with(tmp_path: Path, *names: str) -> Path:
    """A copy of the fixture site with the named mistakes; returns its mkdocs.yml."""
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    for name in names:
        MISTAKES[name].make(root)
    return root / "mkdocs.yml"


def assert_stopped_once(result: BuildResult, messages: list[str], count: str) -> None:
    """Exactly these messages (nothing a stopped plugin left undone, such as a page missing
    from the nav), the count last, a failed build and no traceback."""
    assert result.messages() == [*messages, count]
    assert not result.ok
    assert all(record.exc_info is None for record in result.records)


def test_the_fixture_site_builds_strictly(tmp_path: Path) -> None:
    # Each mistake below is then the only thing wrong with it.
    config = site_with(tmp_path)
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    assert result.messages() == []
    assert "agent:" in (config.parent / "trees.lock.yml").read_text(encoding="utf-8")


def test_a_build_that_stops_records_no_tree_node_ids(tmp_path: Path) -> None:
    # supportal/troubleshooting has nothing to report, but the build stops after it: its
    # nodes are not published, so the node registry must not list them.
    config = site_with(tmp_path, "FAQ entry")
    result = build_portal(config, strict=True)
    assert_stopped_once(
        result, [MISTAKES["FAQ entry"].message], "1 authoring error (listed above) stops the build."
    )
    assert not (config.parent / "trees.lock.yml").exists()


PAIRS = list(itertools.combinations(MISTAKES, 2))


@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a} + {b}" for a, b in PAIRS])
def test_two_mistakes_are_reported_in_one_run(tmp_path: Path, first: str, second: str) -> None:
    result = build_portal(site_with(tmp_path, first, second), strict=True)
    assert_stopped_once(
        result,
        [MISTAKES[first].message, MISTAKES[second].message],
        "2 authoring errors (listed above) stop the build.",
    )


def test_every_mistake_at_once(tmp_path: Path) -> None:
    result = build_portal(site_with(tmp_path, *MISTAKES), strict=False)
    assert_stopped_once(
        result,
        [m.message for m in MISTAKES.values()],
        "9 authoring errors (listed above) stop the build.",
    )


def test_the_order_of_the_plugins_does_not_matter(tmp_path: Path) -> None:
    config = site_with(tmp_path, *MISTAKES)
    text = config.read_text(encoding="utf-8")
    head, plugins, tail = _split_plugins(text)
    assert [p.split()[1].rstrip(":") for p in plugins][:2] == [
        "supportal/search", "supportal/releases"
    ]
    config.write_text(head + "".join(reversed(plugins)) + tail, encoding="utf-8")
    result = build_portal(config)
    messages = result.messages()
    assert messages[-1] == "9 authoring errors (listed above) stop the build."
    assert sorted(messages[:-1]) == sorted(m.message for m in MISTAKES.values())
    assert not result.ok


def _split_plugins(text: str) -> tuple[str, list[str], str]:
    """mkdocs.yml around its `plugins:` list, the list as one block per plugin."""
    head, _, rest = text.partition("plugins:\n")
    body, _, tail = rest.partition("# Lists")
    blocks = [f"  - {b}" for b in body.split("  - ")[1:]]
    return head + "plugins:\n", blocks, "# Lists" + tail


def test_support_without_trees_reports_its_desk_and_its_advisories(tmp_path: Path) -> None:
    # Without supportal/troubleshooting, supportal/support reports support.yml itself, in
    # on_config: that no longer hides advisories.yml, read in its on_files.
    config = site_with(tmp_path, "support.yml", "advisories.yml")
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - supportal/troubleshooting\n", ""),
        encoding="utf-8",
    )
    (config.parent / "docs/troubleshooting/agent.tree.yml").unlink()
    result = build_portal(config, strict=True)
    assert_stopped_once(
        result,
        [MISTAKES["support.yml"].message, MISTAKES["advisories.yml"].message],
        "2 authoring errors (listed above) stop the build.",
    )


def test_plugins_without_releases_stop_once_too(tmp_path: Path) -> None:
    # Courses and trees build without supportal/releases: they stop the build themselves.
    config = site_with(tmp_path, "course.yml", "tree.yml")
    config.write_text(
        "site_name: Test portal\ndocs_dir: docs\nplugins:\n"
        "  - supportal/courses\n  - supportal/troubleshooting\n",
        encoding="utf-8",
    )
    (config.parent / "support.yml").unlink()
    tree = config.parent / "docs/troubleshooting/agent.tree.yml"
    tree.write_text(  # no desk and no known issues in this portal
        tree.read_text(encoding="utf-8").split("  known:")[0].replace("goto: known", "goto: help")
        + "  help:\n    kind: resolved\n    title: Fixed\n",
        encoding="utf-8",
    )
    result = build_plain(config, strict=True)
    assert_stopped_once(
        result,
        # Named as with supportal/releases: relative to the folder of mkdocs.yml.
        [MISTAKES["course.yml"].message, MISTAKES["tree.yml"].message],
        "2 authoring errors (listed above) stop the build.",
    )


def test_a_page_whose_front_matter_cannot_be_read_is_reported_once(tmp_path: Path) -> None:
    # supportal/releases goes on past it, so the plugins after it must not report the links
    # to the page (a tree's answer, an FAQ answer_from, a fallback page id) as mistakes too.
    config = site_with(tmp_path)
    docs = config.parent / "docs"
    (docs / "guide.md").write_text("---\nversions: [\n---\n# Guide\n\n## Retention\n")
    (docs / "faq/keep.md").write_text(
        "---\nid: keep\nquestion: How long are backups kept?\ncategory: install\n"
        "answer_from: guide.md#retention\n---\n"
    )
    (docs / "old.md").write_text("---\nversions: '<2.0'\nfallback: guide\n---\n# Old\n")
    result = build_portal(config, strict=True)
    assert_stopped_once(
        result,
        ["docs/guide.md:3: invalid YAML: expected the node content, but found '<stream end>'"],
        "1 authoring error (listed above) stops the build.",
    )


def _pair_in_site(tmp_path: Path, first: str, second: str) -> tuple[Path, list[str]]:
    config = site_with(tmp_path, first, second)
    return config.parent, [MISTAKES[first].message, MISTAKES[second].message]


@pytest.mark.parametrize("host", ["mkdocs", "properdocs"])
def test_a_plain_strict_build_lists_both_mistakes(tmp_path: Path, host: str) -> None:
    # Page ids (supportal/reading) used to hide the FAQ's unknown categories.
    root, messages = _pair_in_site(tmp_path, "page id", "FAQ entry")
    result = subprocess.run(
        [sys.executable, "-m", host, "build", "--strict", "-f", "mkdocs.yml"],
        cwd=root, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    for message in [*messages, "2 authoring errors (listed above) stop the build."]:
        assert f"ERROR   -  {message}\n" in output, output
    assert "Traceback" not in output


def test_check_lists_both_mistakes_once(tmp_path: Path) -> None:
    # known_issues.yml (supportal/reading) used to hide advisories.yml (supportal/support).
    root, messages = _pair_in_site(tmp_path, "known_issues.yml", "advisories.yml")
    result = _supportal(root, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == messages
    assert result.stderr.strip() == "2 problem(s) found in 2 release(s) of mkdocs.yml."


def test_build_of_every_release_lists_both_mistakes(tmp_path: Path) -> None:
    # A bad course.yml used to hide the errors of the troubleshooting trees.
    root, messages = _pair_in_site(tmp_path, "course.yml", "tree.yml")
    result = _supportal(root, "build", "--strict")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for message in [*messages, "2 authoring errors (listed above) stop the build."]:
        assert lines.count(f"ERROR   -  {message}") == 1, result.stderr
    assert "Traceback" not in result.stderr


def test_serve_shows_both_mistakes_and_rebuilds_once_they_are_fixed(tmp_path: Path) -> None:
    root = site_with(tmp_path).parent
    port = _free_port()
    base = f"http://127.0.0.1:{port}/2.0/"
    log_file = tmp_path / "serve.log"
    with log_file.open("w") as log:
        server = subprocess.Popen(
            [*SUPPORTAL, "serve", "-r", "2.0", "-a", f"127.0.0.1:{port}"],
            cwd=root, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "NO_COLOR": "1"},
        )
        try:
            assert _poll(lambda: "Welcome." in _page(base)), log_file.read_text()
            originals = {n: (root / MISTAKES[n].file).read_text() for n in ("page id", "FAQ entry")}
            for name in originals:
                MISTAKES[name].make(root)
            count = "2 authoring errors (listed above) stop the build."
            assert _poll(lambda: count in log_file.read_text()), log_file.read_text()
            output = log_file.read_text()
            for name in originals:
                assert MISTAKES[name].message in output
            assert "Traceback" not in output
            for name, text in originals.items():
                (root / MISTAKES[name].file).write_text(text.replace("Welcome.", "Fixed."))
            assert _poll(lambda: "Fixed." in _page(base)), log_file.read_text()
        finally:
            server.terminate()
            server.wait(timeout=20)


SUPPORTAL = [sys.executable, "-m", "supportal.cli"]


def _supportal(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SUPPORTAL, *args], cwd=root, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_COLOR": "1"},
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())
    except OSError:
        return ""


def _poll(done: Callable[[], bool], seconds: float = 60) -> bool:
    """Whether `done()` came true within `seconds` (a server starting or rebuilding)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if done():
            return True
        time.sleep(0.2)
    return done()
