"""The `supportal` command, run as authors and CI run it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from supportal.cli.main import cli

from ..harness import SITES, make_portal

SUPPORTAL = [sys.executable, "-m", "supportal.cli"]


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    shutil.copytree(SITES / "ranges", tmp_path / "portal")
    return tmp_path / "portal"


def run(portal: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SUPPORTAL, *args], cwd=portal, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_COLOR": "1"},
    )


def test_build_writes_every_release_and_the_site_index(portal: Path) -> None:
    result = run(portal, "build", "--strict")
    assert result.returncode == 0, result.stderr
    site = portal / "site"
    assert sorted(p.name for p in site.iterdir()) == [
        "1.0", "2.0", "3.0rc1", "index.html", "latest", "versions.json",
    ]
    assert json.loads((site / "versions.json").read_text()) == [
        {"version": "3.0rc1", "title": "Product 3.0 preview", "aliases": []},
        {"version": "2.0", "title": "Product 2.0", "aliases": ["latest"]},
        {"version": "1.0", "title": "Product 1.0", "aliases": []},
    ]
    assert 'content="0; url=2.0/"' in (site / "index.html").read_text()
    alias = (site / "latest/guide/install/index.html").read_text()
    assert 'content="0; url=../../../2.0/guide/install/"' in alias
    # one progress line per release, with its time (in the order parallel builds finish)
    lines = [line for line in result.stderr.splitlines() if line.startswith("  ") and " built in " in line]
    assert sorted(line.split()[0] for line in lines) == ["1.0", "2.0", "3.0rc1"]
    # each release was built for its own URL: Material's selector and sitemap rely on it
    assert "https://docs.example.com/1.0/guide/tape/" in (site / "1.0/sitemap.xml").read_text()


def test_a_site_folder_that_cannot_be_created_is_a_usage_error(portal: Path) -> None:
    (portal / "a-file").write_text("not a folder")
    result = run(portal, "build", "-d", "a-file/site")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "Error: Invalid value for --site-dir: cannot create a-file/site: Not a directory" in (
        result.stderr
    )


@pytest.mark.parametrize(
    ("site_dir", "message"),
    [
        ("docs/site", "docs/site is inside the docs folder docs/: the next build would publish "
         "this one's output as pages; write the site elsewhere"),
        (".", ". holds the docs folder docs/: write the site elsewhere"),
        ("/", "/ is the root of the file system: name a folder for the site"),
    ],
)
def test_a_site_folder_that_would_take_the_sources_is_refused(
    portal: Path, site_dir: str, message: str
) -> None:
    before = sorted(p.name for p in (portal / "docs").iterdir())
    result = run(portal, "build", "-d", site_dir)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert f"Error: Invalid value for --site-dir: {message}" in result.stderr
    assert sorted(p.name for p in (portal / "docs").iterdir()) == before
    assert not (portal / "versions.json").exists()


def test_build_selected_releases_keeps_the_others_listed(portal: Path) -> None:
    assert run(portal, "build", "-r", "1.0").returncode == 0
    assert run(portal, "build", "--release", "latest").returncode == 0
    versions = json.loads((portal / "site/versions.json").read_text())
    assert [v["version"] for v in versions] == ["2.0", "1.0"]


def test_unknown_release_is_a_usage_error(portal: Path) -> None:
    result = run(portal, "build", "-r", "2.1")
    assert result.returncode == 2
    assert "'2.1' is not in releases.yml. Expected one of: 3.0rc1, 2.0, 1.0, latest. Did you mean '2.0'?" in result.stderr


def test_bad_catalog_gives_located_errors_and_no_traceback(portal: Path) -> None:
    (portal / "releases.yml").write_text(
        "releases:\n  - version: '2.0'\n    status: gone\n    default: true\n"
    )
    for command in ("build", "check", "serve"):
        result = run(portal, command)
        assert result.returncode == 1, command
        assert result.stderr.splitlines() == [
            "releases.yml:3: unknown status 'gone'. Expected one of: preview, supported, lts, eol."
        ], command


def test_bad_page_gives_located_error_and_no_traceback(portal: Path) -> None:
    (portal / "docs/bad.md").write_text("---\nversions: [\n---\n# Bad\n")
    result = run(portal, "build")
    assert result.returncode == 1
    assert "ERROR   -  docs/bad.md:3: invalid YAML: " in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_missing_config_or_plugin(tmp_path: Path) -> None:
    result = run(tmp_path, "build")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Config file 'mkdocs.yml' does not exist" in result.stderr
    make_portal(tmp_path, {"index.md": "# H\n"}, config="site_name: T\ndocs_dir: docs\n")
    result = run(tmp_path, "build")
    assert result.returncode == 1
    assert "enable the 'supportal/releases' plugin in 'plugins:'" in result.stderr


def test_check_lists_every_problem_once_with_the_releases_it_affects(portal: Path) -> None:
    (portal / "docs/guide/tape.md").write_text("---\nversions: '<2.0'\n---\n# Tape\n\nIn {{ release.codename }}.\n")
    (portal / "docs/guide/encryption.md").write_text("---\nversions: '>=2.0'\n---\n# E\n\nSee [x](missing.md).\n")
    result = run(portal, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/guide/encryption.md:6: Doc file 'guide/encryption.md' contains a link 'missing.md', "
        "but the target 'guide/missing.md' is not found among documentation files. [3.0rc1, 2.0]",
        "docs/guide/tape.md:6: unknown placeholder 'release.codename'. Expected one of: version, "
        "title, date, status, status_label, end_of_support. [1.0]",
    ]
    # Each problem once: the builds' own log lines are not printed beside the list.
    assert result.stderr.splitlines() == ["2 problem(s) found in 3 release(s) of mkdocs.yml."]
    assert not (portal / "site").exists()


def test_check_lists_errors_without_the_error_count_line(portal: Path) -> None:
    (portal / "docs/guide/tape.md").write_text("# Tape\n\n/// versions | >=1.0\nText\n")
    (portal / "docs/index.md").write_text("# Home\n\nSee [x](missing.md).\n")
    # Run from elsewhere: paths stay relative to the folder of mkdocs.yml, MkDocs' link
    # warnings like ours.
    result = run(portal.parent, "check", "-f", "portal/mkdocs.yml")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/index.md:3: Doc file 'index.md' contains a link 'missing.md', but the target is "
        "not found among documentation files.",
        "docs/guide/tape.md:3: unclosed '/// versions' block: end it with a line '///'",
    ]
    assert result.stderr.splitlines()[-1] == "2 problem(s) found in 3 release(s) of portal/mkdocs.yml."


def test_check_names_each_release_once_when_a_release_repeats_a_message(portal: Path) -> None:
    # Two links to the same missing page log one message twice in each release.
    (portal / "docs/guide/tape.md").write_text(
        "---\nversions: '<2.0'\n---\n# Tape\n\nSee [x](missing.md) and [y](missing.md).\n"
    )
    result = run(portal, "check")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/guide/tape.md:6: Doc file 'guide/tape.md' contains a link 'missing.md', but the "
        "target 'guide/missing.md' is not found among documentation files. [1.0]",
    ]
    assert result.stderr.splitlines()[-1] == "1 problem(s) found in 3 release(s) of mkdocs.yml."


def test_check_passes_on_a_clean_portal() -> None:
    result = CliRunner().invoke(cli, ["check", "-f", str(SITES / "ranges/mkdocs.yml")])
    assert result.exit_code == 0, result.output
    assert "No problems in 3 release(s)." in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, ""


def _wait_for(url: str) -> None:
    """Until the server that is starting answers `url` (20 s at most)."""
    for _ in range(200):
        try:
            if _get(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)


def test_serve_all_live_reloads_the_edited_release_and_serves_the_others(
    portal: Path, tmp_path: Path
) -> None:
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [*SUPPORTAL, "serve", "--all", "-r", "1.0", "-a", f"127.0.0.1:{port}"],
        cwd=portal, stdout=log, stderr=subprocess.STDOUT, text=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(base + "1.0/")
        status, home = _get(base + "1.0/")
        assert status == 200 and "Home of Product 1.0" in home
        assert "livereload" in home  # the edited release reloads
        status, other = _get(base + "2.0/guide/encryption/")
        assert status == 200 and "livereload" not in other
        versions = json.loads(_get(base + "versions.json")[1])
        assert [v["version"] for v in versions] == ["3.0rc1", "2.0", "1.0"]

        page = portal / "docs/index.md"
        page.write_text(page.read_text().replace("Home of", "Welcome to"))
        for _ in range(100):
            if "Welcome to Product 1.0" in _get(base + "1.0/")[1]:
                break
            time.sleep(0.2)
        assert "Welcome to Product 1.0" in _get(base + "1.0/")[1]
        assert _get(base + "1.0/no-such-page/")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def test_serve_answers_like_the_published_site_and_cleans_up_when_terminated(
    portal: Path, tmp_path: Path
) -> None:
    # The edited release alone: its alias, the root redirect and releases.json (the banners'
    # data) are served as in a published site, without a warning per visit; SIGTERM (a
    # terminal closed) removes the temporary site like Ctrl+C.
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text().replace(
        "  - supportal/releases\n", "  - supportal/releases\n  - supportal/reading\n"))
    port = _free_port()
    temp = tmp_path / "tmp"
    temp.mkdir()
    log_file = tmp_path / "serve.log"
    with log_file.open("w") as log:
        server = subprocess.Popen(
            [*SUPPORTAL, "serve", "-r", "2.0", "-a", f"127.0.0.1:{port}"],
            cwd=portal, stdout=log, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "TMPDIR": str(temp)},
        )
        base = f"http://127.0.0.1:{port}/"
        try:
            _wait_for(base + "2.0/")
            status, root = _get(base)
            assert status == 200 and 'url=2.0/"' in root
            assert _get(base + "latest/guide/install/")[0] == 200
            status, manifest = _get(base + "releases.json")
            assert status == 200 and "2.0" in manifest
            assert any(temp.iterdir())
        finally:
            server.terminate()
            server.wait(timeout=20)
    output = log_file.read_text()
    assert " code 302" not in output and " code 404" not in output, output
    assert not any(temp.iterdir()), sorted(p.name for p in temp.iterdir())


@pytest.mark.parametrize("host", ["mkdocs", "properdocs"])
def test_plain_host_build_makes_one_release_and_counts_our_warnings(portal: Path, host: str) -> None:
    """`mkdocs build` (and ProperDocs, the maintained 1.x fork) build the default release."""
    command = [sys.executable, "-m", host, "build", "--strict", "-f", "mkdocs.yml"]
    result = subprocess.run(command, cwd=portal, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Home of Product 2.0" in (portal / "site/index.html").read_text()
    (portal / "docs/x.md").write_text("# X\n\n{{ release.nope }}\n")
    result = subprocess.run(command, cwd=portal, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "docs/x.md:3: unknown placeholder 'release.nope'." in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_raw_html_anchor_without_value_builds_twice(portal: Path) -> None:
    """MkDocs records `<a id>` as a None anchor; the page cache must store and reuse it."""
    (portal / "docs/raw.md").write_text('# Raw\n\n<a id></a>\n<div markdown id="x">text</div>\n')
    for _ in range(2):  # the second run reads the cache the first one wrote
        result = run(portal, "build", "--strict")
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr


def test_serve_folder_redirects_stay_on_the_server(tmp_path: Path) -> None:
    from supportal.cli.serve import PortalServer

    static = tmp_path / "static"
    (static / "latest").mkdir(parents=True)
    (static / "latest/index.html").write_text("alias", encoding="utf-8")
    live = tmp_path / "live"
    live.mkdir()
    server = PortalServer(
        builder=lambda: None, host="127.0.0.1", port=0, root=str(live), mount_path="/1.0/",
        static_root=static,
    )
    try:
        def get(path: str) -> tuple[str, dict[str, str], bytes]:
            seen: list[tuple[str, list[tuple[str, str]]]] = []
            body = server._serve_request(
                {"PATH_INFO": path, "REQUEST_METHOD": "GET"}, lambda s, h: seen.append((s, h))
            )
            return seen[0][0], dict(seen[0][1]), b"".join(body or [])

        # `//latest/` would be a protocol-relative URL: the browser would leave for host `latest`.
        assert get("//latest")[:2] == ("302 Found", {"Location": "/latest/"})
        assert get("/latest")[:2] == ("302 Found", {"Location": "/latest/"})
        assert get("/../latest/")[2] == b"alias"  # no way out of the static root
    finally:
        server.server_close()


def test_serve_on_a_bad_address_is_an_error_not_a_traceback(portal: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(portal, "serve", "-a", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"Error: cannot serve on 127.0.0.1:{port}: Address already in use"
    )
    result = run(portal, "serve", "-a", "127.0.0.1:99999")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "expected HOST:PORT, such as 127.0.0.1:8000" in result.stderr


def test_another_plugins_failure_is_an_error_not_a_traceback(portal: Path) -> None:
    # Material's search plugin fails on a page whose `search:` front matter is not a mapping.
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n", 1))
    (portal / "docs/odd.md").write_text("---\nsearch: 5\n---\n# Odd\n")
    for command in (["check"], ["build"], ["build", "-j", "2"]):
        result = run(portal, *command)
        assert result.returncode == 1, command
        assert "Traceback" not in result.stderr, command
        assert (
            "Error: material.plugins.search.plugin failed: AttributeError: 'int' object has no "
            "attribute 'get'. That code is not Supportal's"
        ) in result.stderr, command


def test_a_failure_in_supportal_keeps_its_traceback(
    portal: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner
    from supportal.cli import main

    monkeypatch.chdir(portal)
    # A TypeError raised in supportal.cli.main itself, as a bug of ours would be.
    monkeypatch.setattr(main, "site_dir_problem", None)
    result = CliRunner().invoke(main.cli, ["build"])
    assert isinstance(result.exception, TypeError)
    # A bug of ours that fails inside the standard library (pathlib, called wrongly).
    monkeypatch.setattr(main, "site_dir_problem", Path.read_text)
    result = CliRunner().invoke(main.cli, ["build"])
    assert isinstance(result.exception, TypeError) and "encoding" in str(result.exception)


def _remote(*files: str) -> BaseException:
    """An exception as a worker process sends it back: its traceback only as text."""
    remote_type = type("_RemoteTraceback", (Exception,), {})
    frames = "".join(f'  File "{f}", line 1, in x\n    x()\n' for f in files)
    exc = ValueError("failed")
    exc.__cause__ = remote_type(f"\nTraceback (most recent call last):\n{frames}")
    return exc


def test_the_origin_of_a_failure_is_the_first_frame_that_is_not_a_library_we_call() -> None:
    from supportal.cli.errors import foreign_origin

    site = "/venv/lib/python3.11/site-packages"
    ours = "/repo/plugins/supportal/faq/plugin.py"
    stdlib = f"{sysconfig.get_paths()['stdlib']}/json/decoder.py"
    material = f"{site}/material/plugins/search/plugin.py"
    assert foreign_origin(_remote(f"{site}/mkdocs/commands/build.py", material)) == (
        "material.plugins.search.plugin"
    )
    assert foreign_origin(_remote(f"{site}/mkdocs/commands/build.py", ours, stdlib)) is None
    template = f"{site}/jinja2/environment.py"
    assert foreign_origin(_remote(ours, template, f"{site}/markupsafe/__init__.py")) is None
    assert foreign_origin(_remote(material, template)) == "material.plugins.search.plugin"


def test_build_writes_to_the_site_dir_of_mkdocs_yml_beside_it(portal: Path, tmp_path: Path):
    # The site went to ./site of the current folder whatever mkdocs.yml said: a CI job that
    # uploads `public/` (site_dir: public) published nothing new.
    config = portal / "mkdocs.yml"
    config.write_text(config.read_text() + "site_dir: public\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run(elsewhere, "build", "-f", str(config), "-r", "2.0")
    assert result.returncode == 0, result.stderr
    assert f"-> {portal}/public/2.0\n" in result.stderr
    assert (portal / "public/2.0/index.html").is_file()
    assert not (elsewhere / "site").exists() and not (portal / "site").exists()


def test_a_mistake_in_every_release_is_printed_once(portal: Path) -> None:
    # Each of the three releases printed the same two lines, then its own "Aborted" clause.
    (portal / "docs/guide/bad.md").write_text('---\nversions: ">=2.0,<"\n---\n# Bad\n')
    result = run(portal, "build", "--strict", "-j", "2")
    assert result.returncode == 1
    problem = ("ERROR   -  docs/guide/bad.md:2: '>=2.0,<' is not a valid version range: write PEP "
               "440 specifiers such as '>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'.")
    lines = result.stderr.splitlines()
    assert lines.count(problem) == 1
    assert lines.count("ERROR   -  1 authoring error (listed above) stops the build.") == 1
    assert lines[-1] == "Error: releases 3.0rc1, 2.0, 1.0: Aborted with a BuildError!"
