"""`bench.run --smoke` (the whole of `make bench` shrunk to a few hundred chunks, a small sentence pool and one
run of each probe) runs end to end with the real corpora, the real model, FAISS and rank-bm25, and writes every
key the performance issue names. The full bench is `make bench`, never part of `make test`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import REQUIRED_KEYS

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_bench_smoke_writes_every_required_key(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.run",
            "--smoke",
            "--sizes",
            "10k,100k,1m",
            "--out",
            str(tmp_path),
            "--queries",
            "8",
        ],
        cwd=ROOT,
        env={**os.environ, "HF_HUB_OFFLINE": "1", "QA_HNSW_THRESHOLD": "200"},  # HNSW indexes at 300 chunks too
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text("utf-8"))
    assert results["meta"]["smoke"] is True
    assert set(REQUIRED_KEYS) <= results.keys()
    assert all(results[key] is not None for key in REQUIRED_KEYS), {k: results[k] for k in REQUIRED_KEYS}
    # Same tokens, same scores: the precomputed BM25 agrees with rank-bm25 whatever the size.
    assert results["bm25_top10_agreement_100k"] == 1.0
    assert results["keys"]["bm25_max_abs_score_diff_100k"] < 1e-9
    assert 0 < results["hnsw_recall10_1m"] <= 1
    assert {t["key"] for t in results["targets"]} == set(REQUIRED_KEYS)
    assert not any("error" in (r.get("load") or {}) for r in results["sizes"].values())
    assert "error" not in results["sizes"]["100k"]["ask"]["default"]
    assert results["sizes"]["100k"]["ask"]["default"]["vectors"] == "hnsw"
    assert "target" in done.stdout and "results:" in done.stdout  # the table reached the terminal


def test_probes_of_the_ask_path_encoding_and_stages(tmp_path: Path, seed_index_dir: Path) -> None:
    """`bench.probe encode` (direct engine path against the wrapper) and `ask --stages --timeline` (CPU per part,
    the parts around the encoding) run and report what bench.ask prints: the two paths' vectors bit-identical,
    every stage present, the encoding in it, every ask's timeline."""
    from bench.probe import STAGES

    questions = tmp_path / "q.json"
    questions.write_text(
        json.dumps(["江门有多少个户外劳动者爱心驿站", "陕西省级职工书屋有几家", "这座桥是谁设计的"]), "utf-8"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}

    def probe(*args: str) -> dict:
        done = subprocess.run(
            [sys.executable, "-m", "bench.probe", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    encoding = probe("encode", str(questions), "--repeats", "1")
    assert encoding["bit_identical"] == "3/3" and encoding["omp_num_threads"] == "1"
    assert encoding["direct_cpu_ms"]["n"] == encoding["wrapper_cpu_ms"]["n"] == 3
    asked = probe("ask", str(seed_index_dir), str(questions), "--stages", "--timeline")
    stages = asked["stages_cpu_ms_per_ask"]
    assert set(stages) >= {label for *_, label in STAGES}
    assert all(v >= 0 for v in stages.values()) and stages["encode the question"] > 0
    # Each question encoded once in the timeline's fresh Assistant: every ask has its parts around the encoding,
    # and the idle two-core estimate is the asking thread's parts with the encoding beside them.
    timeline = asked["timeline_ms"]
    assert all(timeline[k]["n"] == 3 for k in ("wall", "encode_cpu", "after_cpu", "two_free_cores"))
    assert timeline["encode_cpu"]["p50"] > 0 and timeline["after_cpu"]["p50"] > 0
    assert timeline["two_free_cores"]["mean"] >= timeline["encode_cpu"]["mean"] + timeline["after_cpu"]["mean"] - 1e-3
