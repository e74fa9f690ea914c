"""Embedding costs and dense search at scale, for the default model (multilingual-e5-small):

    python -m bench.embedding encode [--sample 64]        chunks/s by engine threads × batch size
    python -m bench.embedding add-report [--chunks 10000] time to add one report to an N-chunk index
    python -m bench.embedding hnsw --vectors A.npy --queries Q.npy [--n 200000]
                                                          HNSW recall@10 / latency by M × efSearch on
                                                          e5-like vectors (see `e5_like`) and random ones

Results print as JSON lines and go to var/bench/embedding.json (merged by section).

- encode: the engine's OpenMP pool is sized once per process, so each thread count runs in its own process;
  chunks are real retrieval texts of the seed reports (what `qa index` encodes).
- add-report: a real `build_index` of an N-chunk bench corpus (bench.corpus) whose vectors are seeded into a
  shared vector cache (random unit vectors: encoding 10k chunks takes ~30 min here), then one seed report
  added and `build_index` run again (incremental: the 10k chunks are taken from the first build), then deleted
  again. Reported: the whole rebuild, the new report's encoding, loading the model (only when something is
  encoded), the rest and its stages (read, chunk, bm25, vectors_other, write), and the delete; as the reference
  measured in the same run, a `force` build of the same corpus (all read and chunked again, nothing encoded),
  and the rest's ratio to it.
- hnsw: encoding 100k+ real chunks is out of reach on 2 cores (~4 h), so the corpus is drawn from a Gaussian
  with the mean and covariance of real e5 chunk vectors (`--vectors`, e.g. a CMRC index's chunk_vectors.npy),
  which keeps e5's anisotropy (mean pairwise cosine ~0.75, not 0); queries are real e5 question vectors and
  the real chunk vectors themselves are mixed in.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench" / "embedding.json"


def emit(section: str, result: dict[str, Any]) -> None:
    print(json.dumps({section: result}, ensure_ascii=False), flush=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(OUT.read_text("utf-8")) if OUT.exists() else {}
    data[section] = {**result, "date": time.strftime("%Y-%m-%d %H:%M"), "load": list(os.getloadavg())}
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")


def seed_texts(n: int) -> list[str]:
    from index.build import chunk_corpus, retrieval_text
    from index.documents import read_corpus
    from index.places import Gazetteer

    gazetteer = Gazetteer.default()
    read = read_corpus([ROOT / "corpus"])
    titles = {d.doc_id: d.title for d in read.documents}
    chunks = chunk_corpus(read.documents, gazetteer)
    return [retrieval_text(c, titles[c.doc_id], gazetteer) for c in chunks][:n]


def encode_one(threads: int, batches: list[int], sample: int) -> dict[str, Any]:
    """In this process: the engine with `threads` OpenMP threads, each batch size over the same texts."""
    from index.embed import load_e5_engine

    texts = seed_texts(sample)
    engine = load_e5_engine(threads)
    engine.passage(texts[:4])  # warm
    out: dict[str, Any] = {
        "threads": threads,
        "chunks": len(texts),
        "mean_chars": float(np.mean([len(t) for t in texts])),
    }
    for batch in batches:
        started, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(texts), batch):
            engine.passage(texts[i : i + batch])
        wall = time.perf_counter() - started
        out[f"batch_{batch}"] = {
            "chunks_per_s": round(len(texts) / wall, 2),
            "cpu_s_per_chunk": round((time.process_time() - cpu) / len(texts), 4),
        }
    started = time.perf_counter()
    for t in texts[:16]:
        engine.query(t[:30])
    out["query_ms"] = round((time.perf_counter() - started) / 16 * 1000, 2)
    return out


def encode_section(sample: int) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for threads in (1, 2):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.embedding",
                "_encode-one",
                "--threads",
                str(threads),
                "--sample",
                str(sample),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "OMP_WAIT_POLICY": os.environ.get("OMP_WAIT_POLICY", "PASSIVE")},
            timeout=3600,
            check=False,
        )
        if done.returncode:
            raise RuntimeError(done.stderr[-2000:])
        result[f"threads_{threads}"] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def add_report_section(n_chunks: int) -> dict[str, Any]:
    from bench.corpus import generate, random_unit_vectors, sentence_pool
    from index.build import build_index, chunk_corpus, retrieval_text
    from index.documents import read_corpus
    from index.embed import E5_SMALL
    from index.places import Gazetteer
    from index.store import current_build, read_manifest
    from index.vector_cache import CachedVectors, SharedVectorCache, text_keys

    with tempfile.TemporaryDirectory(prefix="qa-bench-add-") as tmp:
        root = Path(tmp)
        corpus, index_dir, shared = root / "corpus", root / "index", root / "vectors"
        corpus.mkdir()
        for doc in generate(sentence_pool(), n_chunks).documents:
            (corpus / f"{doc.doc_id}.txt").write_text(f"{doc.title}\n{doc.text}", "utf-8")
        gazetteer = Gazetteer.default()
        read = read_corpus([corpus])
        titles = {d.doc_id: d.title for d in read.documents}
        texts = [retrieval_text(c, titles[c.doc_id], gazetteer) for c in chunk_corpus(read.documents, gazetteer)]
        SharedVectorCache(shared, E5_SMALL).add(CachedVectors(text_keys(texts), random_unit_vectors(len(texts), 384)))
        first = build_index([corpus], index_dir, E5_SMALL, show_progress=False, vector_cache=shared)
        assert first.encoded == 0, first
        new = min((ROOT / "corpus").glob("004_*.txt"))
        (corpus / new.name).write_bytes(new.read_bytes())
        started = time.perf_counter()
        second = build_index([corpus], index_dir, E5_SMALL, show_progress=False, vector_cache=shared)
        total = time.perf_counter() - started
        build = current_build(index_dir)
        assert build is not None, "the build just made is current"
        stages = read_manifest(build)["incremental"]["seconds"]
        encode_s = stages.get("encode", 0.0)
        load_s = stages.get("model_load", 0.0)
        # The reference, in the same run: the same corpus built whole again (`force`: every file read, chunked
        # and tokenised; vectors still from the cache, so no encoding either).
        started = time.perf_counter()
        build_index([corpus], index_dir, E5_SMALL, show_progress=False, vector_cache=shared, force=True)
        full_s = time.perf_counter() - started
        # Deleting a report: the one just added goes again (nothing to encode).
        (corpus / new.name).unlink()
        started = time.perf_counter()
        third = build_index([corpus], index_dir, E5_SMALL, show_progress=False, vector_cache=shared)
        delete_s = time.perf_counter() - started
        build = current_build(index_dir)
        assert build is not None and third.chunks == first.chunks, (third, first)
        delete_stages = read_manifest(build)["incremental"]["seconds"]
    return {
        "index_chunks": first.chunks,
        "first_build_s": round(first.seconds, 2),
        "new_report_chunks": second.chunks - first.chunks,
        "encoded": second.encoded,
        "reused_chunks": second.reused_chunks,
        "rebuild_s": round(total, 2),
        "new_report_encoding_s": encode_s,
        "model_load_s": load_s,
        "rebuild_minus_encoding_s": round(total - encode_s - load_s, 2),
        "stages_s": stages,
        "full_rebuild_without_encoding_s": round(full_s, 2),
        "rest_vs_full_rebuild": round((total - encode_s - load_s) / full_s, 3),
        "delete_report_s": round(delete_s, 2),
        "delete_stages_s": delete_stages,
        "goal_s": "≤ 5 plus the new report's encoding",
    }


def e5_like(real: np.ndarray, n: int, seed: int = 7) -> np.ndarray:
    """n unit vectors from a Gaussian with the real vectors' mean and covariance, plus the real ones."""
    rng = np.random.default_rng(seed)
    mean = real.mean(axis=0)
    centered = real - mean
    # sample as mean + z @ (centered / sqrt(m)): covariance = centered.T @ centered / m, without forming it
    out = np.empty((n, real.shape[1]), dtype=np.float32)
    out[: len(real)] = real
    scale = centered / np.sqrt(len(real))
    for start in range(len(real), n, 50_000):
        m = min(50_000, n - start)
        block = mean + rng.standard_normal((m, len(real)), dtype=np.float32) @ scale
        out[start : start + m] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def question_vectors(path: Path, n: int = 300) -> np.ndarray:
    """e5 query vectors: an .npy of them, or the first n questions of a BEIR queries.jsonl encoded here."""
    if path.suffix == ".npy":
        return np.load(path).astype(np.float32)[:n]
    from index.embed import E5_SMALL, Embedder

    cached = ROOT / "var" / "bench" / f"query-vectors-{path.parent.name}-{n}.npy"
    if cached.exists():
        return np.load(cached)
    embedder = Embedder(E5_SMALL)
    lines = [json.loads(line)["text"] for line in path.read_text("utf-8").splitlines() if line.strip()][:n]
    vectors = np.stack([embedder.encode_query(t) for t in lines])
    cached.parent.mkdir(parents=True, exist_ok=True)
    np.save(cached, vectors)
    return vectors


