"""Watch which part of a split job (`core.sidetask.split_work`) ran in the test's process."""

from __future__ import annotations

from typing import Any

import pytest


def sizes_done_here(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Replace `module.name` (the work of a split job) by a wrapper that records the number of
    items each call in this process gets; a forked child's calls are not seen."""
    done: list[int] = []
    work = getattr(module, name)

    def counted(items: Any) -> Any:
        done.append(len(items))
        return work(items)

    monkeypatch.setattr(module, name, counted)
    return done
