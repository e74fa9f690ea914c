"""BM25 k1 / b by measurement: re-weight an index's saved term counts for each (k1, b) (no re-encoding, no
rebuild) and score BM25 alone and the fitted hybrid (qa.fusion weights, the index's dense lists), document-level,
per split, as `qa eval` does. Used to choose index.build.DEFAULT_BM25_PARAMS (docs/embedding.md).

    python -m eval.bm25_grid eval/sets/drcd-dev var/eval/drcd-dev/index var/bm25_grid/drcd.json 1.5,0.75 0.45,0.5
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from eval import metrics as m
from eval.datasets import load_set
from eval.runner import _relevant
from eval.splits import split_of
from index.bm25 import BM25Index, BM25Params, TermCounts
from index.embed import E5_SMALL, Embedder
from index.reader import CorpusIndex
from qa.config import Settings
from qa.fusion import QueryContext
from qa.retrieve import Retriever

DEPTH = 50  # candidates per retriever, as qa.retrieve (QA_CANDIDATE_DEPTH)


def main(argv: list[str]) -> None:
    set_path, index_dir, out = Path(argv[0]), Path(argv[1]), Path(argv[2])
    grid = [(float(a), float(b)) for a, b in (x.split(",") for x in argv[3:])]
    eval_set = load_set(set_path)
    index = CorpusIndex.load(index_dir, E5_SMALL)
    retriever = Retriever(index, Embedder(E5_SMALL, threads=1), Settings(embed_model=E5_SMALL))
    assert retriever.fusion is not None
    vocabulary = index.bm25.vocabulary
    terms = sorted(vocabulary, key=lambda t: vocabulary[t])  # by term id
    counts = TermCounts.load(index.path, terms)
    doc_of = [index.chunks[i].doc_id for i in range(len(index.chunks))]
    doc_ids = list(index.documents)
    questions: list[tuple[str, set[str], list[str], list[tuple[int, float]], list[str], str]] = []
    contexts: list[QueryContext | None] = []
    started = time.perf_counter()
    for q in eval_set.questions:
        relevant = _relevant(q, doc_ids)
        if relevant:  # unanswerable: no document to find
            vector = retriever.query_vector(q.question)
            dense = retriever.backend.dense_search(vector, DEPTH)
            tokens = index.tokenizer.tokenize(q.question)
            contexts.append(retriever.fusion_context(retriever.fusion, q.question, vector))  # once a question
            questions.append((split_of(q.id), relevant, tokens, dense, list(q.evidence), q.question))
    print(f"{len(questions)} questions encoded in {time.perf_counter() - started:.0f} s", file=sys.stderr)

    def scores(rankings: list[list[int]]) -> dict[str, list[float]]:
        out: dict[str, list[float]] = {}
        for split in ("train", "heldout"):
            r1 = r5 = rr = 0.0
            n = 0
            found: list[bool] = []
            for (sp, relevant, _, _, evidence, _), chunks in zip(questions, rankings, strict=True):
                if sp != split:
                    continue
                n += 1
                docs = list(dict.fromkeys(doc_of[c] for c in chunks))[:10]
                rank = next((i for i, d in enumerate(docs, 1) if d in relevant), None)
                r1 += rank == 1
                r5 += rank is not None and rank <= 5
                rr += 1 / rank if rank else 0.0
                if evidence:
                    found.append(m.evidence_found(evidence, [index.chunks[c].text for c in chunks[:5]], 5))
            row = [round(r1 / n, 4), round(r5 / n, 4), round(rr / n, 4), n] if n else [0.0, 0.0, 0.0, 0]
            out[split] = row + ([round(sum(found) / len(found), 4)] if found else [])
        return out

    rows: list[dict[str, Any]] = []
    for k1, b in grid:
        bm25 = BM25Index.from_counts(counts, BM25Params(k1=k1, b=b))
        sparse_rankings, hybrid_rankings = [], []
        for (_, _, tokens, dense, _, _), context in zip(questions, contexts, strict=True):
            sparse = bm25.top_k(tokens, DEPTH)
            sparse_rankings.append([c for c, _ in sparse])
            hybrid_rankings.append([c for c, _ in retriever.fusion.rank(sparse, dense, retriever.traditional, context)])
        row = {"k1": k1, "b": b, "bm25": scores(sparse_rankings), "hybrid": scores(hybrid_rankings)}
        rows.append(row)
        print(json.dumps(row), flush=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, indent=1), "utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
