"""Flat metric names are "<group>_<metric>": the group is a retrieval mode or "answer" ("hybrid_recall@5",
"answer_number_accuracy"). Import-light, so the CLI and the gate can use it without loading any model."""

from __future__ import annotations


def grouped(metrics: dict[str, float]) -> dict[str, dict[str, float]]:
    """Flat keys → {group: {metric: value}}, keeping the order of the flat dict."""
    out: dict[str, dict[str, float]] = {}
    for key, value in metrics.items():
        group, _, name = key.partition("_")
        out.setdefault(group, {})[name] = value
    return out
