"""Every question's outcome, one row each, and what moved between two runs: how a change is judged question by question.

    python -m eval.question_outcomes run OUT.jsonl SET… [--numeric-only]
    python -m eval.question_outcomes compare BEFORE.jsonl AFTER.jsonl

`run` asks every question of each set once (the checks of `eval.answer_figures`) and writes one row per question:
set, id, split, the checks right or wrong, found, the top number and the refusal reason. `--numeric-only` keeps, of
BEIR sets, the numeric questions only (the CMRC rule). Sets whose name starts with `reports-heldout` are the
never-tuned sets: only their totals are written (no id, no question), so a comparison cannot show which of their
questions moved.

`compare` prints, per set and check, the right counts before and after, and each question that went from right to
wrong (lost) or wrong to right (gained), with its answer before and after.
"""

from __future__ import annotations

import json
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from eval.answer_figures import question_checks
from eval.datasets import load_set
from eval.runner import prepare_index
from eval.splits import split_of
from qa.answer import Assistant
from qa.config import Settings
from qa.schemas import Answer

NEVER_TUNED_PREFIX = "reports-heldout"


def answer_summary(answer: Answer) -> str:
    """One line for a question's answer: its top number, the start of its sentence, or the refusal and its reason."""
    if not answer.found:
        return f"found: false ({answer.reason or ''})"
    if answer.numbers:
        n = answer.numbers[0]
        return f"{n.text} [{n.value:g} {n.unit or ''}]"
    return answer.answer[:60]


def run(out: Path, sets: list[Path], numeric_only: bool) -> None:
    settings = Settings()
    with out.open("w", encoding="utf-8") as f:
        for path in sets:
            started = time.perf_counter()
            eval_set = load_set(path)
            assistant = Assistant.load(settings, prepare_index(eval_set, settings))
            never_tuned = eval_set.name.startswith(NEVER_TUNED_PREFIX)
            totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
            for q in eval_set.questions:
                if numeric_only and q.gold_answers and not q.numeric:
                    continue
                answer = assistant.ask(q.question, 5)
                split = split_of(q.id)
                checks = question_checks(q, answer)
                for name, ok in checks.items():
                    totals[f"{name}:{split}"][0] += int(ok)
                    totals[f"{name}:{split}"][1] += 1
                if never_tuned:
                    continue
                row: dict[str, Any] = {"set": eval_set.name, "id": q.id, "split": split, "question": q.question}
                row |= {"checks": checks, "found": answer.found, "top": answer_summary(answer)}
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            f.write(json.dumps({"set": eval_set.name, "totals": dict(totals)}, ensure_ascii=False) + "\n")
            f.flush()
            took = time.perf_counter() - started
            print(eval_set.name, json.dumps(dict(totals), ensure_ascii=False), f"({took:.0f} s)", flush=True)


def _read(path: Path) -> tuple[dict[tuple[str, str], dict[str, Any]], dict[str, dict[str, list[int]]]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    totals: dict[str, dict[str, list[int]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if "totals" in row:
            totals[row["set"]] = row["totals"]
        else:
            rows[(row["set"], row["id"])] = row
    return rows, totals


def compare(before_path: Path, after_path: Path) -> None:
    before, before_totals = _read(before_path)
    after, after_totals = _read(after_path)
    for name in sorted(set(before_totals) | set(after_totals)):
        a, b = before_totals.get(name, {}), after_totals.get(name, {})
        moved = [
            f"{check} {a.get(check, [0, 0])[0]}→{b.get(check, [0, 0])[0]}/{b.get(check, [0, 0])[1]}"
            for check in sorted(set(a) | set(b))
            if a.get(check) != b.get(check)
        ]
        print(name, " · ".join(moved) or "unchanged")
    gained = lost = 0
    for key in sorted(set(before) & set(after)):
        old, new = before[key], after[key]
        for check in sorted(set(old["checks"]) & set(new["checks"])):
            if old["checks"][check] == new["checks"][check]:
                continue
            right = new["checks"][check]
            gained += int(right)
            lost += int(not right)
            sign = "+" if right else "−"
            print(f"{sign} {key[0]} {key[1]} ({old['split']}) {check}: {old['question']}")
            print(f"    before: {old['top']}\n    after:  {new['top']}")
    print(f"gained {gained}, lost {lost}")


def main(argv: list[str]) -> None:
    if len(argv) >= 3 and argv[0] == "run":
        args = [a for a in argv[1:] if not a.startswith("--")]
        run(Path(args[0]), [Path(a) for a in args[1:]], "--numeric-only" in argv)
    elif len(argv) == 3 and argv[0] == "compare":
        compare(Path(argv[1]), Path(argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
