"""Two workers on one release: the idle one converts its pages from the last while the owner
converts them from the first.

Five releases on two cores build as three rounds, and in the last round one core has nothing to
do. A helper task, queued after every release build, takes a release that is still building and
converts its pages backwards, storing each conversion in the content-keyed page cache
(`pagecache.py`); the owner takes those from the cache when it gets there. Whoever reaches a
page first claims it (an exclusive file per page), so each page converts once and the two meet
in the middle.

The helper cannot change the output: the owner uses a conversion only when its key (the Markdown
after every plugin, the extensions and options, the answers of the page's link look-ups) matches
its own page, as for any cached page. The helper builds into a scratch folder, its messages are
dropped (a stored conversion keeps its messages, and the owner logs them), and it stops its
build once its share is converted.
"""

from __future__ import annotations

from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from .claims import CONVERTED, FAILED, OWNER, REUSED, ClaimBoard
from .pagecache import PageConversionCache, page_cache
from .patching import swapped


class _ShareDone(Exception):
    """Raised in the helper's build once its pages are converted: the rest is not needed."""


def help_convert(config: MkDocsConfig, cache: PageConversionCache, board: ClaimBoard) -> int:
    """Run the release's build in this process up to its page conversions, taking pages from
    the last one backwards until the owner's claims are reached; returns pages converted.
    Exceptions of the build propagate (the owner meets the same ones and reports them)."""
    original = mkdocs_build._populate_page
    converted = 0

    def populate_backwards(
        page: Page, config: MkDocsConfig, files: Files, dirty: bool = False
    ) -> None:
        # Called by MkDocs' build for its first page: every page is done here, in reverse.
        nonlocal converted
        if not cache.usable(config):  # the owner converts every page itself
            raise _ShareDone
        for file in reversed(files.documentation_pages(inclusion=InclusionLevel.is_included)):
            if board.closed(OWNER) or not board.take(file.src_uri):
                break
            misses = cache.misses
            how = FAILED
            try:
                if file.page is None:
                    Page(None, file, config)
                original(file.page, config, files, dirty)
                how = CONVERTED if cache.misses > misses else REUSED
            finally:
                board.finish(file.src_uri, how)
            converted += how == CONVERTED
        raise _ShareDone

    try:
        with swapped(mkdocs_build, "_populate_page", populate_backwards), page_cache(cache):
            mkdocs_build.build(config)
    except _ShareDone:
        pass
    return converted
