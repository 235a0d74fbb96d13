"""Helpers of core/yamlfile for messages about YAML values."""

from __future__ import annotations

from supportal.core.yamlfile import id_like


def test_id_like_suggests_lower_case_words_joined_by_dashes() -> None:
    assert id_like("How Long", "x") == "how-long"
    assert id_like("Über uns_2", "x") == "uber-uns-2"  # accents off, not whole letters
    assert id_like("???", "reset-password") == "reset-password"
