"""Build several releases of one portal in one run, each into `<site>/<version>/`.

Releases come from the working tree or from git refs (`source: git:REF`), mixed freely. Work is
shared across releases and runs:

- every git ref is validated and exported once, before anything is built, so a bad ref leaves
  the site untouched;
- with a build cache (`cache_dir`), a release whose inputs did not change since its output was
  written is not rebuilt (see `supportal.sources.cache` for what the key covers);
- with the cache, a page whose Markdown and render inputs equal those of a page converted
  before (in any release, in any run) reuses that conversion (see `pagecache.py`);
- with the cache, Material's search entries of a page that comes out the same in several
  releases are made once, even where their Markdown options differ (see `searchcache.py`);
- with `jobs > 1`, releases build in parallel worker processes, and with the cache a worker
  left without a release helps convert the pages of one still building (see `pagehelp.py`);
- Material's embedded navigation is compacted (see `compact.py`): smaller pages;
- each release builds into a staging folder; the site's release folders are replaced only when
  every selected release built, so a failed run never leaves a half-written site.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import Abort, MkDocsException

from ..core.problems import Problem, Problems, SupportalError
from ..core.staging import staging_folder
from ..core.versions import parse_version
from ..releases.model import Release, ReleaseCatalog
from ..releases.site import write_site_index
from ..sources.cache import (
    BuildCache,
    CachedBuild,
    FullKey,
    QuickKey,
    QuickRecord,
    full_key,
    worktree_digest,
)
from ..sources.prepare import PreparedRef, default_cache_dir, prepare_refs
from ..sources.refs import RefSource, resolve_sources
from .claims import HELPER, OWNER, ClaimBoard
from .configlines import is_raised
from .doclinks import located_link_warnings
from .highlightcache import shared_highlighting
from .host import catalog_location, load_release_config
from .stylecache import shared_stylesheets

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

# MkDocs' build pipeline and the page cache (Markdown, Jinja, Material's modules) are imported
# when a release is built, not at start-up: a rebuild with nothing changed never needs them.

Message = tuple[str, int, str]  # logger name, level, text
log = logging.getLogger("mkdocs.supportal.build")


@dataclass
class ReleaseBuild:
    release: Release
    site_dir: Path
    seconds: float
    skipped: bool = False
    """True when the cache showed the release's output was already up to date."""
    pages_reused: int = 0
    """Pages whose Markdown conversion came from the content-keyed page cache."""
    pages_converted: int = 0
    pages_helped: int = 0
    """Of `pages_converted`, those a second worker converted for this release."""


Progress = Callable[[ReleaseBuild], None]


def select_releases(catalog: ReleaseCatalog, names: Sequence[str]) -> list[Release]:
    """The releases named (by version or alias), or all of them; unknown names raise KeyError."""
    if not names:
        return list(catalog.releases)
    selected = []
    for name in names:
        release = catalog.get(name)
        if release is None:
            raise KeyError(name)
        if release not in selected:
            selected.append(release)
    return selected


def build_release(
    config_file: Path,
    release: Release,
    site_dir: Path,
    *,
    strict: bool,
    cache_dir: Path | None = None,
    prepared: PreparedRef | None = None,
) -> float:
    """Build one release through the real MkDocs pipeline; returns the seconds it took.

    A git-ref release builds from its exported tree, with that tree as the current folder (as
    `mkdocs build` run in a checkout of the ref would: some Markdown extensions read files
    relative to it).
    """
    from mkdocs.commands.build import build

    start = time.perf_counter()
    if prepared is None and release.source is not None:
        catalog_file, display = catalog_location(config_file)
        prepared = prepare_refs(
            config_file, [release], cache_dir=cache_dir or default_cache_dir(config_file),
            catalog_file=catalog_file, display=display,
        )[release.version]
    config = load_release_config(
        config_file, release, site_dir=site_dir, strict=strict, cache_dir=cache_dir,
        prepared=prepared,
    )
    with _working_folder(prepared.root if prepared else None), \
            _links_located(config, config_file, prepared), _pygments_shared():
        build(config)
    return time.perf_counter() - start


