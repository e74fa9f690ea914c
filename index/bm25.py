"""Sparse BM25 with rank-bm25's `BM25Okapi` scoring, precomputed.

rank-bm25 loops in Python over every document for every query token. Here each (term, document)
weight `idf·tf·(k1+1)/(tf + k1·(1−b+b·dl/avgdl))` is computed once at build time into a CSR matrix
(terms × documents), so a query only sums the rows of its tokens. Same numbers, same formulas,
including rank-bm25's floor for negative idf (epsilon × average idf).

Building: `TermCounts` holds the per-document term frequencies as flat arrays (no per-token Python
objects survive), so 1M chunks fit in a few GB; `count_texts` tokenises large corpora on every core,
one segmenter per worker process. Querying (`top_k`): the rows of the query terms are added into a
reusable score buffer, highest-bound (rarest) first; once the best possible score of a document seen only in the
remaining (common) terms is below the k-th score so far, those terms are only looked up for the
surviving candidates (MaxScore pruning), which keeps long posting lists at 1M chunks cheap. The result is
exact: the same documents, scores and tie order (document order) as a full scoring.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

if TYPE_CHECKING:
    from index.tokenize import Tokenizer

ARRAY_FILES = ("bm25_data.npy", "bm25_indices.npy", "bm25_indptr.npy")
TERMS_FILE = "bm25_terms.npy"  # per term: [idf, largest weight in its row]
VOCAB_FILE = "bm25_vocab.json"
# Per chunk: its terms' ids (into the vocabulary) and frequencies, and its length and distinct terms. An
# incremental build takes the unchanged chunks' rows from here instead of tokenising them again.
COUNTS_FILE = "bm25_counts.npy"  # (nnz, 2) int32: term id, tf; chunk after chunk
LENGTHS_FILE = "bm25_lengths.npy"  # (n, 2) int64: tokens, distinct terms
# Below this many texts tokenising in-process is quicker than starting workers (spawn, imports and the
# segmenter's dictionary: ~1 s); measured break-even ≈ 12k chunks at ~4k chunks/s per core.
PARALLEL_MIN_TEXTS = 15_000
_BATCH = 1_000  # progress granularity in-process
# Texts per worker task: each task sends its texts and returns its own vocabulary, which the parent merges;
# 5,000 rather than 1,000 cut that traffic and made the pool ~20% faster (9.3k vs 7.7k chunks/s at 100k).
_TASK = 5_000
_SLACK = 1e-9  # relative rounding allowance in the pruning bounds: a near-tie is never pruned


@dataclass(frozen=True, slots=True)
class BM25Params:
    k1: float = 1.5
    b: float = 0.75
    epsilon: float = 0.25

    def __post_init__(self) -> None:
        if self.k1 < 0 or not 0 <= self.b <= 1 or self.epsilon < 0:
            raise ValueError(
                f"BM25 parameters out of range: k1={self.k1} (≥ 0), b={self.b} (0–1), epsilon={self.epsilon} (≥ 0)"
            )


# -- counting ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class TermCounts:
    """Term frequencies of a tokenised corpus, document after document: document d has the distinct terms
    `term_ids[o[d]:o[d+1]]` (ids into `terms`) with frequencies `tf[...]`, where o = cumsum(doc_nnz)."""

    terms: list[str]
    doc_len: np.ndarray  # int64, tokens per document
    doc_nnz: np.ndarray  # int64, distinct terms per document
    term_ids: np.ndarray  # int32
    tf: np.ndarray  # int32

    @property
    def n_docs(self) -> int:
        return len(self.doc_len)

    @classmethod
    def of(cls, corpus: Iterable[Sequence[str]]) -> TermCounts:
        vocabulary: dict[str, int] = {}
        term_ids, tfs, lens, nnz = array("i"), array("i"), array("q"), array("q")
        for doc in corpus:
            counts = Counter(doc)
            if len(counts) > 1:
                try:  # the hot path of a build: every term seen before, looked up in C (itemgetter)
                    ids = itemgetter(*counts)(vocabulary)
                except KeyError:
                    for term in [t for t in counts if t not in vocabulary]:  # new terms, in order of appearance
                        vocabulary[term] = len(vocabulary)
                    ids = itemgetter(*counts)(vocabulary)
                term_ids.extend(ids)
            else:
                term_ids.extend([vocabulary.setdefault(term, len(vocabulary)) for term in counts])
            tfs.extend(counts.values())
            lens.append(len(doc))
            nnz.append(len(counts))
        return cls(
            list(vocabulary),
            np.frombuffer(lens, dtype=np.int64),
            np.frombuffer(nnz, dtype=np.int64),
            np.frombuffer(term_ids, dtype=np.int32),
            np.frombuffer(tfs, dtype=np.int32),
        )

    @classmethod
    def concat(cls, parts: Iterable[TermCounts]) -> TermCounts:
        """One corpus of the parts in order; term ids in order of first appearance, as `of` gives them."""
        vocabulary: dict[str, int] = {}
        ids, tfs, lens, nnz = [], [], [], []
        for part in parts:
            mapping = np.fromiter(
                (vocabulary.setdefault(t, len(vocabulary)) for t in part.terms), dtype=np.int32, count=len(part.terms)
            )
            ids.append(mapping[part.term_ids])
            tfs.append(part.tf)
            lens.append(part.doc_len)
            nnz.append(part.doc_nnz)
        if not lens:
            return cls.of([])
        return cls(
            list(vocabulary), np.concatenate(lens), np.concatenate(nnz), np.concatenate(ids), np.concatenate(tfs)
        )

    def offsets(self) -> np.ndarray:
        """o with document d's entries at term_ids[o[d]:o[d+1]] (int64, n_docs + 1)."""
        out = np.zeros(self.n_docs + 1, dtype=np.int64)
        np.cumsum(self.doc_nnz, out=out[1:])
        return out

    @classmethod
    def select(cls, runs: Iterable[tuple[TermCounts, int, int]]) -> TermCounts:
        """One corpus of document ranges [start, end) taken from other corpora, in the order given, with the
        vocabulary of `compact` (only terms that occur, in order of first appearance): the counts a fresh
        `of` over the same documents gives, without tokenising anything. Each source's vocabulary is mapped
        once, however many ranges come from it (an incremental build takes many ranges of the previous one)."""
        vocabulary: dict[str, int] = {}
        mappings: dict[int, np.ndarray] = {}
        ids, tfs, lens, nnz = [], [], [], []
        for part, start, end in runs:
            if id(part) not in mappings:
                mappings[id(part)] = np.fromiter(
                    (vocabulary.setdefault(t, len(vocabulary)) for t in part.terms),
                    dtype=np.int32,
                    count=len(part.terms),
                )
            if end <= start:
                continue
            offsets = part.offsets()
            ids.append(mappings[id(part)][part.term_ids[offsets[start] : offsets[end]]])
            tfs.append(part.tf[offsets[start] : offsets[end]])
            lens.append(part.doc_len[start:end])
            nnz.append(part.doc_nnz[start:end])
        if not lens:
            return cls.of([])
        merged = cls(
            list(vocabulary), np.concatenate(lens), np.concatenate(nnz), np.concatenate(ids), np.concatenate(tfs)
        )
        return merged.compact()

    def compact(self) -> TermCounts:
        """The same counts with only the terms that occur, numbered in order of first appearance (document
        order, then each document's first-seen order), as `of` numbers them: an index built from these is
        the one a full build gives, bit for bit (rank-bm25's average idf is over the corpus's terms only)."""
        ids = self.term_ids
        if len(ids) and ids[0] == 0 and int(ids.max()) == len(self.terms) - 1:
            # Already so (a fresh count): each new id is one above the largest before it. O(n), no sort.
            running = np.maximum.accumulate(ids)
            if not np.any(np.diff(running) > 1):
                return self
        used, first = np.unique(ids, return_index=True)
        order = used[np.argsort(first, kind="stable")]
        if len(order) == len(self.terms) and np.array_equal(order, np.arange(len(order))):
            return self
        remap = np.full(max(len(self.terms), 1), -1, dtype=np.int32)
        remap[order] = np.arange(len(order), dtype=np.int32)
        terms = self.terms
        return TermCounts([terms[i] for i in order.tolist()], self.doc_len, self.doc_nnz, remap[self.term_ids], self.tf)

    def save(self, directory: Path) -> list[str]:
        """The counts, term ids into `terms` (saved by the BM25 index as its vocabulary: the same list)."""
        np.save(
            directory / COUNTS_FILE, np.stack([self.term_ids, self.tf], axis=1).astype(np.int32), allow_pickle=False
        )
        np.save(
            directory / LENGTHS_FILE,
            np.stack([self.doc_len, self.doc_nnz], axis=1).astype(np.int64),
            allow_pickle=False,
        )
        return [COUNTS_FILE, LENGTHS_FILE]

    @classmethod
    def load(cls, directory: Path, terms: list[str]) -> TermCounts:
        """Counts saved by `save`; raises ValueError when they do not fit together or with `terms`."""
        pairs = np.load(directory / COUNTS_FILE, allow_pickle=False)
        lengths = np.load(directory / LENGTHS_FILE, allow_pickle=False)
        if pairs.ndim != 2 or pairs.shape[1] != 2 or lengths.ndim != 2 or lengths.shape[1] != 2:
            raise ValueError(f"BM25 counts have shapes {pairs.shape} and {lengths.shape}")
        counts = cls(terms, lengths[:, 0].copy(), lengths[:, 1].copy(), pairs[:, 0].copy(), pairs[:, 1].copy())
        if int(counts.doc_nnz.sum()) != len(pairs) or (len(pairs) and int(pairs[:, 0].max()) >= len(terms)):
            raise ValueError("BM25 counts do not fit their vocabulary")
        return counts

    def bags(self) -> Iterator[list[str]]:
        """Each document as a bag of its tokens (each term repeated tf times, in first-seen order): what
        rank-bm25 needs to score the same corpus."""
        offsets = np.concatenate([[0], np.cumsum(self.doc_nnz)])
        terms = self.terms
        for d in range(self.n_docs):
            start, end = offsets[d], offsets[d + 1]
            yield [
                terms[t]
                for t, n in zip(self.term_ids[start:end].tolist(), self.tf[start:end].tolist())
                for _ in range(n)
            ]


