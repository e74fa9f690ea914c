"""The fusion fit's choice rule (eval.fusion_sweep fit): constraints on the train splits, measured against a
baseline weights file, decide which fits may be chosen; when none qualifies, nothing replaces the weights.

Rankings are made up (two small sets of the shape `collect` writes): the rule is arithmetic over them."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from eval import fusion_sweep
from eval.splits import split_of
from qa.fusion import FEATURES, FUSION_VERSION, FittedFusion


def _rankings(seed: int, n: int, with_evidence: bool, name: str) -> dict:
    """`n` questions over 12 documents of 3 chunks; BM25 and cosine both lean to the right chunk, with noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for q in range(n):
        right = int(rng.integers(36))
        bm25 = rng.random(36) + (0.9 if right else 0) * (np.arange(36) == right)
        cosine = 0.7 + 0.1 * rng.random(36) + 0.08 * (np.arange(36) == right)
        b_order, d_order = np.argsort(-bm25)[:20], np.argsort(-cosine)[:20]
        qid = f"{name}-{q}"
        row = {
            "id": qid,
            "question": f"问题{q}",
            "split": split_of(qid),
            "relevant": [f"doc{right // 3}"],
            "bm25": [int(c) for c in b_order],
            "dense": [int(c) for c in d_order],
            "bm25_score": [round(float(bm25[c]) * 10, 5) for c in b_order],
            "dense_score": [round(float(cosine[c]), 6) for c in d_order],
        }
        if with_evidence:
            row["evidence"] = [right]
        rows.append(row)
    return {
        "name": name,
        "rows": rows,
        "chunk_doc": {str(c): f"doc{c // 3}" for c in range(36)},
        "chunk_traditional": {str(c): 0.0 for c in range(36)},
        "doc_title": {f"doc{d}": f"标题{d}" for d in range(12)},
    }


@pytest.fixture()
def small_grid(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fusion_sweep, "FEATURE_SETS", {"scores": FEATURES})
    monkeypatch.setattr(fusion_sweep, "PAIRS", ((3, 10),))
    monkeypatch.setattr(fusion_sweep, "C_GRID", (0.1, 1.0))
    monkeypatch.setattr(fusion_sweep, "EVIDENCE_WEIGHTS", (1.0, 4.0))


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    rankings = tmp_path / "rankings.json"
    sets = [_rankings(1, 80, True, "questions"), _rankings(2, 120, False, "articles")]
    rankings.write_text(json.dumps({"model": "m", "sets": sets}), "utf-8")
    baseline = tmp_path / "baseline.json"  # BM25's normalised score alone
    coef = dict.fromkeys(FEATURES, 0.0) | {"bm25_norm": 1.0}
    baseline.write_text(json.dumps({"version": FUSION_VERSION, "features": list(FEATURES), "coef": coef, "depth": 20}))
    return rankings, baseline


def test_floors_of_a_baseline() -> None:
    baseline = {
        "questions": {"R@1": 0.9, "R@5": 1.0, "E@5": 0.95, "MRR": 0.93},
        "articles": {"R@1": 0.8, "R@5": 0.97, "MRR": 0.85},
    }
    floors = fusion_sweep.baseline_floors(baseline, keep_r1=("articles",))
    assert {(f.set, f.metric, f.value) for f in floors} == {
        ("questions", "R@5", 1.0),
        ("questions", "E@5", 0.95),
        ("articles", "R@5", 0.97),
        ("articles", "R@1", 0.8),
    }
    e5 = next(f for f in floors if f.metric == "E@5")
    assert e5.shortfall({"questions": {"E@5": 0.95}}) == 0.0
    assert e5.shortfall({"questions": {"E@5": 0.90}}) == pytest.approx(0.05)
    assert e5.shortfall({"other": {"E@5": 0.0}}) == 0.0  # a set the rankings lack is no constraint
    assert fusion_sweep.parse_floor("cmrc2018-trial:R@5:0.997").value == 0.997
    with pytest.raises(Exception, match="SET:METRIC:VALUE"):
        fusion_sweep.parse_floor("cmrc2018-trial:0.997")
    with pytest.raises(Exception, match="metric must be"):
        fusion_sweep.parse_floor("cmrc2018-trial:R@3:0.9")


