"""Where a release's docs come from: the working tree, or a git ref (`source: git:REF`).

Plain Python, no MkDocs import except in `overlay.py` (which reads mkdocs.yml files): ref
resolution and tree export (`git.py`), catalog validation of `git:` sources (`refs.py`), the
overlay of Supportal's plugins on an old ref's mkdocs.yml (`overlay.py`), the build cache keys
(`cache.py`) and `releases sync` (`tags.py`).
"""
