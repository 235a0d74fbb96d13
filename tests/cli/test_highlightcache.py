"""Pygments' output kept per code block while Supportal builds: the same HTML, highlighted once."""

from __future__ import annotations

import contextlib
import io
import types
from pathlib import Path

import pygments
import pytest
from markdown.extensions import codehilite
from pygments import lexers as pygments_lexers
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import PhpLexer, PythonLexer, YamlLexer
from pygments.styles.monokai import MonokaiStyle
from pygments.util import ClassNotFound
from pymdownx import highlight as pymdownx_highlight
from supportal.cli import highlightcache, multibuild
from supportal.cli.highlightcache import shared_highlighting
from supportal.cli.multibuild import build_releases
from supportal.releases.model import load_catalog

from ..sources.gitportal import PORTAL_CONFIG, commit_tag, git, write
from ..sources.test_git_releases import tree_hashes
from ..sources.test_search_cache import CATALOG  # two tags: 2.0 and 1.0

CODE = "def f(x: int) -> str:\n    return 'x' * x  # repeat\n"
ORIGINAL = pygments.highlight


@pytest.fixture
def formatted(monkeypatch) -> list[str]:
    """Every code Pygments really formats (`pygments.highlight` formats what it lexes), with
    an empty cache: builds earlier in this process fill the module's."""
    monkeypatch.setattr(highlightcache, "_results", {})
    monkeypatch.setattr(highlightcache, "state", highlightcache._State())
    seen: list[str] = []
    original = pygments.format

    def counting(tokens, formatter, outfile=None):  # noqa: ANN001, ANN202
        tokens = list(tokens)
        seen.append("".join(text for _, text in tokens))
        return original(tokens, formatter, outfile)

    monkeypatch.setattr(pygments, "format", counting)
    return seen


CASES = [
    (PythonLexer, {}),
    (PythonLexer, {"hl_lines": [2]}),
    (PythonLexer, {"linenos": "table", "lineanchors": "__codelineno-3"}),
    (PythonLexer, {"style": "monokai", "noclasses": True}),
    (PythonLexer, {"cssclass": "highlight", "filename": "f.py"}),
    (YamlLexer, {}),
]


def render(lexer: type, options: dict, code: str = CODE, stripnl: bool = True) -> str:
    return pygments.highlight(code, lexer(stripnl=stripnl), HtmlFormatter(**options))


def test_a_block_highlighted_again_is_the_same_and_formatted_once(formatted) -> None:
    expected = [render(lexer, options) for lexer, options in CASES]
    expected_other_code = render(PythonLexer, {}, code="x = 1\n")
    expected_kept_newlines = render(PythonLexer, {}, code=" x = 1\n\n", stripnl=False)
    formatted.clear()
    with shared_highlighting():
        for _ in range(3):
            assert [render(lexer, options) for lexer, options in CASES] == expected
            assert render(PythonLexer, {}, code="x = 1\n") == expected_other_code
            kept_newlines = render(PythonLexer, {}, code=" x = 1\n\n", stripnl=False)
            assert kept_newlines == expected_kept_newlines
    # Each (code, lexer and its options, formatter and its options) once: an option of either
    # makes another entry.
    assert len(formatted) == len(CASES) + 2
    assert highlightcache.state.hits == 2 * (len(CASES) + 2)
    assert pygments.highlight is ORIGINAL  # put back after the block


def test_settings_kept_outside_the_options_make_other_entries(formatted) -> None:
    # pymdownx's formatter keeps 'pymdownx-inline' line numbers in an attribute (its options
    # say 'inline'); PHP's lexer pops '_startinline' from its options. Keyed on the options
    # alone, one release's line numbers were published in another's pages.
    def numbered(style: str) -> str:
        formatter = pymdownx_highlight.BlockHtmlFormatter(linenos=style, wrapcode=True)
        return pygments.highlight(CODE, PythonLexer(), formatter)

    def php(**options: bool) -> str:
        return pygments.highlight("echo strlen($x);\n", PhpLexer(**options), HtmlFormatter())

    expected = [numbered("inline"), numbered("pymdownx-inline"), php(), php(startinline=True)]
    assert expected[0] != expected[1] and expected[2] != expected[3]
    with shared_highlighting():
        for _ in range(2):
            found = [numbered("inline"), numbered("pymdownx-inline"), php(), php(startinline=True)]
            assert found == expected
    assert highlightcache.state.misses == 4 and highlightcache.state.hits == 4


def test_calls_whose_options_are_not_plain_values_are_formatted_every_time(formatted) -> None:
    def filtered() -> str:
        lexer = PythonLexer()
        lexer.add_filter("whitespace", spaces=True)
        return pygments.highlight(CODE, lexer, HtmlFormatter())

    def styled_by_class() -> str:
        return pygments.highlight(CODE, PythonLexer(), HtmlFormatter(style=MonokaiStyle))

    expected = [filtered(), styled_by_class()]
    plain = render(PythonLexer, {})
    formatted.clear()
    with shared_highlighting():
        for _ in range(2):
            assert [filtered(), styled_by_class()] == expected
            out = io.StringIO()
            assert pygments.highlight(CODE, PythonLexer(), HtmlFormatter(), out) is None
            assert out.getvalue() == plain
    # filtered, styled by a class, written to a file: each of the two times.
    assert len(formatted) == 2 * 3


