"""Driving MkDocs (or ProperDocs, which answers to the same `mkdocs` imports) from our CLI."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.problems import Problem, Problems, SupportalError
from ..releases.model import Release, ReleaseCatalog, load_catalog
from ..sources.overlay import ConfigReadError, docs_dir_of, plugin_entries, read_raw_config
from ..sources.prepare import PreparedRef, default_cache_dir, prepare_refs
from ..sources.refs import RefSource, resolve_sources
from .configlines import SHOWN_ONCE, located_config_messages

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# MkDocs' configuration machinery (and, through the plugins, Markdown and Jinja) is imported
# only when a configuration is loaded: `supportal build` with nothing to rebuild never does.

# Material 9.7+ prints an end-of-life notice on every run; our users did not ask for it.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


class NotAPortal(Exception):
    """mkdocs.yml does not enable supportal/releases."""


def setup_logging(verbose: bool = False) -> None:
    """Print MkDocs' and our records the way `mkdocs build` does (level, then message)."""
    logger = logging.getLogger("mkdocs")
    SHOWN_ONCE.shown.clear()  # once per command, also when one process runs several
    if any(getattr(h, "name", "") == "supportal" for h in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.name = "supportal"
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(SHOWN_ONCE)
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.INFO)
    logger.propagate = False


# Above this many Markdown pages, Material's navigation.prune is switched on (unless the portal
# chose navigation.expand or prune itself): every page otherwise embeds the whole navigation,
# about 80 KB of a 105 KB page on a 430-page site.
PRUNE_NAV_ABOVE = 200


def load_release_config(
    config_file: Path,
    release: Release | None,
    *,
    site_dir: Path | None = None,
    strict: bool = False,
    cache_dir: Path | None = None,
    prepared: PreparedRef | None = None,
) -> MkDocsConfig:
    """Load mkdocs.yml for one release: the plugin option, `!ENV SUPPORTAL_RELEASE` and
    `site_url` all name that release.

    A release with `source: git:REF` loads the mkdocs.yml of that ref (exported into
    `cache_dir`, default `.supportal-cache/` beside mkdocs.yml) with Supportal's plugins laid
    over it; `prepared` skips the validation and export when the caller did them already.
    """
    from mkdocs.config import load_config

    from ..releases.plugin import releases_of

    load_from = config_file
    overlay: dict[str, object] = {}
    if release is not None and release.source is not None:
        if prepared is None:
            catalog_file, display = catalog_location(config_file)
            prepared = prepare_refs(
                config_file, [release], cache_dir=cache_dir or default_cache_dir(config_file),
                catalog_file=catalog_file, display=display,
            )[release.version]
        load_from = prepared.config_file
        overlay = dict(prepared.options)
    with _release_env(release):
        kwargs: dict[str, object] = {"strict": strict, **overlay}
        if site_dir is not None:
            kwargs["site_dir"] = str(site_dir)
        if prepared is not None:
            config = _load_ref_config(load_from, kwargs, prepared, config_file)
        else:
            with located_config_messages(config_file):
                config = load_config(config_file=str(load_from), **kwargs)
    plugin = releases_of(config)
    if plugin is None:
        raise NotAPortal(f"{config_file}: enable the 'supportal/releases' plugin in 'plugins:'")
    if release is not None:
        plugin.config.release = release.version
        if config.site_url:
            config.site_url = config.site_url.rstrip("/") + f"/{release.version}/"
        _enable_version_selector(config)
    _keep_pages_small(config)
    return config


def catalog_location(config_file: Path) -> tuple[Path, str]:
    """The catalog file of a portal and how messages name it (relative to the current folder
    when inside it, else as written in mkdocs.yml)."""
    name = "releases.yml"
    for plugin_name, options in plugin_entries(read_raw_config(config_file)):
        if plugin_name == "supportal/releases" and options.get("catalog"):
            name = str(options["catalog"])
    file = config_file.resolve().parent / name
    try:
        display = file.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        display = name
    return file, display


def configured_site_dir(config_file: Path) -> Path:
    """The `site_dir` of the portal's mkdocs.yml (`site`), from its folder, as MkDocs reads it."""
    site_dir = read_raw_config(config_file).get("site_dir") or "site"
    return Path(os.path.join(config_file.parent, str(site_dir)))


