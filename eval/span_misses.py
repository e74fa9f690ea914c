"""Why the answer text of a question misses its gold answer: each miss of a BEIR set's train split put in one
category, so a fix goes to the step that lost the answer (not to a sentence).

    python -m eval.span_misses eval/sets/cmrc2018-trial [--limit N] [--show N] [--dump FILE]

Categories, in the order they are checked (the answer "holds" the gold as `eval.answer_figures` checks it):
- `reason`: the question was analysed as unanswerable (comparison, sum, no content);
- `number_path`: a question analysed as asking a number (its answer text is the number model's sentence);
- `retrieval`: no passage among the sentence candidates' (the first `SPAN_DEPTH` about the scope) holds the gold;
- `no_sentence`: a passage holds the gold, but no candidate sentence does (the gold runs across sentences);
- `abstained`: a sentence holds it, but none outscored "no answer";
- `ranking_neighbour` / `ranking`: another sentence ranked first — the sentence before or after the one that
  holds the gold / elsewhere;
- `window`: the top sentence holds the gold, the answer text (cut to `ANSWER_CHARS`) drops it;
- `normalisation`: the answer holds the gold once punctuation, spaces and script are ignored.
`--dump` writes each train question's top sentences, clauses and scores as JSON lines, to try answer-text
forms without asking again. Only the train split is examined (`eval.splits`).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
from pathlib import Path
from typing import Any

from eval import metrics as m
from eval.answer_figures import _holds_gold
from eval.datasets import EvalQuestion, load_set
from eval.runner import prepare_index
from eval.splits import split_of
from index.normalize import to_simplified
from index.segments import sentence_spans
from qa.answer import SPAN_DEPTH, Assistant
from qa.config import Settings

_LOOSE = re.compile(r"[\W_]+")


def _loose(text: str) -> str:
    return _LOOSE.sub("", m.normalize_for_match(to_simplified(text)))


def _holds_loose(text: str, gold: tuple[str, ...]) -> bool:
    body = _loose(text)
    return any(_loose(g) and _loose(g) in body for g in gold)


def categorise(assistant: Assistant, q: EvalQuestion) -> tuple[str, dict[str, Any]]:
    """(category or "right", what was chosen: the answer, its top sentences and the clauses of the first)."""
    analysed = assistant.analyse(q.question)
    info: dict[str, Any] = {"id": q.id, "question": q.question, "gold": list(q.gold_answers), "kind": analysed.kind}
    if analysed.reason or not analysed.has_content:
        return "reason", info
    answer = assistant.ask(q.question, 5)
    info["answer"] = answer.answer if answer.found else ""
    holds = answer.found and _holds_gold(answer.answer, q.gold_answers)
    if analysed.numeric:
        return ("right" if holds else "number_path"), info
    _, about, candidates = assistant.candidates(analysed)
    chunks = assistant.index.chunks
    tops = []
    for cand in candidates[:5]:
        text = chunks[cand.chunk].text
        tops.append(
            {
                "text": text[cand.start : cand.end],
                "score": round(cand.score, 3),
                "holds": _holds_gold(text[cand.start : cand.end], q.gold_answers),
            }
        )
    info["sentences"] = tops
    if candidates:
        best = candidates[0]
        text = chunks[best.chunk].text
        info["passage"] = text
        info["sentence_span"] = [best.start, best.end]
        info["clauses"] = [
            {"start": a, "end": b, "score": round(score, 3), "features": values}
            for a, b, values, score in assistant.clause_candidates(analysed, best)
        ]
        info["abstain"] = assistant.scorer.abstain("span")
    if holds:
        return "right", info
    if answer.found and _holds_loose(answer.answer, q.gold_answers):
        return "normalisation", info
    holding = [c for c in candidates if _holds_gold(chunks[c.chunk].text[c.start : c.end], q.gold_answers)]
    if not holding:
        passages = [chunks[h.chunk].text for h in about[:SPAN_DEPTH]]
        if any(_holds_gold(p, q.gold_answers) for p in passages):
            return "no_sentence", info
        return "retrieval", info
    if not answer.found:
        return "abstained", info
    best = candidates[0]
    if best in holding:
        return "window", info
    # The sentence holding the gold next to the one ranked first (same passage)?
    text = chunks[best.chunk].text
    spans = sentence_spans(text)
    at = next((i for i, (a, b) in enumerate(spans) if a <= best.start < b), -1)
    near = [spans[i] for i in (at - 1, at + 1) if 0 <= i < len(spans)] if at >= 0 else []
    if any(_holds_gold(text[a:b], q.gold_answers) for a, b in near):
        return "ranking_neighbour", info
    return "ranking", info


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.span_misses", description=__doc__.split("\n")[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=0, help="misses printed per category")
    parser.add_argument("--dump", type=Path, default=None, help="write each train question's details here")
    args = parser.parse_args(argv)
    settings = Settings()
    eval_set = load_set(args.set)
    assistant = Assistant.load(settings, prepare_index(eval_set, settings))
    counts: collections.Counter[str] = collections.Counter()
    shown: collections.Counter[str] = collections.Counter()
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    for q in eval_set.questions[: args.limit]:
        if split_of(q.id) != "train" or not q.gold_answers:
            continue
        category, info = categorise(assistant, q)
        counts[category] += 1
        if out is not None:
            out.write(json.dumps({"category": category, **info}, ensure_ascii=False) + "\n")
        if category != "right" and shown[category] < args.show:
            shown[category] += 1
            print(f"[{category}] {q.question} gold={list(q.gold_answers)} answer={info.get('answer', '')!r}")
    if out is not None:
        out.close()
    print(json.dumps({"set": eval_set.name, "split": "train", **dict(counts.most_common())}, ensure_ascii=False))


if __name__ == "__main__":
    main()
