"""Support hub fragments from `templates/`: Markdown pages and HTML snippets, all autoescaped.

Text that comes from data files (advisory titles, tier names) is plain text: `md_text` escapes
HTML and Markdown punctuation before it lands in generated Markdown.
"""

from __future__ import annotations

from typing import Any

from ..core.templating import fragments
from ..faq.render import md_text

PACKAGE = "supportal.support"


def render(template: str, **context: Any) -> str:
    env = fragments(PACKAGE)
    env.filters.setdefault("md_text", md_text)
    return env.get_template(template).render(**context)
