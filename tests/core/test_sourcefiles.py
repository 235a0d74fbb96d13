from __future__ import annotations

from pathlib import Path

import pytest
from supportal.core.problems import SupportalError
from supportal.core.sourcefiles import read_text

from ..harness import PORTAL_HEAD, build_portal, make_portal


def test_text_without_its_byte_order_mark(tmp_path: Path) -> None:
    file = tmp_path / "a.md"
    file.write_bytes(b"\xef\xbb\xbf---\ntitle: A\n---\n")
    assert read_text(file, "docs/a.md") == "---\ntitle: A\n---\n"


@pytest.mark.parametrize(("content", "message"), [
    (None, "docs/a.md: file not found"),
    (b"caf\xe9", "docs/a.md: cannot read file: 'utf-8' codec can't decode byte 0xe9 in position 3: "
                 "unexpected end of data"),
])
def test_missing_and_undecodable_files_are_located_problems(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    file = tmp_path / "a.md"
    if content is not None:
        file.write_bytes(content)
    with pytest.raises(SupportalError) as info:
        read_text(file, "docs/a.md")
    assert str(info.value) == message


def test_tree_file_that_is_not_utf8_fails_the_build_at_its_path(tmp_path: Path) -> None:
    # supportal/troubleshooting read `*.tree.yml` through content_string: a Latin-1 file
    # crashed the build with a UnicodeDecodeError traceback.
    config = make_portal(
        tmp_path,
        {"index.md": "# Home\n"},
        config=PORTAL_HEAD + "plugins:\n  - supportal/releases\n  - supportal/troubleshooting\n",
    )
    tree = "tree: printer\ntitle: Imprimante bloquée\nstart: a\nnodes:\n  a: {kind: resolved}\n"
    (tmp_path / "docs/printer.tree.yml").write_bytes(tree.encode("latin-1"))
    result = build_portal(config, strict=True)
    assert not result.ok
    assert result.errors == [
        "docs/printer.tree.yml: cannot read file: 'utf-8' codec can't decode byte 0xe9 in "
        "position 37: invalid continuation byte",
        "1 authoring error (listed above) stops the build.",
    ]
