"""Chunk vectors keyed by a hash of the exact text encoded, so a rebuild encodes only new or changed chunks.

Each build stores, beside its FAISS file, the vector of every chunk and that chunk's key (both .npy, no
pickle; listed and checksummed in the manifest like every other file): the next build of the same index
directory, with the same model, takes unchanged chunks' vectors from there. Encoding is the dominant cost of
indexing (e5-small: ~5–8 chunks/s on 2 cores), so adding one report to a 10k-chunk index costs that report's
chunks, not 10k.

`SharedVectorCache` is the same pair of files in a directory of its own, shared by every build that names it
(QA_VECTOR_CACHE): the test suite builds a dozen small indexes of the same reports and pays for each chunk
once per session.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

KEYS_FILE = "chunk_keys.npy"  # (n,) |S16: blake2b-128 of each chunk's encoded text
CHUNK_VECTORS_FILE = "chunk_vectors.npy"  # (n, dim) float32 unit vectors, row i for chunk i
KEY_DTYPE = np.dtype("S16")


def text_key(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


def text_keys(texts: Sequence[str]) -> np.ndarray:
    return np.array([text_key(t) for t in texts], dtype=KEY_DTYPE)


@dataclass
class CachedVectors:
    """Known vectors of one model: keys (n,) and vectors (n, dim), possibly memory-mapped."""

    keys: np.ndarray
    vectors: np.ndarray

    def __post_init__(self) -> None:
        if self.keys.ndim != 1 or self.vectors.ndim != 2 or len(self.keys) != len(self.vectors):
            raise ValueError(f"vector cache shapes differ: keys {self.keys.shape}, vectors {self.vectors.shape}")

    @classmethod
    def load(cls, directory: Path, prefix: str = "") -> CachedVectors:
        """Raises OSError/ValueError when the files are missing or not what they should be."""
        keys = np.load(directory / f"{prefix}{KEYS_FILE}", allow_pickle=False)
        vectors = np.load(directory / f"{prefix}{CHUNK_VECTORS_FILE}", allow_pickle=False, mmap_mode="r")
        if keys.dtype != KEY_DTYPE or vectors.dtype != np.float32:
            raise ValueError(f"vector cache in {directory}: unexpected dtypes {keys.dtype}, {vectors.dtype}")
        return cls(keys, vectors)

    def save(self, directory: Path, prefix: str = "") -> list[str]:
        names = [f"{prefix}{KEYS_FILE}", f"{prefix}{CHUNK_VECTORS_FILE}"]
        np.save(directory / names[0], np.ascontiguousarray(self.keys, dtype=KEY_DTYPE), allow_pickle=False)
        np.save(directory / names[1], np.ascontiguousarray(self.vectors, dtype=np.float32), allow_pickle=False)
        return names


@dataclass(frozen=True, slots=True)
class EncodeStats:
    chunks: int
    encoded: int  # texts sent to the model (distinct, not in any cache)
    seconds: float  # encoding time only


def encode_with_cache(
    texts: Sequence[str],
    encode: Callable[[list[str], Callable[[int], None] | None], np.ndarray],
    dim: int,
    caches: Sequence[CachedVectors],
    progress: Callable[[int], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
) -> tuple[CachedVectors, EncodeStats]:
    """Vectors for `texts` (row i for text i): from the first cache that has a text's key, else encoded (each
    distinct missing text once). `on_start(total, to_encode)` is called before encoding starts."""
    import time

    keys = text_keys(texts)
    out = np.zeros((len(texts), dim), dtype=np.float32)
    found = np.zeros(len(texts), dtype=bool)
    for cache in caches:
        if not len(cache.keys) or found.all() or cache.vectors.shape[1] != dim:
            continue
        order = np.argsort(cache.keys)
        sorted_keys = cache.keys[order]
        todo = np.flatnonzero(~found)
        pos = np.searchsorted(sorted_keys, keys[todo]).clip(max=len(sorted_keys) - 1)
        hit = sorted_keys[pos] == keys[todo]
        rows = order[pos[hit]]
        out[todo[hit]] = cache.vectors[rows]
        found[todo[hit]] = True
    missing = np.flatnonzero(~found)
    first_of: dict[bytes, int] = {}
    for i in missing:
        first_of.setdefault(bytes(keys[i]), int(i))
    distinct = list(first_of.values())
    if on_start:
        on_start(len(texts), len(distinct))
    started = time.perf_counter()
    if distinct:
        vectors = encode([texts[i] for i in distinct], progress)
        row_of = {k: vectors[n] for n, k in enumerate(first_of)}
        for i in missing:
            out[i] = row_of[bytes(keys[i])]
    return CachedVectors(keys, out), EncodeStats(len(texts), len(distinct), time.perf_counter() - started)


class SharedVectorCache:
    """A directory of per-model vector caches, shared by several index builds (see the module doc)."""

    def __init__(self, directory: Path, model: str) -> None:
        self.directory = directory
        self.prefix = re.sub(r"[^A-Za-z0-9_.-]+", "_", model)[-80:] + "."
        self.model = model

    def load(self) -> CachedVectors | None:
        try:
            meta = json.loads((self.directory / f"{self.prefix}json").read_text("utf-8"))
            if meta.get("model") != self.model:
                return None
            return CachedVectors.load(self.directory, self.prefix)
        except (OSError, ValueError):
            return None  # none yet, or unreadable: encode

    def add(self, new: CachedVectors) -> None:
        """Merge `new` into the shared files (one writer at a time; written aside, then renamed)."""
        self.directory.mkdir(parents=True, exist_ok=True)
        with (self.directory / f"{self.prefix}lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            old = self.load()
            if old is not None:
                known = set(old.keys.tolist())
                fresh = np.array([k not in known for k in new.keys.tolist()], dtype=bool)
                if not fresh.any():
                    return
                merged = CachedVectors(
                    np.concatenate([old.keys, new.keys[fresh]]), np.concatenate([old.vectors, new.vectors[fresh]])
                )
            else:
                merged = new
            aside = f".tmp-{os.getpid()}-"
            for name in merged.save(self.directory, aside + self.prefix):
                os.replace(self.directory / name, self.directory / name.removeprefix(aside))
            meta = {"model": self.model, "count": len(merged.keys), "dim": int(merged.vectors.shape[1])}
            (self.directory / f"{self.prefix}json").write_text(json.dumps(meta), "utf-8")
