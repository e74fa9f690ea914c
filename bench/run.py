"""`make bench`: build 10k / 100k (/ 1M) chunk indexes of real Chinese text and measure the retrieval path.

    python -m bench.run                      10k and 100k
    python -m bench.run --sizes 10k,100k,1m  all three in one run (`make bench BENCH_1M=1`)
    python -m bench.run --sizes 1m           only 1M (`make bench-1m`); the other sizes' figures are kept

Per size: BM25 build (tokenisation and matrix separately), BM25 query latency over ~200 real questions
(the dev questions and CMRC questions), rank-bm25 on the same tokens (10k, 100k: latency, top-10 agreement,
largest score difference), FAISS flat vs HNSW (latency, HNSW recall@10 against flat), a real index directory
written with the index store, its cold load in a fresh process (time, peak RSS) and, at 100k,
`Assistant.ask` with the packaged model encoding each question.

Chunk vectors: encoding 100k–1M chunks with the model takes hours on this machine, so each chunk's vector
is the normalised sum of the model's vectors of its sentences (the ~3,800 pool sentences are encoded once
and cached); questions are encoded by the model. The output says so, and at 10k compares 1,000 of these
synthetic vectors with the model run on the same chunks (how close the neighbours lie: the harder case
for approximate search is the closer one). `ask` runs with the index's own vector search and with the
other kind (flat where the index is HNSW, and the reverse). Results go to the terminal and to
var/bench/results.json (sizes not measured in this run are kept from the previous results, with their date).
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import gc
import io
import json
import os
import platform
import pstats
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# OpenMP threads that spin while waiting make FAISS's HNSW build (and torch) crawl when another process
# holds a core, as on this shared 2-core machine. Passive waiting here; searches of one query do not use
# OpenMP, so their latency is unaffected. The `ask` probe runs with the caller's own setting as well.
_USER_OMP_WAIT_POLICY = os.environ.get("OMP_WAIT_POLICY")
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402  (after the OpenMP setting above)

from bench.corpus import (  # noqa: E402
    SEED,
    SOURCES,
    BenchCorpus,
    SentencePool,
    bench_queries,
    chunk_vectors,
    generate,
    random_unit_vectors,
    sentence_pool,
)

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
REFERENCE_SIZES = ("10k", "100k")  # rank-bm25 is measured here (at 1M it takes seconds per query)
ASK_SIZE = "100k"
RANDOM_CHECK_SIZE = "100k"  # HNSW recall on random unit vectors too: the hardest case for a graph index
MODEL_CHECK_SIZE, MODEL_CHECK_CHUNKS = "10k", 1_000  # synthetic vs the model's own chunk vectors, on 1,000 chunks
LOAD_RUNS = 3  # cold loads per size (the median is reported)
# `--smoke` (tests/test_bench.py): the whole bench in about a minute, to test the bench itself; figures meaningless.
SMOKE_CHUNKS, SMOKE_POOL_PER_SOURCE, SMOKE_MODEL_CHECK_CHUNKS = 300, 100, 30
SMOKE = False


def _vector_defaults() -> tuple[int, int, int]:
    """VectorIndex.build's HNSW parameters: the bench measures what `qa index` builds."""
    import inspect

    from index.vectors import VectorIndex

    p = inspect.signature(VectorIndex.build).parameters
    return p["hnsw_m"].default, p["ef_construction"].default, p["ef_search"].default


HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = _vector_defaults()
EF_SWEEP = tuple(sorted({16, 32, 64, 128, 256, 512, 1024, HNSW_EF_SEARCH}))
REFERENCE_MAX_S = 120.0  # rank-bm25 queries stop after this long (the p50 needs no more)
TARGETS = [  # (key, description, target, higher is better)
    ("bm25_speedup_vs_rank_bm25_100k", "BM25 top-50 vs rank-bm25 get_scores at 100k", 300, True),
    ("bm25_top10_agreement_100k", "identical top-10 vs rank-bm25 at 100k", 1.0, True),
    ("bm25_p50_ms_1m", "BM25 top-50 p50 at 1M (ms)", 5.0, False),
    ("hnsw_recall10_1m", "HNSW recall@10 vs flat at 1M", 0.98, True),
    ("hnsw_p50_ms_1m", "HNSW p50 at 1M (ms)", 3.0, False),
    ("ask_p50_ms_100k", "Assistant.ask p50 at 100k incl. query encoding (ms)", 30.0, False),
    ("load_s_100k", "cold index load at 100k (s)", 1.0, False),
    ("bm25_build_chunks_per_s", "BM25 build incl. tokenisation (chunks/s)", 10_000, True),
]


# -- small helpers -------------------------------------------------------------------------------------------

_T0 = time.perf_counter()


def log(message: str) -> None:
    print(f"[{time.perf_counter() - _T0:7.1f}s] {message}", file=sys.stderr, flush=True)


def ms(seconds: list[float] | np.ndarray) -> dict[str, float]:
    values = np.asarray(seconds, dtype=np.float64) * 1000
    return {
        "p50": round(float(np.percentile(values, 50)), 4),
        "p95": round(float(np.percentile(values, 95)), 4),
        "mean": round(float(values.mean()), 4),
        "n": len(values),
    }


def timed(fn: Any, items: list[Any]) -> list[float]:
    out = []
    for item in items:
        t = time.perf_counter()
        fn(item)
        out.append(time.perf_counter() - t)
    return out


