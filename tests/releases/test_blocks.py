from __future__ import annotations

from supportal.core.problems import Problems
from supportal.releases.blocks import filter_blocks

TEXT = """\
# Title

/// versions | >=2.0
New in 2.
///

/// versions | <2.0
Old.
///
tail
"""


def run(text: str, version: str | None, first_line: int = 1):
    problems = Problems()
    result = filter_blocks(text, version, "docs/a.md", problems, first_line=first_line)
    return result, [str(p) for p in problems]


def test_block_kept_or_dropped_by_release() -> None:
    new, problems = run(TEXT, "2.4")
    assert problems == []
    assert new.text == "# Title\n\nNew in 2.\n\ntail\n"
    old, _ = run(TEXT, "1.0")
    assert old.text == "# Title\n\n\nOld.\ntail\n"


def test_line_map_points_back_to_the_file() -> None:
    result, _ = run(TEXT, "1.0", first_line=5)
    lines = result.text.split("\n")
    assert lines.index("Old.") == 3
    assert result.file_line(4) == 12  # "Old." is line 8 of TEXT, which starts at file line 5
    assert [b.start_line for b in result.blocks] == [7, 11]


def test_none_keeps_every_block() -> None:
    result, _ = run(TEXT, None)
    assert "New in 2." in result.text and "Old." in result.text


def test_code_fences_show_the_syntax_untouched() -> None:
    text = "```markdown\n/// versions | >=9.0\nshown\n///\n```\n"
    result, problems = run(text, "1.0")
    assert result.text == text and problems == []


def test_other_blocks_inside_and_around() -> None:
    text = (
        "/// admonition | Note\n"
        "/// versions | >=2.0\n"
        "only 2\n"
        "///\n"
        "always\n"
        "///\n"
    )
    result, problems = run(text, "1.0")
    assert problems == []
    assert result.text == "/// admonition | Note\nalways\n///\n"


def test_longer_fences_pair_with_their_closers() -> None:
    text = "//// versions | >=2.0\n/// details | More\ninner\n///\n////\nafter\n"
    result, problems = run(text, "1.0")
    assert problems == [] and result.text == "after\n"


def test_indented_block_in_a_list() -> None:
    text = "- item\n\n    /// versions | >=2.0\n    two\n    ///\n"
    result, _ = run(text, "2.0")
    assert result.text == "- item\n\n    two\n"


def test_nested_versions_blocks_are_an_error() -> None:
    text = "/// versions | >=2.0\n//// versions | <3.0\nx\n////\n///\n"
    _, problems = run(text, "2.0", first_line=4)
    assert problems == [
        "docs/a.md:5: versions block inside the versions block of line 4: blocks do not nest; "
        "write one block with both ranges, such as '>=2.0,<3.0'"
    ]


def test_unclosed_block_is_an_error() -> None:
    _, problems = run("text\n/// versions | >=2.0\nforever\n", "2.0")
    assert problems == ["docs/a.md:2: unclosed '/// versions' block: end it with a line '///'"]


def test_invalid_and_missing_ranges() -> None:
    _, problems = run("/// versions | 2.x\na\n///\n/// versions\nb\n///\n", "2.0")
    assert problems == [
        "docs/a.md:1: '2.x' is not a valid version range: write PEP 440 specifiers such as "
        "'>=2.0', '<3.0' or '>=2.0,!=2.3,<3.0'. Use '==2.*' for a whole release line, or '>=2.0,<3.0'.",
        "docs/a.md:4: versions block without a range: write '/// versions | >=2.1'",
    ]


def test_a_fence_with_an_info_string_does_not_close_a_code_block() -> None:
    text = "````markdown\n```md\n/// versions | >=9.0\nshown\n///\n```\n````\n/// versions | >=9.0\ndropped\n///\n"
    result, problems = run(text, "1.0")
    assert problems == []
    assert result.text == "````markdown\n```md\n/// versions | >=9.0\nshown\n///\n```\n````\n"


def test_a_backtick_line_with_backticks_after_is_inline_code_not_a_fence() -> None:
    result, _ = run("```not a fence```\n/// versions | >=9.0\ndropped\n///\n", "1.0")
    assert result.text == "```not a fence```\n"