def test_the_choice_skips_a_better_fit_that_fails_a_constraint() -> None:
    fits = [((0.99, 0.99, 0.99), 50, True), ((0.98, 1.0, 0.98), 100, False), ((0.98, 1.0, 0.98), 50, False)]
    assert fusion_sweep.choose(fits) == 2  # the best fails; of the two equal others, the shallower
    assert fusion_sweep.choose(fits[:2]) == 1
    with pytest.raises(ValueError, match="no fit meets"):
        fusion_sweep.choose(fits[:1])


def test_the_fit_chooses_among_fits_that_meet_every_constraint(
    small_grid: None, files: tuple[Path, Path], tmp_path: Path
) -> None:
    rankings, baseline = files
    out = tmp_path / "weights.json"
    args = ["fit", str(rankings), "--depth", "20", "--baseline", str(baseline), "--out", str(out)]
    result = CliRunner().invoke(fusion_sweep.main, args + ["--keep-r1", "articles"])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text("utf-8"))
    fitted = written["fitted"]
    assert len(fitted["grid"]) == 4 and fitted["question_file_weight"] in (1.0, 4.0)
    assert "articles R@1" in " ".join(fitted["constraints"]) and "questions E@5" in " ".join(fitted["constraints"])
    # the chosen fit is no worse than the baseline on each constrained train figure, and is the best such fit
    for name, metrics in fitted["baseline_train"].items():
        assert fitted["train"][name]["R@5"] >= metrics["R@5"]
        assert fitted["train"][name].get("E@5", 1) >= metrics.get("E@5", 0)
    assert fitted["train"]["articles"]["R@1"] >= fitted["baseline_train"]["articles"]["R@1"]
    meeting = [g for g in fitted["grid"] if not g["fails"]]
    assert fitted["train_objective"]["R@1"] == max(g["R@1"] for g in meeting)
    fusion = FittedFusion.load(out)
    assert fusion.depth == 20 and fusion.features == FEATURES


def test_no_fit_meeting_the_constraints_writes_nothing(
    small_grid: None, files: tuple[Path, Path], tmp_path: Path
) -> None:
    rankings, baseline = files
    out, nearest = tmp_path / "weights.json", tmp_path / "nearest.json"
    args = ["fit", str(rankings), "--depth", "20", "--baseline", str(baseline), "--out", str(out)]
    result = CliRunner().invoke(
        fusion_sweep.main, args + ["--floor", "articles:R@1:1.01", "--best-failing-out", str(nearest)]
    )
    assert result.exit_code == 1
    assert "no fit meets every constraint" in result.output and "articles R@1 by" in result.output
    assert not out.exists()
    fails = json.loads(nearest.read_text("utf-8"))["fitted"]["grid"]
    assert all(any("articles R@1 1.0100 short by" in f for f in g["fails"]) for g in fails)


def test_the_packaged_weights_meet_the_constraints_they_were_chosen_under() -> None:
    from qa.fusion import PASSAGE_WEIGHTS_FILE, WEIGHTS_FILE

    fitted = json.loads(WEIGHTS_FILE.read_text("utf-8"))["fitted"]
    assert len(fitted["constraints"]) >= 10  # R@5 of every set, E@5 of every question file, R@1 of CMRC and DRCD
    for constraint in fitted["constraints"]:  # "SET METRIC ≥ VALUE (why)"
        name, metric, _, value, _ = constraint.split(" ")
        assert fitted["train"][name][metric] >= float(value), constraint
    assert any(not g["fails"] for g in fitted["grid"])
    previous = FittedFusion.load(PASSAGE_WEIGHTS_FILE)  # the baseline it was chosen against: the passages' order
    assert previous.features == FEATURES and previous.depth == 50
