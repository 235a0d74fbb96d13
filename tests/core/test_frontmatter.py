from __future__ import annotations

from pathlib import Path

import pytest
from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import SupportalError
from supportal.core.yamlfile import parse_yaml

from ..harness import build_portal, make_portal


def test_front_matter_and_body_keep_their_lines() -> None:
    page = read_front_matter("---\ntitle: A\nversions: '>=2.0'\n---\n\n# A\n", "docs/a.md")
    assert page.meta == {"title": "A", "versions": ">=2.0"}
    assert page.body == "# A\n"
    assert page.body_line == 6
    assert page.line_of("versions") == 3
    assert page.line_of("missing") == 2


def test_page_without_front_matter_is_all_body() -> None:
    page = read_front_matter("# Title\n\ntext\n", "docs/a.md")
    assert page.meta == {}
    assert page.body_line == 1


def test_yaml_error_is_located_not_swallowed() -> None:
    text = "---\ntitle: A\nversions: [>=2.0\nid: x\n---\n# A\n"
    with pytest.raises(SupportalError) as info:
        read_front_matter(text, "docs/a.md")
    (problem,) = info.value.problems
    assert str(problem) == (
        "docs/a.md:3: invalid YAML: found character '>' that cannot start any token "
        "(quote a value that starts with this character)"
    )


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\ntitle: A\ntitle: B\n---\n", "docs/a.md")
    assert str(info.value.problems[0]).startswith("docs/a.md:3: invalid YAML: ")


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\n- a\n- b\n---\n", "docs/a.md")
    assert str(info.value.problems[0]) == "docs/a.md:2: front matter must be a mapping of keys to values"


def test_unclosed_front_matter_is_reported_at_its_opening_line() -> None:
    # Without the check MkDocs renders the YAML as page text and nobody is told.
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\ntitle: A\nversions: '>=2.0'\n\n# A\n\nText.\n", "docs/a.md")
    (problem,) = info.value.problems
    assert str(problem) == (
        "docs/a.md:1: front matter opened at line 1 is never closed: end it with a line '---' "
        "(for a horizontal rule at the top of the page, put a blank line after it)"
    )


def test_closing_line_without_line_break_is_named() -> None:
    # MkDocs needs a line break after the closing '---' too; "never closed" would be wrong.
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\ntitle: A\n---", "docs/a.md")
    assert str(info.value.problems[0]) == (
        "docs/a.md:3: front matter opened at line 1 ends at line 3 without a line break: "
        "end the file with a line break after it"
    )


@pytest.mark.parametrize(
    "text",
    [
        "---\n\nTitle: a rule, then a blank line, then text.\n",
        "---\nA rule at the top, then an ordinary paragraph.\n",
        "---\n# Heading after a rule\n",
        "---\n",
    ],
)
def test_horizontal_rule_on_the_first_line_is_legal_markdown(text: str) -> None:
    page = read_front_matter(text, "docs/a.md")
    assert page.meta == {}
    assert page.body == text


def test_unclosed_front_matter_fails_the_build(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "# Home\n",
        "a.md": "---\ntitle: A\n\n# A\n",
        "rule.md": "---\nA rule at the top, then an ordinary paragraph.\n",
    })
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.messages() == [
        "docs/a.md:1: front matter opened at line 1 is never closed: end it with a line '---' "
        "(for a horizontal rule at the top of the page, put a blank line after it)",
        "1 authoring error (listed above) stops the build.",
    ]


def test_page_starting_with_a_rule_builds_strictly(tmp_path: Path) -> None:
    config = make_portal(tmp_path, {
        "index.md": "---\nA rule at the top, then an ordinary paragraph.\n",
    })
    result = build_portal(config, strict=True)
    assert result.ok, result.messages()
    assert "<hr" in result.page("")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("a: b: c\n", "f.yml:1: invalid YAML: mapping values are not allowed here (a ': ' "
         "inside a value: quote the value)"),
        ("a:\n  b: 1\n c: 2\n", "f.yml:3: invalid YAML: expected <block end>, but found "
         "'<block mapping start>' (this line is indented differently from the lines above it)"),
        ("a:\n\tb: 1\n", "f.yml:2: invalid YAML: found character '\\t' that cannot start any "
         "token (a tab: indent with spaces)"),
        ("v: >=2.0\n", "f.yml:1: invalid YAML: expected chomping or indentation indicators, but "
         "found '=' ('>' and '|' start a block of text: quote the value)"),
        ("v: [a\n", "f.yml:1: invalid YAML: expected ',' or ']', but got '<stream end>' (a '[' "
         "list that is never closed)"),
    ],
)
def test_yaml_syntax_errors_say_what_to_do(text: str, message: str) -> None:
    with pytest.raises(SupportalError) as info:
        parse_yaml(text, "f.yml")
    assert [str(p) for p in info.value.problems] == [message]
