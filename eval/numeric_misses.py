"""Why numeric questions miss: each miss of a set's train split put in one category, with the question's
analysis and its top candidates, so a fix goes to the mechanism that failed (not to a sentence).

    python -m eval.numeric_misses eval/sets/drcd-dev [--limit N] [--show N]

Categories, in the order they are checked:
- `analysis`: the question was not analysed as asking a number (its kind is a clause kind);
- `reason`: it was analysed as unanswerable (comparison, sum, no content);
- `retrieval`: no passage of the relevant document was among the candidates' passages;
- `generation`: the relevant passage holds the gold number (by the set's rule) but no candidate has it —
  it was not extracted as an answering mention, or the scope filter dropped it;
- `extraction`: the gold number is not among the extracted mentions of the relevant passage at all;
- `ranking`: a right candidate exists, another one scores higher;
- `abstaining`: the top candidate is right but scores below "no answer".
With `--unanswerable`, the train split's unanswerable questions instead: `abstained` (right), `number` (a
number above the cut, with the top candidates and the features that raised the best one most), `sentence`
(a who/what answer), so the reasons a report does not say a thing can be sorted before a feature is built.
Only the train split is examined (`eval.splits`): held-out questions are never looked at one by one.
"""

from __future__ import annotations

import argparse
import collections
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.datasets import EvalQuestion, load_set
from eval.runner import prepare_index
from eval.splits import split_of
from eval.train_scorer import _label_number
from qa.answer import Assistant
from qa.config import Settings


def _gold_in(q: EvalQuestion, mentions: Sequence[Any], doc_id: str) -> bool:
    return any(_label_number(q, mention, doc_id) for mention in mentions)


def categorise(assistant: Assistant, q: EvalQuestion) -> tuple[str, str]:
    """(category or "right", a short detail line)."""
    analysed = assistant.analyse(q.question)
    info = f"kind={analysed.kind} measure={analysed.measure} head={analysed.head!r} scope={analysed.scope} year={analysed.year}"
    if not analysed.numeric:
        return "analysis", info
    if analysed.reason:
        return "reason", info + f" reason={analysed.reason}"
    _, about, candidates = assistant.candidates(analysed)
    abstain = assistant.scorer.abstain("number")
    labels = [_label_number(q, c.mention, assistant.index.chunks[c.chunk].doc_id) for c in candidates]
    top = ""
    for c, lab in list(zip(candidates, labels))[:4]:
        top += f"\n      {'+' if lab else '-'} {c.score:+.2f} {c.mention.text if c.mention else ''} «{c.mention.subject if c.mention else ''}»"
    relevant = q.relevant_ids or ({q.relevant_prefix} if q.relevant_prefix else set())
    if labels and labels[0]:
        return ("right" if assistant.gives_top(candidates, abstain) else "abstaining"), info + top
    if any(labels):
        return "ranking", info + top
    rows = [h.chunk for h in about]
    docs = {assistant.index.chunks[r].doc_id for r in rows}
    if not any(d in relevant or any(d.startswith(p) for p in relevant) for d in docs):
        return "retrieval", info + top
    for row in rows:
        chunk = assistant.index.chunks[row]
        if any(chunk.doc_id.startswith(p) for p in relevant) and _gold_in(q, chunk.numbers, chunk.doc_id):
            kinds = {mn.kind for mn in chunk.numbers if _label_number(q, mn, chunk.doc_id)}
            return "generation", info + f" gold mention kinds={sorted(kinds)}" + top
    return "extraction", info + top


def categorise_unanswerable(assistant: Assistant, q: EvalQuestion) -> tuple[str, str]:
    """(abstained | number | sentence, a short detail line) for an unanswerable question."""
    analysed = assistant.analyse(q.question)
    info = f"kind={analysed.kind} measure={analysed.measure} head={analysed.head!r} scope={analysed.scope} year={analysed.year}"
    answer = assistant.ask(q.question, 5)
    if not answer.found and not answer.numbers:
        return "abstained", info
    if not answer.numbers:
        return "sentence", info + f"\n      {answer.answer[:80]!r}"
    _, _, candidates = assistant.candidates(analysed)
    model = assistant.scorer.model("number")
    top = f" abstain={assistant.scorer.abstain('number'):+.2f}"
    for c in candidates[:3]:
        top += (
            f"\n      {c.score:+.2f} {c.mention.text if c.mention else ''} «{c.mention.subject if c.mention else ''}»"
        )
        sentence = assistant.index.chunks[c.chunk].text
        if c.mention is not None:
            top += f" …{sentence[max(0, c.mention.start - 40) : c.mention.end + 15]!r}"
        shares = model.contributions(c.features)
        raised = sorted(((w, k) for k, w in shares.items() if c.features.get(k)), reverse=True)[:5]
        top += "\n        " + " ".join(f"{k}={w:+.2f}" for w, k in raised)
    return "number", info + top


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.numeric_misses", description=__doc__.split("\n")[0])
    parser.add_argument("set", type=Path)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--show", type=int, default=12, help="misses shown per category")
    parser.add_argument(
        "--unanswerable", action="store_true", help="the unanswerable questions: which got a number or a sentence"
    )
    args = parser.parse_args(argv)
    settings = Settings()
    eval_set = load_set(args.set)
    assistant = Assistant.load(settings, prepare_index(eval_set, settings))
    counts: collections.Counter[str] = collections.Counter()
    shown: collections.Counter[str] = collections.Counter()
    for q in eval_set.questions[: args.limit]:
        if split_of(q.id) != "train":
            continue
        if args.unanswerable:
            if not q.unanswerable:
                continue
            category, detail = categorise_unanswerable(assistant, q)
            counts[category] += 1
            if category != "abstained" and shown[category] < args.show:
                shown[category] += 1
                print(f"[{category}] {q.id} {q.question}\n    {detail}", flush=True)
            continue
        if not (q.numeric or q.answer is not None):
            continue
        category, detail = categorise(assistant, q)
        counts[category] += 1
        if category != "right" and shown[category] < args.show:
            shown[category] += 1
            gold = q.answer if q.answer is not None else list(q.gold_answers)
            print(f"[{category}] {q.id} {q.question} gold={gold}\n    {detail}", flush=True)
    print(dict(counts))


if __name__ == "__main__":
    main()
