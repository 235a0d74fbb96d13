"""MkDocs config options shared by Supportal's plugins."""

from __future__ import annotations

from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError


class WholeNumber(c.Type):
    """A whole number of at least `minimum`: a negative depth or count means nothing, and a
    plugin given one would warn about every page or silently do nothing."""

    def __init__(self, minimum: int, default: int) -> None:
        super().__init__(int, default=default)
        self.minimum = minimum

    def run_validation(self, value: Any) -> int:
        if isinstance(value, bool):  # YAML's true is an int to Python
            raise ValidationError(f"Expected a whole number of at least {self.minimum}, "
                                  "not true/false")
        number = super().run_validation(value)
        if number < self.minimum:
            raise ValidationError(f"Expected a whole number of at least {self.minimum}, "
                                  f"not {number}")
        return number
