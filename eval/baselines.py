"""The regression gate: eval/baselines.json holds the figures a set reached, per set and mode
({"dev_questions": {"hybrid": {"recall@5": 1.0, …}, "answer": {…}}}); a run is checked against them.

Only shares (higher is better) are kept: latencies depend on the machine, so they are never gated.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eval.keys import grouped
from index.errors import QAError

DEFAULT_BASELINES = Path(__file__).resolve().parent / "baselines.json"
DEFAULT_TOLERANCE = 0.02
DIGITS = 4

Baselines = dict[str, dict[str, dict[str, float]]]  # set → group (mode or "answer") → metric → value


class BaselineError(QAError):
    """baselines.json is unreadable, or holds nothing for the set being checked."""


@dataclass(frozen=True, slots=True)
class Regression:
    metric: str  # flat name, e.g. "hybrid_recall@5"
    baseline: float
    current: float | None  # None: the run no longer produces the metric

    def __str__(self) -> str:
        now = "missing" if self.current is None else f"{self.current:.4f}"
        drop = "" if self.current is None else f" (−{self.baseline - self.current:.4f})"
        return f"{self.metric}: baseline {self.baseline:.4f}, now {now}{drop}"


def gated(metrics: dict[str, float]) -> dict[str, float]:
    """The metrics worth gating: shares, not latencies."""
    return {k: round(v, DIGITS) for k, v in metrics.items() if not k.endswith("_ms")}


def load(path: Path = DEFAULT_BASELINES) -> Baselines:
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BaselineError(f"{path}: expected an object of sets")
    return data


def check(
    baseline: dict[str, dict[str, float]],
    metrics: dict[str, float],
    groups: list[str],
    tolerance: float = DEFAULT_TOLERANCE,
) -> list[Regression]:
    """Metrics of the groups run (modes + "answer") that dropped more than `tolerance` below the baseline.
    Groups not run are not judged; a metric the run should have produced but did not is a regression."""
    if tolerance < 0:
        raise ValueError(f"tolerance must be ≥ 0, got {tolerance}")
    current = gated(metrics)
    out = []
    for group in groups:
        for name, base in baseline.get(group, {}).items():
            key = f"{group}_{name}"
            now = current.get(key)
            # Compare at the stored precision, so a re-run of the same code never fails at tolerance 0.
            if now is None or round(base - now, DIGITS) > tolerance:
                out.append(Regression(key, base, now))
    return out


def update(baselines: Baselines, set_name: str, metrics: dict[str, float]) -> Baselines:
    """A copy with the set's groups that this run produced replaced by its figures; other groups stay."""
    updated = {name: {g: dict(v) for g, v in groups.items()} for name, groups in baselines.items()}
    entry = updated.setdefault(set_name, {})
    for group, values in grouped(gated(metrics)).items():
        entry[group] = dict(sorted(values.items()))
    return updated


def save(baselines: Baselines, path: Path = DEFAULT_BASELINES) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(baselines, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)
