"""Options of `supportal/releases` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ReleasesConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off without removing it from mkdocs.yml."""

    catalog = c.Type(str, default="releases.yml")
    """The release catalog, relative to the folder of mkdocs.yml."""

    release = c.Optional(c.Type(str))
    """The release to build, by version or alias (accepts `!ENV`). When unset: the environment
    variable SUPPORTAL_RELEASE, then the catalog's default release. `supportal build` sets it."""
