"""`make bench` runs end to end: every size shrunk to a few thousand chunks (BENCH_SMOKE), real corpora,
the real model, FAISS and rank-bm25; results.json carries the keys the performance issue names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.run import REQUIRED_KEYS

ROOT = Path(__file__).resolve().parent.parent


def test_bench_writes_every_required_key(tmp_path: Path) -> None:
    env = {**os.environ, "BENCH_SMOKE": "2000", "HF_HUB_OFFLINE": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--sizes", "10k,100k,1m", "--out", str(tmp_path), "--queries", "30"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert set(REQUIRED_KEYS) <= results.keys()
    assert all(results[key] is not None for key in REQUIRED_KEYS), {k: results[k] for k in REQUIRED_KEYS}
    # Same tokens, same scores: the precomputed BM25 agrees with rank-bm25 whatever the size.
    assert results["bm25_top10_agreement_100k"] == 1.0
    assert results["keys"]["bm25_max_abs_score_diff_100k"] < 1e-9
    assert 0 < results["hnsw_recall10_1m"] <= 1
    assert {t["key"] for t in results["targets"]} == set(REQUIRED_KEYS)
    assert "target" in done.stdout and "results:" in done.stdout  # the table reached the terminal
