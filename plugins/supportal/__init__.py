"""Supportal: documentation and training portals for software support teams."""

__version__ = "0.1.0"
