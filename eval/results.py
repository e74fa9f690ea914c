"""What an eval run produced, and the figures derived from it.

`EvalResult` holds the per-question rows; every metric is a pure function of those rows (`summarise`), so
the same code gives the figures of the whole set and of each split (train / held-out, `eval.splits`).
The runner fills rows, the report and the CLI read results: both import this module, never each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from eval import metrics as m
from eval.splits import SPLITS

EVIDENCE_K = 5  # the README's "top-5 citation"
ANSWER_CHECKS = ("number", "abstention", "evidence", "sentence")
ANSWER_METRICS = {
    "number": "answer_number_accuracy",
    "abstention": "answer_abstention_accuracy",
    "evidence": f"answer_evidence@{EVIDENCE_K}",
    "sentence": "answer_sentence_has_gold",
}
SPLIT_NAMES: tuple[str, ...] = ("all", *SPLITS)  # "all" first: the figure the gate checks

# One line per metric, shown in the report (and its legend of terms).
DEFINITIONS: dict[str, str] = {
    "recall@k": "share of a question's relevant documents among the first k documents retrieved, averaged.",
    "mrr@k": "1 / rank of the first relevant document within the first k (0 if none), averaged.",
    "ndcg@k": "binary-gain nDCG over the first k documents (log2 discount, as BEIR), averaged.",
    "evidence@5": "share of questions whose evidence string lies in one of the top 5 retrieved passages.",
    "latency_p50_ms / p95_ms": "median / 95th-percentile search (or ask) time per question, milliseconds.",
    "number_accuracy": "share of numeric questions whose top number (numbers[0]) is right: value (and unit "
    "and report where the set gives them), or a number of a gold answer.",
    "abstention_accuracy": "share of unanswerable questions answered found=false with no number.",
    "sentence_has_gold": "share of questions with gold answers whose answer text contains a gold answer "
    "(NFKC, simplified script, no spaces).",
    "pass_rate": "share of asked questions that pass every answer check that applies to them.",
}


@dataclass(slots=True)
class EvalResult:
    set_name: str
    kind: str
    modes: list[str]
    k: int
    metrics: dict[str, float]  # the whole run's figures (split "all"): what the gate checks
    curves: dict[str, list[float]]  # mode → recall@1..k of the whole run
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = field(default_factory=dict)
    split: str = "all"  # the run was restricted to this split ("all": not restricted)
    by_split: dict[str, dict[str, float]] = field(default_factory=dict)  # "all" / "train" / "heldout" → metrics
    curves_by_split: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    counts: dict[str, dict[str, list[int]]] = field(default_factory=dict)  # split → check → [passed, asked]

    def to_json(self) -> dict[str, Any]:
        return {
            "set": self.set_name,
            "kind": self.kind,
            "modes": list(self.modes),
            "k": self.k,
            "split": self.split,
            "metrics": self.metrics,
            "curves": self.curves,
            "splits": {
                name: {
                    "questions": sum(1 for row in self.rows if name == "all" or row["split"] == name),
                    "metrics": self.by_split.get(name, {}),
                    "curves": self.curves_by_split.get(name, {}),
                    "counts": self.counts.get(name, {}),
                }
                for name in SPLIT_NAMES
            },
            "meta": self.meta,
            "rows": self.rows,
        }


def rows_of_split(rows: Sequence[dict[str, Any]], split: str) -> list[dict[str, Any]]:
    return [row for row in rows if split == "all" or row.get("split") == split]


def _put(metrics: dict[str, float], name: str, value: float | None, digits: int = 4) -> None:
    """A metric with nothing to score (no unanswerable questions, say) is left out, not reported as 0."""
    if value is not None:
        metrics[name] = round(value, digits)


def summarise(
    rows: Sequence[dict[str, Any]], modes: Sequence[str], k: int
) -> tuple[dict[str, float], dict[str, list[float]], dict[str, list[int]]]:
    """Flat metrics, recall@1..k curves per mode and [passed, asked] counts per answer check, from rows alone."""
    metrics: dict[str, float] = {}
    curves: dict[str, list[float]] = {}
    ev_k = min(EVIDENCE_K, k)
    for mode in modes:
        judged = [row for row in rows if row["relevant"] and mode in row["retrieved"]]
        if not judged:
            continue
        per_k = [
            [m.recall_at_k(row["retrieved"][mode], set(row["relevant"]), c) for c in range(1, k + 1)] for row in judged
        ]
        curve = [round(sum(col) / len(col), 4) for col in zip(*per_k)]
        curves[mode] = curve
        for c in m.recall_cutoffs(k):
            metrics[f"{mode}_recall@{c}"] = curve[c - 1]
        _put(
            metrics,
            f"{mode}_mrr@{k}",
            m.mean([m.reciprocal_rank(r["retrieved"][mode], set(r["relevant"]), k) for r in judged]),
        )
        _put(
            metrics,
            f"{mode}_ndcg@{k}",
            m.mean([m.ndcg_at_k(r["retrieved"][mode], set(r["relevant"]), k) for r in judged]),
        )
        evidence = [float(r["evidence"][mode]) for r in judged if mode in r.get("evidence", {})]
        _put(metrics, f"{mode}_evidence@{ev_k}", m.mean(evidence))
        took = [r["latency_ms"][mode] for r in judged]
        _put(metrics, f"{mode}_latency_p50_ms", m.percentile(took, 50), 2)
        _put(metrics, f"{mode}_latency_p95_ms", m.percentile(took, 95), 2)
    asked = [row for row in rows if row["answer"] is not None]
    counts: dict[str, list[int]] = {}
    for check in ANSWER_CHECKS:
        results = [row["passed"][check] for row in asked if check in row["passed"]]
        if results:
            counts[check] = [sum(results), len(results)]
        _put(metrics, ANSWER_METRICS[check], m.mean([float(ok) for ok in results]))
    if asked:
        passes = [all(ok for key, ok in row["passed"].items() if key in ANSWER_CHECKS) for row in asked]
        counts["pass"] = [sum(passes), len(passes)]
        _put(metrics, "answer_pass_rate", m.mean([float(ok) for ok in passes]))
        took = [row["answer"]["took_ms"] for row in asked]
        _put(metrics, "answer_latency_p50_ms", m.percentile(took, 50), 2)
        _put(metrics, "answer_latency_p95_ms", m.percentile(took, 95), 2)
    return metrics, curves, counts


def summarise_splits(result: EvalResult) -> None:
    """Fill metrics/curves (split "all") and the per-split figures of `result` from its rows."""
    for name in SPLIT_NAMES:
        metrics, curves, counts = summarise(rows_of_split(result.rows, name), result.modes, result.k)
        result.by_split[name], result.curves_by_split[name], result.counts[name] = metrics, curves, counts
    result.metrics, result.curves = result.by_split["all"], result.curves_by_split["all"]


def row_passed(row: dict[str, Any], mode: str, k: int) -> bool:
    """A question passes in `mode` when every answer check passed and, if it has relevant documents, one
    of them is in the mode's top min(5, k)."""
    hit = f"{mode}_hit@{min(EVIDENCE_K, k)}"
    return all(ok for key, ok in row["passed"].items() if key == hit or "_hit@" not in key)


def failed_rows(result: EvalResult) -> list[dict[str, Any]]:
    """Questions that failed an answer check, or whose relevant document missed the top 5 of the main mode
    (hybrid when it ran)."""
    main = "hybrid" if "hybrid" in result.modes else result.modes[-1]
    return [row for row in result.rows if not row_passed(row, main, result.k)]
