"""Quote matching folds what copy-and-paste changes and nothing else."""

from __future__ import annotations

from kg.quotes import find_quote, normalise
from kg.settings import Settings

SEED = Settings(store="memory").seeds_dir / "000_2ded2bc12f503293.txt"


def test_typographic_variants_fold() -> None:
    assert normalise("Nazarbayev’s  ‘Elbasy’ – “leader”") == normalise("Nazarbayev's 'Elbasy' - \"leader\"")


def test_straight_quotes_match_the_curly_document() -> None:
    assert find_quote(SEED, "Nazarbayev's oldest daughter Dariga Nazarbayeva")


def test_paraphrase_and_ellipsis_fail() -> None:
    assert not find_quote(SEED, "Nazarbayev's eldest daughter Dariga Nazarbayeva")
    assert not find_quote(SEED, "Nazarbayev’s oldest daughter … Nazarbayeva")


def test_whitespace_runs_fold() -> None:
    assert find_quote(SEED, "Nazarbayev’s   oldest\n daughter")