def _links_located(
    config: MkDocsConfig, config_file: Path, prepared: PreparedRef | None
) -> AbstractContextManager[None]:
    if prepared is None:
        return located_link_warnings(Path(config.docs_dir), config_file.parent)
    return located_link_warnings(Path(config.docs_dir), prepared.root, f"{prepared.source.label}: ")


@dataclass
class _Task:
    config_file: Path
    release: Release
    final_dir: Path
    staging_dir: Path
    strict: bool
    cache_dir: Path
    use_cache: bool
    prepared: PreparedRef | None
    source_digest: str
    catalog_file: Path
    quick: QuickKey | None = None
    quick_key: str | None = None
    """The quick key computed before the build: recorded only if it still holds after."""
    claims_dir: Path | None = None
    """Where the build and a helper claim its pages, when a helper may run (see pagehelp.py)."""


@dataclass
class _Outcome:
    version: str
    seconds: float = 0.0
    skipped: bool = False
    key: str | None = None
    messages: list[Message] = field(default_factory=list)
    error: str | None = None
    problems: list[Problem] = field(default_factory=list)
    pages_reused: int = 0
    pages_converted: int = 0
    pages_helped: int = 0
    quick: QuickRecord | None = None


def build_releases(
    config_file: Path,
    catalog: ReleaseCatalog,
    releases: Sequence[Release],
    site: Path,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    jobs: int = 1,
    cache_dir: Path | None = None,
    use_cache: bool = False,
    check_portal_config: bool = False,
    sources: dict[str, RefSource] | None = None,
) -> list[ReleaseBuild]:
    """Build `releases` into `site/<version>/`, then write the site index for all present.

    `jobs`: worker processes (1 builds in this process). `use_cache`: skip releases whose
    output is up to date per the build cache in `cache_dir` (default `.supportal-cache/` beside
    mkdocs.yml, which also holds exported git trees). `check_portal_config`: when a
    working-tree release is to be built, first load the portal's own mkdocs.yml, so its
    configuration errors come before anything is built (as MkDocs words them). `sources`:
    the releases' refs when the caller resolved them already (`host.check_sources`). Raises
    SupportalError for bad git sources and MkDocsException when a release fails; the site is
    then left as it was.

    With the cache, a release is first checked on its quick key (`QuickKey`: no MkDocs
    configuration is loaded); only releases that fail that check are prepared, loaded and
    checked on the full key, then built.
    """
    config_file = Path(config_file)
    cache_dir = cache_dir or default_cache_dir(config_file)
    catalog_file, display = catalog_location(config_file)
    if sources is None and any(r.source is not None for r in releases):
        ref_problems = Problems()
        sources = resolve_sources(
            releases, config_file.resolve().parent, config_file.name, catalog_file, display,
            ref_problems,
        )
        if ref_problems.errors:
            raise SupportalError(ref_problems.errors)
    sources = sources or {}
    worktree = ""
    if use_cache and any(r.source is None for r in releases):
        worktree = worktree_digest(config_file.resolve().parent, skip=[site, cache_dir])
    site.mkdir(parents=True, exist_ok=True)
    staging_root = staging_folder(site, os.getpid())
    cache = BuildCache(cache_dir)
    outcomes: dict[str, _Outcome] = {}
    quick: dict[str, tuple[QuickKey, str]] = {}
    if use_cache:
        for release in releases:
            key = _quick_key(config_file, release, sources.get(release.version), worktree,
                             catalog_file, cache_dir, strict)
            if key is None:
                continue
            quick[release.version] = (key, key.compute())
            final_dir = (site / release.version).resolve()
            cached = cache.fresh_quick(final_dir, quick[release.version][1])
            if cached is not None:
                outcomes[release.version] = _skipped(release.version, cached, strict, False)
    to_build = [r for r in releases if r.version not in outcomes]
    prepared = prepare_refs(
        config_file, to_build, cache_dir=cache_dir, catalog_file=catalog_file, display=display,
        sources=sources,
    ) if to_build else {}
    if check_portal_config and any(r.source is None for r in to_build):
        # A ref release reads only the Supportal plugins and site_url of the portal's config
        # (validated with the ref's); a working-tree release is built from all of it.
        load_release_config(config_file, None)
    for release in to_build if use_cache else ():
        if release.version not in quick:  # a ref exported just now: its key, before its build
            key = _quick_key(config_file, release, sources.get(release.version), worktree,
                             catalog_file, cache_dir, strict)
            if key is not None:
                quick[release.version] = (key, key.compute())
    helpers = use_cache and jobs > 1
    tasks = []
    for release in releases:
        ref = prepared.get(release.version)
        source = sources.get(release.version)
        tasks.append(_Task(
            config_file=config_file.resolve(),
            release=release,
            final_dir=(site / release.version).resolve(),
            staging_dir=staging_root / release.version,
            strict=strict,
            cache_dir=cache_dir.resolve(),
            use_cache=use_cache,
            prepared=ref,
            source_digest=source.tree if source else worktree,
            catalog_file=catalog_file.resolve(),
            quick=quick[release.version][0] if release.version in quick else None,
            quick_key=quick[release.version][1] if release.version in quick else None,
            claims_dir=staging_root / ".claims" / release.version if helpers else None,
        ))
    done: list[ReleaseBuild] = []
    try:
        skipped_first = [(t, outcomes[t.release.version]) for t in tasks
                         if t.release.version in outcomes]
        building = [t for t in tasks if t.release.version not in outcomes]
        for task, outcome in [*skipped_first, *_run(building, jobs)]:
            outcomes[task.release.version] = outcome
            if outcome.error is None and not outcome.problems and progress:
                result = ReleaseBuild(
                    task.release, task.final_dir, outcome.seconds, outcome.skipped,
                    outcome.pages_reused, outcome.pages_converted, outcome.pages_helped,
                )
                progress(result)
            if outcome.pages_reused:
                log.info(
                    "Release %s: %d of %d pages reused from the page conversion cache",
                    task.release.version, outcome.pages_reused,
                    outcome.pages_reused + outcome.pages_converted,
                )
        failed = [o for o in outcomes.values() if o.error or o.problems]
        if failed:
            problems = [p for o in failed for p in o.problems]
            if problems:
                raise SupportalError(problems)
            raise Abort(_failures(failed))
        for task in tasks:
            outcome = outcomes[task.release.version]
            if not outcome.skipped:
                _replace_folder(task.staging_dir, task.final_dir)
            if use_cache and outcome.key and (not outcome.skipped or outcome.quick):
                # A release skipped on its full key gets its quick key recorded: next time
                # it is skipped without loading its configuration.
                cache.store(task.final_dir, outcome.key, outcome.messages, outcome.quick)
            done.append(ReleaseBuild(task.release, task.final_dir, outcome.seconds, outcome.skipped,
                                     outcome.pages_reused, outcome.pages_converted,
                                     outcome.pages_helped))
    finally:
        shutil.rmtree(staging_root, ignore_errors=True)
    write_site_index(site, catalog)
    return done


