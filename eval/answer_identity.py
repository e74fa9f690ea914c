"""Are `Assistant.ask`'s answers unchanged by a change meant only for speed? Dump them before, dump them after,
compare: byte-identical JSON per question or the differences listed.

    python -m eval.answer_identity dump var/bench/identity/before.jsonl [--limit 120] [--beir SET …]
    (change the code)
    python -m eval.answer_identity dump var/bench/identity/after.jsonl [--limit 120]
    python -m eval.answer_identity compare var/bench/identity/before.jsonl var/bench/identity/after.jsonl

Each row holds the answer as the API returns it with `explain` (text, numbers, span, citations, and the top
candidates' scores, features and contributions), `took_ms` removed, plus a digest of *every* scored candidate
(type, chunk, span, score, features), so a change below the top 8 shows too. Question sets: the question files
over the seed index (var/index), and the BEIR sets reports-train and cmrc2018-trial over their eval indexes
(var/eval/<set>/index, as `qa eval` builds them) — numeric questions first, `--limit` per BEIR set. Dumps run
with PYTHONHASHSEED=0 (the script re-executes itself so): trees before the fix of `Needle.nearest` in
qa/features.py (its first distance was left unclamped, so the `distance` feature followed set order) answer
deterministically only at one hash seed, and a dump compares against them.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUESTION_FILES = ("dev", "extra", "blind", "blind2", "paraphrase")
BEIR_SETS = ("reports-train", "cmrc2018-trial")


def questions(limit: int, beir_sets: tuple[str, ...] = BEIR_SETS) -> list[tuple[str, str, Path]]:
    """(set, question, index dir) of every question file's questions and the first `limit` of each BEIR set
    (numeric ones first: the number-candidate stage is what speed work touches most)."""
    from eval.datasets import load_set

    out: list[tuple[str, str, Path]] = []
    for name in QUESTION_FILES:
        eval_set = load_set(ROOT / "eval" / "sets" / f"{name}_questions.jsonl")
        out += [(name, q.question, ROOT / "var" / "index") for q in eval_set.questions]
    for name in beir_sets:
        eval_set = load_set(ROOT / "eval" / "sets" / name)
        ordered = sorted(eval_set.questions, key=lambda q: not q.numeric)[:limit]
        out += [(name, q.question, ROOT / "var" / "eval" / name / "index") for q in ordered]
    return out


def candidates_digest(assistant: Any, question: str) -> str:
    q = assistant.analyse(question)
    if not q.has_content:
        return ""
    _, _, found = assistant.candidates(q)
    rows = [
        (c.type, c.chunk, c.start, c.end, repr(c.score), sorted((k, repr(v)) for k, v in c.features.items()))
        for c in found
    ]
    return hashlib.blake2b(json.dumps(rows, ensure_ascii=False).encode(), digest_size=16).hexdigest()


def dump(out: Path, limit: int, beir_sets: tuple[str, ...] = BEIR_SETS) -> None:
    from index.embed import Embedder
    from qa.answer import Assistant
    from qa.config import Settings

    embedder = Embedder(Settings().embed_model)
    assistants: dict[Path, Any] = {}
    out.parent.mkdir(parents=True, exist_ok=True)
    asked = questions(limit, beir_sets)
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as f:
        for set_name, question, index_dir in asked:
            if index_dir not in assistants:
                settings = Settings(index_dir=index_dir)
                from index.reader import CorpusIndex

                index = CorpusIndex.load(index_dir, settings.embed_model, settings.hnsw_ef_search)
                assistants[index_dir] = Assistant(index, embedder, settings)
            assistant = assistants[index_dir]
            answer = assistant.ask(question, explain=True).model_dump(mode="json")
            answer.pop("took_ms", None)
            row = {"set": set_name, "answer": answer, "candidates": candidates_digest(assistant, question)}
            f.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"{len(asked)} answers in {time.perf_counter() - started:.0f} s → {out}", file=sys.stderr)


def compare(before: Path, after: Path) -> int:
    a = before.read_text("utf-8").splitlines()
    b = after.read_text("utf-8").splitlines()
    if len(a) != len(b):
        print(f"different numbers of answers: {len(a)} vs {len(b)}")
        return 1
    differ = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
    by_set: dict[str, int] = {}
    for line in a:
        name = json.loads(line)["set"]
        by_set[name] = by_set.get(name, 0) + 1
    for i in differ[:10]:
        x, y = json.loads(a[i]), json.loads(b[i])
        print(f"DIFFERS [{x['set']}] {x['answer']['question']}")
        for key in sorted(set(x["answer"]) | set(y["answer"])):
            if x["answer"].get(key) != y["answer"].get(key):
                print(f"  {key}: {json.dumps(x['answer'].get(key), ensure_ascii=False)[:300]}")
                print(f"  {' ' * len(key)}→ {json.dumps(y['answer'].get(key), ensure_ascii=False)[:300]}")
        if x["candidates"] != y["candidates"]:
            print("  candidates digest differs")
    print(
        f"{len(a) - len(differ)} / {len(a)} answers byte-identical ({', '.join(f'{k} {v}' for k, v in by_set.items())})"
    )
    return 1 if differ else 0


def main() -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # One string-hash order for every dump: a feature that depended on set order (qa.features'
        # Needle.nearest before its fix, found here) made two runs of the same old code differ.
        os.execve(
            sys.executable,
            [sys.executable, "-m", "eval.answer_identity", *sys.argv[1:]],
            {**os.environ, "PYTHONHASHSEED": "0"},
        )
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--limit", type=int, default=120, help="questions per BEIR set")
    d.add_argument(
        "--beir",
        action="append",
        metavar="SET",
        help=f"a BEIR set under eval/sets with its index under var/eval (repeatable; default: {', '.join(BEIR_SETS)})",
    )
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.what == "dump":
        dump(args.out, args.limit, tuple(args.beir) if args.beir else BEIR_SETS)
    else:
        sys.exit(compare(args.before, args.after))


if __name__ == "__main__":
    main()
