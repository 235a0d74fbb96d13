"""Driving MkDocs (or ProperDocs, which answers to the same `mkdocs` imports) from our CLI."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from ..releases.model import Release, ReleaseCatalog, load_catalog
from ..releases.plugin import RELEASE_ENV, releases_of

# Material 9.7+ prints an end-of-life notice on every run; our users did not ask for it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class NotAPortal(Exception):
    """mkdocs.yml does not enable supportal/releases."""


def setup_logging(verbose: bool = False) -> None:
    """Print MkDocs' and our records the way `mkdocs build` does (level, then message)."""
    logger = logging.getLogger("mkdocs")
    if any(getattr(h, "name", "") == "supportal" for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.name = "supportal"
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


def load_release_config(
    config_file: Path, release: Release | None, *, site_dir: Path | None = None, strict: bool = False
) -> MkDocsConfig:
    """Load mkdocs.yml for one release: the plugin option, `!ENV SUPPORTAL_RELEASE` and
    `site_url` all name that release."""
    with _release_env(release):
        kwargs: dict[str, object] = {"strict": strict}
        if site_dir is not None:
            kwargs["site_dir"] = str(site_dir)
        config = load_config(config_file=str(config_file), **kwargs)
    plugin = releases_of(config)
    if plugin is None:
        raise NotAPortal(f"{config_file}: enable the 'supportal/releases' plugin in 'plugins:'")
    if release is not None:
        plugin.config.release = release.version
        if config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{release.version}/"
        _enable_version_selector(config)
    return config


def load_portal_catalog(config_file: Path) -> ReleaseCatalog:
    """The portal's release catalog; raises SupportalError listing every catalog problem."""
    config = load_release_config(config_file, None)
    plugin = releases_of(config)
    assert plugin is not None
    root = Path(config.config_file_path or config_file).resolve().parent
    file = root / plugin.config.catalog
    try:
        display = file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        display = plugin.config.catalog
    return load_catalog(file, display)


def _enable_version_selector(config: MkDocsConfig) -> None:
    # Material reads `../versions.json` (mike's format), which `supportal build` writes.
    if config.theme.name == "material" and "version" not in config.extra:
        config.extra["version"] = {"provider": "mike", "alias": True}


@contextmanager
def _release_env(release: Release | None) -> Iterator[None]:
    old = os.environ.get(RELEASE_ENV)
    if release is not None:
        os.environ[RELEASE_ENV] = release.version
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(RELEASE_ENV, None)
        else:
            os.environ[RELEASE_ENV] = old