def site_dir_problem(site_dir: Path, config_file: Path) -> str | None:
    """Why `site_dir` must not receive a build, or None: the root of the file system, or a
    folder inside the docs folder (the next build would take this one's output for pages) or
    holding it (as MkDocs refuses for its own site_dir)."""
    target = site_dir.resolve()
    if target == Path(target.anchor):
        return f"{site_dir} is the root of the file system: name a folder for the site"
    try:
        docs = docs_dir_of(read_raw_config(config_file), config_file).resolve()
    except ConfigReadError:
        return None  # the build reports the broken config
    if target.is_relative_to(docs):
        return (
            f"{site_dir} is inside the docs folder {docs.name}/: the next build would publish "
            "this one's output as pages; write the site elsewhere"
        )
    if docs.is_relative_to(target):
        return f"{site_dir} holds the docs folder {docs.name}/: write the site elsewhere"
    return None


def load_portal_catalog(
    config_file: Path, *, validate_config: bool = True, check_refs: bool = True
) -> ReleaseCatalog:
    """The portal's release catalog; raises SupportalError listing every catalog problem,
    including (unless `check_refs` is false) `source: git:REF` entries whose ref is unknown or
    holds no mkdocs.yml.

    `validate_config=False` loads the portal's mkdocs.yml only as data when it plainly enables
    `supportal/releases` (the caller validates it later, if it builds from it): MkDocs'
    validation of a large configuration costs a good part of a rebuild with nothing to do.
    `check_refs=False` leaves the refs to `check_sources` on the releases a command works on:
    a shallow CI clone lacks the old tags, and building the working tree's release needs none.
    """
    if validate_config or not _enables_releases(config_file):
        load_release_config(config_file, None)  # MkDocs' own errors; NotAPortal
    file, display = catalog_location(config_file)
    catalog = load_catalog(file, display)
    if check_refs:
        check_sources(config_file, catalog.releases)
    return catalog


def check_sources(config_file: Path, releases: Sequence[Release]) -> dict[str, RefSource]:
    """The resolved `source: git:REF` of `releases` by version; raises SupportalError listing
    their problems."""
    file, display = catalog_location(config_file)
    problems = Problems()
    sources = resolve_sources(releases, file.parent, config_file.name, file, display, problems)
    if problems.errors:
        raise SupportalError(problems.errors)
    return sources


def _enables_releases(config_file: Path) -> bool:
    try:
        entries = plugin_entries(read_raw_config(config_file))
    except (ConfigReadError, OSError):
        return False  # MkDocs will say what is wrong
    return any(
        name == "supportal/releases" and options.get("enabled", True) is True
        for name, options in entries
    )


def _load_ref_config(
    file: Path, kwargs: dict[str, object], prepared: PreparedRef, portal_config: Path
) -> MkDocsConfig:
    """MkDocs' load_config on a ref's mkdocs.yml; its configuration errors become catalog
    problems naming the release and the ref (MkDocs logs them, then aborts)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    logger = logging.getLogger("mkdocs")
    collector = _ErrorCollector()
    logger.addHandler(collector)
    _, display = catalog_location(portal_config)
    where = str(Problem(display, prepared.source.line, ""))  # "releases.yml:20: "
    try:
        # Logged live as they are reported: the release, its ref and the ref's own line.
        label = f"{where}{prepared.source.label}: "
        with located_config_messages(file, label, errors_raised=True):
            return load_config(config_file=str(file), **kwargs)
    except MkDocsException as exc:
        details = collector.messages or [f"{where}{prepared.source.label}: {exc}"]
        raise SupportalError(
            Problem(display, prepared.source.line, text.removeprefix(where))
            for text in details
        ) from None
    finally:
        logger.removeHandler(collector)


class _ErrorCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _keep_pages_small(config: MkDocsConfig) -> None:
    if config.theme.name != "material":
        return
    features = config.theme.get("features")
    if not isinstance(features, list):
        return
    if any(f in features for f in ("navigation.prune", "navigation.expand")):
        return
    pages = 0
    for _folder, _dirs, names in os.walk(config.docs_dir):
        pages += sum(1 for n in names if n.endswith((".md", ".markdown")))
        if pages > PRUNE_NAV_ABOVE:
            features.append("navigation.prune")
            return


def _enable_version_selector(config: MkDocsConfig) -> None:
    # Material reads `../versions.json` (mike's format), which `supportal build` writes.
    if config.theme.name == "material" and "version" not in config.extra:
        config.extra["version"] = {"provider": "mike", "alias": True}


@contextmanager
def _release_env(release: Release | None) -> Iterator[None]:
    from ..releases.plugin import RELEASE_ENV

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
