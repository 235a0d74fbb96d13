"""Compiled theme templates kept in the build cache: shared by releases, never stale."""

from __future__ import annotations

from pathlib import Path

import jinja2
from supportal.cli.multibuild import build_releases
from supportal.cli.templatecache import ThemeBytecodeCache
from supportal.releases.model import load_catalog

from ..harness import DEFAULT_CONFIG, capture_mkdocs_logs, make_portal
from .test_git_releases import tree_hashes

OVERRIDES = DEFAULT_CONFIG.replace("  font: false\n", "  font: false\n  custom_dir: overrides\n")
MAIN = '{% extends "base.html" %}\n{% block announce %}MARK-{{ "WORD" }}{% endblock %}\n'


def _build(config: Path, site: Path, cache: Path | None) -> None:
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    with capture_mkdocs_logs():
        build_releases(config, catalog, catalog.releases, site, use_cache=cache is not None,
                       cache_dir=cache)


def test_compiled_templates_are_reused_and_an_edited_template_is_compiled_again(
    tmp_path: Path, monkeypatch
):
    config = make_portal(tmp_path / "portal", {"index.md": "# Home\n"}, config=OVERRIDES,
                         extra_files={"overrides/main.html": MAIN.replace("WORD", "one")})
    cache = tmp_path / "cache"
    _build(config, tmp_path / "site", cache)
    compiled = sorted((cache / "templates").glob("*.jinja"))
    assert compiled  # main.html, base.html and its partials
    assert "MARK-one" in (tmp_path / "site" / "2.0" / "index.html").read_text()
    _build(config, tmp_path / "plain", None)
    assert tree_hashes(tmp_path / "site") == tree_hashes(tmp_path / "plain")

    (config.parent / "overrides" / "main.html").write_text(MAIN.replace("WORD", "two"))
    compiling: list[str] = []
    original = jinja2.Environment.compile

    def compile(env, source, name=None, filename=None, raw=False, defer_init=False):
        compiling.append(name)
        return original(env, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", compile)
    _build(config, tmp_path / "site", cache)
    # Both releases rebuilt; only the edited template was compiled, once.
    assert compiling == ["main.html"]
    for version in ("2.0", "1.0"):
        page = (tmp_path / "site" / version / "index.html").read_text()
        assert "MARK-two" in page and "MARK-one" not in page


def test_environments_that_compile_differently_do_not_share_code(tmp_path: Path):
    def key(**settings) -> str:
        env = jinja2.Environment(**settings)
        return ThemeBytecodeCache(tmp_path, env).get_cache_key("main.html", "/t/main.html")

    assert key() == key()
    assert key() != key(trim_blocks=True)
    assert key() != key(extensions=["jinja2.ext.i18n"])
    assert key() != key(block_start_string="<%", block_end_string="%>")
