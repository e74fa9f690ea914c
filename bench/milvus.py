"""Both search backends on the same bench corpora: index (sync), search and filtered-search timings.

    python -m bench.milvus --sizes 10k,100k          (part of `make bench`)

The corpora are bench.corpus's recombined real sentences (10k / 100k chunks) with their real BM25 index; the
chunk vectors are random unit vectors of the model's dimension (timing does not depend on what the vectors
mean; equality of results between backends is what tests/test_milvus_backend.py checks, on real vectors).
Milvus runs as Milvus Lite 3.x, a pure-Python reimplementation started on loopback: its figures are labelled
"Lite, not representative of standalone" — Milvus standalone/cluster runs Knowhere's C++ indexes.
Results: var/bench/milvus.json and a table on the terminal.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10k": 10_000, "100k": 100_000}
QUERIES = 50
K = 50
DIMENSION = 384


def _ms(samples: list[float]) -> dict[str, float]:
    values = np.asarray(samples) * 1000
    return {"p50_ms": round(float(np.percentile(values, 50)), 2), "p95_ms": round(float(np.percentile(values, 95)), 2)}


def _timed(fn: Any, items: list[Any]) -> tuple[list[float], list[Any]]:
    times, results = [], []
    for item in items:
        t = time.perf_counter()
        results.append(fn(item))
        times.append(time.perf_counter() - t)
    return times, results


def _build(label: str, out: Path) -> Path:
    """A real index directory of the bench corpus (BM25 of the retrieval texts, FAISS of random vectors)."""
    import faiss

    from bench.corpus import generate, random_unit_vectors, sentence_pool
    from bench.run import write_index
    from index.bm25 import BM25Index
    from index.build import retrieval_text
    from index.places import Gazetteer
    from index.tokenize import Tokenizer

    corpus = generate(sentence_pool(), SIZES[label])
    gazetteer = Gazetteer.default()
    titles = {d.doc_id: d.title for d in corpus.documents}
    texts = [retrieval_text(c, titles[c.doc_id], gazetteer) for c in corpus.chunks]
    bm25 = BM25Index.from_texts(texts, Tokenizer())
    flat = faiss.IndexFlatIP(DIMENSION)
    flat.add(random_unit_vectors(len(corpus.chunks), DIMENSION))
    index_dir = out / f"milvus-{label}" / "index"
    write_index(index_dir, f"milvus-{label}", corpus, bm25, flat, threshold=10**9)
    return index_dir


def _searches(backend: Any, index: Any, questions: list[str], vectors: np.ndarray) -> dict[str, Any]:
    from index.backend import SearchFilter

    tokens = [index.tokenizer.tokenize(q) for q in questions]
    # A filter that admits about a tenth of the chunks: the documents of every tenth report.
    docs = list(index.documents)[::10]
    where = SearchFilter(documents=tuple(docs))
    sparse_t, sparse = _timed(lambda t: backend.sparse_search(t, K), tokens)
    dense_t, dense = _timed(lambda v: backend.dense_search(v, K), list(vectors))
    fsparse_t, _ = _timed(lambda t: backend.sparse_search(t, K, where), tokens)
    fdense_t, _ = _timed(lambda v: backend.dense_search(v, K, where), list(vectors))
    return {
        "sparse": _ms(sparse_t),
        "dense": _ms(dense_t),
        "sparse_filtered": _ms(fsparse_t),
        "dense_filtered": _ms(fdense_t),
        "_sparse_ids": [[r for r, _ in hits] for hits in sparse],
        "_dense_ids": [[r for r, _ in hits] for hits in dense],
    }


def run_size(label: str, out: Path) -> dict[str, Any]:
    from bench.corpus import bench_queries, random_unit_vectors
    from bench.milvus_lite import lite_server
    from index.backend import InProcessBackend
    from index.milvus_backend import MilvusBackend, connect, sync
    from index.reader import CorpusIndex

    t = time.perf_counter()
    index_dir = _build(label, out)
    build_s = time.perf_counter() - t
    index = CorpusIndex.load(index_dir)
    questions = [q for _, q in bench_queries(QUERIES)]
    vectors = random_unit_vectors(len(questions), DIMENSION, seed=7)
    result: dict[str, Any] = {"chunks": len(index.chunks), "local_build_s": round(build_s, 1)}
    local = _searches(InProcessBackend(index), index, questions, vectors)

    data = out / f"milvus-{label}" / "lite-data"
    shutil.rmtree(data, ignore_errors=True)
    with lite_server(data) as uri:
        client = connect(uri, timeout=600)
        t = time.perf_counter()
        sync(index, client, "bench", force=True)
        sync_s = time.perf_counter() - t
        backend = MilvusBackend(index, client, "bench")
        remote = _searches(backend, index, questions, vectors)
        backend.close()
    agree_sparse = np.mean([a == b for a, b in zip(local.pop("_sparse_ids"), remote.pop("_sparse_ids"))])
    dense_recall = np.mean(
        [len(set(a[:10]) & set(b[:10])) / 10 for a, b in zip(local.pop("_dense_ids"), remote.pop("_dense_ids"))]
    )
    result["inprocess"] = local
    result["milvus_lite"] = {
        **remote,
        "sync_s": round(sync_s, 1),
        "sync_chunks_per_s": round(len(index.chunks) / sync_s, 1),
        "sparse_top50_identical": round(float(agree_sparse), 3),
        "dense_recall@10_vs_flat": round(float(dense_recall), 3),
        "note": "Lite, not representative of standalone",
    }
    return result


def _p50_p95(side: str, what: str) -> Callable[[dict[str, Any]], str]:
    return lambda r: f"{r[side][what]['p50_ms']} / {r[side][what]['p95_ms']}"


def print_table(results: dict[str, Any]) -> None:
    rows: list[tuple[str, Callable[[dict[str, Any]], Any]]] = [
        ("index: local build s (BM25 + flat vectors)", lambda r: r["local_build_s"]),
        (
            "index: Milvus Lite sync s (chunks/s)",
            lambda r: f"{r['milvus_lite']['sync_s']} ({r['milvus_lite']['sync_chunks_per_s']})",
        ),
    ]
    for what in ("sparse", "dense", "sparse_filtered", "dense_filtered"):
        rows.append(
            (
                f"{what} top-{K} p50/p95 ms in-process",
                _p50_p95("inprocess", what),
            )
        )
        rows.append(
            (
                f"{what} top-{K} p50/p95 ms Milvus Lite",
                _p50_p95("milvus_lite", what),
            )
        )
    rows.append(("sparse top-50 identical (Lite vs in-process)", lambda r: r["milvus_lite"]["sparse_top50_identical"]))
    rows.append(("dense recall@10, Lite HNSW vs flat", lambda r: r["milvus_lite"]["dense_recall@10_vs_flat"]))
    labels = list(results)
    print(f"{'measure':<52}" + "".join(f"{label:>22}" for label in labels))
    for name, get in rows:
        print(f"{name:<52}" + "".join(f"{get(results[label])!s:>22}" for label in labels))
    print("Milvus figures: Milvus Lite 3.x (pure Python), not representative of standalone.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10k,100k", help="comma-separated: 10k, 100k")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args(argv)
    labels = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {unknown}; choose from {', '.join(SIZES)}")
    args.out.mkdir(parents=True, exist_ok=True)
    results = {}
    for label in labels:
        print(f"[bench.milvus] {label}: building and syncing …", flush=True)
        results[label] = run_size(label, args.out)
        (args.out / "milvus.json").write_text(json.dumps(results, indent=2, ensure_ascii=False), "utf-8")
    print_table(results)


if __name__ == "__main__":
    main()
