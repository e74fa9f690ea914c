"""Approximate search variants against plain HNSW on e5 vectors: recall@10 against exact search and one-query
latency, at sizes a shared 2-core machine builds in minutes (each index grown in 50k blocks, measured at each
checkpoint), to see which one scales towards 1M at recall@10 ≥ 0.98 within 3 ms.

    nice python -m bench.ann_compare --kind e5_like --n 200000 --variants hnsw48,pca128_hnsw32,hnsw48_sq8,ivf

`--hardness` instead compares the real vectors with generators fitted on 1/part of them and grown back
(`--fit-parts`): median relative contrast RC@10, local intrinsic dimensionality LID@100 and HNSW M48 recall by
efSearch, at equal N (`ann_hardness`; `--hardness-n`: RC/LID of the grown corpora at large N):

    nice python -m bench.ann_compare --hardness --fit-parts 4,16,52 --hardness-n 100000,1000000 \\
        --real 'var/eval/*/index/builds/*/chunk_vectors.npy,var/eval/*/index/builds/*/sentence_vectors.npy'

Variants (all inner product on unit vectors; "refine": the top k' re-ranked exactly in full dimension, faiss
IndexRefineFlat, k' = 10 × k_factor):
- `hnsw<M>`: IndexHNSWFlat, as `qa index` builds it (efConstruction 200) — the reference;
- `pca<d>_hnsw<M>`: HNSW over the vectors projected on d directions (the mean direction and the top d−1
  principal axes of the rest, fitted on the first 50k corpus vectors; one linear map for corpus and query, so the
  projected inner product approximates the full one), refined;
- `hnsw<M>_sq8`: HNSW over 8-bit scalar-quantised codes (IndexHNSWSQ), refined;
- `hnsw<M>_fp16`: the same over 16-bit float codes, refined;
- `ivf<nlist>_hnsw<M>_sq8`: IVF with an HNSW graph over its centroids (searched 2·nprobe deep), SQ8 codes, refined;
- `ivf<nlist>`: IndexIVFFlat (flat quantizer; nlist default ~2·sqrt(N) at the last checkpoint), by nprobe.
Corpus kinds and queries as in bench.ann_scale (e5_like: the real e5 vectors first, then a Gaussian with their
mean and covariance; real: the real ones alone). Latency: one query per call, one thread, CPU time per search
(p50) and wall time (p50); builds use both cores. Results merge into var/bench/embedding.json
(`ann_compare_<kind>`).

Figures (docs/embedding.md, e5-like, 500 real questions): at 100k HNSW-SQ8 + refine gives 0.997 in 1.9 ms CPU where
flat HNSW gives 0.994 in 2.5 (ef 512); PCA 128 + refine and IVF (flat, or 4-bit PQ fast scan + refine; measured at
1M: 0.986 in 23 ms, 0.907 in 3.9 ms) lose to flat HNSW; none reaches 0.98 within 3 ms at 1M e5-like vectors (IVF
4,096 + HNSW centroids + SQ8 + refine: 0.981 in 13.8 ms). On real_kde vectors (`--kind real_kde`, checked against
real e5 vectors with `--hardness`) flat HNSW M48 gives 0.997 in 0.8 ms at 1M (bench.ann_scale).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import time
from typing import Any

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402

from bench.ann_scale import (  # noqa: E402
    BLOCK,
    KINDS,
    ROOT,
    Corpus,
    emit,
    load_many,
    log,
    merge_top,
    recall_at_10,
    timed_search,
)

FIT_SAMPLE = 50_000
HARDNESS_EFS = (16, 32, 64, 128)


def hardness(queries: np.ndarray, vectors: np.ndarray, k: int = 100) -> dict[str, float]:
    """Per-query statistics known to predict how hard approximate search is (medians over the queries), with
    distance = Euclidean between unit vectors: relative contrast RC@10 = mean distance to all / distance to the
    10th neighbour (He et al. 2012; near 1: every point about as far, hard), and local intrinsic dimensionality
    LID@k by maximum likelihood over the k nearest (Amsaleg et al. 2015; high: hard)."""
    return hardness_streamed(queries, [vectors], k)


def hardness_streamed(queries: np.ndarray, blocks: Any, k: int = 100) -> dict[str, float]:
    """`hardness` over a corpus given block by block (1M vectors are not held at once; one block for a corpus in
    memory): the running sum of distances and the k nearest so far."""
    total, count = np.zeros(len(queries)), 0
    near = np.full((len(queries), k), np.inf, dtype=np.float32)
    best = np.full(len(queries), -np.inf, dtype=np.float32)
    for block in blocks:
        sims = queries @ block.T
        dist = np.sqrt(np.clip(2 - 2 * sims, 1e-12, None))
        total += dist.sum(axis=1)
        count += len(block)
        near = np.sort(
            np.concatenate([near, np.partition(dist, min(k, dist.shape[1] - 1), axis=1)[:, :k]], axis=1), axis=1
        )[:, :k]
        best = np.maximum(best, sims.max(axis=1))
    rc = total / count / near[:, 9]
    lid = -1 / np.mean(np.log(near / near[:, k - 1 : k]), axis=1)
    return {
        "rc10": round(float(np.median(rc)), 3),
        "lid100": round(float(np.median(lid)), 1),
        "top1_cosine": round(float(np.median(best)), 3),
    }


def hnsw_curve(queries: np.ndarray, vectors: np.ndarray, m: int = 48) -> dict[str, Any]:
    """Recall@10 of HNSW M m (efConstruction 200, as `qa index`) by efSearch, and CPU p50 at each."""
    import faiss

    index = faiss.IndexHNSWFlat(vectors.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 200
    index.add(vectors)
    truth = np.argsort(-(queries @ vectors.T), axis=1)[:, :10]
    out: dict[str, Any] = {}
    for setting in [{"ef": e} for e in HARDNESS_EFS]:
        row = measure(index, queries, truth, setting)
        out[f"ef{row['ef']}"] = [row["recall10"], row["cpu_p50_ms"]]
    return out


def gmm_draws(fit: np.ndarray, n: int, components: int, seed: int) -> np.ndarray:
    """n draws from a Gaussian mixture (full covariances, scikit-learn) fitted on `fit`, normalised."""
    from sklearn.mixture import GaussianMixture

    mixture = GaussianMixture(components, covariance_type="full", reg_covar=1e-4, max_iter=50, random_state=seed)
    draws, _ = mixture.fit(fit).sample(n)
    draws = draws[np.random.default_rng(seed).permutation(n)]  # sample() returns them grouped by component
    return (draws / np.linalg.norm(draws, axis=1, keepdims=True)).astype(np.float32)


def json_rows(section: str) -> dict[str, Any]:
    """The rows a section of var/bench/embedding.json holds already (a later --hardness run adds to them)."""
    out = ROOT / "var" / "bench" / "embedding.json"
    return json.loads(out.read_text("utf-8")).get(section, {}).get("rows", {}) if out.exists() else {}


def hardness_table(real: np.ndarray, queries: np.ndarray, bandwidths: list[float], fit_parts: list[int]) -> dict:
    """Real e5 vectors against generators fitted on a fraction of them and grown back to the real count (an
    extrapolation in N of 1/fraction, as a 1M corpus drawn from ~20k real vectors is): which generator's
    hardness and HNSW recall curve match the real vectors', at subsets of the real ones and all of them."""
    order = np.random.default_rng(5).permutation(len(real))
    out: dict[str, Any] = {}

    def row(name: str, vectors: np.ndarray) -> None:
        t = time.process_time()
        out[name] = {"n": len(vectors), **hardness(queries, vectors), **hnsw_curve(queries, vectors)}
        log(f"{name}: {out[name]} ({time.process_time() - t:.0f} s CPU)")

    for part in fit_parts:
        fit = real[order[: len(real) // part]]
        for n in sorted({len(real) // max(1, part // 4), len(real)}):
            tag = f"n{n} fit 1/{part} ({n // len(fit)}x)"
            if f"real n{n}" not in out:
                row(f"real n{n}", real[order[:n]])
            row(f"e5_like {tag}", Corpus(fit, "e5_like", 0.95, seed=2).block(0)[:n])
            for h in bandwidths:
                row(f"real_kde h{h} {tag}", Corpus(fit, "real_kde", 0.95, seed=2, bandwidth=h).block(0)[:n])
            row(f"gmm16 {tag}", np.concatenate([fit, gmm_draws(fit, n - len(fit), 16, 2)]))
    return out


def hardness_at_scale(real: np.ndarray, queries: np.ndarray, sizes: list[int], bandwidth: float) -> dict:
    """RC and LID of the corpora bench.ann_scale grows (fitted on all the real vectors) at large N."""
    out: dict[str, Any] = {}
    for kind in ("e5_like", "real_kde"):
        corpus = Corpus(real, kind, 0.95, bandwidth=bandwidth)
        for n in sizes:
            t = time.process_time()
            blocks = (corpus.block(b)[: n - b * BLOCK] for b in range(-(-n // BLOCK)))
            name = f"{kind}{f' h{bandwidth}' if kind == 'real_kde' else ''} n{n}"
            out[name] = {"n": n, **hardness_streamed(queries, blocks)}
            log(f"{name}: {out[name]} ({time.process_time() - t:.0f} s CPU)")
    return out


def projection(sample: np.ndarray, d: int) -> np.ndarray:
    """d orthonormal directions (rows): the mean direction, then the top d−1 principal axes of what is left.
    The same map for corpus and queries (no centring: a query's inner product with the mean would change the
    order), so the projected inner product is the full one less what the other 384 − d directions hold."""
    mean = sample.mean(axis=0)
    u = mean / np.linalg.norm(mean)
    rest = sample - np.outer(sample @ u, u)
    values, vectors = np.linalg.eigh(np.cov(rest, rowvar=False))
    top = vectors[:, np.argsort(values)[::-1][: d - 1]]
    return np.concatenate([u[None, :], top.T]).astype(np.float32)


def make_index(variant: str, dim: int, fit: np.ndarray, nlist: int) -> Any:
    import faiss

    ip = faiss.METRIC_INNER_PRODUCT
    if m := re.fullmatch(r"hnsw(\d+)", variant):
        index = faiss.IndexHNSWFlat(dim, int(m[1]), ip)
        index.hnsw.efConstruction = 200
        return index
    if m := re.fullmatch(r"pca(\d+)_hnsw(\d+)", variant):
        d = int(m[1])
        lt = faiss.LinearTransform(dim, d, False)
        faiss.copy_array_to_vector(projection(fit, d).ravel(), lt.A)
        lt.is_trained = True
        inner = faiss.IndexHNSWFlat(d, int(m[2]), ip)
        inner.hnsw.efConstruction = 200
        return faiss.IndexRefineFlat(faiss.IndexPreTransform(lt, inner))
    if m := re.fullmatch(r"hnsw(\d+)_(sq8|fp16)", variant):
        codes = faiss.ScalarQuantizer.QT_8bit if m[2] == "sq8" else faiss.ScalarQuantizer.QT_fp16
        graph = faiss.IndexHNSWSQ(dim, codes, int(m[1]), ip)  # type: ignore[arg-type]
        graph.hnsw.efConstruction = 200
        graph.train(fit)
        return faiss.IndexRefineFlat(graph)
    if variant == "ivf":
        quantizer = faiss.IndexFlatIP(dim)
        ivf = faiss.IndexIVFFlat(quantizer, dim, nlist, ip)
        ivf.train(fit)
        return ivf
    if m := re.fullmatch(r"ivf(\d+)_hnsw(\d+)_sq8", variant):  # many lists, found by a graph over the centroids
        factory = faiss.index_factory(dim, f"IVF{m[1]}_HNSW{m[2]},SQ8,RFlat", ip)
        factory.train(fit)
        return factory
    if m := re.fullmatch(r"ivfpq(\d+)fs", variant):  # 4-bit PQ codes scanned with SIMD (fast scan), refined
        factory = faiss.index_factory(dim, f"IVF{nlist},PQ{m[1]}x4fs,RFlat", ip)
        factory.train(fit)
        return factory
    raise SystemExit(f"unknown variant {variant!r}")


def hnsw_of(index: Any) -> Any:
    import faiss

    inner = index
    if isinstance(inner, faiss.IndexRefine):
        inner = faiss.downcast_index(inner.base_index)
    if isinstance(inner, faiss.IndexPreTransform):
        inner = faiss.downcast_index(inner.index)
    return inner if isinstance(inner, faiss.IndexHNSW) else None


def grid(variant: str, efs: list[int], factors: list[int], probes: list[int]) -> list[dict[str, int]]:
    if variant == "ivf":
        return [{"nprobe": p} for p in probes]
    if variant.startswith("ivf") and "_hnsw" in variant:  # the coarse graph searched 2·nprobe deep
        return [{"nprobe": p, "k_factor": f, "quantizer_ef": 2 * p} for p in probes for f in factors]
    if variant.startswith("ivfpq"):
        return [{"nprobe": p, "k_factor": f} for p in probes for f in factors]
    if variant.startswith("hnsw") and "_" not in variant:
        return [{"ef": e} for e in efs]
    return [{"ef": e, "k_factor": f} for e in efs for f in factors if e >= 10 * f]


def measure(index: Any, queries: np.ndarray, truth: np.ndarray, setting: dict[str, int]) -> dict[str, Any]:
    import faiss

    hnsw = hnsw_of(index)
    if hnsw is not None:
        hnsw.hnsw.efSearch = setting["ef"]
    if "k_factor" in setting:
        index.k_factor = setting["k_factor"]
    if "nprobe" in setting:
        ivf = faiss.extract_index_ivf(index)
        ivf.nprobe = setting["nprobe"]
        if "quantizer_ef" in setting:
            faiss.downcast_index(ivf.quantizer).hnsw.efSearch = setting["quantizer_ef"]  # type: ignore[attr-defined]
    faiss.omp_set_num_threads(1)
    found, _, wall_ms, cpu_ms = timed_search(index, queries)
    faiss.omp_set_num_threads(os.cpu_count() or 1)
    return {
        **setting,
        "recall10": round(recall_at_10(found, truth), 4),
        "cpu_p50_ms": round(float(np.percentile(cpu_ms, 50)), 3),
        "p50_ms": round(float(np.percentile(wall_ms, 50)), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--real", default="var/eval/*/index/current/chunk_vectors.npy,var/index/current/chunk_vectors.npy"
    )
    parser.add_argument("--queries", default="eval/sets/cmrc2018-trial/queries.jsonl,eval/sets/drcd-dev/queries.jsonl")
    parser.add_argument("--kind", choices=KINDS, default="e5_like")
    parser.add_argument("--bandwidth", type=float, default=0.4, help="real_kde: noise scale (× the real covariance)")
    parser.add_argument(
        "--hardness",
        action="store_true",
        help="only compare the real vectors with the generators fitted on a fraction of them (no index variants)",
    )
    parser.add_argument("--bandwidths", default="0.3,0.4,0.5", help="--hardness: real_kde bandwidths compared")
    parser.add_argument("--fit-parts", default="4,16", help="--hardness: generators fitted on 1/part of the real")
    parser.add_argument("--hardness-n", default="", help="--hardness: also RC/LID of the grown corpora at these N")
    parser.add_argument("--n", type=int, default=200_000)
    parser.add_argument("--measure-at", default="100000,200000")
    parser.add_argument("--variants", default="hnsw48,pca128_hnsw32,hnsw48_sq8,ivf")
    parser.add_argument("--ef", default="128,256,512,1024")
    parser.add_argument("--k-factor", default="5,10,20")
    parser.add_argument("--nprobe", default="16,32,64,128")
    parser.add_argument("--nlist", type=int, default=0, help="IVF lists (default ~2·sqrt(n))")
    parser.add_argument("--queries-n", type=int, default=500)
    args = parser.parse_args()
    efs = [int(x) for x in args.ef.split(",")]
    factors = [int(x) for x in args.k_factor.split(",")]
    probes = [int(x) for x in args.nprobe.split(",")]
    os.chdir(ROOT)
    real, _ = load_many(args.real)
    queries, _ = load_many(args.queries)
    rng = np.random.default_rng(3)
    queries = queries[np.sort(rng.choice(len(queries), min(args.queries_n, len(queries)), replace=False))]
    if args.hardness:
        bandwidths = [float(x) for x in args.bandwidths.split(",")]
        parts = [int(x) for x in args.fit_parts.split(",") if x]
        table = hardness_table(real, queries, bandwidths, parts) if parts else {}
        if args.hardness_n:
            sizes = [int(x) for x in args.hardness_n.split(",")]
            table.update(hardness_at_scale(real, queries, sizes, args.bandwidth))
        data = {"queries": len(queries), "real_vectors": len(real)}
        emit("ann_hardness", {**data, "rows": {**json_rows("ann_hardness"), **table}})
        return
    corpus = Corpus(real, args.kind, 0.95, bandwidth=args.bandwidth)
    n_total = len(real) if args.kind == "real" else args.n
    checkpoints = sorted({min(int(x), n_total) for x in args.measure_at.split(",")} | {n_total})

    def blocks() -> Any:  # made again for each variant (reproducible): 1M vectors are not held at once
        if args.kind == "real":
            yield real
            return
        for b in range(-(-n_total // BLOCK)):
            yield corpus.block(b)[: n_total - b * BLOCK]

    import faiss

    nlist = args.nlist or int(2 * np.sqrt(n_total))
    # k-means wants ~40 points per list (FAISS warns below 39): IVF trains on as many as that takes
    fit_n = max(FIT_SAMPLE, 40 * nlist) if any(v.startswith("ivf") for v in args.variants.split(",")) else FIT_SAMPLE
    fit = np.concatenate([b for b, _ in zip(blocks(), range(-(-fit_n // BLOCK)))])[:fit_n]
    section = f"ann_compare_{args.kind}"
    results: dict[str, Any] = {"queries": len(queries), "real_vectors": len(real), "nlist": nlist}
    shape = f"h{args.bandwidth}" if args.kind == "real_kde" else ""
    key = hashlib.sha256(real.tobytes()).hexdigest()[:10]
    for variant in args.variants.split(","):
        # the index at the last checkpoint is kept (faiss.write_index): a later run measures it without building
        saved = (
            ROOT / "var" / "bench" / "cache" / f"compare-{args.kind}{shape}-{key}-{variant}-nl{nlist}-n{n_total}.faiss"
        )
        index = faiss.read_index(str(saved)) if saved.exists() else make_index(variant, corpus.dim, fit, nlist)
        if saved.exists():
            log(f"{variant}: measuring the saved {saved.name}")
        truth_s = np.full((len(queries), 10), -np.inf, dtype=np.float32)
        truth_i = np.full((len(queries), 10), -1, dtype=np.int64)
        n, build_s = 0, 0.0
        for block in blocks():
            truth_s, truth_i = merge_top(truth_s, truth_i, queries @ block.T, n)
            n += len(block)
            if not saved.exists():
                if "_hnsw" in variant and variant.startswith("ivf"):  # measuring left the centroid graph deep
                    faiss.downcast_index(faiss.extract_index_ivf(index).quantizer).hnsw.efSearch = 128  # type: ignore[attr-defined]
                t = time.perf_counter()
                index.add(block)
                build_s += time.perf_counter() - t
                if n == n_total:
                    saved.parent.mkdir(parents=True, exist_ok=True)
                    faiss.write_index(index, str(saved))
            if n in checkpoints and (n == n_total or not saved.exists()):
                log(f"{variant}: {n} vectors, built in {build_s:.0f} s; measuring")
                sweep = [measure(index, queries, truth_i, s) for s in grid(variant, efs, factors, probes)]
                for s in sweep:
                    log(f"  {s}")
                best = [s for s in sweep if s["recall10"] >= 0.98]
                results[f"{variant}@{n}"] = {
                    "build_s": round(build_s, 1) if build_s else "saved",
                    "sweep": sweep,
                    "fastest_at_0.98": min(best, key=lambda s: s["cpu_p50_ms"]) if best else None,
                    "load_average": [round(x, 2) for x in os.getloadavg()],
                }
                emit(section, results)
        del index


if __name__ == "__main__":
    main()
