"""Pygments' stylesheet shared per style while Supportal builds: same highlighting, made once."""

from __future__ import annotations

from pygments import highlight
from pygments.formatters.html import HtmlFormatter
from pygments.lexers import PythonLexer
from supportal.cli.stylecache import shared_stylesheets

CODE = "def f(x: int) -> str:\n    return 'x' * x  # repeat\n"


def render(**options: str) -> str:
    return highlight(CODE, PythonLexer(), HtmlFormatter(**options))


def test_highlighting_is_the_same_and_the_table_is_made_once_per_style_and_prefix(
    monkeypatch,
) -> None:
    plain = {opts: render(**dict(opts)) for opts in (
        (), (("style", "monokai"),), (("classprefix", "kv-"),), (("noclasses", "True"),),
    )}
    made = []
    original = HtmlFormatter._create_stylesheet

    def counting(formatter) -> None:  # noqa: ANN001
        made.append((formatter.style.__name__, formatter.classprefix))
        original(formatter)

    monkeypatch.setattr(HtmlFormatter, "_create_stylesheet", counting)
    with shared_stylesheets():
        for _ in range(3):
            for opts, expected in plain.items():
                assert render(**dict(opts)) == expected
    # default, monokai, prefix "kv-": one table each; noclasses shares the default's
    assert sorted(made) == [("DefaultStyle", ""), ("DefaultStyle", "kv-"), ("MonokaiStyle", "")]
    assert HtmlFormatter._create_stylesheet is counting  # put back after the block
