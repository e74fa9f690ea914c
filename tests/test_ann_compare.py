"""bench.ann_compare's index kinds, on small real FAISS indexes: the projection keeps what it should, every kind
finds the exact neighbours at generous settings; and eval.answer_identity's comparison tells equal from not."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from bench.ann_compare import grid, hardness, hardness_streamed, make_index, measure, projection
from eval.answer_identity import compare


def _vectors(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((20, dim)) + 2.0  # clustered and anisotropic, as e5's chunk vectors are
    x = centres[rng.integers(0, 20, n)] + 0.3 * rng.standard_normal((n, dim))
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def test_projection_is_orthonormal_and_leads_with_the_mean_direction() -> None:
    x = _vectors(2000)
    p = projection(x, 8)
    assert p.shape == (8, 32)
    np.testing.assert_allclose(p @ p.T, np.eye(8), atol=1e-4)
    mean = x.mean(axis=0)
    np.testing.assert_allclose(abs(p[0] @ mean) / np.linalg.norm(mean), 1.0, atol=1e-5)


@pytest.mark.parametrize(
    "variant", ["hnsw16", "pca24_hnsw16", "hnsw16_sq8", "hnsw16_fp16", "ivf", "ivfpq16fs", "ivf20_hnsw8_sq8"]
)
def test_every_kind_finds_the_exact_neighbours_at_generous_settings(variant: str) -> None:
    corpus, queries = _vectors(3000), _vectors(50, seed=1)
    truth = np.argsort(-(queries @ corpus.T), axis=1)[:, :10]
    index = make_index(variant, 32, corpus, nlist=20)
    index.add(corpus)
    best = max(measure(index, queries, truth, s)["recall10"] for s in grid(variant, [512], [50], [20]))
    assert best >= 0.95, (variant, best)


def test_hardness_tells_clustered_vectors_from_a_gaussian_like_them() -> None:
    """Relative contrast higher and local intrinsic dimensionality lower on clustered vectors than on a Gaussian
    with their mean and covariance (bench.ann_scale's e5_like), for queries drawn like the clustered ones: the
    statistics bench.ann_scale's real_kde generator is checked on."""
    from bench.ann_scale import Corpus

    drawn = _vectors(3050)
    clustered, queries = drawn[:3000], drawn[3000:]
    smooth = Corpus(clustered, "e5_like", 0.95).block(1)[:3000]
    a, b = hardness(queries, clustered), hardness(queries, smooth)
    assert a["rc10"] > b["rc10"] and a["lid100"] < b["lid100"], (a, b)
    # given block by block (as 1M vectors are), the same figures
    assert hardness_streamed(queries, (clustered[i : i + 700] for i in range(0, 3000, 700))) == a


def test_identity_compare_tells_equal_answers_from_different_ones(tmp_path: Path) -> None:
    row = {"set": "dev", "answer": {"question": "q", "answer": "36个"}, "candidates": "ab"}
    before, same, other = tmp_path / "a.jsonl", tmp_path / "b.jsonl", tmp_path / "c.jsonl"
    before.write_text(json.dumps(row) + "\n")
    same.write_text(json.dumps(row) + "\n")
    other.write_text(json.dumps({**row, "candidates": "cd"}) + "\n")
    assert compare(before, same) == 0
    assert compare(before, other) == 1
