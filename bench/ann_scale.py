"""HNSW at scale on e5 vectors: recall@10 against exact search, and one-query latency, by efSearch, as one graph
grows to N vectors (built in steps and cached after each, so a 1M build that does not finish in one sitting
resumes where it stopped).

    python -m bench.ann_scale --real 'var/eval/*/index/current/chunk_vectors.npy' \\
        --queries 'var/fusion/qvec/*-queries.npy' --kind e5_like --n 1000000 --measure-at 100000,200000,500000,1000000

Kinds of corpus vector:
- `real`: the real e5 chunk vectors given (all of them; N is their count): HNSW on the model's own vectors;
- `e5_like`: the real vectors first, then draws from a Gaussian with their mean and covariance (e5 vectors are
  strongly anisotropic: mean pairwise cosine ~0.8, which is what makes graph search hard), normalised;
- `real_noise`: the real vectors again and again, each copy with isotropic noise (`--noise`, the copy's
  expected cosine to its original, default 0.95), normalised;
- `real_kde`: the real vectors first, then draws from a Gaussian kernel density estimate over them: a real vector
  picked at random plus Gaussian noise with the real vectors' covariance scaled by `--bandwidth`² (default 0.4),
  normalised. Unlike `e5_like` it keeps the real data's topic structure; its bandwidth was fitted so that relative
  contrast, local intrinsic dimensionality and the HNSW recall curve match real e5 vectors (bench.ann_compare
  `--hardness`, docs/embedding.md).
Queries are real e5 question vectors (`qa eval`'s sets, saved by `eval.fusion_sweep collect --vectors-out`).

Exact neighbours are kept up to date block by block, so every checkpoint's recall is against exact search over
exactly its N vectors. Results print as JSON lines and merge into var/bench/embedding.json (`ann_<kind>_M<m>`).
Build on a shared machine: run it under `nice`; FAISS's OpenMP threads wait passively (OMP_WAIT_POLICY).
"""

from __future__ import annotations

import argparse
import glob
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402  (after the OpenMP setting)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "var" / "bench" / "cache"
BLOCK = 50_000
EF_GRID = (64, 128, 256, 384, 512, 768, 1024)
RECALL_GOAL, P50_GOAL_MS = 0.98, 3.0
KINDS = ("real", "e5_like", "real_noise", "real_kde")
SNAPSHOT_MAX = 200_000  # checkpoints up to this size are also kept as graphs of their own


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def load_many(patterns: str) -> tuple[np.ndarray, list[str]]:
    """Vectors of .npy files (globs, comma-separated), each row once; a BEIR queries.jsonl is encoded by the
    model (its first 1,000 questions, cached in var/bench)."""
    paths = sorted({p for pattern in patterns.split(",") for p in glob.glob(pattern)})
    if not paths:
        raise SystemExit(f"no file matches {patterns!r}")
    from bench.embedding import question_vectors

    arrays = [question_vectors(Path(p), 1000) if p.endswith(".jsonl") else np.load(p) for p in paths]
    vectors = np.concatenate(arrays).astype(np.float32)
    _, first = np.unique(vectors, axis=0, return_index=True)  # the same index found twice counts once
    return vectors[np.sort(first)], paths


class Corpus:
    """Block b of the corpus vectors, reproducible on its own (seeded by block), so a resumed build and the
    exact neighbours see the same vectors."""

    def __init__(self, real: np.ndarray, kind: str, noise: float, seed: int = 7, bandwidth: float = 0.4) -> None:
        self.real, self.kind, self.seed, self.bandwidth = real, kind, seed, bandwidth
        self.dim = real.shape[1]
        if kind in ("e5_like", "real_kde"):
            self.mean = real.mean(axis=0)
            values, vectors = np.linalg.eigh(np.cov(real - self.mean, rowvar=False))
            self.transform = (vectors * np.sqrt(np.clip(values, 0, None))).T.astype(np.float32)
        # isotropic noise of per-dimension sigma: expected cosine to the original ≈ 1 / sqrt(1 + dim·sigma²)
        self.sigma = float(np.sqrt((1 / noise**2 - 1) / self.dim))

    def block(self, b: int) -> np.ndarray:
        start, stop = b * BLOCK, (b + 1) * BLOCK
        rng = np.random.default_rng([self.seed, b])
        if self.kind == "e5_like":
            out = self.mean + rng.standard_normal((BLOCK, self.dim), dtype=np.float32) @ self.transform
        elif self.kind == "real_kde":
            centres = self.real[rng.integers(0, len(self.real), BLOCK)]
            out = centres + self.bandwidth * (rng.standard_normal((BLOCK, self.dim), dtype=np.float32) @ self.transform)
        else:  # real_noise: copies of the real rows, in order, with noise
            rows = self.real[np.arange(start, stop) % len(self.real)]
            out = rows + self.sigma * rng.standard_normal(rows.shape, dtype=np.float32)
        out = out.astype(np.float32)
        real_here = max(0, min(stop, len(self.real)) - start)  # the real vectors come first, unchanged
        if real_here:
            out[:real_here] = self.real[start : start + real_here]
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def merge_top(scores: np.ndarray, ids: np.ndarray, block_scores: np.ndarray, offset: int, k: int = 10) -> Any:
    all_scores = np.concatenate([scores, block_scores], axis=1)
    all_ids = np.concatenate([ids, np.arange(block_scores.shape[1])[None, :].repeat(len(ids), 0) + offset], axis=1)
    top = np.argsort(-all_scores, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(all_scores, top, 1), np.take_along_axis(all_ids, top, 1)


def timed_search(index: Any, queries: np.ndarray, k: int = 10) -> tuple[np.ndarray, np.ndarray, Any, Any]:
    """Each query searched alone (as a server does), after 10 warm-up searches: the ids and scores found, and
    each search's wall and CPU milliseconds."""
    for q in queries[:10]:
        index.search(q[None], k)
    wall, cpu, found, sims = [], [], [], []
    for q in queries:
        t, c = time.perf_counter(), time.process_time()
        scores, ids = index.search(q[None], k)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        found.append(ids[0])
        sims.append(scores[0])
    return np.stack(found), np.stack(sims), np.asarray(wall) * 1000, np.asarray(cpu) * 1000


def recall_at_10(found: np.ndarray, truth_ids: np.ndarray) -> float:
    return float(np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth_ids)]))