def _failures(failed: Sequence[_Outcome]) -> str:
    """`releases 2.0, 1.0: Aborted with 1 warnings in strict mode!`: one line per distinct
    error, naming the releases it stopped (newest first), rather than the same words once per
    release."""
    by_error: dict[str, list[str]] = {}
    for outcome in sorted(failed, key=lambda o: parse_version(o.version), reverse=True):
        by_error.setdefault(str(outcome.error), []).append(outcome.version)
    return "; ".join(
        f"release{'s' if len(versions) > 1 else ''} {', '.join(versions)}: {error}"
        for error, versions in by_error.items()
    )


def _quick_key(
    config_file: Path,
    release: Release,
    source: RefSource | None,
    worktree: str,
    catalog_file: Path,
    cache_dir: Path,
    strict: bool,
) -> QuickKey | None:
    """The quick key of a release, or None when it cannot have one (its ref is not exported)."""
    context = {**release.as_context(), "source": release.source}
    if source is None:
        return QuickKey(context, worktree, catalog_file.resolve(), (config_file.resolve(),),
                        strict, os.getcwd())
    root = source.export_dir(cache_dir.resolve())
    if not root.is_dir():
        return None
    return QuickKey(context, source.tree, catalog_file.resolve(),
                    (config_file.resolve(), root / config_file.name), strict, str(root))


