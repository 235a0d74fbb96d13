"""The build cache (`.supportal-cache/` by default): skip releases whose inputs did not change.

A release is skipped only when a key made of *everything* that goes into its render is equal
to the key recorded when its current output was written, and that output is still exactly the
files recorded then. The key covers: the source files (the git tree id of a ref, or every file
of the working tree that git lists plus the docs folder), the loaded MkDocs configuration with
every plugin's options, the catalog, the release, theme folders outside installed packages,
Python and every installed distribution's version, and Supportal's own files. A key that cannot
be computed stably (an object whose only description holds a memory address) changes on every
run: the cost of an unknown is a rebuild, never a stale page.

Deleting the folder is always safe: the next build rebuilds everything.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import subprocess
import sys
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import distributions
from pathlib import Path
from typing import Any

from ..core.cachedir import ignore_in_git

CACHE_VERSION = "1"
_SKIP_DIRS = {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__",
              ".supportal-cache", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def stable(value: Any, depth: int = 0) -> Any:
    """A JSON-able description of a config value that is equal across runs when it is equal."""
    if depth > 12:
        return repr(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    if isinstance(value, dict) or hasattr(value, "items") and callable(value.items):
        try:
            items = list(value.items())
        except TypeError:
            items = []
        return {str(k): stable(v, depth + 1) for k, v in sorted(items, key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [stable(v, depth + 1) for v in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(stable(v, depth + 1), sort_keys=True) for v in value)
    if isinstance(value, functools.partial):
        return {"partial": stable(value.func, depth + 1), "args": stable(value.args, depth + 1),
                "keywords": stable(value.keywords, depth + 1)}
    if callable(value) and hasattr(value, "__qualname__"):
        described: dict[str, Any] = {
            "callable": f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
        }
        closure = getattr(value, "__closure__", None)
        if closure:
            described["closure"] = [stable(c.cell_contents, depth + 1) for c in closure]
        defaults = getattr(value, "__defaults__", None)
        if defaults:
            described["defaults"] = stable(defaults, depth + 1)
        return described
    if hasattr(value, "__dict__"):
        return {"object": f"{type(value).__module__}.{type(value).__qualname__}",
                "vars": stable(vars(value), depth + 1)}
    return repr(value)  # may hold an address: then the key never repeats (a miss, not an error)


def digest(*parts: Any) -> str:
    text = json.dumps([stable(p) for p in parts], sort_keys=True, default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def files_digest(root: Path, files: Iterable[Path]) -> str:
    """sha256 over (relative path, content) of files; missing files count as deleted."""
    hasher = hashlib.sha256()
    for file in sorted(set(files)):
        try:
            data = file.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            continue
        rel = os.path.relpath(file, root)
        hasher.update(f"{rel}\0{len(data)}\0".encode())
        hasher.update(data)
    return hasher.hexdigest()


def walk_files(root: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """Every file under `root` except version-control, virtualenv and cache folders."""
    skipped = {p.resolve() for p in skip}
    found: list[Path] = []
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if d not in _SKIP_DIRS and (here / d).resolve() not in skipped]
        found.extend(here / n for n in names)
    return found


def worktree_digest(project: Path, skip: Iterable[Path] = ()) -> str:
    """Content of the project folder (the folder of mkdocs.yml): the files git lists there
    (tracked and untracked, not ignored), or every file when it is not in git or git ignores
    the folder itself."""
    try:
        ignored = subprocess.run(
            ["git", "-C", str(project), "check-ignore", "-q", "."], capture_output=True,
            check=False,
        ).returncode == 0
        listed = subprocess.run(
            ["git", "-C", str(project), "ls-files", "-z", "-co", "--exclude-standard"],
            capture_output=True, check=True,
        ).stdout.decode("utf-8", "surrogateescape")
    except (FileNotFoundError, subprocess.CalledProcessError):
        return files_digest(project, walk_files(project, skip))
    if ignored:
        return files_digest(project, walk_files(project, skip))
    skipped = [p.resolve() for p in skip]  # a site folder that git does not ignore, say
    files = (project / name for name in listed.split("\0") if name)
    return files_digest(
        project, (f for f in files if not any(f.resolve().is_relative_to(s) for s in skipped))
    )


@functools.cache
def environment_digest() -> str:
    """Python, every installed distribution's version and Supportal's own files."""
    dists = sorted(f"{d.metadata['Name']}=={d.version}" for d in distributions())
    package = Path(__file__).resolve().parent.parent
    return digest(sys.version, dists, files_digest(package, walk_files(package)))


def config_fingerprint(config: Any) -> dict[str, Any]:
    """Everything of a loaded MkDocsConfig that can change a page, as stable data."""
    data: dict[str, Any] = {}
    for key, value in config.items():
        if key in ("site_dir", "plugins", "theme"):
            continue  # site_dir is where we write, not what; the other two are described below
        data[key] = stable(value)
    data["plugins"] = {name: stable(dict(plugin.config)) for name, plugin in config.plugins.items()}
    theme = config.theme
    data["theme"] = {"vars": stable(dict(theme.items())), "dirs": [str(d) for d in theme.dirs],
                     "static_templates": sorted(theme.static_templates)}
    return data


def local_theme_dirs(config: Any) -> list[Path]:
    """Theme folders that are not inside installed packages (their versions are keyed already)."""
    installed = {Path(sysconfig.get_paths()[k]).resolve() for k in ("purelib", "platlib")}
    local = []
    for folder in config.theme.dirs:
        path = Path(folder).resolve()
        if not any(path.is_relative_to(base) for base in installed):
            local.append(path)
    return local


def release_key(
    config: Any, release_context: dict[str, Any], source: str, catalog_file: Path
) -> str:
    """The key of one release build. `source` is a git tree id or the working-tree digest."""
    return full_key(config, release_context, source, catalog_file).key


@dataclass(frozen=True)
class FullKey:
    """The key of a loaded configuration, with what a quick check must re-read to trust it."""

    key: str
    inputs: tuple[str, ...]
    """Folders and files read besides the configuration: docs, local theme folders, `watch`."""
    inputs_digest: str
    repeatable: bool
    """False when the configuration holds an object described by its memory address: the key
    never repeats, and such a release must never be skipped on a quick key either."""


def input_paths(config: Any) -> list[Path]:
    """What a release's render reads besides its configuration and installed packages."""
    return [Path(config.docs_dir), *local_theme_dirs(config), *(Path(p) for p in config.watch)]


