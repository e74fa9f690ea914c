"""bench.ann_scale's parts: reproducible e5-like / noisy-real corpus blocks and exact neighbours merged block by
block (what every recall figure of `make bench-hnsw` is measured against), and a real FAISS HNSW on them."""

from __future__ import annotations

import faiss
import numpy as np

from bench.ann_scale import BLOCK, Corpus, measure, merge_top


def _real(n: int = 300, dim: int = 16) -> np.ndarray:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((n, dim)).astype(np.float32) + 3.0  # anisotropic, as e5's vectors are
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_blocks_are_reproducible_and_start_with_the_real_vectors() -> None:
    real = _real()
    corpus = Corpus(real, "e5_like", 0.95)
    first = corpus.block(0)
    assert first.shape == (BLOCK, 16)
    np.testing.assert_allclose(first[: len(real)], real, atol=1e-6)
    np.testing.assert_array_equal(Corpus(real, "e5_like", 0.95).block(1), corpus.block(1))
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    # drawn like the real ones: mean pairwise cosine close to theirs (far from random vectors' 0)
    sample = first[len(real) : len(real) + 300]
    assert abs((sample @ sample.T).mean() - (real @ real.T).mean()) < 0.05
    noisy = Corpus(real, "real_noise", 0.95).block(1)  # copies: row i ≈ real[i % n], cosine ~0.95
    cos = np.einsum("ij,ij->i", noisy[:300], real[(BLOCK + np.arange(300)) % len(real)])
    assert 0.9 < cos.mean() < 0.99


def test_real_kde_draws_near_real_vectors_by_bandwidth() -> None:
    """real_kde: real vectors first, then a real vector plus noise shaped like the real covariance; the smaller the
    bandwidth, the closer each draw stays to some real vector (what keeps the real data's topic structure)."""
    real = _real()
    nearest = {}
    for h in (0.1, 1.0):
        block = Corpus(real, "real_kde", 0.95, bandwidth=h).block(1)[:500]
        np.testing.assert_allclose(np.linalg.norm(block, axis=1), 1.0, atol=1e-5)
        nearest[h] = float(np.median((block @ real.T).max(axis=1)))
    assert nearest[0.1] > 0.995 and nearest[1.0] < nearest[0.1]
    np.testing.assert_allclose(Corpus(real, "real_kde", 0.95).block(0)[: len(real)], real, atol=1e-6)


def test_exact_neighbours_merged_by_block_equal_brute_force() -> None:
    rng = np.random.default_rng(1)
    vectors = rng.standard_normal((1000, 8)).astype(np.float32)
    queries = rng.standard_normal((5, 8)).astype(np.float32)
    scores = np.full((5, 10), -np.inf, dtype=np.float32)
    ids = np.full((5, 10), -1, dtype=np.int64)
    for start in range(0, 1000, 300):
        scores, ids = merge_top(scores, ids, queries @ vectors[start : start + 300].T, start)
    np.testing.assert_array_equal(ids, np.argsort(-(queries @ vectors.T), axis=1, kind="stable")[:, :10])


def test_measure_reports_recall_against_exact_search() -> None:
    real = _real(2000)
    index = faiss.IndexHNSWFlat(16, 16, faiss.METRIC_INNER_PRODUCT)
    index.add(real)
    queries = real[:50] + 0.01
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    truth_scores, truth_ids = faiss.knn(queries, real, 10, metric=faiss.METRIC_INNER_PRODUCT)
    sweep = measure(index, queries, truth_ids, truth_scores)
    assert [s["ef_search"] for s in sweep] == sorted(s["ef_search"] for s in sweep)
    assert sweep[-1]["recall10"] >= 0.99  # a deep search on 2,000 vectors finds the exact neighbours
    assert all(0 <= s["recall10"] <= s["recall10_by_similarity"] + 1e-9 <= 1 + 1e-9 for s in sweep)
