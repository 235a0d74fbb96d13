"""Jinja fragments shipped in each plugin's `templates/` folder (never HTML strings in Python)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def fragments(package: str) -> jinja2.Environment:
    """The autoescaping environment over `<package>/templates`, e.g. `supportal.releases`."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def render(package: str, template: str, **context: object) -> str:
    return fragments(package).get_template(template).render(**context)