def measure(
    index: Any, queries: np.ndarray, truth_ids: np.ndarray, truth_scores: np.ndarray, efs: tuple[int, ...] = EF_GRID
) -> list[dict]:
    out = []
    for ef in efs:
        index.hnsw.efSearch = ef
        found_a, sims_a, ms, cpu_ms = timed_search(index, queries)
        recall = recall_at_10(found_a, truth_ids)
        # ann-benchmarks' recall: a returned vector as close as the exact 10th (within 1e-4) counts as found
        by_similarity = float(np.mean((sims_a >= truth_scores[:, 9:10] - 1e-4) & (found_a >= 0)))
        out.append(
            {
                "ef_search": ef,
                "recall10": round(recall, 4),
                "recall10_by_similarity": round(by_similarity, 4),
                "p50_ms": round(float(np.percentile(ms, 50)), 3),
                "p95_ms": round(float(np.percentile(ms, 95)), 3),
                # CPU time of the search (wall time on a shared machine adds other processes' time slices)
                "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 3),
                "cpu_mean_ms": round(float(cpu_ms.mean()), 3),
            }
        )
        log(
            f"  ef {ef}: recall@10 {recall:.4f} ({by_similarity:.4f}) p50 {out[-1]['p50_ms']} ms, "
            f"CPU p50 {out[-1]['cpu_p50_ms']} ms"
        )
    return out


def chosen(sweep: list[dict]) -> dict | None:
    """The smallest efSearch reaching the recall goal."""
    return next((s for s in sweep if s["recall10"] >= RECALL_GOAL), None)


def sweep_summary(sweep: list[dict], **extra: Any) -> dict[str, Any]:
    """A size's sweep with the smallest efSearch reaching the recall goal, its times, and when it was measured."""
    pick = chosen(sweep)
    return {
        "sweep": sweep,
        **extra,
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
        "smallest_ef_for_recall_0.98": pick["ef_search"] if pick else None,
        "p50_ms_at_that_ef": pick["p50_ms"] if pick else None,
        "cpu_p50_ms_at_that_ef": pick["cpu_p50_ms"] if pick else None,
        "goal_met": bool(pick and pick["p50_ms"] <= P50_GOAL_MS),
    }


def emit(section: str, result: dict[str, Any]) -> None:
    out = ROOT / "var" / "bench" / "embedding.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    data = json.loads(out.read_text("utf-8")) if out.exists() else {}
    data[section] = {**data.get(section, {}), **result}
    out.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    print(json.dumps({section: result}, ensure_ascii=False), flush=True)


