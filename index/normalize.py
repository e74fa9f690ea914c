"""Text normalisation shared by indexing and question analysis.

One function, used on report text and on questions alike, so that full-width digits, letters and
punctuation, traditional characters and invisible characters never change what matches.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


@dataclass(frozen=True, slots=True)
class TextView:
    """A normalised view of a text for matching (simplified script, …) with offsets back to the text as
    written. Everything that *matches* (tokenizer, places, numbers, answer features) reads `text`; everything
    that is *shown* (citations, start/end, highlights) uses `original` through `to_original`.

    `to_view_map[i]` is the view offset of original offset i (len(original) + 1 entries) and
    `to_original_map[j]` the original offset of view offset j (len(text) + 1 entries); both are None while
    the view keeps lengths (identity)."""

    original: str
    text: str
    to_original_map: tuple[int, ...] | None = None
    to_view_map: tuple[int, ...] | None = None

    def to_original(self, j: int) -> int:
        return j if self.to_original_map is None else self.to_original_map[j]

    def to_view(self, i: int) -> int:
        return i if self.to_view_map is None else self.to_view_map[i]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        return self.to_original(start), self.to_original(end)


def match_view(text: str) -> TextView:
    """The view answer matching compares against a (simplified, normalised) question."""
    return TextView(original=text, text=to_simplified(text))
