"""Loggers under `mkdocs.plugins.supportal.*`: MkDocs counts them in `--strict` mode.

A logger outside the `mkdocs` tree would print but never fail a strict build. ProperDocs makes
the `mkdocs` logger a child of its own, so these count there as well.
"""

from __future__ import annotations

import logging


def get_logger(name: str) -> logging.Logger:
    return logging.getLogger(f"mkdocs.plugins.supportal.{name}")
