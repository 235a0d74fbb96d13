"""A fixed corpus indexed once per session, for model, round-trip and parity tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from supportal.search.release_index import IndexedRelease, ReleaseIndex, Settings, index_release

from .fixed_corpus import BOOSTS, TYPES, fixed_records


@pytest.fixture(scope="session")
def fixed_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[IndexedRelease, Path, Path]:
    """(indexed release, exported browser index folder, whoosh index folder)."""
    root = tmp_path_factory.mktemp("fixed-search")
    settings = Settings(types=TYPES, boosts=BOOSTS, shard_size=6_000, related=3)
    built = index_release(
        fixed_records(),
        settings,
        {"version": "1.0", "title": "Fixed"},
        root / "site" / "search",
        root / "whoosh",
    )
    return built, root / "site" / "search", root / "whoosh"


@pytest.fixture()
def release_index(fixed_index: tuple[IndexedRelease, Path, Path]) -> Iterator[ReleaseIndex]:
    index = ReleaseIndex(fixed_index[2])
    yield index
    index.close()