def test_extensions_use_the_cache_inside_the_block_and_pygments_outside(formatted) -> None:
    assert pymdownx_highlight.highlight is ORIGINAL
    assert codehilite.highlight is ORIGINAL
    with shared_highlighting():
        assert pymdownx_highlight.highlight is highlightcache.highlight
        assert codehilite.highlight is highlightcache.highlight
        assert pygments.highlight is highlightcache.highlight
        # A module imported during the block binds the cache's function ...
        late = types.ModuleType("late_highlighter")
        exec("from pygments import highlight", late.__dict__)  # noqa: S102
    assert pymdownx_highlight.highlight is ORIGINAL
    assert codehilite.highlight is ORIGINAL
    # ... which, outside a block, passes every call to Pygments.
    formatted.clear()
    for _ in range(2):
        assert late.highlight(CODE, PythonLexer(), HtmlFormatter()) == ORIGINAL(
            CODE, PythonLexer(), HtmlFormatter())
    assert len(formatted) == 4


def test_a_language_name_finds_its_lexer_class_once(monkeypatch) -> None:
    monkeypatch.setattr(highlightcache, "_lexer_classes", {})
    searched: list[str] = []
    original = pygments_lexers.find_lexer_class_by_name

    def counting(alias: str) -> type:
        searched.append(alias)
        return original(alias)

    monkeypatch.setattr(pygments_lexers, "find_lexer_class_by_name", counting)
    with shared_highlighting():
        assert pymdownx_highlight.get_lexer_by_name is highlightcache.get_lexer_by_name
        assert codehilite.get_lexer_by_name is highlightcache.get_lexer_by_name
        for _ in range(3):
            lexer = pymdownx_highlight.get_lexer_by_name("py", stripnl=False)
            assert type(lexer) is PythonLexer and lexer.stripnl is False
            assert type(pymdownx_highlight.get_lexer_by_name("YAML")) is YamlLexer
            with pytest.raises(ClassNotFound, match="no lexer for alias 'gadgetscript' found"):
                pymdownx_highlight.get_lexer_by_name("gadgetscript")
    assert searched == ["py", "YAML", "gadgetscript"]
    assert pymdownx_highlight.get_lexer_by_name is pygments_lexers.get_lexer_by_name
    assert codehilite.get_lexer_by_name is pygments_lexers.get_lexer_by_name
    assert highlightcache.get_lexer_by_name("py").__class__ is PythonLexer  # outside: Pygments'
    assert searched == ["py", "YAML", "gadgetscript"]


CONFIG = PORTAL_CONFIG + """\
markdown_extensions:
  - pymdownx.highlight
  - pymdownx.superfences
"""

PAGE = """\
# Install

```python
import gadget
gadget.install(dial=3)
```

```yaml title="gadget.yml"
dial: 3
```

```python
import gadget
gadget.install(dial=3)
```
"""


def make_repo(root: Path) -> Path:
    """Two tags whose Markdown options differ (so no page conversion is shared) but whose code
    blocks are the same."""
    root.mkdir(parents=True)
    git(root, "init", "-q", "-b", "main")
    commit_tag(root, "v1.0", "2024-01-10T12:00:00", {
        "mkdocs.yml": CONFIG,
        "docs/index.md": "# Gadget\n\nGadget one.\n",
        "docs/install.md": PAGE,
    })
    commit_tag(root, "v2.0", "2025-01-10T12:00:00", {
        "mkdocs.yml": CONFIG + "  - def_list\n",
        "docs/index.md": "# Gadget\n\nGadget two.\n",
    })
    write(root, {"releases.yml": CATALOG})
    return root / "mkdocs.yml"


def build(config: Path, site: Path) -> None:
    catalog = load_catalog(config.parent / "releases.yml", "releases.yml")
    build_releases(config, catalog, catalog.releases, site, cache_dir=site.parent / "cache")


def test_two_releases_highlight_their_common_blocks_once_and_build_the_same_site(
    tmp_path: Path, monkeypatch, formatted,
) -> None:
    config = make_repo(tmp_path / "repo")
    build(config, tmp_path / "one" / "site")
    # install.md's blocks for the first release only, its repeated Python block once.
    assert sorted(formatted) == ["dial: 3\n", "import gadget\ngadget.install(dial=3)\n"]

    formatted.clear()
    monkeypatch.setattr(multibuild, "shared_highlighting", contextlib.nullcontext)
    build(config, tmp_path / "two" / "site")
    assert len(formatted) == 6
    assert tree_hashes(tmp_path / "one" / "site") == tree_hashes(tmp_path / "two" / "site")