def hnsw_section(
    vectors: Path, queries: Path, n: int, ms: list[int], efs: list[int], kinds: list[str]
) -> dict[str, Any]:
    import faiss

    from bench.corpus import random_unit_vectors

    real = np.load(vectors).astype(np.float32)
    q = question_vectors(queries)
    result: dict[str, Any] = {"n": n, "real_vectors": len(real), "queries": len(q)}
    for kind in kinds:
        base = e5_like(real, n) if kind == "e5_like" else random_unit_vectors(n, real.shape[1])
        sample = base[np.random.default_rng(1).choice(n, 2000, replace=False)]
        cos = sample @ sample.T
        flat = faiss.IndexFlatIP(base.shape[1])
        flat.add(base)
        _, truth = flat.search(q, 10)
        entry: dict[str, Any] = {"mean_cosine": round(float(cos[np.triu_indices(2000, 1)].mean()), 3)}
        for m in ms:
            index = faiss.IndexHNSWFlat(base.shape[1], m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = 200
            started = time.perf_counter()
            index.add(base)
            build = time.perf_counter() - started
            for ef in efs:
                index.hnsw.efSearch = ef
                times, found = [], []
                for row in q:
                    t = time.perf_counter()
                    _, ids = index.search(row[None], 10)
                    times.append(time.perf_counter() - t)
                    found.append(ids[0])
                recall = float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)]))
                entry[f"M{m}_ef{ef}"] = {
                    "recall10": round(recall, 4),
                    "p50_ms": round(float(np.percentile(times, 50)) * 1000, 3),
                    "p95_ms": round(float(np.percentile(times, 95)) * 1000, 3),
                }
            entry[f"M{m}_build_s"] = round(build, 1)
            print(json.dumps({kind: entry}), file=sys.stderr, flush=True)
        result[kind] = entry
    return result