def inputs_digest(paths: Iterable[Path]) -> str:
    file_list: list[Path] = []
    for base in paths:
        file_list += walk_files(base) if base.is_dir() else [base]
    return files_digest(Path("/"), file_list)


_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]{4,}")


def full_key(
    config: Any, release_context: dict[str, Any], source: str, catalog_file: Path
) -> FullKey:
    """`release_key`, with the inputs and repeatability a `QuickKey` record needs."""
    paths = input_paths(config)
    files = inputs_digest(paths)
    fingerprint = config_fingerprint(config)
    key = digest(
        CACHE_VERSION,
        environment_digest(),
        source,
        release_context,
        fingerprint,
        files,
        catalog_file.read_bytes().decode("utf-8", "replace"),
    )
    text = json.dumps(stable(fingerprint), sort_keys=True, default=repr)
    return FullKey(key, tuple(str(p) for p in paths), files, not _ADDRESS.search(text))


# `INHERIT: base.yml` at the top level of a mkdocs.yml (MkDocs reads it before anything else).
_INHERIT = re.compile(r"""^INHERIT:[ \t]*(['"]?)([^'"#\n]+?)\1[ \t]*(?:#.*)?$""", re.M)


def config_texts(config_file: Path) -> dict[str, str | None]:
    """A mkdocs.yml and every file it INHERITs, by resolved path (None: missing)."""
    texts: dict[str, str | None] = {}
    file: Path | None = config_file.resolve()
    while file is not None and str(file) not in texts and len(texts) < 32:
        try:
            text = file.read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            texts[str(file)] = None
            break
        texts[str(file)] = text
        found = _INHERIT.search(text)
        file = (file.parent / found.group(2).strip()).resolve() if found else None
    return texts


def referenced_environment(texts: Iterable[str | None]) -> dict[str, str]:
    """Environment variables a configuration may read with `!ENV`: every variable whose name
    appears in a text that uses `!ENV` (a superset, whatever YAML form names them)."""
    using = [t for t in texts if t and "!ENV" in t]
    if not using:
        return {}
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", "\n".join(using)))
    return {name: value for name, value in sorted(os.environ.items()) if name in words}


