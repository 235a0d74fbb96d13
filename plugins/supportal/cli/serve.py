"""`supportal serve`: live preview of one release, other releases served as built."""

from __future__ import annotations

import mimetypes
import posixpath
import shutil
import signal
import tempfile
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import click
from mkdocs.commands.build import build
from mkdocs.livereload import LiveReloadServer

from ..releases.model import Release, ReleaseCatalog
from ..releases.plugin import releases_of
from ..releases.site import write_site_index
from ..troubleshooting.registry import compare_only
from .configlines import SHOWN_ONCE
from .host import load_release_config
from .multibuild import Progress, build_releases


class PortalServer(LiveReloadServer):
    """MkDocs' live-reload server for the edited release, plus a static root for the rest."""

    def __init__(self, *args: Any, static_root: Path, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.static_root = static_root

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        # The site's own root redirect, as published; MkDocs would answer "/" with a 302 to
        # the edited release, which it logs as a warning on every visit.
        if path != "/" or not (self.static_root / "index.html").is_file():
            served = super()._serve_request(environ, start_response)
            if served is not None:
                return served
        relative = posixpath.normpath("/" + path).lstrip("/")
        file = self.static_root / relative
        if file.is_dir():
            if not path.endswith("/"):
                # From the normalised path: `//latest` must not become `//latest/`, which a
                # browser reads as a link to the host `latest`.
                location = urllib.parse.quote(f"/{relative}/")
                start_response("302 Found", [("Location", location)])
                return []
            file = file / "index.html"
        if not file.is_file():
            return None
        content_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        data = file.read_bytes()
        start_response(
            "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(data)))]
        )
        return [data]


def serve(
    config_file: Path,
    catalog: ReleaseCatalog,
    release: Release,
    *,
    host: str,
    port: int,
    others: Sequence[Release] = (),
    strict: bool = False,
    progress: Progress | None = None,
) -> None:
    """Serve `release` at /<version>/ with live reload; `others` are built once beside it."""
    # A preview publishes nothing: a node id tried out and renamed while editing must not be
    # recorded in trees.lock.yml (a later strict build would then demand an alias for it).
    with compare_only():
        _serve(config_file, catalog, release, host=host, port=port, others=others,
               strict=strict, progress=progress)


def _serve(
    config_file: Path,
    catalog: ReleaseCatalog,
    release: Release,
    *,
    host: str,
    port: int,
    others: Sequence[Release],
    strict: bool,
    progress: Progress | None,
) -> None:
    static_root = Path(tempfile.mkdtemp(prefix="supportal-site-"))
    # The edited release is built inside the static root, so the site files written beside the
    # releases (versions.json, releases.json for the banners, alias folders, the root redirect)
    # cover it as they do in a published site.
    live_dir = static_root / release.version
    stop = _stop_on_sigterm()
    try:
        build_releases(config_file, catalog, others, static_root, strict=strict, progress=progress)
        # versions.json lists what this server can show: the others and the edited release.
        shown = {r.version for r in others} | {release.version}
        versions = [v for v in catalog.versions if v in shown]

        def get_config():  # noqa: ANN202 - MkDocs' builder protocol
            config = load_release_config(config_file, release, site_dir=live_dir, strict=strict)
            config.site_url = f"http://{host}:{port}/{release.version}/"
            return config

        config = get_config()

        def builder(config=None):  # noqa: ANN001, ANN202
            SHOWN_ONCE.shown.clear()  # each rebuild shows what is still wrong in mkdocs.yml
            build(config or get_config(), serve_url=f"http://{host}:{port}/{release.version}/")
            write_site_index(static_root, catalog, versions)

        server = PortalServer(
            builder=builder, host=host, port=port, root=str(live_dir),
            mount_path=f"/{release.version}/", static_root=static_root,
        )
        builder(config)
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        plugin = releases_of(config)
        if plugin is not None:
            server.watch(str(Path(config_file).resolve().parent / plugin.config.catalog))
        for path in config.watch:
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            pass
        except OSError as exc:  # binding failed: port in use, unknown host (the --dev-addr)
            raise click.ClickException(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(static_root, ignore_errors=True)
        stop()


def _stop_on_sigterm() -> Callable[[], None]:
    """Make SIGTERM (a terminal closed, a job stopped) end the server like Ctrl+C, so its
    temporary site folders are removed; returns what restores the previous handler."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)