def main() -> None:
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # a shared machine: no spinning OpenMP threads
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="cmd", required=True)
    e = sub.add_parser("encode")
    e.add_argument("--sample", type=int, default=64)
    one = sub.add_parser("_encode-one")
    one.add_argument("--threads", type=int, required=True)
    one.add_argument("--sample", type=int, default=64)
    a = sub.add_parser("add-report")
    a.add_argument("--chunks", type=int, default=10_000)
    h = sub.add_parser("hnsw")
    h.add_argument("--vectors", type=Path, required=True)
    h.add_argument("--queries", type=Path, required=True)
    h.add_argument("--n", type=int, default=200_000)
    h.add_argument("--m", default="32,48")
    h.add_argument("--ef", default="64,128,256,512")
    h.add_argument("--kinds", default="e5_like,random")
    args = parser.parse_args()
    if args.cmd == "_encode-one":
        print(json.dumps(encode_one(args.threads, [8, 32], args.sample)))
    elif args.cmd == "encode":
        emit("encode", encode_section(args.sample))
    elif args.cmd == "add-report":
        emit("add_report", add_report_section(args.chunks))
    else:
        ms, efs = [int(x) for x in args.m.split(",")], [int(x) for x in args.ef.split(",")]
        kinds = args.kinds.split(",")
        emit(f"hnsw_{args.n}", hnsw_section(args.vectors, args.queries, args.n, ms, efs, kinds))


if __name__ == "__main__":
    main()
