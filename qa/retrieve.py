"""Hybrid retrieval: BM25 and dense candidates, fused by the fitted fusion (qa.fusion.FittedFusion; the default)
or weighted reciprocal rank fusion (QA_FUSION=rrf). Two orders come from one search (`search_with_passages`):
the hits' (the fusion's, fitted for document ranking: what is cited and what R@1 measures) and the passages' the
answer stage reads (a chunk-level fusion, QA_PASSAGE_FUSION_WEIGHTS: what the answer scorer was fitted on)."""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from index.backend import InProcessBackend, SearchBackend, SearchFilter
from index.embed import Embedder
from index.reader import CorpusIndex
from index.vectors import DEFAULT_EF_SEARCH
from qa.config import Settings
from qa.errors import SettingsError
from qa.fusion import (
    PASSAGE_WEIGHTS_FILE,
    WEIGHTS_FILE,
    FittedFusion,
    QueryContext,
    traditional_share,
    weighted_rrf,
)

Mode = Literal["hybrid", "bm25", "dense"]
# The dense side encodes at most this many characters of a query: the encoder's cost grows with the input
# (≈ 55 ms for 120 characters on one core), and real questions are short (CMRC trial and DRCD dev: p99 34 and 48
# characters, 2 of 4,526 over 64). A longer, hostile question still gets its full BM25 query.
DENSE_QUERY_CHARS = 64
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
QUERY_VECTOR_CACHE = 1024  # question vectors kept (1.5 KB each)
ENCODE_START_WAIT_S = 0.005  # how long a search waits for its encoding worker to start (Retriever._encode_ahead)
# The share of a question's expected encoding time the caller may spend on `Meanwhile` work: the caller holds the
# GIL while it works, and an encoding that ends meanwhile waits for it (up to the interpreter's switch interval,
# 5 ms) — so the work stops well before the encoding is expected to end.
MEANWHILE_SHARE = 0.6
# BM25's candidate rows (best first) and the time.perf_counter() by which to stop: work a search's caller does while
# the question encodes (`Retriever.search_with_passages`), on memos only — the same answers whatever it gets done.
Meanwhile = Callable[[Sequence[int], float], None]


@dataclass(frozen=True, slots=True)
class Hit:
    chunk: int  # row in CorpusIndex.chunks
    # Weighted RRF of the two ranks, 0..(bm25_weight + dense_weight)/(rrf_k + 1), in every mode's hybrid: what the
    # answer scorer's `fused` feature was fitted on (ranks within the first max(k, QA_CANDIDATE_DEPTH) of each list;
    # the fitted fusion may read deeper: its depth). The order of hybrid hits is the fitted fusion's (`fitted`).
    score: float
    bm25_rank: int | None
    dense_rank: int | None
    fitted: float | None = None  # the fitted fusion's score (QA_FUSION=fitted, hybrid mode)


def make_backend(index: CorpusIndex, settings: Settings) -> SearchBackend:
    """The search backend the settings choose, over this index build (QA_BACKEND)."""
    if settings.backend == "milvus":
        from index.milvus_backend import MilvusBackend, connect

        client = connect(settings.milvus_uri, settings.milvus_token)
        return MilvusBackend(index, client, settings.milvus_collection, settings.hnsw_ef_search or DEFAULT_EF_SEARCH)
    return InProcessBackend(index)


_POOL_LOCK = threading.Lock()
_POOL: ThreadPoolExecutor | None = None


def _encoder_pool() -> ThreadPoolExecutor:
    """One pool per process for question encodings (default size: cores + 4, as many as requests encode at once
    on a server; each encoding keeps its one engine thread)."""
    global _POOL
    with _POOL_LOCK:
        if _POOL is None:
            _POOL = ThreadPoolExecutor(thread_name_prefix="qa-encode")
        return _POOL


def _forget_pool_in_child() -> None:
    # A forked child has none of the parent's worker threads: a pool copied with the memory would queue work that no
    # thread ever runs. The child starts its own on first use.
    global _POOL, _POOL_LOCK
    _POOL, _POOL_LOCK = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool_in_child)


def _load_fusion(path: Path | None, setting: str) -> FittedFusion:
    """A fitted fusion's weights, or a settings error naming the variable that chose the file."""
    try:
        return FittedFusion.load(path)
    except ValueError as exc:
        raise SettingsError(f"{setting}: {exc}") from exc