@dataclass(frozen=True)
class QuickKey:
    """What decides a release's render without loading its MkDocs configuration.

    Everything `release_key` covers comes from these: the configuration is a function of the
    bytes of its files (INHERIT included), the environment variables they name with `!ENV`,
    the release, the installed packages and Supportal's code; the files a build reads besides
    are listed by the record of the last full build (`FullKey.inputs`) and re-hashed.
    """

    release_context: dict[str, Any]
    source: str
    catalog_file: Path
    config_files: tuple[Path, ...]
    strict: bool
    folder: str
    """The folder the build runs in (extensions may read files relative to it)."""

    def compute(self) -> str:
        texts: dict[str, str | None] = {}
        for file in self.config_files:
            texts.update(config_texts(file))
        try:
            catalog = self.catalog_file.read_bytes().decode("utf-8", "surrogateescape")
        except OSError:
            catalog = None
        return digest(
            CACHE_VERSION, "quick", environment_digest(), self.source, self.release_context,
            self.strict, self.folder, texts, referenced_environment(texts.values()), catalog,
        )


def output_stamp(site_dir: Path) -> str:
    """Names, sizes and modification times of every file of a built release."""
    entries = []
    for file in sorted(walk_files(site_dir)) if site_dir.is_dir() else []:
        info = file.stat()
        entries.append((file.relative_to(site_dir).as_posix(), info.st_size, info.st_mtime_ns))
    return digest(entries)


@dataclass(frozen=True)
class QuickRecord:
    """Stored with a build: its quick key, and the inputs to re-hash before trusting it."""

    key: str
    inputs: tuple[str, ...]
    inputs_digest: str


@dataclass
class CachedBuild:
    """What the cache knows about a release's current output."""

    key: str
    stamp: str
    messages: list[tuple[str, int, str]]


class BuildCache:
    """Records per release of `site_dir`: the key it was built with and the messages it gave."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        # Every build makes one before it writes into the folder (so does the search plugin).
        ignore_in_git(folder)
        # Releases of one working tree share their docs folder: hash it once per run.
        self._inputs_seen: dict[tuple[str, ...], str] = {}

    def _record(self, site_dir: Path) -> Path:
        name = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:24]
        return self.folder / "builds" / f"{name}.json"

    def fresh(self, site_dir: Path, key: str) -> CachedBuild | None:
        """The recorded build when `site_dir` holds exactly what a build with `key` wrote."""
        try:
            data = json.loads(self._record(site_dir).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        if data.get("key") != key or data.get("stamp") != output_stamp(site_dir):
            return None
        return CachedBuild(key, data["stamp"], [tuple(m) for m in data.get("messages", [])])

    def fresh_quick(self, site_dir: Path, quick_key: str) -> CachedBuild | None:
        """The recorded build when its quick key is `quick_key`, the files it read besides its
        configuration are unchanged, and `site_dir` holds exactly what it wrote."""
        try:
            data = json.loads(self._record(site_dir).read_text(encoding="utf-8"))
        except (FileNotFoundError, json.JSONDecodeError):
            return None
        quick = data.get("quick")
        if not isinstance(quick, dict) or quick.get("key") != quick_key:
            return None
        inputs = tuple(str(p) for p in quick.get("inputs", []))
        if inputs not in self._inputs_seen:
            self._inputs_seen[inputs] = inputs_digest(Path(p) for p in inputs)
        if self._inputs_seen[inputs] != quick.get("inputs_digest"):
            return None
        if data.get("stamp") != output_stamp(site_dir):
            return None
        return CachedBuild(data["key"], data["stamp"], [tuple(m) for m in data.get("messages", [])])

    def store(
        self,
        site_dir: Path,
        key: str,
        messages: list[tuple[str, int, str]],
        quick: QuickRecord | None = None,
    ) -> None:
        record = self._record(site_dir)
        record.parent.mkdir(parents=True, exist_ok=True)
        data: dict[str, Any] = {"site_dir": str(site_dir.resolve()), "key": key,
                                "stamp": output_stamp(site_dir), "messages": messages}
        if quick is not None:
            data["quick"] = {"key": quick.key, "inputs": list(quick.inputs),
                             "inputs_digest": quick.inputs_digest}
        tmp = record.with_name(f".{record.name}.{os.getpid()}")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(record)

    def forget(self, site_dir: Path) -> None:
        self._record(site_dir).unlink(missing_ok=True)
