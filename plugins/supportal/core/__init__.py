"""Pieces every Supportal plugin shares: located problems, strict YAML, version ranges, logging.

Nothing in this package imports MkDocs except `bridge`, which turns problems into MkDocs log
records and errors.
"""
