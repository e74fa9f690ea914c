"""Sparse BM25 with rank-bm25's `BM25Okapi` scoring, precomputed.

rank-bm25 loops in Python over every document for every query token. Here each (term, document)
weight `idf·tf·(k1+1)/(tf + k1·(1−b+b·dl/avgdl))` is computed once at build time into a CSR matrix
(terms × documents), so a query only sums the rows of its tokens. Same numbers, same formulas,
including rank-bm25's floor for negative idf (epsilon × average idf).
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import sparse

ARRAY_FILES = ("bm25_data.npy", "bm25_indices.npy", "bm25_indptr.npy")
VOCAB_FILE = "bm25_vocab.json"


@dataclass(frozen=True, slots=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if self.k1 < 0 or not 0 <= self.b <= 1 or self.epsilon < 0:
            raise ValueError(f"BM25 parameters out of range: k1={self.k1} (≥ 0), b={self.b} (0–1), "
                             f"epsilon={self.epsilon} (≥ 0)")


class BM25Index:
    def __init__(self, weights: sparse.csr_matrix, vocabulary: dict[str, int], params: BM25Params) -> None:
        self.weights = weights  # terms × documents
        self.vocabulary = vocabulary
        self.params = params

    @property
    def n_docs(self) -> int:
        return self.weights.shape[1]

    @classmethod
    def build(cls, corpus: Sequence[Sequence[str]], params: BM25Params | None = None) -> BM25Index:
        params = params or BM25Params()
        if not corpus:
            raise ValueError("BM25 needs at least one document")
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        doc_len = np.fromiter((len(doc) for doc in corpus), dtype=np.float64, count=len(corpus))
        for d, doc in enumerate(corpus):
            for term, tf in Counter(doc).items():
                rows.append(vocabulary.setdefault(term, len(vocabulary)))
                cols.append(d)
                tfs.append(tf)
        term_ids = np.asarray(rows, dtype=np.int64)
        doc_ids = np.asarray(cols, dtype=np.int64)
        tf = np.asarray(tfs, dtype=np.float64)

        n = len(corpus)
        df = np.bincount(term_ids, minlength=len(vocabulary)).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        # rank-bm25: average over all terms *before* flooring, then negative idfs become epsilon·average.
        average_idf = idf.sum() / len(idf) if len(idf) else 0.0
        idf = np.where(idf < 0, params.epsilon * average_idf, idf)

        avgdl = doc_len.sum() / n
        norm = params.k1 * (1 - params.b + params.b * doc_len[doc_ids] / avgdl)
        weight = idf[term_ids] * tf * (params.k1 + 1) / (tf + norm)
        matrix = sparse.csr_matrix((weight, (term_ids, doc_ids)), shape=(len(vocabulary), n))
        matrix.sort_indices()
        return cls(matrix, vocabulary, params)

    def _query_terms(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        # rank-bm25 adds a term once per occurrence in the query; unknown terms add nothing.
        counts = Counter(t for t in tokens if t in self.vocabulary)
        ids = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        return ids, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """rank_bm25.BM25Okapi(corpus).get_scores(tokens), for every document."""
        out = np.zeros(self.n_docs)
        ids, counts = self._query_terms(tokens)
        w = self.weights
        for term, count in zip(ids, counts):
            start, end = w.indptr[term], w.indptr[term + 1]
            out[w.indices[start:end]] += count * w.data[start:end]
        return out

    def top_k(self, tokens: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs with a non-zero score, best first; ties by document order."""
        if k < 1:
            raise ValueError(f"k must be ≥ 1, got {k}")
        ids, counts = self._query_terms(tokens)
        if not len(ids):
            return []
        w = self.weights
        spans = [(w.indptr[t], w.indptr[t + 1]) for t in ids]
        candidates = np.concatenate([w.indices[s:e] for s, e in spans])
        values = np.concatenate([c * w.data[s:e] for (s, e), c in zip(spans, counts)])
        docs, inverse = np.unique(candidates, return_inverse=True)
        totals = np.bincount(inverse, weights=values, minlength=len(docs))
        if k < len(docs):
            keep = np.argpartition(-totals, k - 1)[:k]
        else:
            keep = np.arange(len(docs))
        order = keep[np.lexsort((docs[keep], -totals[keep]))]
        return [(int(docs[i]), float(totals[i])) for i in order]

    def save(self, directory: Path) -> list[str]:
        w = self.weights
        for name, array in zip(ARRAY_FILES, (w.data, w.indices, w.indptr)):
            np.save(directory / name, array, allow_pickle=False)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / VOCAB_FILE).write_text(json.dumps({"params": vars_of(self.params), "n_docs": self.n_docs,
                                                         "terms": terms}, ensure_ascii=False), "utf-8")
        return [*ARRAY_FILES, VOCAB_FILE]

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> BM25Index:
        meta = json.loads((directory / VOCAB_FILE).read_text("utf-8"))
        data, indices, indptr = (np.load(directory / name, allow_pickle=False, mmap_mode="r" if mmap else None)
                                 for name in ARRAY_FILES)
        terms = meta["terms"]
        matrix = sparse.csr_matrix((data, indices, indptr), shape=(len(terms), meta["n_docs"]))
        return cls(matrix, {t: i for i, t in enumerate(terms)}, BM25Params(**meta["params"]))


def vars_of(params: BM25Params) -> dict[str, float]:
    return {"k1": params.k1, "b": params.b, "epsilon": params.epsilon}