def _skipped(version: str, cached: CachedBuild, strict: bool, in_worker: bool) -> _Outcome:
    """The outcome of a release whose output is up to date: its recorded messages are given
    again, so `--strict` fails on them as on a fresh build."""
    outcome = _Outcome(version, skipped=True, key=cached.key, messages=list(cached.messages))
    if not in_worker:
        for name, level, text in cached.messages:
            logging.getLogger(name).log(level, "%s", text)
    warnings = sum(1 for _, level, _ in cached.messages if level >= logging.WARNING)
    if strict and warnings:
        outcome.error = f"Aborted with {warnings} warnings in strict mode!"
    return outcome


def _run(tasks: list[_Task], jobs: int) -> Iterator[tuple[_Task, _Outcome]]:
    helped = [t for t in tasks if t.claims_dir is not None]
    if jobs <= 1 or len(tasks) + len(helped) <= 1:
        # One after another, each release reuses all built before it: the catalog's order.
        for task in tasks:
            yield task, _build_task(task, in_worker=False)
        return
    tasks = sharing_order(tasks)
    helped = [t for t in tasks if t.claims_dir is not None]  # the same, in starting order
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with ProcessPoolExecutor(
        max_workers=min(jobs, len(tasks) + len(helped)), mp_context=context,
        initializer=_worker_setup,
        initargs=(logging.getLogger("mkdocs").level, len(tasks) > 1),
    ) as pool:
        futures = {pool.submit(_build_task, task, True): task for task in tasks}
        # Queued after every build, the release started last first: a worker gets one only
        # when no release is left to start, and helps the build with the most still to do.
        for task in reversed(helped):
            pool.submit(_help_task, task)
        for future in as_completed(futures):
            task = futures[future]
            outcome = future.result()
            for name, level, text in outcome.messages:
                logging.getLogger(name).log(level, "%s", text)
            yield task, outcome


def sharing_order(tasks: Sequence[_Task]) -> list[_Task]:
    """The order releases start in on several workers: the newest, the oldest, then inwards.

    Releases next to each other in version share the most pages (and search entries). Two
    started side by side both convert what they share, since neither has stored it yet, so
    the two that start first are the farthest apart; each later one starts next to a release
    already built or building, whose conversions it reuses.
    """
    by_version = sorted(tasks, key=lambda task: task.release.parsed)
    order = []
    while by_version:
        order.append(by_version.pop())
        if by_version:
            order.append(by_version.pop(0))
    return order


def _worker_setup(level: int, several_releases: bool) -> None:
    if several_releases:
        # Releases building side by side keep the cores busy: a release's search index
        # forking a second process would only add its memory.
        from ..core.sidetask import forbid_forking

        forbid_forking()
    # Records go back to the parent with the outcome, which logs them: the parent's handlers
    # (the CLI's output, a test's capture) see every release's messages, printed once.
    logger = logging.getLogger("mkdocs")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
    logger.setLevel(level or logging.INFO)
    logger.propagate = False


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[Message] = []

    def emit(self, record: logging.LogRecord) -> None:
        text = record.getMessage()
        # A record the build raises as a problem too comes back with the outcome.
        if not text.startswith("Aborted with") and not is_raised(record):
            self.messages.append((record.name, record.levelno, text))


