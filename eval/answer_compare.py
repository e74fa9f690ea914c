"""Answers under several retrieval settings, question by question: which questions a setting wins or loses and why.

    python -m eval.answer_compare OUT.jsonl SET… --config now: \
        --config hits-order:passage_fusion_weights=qa/fusion_weights.json \
        [--config NAME:field=value,field=value …] [--split train] [--numeric-only] [--limit N]

Each `--config` is a name and `Settings` fields (e.g. `fusion_weights=…`, `passage_fusion_weights=…`); the first is the
reference. Every question of the split is asked once per config over the same index, embedder and question vector;
the row per question and config holds what `eval.answer_figures` checks (numeric top right, answer holds gold, number,
abstention), the top number, and where the answering passage stood in each order (fitted hits, the answer stage's
pool). The summary (stdout, JSON) gives per set and config the right counts and the questions that differ from the
reference, each with a cause:
- `pool`: the reference's answering passage is not among the other's place-matching passages read (pool membership,
  the candidate depth, or ANSWER_DEPTH / SPAN_DEPTH cutting it off);
- `order`: it is read by both, but the answer stage's passage order differs (the `rank` feature, sort ties);
- `other`: same passages in the same order, different answer (should not happen: a bug or a nondeterminism).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from eval.answer_figures import question_checks
from eval.datasets import load_set
from eval.runner import prepare_index
from eval.splits import split_of
from index.embed import Embedder
from index.reader import CorpusIndex
from qa.answer import ANSWER_DEPTH, SPAN_DEPTH, Assistant
from qa.config import Settings


def parse_config(text: str) -> tuple[str, dict[str, str]]:
    name, _, fields = text.partition(":")
    out: dict[str, str] = {}
    for item in filter(None, fields.split(",")):
        key, eq, value = item.partition("=")
        if not eq:
            raise SystemExit(f"--config {text!r}: expected field=value, got {item!r}")
        out[key.strip()] = value.strip()
    return name, out


class Recording(Assistant):
    """An assistant that keeps what `candidates` gave its last `ask` (so each question is searched once)."""

    last: tuple[Any, list[Any], list[Any], list[Any]] = (None, [], [], [])

    def candidates(self, q: Any, top_k: int = 5) -> Any:
        hits, about, found = super().candidates(q, top_k)
        self.last = (q, hits, about, found)
        return hits, about, found


def ask_row(assistant: Recording, q: Any) -> dict[str, Any]:
    assistant.last = (None, [], [], [])
    answer = assistant.ask(q.question, 5)
    analysed, hits, about, found = assistant.last
    depth = ANSWER_DEPTH if analysed is not None and analysed.numeric else SPAN_DEPTH
    top = found[0] if found else None
    return {
        "found": answer.found,
        "answer": answer.answer[:120],
        "number": [answer.numbers[0].value, answer.numbers[0].unit] if answer.numbers else None,
        "top_chunk": top.chunk if top is not None else None,
        "read": [h.chunk for h in about[:depth]],
        "hits": [h.chunk for h in hits[:10]],
        "checks": question_checks(q, answer),
    }


def cause(ref: dict[str, Any], other: dict[str, Any]) -> str:
    chunk = ref["top_chunk"]
    if chunk is not None and chunk not in other["read"]:
        return "pool"
    if ref["read"] != other["read"]:
        return "order"
    return "other"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("sets", nargs="+", type=Path)
    ap.add_argument("--config", action="append", required=True)
    ap.add_argument("--split", choices=("train", "heldout", "all"), default="train")
    ap.add_argument("--numeric-only", action="store_true", help="BEIR sets: only the numeric questions")
    ap.add_argument("--limit", type=int)
    args = ap.parse_args(argv)
    configs = [parse_config(c) for c in args.config]
    base = Settings()
    embedder = Embedder(base.embed_model)
    summary: dict[str, Any] = {}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for path in args.sets:
            started = time.perf_counter()
            eval_set = load_set(path)
            index_dir = prepare_index(eval_set, base)
            index = CorpusIndex.load(index_dir, base.embed_model, base.hnsw_ef_search)
            assistants = [Recording(index, embedder, Settings.model_validate(fields)) for _, fields in configs]
            for a in assistants[1:]:  # one encoding per question: the same vector for every config
                a.retriever._vectors = assistants[0].retriever._vectors
                a.retriever._vectors_lock = assistants[0].retriever._vectors_lock
            questions = [
                q
                for q in eval_set.questions
                if (args.split == "all" or split_of(q.id) == args.split)
                and not (args.numeric_only and q.gold_answers and not q.numeric)
            ][: args.limit]
            tally: dict[str, dict[str, list[int]]] = {name: {} for name, _ in configs}
            diffs: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in configs[1:]}
            for q in questions:
                rows = [ask_row(a, q) for a in assistants]
                for (name, _), row in zip(configs, rows):
                    for check, ok in row["checks"].items():
                        t = tally[name].setdefault(check, [0, 0])
                        t[0] += int(ok)
                        t[1] += 1
                for (name, _), row in zip(configs[1:], rows[1:]):
                    changed = [c for c in row["checks"] if row["checks"][c] != rows[0]["checks"].get(c)]
                    if changed or row["answer"] != rows[0]["answer"]:
                        diffs[name].append(
                            {
                                "id": q.id,
                                "changed": {c: row["checks"][c] for c in changed},
                                "cause": cause(rows[0], row) if changed else "same checks",
                            }
                        )
                out.write(
                    json.dumps(
                        {"set": eval_set.name, "id": q.id, "rows": dict(zip([n for n, _ in configs], rows))},
                        ensure_ascii=False,
                    )
                    + "\n"
                )
            causes: dict[str, dict[str, int]] = {}
            for name, items in diffs.items():
                counted: dict[str, int] = {}
                for d in items:
                    won = sum(1 for v in d["changed"].values() if v) - sum(1 for v in d["changed"].values() if not v)
                    key = f"{d['cause']}:{'won' if won > 0 else 'lost' if won < 0 else 'moved'}"
                    counted[key] = counted.get(key, 0) + 1
                causes[name] = counted
            summary[eval_set.name] = {
                "n": len(questions),
                "right": {name: {c: f"{r}/{t}" for c, (r, t) in v.items()} for name, v in tally.items()},
                "causes": causes,
                "lost_or_won": {
                    name: [d for d in items if d["cause"] != "same checks"] for name, items in diffs.items()
                },
                "seconds": round(time.perf_counter() - started),
            }
            print(json.dumps({eval_set.name: summary[eval_set.name]}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