_worker_tokenizer: Any = None


def _init_worker(userdict_text: str, stopwords: frozenset[str]) -> None:
    global _worker_tokenizer
    from index.tokenize import Tokenizer

    tokenizer = Tokenizer.__new__(Tokenizer)  # the parent's dictionary and stopwords, not re-read from disk
    tokenizer.userdict_text, tokenizer.stopwords = userdict_text, stopwords
    tokenizer.tokenize("预热")  # load the segmenter's dictionary now, not inside the first batch
    _worker_tokenizer = tokenizer


def _count_batch(texts: list[str]) -> TermCounts:
    return TermCounts.of(_worker_tokenizer.tokenize(text) for text in texts)


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def count_texts(
    texts: Sequence[str],
    tokenizer: Tokenizer,
    workers: int | None = None,
    progress: Callable[[int], None] | None = None,
) -> TermCounts:
    """Tokenise `texts` and count their terms. Large corpora (≥ PARALLEL_MIN_TEXTS) are tokenised by
    `workers` processes (default: one per available core), each with its own segmenter; small ones in-process."""
    workers = default_workers() if workers is None else workers
    if workers <= 1 or len(texts) < PARALLEL_MIN_TEXTS:

        def tokens() -> Iterator[list[str]]:
            for n, text in enumerate(texts, 1):
                yield tokenizer.tokenize(text)
                if progress and n % _BATCH == 0:
                    progress(_BATCH)

        counts = TermCounts.of(tokens())
        if progress and len(texts) % _BATCH:
            progress(len(texts) % _BATCH)
        return counts
    size = max(1, min(_TASK, -(-len(texts) // (4 * workers))))  # ≥ 4 tasks a worker, so none idles at the end
    batches = (list(texts[i : i + size]) for i in range(0, len(texts), size))
    # spawn, not fork: the parent may hold torch/OpenMP threads, which a forked child can deadlock on.
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, _init_worker, (tokenizer.userdict_text, tokenizer.stopwords)) as pool:

        def parts() -> Iterator[TermCounts]:
            for part in pool.imap(_count_batch, batches):
                if progress:
                    progress(part.n_docs)
                yield part

        return TermCounts.concat(parts())


# -- the index -----------------------------------------------------------------------------------------------


class _Buffers:
    """Scratch for top_k: a score accumulator and a seen-mark per document, kept all-zero between uses. Lent
    to one query at a time and kept for the next, so concurrent queries (a server's thread pool) hold as
    many pairs as ever ran at once, not one per thread."""

    def __init__(self) -> None:
        self._free: list[tuple[np.ndarray, np.ndarray]] = []
        self._lock = threading.Lock()

    def take(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            if self._free:
                return self._free.pop()
        return np.zeros(n), np.zeros(n, dtype=bool)

    def give(self, buffers: tuple[np.ndarray, np.ndarray]) -> None:
        with self._lock:
            self._free.append(buffers)


class BM25Index:
    def __init__(
        self,
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        vocabulary: dict[str, int],
        params: BM25Params,
        n_docs: int,
        idf: np.ndarray | None = None,
        term_max: np.ndarray | None = None,
    ) -> None:
        # Row t of the terms × documents matrix: documents indices[indptr[t]:indptr[t+1]] (ascending) with
        # weights data[...]. The arrays may be memory-mapped.
        self.data, self.indices, self.indptr = data, indices, indptr
        self.vocabulary = vocabulary
        self.params = params
        self._n_docs = n_docs
        if term_max is None:
            nonempty = np.diff(indptr) > 0
            term_max = np.zeros(len(indptr) - 1)
            if len(data):
                term_max[nonempty] = np.maximum.reduceat(data, indptr[:-1][nonempty])
        self.term_max = np.asarray(term_max, dtype=np.float64)
        self.idf = idf  # None for indexes saved without it: then pruning is not used
        self._buffers = _Buffers()

    @property
    def n_docs(self) -> int:
        return self._n_docs

    @property
    def weights(self) -> sparse.csr_matrix:
        """The terms × documents matrix (a view on the arrays)."""
        return sparse.csr_matrix(
            (self.data, self.indices, self.indptr), shape=(len(self.indptr) - 1, self.n_docs), copy=False
        )

    @classmethod
    def build(cls, corpus: Sequence[Sequence[str]], params: BM25Params | None = None) -> BM25Index:
        if not corpus:
            raise ValueError("BM25 needs at least one document")
        return cls.from_counts(TermCounts.of(corpus), params)

    @classmethod
    def from_texts(
        cls,
        texts: Sequence[str],
        tokenizer: Tokenizer,
        params: BM25Params | None = None,
        workers: int | None = None,
        progress: Callable[[int], None] | None = None,
    ) -> BM25Index:
        if not texts:
            raise ValueError("BM25 needs at least one document")
        return cls.from_counts(count_texts(texts, tokenizer, workers, progress), params)

    @classmethod
    def from_counts(cls, counts: TermCounts, params: BM25Params | None = None) -> BM25Index:
        params = params or BM25Params()
        n = counts.n_docs
        if not n:
            raise ValueError("BM25 needs at least one document")
        n_terms = len(counts.terms)
        df = np.bincount(counts.term_ids, minlength=n_terms).astype(np.float64)
        idf = np.log(n - df + 0.5) - np.log(df + 0.5)
        # rank-bm25: average over all terms *before* flooring, then negative idfs become epsilon·average.
        average_idf = idf.sum() / len(idf) if len(idf) else 0.0
        idf = np.where(idf < 0, params.epsilon * average_idf, idf)

        doc_len = counts.doc_len.astype(np.float64)
        avgdl = doc_len.sum() / n
        doc_norm = params.k1 * (1 - params.b + params.b * doc_len / avgdl)
        doc_ptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts.doc_nnz, out=doc_ptr[1:])
        # Document-major (the order the counts come in), then transposed by scipy's O(nnz) CSR→CSC pass,
        # which leaves each term's documents in ascending order.
        weight = np.empty(len(counts.tf))
        step = 1 << 24  # in slices, so the float64 temporaries stay small at 1M documents
        doc_of = np.repeat(np.arange(n, dtype=np.int32), counts.doc_nnz)
        for s in range(0, len(weight), step):
            tf = counts.tf[s : s + step].astype(np.float64)
            weight[s : s + step] = (
                idf[counts.term_ids[s : s + step]] * tf * (params.k1 + 1) / (tf + doc_norm[doc_of[s : s + step]])
            )
        del doc_of
        by_doc = sparse.csr_matrix((weight, counts.term_ids, doc_ptr), shape=(n, max(n_terms, 1)), copy=False)
        by_term = by_doc.tocsc()
        del by_doc, weight
        vocabulary = {t: i for i, t in enumerate(counts.terms)}
        indptr = by_term.indptr[: n_terms + 1].astype(np.int64)
        return cls(by_term.data, by_term.indices.astype(np.int32, copy=False), indptr, vocabulary, params, n, idf)

    # -- querying -----------------------------------------------------------------------------------------

    def _query_terms(self, tokens: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        # rank-bm25 adds a term once per occurrence in the query; unknown terms add nothing.
        counts = Counter(t for t in tokens if t in self.vocabulary)
        ids = np.fromiter((self.vocabulary[t] for t in counts), dtype=np.int64, count=len(counts))
        return ids, np.fromiter(counts.values(), dtype=np.float64, count=len(counts))

    def scores(self, tokens: Sequence[str]) -> np.ndarray:
        """rank_bm25.BM25Okapi(corpus).get_scores(tokens), for every document."""
        out = np.zeros(self.n_docs)
        ids, counts = self._query_terms(tokens)
        for term, count in zip(ids, counts):
            start, end = self.indptr[term], self.indptr[term + 1]
            out[self.indices[start:end]] += count * self.data[start:end]
        return out

    def top_k(self, tokens: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best (document, score) pairs among the documents holding a query term, best first; ties by
        document order."""
        if k < 1:
            raise ValueError(f"k must be ≥ 1, got {k}")
        query_ids, query_counts = ids, counts = self._query_terms(tokens)
        if not len(ids):
            return []
        indptr, indices, data = self.indptr, self.indices, self.data
        bounds = counts * self.term_max[ids]
        # Highest bound first: rare terms make the k-th score high early; common ones are then only looked up.
        order = np.argsort(-bounds, kind="stable")
        ids, counts, bounds = ids[order], counts[order], bounds[order]
        after = np.concatenate([np.cumsum(bounds[::-1])[::-1][1:], [0.0]])  # after[i]: bound of the terms after i
        lengths = indptr[ids + 1] - indptr[ids]
        later_postings = np.concatenate([np.cumsum(lengths[::-1])[::-1][1:], [0]])
        idf = self.idf[ids] if self.idf is not None else None
        prunable = idf is not None and bool((idf >= 0).all())  # all weights ≥ 0: scores only grow
        # every weight > 0: a score of 0 means "not seen yet"
        positive = prunable and idf is not None and bool((idf > 0).all())

        buffers = self._buffers.take(self.n_docs)
        acc, seen = buffers
        parts: list[np.ndarray] = []  # every document whose buffer entries were touched
        n_seen = 0
        done = len(ids)
        try:
            for i in range(len(ids)):
                start, end = indptr[ids[i]], indptr[ids[i] + 1]
                docs = indices[start:end].astype(np.intp)  # numpy indexes with intp several times faster
                if positive:
                    current = acc[docs]
                    parts.append(docs[current == 0])
                    acc[docs] = current + counts[i] * data[start:end]
                else:
                    new = docs[~seen[docs]]
                    parts.append(new)  # before touching the buffers, so `finally` resets what was touched
                    seen[new] = True
                    acc[docs] += counts[i] * data[start:end]
                n_seen += len(parts[-1])
                # Worth checking the bound only when the terms left are long compared with what was seen.
                if prunable and i + 1 < len(ids) and n_seen >= k and later_postings[i] > 2 * n_seen:
                    candidates = np.concatenate(parts) if len(parts) > 1 else parts[0]
                    parts = [candidates]
                    # k documents already score above anything an unseen document could still reach: the
                    # remaining rows can only change the scores of documents seen so far.
                    if np.count_nonzero(acc[candidates] > after[i] * (1 + _SLACK) + _SLACK) >= k:
                        done = i + 1
                        break
            candidates = np.concatenate(parts) if len(parts) > 1 else parts[0]
            parts = [candidates]
            if done < len(ids):
                seen[candidates] = True  # from here `seen` marks the candidates still in the running
            for j in range(done, len(ids)):
                # The rest of the rows only for candidates that can still reach the k-th score (MaxScore).
                totals = acc[candidates]
                theta = kth_largest(totals, k)
                alive = totals >= theta - after[j - 1] - _SLACK * (1 + abs(theta))
                if not alive.all():
                    seen[candidates[~alive]] = False
                    candidates = candidates[alive]
                start, end = indptr[ids[j]], indptr[ids[j] + 1]
                if len(candidates) * 2 * np.log2(end - start + 1) < end - start:  # few candidates: binary search
                    row = indices[start:end]
                    pos = np.searchsorted(row, candidates)
                    pos[pos == len(row)] = 0
                    hit = row[pos] == candidates
                    acc[candidates[hit]] += counts[j] * data[start + pos[hit]]
                else:  # many: one pass over the row against the marks
                    row = indices[start:end].astype(np.intp)
                    hit = seen[row]
                    acc[row[hit]] += counts[j] * data[start:end][hit]
            totals = acc[candidates]
        finally:
            for part in parts:
                acc[part] = 0.0
                seen[part] = False
            self._buffers.give(buffers)
        if k < len(candidates):
            # The k best and everything within rounding of the k-th (ties, near-ties): these are re-scored below.
            theta = kth_largest(totals, k)
            candidates = candidates[totals >= theta - _SLACK * (1 + abs(theta))]
        # Summed in another order than `scores`, two documents with the same weights on different terms can
        # differ in the last bit; re-adding in query order makes the scores (and their ties) exactly `scores`'s.
        totals = self._scores_of(candidates, query_ids, query_counts)
        order = np.lexsort((candidates, -totals))[:k]
        return [(int(candidates[i]), float(totals[i])) for i in order]

    def _scores_of(self, docs: np.ndarray, ids: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """`scores(tokens)[docs]`, bit for bit (same terms, same order), by binary search in each row."""
        out = np.zeros(len(docs))
        for term, count in zip(ids, counts):
            start, end = self.indptr[term], self.indptr[term + 1]
            row = self.indices[start:end]
            pos = np.searchsorted(row, docs)
            pos[pos == len(row)] = 0
            hit = row[pos] == docs
            out[hit] += count * self.data[start + pos[hit]]
        return out

    # -- files --------------------------------------------------------------------------------------------

    def save(self, directory: Path) -> list[str]:
        for name, values in zip(ARRAY_FILES, (self.data, self.indices, self.indptr)):
            np.save(directory / name, values, allow_pickle=False)
        idf = self.idf if self.idf is not None else np.full(len(self.term_max), np.nan)
        np.save(directory / TERMS_FILE, np.stack([idf, self.term_max], axis=1), allow_pickle=False)
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        (directory / VOCAB_FILE).write_text(
            json.dumps({"params": vars_of(self.params), "n_docs": self.n_docs, "terms": terms}, ensure_ascii=False),
            "utf-8",
        )
        return [*ARRAY_FILES, TERMS_FILE, VOCAB_FILE]

    @classmethod
    def load(cls, directory: Path, mmap: bool = False) -> BM25Index:
        """`mmap`: map the big arrays instead of reading them (start-up and memory stay flat; the page cache
        serves queries)."""
        meta = json.loads((directory / VOCAB_FILE).read_text("utf-8"))
        data, indices, indptr = (
            np.load(directory / name, allow_pickle=False, mmap_mode="r" if mmap else None) for name in ARRAY_FILES
        )
        idf = term_max = None
        if (directory / TERMS_FILE).exists():
            terms_table = np.load(directory / TERMS_FILE, allow_pickle=False)
            idf, term_max = terms_table[:, 0], terms_table[:, 1]
            if np.isnan(idf).any():
                idf = None
        terms = meta["terms"]
        if len(indptr) != len(terms) + 1:
            raise ValueError(f"BM25 arrays hold {len(indptr) - 1} terms, the vocabulary {len(terms)}")
        return cls(
            data,
            indices,
            np.asarray(indptr),
            dict(zip(terms, range(len(terms)))),
            BM25Params(**meta["params"]),
            int(meta["n_docs"]),
            idf,
            term_max,
        )


def kth_largest(values: np.ndarray, k: int) -> float:
    """The k-th largest value (k ≤ len(values)). Large arrays are first cut down to the values above a
    threshold taken from a strided sample, so the selection runs on a few hundred values, not on hundreds of
    thousands of mostly tied ones (introselect is slow on those)."""
    n = len(values)
    if n > 8192 and k <= 1024:
        sample = values[:: n // 2048]
        m = len(sample)
        r = min(m, 2 * int(np.ceil(k * m / n)) + 2)  # about twice the sample's expected share of the top k
        while True:
            x = np.partition(sample, m - r)[m - r]
            top = values[values >= x]
            if len(top) >= k:  # the top k are all ≥ x: the k-th largest of `top` is the answer
                values, n = top, len(top)
                break
            if r == m:
                break
            r = min(m, 4 * r)
    return float(np.partition(values, n - k)[n - k])


def vars_of(params: BM25Params) -> dict[str, float]:
    return {"k1": params.k1, "b": params.b, "epsilon": params.epsilon}
