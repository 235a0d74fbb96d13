"""Ship a plugin's `assets/` files into the built site and load them on every page.

Scripts are ES modules loaded from files (no inline code, so sites work under a strict CSP).
Material's instant navigation replaces the page body without reloading scripts: a module must
(re)initialise through `document$` when Material provides it, see `assets/instant.js` usage in
`docs/pages/extending.md`.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

SITE_FOLDER = "assets/supportal"


def asset_url(package: str, name: str) -> str:
    """Site path of a packaged asset, e.g. `assets/supportal/troubleshooting/trees.js`."""
    return f"{SITE_FOLDER}/{package.rsplit('.', 1)[-1]}/{name}"


def register_assets(config: MkDocsConfig, package: str, names: Iterable[str]) -> None:
    """In `on_config`: load the package's `.js` (as modules) and `.css` files on every page."""
    for name in names:
        url = asset_url(package, name)
        if name.endswith(".css"):
            if url not in config.extra_css:
                config.extra_css.append(url)
        elif name.endswith(".js"):
            if url not in [str(s) for s in config.extra_javascript]:
                script = ExtraScriptValue(url)
                script.type = "module"
                config.extra_javascript.append(script)


def add_asset_files(files: Files, config: MkDocsConfig, package: str) -> None:
    """In `on_files`: copy the package's `assets/` folder (and core's shared modules, which
    plugin scripts import) into the site."""
    for source in ("supportal.core", package):
        for relative, entry in _walk(resources.files(source) / "assets"):
            url = asset_url(source, relative)
            if files.get_file_from_path(url) is None:
                files.append(File.generated(config, url, content=entry.read_bytes()))


def _walk(folder, prefix: str = ""):  # noqa: ANN001, ANN202 - importlib Traversable
    for child in sorted(folder.iterdir(), key=lambda c: c.name):
        name = f"{prefix}{child.name}"
        if child.is_dir():
            yield from _walk(child, f"{name}/")
        else:
            yield name, child