def rel(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def dir_mb(path: Path) -> float:
    return round(sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20, 1)


def run_json(args: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> dict[str, Any]:
    """Run `python -m bench.probe …` in a fresh process and parse its last stdout line. `env` None: the
    environment `make bench` was started with (OMP_WAIT_POLICY as the user had it)."""
    if env is None:
        base = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
        if _USER_OMP_WAIT_POLICY is not None:
            base["OMP_WAIT_POLICY"] = _USER_OMP_WAIT_POLICY
    else:
        base = {**os.environ, **env}
    done = subprocess.run(
        [sys.executable, "-m", "bench.probe", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=base,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.probe {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# -- model vectors (cached: the pool sentences and the questions, encoded once) ------------------------------


def model_vectors(texts: list[str], cache: Path, kind: str) -> np.ndarray:
    import hashlib

    from index.embed import DEFAULT_EMBED_MODEL, Embedder

    key = hashlib.sha256(("\n".join(texts) + kind + DEFAULT_EMBED_MODEL).encode()).hexdigest()[:16]
    path = cache / f"{kind}-{key}.npy"
    if path.exists():
        return np.load(path)
    log(f"encoding {len(texts)} {kind} with {DEFAULT_EMBED_MODEL} (cached in {rel(path)})")
    embedder = Embedder(DEFAULT_EMBED_MODEL, batch_size=32)
    if kind == "questions":
        vectors = np.stack([embedder.encode_query(t) for t in texts])
    else:
        vectors = embedder.encode_documents(texts)
    cache.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors.astype(np.float32))
    return np.load(path)


# -- BM25 ----------------------------------------------------------------------------------------------------


def profile_tokenizer(texts: list[str], out: Path) -> dict[str, Any]:
    """cProfile of one worker's job (tokenise and count) on a sample, in-process, after warming the token
    memo on other chunks as a worker is warm: what bounds the build."""
    from index.bm25 import TermCounts
    from index.tokenize import Tokenizer

    tokenizer = Tokenizer()
    warm = min(1_000, len(texts) // 2)  # half of a smoke run's few chunks
    TermCounts.of(tokenizer.tokenize(text) for text in texts[:warm])
    sample = texts[warm : warm + 2_000]
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    TermCounts.of(tokenizer.tokenize(text) for text in sample)
    profiler.disable()
    seconds = time.perf_counter() - t
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.sort_stats("tottime").print_stats(15)
    out.write_text(stream.getvalue(), "utf-8")
    table: dict[tuple[str, int, str], tuple[Any, ...]] = stats.stats  # type: ignore[attr-defined]  # not in typeshed
    total = sum(v[2] for v in table.values())
    segmenting = sum(v[2] for k, v in table.items() if k[2] == "<method 'cut_for_search' of 'builtins.Jieba' objects>")
    return {
        "sample_chunks": len(sample),
        "chunks_per_s_one_core_profiled": round(len(sample) / seconds, 1),
        "segmenter_share_of_time": round(segmenting / total, 3) if total else None,
        "profile": str(rel(out)),
    }


def bm25_section(
    label: str, corpus: BenchCorpus, texts: list[str], queries: list[str], out_dir: Path
) -> tuple[dict[str, Any], Any, Any]:
    from index.bm25 import BM25Index, count_texts, default_workers
    from index.tokenize import Tokenizer

    tokenizer = Tokenizer()
    n = len(texts)
    workers = default_workers()
    log(f"{label}: tokenising {n} chunks on {workers} worker process(es)")
    t = time.perf_counter()
    counts = count_texts(texts, tokenizer, workers=workers)
    tokenize_s = time.perf_counter() - t
    log(f"{label}: tokenised in {tokenize_s:.1f}s; building the matrix")
    t = time.perf_counter()
    bm25 = BM25Index.from_counts(counts)
    matrix_s = time.perf_counter() - t
    chars = sum(len(x) for x in texts)
    result: dict[str, Any] = {
        "build": {
            "tokenize_s": round(tokenize_s, 2),
            "matrix_s": round(matrix_s, 3),
            "total_s": round(tokenize_s + matrix_s, 2),
            "chunks_per_s": round(n / (tokenize_s + matrix_s), 1),
            "tokenize_chunks_per_s": round(n / tokenize_s, 1),
            "tokenize_chars_per_s": round(chars / tokenize_s),
            "matrix_chunks_per_s": round(n / matrix_s, 1),
            "workers": workers,
        },
        "vocabulary": len(bm25.vocabulary),
        "postings": len(bm25.data),
        "tokens_per_chunk": round(float(counts.doc_len.mean()), 1),
    }
    tokens = [tokenizer.tokenize(q) for q in queries]
    for q in tokens:  # warm-up: per-thread buffers, page cache
        bm25.top_k(q, 50)
    result["query"] = {
        "top50_ms": ms(timed(lambda q: bm25.top_k(q, 50), tokens)),
        "top10_ms": ms(timed(lambda q: bm25.top_k(q, 10), tokens)),
        "all_scores_ms": ms(timed(bm25.scores, tokens)),
        "postings_per_query": {
            k: int(v)
            for k, v in zip(
                ("p50", "p95", "max"),
                np.percentile(
                    [
                        sum(
                            int(bm25.indptr[bm25.vocabulary[t] + 1] - bm25.indptr[bm25.vocabulary[t]])
                            for t in set(q)
                            if t in bm25.vocabulary
                        )
                        for q in tokens
                    ],
                    [50, 95, 100],
                ),
            )
        },
    }
    if label in REFERENCE_SIZES:
        result["rank_bm25"] = reference_section(label, counts, bm25, tokens)
    return result, bm25, counts


def top10_reference(scores: np.ndarray) -> np.ndarray:
    order = np.argsort(-scores, kind="stable")  # ties by document order, as BM25Index.top_k
    return order[scores[order] != 0][:10]


def reference_section(label: str, counts: Any, bm25: Any, tokens: list[list[str]]) -> dict[str, Any]:
    import rank_bm25

    log(f"{label}: rank-bm25 reference on the same tokens")
    t = time.perf_counter()
    reference = rank_bm25.BM25Okapi(
        list(counts.bags()), k1=bm25.params.k1, b=bm25.params.b, epsilon=bm25.params.epsilon
    )
    build_s = time.perf_counter() - t
    times, identical, tie_equal, max_diff, max_diff32 = [], 0, 0, 0.0, 0.0
    data32 = bm25.data.astype(np.float32).astype(np.float64)
    started = time.perf_counter()
    for q in tokens:
        t = time.perf_counter()
        expected = reference.get_scores(q)
        times.append(time.perf_counter() - t)
        ours = bm25.scores(q)
        max_diff = max(max_diff, float(np.abs(ours - expected).max()))
        ids, weights = bm25._query_terms(q)
        as32 = np.zeros(bm25.n_docs)
        for term, c in zip(ids, weights):
            s, e = bm25.indptr[term], bm25.indptr[term + 1]
            as32[bm25.indices[s:e]] += c * data32[s:e]
        max_diff32 = max(max_diff32, float(np.abs(as32 - expected).max()))
        want = top10_reference(expected)
        got = np.array([d for d, _ in bm25.top_k(q, 10)], dtype=np.int64)
        identical += len(got) == len(want) and bool((got == want).all())
        # Tie-aware: the documents returned have the reference's top-10 scores, position by position
        # (documents whose reference scores differ by < 1e-9 count as tied).
        tie_equal += len(got) == len(want) and bool(np.allclose(expected[got], expected[want], rtol=0, atol=1e-9))
        if time.perf_counter() - started > REFERENCE_MAX_S:
            break
    n = len(times)
    return {
        "build_s": round(build_s, 2),
        "get_scores_ms": ms(times),
        "queries": n,
        "top10_identical_ids": round(identical / n, 4),
        "top10_agreement": round(tie_equal / n, 4),
        "max_abs_score_diff": max_diff,
        "float32_storage_max_abs_score_diff": max_diff32,
    }


# -- dense ---------------------------------------------------------------------------------------------------


def hnsw_index(vectors: np.ndarray, cache: Path, key: str) -> tuple[Any, dict[str, Any]]:
    """The HNSW index of `vectors` (VectorIndex's parameters), built once and cached with its build time."""
    import faiss

    path, meta_path = cache / f"hnsw-{key}.faiss", cache / f"hnsw-{key}.json"
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("n") == len(vectors):
            return faiss.read_index(str(path)), {**meta, "cached": True}
    log(
        f"building HNSW M={HNSW_M} efConstruction={HNSW_EF_CONSTRUCTION} over {len(vectors)} vectors "
        f"(cached in {rel(path)})"
    )
    index = faiss.IndexHNSWFlat(vectors.shape[1], HNSW_M, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
    index.hnsw.efSearch = HNSW_EF_SEARCH
    t = time.perf_counter()
    index.add(vectors)
    seconds = time.perf_counter() - t
    meta = {
        "n": len(vectors),
        "build_s": round(seconds, 1),
        "vectors_per_s": round(len(vectors) / seconds, 1),
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "threads": faiss.omp_get_max_threads(),
    }
    cache.mkdir(parents=True, exist_ok=True)
    faiss.write_index(index, str(path))
    meta_path.write_text(json.dumps(meta))
    return index, {**meta, "cached": False}


def search_times(index: Any, queries: np.ndarray, k: int) -> tuple[list[float], np.ndarray]:
    times, ids = [], []
    for q in queries:
        t = time.perf_counter()
        _, found = index.search(q.reshape(1, -1), k)
        times.append(time.perf_counter() - t)
        ids.append(found[0])
    return times, np.stack(ids)


def recall_at_10(found: np.ndarray, truth: np.ndarray) -> float:
    """Share of the exact top-10 rows found (ids; a near-tie swapped in counts as a miss)."""
    return float(np.mean([len(set(f[:10]) & set(t[:10])) / 10 for f, t in zip(found, truth)]))


def recall_by_similarity(
    found: np.ndarray, vectors: np.ndarray, queries: np.ndarray, truth_sims: np.ndarray, eps: float = 1e-4
) -> float:
    """ann-benchmarks' recall: share of the 10 returned whose cosine is ≥ the exact 10th cosine − eps (counts
    near-duplicate chunks, common in recombined text, as found)."""
    sims = np.einsum("qd,qkd->qk", queries, vectors[np.maximum(found, 0)])
    return float(np.mean((sims >= truth_sims[:, 9:10] - eps) & (found >= 0)))


def dense_section(
    label: str, vectors: np.ndarray, queries: np.ndarray, cache: Path, key: str
) -> tuple[dict[str, Any], Any, Any]:
    import faiss

    flat = faiss.IndexFlatIP(vectors.shape[1])
    flat.add(vectors)
    truth_sims, truth = flat.search(queries, 10)  # exact neighbours, batched
    search_times(flat, queries[:5], 10)
    flat_times, _ = search_times(flat, queries, 10)
    hnsw, build = hnsw_index(vectors, cache, key)
    sweep: list[dict[str, Any]] = []
    for ef in EF_SWEEP:
        hnsw.hnsw.efSearch = ef
        search_times(hnsw, queries[:5], 10)
        times, found = search_times(hnsw, queries, 10)
        sweep.append(
            {
                "ef_search": ef,
                "recall10": round(recall_at_10(found, truth), 4),
                "recall10_by_similarity": round(recall_by_similarity(found, vectors, queries, truth_sims), 4),
                "ms": ms(times),
            }
        )
    hnsw.hnsw.efSearch = HNSW_EF_SEARCH
    default = next(s for s in sweep if s["ef_search"] == HNSW_EF_SEARCH)
    enough = next((s for s in sweep if s["recall10"] >= 0.98), None)
    result = {
        "flat_ms": ms(flat_times),
        "hnsw_ms": default["ms"],
        "hnsw_recall10": default["recall10"],
        "hnsw_recall10_by_similarity": default["recall10_by_similarity"],
        "hnsw_ef_search": HNSW_EF_SEARCH,
        "hnsw_m": HNSW_M,
        "hnsw_ef_construction": HNSW_EF_CONSTRUCTION,
        "hnsw_build": build,
        "sweep": sweep,
        "smallest_ef_search_for_recall_0.98": enough["ef_search"] if enough else None,
    }
    return result, flat, hnsw


def contrast(vectors: np.ndarray, queries: np.ndarray) -> dict[str, float]:
    """How far apart the neighbours are: what makes approximate search hard is many near-equal candidates."""
    pairs = vectors @ vectors.T
    upper = pairs[np.triu_indices(len(vectors), 1)]
    sims = -np.sort(-(queries @ vectors.T), axis=1)
    return {
        "pair_cosine_mean": round(float(upper.mean()), 4),
        "pair_cosine_std": round(float(upper.std()), 4),
        "query_cosine_mean": round(float(sims.mean()), 4),
        "query_top1": round(float(sims[:, 0].mean()), 4),
        "query_top10": round(float(sims[:, 9].mean()), 4),
        "gap_top1_top10_median": round(float(np.median(sims[:, 0] - sims[:, 9])), 5),
        "gap_top10_top11_median": round(float(np.median(sims[:, 9] - sims[:, 10])), 5),
    }


def model_check(texts: list[str], synthetic: np.ndarray, queries: np.ndarray, cache: Path) -> dict[str, Any]:
    """The model run on the first chunks themselves vs their synthetic (sentence-sum) vectors: says whether
    the synthetic vectors make approximate search easier or harder than real ones would."""
    real = model_vectors(texts, cache, "chunks")
    truth_real = np.argsort(-(queries @ real.T), axis=1)[:, :10]
    truth_synthetic = np.argsort(-(queries @ synthetic.T), axis=1)[:, :10]
    return {
        "chunks": len(texts),
        "model": contrast(real, queries),
        "synthetic": contrast(synthetic, queries),
        "top10_overlap": round(
            float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(truth_real, truth_synthetic)])), 4
        ),
    }


def random_check(n: int, dim: int, queries: np.ndarray, cache: Path) -> dict[str, Any]:
    """HNSW recall and latency on random unit vectors (no structure at all) with model-encoded questions."""
    import faiss

    vectors = random_unit_vectors(n, dim, SEED)
    flat = faiss.IndexFlatIP(dim)
    flat.add(vectors)
    truth_sims, truth = flat.search(queries, 10)
    hnsw, build = hnsw_index(vectors, cache, f"random-{n}-{HNSW_M}-{HNSW_EF_CONSTRUCTION}")
    out: dict[str, Any] = {"hnsw_build": build, "sweep": []}
    for ef in EF_SWEEP:
        hnsw.hnsw.efSearch = ef
        times, found = search_times(hnsw, queries, 10)
        out["sweep"].append(
            {
                "ef_search": ef,
                "recall10": round(recall_at_10(found, truth), 4),
                "recall10_by_similarity": round(recall_by_similarity(found, vectors, queries, truth_sims), 4),
                "ms": ms(times),
            }
        )
    return out


# -- the index directory -------------------------------------------------------------------------------------


def write_index(
    index_dir: Path,
    label: str,
    corpus: BenchCorpus,
    bm25: Any,
    faiss_index: Any,
    threshold: int,
    extra: Callable[[Path], tuple[list[str], dict[str, Any]]] | None = None,
) -> float:
    """A real index directory (index.store + index.reader's format), as `qa index` writes it, but with the
    bench's vectors. `extra(build dir)` writes more files and gives their names and manifest entries."""
    from index import store
    from index.build import CHUNKER_VERSION
    from index.embed import DEFAULT_EMBED_MODEL
    from index.reader import write_corpus
    from index.tokenize import Tokenizer
    from index.vectors import VectorIndex

    t = time.perf_counter()
    shutil.rmtree(index_dir, ignore_errors=True)
    build = store.NewBuild(index_dir)
    files = write_corpus(build.path, corpus.documents, corpus.chunks)
    files += bm25.save(build.path)
    vectors = VectorIndex(faiss_index)
    files += vectors.save(build.path)
    more_files, more_manifest = extra(build.path) if extra is not None else ([], {})
    files += more_files
    build.commit(
        {
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "embed_model": DEFAULT_EMBED_MODEL,
            "embed_dim": vectors.dimension,
            "vectors": {"kind": vectors.kind, "hnsw_threshold": threshold},
            "tokenizer": Tokenizer().settings(),
            "bm25": dataclasses.asdict(bm25.params),
            "chunker": CHUNKER_VERSION,
            "corpus_fingerprint": f"bench-{label}-{SEED}",
            "sources": [f"bench:{label}"],
            "counts": {
                "documents": len(corpus.documents),
                "chunks": len(corpus.chunks),
                "skipped_empty": 0,
                "skipped_duplicate": 0,
            },
            "skipped": {"empty": [], "duplicate": []},
            **more_manifest,
        },
        files,
    )
    return time.perf_counter() - t


def load_section(index_dir: Path, runs: int | None = None) -> dict[str, Any]:
    results = [run_json(["load", str(index_dir)]) for _ in range(runs or LOAD_RUNS)]
    best = sorted(results, key=lambda r: r["load_s"])[len(results) // 2]  # the median run
    return {
        **best,
        "load_s_runs": [r["load_s"] for r in results],
        "peak_rss_mb": max(r["rss_after_first_query_mb"] for r in results),
    }


def ask_section(index_dir: Path, questions: list[str], out_dir: Path, other_vectors: Path | None) -> dict[str, Any]:
    qfile, short = out_dir / "questions.json", out_dir / "questions-100.json"
    qfile.write_text(json.dumps(questions, ensure_ascii=False), "utf-8")
    short.write_text(json.dumps(questions[::2], ensure_ascii=False), "utf-8")  # the variants: every other question
    runs = [
        ("default", [str(qfile), "--profile", str(out_dir / "profile_ask.txt")], None),
        ("omp_passive", [str(short)], {"OMP_WAIT_POLICY": "PASSIVE"}),
        ("torch_1_thread", [str(short), "--torch-threads", "1"], None),
    ]
    if SMOKE:
        runs = runs[:1]
    elif other_vectors is not None:
        runs += [
            ("other_vectors", [str(short), "--vectors", str(other_vectors)], None),
            (
                "other_vectors_torch_1_thread",
                [str(short), "--vectors", str(other_vectors), "--torch-threads", "1"],
                None,
            ),
        ]
    result: dict[str, Any] = {"via": "qa.answer.Assistant.ask called in-process on the loaded index (no HTTP)"}
    for name, args, env in runs:
        log(f"ask: {name}")
        result[name] = guarded(lambda args=args, env=env: run_json(["ask", str(index_dir), *args], env=env))
    return result


def guarded(fn: Any) -> Any:
    """A failed measurement is recorded, not fatal: the rest of a long run still counts."""
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001
        log(f"FAILED: {type(exc).__name__}: {str(exc)[-500:]}")
        return {"error": f"{type(exc).__name__}: {str(exc)[-2000:]}"}


# -- one size ------------------------------------------------------------------------------------------------


def run_size(
    label: str,
    pool: SentencePool,
    sentence_vectors: np.ndarray,
    questions: list[tuple[str, str]],
    question_vectors: np.ndarray,
    out: Path,
    cache: Path,
) -> dict[str, Any]:
    from index.build import retrieval_text
    from index.places import Gazetteer
    from qa.config import Settings

    n = SIZES[label]
    size_dir = out / label
    size_dir.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {
        "label": label,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "chunks": n,
        "load_average_at_start": load_average(),
    }
    log(f"{label}: generating {n} chunks")
    t = time.perf_counter()
    corpus = generate(pool, n)
    gazetteer = Gazetteer.default()
    titles = corpus.titles
    texts = [retrieval_text(c, titles[c.doc_id], gazetteer) for c in corpus.chunks]
    result["corpus"] = {
        "documents": len(corpus.documents),
        "generate_s": round(time.perf_counter() - t, 1),
        "chunk_chars_mean": round(float(np.mean([len(c.text) for c in corpus.chunks])), 1),
        "retrieval_text_chars_mean": round(float(np.mean([len(x) for x in texts])), 1),
    }
    if label == "10k":
        result["tokenizer_profile"] = profile_tokenizer(texts, out / "profile_tokenize.txt")

    bm25_result, bm25, counts = bm25_section(label, corpus, texts, [q for _, q in questions], size_dir)
    result["bm25"] = bm25_result
    texts = texts[:MODEL_CHECK_CHUNKS]  # kept for the model check; the rest can go
    del counts
    gc.collect()

    log(f"{label}: dense search")
    vectors = np.concatenate(
        [chunk_vectors(sentence_vectors, corpus, s, min(n, s + 100_000)) for s in range(0, n, 100_000)]
    )
    key = f"sentmean-{pool.fingerprint}-{n}-{SEED}-{HNSW_M}-{HNSW_EF_CONSTRUCTION}"
    dense, flat, hnsw = dense_section(label, vectors, question_vectors, cache, key)
    dense["chunk_vectors"] = (
        "normalised sum of the model's vectors of the chunk's sentences (not the model "
        "run on the chunk); questions encoded by the model"
    )
    if label == MODEL_CHECK_SIZE:
        log(f"{label}: the model's own vectors of {MODEL_CHECK_CHUNKS} chunks vs the synthetic ones")
        dense["model_vs_synthetic"] = model_check(texts, vectors[: len(texts)], question_vectors, cache)
    if label == RANDOM_CHECK_SIZE:
        log(f"{label}: HNSW on random unit vectors (worst case)")
        dense["random_unit_vectors"] = random_check(n, vectors.shape[1], question_vectors, cache)
    result["dense"] = dense
    del vectors

    threshold = Settings().hnsw_threshold
    index_dir = size_dir / "index"
    log(f"{label}: writing the index directory ({'HNSW' if n >= threshold else 'flat'}, QA_HNSW_THRESHOLD={threshold})")
    other_vectors = None  # ask is measured with the other kind of vector index too
    if label == ASK_SIZE:
        import faiss

        other_vectors = size_dir / ("flat.faiss" if n >= threshold else "hnsw.faiss")
        faiss.write_index(flat if n >= threshold else hnsw, str(other_vectors))
    if n >= threshold:
        del flat  # 1.5 GB at 1M, not needed any more
        flat = None
    result["index_write_s"] = round(
        write_index(index_dir, label, corpus, bm25, hnsw if n >= threshold else flat, threshold), 1
    )
    result["index_mb"] = dir_mb(index_dir)
    del corpus, bm25, flat
    gc.collect()
    log(f"{label}: cold load in fresh processes")
    result["load"] = guarded(lambda: load_section(index_dir))
    if label == ASK_SIZE:
        result["ask"] = ask_section(index_dir, [q for _, q in questions], size_dir, other_vectors)
    result["bench_process_peak_rss_mb"] = round(peak_rss_mb(), 1)
    result["load_average_at_end"] = load_average()
    return result


# -- report --------------------------------------------------------------------------------------------------


def flat_keys(sizes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    keys: dict[str, Any] = {}
    for label, r in sizes.items():
        q = r["bm25"]["query"]
        keys[f"bm25_p50_ms_{label}"] = q["top50_ms"]["p50"]
        keys[f"bm25_p95_ms_{label}"] = q["top50_ms"]["p95"]
        keys[f"bm25_top10_p50_ms_{label}"] = q["top10_ms"]["p50"]
        keys[f"bm25_build_chunks_per_s_{label}"] = r["bm25"]["build"]["chunks_per_s"]
        keys[f"bm25_tokenize_chunks_per_s_{label}"] = r["bm25"]["build"]["tokenize_chunks_per_s"]
        keys[f"bm25_matrix_chunks_per_s_{label}"] = r["bm25"]["build"]["matrix_chunks_per_s"]
        if "rank_bm25" in r["bm25"]:
            ref = r["bm25"]["rank_bm25"]
            keys[f"rank_bm25_p50_ms_{label}"] = ref["get_scores_ms"]["p50"]
            keys[f"bm25_speedup_vs_rank_bm25_{label}"] = round(ref["get_scores_ms"]["p50"] / q["top50_ms"]["p50"], 1)
            keys[f"bm25_speedup_all_scores_vs_rank_bm25_{label}"] = round(
                ref["get_scores_ms"]["p50"] / q["all_scores_ms"]["p50"], 1
            )
            keys[f"bm25_top10_agreement_{label}"] = ref["top10_agreement"]
            keys[f"bm25_top10_identical_ids_{label}"] = ref["top10_identical_ids"]
            keys[f"bm25_max_abs_score_diff_{label}"] = ref["max_abs_score_diff"]
        d = r["dense"]
        keys[f"flat_p50_ms_{label}"] = d["flat_ms"]["p50"]
        keys[f"flat_p95_ms_{label}"] = d["flat_ms"]["p95"]
        at = next(x for x in d["sweep"] if x["ef_search"] == HNSW_EF_SEARCH)  # VectorIndex's efSearch now
        keys[f"hnsw_p50_ms_{label}"] = at["ms"]["p50"]
        keys[f"hnsw_p95_ms_{label}"] = at["ms"]["p95"]
        keys[f"hnsw_recall10_{label}"] = at["recall10"]
        keys[f"hnsw_recall10_by_similarity_{label}"] = at["recall10_by_similarity"]
        keys[f"hnsw_ef_search_{label}"] = HNSW_EF_SEARCH
        enough = next((x for x in d["sweep"] if x["recall10"] >= 0.98), None)
        keys[f"hnsw_ef_for_recall_0.98_{label}"] = enough["ef_search"] if enough else None
        keys[f"hnsw_p50_ms_at_recall_0.98_{label}"] = enough["ms"]["p50"] if enough else None
        keys[f"load_s_{label}"] = dig(r, "load", "load_s")
        keys[f"peak_rss_mb_{label}"] = dig(r, "load", "peak_rss_mb")
        if "ask" in r:
            keys[f"ask_p50_ms_{label}"] = dig(r, "ask", "default", "ask_ms", "p50")
            keys[f"ask_p95_ms_{label}"] = dig(r, "ask", "default", "ask_ms", "p95")
            for variant in ("omp_passive", "torch_1_thread", "other_vectors", "other_vectors_torch_1_thread"):
                keys[f"ask_p50_ms_{label}_{variant}"] = dig(r, "ask", variant, "ask_ms", "p50")
                keys[f"ask_p95_ms_{label}_{variant}"] = dig(r, "ask", variant, "ask_ms", "p95")
    largest = max(sizes, key=lambda s: SIZES[s])
    keys["bm25_build_chunks_per_s"] = keys[f"bm25_build_chunks_per_s_{largest}"]
    keys["bm25_build_chunks_per_s_size"] = largest
    return keys


def dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def targets(keys: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for key, what, target, higher in TARGETS:
        value = keys.get(key)
        met = None if value is None else (value >= target if higher else value <= target)
        out.append({"key": key, "what": what, "target": target, "value": value, "met": met})
    return out


def fmt(x: Any, digits: int = 2) -> str:
    if x is None:
        return "—"
    if isinstance(x, float):
        return f"{x:,.{digits}f}"
    if isinstance(x, int):
        return f"{x:,}"
    return str(x)


def print_table(results: dict[str, Any], measured: list[str]) -> None:
    from rich.console import Console
    from rich.table import Table

    sizes = results["sizes"]
    labels = [s for s in SIZES if s in sizes]
    console = Console(highlight=False, width=140)
    table = Table(title="report-qa retrieval benchmark", show_lines=False)
    table.add_column("measure", no_wrap=True)
    for label in labels:
        note = "" if label in measured else f"\n(from {sizes[label]['measured_at'][:16]})"
        table.add_column(label.upper() + note, justify="right")

    def row(name: str, get: Any, digits: int = 2) -> None:
        cells = []
        for label in labels:
            try:
                cells.append(fmt(get(sizes[label]), digits))
            except (KeyError, TypeError):
                cells.append("—")
        table.add_row(name, *cells)

    row("documents / chunks", lambda r: f"{r['corpus']['documents']:,} / {r['chunks']:,}")
    row("BM25 vocabulary / postings", lambda r: f"{r['bm25']['vocabulary']:,} / {r['bm25']['postings']:,}")
    row(
        "BM25 build: tokenise s (chunks/s)",
        lambda r: (
            f"{r['bm25']['build']['tokenize_s']:.1f} "
            f"({r['bm25']['build']['tokenize_chunks_per_s']:,.0f}, {r['bm25']['build']['workers']} proc)"
        ),
    )
    row(
        "BM25 build: matrix s (chunks/s)",
        lambda r: f"{r['bm25']['build']['matrix_s']:.2f} ({r['bm25']['build']['matrix_chunks_per_s']:,.0f})",
    )
    row("BM25 build: total chunks/s", lambda r: r["bm25"]["build"]["chunks_per_s"], 0)
    row(
        "BM25 top-50 p50 / p95 ms",
        lambda r: f"{r['bm25']['query']['top50_ms']['p50']:.2f} / {r['bm25']['query']['top50_ms']['p95']:.2f}",
    )
    row(
        "BM25 top-10 p50 / p95 ms",
        lambda r: f"{r['bm25']['query']['top10_ms']['p50']:.2f} / {r['bm25']['query']['top10_ms']['p95']:.2f}",
    )
    row("BM25 all scores p50 ms", lambda r: r["bm25"]["query"]["all_scores_ms"]["p50"])
    row("rank-bm25 get_scores p50 ms", lambda r: r["bm25"]["rank_bm25"]["get_scores_ms"]["p50"], 1)
    row(
        "speed-up top-50 (all scores) ×",
        lambda r: (
            f"{results['keys'][f'bm25_speedup_vs_rank_bm25_{label_of(r)}']:,.0f} "
            f"({results['keys'][f'bm25_speedup_all_scores_vs_rank_bm25_{label_of(r)}']:,.0f})"
        ),
    )
    row(
        "top-10 = rank-bm25 (tie-aware / ids)",
        lambda r: (
            f"{r['bm25']['rank_bm25']['top10_agreement']:.3f} / {r['bm25']['rank_bm25']['top10_identical_ids']:.3f}"
        ),
    )
    row("max |score − rank-bm25|", lambda r: f"{r['bm25']['rank_bm25']['max_abs_score_diff']:.1e}")
    row("  (if stored as float32)", lambda r: f"{r['bm25']['rank_bm25']['float32_storage_max_abs_score_diff']:.1e}")
    row("FAISS flat p50 / p95 ms", lambda r: f"{r['dense']['flat_ms']['p50']:.2f} / {r['dense']['flat_ms']['p95']:.2f}")

    def at_default(r: dict[str, Any]) -> dict[str, Any]:
        return next(x for x in r["dense"]["sweep"] if x["ef_search"] == HNSW_EF_SEARCH)

    row(
        f"HNSW ef={HNSW_EF_SEARCH} p50 / p95 ms",
        lambda r: f"{at_default(r)['ms']['p50']:.2f} / {at_default(r)['ms']['p95']:.2f}",
    )
    row(
        f"HNSW ef={HNSW_EF_SEARCH} recall@10 ids (by cosine)",
        lambda r: f"{at_default(r)['recall10']:.4f} ({at_default(r)['recall10_by_similarity']:.4f})",
    )
    for ef in EF_SWEEP:
        if ef != HNSW_EF_SEARCH:
            row(
                f"  ef={ef}: recall ids (cosine), p50 ms",
                lambda r, ef=ef: next(
                    f"{s['recall10']:.3f} ({s['recall10_by_similarity']:.3f}), {s['ms']['p50']:.2f}"
                    for s in r["dense"]["sweep"]
                    if s["ef_search"] == ef
                ),
            )
    for ef in (HNSW_EF_SEARCH, 512):
        row(
            f"  random unit vectors ef={ef}: recall, p50",
            lambda r, ef=ef: next(
                f"{s['recall10']:.3f} ({s['recall10_by_similarity']:.3f}), {s['ms']['p50']:.2f}"
                for s in r["dense"]["random_unit_vectors"]["sweep"]
                if s["ef_search"] == ef
            ),
        )
    for side in ("model", "synthetic"):
        row(
            f"  {side} chunk vectors: pair cos / top1−top10 gap",
            lambda r, side=side: (
                f"{r['dense']['model_vs_synthetic'][side]['pair_cosine_mean']:.3f} / "
                f"{r['dense']['model_vs_synthetic'][side]['gap_top1_top10_median']:.4f}"
            ),
        )
    row(
        "HNSW build s (vectors/s)",
        lambda r: (
            f"{r['dense']['hnsw_build']['build_s']:,.0f} "
            f"({r['dense']['hnsw_build']['vectors_per_s']:,.0f})"
            + (" cached" if r["dense"]["hnsw_build"]["cached"] else "")
        ),
    )
    row("index on disk MB", lambda r: r["index_mb"], 0)
    row("cold load s (checksums s)", lambda r: f"{r['load']['load_s']:.3f} ({r['load']['verify_s']:.3f})")
    row("imports s / first query s", lambda r: f"{r['load']['import_s']:.2f} / {r['load']['first_query_s']:.2f}")
    row(
        "RSS MB: imports → loaded → peak",
        lambda r: (
            f"{r['load']['rss_after_imports_mb']:,.0f} → "
            f"{r['load']['rss_after_load_mb']:,.0f} → {r['load']['peak_rss_mb']:,.0f}"
        ),
    )
    row(
        "ask p50 / p95 ms (default)",
        lambda r: f"{r['ask']['default']['ask_ms']['p50']:.1f} / {r['ask']['default']['ask_ms']['p95']:.1f}",
    )
    row(
        "  encode / BM25 / dense p50 ms",
        lambda r: (
            f"{r['ask']['default']['encode_query_ms']['p50']:.1f} / "
            f"{r['ask']['default']['bm25_top50_ms']['p50']:.2f} / {r['ask']['default']['dense_top50_ms']['p50']:.2f}"
        ),
    )
    other = next(
        (dig(r, "ask", "other_vectors", "vectors") for r in sizes.values() if dig(r, "ask", "other_vectors")), "other"
    )
    for variant, name in (
        ("omp_passive", "OMP_WAIT_POLICY=PASSIVE"),
        ("torch_1_thread", "torch 1 thread"),
        ("other_vectors", f"{other} vectors"),
        ("other_vectors_torch_1_thread", f"{other}, torch 1 thread"),
    ):
        row(
            f"ask p50 / p95 ms ({name})",
            lambda r, v=variant: f"{r['ask'][v]['ask_ms']['p50']:.1f} / {r['ask'][v]['ask_ms']['p95']:.1f}",
        )
        row(
            "  encode / BM25 / dense p50 ms",
            lambda r, v=variant: (
                f"{r['ask'][v]['encode_query_ms']['p50']:.1f} / "
                f"{r['ask'][v]['bm25_top50_ms']['p50']:.2f} / {r['ask'][v]['dense_top50_ms']['p50']:.2f}"
            ),
        )
    row(
        "load average start → end", lambda r: f"{r['load_average_at_start'][0]:.1f} → {r['load_average_at_end'][0]:.1f}"
    )
    console.print(table)
    console.print(
        f"Chunk vectors: {next(iter(sizes.values()))['dense']['chunk_vectors']}. "
        "HNSW 'random unit vectors' row: the same HNSW settings on random 384-d unit vectors. "
        "ask: Assistant.ask called in-process (no HTTP), questions encoded by the packaged model."
    )
    for t in results["targets"]:
        mark = "—" if t["met"] is None else ("met" if t["met"] else "MISSED")
        console.print(f"  target {t['what']}: {fmt(t['value'], 4)} (target {fmt(t['target'])}) {mark}")
    console.print(f"results: {results['path']}")


def label_of(r: dict[str, Any]) -> str:
    return r["label"]


def remeasure_load(out: Path, label: str) -> None:
    path = out / "results.json"
    results = json.loads(path.read_text("utf-8"))
    index_dir = out / label / "index"
    if label not in results.get("sizes", {}) or not index_dir.exists():
        raise SystemExit(f"no {label} results or index under {out}: run the bench for {label} first")
    log(f"{label}: cold load of {index_dir} again")
    results["sizes"][label]["load"] = {**load_section(index_dir), "remeasured_at": time.strftime("%Y-%m-%dT%H:%M:%S")}
    keys = flat_keys(results["sizes"])
    results.update({k: keys[k] for k in REQUIRED_KEYS if k in keys})
    results["keys"], results["targets"] = keys, targets(keys)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    print_table(results, [])


REQUIRED_KEYS = (
    "bm25_speedup_vs_rank_bm25_100k",
    "bm25_top10_agreement_100k",
    "bm25_p50_ms_1m",
    "hnsw_recall10_1m",
    "hnsw_p50_ms_1m",
    "ask_p50_ms_100k",
    "load_s_100k",
    "bm25_build_chunks_per_s",
)


def smoke_settings() -> None:
    global SMOKE, MODEL_CHECK_CHUNKS, LOAD_RUNS
    SMOKE, MODEL_CHECK_CHUNKS, LOAD_RUNS = True, SMOKE_MODEL_CHECK_CHUNKS, 1
    SIZES.update({label: SMOKE_CHUNKS for label in SIZES})


def smoke_pool(pool: SentencePool) -> SentencePool:
    """The first sentences of each source: few enough for the model to encode in seconds."""
    kept = [s for source in SOURCES for s in [x for x in pool.sentences if x.source == source][:SMOKE_POOL_PER_SOURCE]]
    return SentencePool(tuple(kept), pool.titles)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k,100k,1m (default 10k,100k)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help=f"test the bench itself in about a minute: every size {SMOKE_CHUNKS} chunks, "
        f"{SMOKE_POOL_PER_SOURCE} pool sentences per source, one run of each probe (figures meaningless)",
    )
    parser.add_argument(
        "--remeasure-load",
        metavar="SIZE",
        help="only measure again the cold load of SIZE's index left by an earlier run, and update results.json",
    )
    args = parser.parse_args(argv)
    if args.remeasure_load:
        remeasure_load(args.out, args.remeasure_load)
        return
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    if args.smoke:
        smoke_settings()
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")
    out, cache = args.out, args.out / "cache"
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    log(f"sizes {', '.join(labels)}; output {out}")
    pool = sentence_pool()
    if SMOKE:
        pool = smoke_pool(pool)
    questions = bench_queries(args.queries)
    sentence_vectors = model_vectors([s.text for s in pool.sentences], cache, "sentences")
    question_vectors = model_vectors([q for _, q in questions], cache, "questions")
    results_path = out / "results.json"
    previous = json.loads(results_path.read_text("utf-8")) if results_path.exists() else {}
    sizes: dict[str, Any] = {k: v for k, v in previous.get("sizes", {}).items() if k in SIZES and k not in labels}
    for label in sorted(labels, key=SIZES.__getitem__):
        sizes[label] = run_size(label, pool, sentence_vectors, questions, question_vectors, out, cache)
        sizes = {k: sizes[k] for k in SIZES if k in sizes}
        partial = {"sizes": sizes}
        (out / "results.partial.json").write_text(json.dumps(partial, ensure_ascii=False, indent=1), "utf-8")
    import faiss
    import scipy

    keys = flat_keys(sizes)
    results = {
        **{k: keys[k] for k in REQUIRED_KEYS if k in keys},
        "keys": keys,
        "targets": targets(keys),
        "meta": {
            "run_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
            "measured_sizes": labels,
            "smoke": SMOKE,
            "run_s": round(time.perf_counter() - started, 1),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "faiss": faiss.__version__,
            "machine": platform.machine(),
            "queries": {
                "total": len(questions),
                "dev": sum(s == "dev" for s, _ in questions),
                "cmrc": sum(s == "cmrc" for s, _ in questions),
            },
            "notes": [
                "BM25 latency: BM25Index.top_k(tokens, 50) (the candidate depth /api/ask uses) on "
                "pre-tokenised questions; speed-up = rank-bm25 get_scores p50 / top-50 p50, both in "
                "this run on the same tokens",
                "top-10 agreement: returned top-10 has the reference top-10 scores position by position "
                "(scores within 1e-9 tied); identical ids: exact ids with ties by document order",
                "chunk vectors are model-derived (sum of sentence vectors), not the model run on the "
                "chunk; see dense.chunk_vectors",
                "load: fresh process, page cache warm (files just written); includes every sha256; "
                "RSS is the probe's VmHWM (ru_maxrss survives exec on Linux and would report the bench's own size)",
                "the machine is shared: see load_average_at_start/end per size",
            ],
        },
        "sizes": sizes,
        "path": str(results_path),
    }
    results_path.write_text(json.dumps(results, ensure_ascii=False, indent=1), "utf-8")
    (out / "results.partial.json").unlink(missing_ok=True)
    print_table(results, labels)
    log(f"done in {time.perf_counter() - started:.0f}s")


if __name__ == "__main__":
    main()
