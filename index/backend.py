"""Where retrieval runs: a small `SearchBackend` protocol and the in-process implementation.

Everything above this line (weighted RRF, place matching, answering) is the same on every backend. A backend
answers two searches over the chunks of one index build — sparse (BM25: the query as term → weight, scored
by inner product with each chunk's stored term weights) and dense (inner product with the chunk vectors) —
both optionally restricted by a neutral `SearchFilter`. Results are `(row, score)` pairs, `row` being the
chunk's row in the local `CorpusIndex`, best first, ties by row.

The in-process backend (the default) is BM25Index + FAISS in this process. `index.milvus_backend` talks to
Milvus (standalone, cluster, or Milvus Lite for tests) with the same BM25 statistics computed here, so scores
do not depend on the engine.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

if TYPE_CHECKING:
    from index.reader import CorpusIndex

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20\d\d)(?=年)")


@dataclass(frozen=True, slots=True)
class SearchFilter:
    """Which chunks may be returned; an empty field does not restrict. Places are adcodes and match a chunk
    that names that place (as `Chunk.places` lists it); documents are doc_ids; years are report years."""

    places: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()
    years: tuple[int, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.places or self.documents or self.years)


def document_year(title: str, text: str) -> int:
    """The year a report is about: the first `20xx年` of its title, else of its first 300 characters; 0 when
    none. (A report's body cites many years; its title and opening name its own.)"""
    for part in (title, text[:300]):
        match = _YEAR.search(part)
        if match:
            return int(match.group(1))
    return 0


@runtime_checkable
class SearchBackend(Protocol):
    """Sparse and dense search over one index build's chunks."""

    name: str

    def count(self) -> int:
        """Chunks held."""
        ...

    def sparse_search(
        self, tokens: Sequence[str], k: int, where: SearchFilter | None = None
    ) -> list[tuple[int, float]]:
        """BM25 (rank-bm25 scores) of the query tokens: the k best chunks holding a query term."""
        ...

    def dense_search(self, vector: np.ndarray, k: int, where: SearchFilter | None = None) -> list[tuple[int, float]]:
        """The k nearest chunk vectors by inner product."""
        ...

    def close(self) -> None: ...


class InProcessBackend:
    """BM25Index (precomputed CSR) and FAISS in this process: the default, and the reference scores."""

    name = "inprocess"

    def __init__(self, index: CorpusIndex) -> None:
        self.index = index
        self._doc_rows: np.ndarray | None = None
        self._years: np.ndarray | None = None  # per document
        self._places: dict[str, np.ndarray] | None = None

    def count(self) -> int:
        return len(self.index.chunks)

    def sparse_search(
        self, tokens: Sequence[str], k: int, where: SearchFilter | None = None
    ) -> list[tuple[int, float]]:
        if not where:
            return self.index.bm25.top_k(tokens, k)
        allowed = self.allowed_rows(where)
        if not len(allowed):
            return []
        scores = self.index.bm25.scores(tokens)[allowed]
        hit = scores > 0
        rows, scores = allowed[hit], scores[hit]
        order = np.lexsort((rows, -scores))[:k]
        return [(int(rows[i]), float(scores[i])) for i in order]

    def dense_search(self, vector: np.ndarray, k: int, where: SearchFilter | None = None) -> list[tuple[int, float]]:
        if not where:
            return self.index.vectors.search(vector, k)
        allowed = set(self.allowed_rows(where).tolist())
        if not allowed:
            return []
        # FAISS has no cheap per-query allow-list here: search deeper until k allowed rows are found.
        depth = k
        while True:
            hits = self.index.vectors.search(vector, min(depth, self.count()))
            kept = [(row, score) for row, score in hits if row in allowed]
            if len(kept) >= k or depth >= self.count():
                return kept[:k]
            depth *= 4

    def allowed_rows(self, where: SearchFilter) -> np.ndarray:
        """Rows of the chunks the filter admits, ascending."""
        keep = np.ones(self.count(), dtype=bool)
        doc_of_chunk = self._doc_of_chunk()
        if where.documents:
            ids = list(self.index.documents)
            wanted = [i for i, doc_id in enumerate(ids) if doc_id in set(where.documents)]
            keep &= np.isin(doc_of_chunk, wanted)
        if where.places:
            rows = self._place_rows()
            admitted = np.zeros(self.count(), dtype=bool)
            for code in where.places:
                admitted[rows.get(code, np.array([], dtype=np.int64))] = True
            keep &= admitted
        if where.years:
            keep &= np.isin(self._doc_years()[doc_of_chunk], list(where.years))
        return np.flatnonzero(keep)

    # Per-chunk arrays, computed once per backend (a filter must not parse every chunk on every query).

    def _doc_of_chunk(self) -> np.ndarray:
        if self._doc_rows is None:
            chunks = self.index.chunks
            doc_rows = getattr(chunks, "doc_rows", None)
            if doc_rows is not None:
                self._doc_rows = np.asarray(doc_rows(), dtype=np.int64)
            else:
                position = {doc_id: i for i, doc_id in enumerate(self.index.documents)}
                self._doc_rows = np.fromiter((position[c.doc_id] for c in chunks), dtype=np.int64, count=len(chunks))
        return self._doc_rows

    def _doc_years(self) -> np.ndarray:
        if self._years is None:
            docs = self.index.documents.values()
            self._years = np.fromiter((document_year(d.title, d.text) for d in docs), dtype=np.int64)
        return self._years

    def _place_rows(self) -> dict[str, np.ndarray]:
        if self._places is None:
            rows: dict[str, list[int]] = {}
            for row, chunk in enumerate(self.index.chunks):
                for code in chunk.places:
                    rows.setdefault(code, []).append(row)
            self._places = {code: np.asarray(r, dtype=np.int64) for code, r in rows.items()}
        return self._places

    def close(self) -> None:
        pass
