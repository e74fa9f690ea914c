"""Text normalisation shared by indexing and question analysis.

One function, used on report text and on questions alike, so that full-width digits, letters and
punctuation, traditional characters and invisible characters never change what matches.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Zero-width and other invisible format characters that PDF/Word exports leave inside words.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFKC (full-width → half-width) and invisible characters removed. Keeps length semantics simple:
    the result is what every offset in the index refers to."""
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", text))


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported lazily: OpenCC loads its dictionaries on first use

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional → simplified Chinese (OpenCC t2s). Character-for-character, so lengths are kept."""
    return _t2s().convert(text)


def normalize_query(text: str) -> str:
    """What a question goes through before analysis: the document normalisation, simplified script,
    and whitespace dropped (Chinese needs none, and users type "江门 有 多少")."""
    return re.sub(r"\s+", "", to_simplified(normalize_text(text)))
