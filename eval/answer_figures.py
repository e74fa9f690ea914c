"""Answer figures per split (train / held-out) for one or more sets: what the scorer is judged on.

    python -m eval.answer_figures eval/sets/cmrc2018-trial eval/sets/drcd-dev eval/sets/dev_questions.jsonl

For BEIR sets with gold answers: numeric questions whose top number is right (the CMRC rule of
eval/metrics.py) and questions whose answer text holds a gold answer; for question files: the number rule and
abstention of shared/eval/README.md. Each figure is given per `eval.splits.split_of(id)`.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from eval import metrics as m
from eval.datasets import EvalQuestion, load_set
from eval.runner import prepare_index
from eval.splits import SPLITS, split_of
from qa.answer import Assistant
from qa.config import Settings
from qa.schemas import Answer


def _holds_gold(text: str, gold: tuple[str, ...]) -> bool:
    from index.normalize import to_simplified

    body = m.normalize_for_match(to_simplified(text))
    return any(g.strip() and m.normalize_for_match(to_simplified(g)) in body for g in gold)


def question_checks(q: EvalQuestion, answer: Answer) -> dict[str, bool]:
    """Each check of one question that applies to it, right or not (the rules of eval/metrics.py)."""
    checks: dict[str, bool] = {}
    if q.gold_answers:
        checks["answer_holds_gold"] = answer.found and _holds_gold(answer.answer, q.gold_answers)
        if answer.found and not answer.numbers:
            span = answer.span.text if answer.span is not None else ""
            checks["highlight_holds_gold"] = _holds_gold(span, q.gold_answers)
        if q.numeric:
            checks["numeric_top_right"] = m.beir_number_correct(answer, q.gold_answers)
    if q.answer is not None:
        checks["number"] = m.number_correct(answer, q.answer, q.relevant_prefix)
    if q.unanswerable:
        checks["abstention"] = m.abstention_correct(answer)
    return checks


def figures(path: Path, settings: Settings, limit: int | None = None, numeric_only: bool = False) -> dict[str, Any]:
    eval_set = load_set(path)
    assistant = Assistant.load(settings, prepare_index(eval_set, settings))
    counts: dict[str, dict[str, list[int]]] = {s: {} for s in SPLITS}
    took: list[float] = []
    # Characters of the answer text of each found answer to a question answered by a sentence (not a number):
    # a shorter answer that still holds the gold is the better one.
    lengths: dict[str, list[int]] = {s: [] for s in SPLITS}
    # The highlighted clause (`span`) of those answers: it should hold the gold and be short.
    highlights: dict[str, list[int]] = {s: [] for s in SPLITS}
    # Questions with a gold answer answered `found: false` (refused): a refusal rule must not grow this.
    refused: dict[str, int] = {s: 0 for s in SPLITS}
    for q in eval_set.questions[:limit]:
        if numeric_only and q.gold_answers and not q.numeric:
            continue
        split = split_of(q.id)
        answer = assistant.ask(q.question, 5)
        took.append(answer.took_ms)
        if answer.found and not answer.numbers and q.gold_answers:
            lengths[split].append(len(answer.answer))
            if answer.span is not None:
                highlights[split].append(len(answer.span.text))
        if q.gold_answers and not answer.found:
            refused[split] += 1
        for name, ok in question_checks(q, answer).items():
            right_total = counts[split].setdefault(name, [0, 0])
            right_total[0] += int(ok)
            right_total[1] += 1
    return {
        "set": eval_set.name,
        "splits": counts,
        "mean_answer_chars": {s: round(sum(v) / len(v), 1) if v else None for s, v in lengths.items()},
        "mean_highlight_chars": {s: round(sum(v) / len(v), 1) if v else None for s, v in highlights.items()},
        "refused_answerable": refused,
        "p50_ms": m.percentile(took, 50),
        "p95_ms": m.percentile(took, 95),
    }


def main(argv: list[str]) -> None:
    settings = Settings()
    numeric_only = "--numeric-only" in argv  # BEIR sets: only the numeric questions (the CMRC rule)
    for arg in [a for a in argv if not a.startswith("--")]:
        started = time.perf_counter()
        out = figures(Path(arg), settings, numeric_only=numeric_only)
        print(json.dumps(out, ensure_ascii=False), f"({time.perf_counter() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
