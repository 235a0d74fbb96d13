from __future__ import annotations

from supportal.core.codefences import FenceTracker


def inside(text: str) -> list[bool]:
    fences = FenceTracker()
    return [fences.inside(line) for line in text.split("\n")]


def test_fences_open_and_close_like_commonmark() -> None:
    assert inside("a\n```py\ncode\n```\nb") == [False, True, True, True, False]
    assert inside("~~~\n```\nstill\n~~~\nout") == [True, True, True, True, False]
    assert inside("````\n```\n````\nout") == [True, True, True, False]
    assert inside("```\n```md\nstill\n```  \nout") == [True, True, True, True, False]
