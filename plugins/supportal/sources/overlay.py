"""Build an old ref's mkdocs.yml with Supportal's plugins laid over it.

The ref's own configuration (theme, nav, Markdown extensions, its other plugins) is kept as it
is; the working tree's `supportal/*` plugin entries replace any the ref had, and
`supportal/releases` reads the working tree's catalog, so an old release learns about newer
releases and lifecycle changes without its tag moving.
"""

from __future__ import annotations

import os
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import mergedeep  # type: ignore[import-untyped]  # MkDocs' own dependency, for INHERIT
import yaml  # type: ignore[import-untyped]  # MkDocs' own dependency; no stubs installed
import yaml_env_tag  # type: ignore[import-untyped]  # MkDocs' own dependency, for !ENV

SUPPORTAL_PREFIX = "supportal/"
BUILTIN_THEMES = ("mkdocs", "readthedocs")


class ConfigReadError(Exception):
    """A mkdocs.yml that cannot be read as YAML."""


# libyaml's parser when PyYAML was built with it: several times faster on a large mkdocs.yml,
# which every command reads this way before anything else.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _RawLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """Reads mkdocs.yml as data: `!ENV` resolved, other tags (`!!python/name:`...) kept as None.

    Only the keys Supportal inspects (plugins, theme, docs_dir, site_url) are read this way;
    MkDocs itself loads the full file, tags included, when the release is built.
    """


_RawLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_RawLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_raw_config(file: Path) -> dict[str, Any]:
    """The mkdocs.yml as plain data, following `INHERIT` like MkDocs does."""
    try:
        with open(file, encoding="utf-8") as fd:
            data = yaml.load(fd, Loader=_RawLoader)  # noqa: S506 - a SafeLoader subclass
    except (FileNotFoundError, IsADirectoryError):
        raise ConfigReadError(f"Config file '{file}' does not exist.") from None
    except yaml.YAMLError as exc:
        # The file's own name and line: a ref's file lies in an export folder of the cache.
        mark = getattr(exc, "problem_mark", None)
        where = f"{file.name}:{mark.line + 1}" if mark is not None else file.name
        what = " ".join(str(getattr(exc, "problem", None) or exc).split())
        raise ConfigReadError(f"{where}: not valid YAML: {what}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigReadError(f"{file.name} is not a mapping of settings")
    if "INHERIT" in data:
        parent_file = (file.parent / str(data.pop("INHERIT"))).resolve()
        if not parent_file.is_file():
            raise ConfigReadError(f"{file.name} inherits '{parent_file.name}', which is missing")
        data = mergedeep.merge(read_raw_config(parent_file), data)
    return data


def plugin_entries(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """`plugins:` as (name, options) pairs, whichever of MkDocs' spellings the file uses."""
    raw = config.get("plugins", ["search"])
    items: list[Any] = list(raw.items()) if isinstance(raw, dict) else list(raw or [])
    entries: list[tuple[str, dict[str, Any]]] = []
    for item in items:
        if isinstance(item, str):
            entries.append((item, {}))
        elif isinstance(item, tuple):
            entries.append((str(item[0]), dict(item[1] or {})))
        elif isinstance(item, dict) and len(item) == 1:
            ((name, options),) = item.items()
            entries.append((str(name), dict(options or {})))
    return entries


def missing_components(config: dict[str, Any]) -> list[str]:
    """Plugins and the theme a config names that are not installed, as `plugin 'x'` texts."""
    installed = {ep.name for ep in entry_points(group="mkdocs.plugins")}
    missing = []
    for name, options in plugin_entries(config):
        if name.startswith(SUPPORTAL_PREFIX) or options.get("enabled") is False:
            continue
        if name not in installed:
            missing.append(f"plugin '{name}'")
    theme = config.get("theme")
    theme_name = theme.get("name") if isinstance(theme, dict) else theme
    themes = {ep.name for ep in entry_points(group="mkdocs.themes")} | set(BUILTIN_THEMES)
    if isinstance(theme_name, str) and theme_name not in themes:
        missing.append(f"theme '{theme_name}'")
    return missing


def docs_dir_of(config: dict[str, Any], config_file: Path) -> Path:
    docs = config.get("docs_dir") or "docs"
    return Path(os.path.join(config_file.parent, str(docs)))


def overlay_options(
    portal_config: dict[str, Any], ref_config: dict[str, Any], catalog_file: Path
) -> dict[str, Any]:
    """Options that, passed to MkDocs' `load_config`, lay Supportal over a ref's config.

    Plugins: the ref's non-Supportal plugins in their order, then the portal's Supportal
    plugins with their options; `supportal/releases` always present and reading the portal's
    catalog. When the portal searches with `supportal/search`, the ref's Material search is
    dropped (MkDocs turns it on when `plugins:` is absent): one search box, one index.
    `site_url`: the portal's, so every release lives under one base URL.
    """
    ours = [
        (n, dict(o)) for n, o in plugin_entries(portal_config) if n.startswith(SUPPORTAL_PREFIX)
    ]
    replaced = {"search", "material/search"} if _enabled(ours, "supportal/search") else set()
    theirs = [
        (n, o)
        for n, o in plugin_entries(ref_config)
        if not n.startswith(SUPPORTAL_PREFIX) and n not in replaced
    ]
    if not any(n == "supportal/releases" for n, _ in ours):
        ours.insert(0, ("supportal/releases", {}))
    for name, plugin_options in ours:
        if name == "supportal/releases":
            plugin_options["catalog"] = str(catalog_file)
    options: dict[str, Any] = {"plugins": [{n: o} for n, o in theirs + ours]}
    if portal_config.get("site_url"):
        options["site_url"] = portal_config["site_url"]
    return options


def _enabled(entries: list[tuple[str, dict[str, Any]]], name: str) -> bool:
    return any(n == name and o.get("enabled", True) is not False for n, o in entries)
