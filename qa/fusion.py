"""Rank fusion: pure functions over ranked id lists, inputs never mutated."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def weighted_rrf(
    rankings: Mapping[str, Sequence[int]], weights: Mapping[str, float], k: int = 60
) -> list[tuple[int, float]]:
    """Weighted reciprocal rank fusion: score(d) = Σ_r weight_r / (k + rank_r(d)), ranks from 1.
    Returns (id, score) best first; ties keep the order of first appearance (the first ranking wins)."""
    if k < 1:
        raise ValueError(f"RRF k must be ≥ 1, got {k}")
    unknown = set(rankings) - set(weights)
    if unknown:
        raise ValueError(f"no weight for ranking(s) {sorted(unknown)}")
    scores: dict[int, float] = {}
    for name, ranking in rankings.items():
        weight = weights[name]
        for rank, item in enumerate(ranking, 1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    order = {item: i for i, item in enumerate(scores)}
    return sorted(scores.items(), key=lambda pair: (-pair[1], order[pair[0]]))
