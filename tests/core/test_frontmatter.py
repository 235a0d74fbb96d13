from __future__ import annotations

import pytest

from supportal.core.frontmatter import read_front_matter
from supportal.core.problems import SupportalError


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
    assert str(problem) == "docs/a.md:3: invalid YAML: found character '>' that cannot start any token"


def test_duplicate_key_is_an_error() -> None:
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\ntitle: A\ntitle: B\n---\n", "docs/a.md")
    assert str(info.value.problems[0]).startswith("docs/a.md:3: invalid YAML: ")


def test_front_matter_must_be_a_mapping() -> None:
    with pytest.raises(SupportalError) as info:
        read_front_matter("---\n- a\n- b\n---\n", "docs/a.md")
    assert str(info.value.problems[0]) == "docs/a.md:2: front matter must be a mapping of keys to values"
