"""The BM25 tokenizer: jieba (search mode) over normalised, simplified text, with a domain dictionary.

Documents and questions go through the same `Tokenizer.tokenize`, so 江門/江门, full-width and
half-width forms, and upper/lower case all meet on the same tokens.
"""
from __future__ import annotations

import hashlib
import logging
import re
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from index.normalize import normalize_text, to_simplified

_DATA = resources.files("index") / "data"
# A token is kept when it has a letter, a digit or a CJK character: punctuation and spaces go.
_CONTENT = re.compile(r"[0-9a-z\u3400-\u9fff\U00020000-\U0003134f]")


class Tokenizer:
    """jieba with the domain user dictionary (terms like 爱心驿站 kept whole) and a stopword list."""

    def __init__(self, userdict: Path | None = None, stopwords: Path | None = None) -> None:
        self.userdict_text = (userdict.read_text("utf-8") if userdict else (_DATA / "userdict.txt").read_text("utf-8"))
        stop_text = stopwords.read_text("utf-8") if stopwords else (_DATA / "stopwords.txt").read_text("utf-8")
        self.stopwords = frozenset(w.strip() for w in stop_text.splitlines() if w.strip())

    @cached_property
    def _jieba(self) -> Any:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        for line in self.userdict_text.splitlines():
            parts = line.split()
            if parts:
                tokenizer.add_word(parts[0], int(parts[1]) if len(parts) > 1 else None,
                                   parts[2] if len(parts) > 2 else None)
        return tokenizer

    def settings(self) -> dict[str, str]:
        """What changes the tokens: recorded in the manifest so a changed tokenizer forces a rebuild."""
        import jieba

        return {
            "name": "jieba.cut_for_search",
            "jieba": jieba.__version__,
            "userdict_sha256": hashlib.sha256(self.userdict_text.encode()).hexdigest(),
            "stopwords_sha256": hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest(),
            "normalize": "nfkc+t2s+lower",
        }

    def cut(self, text: str) -> list[str]:
        """Plain jieba words (precise mode, with the domain dictionary) of normalised text."""
        return list(self._jieba.cut(to_simplified(normalize_text(text)).lower()))

    @cached_property
    def _pos(self) -> Any:
        from jieba import posseg

        return posseg.POSTokenizer(self._jieba)

    def pos(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs, jieba.posseg with the domain dictionary."""
        return [(pair.word, pair.flag) for pair in self._pos.cut(to_simplified(normalize_text(text)).lower())]

    def tokenize(self, text: str) -> list[str]:
        text = to_simplified(normalize_text(text)).lower()
        return [token for token in (t.strip() for t in self._jieba.cut_for_search(text))
                if token and token not in self.stopwords and _CONTENT.search(token)]
