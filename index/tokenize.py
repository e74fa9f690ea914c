"""The BM25 tokenizer: jieba (search mode) over the matching view (`index.normalize.match_view`: NFKC,
simplified script, pinyin glosses and CJK–digit spaces removed), with a domain dictionary.

Documents and questions go through the same `Tokenizer.tokenize`, so 江門/江门, full-width and
half-width forms, and upper/lower case all meet on the same tokens.

BM25 segmentation runs on jieba-rs (the Rust port of jieba: the same dictionary, DAG and HMM; through
the `rjieba` binding) rather than Python jieba, which at ~300 chunks/s per core was the whole BM25
build time; with jieba-rs a core tokenises ~5,000 chunks/s (segmentation is ~75 µs of a chunk's ~200).
The two differ only inside ASCII runs ("formula_22", "0.5cm", "2023.10.1"), so those are split first
at `_` and `-`, between letters and digits or dots, and after a number's second dot; then their tokens
are equal (tests/test_tokenize.py holds them equal on the seed reports and the CMRC passages).
Word cuts and part-of-speech tags for question analysis (`cut`, `pos`) stay on Python jieba:
jieba.posseg has no jieba-rs counterpart with the same tags, and questions are short.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
from collections.abc import Iterator
from functools import cached_property, lru_cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

from index.normalize import match_view

_DATA = resources.files("index") / "data"
# A token is kept when it has a letter, a digit or a CJK character: punctuation and spaces go.
_CONTENT = re.compile(r"[0-9a-z\u3400-\u9fff\U00020000-\U0003134f]")
# Where ASCII runs are split before segmentation (see the module docstring). The letter rule runs only
# on text with a Latin letter, the dot rule only on text with two dots.
_LATIN = re.compile(r"[a-z]")
_LATIN_BREAK = re.compile(r"(?<=[a-z])(?=[0-9.])|(?<=[0-9.])(?=[a-z])")
_SECOND_DOT = re.compile(r"([0-9]\.[0-9]+)\.")  # 2023.10.1 → 2023.10 1, as jieba reads it
_KEPT_MAX = 500_000  # memo entries (~100 B each); a 1M-chunk corpus has ~100k distinct segments


def jieba_cache_dir() -> Path:
    """jieba's dictionary cache (a marshal file it loads without checks) lives in the project's own var/
    folder, not in a /tmp/jieba.cache that any local user could have written."""
    return Path(os.environ.get("QA_CACHE_DIR", "var/cache")) / "jieba"


def _use_project_cache(tokenizer: Any) -> Any:
    folder = jieba_cache_dir()
    # A read-only checkout: jieba then builds its dictionary each time (slower, still right).
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tokenizer.tmp_dir = str(folder)
    tokenizer.cache_file = "jieba.cache"
    return tokenizer


def jieba_module() -> Any:
    """The jieba module, its shared default tokenizer caching in `jieba_cache_dir()`, quiet."""
    import jieba

    global _JIEBA_QUIET
    if not _JIEBA_QUIET:  # once: setLogLevel clears logging's caches (~0.3 ms), and place matching asks ~20× a question
        jieba.setLogLevel(logging.WARNING)
        _JIEBA_QUIET = True
    if jieba.dt.tmp_dir is None:
        _use_project_cache(jieba.dt)
    return jieba


_POS_HMM_MEMO = 32_768  # runs of unknown characters kept with their HMM tags (~200 B each)


def _memoise_pos_hmm(posseg: Any) -> None:
    """jieba.posseg tags each run of characters its dictionary lacks with a pure-Python Viterbi over its fixed
    HMM tables: a pure function of the run, and most of the answer stage's tagging cost (~5 ms a question at
    100k chunks). So, once per process, in place of the module's own name: the same recurrence over arrays
    (index.pos_hmm: the same route, ~20× faster), memoised, as runs recur (年, 月, 的, 等地…: 64% of 3,585 runs
    over 200 bench questions); tags are unchanged (eval.answer_identity). __cut only reads the list it returns;
    a call with other tables than the module's goes through jieba's own function, unmemoised."""
    if getattr(posseg.viterbi, "memoised", False):
        return
    from index.pos_hmm import ArrayViterbi

    original = posseg.viterbi
    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
    arrays = ArrayViterbi(*tables)

    @lru_cache(maxsize=_POS_HMM_MEMO)
    def tagged(run: str) -> Any:
        return arrays(run)

    def viterbi(run: str, *given: Any) -> Any:
        if len(given) == len(tables) and all(a is b for a, b in zip(given, tables)):
            return tagged(run)
        return original(run, *given)

    viterbi.memoised = True  # type: ignore[attr-defined]
    viterbi.__wrapped__ = original  # type: ignore[attr-defined]
    viterbi.cache_info = tagged.cache_info  # type: ignore[attr-defined]
    posseg.viterbi = viterbi


_JIEBA_QUIET = False


class Tokenizer:
    """jieba (jieba-rs for BM25 tokens) with the domain user dictionary (terms like 爱心驿站 kept whole) and
    a stopword list."""

    def __init__(self, userdict: Path | None = None, stopwords: Path | None = None) -> None:
        self.userdict_text = userdict.read_text("utf-8") if userdict else (_DATA / "userdict.txt").read_text("utf-8")
        stop_text = stopwords.read_text("utf-8") if stopwords else (_DATA / "stopwords.txt").read_text("utf-8")
        self.stopwords = frozenset(w.strip() for w in stop_text.splitlines() if w.strip())

    def _user_words(self) -> Iterator[tuple[str, int | None, str | None]]:
        for line in self.userdict_text.splitlines():
            parts = line.split()
            if parts:
                yield parts[0], int(parts[1]) if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None

    @cached_property
    def _jieba(self) -> Any:
        jieba = jieba_module()
        tokenizer = _use_project_cache(jieba.Tokenizer())
        for word, freq, tag in self._user_words():
            tokenizer.add_word(word, freq, tag)
        return tokenizer

    @cached_property
    def _segmenter(self) -> Any:
        import rjieba

        segmenter = rjieba.Jieba()
        for word, freq, tag in self._user_words():
            segmenter.add_word(word, freq, tag)
        return segmenter

    @cached_property
    def _kept(self) -> dict[str, str]:
        """Segment → the token it gives ("" for none). Memoised: a corpus has far fewer distinct segments
        than segments, and the test costs a regex search."""
        return {}

    def settings(self) -> dict[str, str]:
        """What changes the tokens: recorded in the manifest so a changed tokenizer forces a rebuild."""
        from importlib.metadata import version

        return {
            "name": "rjieba.cut_for_search",
            "rjieba": version("rjieba"),
            "ascii_split": f"_- {_LATIN_BREAK.pattern} {_SECOND_DOT.pattern}",
            "userdict_sha256": hashlib.sha256(self.userdict_text.encode()).hexdigest(),
            "stopwords_sha256": hashlib.sha256("\n".join(sorted(self.stopwords)).encode()).hexdigest(),
            "normalize": "match_view:nfkc+t2s+no_pinyin_gloss+no_cjk_digit_space+lower",
        }

    def cut(self, text: str) -> list[str]:
        """Plain jieba words (precise mode, with the domain dictionary) of normalised text."""
        return list(self._jieba.cut(match_view(text).text.lower()))

    @cached_property
    def _pos(self) -> Any:
        from jieba import posseg

        _memoise_pos_hmm(posseg)
        return posseg.POSTokenizer(self._jieba)

    def pos(self, text: str) -> list[tuple[str, str]]:
        """(word, part-of-speech flag) pairs, jieba.posseg with the domain dictionary."""
        return [(pair.word, pair.flag) for pair in self._pos.cut(match_view(text).text.lower())]

    def tokenize(self, text: str) -> list[str]:
        """BM25 tokens: search-mode words, without stopwords, spaces and punctuation."""
        segments = self._segmenter.cut_for_search(self._prepare(text))
        if len(segments) < 2:
            return [t for t in map(self._token, segments) if t]
        kept, lookup = self._kept, itemgetter(*segments)
        try:  # the hot path of a build: every segment seen before, looked up in C (itemgetter), no Python loop
            return list(filter(None, lookup(kept)))
        except KeyError:
            for segment in set(segments).difference(kept):  # learn only the new ones
                self._token(segment)
        try:
            return list(filter(None, lookup(kept)))
        except KeyError:  # another thread cleared the memo meanwhile
            return [t for t in map(self._token, segments) if t]

    def _token(self, segment: str) -> str:
        """The token a segment gives ("" for none), memoised in `_kept`."""
        token = self._kept.get(segment)
        if token is None:
            if len(self._kept) > _KEPT_MAX:  # a server fed endless new strings: start the memo afresh
                self._kept.clear()
            token = segment.strip()
            token = self._kept[segment] = "" if token in self.stopwords or not _CONTENT.search(token) else token
        return token

    @staticmethod
    def _prepare(text: str) -> str:
        # str.replace, not str.translate: translate looks every character up in a dict (~45 µs a chunk).
        text = match_view(text).text.lower().replace("_", " ").replace("-", " ")
        if _LATIN.search(text):
            text = _LATIN_BREAK.sub(" ", text)
        return _SECOND_DOT.sub(r"\1 ", text) if text.count(".") > 1 else text
