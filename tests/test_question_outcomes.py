"""eval.question_outcomes: what a change gained and lost, question by question, from two runs' rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.question_outcomes import answer_summary, compare
from qa.schemas import Answer, NumberOut


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _row(qid: str, right: bool, top: str) -> dict[str, object]:
    return {"set": "s", "id": qid, "split": "train", "question": f"问题{qid}", "checks": {"number": right}, "top": top}


def test_compare_lists_gains_and_losses_and_moved_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _write(
        tmp_path / "a.jsonl",
        [_row("1", True, "27个"), _row("2", False, "5个"), {"set": "s", "totals": {"number:train": [1, 2]}}],
    )
    after = _write(
        tmp_path / "b.jsonl",
        [_row("1", False, "31个"), _row("2", True, "6个"), {"set": "s", "totals": {"number:train": [1, 2]}}],
    )
    compare(before, after)
    out = capsys.readouterr().out
    assert "+ s 2 (train) number: 问题2" in out and "− s 1 (train) number: 问题1" in out
    assert "gained 1, lost 1" in out
    assert "s unchanged" in out  # the totals are the same: one gained, one lost


def test_answer_summary_says_the_number_or_the_refusal() -> None:
    number = NumberOut.model_validate(
        {
            "value": 27,
            "unit": "个",
            "text": "27个",
            "qualifier": None,
            "subject": "站点",
            "citation": 1,
            "start": 0,
            "end": 3,
        }
    )
    found = Answer(question="q", found=True, answer="全市27个。", numbers=[number], citations=[], took_ms=1.0)
    assert answer_summary(found) == "27个 [27 个]"
    refused = Answer(question="q", found=False, answer="", numbers=[], citations=[], took_ms=1.0, reason="没有")
    assert answer_summary(refused) == "found: false (没有)"
