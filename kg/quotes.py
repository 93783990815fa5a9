"""Checking that every citation's quote stands verbatim in its seed document.

"Verbatim" tolerates only what copy-and-paste loses: Unicode compatibility forms, curly versus
straight quotes, dash and hyphen variants, and runs of whitespace. Words, spelling and order
must match, so a paraphrase or a quote stitched together with an ellipsis fails.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold the differences copy-and-paste introduces; keep everything else."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SPACE.sub(" ", text).strip()


@lru_cache(maxsize=64)
def _document_text(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class QuoteProblem:
    """A citation whose quote could not be found, and why."""

    subject: str
    document: str
    quote: str
    reason: str


def find_quote(seed_file: Path, quote: str) -> bool:
    """True if ``quote`` occurs in the seed document once both are normalised."""
    return normalise(quote) in _document_text(seed_file)