def _build_task(task: _Task, in_worker: bool) -> _Outcome:
    outcome = _Outcome(task.release.version)
    logger = logging.getLogger("mkdocs")
    collector = _Collector()
    logger.addHandler(collector)
    start = time.perf_counter()
    try:
        config = load_release_config(
            task.config_file, task.release, site_dir=task.staging_dir, strict=task.strict,
            cache_dir=task.cache_dir, prepared=task.prepared,
        )
        key = None
        if task.use_cache:
            with _working_folder(task.prepared.root if task.prepared else None):
                key = full_key(
                    config, {**task.release.as_context(), "source": task.release.source},
                    task.source_digest, task.catalog_file,
                )
            outcome.key = key.key
            cached = BuildCache(task.cache_dir).fresh(task.final_dir, key.key)
            if cached is not None:
                outcome = _skipped(task.release.version, cached, task.strict, in_worker)
                outcome.quick = _quick_record(task, key)
                outcome.seconds = time.perf_counter() - start
                return outcome
        from mkdocs.commands.build import build

        from .compact import compact_site
        from .pagecache import PageConversionCache, page_cache
        from .templatecache import template_cache

        board = ClaimBoard(task.claims_dir) if task.claims_dir else None
        if board is not None:
            board.open()
        pages = PageConversionCache(task.cache_dir, board) if task.use_cache else None
        templates = task.cache_dir / "templates" if task.use_cache else None
        with _working_folder(task.prepared.root if task.prepared else None), page_cache(pages), \
                template_cache(templates), _links_located(config, task.config_file, task.prepared), \
                _pygments_shared(), \
                _search_entries_shared(task.cache_dir if task.use_cache else None):
            build(config)
        if pages is not None:
            outcome.pages_reused = pages.hits
            outcome.pages_converted = pages.misses + pages.helped
            outcome.pages_helped = pages.helped
        if config.theme.name == "material":
            compact_site(task.staging_dir)
        if key is not None:
            outcome.quick = _quick_record(task, key)
    except SupportalError as exc:
        outcome.problems = exc.problems
    except MkDocsException as exc:
        outcome.error = str(exc) or type(exc).__name__
    finally:
        logger.removeHandler(collector)
        if task.claims_dir is not None:  # a helper waiting to start need not
            ClaimBoard(task.claims_dir).close(OWNER)
    if not outcome.skipped:
        outcome.messages = collector.messages
    outcome.seconds = time.perf_counter() - start
    return outcome


def _help_task(task: _Task) -> None:
    """Convert pages of `task`'s release while its owner builds it (see pagehelp.py). Never
    fails: whatever goes wrong here, the owner meets and reports in its own build."""
    assert task.claims_dir is not None
    board = ClaimBoard(task.claims_dir)
    if board.closed(OWNER):  # built already
        return
    scratch = task.claims_dir.with_name(f"{task.claims_dir.name}.helper-site")
    try:
        from .pagecache import PageConversionCache
        from .pagehelp import help_convert

        config = load_release_config(
            task.config_file, task.release, site_dir=scratch, strict=task.strict,
            cache_dir=task.cache_dir, prepared=task.prepared,
        )
        with _working_folder(task.prepared.root if task.prepared else None), \
                _pygments_shared():
            help_convert(config, PageConversionCache(task.cache_dir), board)
    except Exception:  # noqa: BLE001 - reported by the owner, which builds the same pages
        pass
    finally:
        board.close(HELPER)
        shutil.rmtree(scratch, ignore_errors=True)


def _quick_record(task: _Task, key: FullKey) -> QuickRecord | None:
    """The quick key to record with this build: only when the configuration is repeatable
    and the quick key's inputs did not change while the release was loaded and built."""
    if task.quick is None or task.quick_key is None or not key.repeatable:
        return None
    if task.quick.compute() != task.quick_key:
        return None
    return QuickRecord(task.quick_key, key.inputs, key.inputs_digest)


def _replace_folder(new: Path, final: Path) -> None:
    final.parent.mkdir(parents=True, exist_ok=True)
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    new.rename(final)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def _pygments_shared() -> Iterator[None]:
    """Pygments' stylesheets and output made once per process, for every release it builds."""
    with shared_stylesheets(), shared_highlighting():
        yield


@contextmanager
def _search_entries_shared(cache_dir: Path | None) -> Iterator[None]:
    """With the build cache, Material's search entries of a page are made once for every
    release and run that shows it (see searchcache.py)."""
    if cache_dir is None:
        yield
        return
    from .searchcache import SearchEntryCache, search_entry_cache

    with search_entry_cache(SearchEntryCache(cache_dir)):
        yield


@contextmanager
def _working_folder(folder: Path | None) -> Iterator[None]:
    if folder is None:
        yield
        return
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)
