"""Figures by split: every metric is a pure function of the rows, computed for all, train and held-out.
No index or model here: rows are written by hand, so each figure can be checked by hand."""

from __future__ import annotations

from typing import Any

import pytest

from eval.results import EvalResult, failed_rows, row_passed, rows_of_split, summarise, summarise_splits
from eval.splits import split_of


def ids_in(split: str, n: int) -> list[str]:
    """The first n ids q0, q1, … that split_of puts in `split` (the split is fixed by the id hash)."""
    out = [f"q{i}" for i in range(200) if split_of(f"q{i}") == split]
    assert len(out) >= n
    return out[:n]


def row(qid: str, ranked: dict[str, list[str]], relevant: list[str], passed_answer: dict[str, bool]) -> dict[str, Any]:
    hits = {f"{m}_hit@2": bool(set(relevant) & set(docs[:2])) for m, docs in ranked.items()} if relevant else {}
    return {
        "id": qid,
        "split": split_of(qid),
        "question": f"question {qid}",
        "relevant": relevant,
        "expected": {"answers": ["1"], "numeric": True, "number": None, "unanswerable": False},
        "retrieved": ranked if relevant else {},
        "rank": {
            m: (docs.index(relevant[0]) + 1 if relevant and relevant[0] in docs else None) for m, docs in ranked.items()
        }
        if relevant
        else {},
        "latency_ms": {m: 1.0 for m in ranked} if relevant else {},
        "evidence": {},
        "answer": {"found": True, "text": "x", "number": None, "citations": [], "took_ms": 2.0}
        if passed_answer
        else None,
        "passed": {**hits, **passed_answer},
    }


@pytest.fixture
def result() -> EvalResult:
    train, held = ids_in("train", 3), ids_in("heldout", 2)
    rows = [
        # train: relevant at 1, at 2, missing; numbers right, wrong, right
        row(train[0], {"bm25": ["A", "B"], "hybrid": ["A", "B"]}, ["A"], {"number": True}),
        row(train[1], {"bm25": ["B", "A"], "hybrid": ["A", "B"]}, ["A"], {"number": False}),
        row(train[2], {"bm25": ["B", "C"], "hybrid": ["C", "B"]}, ["A"], {"number": True}),
        # held-out: one at 1 with a wrong number, one unanswerable that abstained
        row(held[0], {"bm25": ["A"], "hybrid": ["B", "A"]}, ["A"], {"number": False}),
        row(held[1], {}, [], {"abstention": True}),
    ]
    out = EvalResult("set", "beir", ["bm25", "hybrid"], 2, {}, {}, rows, {})
    summarise_splits(out)
    return out


def test_each_split_has_its_own_figures(result: EvalResult) -> None:
    train, held, every = result.by_split["train"], result.by_split["heldout"], result.by_split["all"]
    assert train["bm25_recall@1"] == pytest.approx(1 / 3, abs=1e-4)
    assert train["bm25_mrr@2"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert train["hybrid_recall@1"] == pytest.approx(2 / 3, abs=1e-4)
    assert held["bm25_recall@1"] == 1.0 and held["hybrid_recall@1"] == 0.0 and held["hybrid_mrr@2"] == 0.5
    assert every["bm25_recall@1"] == 0.5  # 2 of the 4 judged questions
    assert train["answer_number_accuracy"] == pytest.approx(2 / 3, abs=1e-4)
    assert held["answer_number_accuracy"] == 0.0
    assert held["answer_abstention_accuracy"] == 1.0 and "answer_abstention_accuracy" not in train
    assert result.counts["train"]["number"] == [2, 3] and result.counts["heldout"]["abstention"] == [1, 1]
    assert result.counts["all"]["pass"] == [3, 5]
    assert result.metrics == every and result.curves == result.curves_by_split["all"]
    assert result.curves_by_split["heldout"]["hybrid"] == [0.0, 1.0]


def test_results_json_reports_every_split(result: EvalResult) -> None:
    data = result.to_json()
    assert set(data["splits"]) == {"all", "train", "heldout"}
    assert data["splits"]["train"]["questions"] == 3 and data["splits"]["heldout"]["questions"] == 2
    assert data["splits"]["heldout"]["metrics"]["bm25_recall@1"] == 1.0
    assert {r["split"] for r in data["rows"]} == {"train", "heldout"}


def test_pass_depends_on_the_mode(result: EvalResult) -> None:
    third = result.rows[2]  # relevant missed by both modes
    first_held = result.rows[3]  # bm25 finds it; the number is wrong anyway
    assert not row_passed(third, "bm25", 2) and not row_passed(first_held, "bm25", 2)
    assert row_passed(result.rows[0], "hybrid", 2) and row_passed(result.rows[4], "bm25", 2)
    assert [r["id"] for r in failed_rows(result)] == [result.rows[i]["id"] for i in (1, 2, 3)]


def test_empty_split_gives_no_figures() -> None:
    metrics, curves, counts = summarise([], ["bm25"], 5)
    assert metrics == {} and curves == {} and counts == {}
    assert rows_of_split([{"split": "train"}], "heldout") == []


def test_split_of_is_stable_and_near_thirty_percent() -> None:
    ids = [f"id-{i}" for i in range(2000)]
    share = sum(split_of(i) == "heldout" for i in ids) / len(ids)
    assert 0.26 < share < 0.34
    assert [split_of(i) for i in ids[:50]] == [split_of(i) for i in ids[:50]]
