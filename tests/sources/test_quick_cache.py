"""The quick skip: a release whose inputs did not change is skipped without loading its MkDocs
configuration, and every change that must rebuild it still does."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from supportal.cli import multibuild
from supportal.cli.main import cli
from supportal.sources import cache as build_cache

from ..harness import capture_mkdocs_logs
from .gitportal import PORTAL_CONFIG, write
from .test_git_releases import build_all, text, tree_hashes

ALL = {"3.0", "2.0", "1.1", "1.0"}


def rebuilt(results: dict) -> set[str]:
    return {v for v, r in results.items() if not r.skipped}


def no_config_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a configuration was loaded")

    monkeypatch.setattr(multibuild, "load_release_config", refuse)
    monkeypatch.setattr(multibuild, "prepare_refs", refuse)


def test_unchanged_releases_are_skipped_without_loading_a_configuration(
    git_portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    site, cache = tmp_path / "site", tmp_path / "cache"
    first, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(first) == ALL
    before = tree_hashes(site)
    with monkeypatch.context() as patch:
        no_config_loading(patch)
        again, problems = build_all(git_portal, site, jobs=2, use_cache=True, cache_dir=cache)
    assert rebuilt(again) == set()
    assert problems == []
    assert tree_hashes(site) == before


def test_records_without_a_quick_key_get_one_on_the_next_skip(
    git_portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    for record in (cache / "builds").glob("*.json"):  # as written before quick keys existed
        data = json.loads(record.read_text())
        del data["quick"]
        record.write_text(json.dumps(data))
    slow, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(slow) == set()  # skipped on the full key, loading each configuration
    with monkeypatch.context() as patch:
        no_config_loading(patch)
        quick, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(quick) == set()


def test_the_portal_config_is_part_of_every_release(git_portal: Path, tmp_path: Path):
    # Ref releases take site_url and Supportal's plugins from the working tree's mkdocs.yml.
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    git_portal.write_text(PORTAL_CONFIG.replace("docs.example.com", "help.example.org"))
    results, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(results) == ALL
    assert "https://help.example.org/1.0/" in text(site, "1.0")


def test_an_env_variable_of_the_config_is_part_of_the_key(
    git_portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    git_portal.write_text(
        PORTAL_CONFIG.replace("site_name: Widget docs", 'site_name: !ENV [WIDGET_SITE, "Widget"]')
    )
    monkeypatch.setenv("WIDGET_SITE", "Widget docs")
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    same, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(same) == set()
    monkeypatch.setenv("WIDGET_SITE", "Gadget handbook")
    changed, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(changed) == {"3.0"}  # the refs have their own site_name
    assert "Gadget handbook" in text(site, "3.0")


def test_files_outside_the_project_that_the_config_names(git_portal: Path, tmp_path: Path):
    # An inherited config and a theme folder outside the project folder (so outside git and
    # the working-tree digest): the quick key must see both.
    outside = tmp_path / "shared"
    write(outside, {
        "base.yml": "extra:\n  motto: Crank it\n",
        "overrides/main.html": (
            '{% extends "base.html" %}\n'
            "{% block announce %}Motto: {{ config.extra.motto }}, banner one{% endblock %}\n"
        ),
    })
    git_portal.write_text(
        "INHERIT: ../shared/base.yml\n"
        + PORTAL_CONFIG.replace(
            "  font: false\n", "  font: false\n  custom_dir: ../shared/overrides\n"
        )
    )
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert "Motto: Crank it, banner one" in text(site, "3.0")

    (outside / "base.yml").write_text("extra:\n  motto: Turn it\n")
    inherited, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(inherited) == {"3.0"}
    assert "Motto: Turn it, banner one" in text(site, "3.0")

    template = outside / "overrides" / "main.html"
    template.write_text(template.read_text().replace("banner one", "banner two"))
    themed, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(themed) == {"3.0"}
    assert "Motto: Turn it, banner two" in text(site, "3.0")


def test_installed_packages_and_supportal_code_are_part_of_the_key(
    git_portal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    monkeypatch.setattr(build_cache, "environment_digest", lambda: "another environment")
    results, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(results) == ALL


def test_a_deleted_export_of_a_ref_rebuilds_nothing_but_exports_again(
    git_portal: Path, tmp_path: Path
):
    site, cache = tmp_path / "site", tmp_path / "cache"
    build_all(git_portal, site, use_cache=True, cache_dir=cache)
    shutil.rmtree(cache / "trees")
    results, _ = build_all(git_portal, site, use_cache=True, cache_dir=cache)
    assert rebuilt(results) == set()  # skipped on the full key once the refs are exported
    assert len(list((cache / "trees").iterdir())) == 3


def test_a_configuration_described_by_memory_addresses_is_never_skipped_quickly():
    class Opaque:
        __slots__ = ()  # no __dict__: described by its repr, which holds its address

    class Config(dict):
        docs_dir = "/nonexistent-docs"
        watch: list[str] = []

        class theme:  # noqa: N801 - the shape of MkDocs' Theme that the key reads
            dirs: list[str] = []
            static_templates: set[str] = set()

            @staticmethod
            def items():
                return []

        plugins: dict = {}

    config = Config(site_name="x", extra={"thing": Opaque()})
    catalog = Path(build_cache.__file__)  # any readable file
    key = build_cache.full_key(config, {}, "tree", catalog)
    assert not key.repeatable
    plain = build_cache.full_key(Config(site_name="x"), {}, "tree", catalog)
    assert plain.repeatable


def test_a_no_change_rebuild_imports_neither_mkdocs_nor_other_commands(git_portal: Path):
    # Start-up is a good part of a rebuild with nothing to do: the CLI imports MkDocs' config
    # and build machinery, and the modules of its other commands, only when it needs them
    # (Jinja is still imported: the site index renders the alias redirect pages with it).
    script = (
        "import sys\n"
        "from supportal.cli.main import cli\n"
        "args = ['build', '-f', sys.argv[1], '-d', sys.argv[2]]\n"
        "try:\n"
        "    cli(args, standalone_mode=False)\n"
        "finally:\n"
        "    heavy = ('mkdocs.config', 'mkdocs.commands', 'markdown', 'whoosh',\n"
        "             'supportal.cli.publish', 'supportal.cli.search_cmd')\n"
        "    print(sorted({m for m in sys.modules if m.startswith(heavy)}))\n"
    )
    site = git_portal.parent / "public"
    run = [sys.executable, "-c", script, str(git_portal), str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    cold = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert "mkdocs.config" in cold.stdout and " built in " in cold.stderr  # it did build
    warm = subprocess.run(run, capture_output=True, text=True, env=env, check=True)
    assert warm.stdout.strip().splitlines()[-1] == "[]", warm.stdout + warm.stderr
    assert "unchanged" in warm.stderr


def test_every_command_is_listed_and_runs():
    from click.testing import CliRunner
    from supportal.cli.main import cli
    from supportal.cli.publish import COMMANDS

    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0
    listed = {line.split()[0] for line in result.output.split("Commands:")[1].splitlines()
              if line.strip()}
    assert {c.name for c in COMMANDS} | {"build", "serve", "check", "diff", "releases",
                                         "search"} <= listed
    for name in listed:
        assert CliRunner().invoke(cli, [name, "--help"]).exit_code == 0, name


def test_a_bad_portal_config_stops_the_build_before_anything_is_written(git_portal: Path):
    # `build` reads the portal's mkdocs.yml as data first; it is still validated, with the
    # line and in YAML's words, before a working-tree release is built.
    git_portal.write_text(PORTAL_CONFIG + "use_directory_urls: maybe\n")
    site = git_portal.parent / "public"
    with capture_mkdocs_logs() as records:
        result = CliRunner().invoke(cli, ["build", "-f", str(git_portal), "-d", str(site)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.endswith("Error: Aborted with a configuration error!\n")
    assert [r.getMessage() for r in records if r.levelname == "ERROR"] == [
        "mkdocs.yml:10: Config value 'use_directory_urls': Expected type: true or false but "
        "received: text"
    ]
    assert list(site.iterdir()) == []