def measure_cached(args: argparse.Namespace, corpus: Corpus, queries: np.ndarray, stem: str, results: dict) -> None:
    """Measure a cached graph again, at its own size (`--at N`: the snapshot of that size), e.g. at normal priority
    while the build goes on niced in another process."""
    import faiss

    path = CACHE / (f"{stem}-n{args.at}.faiss" if args.at else f"{stem}.faiss")
    index = faiss.read_index(str(path))
    n = index.ntotal
    truth_scores = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    truth_ids = np.full((len(queries), 10), -1, dtype=np.int64)
    for start in range(0, n, BLOCK):
        block = corpus.real if args.kind == "real" else corpus.block(start // BLOCK)[: n - start]
        truth_scores, truth_ids = merge_top(truth_scores, truth_ids, queries @ block.T, start)
    log(f"measuring {path.name} at {n}")
    sweep = measure(index, queries, truth_ids, truth_scores, args.ef)
    results[str(n)] = sweep_summary(sweep)
    emit(f"ann_{args.kind}_M{args.m}_remeasured", results)  # apart from a build still writing its own section


def run(args: argparse.Namespace) -> None:
    import faiss

    real, real_paths = load_many(args.real)
    queries, query_paths = load_many(args.queries)
    rng = np.random.default_rng(3)
    queries = queries[np.sort(rng.choice(len(queries), min(args.queries_n, len(queries)), replace=False))]
    corpus = Corpus(real, args.kind, args.noise, bandwidth=args.bandwidth)
    n_total = len(real) if args.kind == "real" else args.n
    checkpoints = sorted({min(int(x), n_total) for x in args.measure_at.split(",")} | {n_total})
    fingerprint = hashlib.sha256(real.tobytes()).hexdigest()[:10]
    shape = args.bandwidth if args.kind == "real_kde" else args.noise
    stem = f"ann-{args.kind}-{fingerprint}-{shape}-M{args.m}-efc{args.ef_construction}"
    section = f"ann_{args.kind}_M{args.m}"
    done = json.loads((CACHE / f"{stem}.json").read_text()) if (CACHE / f"{stem}.json").exists() else {}
    start_n = done.get("n", 0) if (CACHE / f"{stem}.faiss").exists() else 0
    start_n = min(start_n, n_total)
    if start_n:
        index = faiss.read_index(str(CACHE / f"{stem}.faiss"))
        log(f"resuming {stem} at {start_n} vectors (built in {done['build_s']:.0f} s so far)")
    else:
        index = faiss.IndexHNSWFlat(corpus.dim, args.m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = args.ef_construction
        done = {"n": 0, "build_s": 0.0}
    truth_scores = np.full((len(queries), 10), -np.inf, dtype=np.float32)
    truth_ids = np.full((len(queries), 10), -1, dtype=np.int64)
    results: dict[str, Any] = {
        "kind": args.kind,
        "m": args.m,
        "ef_construction": args.ef_construction,
        "real_vectors": len(real),
        "real_files": real_paths,
        "queries": len(queries),
        "query_files": query_paths,
        "noise_cosine": args.noise if args.kind == "real_noise" else None,
        "bandwidth": args.bandwidth if args.kind == "real_kde" else None,
        "threads": faiss.omp_get_max_threads(),
    }
    if args.measure_cached:
        measure_cached(args, corpus, queries, stem, results)
        return
    n = 0
    while n < n_total:
        b = n // BLOCK
        block = real if args.kind == "real" else corpus.block(b)[: n_total - n]
        truth_scores, truth_ids = merge_top(truth_scores, truth_ids, queries @ block.T, n)
        if n + len(block) > start_n:
            new = block[max(0, start_n - n) :]
            t = time.perf_counter()
            index.add(new)
            done["build_s"] += time.perf_counter() - t
            done["n"] = index.ntotal
            CACHE.mkdir(parents=True, exist_ok=True)
            faiss.write_index(index, str(CACHE / f"{stem}.faiss.tmp"))
            os.replace(CACHE / f"{stem}.faiss.tmp", CACHE / f"{stem}.faiss")
            (CACHE / f"{stem}.json").write_text(json.dumps(done))
            log(f"{args.kind}: {index.ntotal} vectors, build {done['build_s']:.0f} s, load {os.getloadavg()[0]:.1f}")
        n += len(block)
        if n in checkpoints:
            if n < n_total and n <= SNAPSHOT_MAX:  # kept: bench.ask reuses the graph of its size
                faiss.write_index(index, str(CACHE / f"{stem}-n{n}.faiss"))
            log(f"measuring at {n}")
            sweep = measure(index, queries, truth_ids, truth_scores, args.ef)
            results[str(n)] = sweep_summary(sweep, build_s_so_far=round(done["build_s"], 1))
            emit(section, results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--real", required=True, help="real e5 chunk vectors: .npy paths or globs, comma-separated")
    parser.add_argument("--queries", required=True, help="real e5 question vectors: .npy paths or globs")
    parser.add_argument("--kind", choices=KINDS, default="e5_like")
    parser.add_argument("--n", type=int, default=1_000_000, help="vectors at the end (kind real: all real ones)")
    parser.add_argument("--measure-at", default="100000,200000,500000,1000000")
    parser.add_argument("--m", type=int, default=None, help="HNSW M (default: index.vectors' DEFAULT_HNSW_M)")
    parser.add_argument("--ef-construction", type=int, default=200)
    parser.add_argument("--noise", type=float, default=0.95, help="real_noise: a copy's cosine to its original")
    parser.add_argument("--bandwidth", type=float, default=0.4, help="real_kde: noise scale (× the real covariance)")
    parser.add_argument("--queries-n", type=int, default=500)
    parser.add_argument("--ef", default=",".join(map(str, EF_GRID)), help="efSearch values measured")
    parser.add_argument("--measure-cached", action="store_true", help="only measure the cached graph (no build)")
    parser.add_argument("--at", type=int, default=None, help="with --measure-cached: the snapshot of this size")
    args = parser.parse_args()
    args.ef = tuple(int(x) for x in args.ef.split(","))
    if args.m is None:
        from index.vectors import DEFAULT_HNSW_M

        args.m = DEFAULT_HNSW_M
    run(args)


if __name__ == "__main__":
    main()
