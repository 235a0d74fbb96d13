from __future__ import annotations

from pathlib import Path

import pytest

from supportal.core.problems import SupportalError
from supportal.core.sourcefiles import read_text


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