class Retriever:
    def __init__(
        self, index: CorpusIndex, embedder: Embedder, settings: Settings, backend: SearchBackend | None = None
    ) -> None:
        if embedder.name != index.embed_model:
            raise ValueError(f"embedder {embedder.name!r} differs from the index's model {index.embed_model!r}")
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.backend = backend or make_backend(index, settings)
        self.fusion = (
            _load_fusion(settings.fusion_weights, "QA_FUSION_WEIGHTS") if settings.fusion == "fitted" else None
        )
        # The answer stage's passage order: its own chunk-level fusion, unless it is the same file (then the hits').
        passages = settings.passage_fusion_weights or PASSAGE_WEIGHTS_FILE
        same = passages.resolve() == (settings.fusion_weights or WEIGHTS_FILE).resolve()
        self.passage_fusion = (
            _load_fusion(passages, "QA_PASSAGE_FUSION_WEIGHTS") if self.fusion is not None and not same else None
        )
        self._traditional: dict[int, float] = {}  # chunk row → traditional_share of its text, computed once
        self._titles: dict[int | str, str] = {}  # document key → title, read once
        self._documents: dict[int, tuple[int | str, str]] = {}  # chunk row → `document(row)`, read once
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()  # least recently used first
        self._vectors_lock = threading.Lock()
        self._encode_s: float | None = None  # a question's encoding time, a moving average (`MEANWHILE_SHARE`)

    def traditional(self, chunk: int) -> float:
        share = self._traditional.get(chunk)
        if share is None:
            share = self._traditional[chunk] = traditional_share(self.index.chunk_text(chunk))
        return share

    def document(self, chunk: int) -> tuple[int | str, str]:
        """The chunk's (document key, document title): what the fusion's document-level features group by. The
        title is read once per document (a question's ~200 candidates come from far fewer documents), and the pair
        once per chunk (both fusions of a search ask it of every candidate)."""
        found = self._documents.get(chunk)
        if found is not None:
            return found
        key = self.index.chunk_document_key(chunk)
        title = self._titles.get(key)
        if title is None:
            title = self._titles[key] = self.index.document_title(key)
        found = self._documents[chunk] = (key, title)
        return found

    def best_sentences(self, vector: np.ndarray, chunks: Sequence[int]) -> np.ndarray:
        """Each chunk's best cosine between `vector` (a question's) and one of its sentences' vectors (the index's
        sentence table, which must exist): which paragraph of an article says what the question asks, where the
        chunk's own vector averages that sentence with its neighbours. −inf for a chunk without sentences."""
        table = self.index.sentences
        assert table is not None
        ids = np.asarray(chunks, dtype=np.int64)
        starts = table.offsets[ids]
        counts = table.offsets[ids + 1] - starts
        out = np.full(len(ids), -np.inf)
        total = int(counts.sum())
        if not total:
            return out
        at = np.cumsum(counts) - counts  # where each chunk's sentences begin among the rows read
        rows = np.repeat(starts - at, counts) + np.arange(total)  # vectorised table.rows(ids)
        cosines = np.asarray(table.vectors[rows]) @ vector
        some = counts > 0
        out[some] = np.maximum.reduceat(cosines, at[some])
        return out

    def bm25(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[int, float]]:
        return self.backend.sparse_search(self.index.tokenizer.tokenize(query), k, where)

    def dense(self, query: str, k: int, where: SearchFilter | None = None) -> list[tuple[int, float]]:
        return self.backend.dense_search(self.query_vector(query), k, where)

    def forget_query_vectors(self) -> None:
        """Drop the kept question vectors (a benchmark that times encoding starts from none)."""
        with self._vectors_lock:
            self._vectors.clear()

    def query_vector(self, query: str) -> np.ndarray:
        """The question's vector, encoded once per distinct text (encoding is most of a question's cost: a
        repeated question, a follow-up searched again, a scope retried, pay it once). Read-only: shared."""
        text = query[:DENSE_QUERY_CHARS]
        with self._vectors_lock:
            vector = self._vectors.get(text)
            if vector is not None:
                self._vectors.move_to_end(text)
                return vector
        started = time.perf_counter()
        vector = self.embedder.encode_query(text)
        took = time.perf_counter() - started
        self._encode_s = took if self._encode_s is None else 0.8 * self._encode_s + 0.2 * took
        vector.setflags(write=False)
        with self._vectors_lock:
            self._vectors[text] = vector
            while len(self._vectors) > QUERY_VECTOR_CACHE:
                self._vectors.popitem(last=False)
        return vector

    def _encode_ahead(self, query: str) -> tuple[Future[np.ndarray], float] | None:
        """The question's vector encoding in a worker thread, or None when it is kept already. The engine releases
        the GIL, so with a core free the caller's BM25 search and fusion's reading of BM25's candidates (~1–2 ms
        a question) run beside the encoding (~14 ms) instead of after it; the same vector, the same hits. With the
        encoding, the time.perf_counter() by which the caller should stop other work (`MEANWHILE_SHARE`; the
        present when no encoding has been timed yet)."""
        with self._vectors_lock:
            if query[:DENSE_QUERY_CHARS] in self._vectors:
                return None
        started = threading.Event()

        def encode() -> np.ndarray:
            started.set()
            return self.query_vector(query)

        future = _encoder_pool().submit(encode)
        # Until the worker runs: it needs the GIL to reach the engine, and a caller busy in Python would hand it
        # over only at the interpreter's switch interval (5 ms). Bounded: a pool busy with other questions' does
        # not hold this one's BM25 search back.
        started.wait(ENCODE_START_WAIT_S)
        expected = self._encode_s
        return future, time.perf_counter() + (MEANWHILE_SHARE * expected if expected is not None else 0.0)

    def search(self, query: str, k: int, mode: Mode = "hybrid", where: SearchFilter | None = None) -> list[Hit]:
        return self._search(query, k, mode, where)[0]

    def search_with_passages(
        self, query: str, k: int, where: SearchFilter | None = None, meanwhile: Meanwhile | None = None
    ) -> tuple[list[Hit], list[Hit]]:
        """Hybrid hits in the fusion's order, and the first k in the passage fusion's order
        (`QA_PASSAGE_FUSION_WEIGHTS`; the same hits when there is none), from one search. The answer stage reads
        the second: its `rank` feature and the passages it reads were fitted on a chunk-level order, which a fusion
        fitted for document ranking (document and title features lift a report's chunks alike) garbles.
        `meanwhile` is called with BM25's candidates while the question encodes (not when its vector is kept)."""
        return self._search(query, k, "hybrid", where, passages=True, meanwhile=meanwhile)

    def fusion_context(
        self,
        fusion: FittedFusion,
        query: str,
        vector: np.ndarray | None = None,
        titles: dict[str, float] | None = None,
    ) -> QueryContext | None:
        """What `fusion`'s context features read for this question (None when it reads none); `titles`: the memo
        of how much the question names each title, shared by the fusions of one search (`QueryContext.titles`)."""
        if not fusion.needs_context:
            return None
        titles = {} if titles is None else titles
        if not fusion.needs_sentences or self.index.sentences is None:
            # without the table: the sentence features read dense_norm
            return QueryContext(query, self.document, titles=titles)
        q = vector if vector is not None else self.query_vector(query)
        return QueryContext(query, self.document, lambda ids: self.best_sentences(q, ids), titles)

    def _search(
        self,
        query: str,
        k: int,
        mode: Mode,
        where: SearchFilter | None,
        passages: bool = False,
        meanwhile: Meanwhile | None = None,
    ) -> tuple[list[Hit], list[Hit]]:
        if k < 1:
            raise ValueError(f"k must be ≥ 1, got {k}")
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
        depth = max(k, self.settings.candidate_depth)
        # The fitted fusion reads each list to the depth it was fitted with (its scores are normalised there).
        fused_depth = depth
        if mode == "hybrid":
            for fusion in (self.fusion, self.passage_fusion if passages else None):
                fused_depth = max(fused_depth, fusion.depth) if fusion is not None else fused_depth
        ahead = self._encode_ahead(query) if mode == "hybrid" else None
        sparse = self.bm25(query, fused_depth, where) if mode != "dense" else []
        titles: dict[str, float] = {}  # the question's share of each title, for both fusions
        if ahead is not None and self.fusion is not None:
            # What fusion reads of BM25's candidates, while the question is still encoding: their texts' traditional
            # share, documents and how much the question names their titles (every fusion reads all three of each).
            named = QueryContext(query, self.document, titles=titles).title_named if self.fusion.needs_context else None
            for c, _ in sparse:
                self.traditional(c)
                if named is not None:
                    named(self.document(c)[1])
        if ahead is not None and meanwhile is not None:
            meanwhile([c for c, _ in sparse], ahead[1])
        vector = None
        if ahead is not None:
            vector = ahead[0].result()
            dense = self.backend.dense_search(vector, fused_depth, where)
        else:
            dense = self.dense(query, fused_depth, where) if mode != "bm25" else []
        bm25_rank = {c: r for r, (c, _) in enumerate(sparse, 1)}
        dense_rank = {c: r for r, (c, _) in enumerate(dense, 1)}
        if mode == "bm25":
            ranked = sparse
        elif mode == "dense":
            ranked = dense
        else:
            ranked = weighted_rrf(  # over the first `depth` of each list, as the answer scorer's `fused` was fitted
                {"bm25": [c for c, _ in sparse[:depth]], "dense": [c for c, _ in dense[:depth]]},
                {"bm25": self.settings.bm25_weight, "dense": self.settings.dense_weight},
                k=self.settings.rrf_k,
            )
            if self.fusion is not None:
                rrf = dict(ranked)
                context = self.fusion_context(self.fusion, query, vector, titles)
                order = self.fusion.rank(sparse, dense, self.traditional, context)
                fitted = [Hit(c, rrf.get(c, 0.0), bm25_rank.get(c), dense_rank.get(c), f) for c, f in order[:k]]
                if not passages or self.passage_fusion is None:
                    return fitted, fitted
                # Each fusion reads the lists to its own depth (its scores are normalised there).
                pd = self.passage_fusion.depth
                pcontext = self.fusion_context(self.passage_fusion, query, vector, titles)
                porder = self.passage_fusion.rank(sparse[:pd], dense[:pd], self.traditional, pcontext)
                return fitted, [Hit(c, rrf.get(c, 0.0), bm25_rank.get(c), dense_rank.get(c), f) for c, f in porder[:k]]
        hits = [Hit(c, s, bm25_rank.get(c), dense_rank.get(c)) for c, s in ranked[:k]]
        return hits, hits
