"""Dense search: unit vectors in a FAISS inner-product index (inner product = cosine).

Exact (flat) below `hnsw_threshold` vectors, HNSW above: flat is exact and fast enough for small
corpora, HNSW keeps large ones in milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

VECTORS_FILE = "vectors.faiss"
# Flat search costs ~0.14 ms per 1,000 vectors here (384-d, one core): ~7 ms at 50k, less than encoding the
# question; above it HNSW answers in ~1 ms (make bench: var/bench/results.json, dense.flat_ms / sweep).
DEFAULT_HNSW_THRESHOLD = 50_000
# HNSW parameters, measured on e5 vectors (python -m bench.ann_scale, docs/embedding.md): one graph grown to N
# e5-like vectors (the mean and covariance of 2,945 real e5 chunk vectors), 500 real e5 questions, recall@10 vs
# exact search, CPU per search. M 48: efSearch 256 / 384 / 512 → 0.982 / 0.991 / 0.996 at 100k (1.3 / 1.9 / 2.4 ms),
# 0.958 / 0.977 / 0.987 at 200k (1.6 / 2.3 / 2.9 ms). M 64 at 100k: 0.986 at 256 (1.8 ms), 0.994 at 384 (2.4 ms):
# less recall per ms than M 48. So M 48, efSearch 512: ≥ 0.98 to 200k within 3 ms (QA_HNSW_EF_SEARCH overrides).
# At 1M e5-like vectors 512 gives 0.919 (4.9 ms) and 0.98 needs 2048 (16 ms). But that single Gaussian is far harder
# than real e5 vectors (LID 47-70 vs 27 at 19k real); on real_kde vectors (real ones plus covariance-shaped noise,
# checked against 19k real e5 vectors: docs/embedding.md) grown to 1M, 512 gives 0.997 in 0.8 ms (0.98 from ~192).
DEFAULT_HNSW_M = 48
DEFAULT_EF_SEARCH = 512


class VectorIndex:
    def __init__(self, index: faiss.Index) -> None:
        self.index = index

    @property
    def size(self) -> int:
        return int(self.index.ntotal)

    @property
    def dimension(self) -> int:
        return int(self.index.d)

    @property
    def kind(self) -> str:
        """ "hnsw", "flat", or the FAISS class of any other index a vectors.faiss holds (it loads all the same)."""
        if isinstance(self.index, faiss.IndexHNSW):
            return "hnsw"
        return "flat" if isinstance(self.index, faiss.IndexFlat) else type(self.index).__name__

    @property
    def params(self) -> dict[str, int | str]:
        """What the manifest records of this index: its kind and, for HNSW, the graph's parameters (read from the
        FAISS index itself, so an index built with other parameters reports its own)."""
        if not isinstance(self.index, faiss.IndexHNSW):
            return {"kind": self.kind}
        hnsw = self.index.hnsw
        m = int(hnsw.nb_neighbors(1))  # type: ignore[attr-defined]  # M: layer 1 neighbours (layer 0: 2·M)
        return {"kind": "hnsw", "m": m, "ef_construction": int(hnsw.efConstruction), "ef_search": int(hnsw.efSearch)}

    @classmethod
    def build(
        cls,
        vectors: np.ndarray,
        hnsw_threshold: int = DEFAULT_HNSW_THRESHOLD,
        hnsw_m: int = DEFAULT_HNSW_M,
        ef_construction: int = 200,
        ef_search: int = DEFAULT_EF_SEARCH,
    ) -> VectorIndex:
        if vectors.ndim != 2 or not len(vectors):
            raise ValueError(f"expected a non-empty 2-D array of vectors, got shape {vectors.shape}")
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if len(vectors) < hnsw_threshold:
            index: faiss.Index = faiss.IndexFlatIP(dim)
        else:
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = ef_construction
            index.hnsw.efSearch = ef_search
        index.add(vectors)
        return cls(index)

    def search(self, query: np.ndarray, k: int) -> list[tuple[int, float]]:
        """The k nearest (row, cosine) pairs, best first."""
        if k < 1:
            raise ValueError(f"k must be ≥ 1, got {k}")
        scores, ids = self.index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), min(k, self.size))
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def save(self, directory: Path) -> list[str]:
        faiss.write_index(self.index, str(directory / VECTORS_FILE))
        return [VECTORS_FILE]

    @classmethod
    def load(cls, directory: Path, ef_search: int | None = None, mmap: bool = False) -> VectorIndex:
        """`mmap`: map the vectors instead of copying them into memory (FAISS IO_FLAG_MMAP_IFC), so start-up
        does not grow with the corpus; the page cache serves searches."""
        path = str(directory / VECTORS_FILE)
        index = None
        if mmap and hasattr(faiss, "IO_FLAG_MMAP_IFC"):
            try:
                index = faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)
            except RuntimeError:  # an index type FAISS cannot map: read it
                index = None
        if index is None:
            index = faiss.read_index(path)
        if ef_search and isinstance(index, faiss.IndexHNSW):
            index.hnsw.efSearch = ef_search
        return cls(index)
