"""Rank fusion: pure functions over the two retrievers' (id, score) lists, inputs never mutated.

Two fusions:
- `weighted_rrf`: weighted reciprocal rank fusion over ranks only (QA_FUSION=rrf).
- `FittedFusion` (the default): a linear score over per-candidate features of both retrievers' *scores*,
  fitted by logistic regression on the train split of the question sets (`python -m eval.fusion_sweep fit`,
  docs/embedding.md), its coefficients in `fusion_weights.json` beside this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS_FILE = Path(__file__).with_name("fusion_weights.json")
FEATURES = (
    "bm25_norm",
    "dense_norm",
    "bm25_norm_x_traditional",
    "dense_norm_x_traditional",
    "bm25_rr",
    "dense_rr",
)
RR_K = 5  # the reciprocal-rank features' constant: the best rrf_k of the weighted-RRF grid (docs/embedding.md)
# A traditional-script text has about a third of its Han characters changed by OpenCC t2s (DRCD: 0.33 on
# average), a simplified one none: from a fifth on, a text counts as fully traditional.
TRADITIONAL_SATURATION = 0.2


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


def traditional_share(text: str) -> float:
    """How traditional-script a text is, 0..1: the share of its Han characters that OpenCC t2s changes,
    saturating at TRADITIONAL_SATURATION. The dense model is less reliable on traditional text (DRCD dev: dense
    R@1 0.83 vs CMRC trial's 0.96), so the fitted fusion trusts its cosine less there."""
    from index.normalize import to_simplified

    simplified = to_simplified(text)
    if simplified == text:  # most texts: nothing to count (the same 0.0 the count below would give)
        return 0.0
    han = sum("\u4e00" <= c <= "\u9fff" for c in text)
    if not han:
        return 0.0
    changed = sum(a != b for a, b in zip(text, simplified))
    return min(1.0, changed / han / TRADITIONAL_SATURATION)


def candidate_features(
    sparse: Sequence[tuple[int, float]],
    dense: Sequence[tuple[int, float]],
    traditional: Callable[[int], float],
    depth: int,
) -> tuple[list[int], np.ndarray]:
    """The candidates (BM25's then dense's, first appearance) and their FEATURES rows, from each retriever's
    (id, score) list, best first; `depth` sets the normalisation (the lists may be longer):
    - bm25_norm: BM25 score / the query's top BM25 score (1 for the best); a candidate not in BM25's list
      gets the list's last score when the list holds ≥ depth (its score is at most that), else 0 (no term);
    - dense_norm: (cosine − top cosine) / (top cosine − the depth-th cosine): 0 for the best, −1 at the
      depth-th; a candidate not in the list gets the list's last cosine;
    - both times `traditional(id)` (traditional_share of the candidate's text);
    - bm25_rr, dense_rr: 1 / (RR_K + rank), ranks from 1; absent: rank depth + 1 (ranks hold what scores lose
      when many candidates score alike: the fit keeps near-ties in the order both retrievers agree on)."""
    bm25 = dict(sparse)
    cosine = dict(dense)
    top_b = sparse[0][1] if sparse else 0.0
    absent_b = sparse[-1][1] if len(sparse) >= depth else 0.0
    top_d = dense[0][1] if dense else 0.0
    spread = max(top_d - dense[min(depth, len(dense)) - 1][1], 1e-6) if dense else 1.0
    absent_d = dense[-1][1] if dense else 0.0
    bm25_rank = {c: r for r, (c, _) in enumerate(sparse, 1)}
    dense_rank = {c: r for r, (c, _) in enumerate(dense, 1)}
    ids = list(dict.fromkeys([c for c, _ in sparse] + [c for c, _ in dense]))
    rows = np.empty((len(ids), len(FEATURES)), dtype=np.float64)
    for i, c in enumerate(ids):
        b = bm25.get(c, absent_b) / top_b if top_b > 0 else 0.0
        d = (cosine.get(c, absent_d) - top_d) / spread
        t = traditional(c)
        rb = 1 / (RR_K + bm25_rank.get(c, depth + 1))
        rd = 1 / (RR_K + dense_rank.get(c, depth + 1))
        rows[i] = (b, d, b * t, d * t, rb, rd)
    return ids, rows


@dataclass(frozen=True, slots=True)
class FittedFusion:
    """score = Σ coef_f · feature_f over FEATURES (a logistic regression's logit, intercept dropped: it does not
    change the order)."""

    coef: tuple[float, ...]
    depth: int  # candidates per retriever it was fitted with: dense_norm's scale (see candidate_features)

    @classmethod
    def load(cls, path: Path | None = None) -> FittedFusion:
        path = path or WEIGHTS_FILE
        try:
            data = json.loads(Path(path).read_text("utf-8"))
            coef = tuple(float(data["coef"][f]) for f in FEATURES)
            depth = int(data["depth"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a fusion weights file ({exc})") from exc
        if depth < 1:
            raise ValueError(f"{path}: depth must be ≥ 1, got {depth}")
        return cls(coef, depth)

    def rank(
        self,
        sparse: Sequence[tuple[int, float]],
        dense: Sequence[tuple[int, float]],
        traditional: Callable[[int], float],
    ) -> list[tuple[int, float]]:
        """(id, fused score) best first; ties keep the order of first appearance (BM25's list first)."""
        ids, rows = candidate_features(sparse, dense, traditional, self.depth)
        if not ids:
            return []
        scores = rows @ np.asarray(self.coef)
        order = np.argsort(-scores, kind="stable")
        return [(ids[i], float(scores[i])) for i in order]

    def unit(self, score: float) -> float:
        """A fused score placed in 0..1 between the lowest and highest score the features' ranges allow: the
        same order, on a scale a client can read without the weights (an absolute, not a per-query, scale)."""
        rr = (1 / (RR_K + self.depth + 1), 1 / (RR_K + 1))
        ranges = ((0.0, 1.0), (-1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), rr, rr)  # in FEATURES order
        low = sum(min(c * a, c * b) for c, (a, b) in zip(self.coef, ranges, strict=True))
        high = sum(max(c * a, c * b) for c, (a, b) in zip(self.coef, ranges, strict=True))
        return min(1.0, max(0.0, (score - low) / (high - low))) if high > low else 0.0
