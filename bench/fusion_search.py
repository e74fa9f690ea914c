"""What the fusion step costs inside `Retriever.search`: the same questions, their vectors encoded beforehand
(so only BM25, the vector search and fusion are timed), under each fusion given; CPU time per search, a first
pass (each candidate's text and document read for the first time) and a second (cached).

    python -m bench.fusion_search INDEX_DIR SET [--limit 300] [--weights W.json ...]

e.g. `python -m bench.fusion_search var/eval/drcd-dev/index eval/sets/drcd-dev --weights qa/fusion_weights_passages.json`
compares the packaged fitted fusion, weighted RRF and the fusion of each weights file (docs/embedding.md).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _questions(path: Path) -> list[str]:
    """The questions of a BEIR directory (queries.jsonl "text") or a question file ("question"). Read here, not
    by eval.datasets: bench measures index and qa only (tests/test_layers.py)."""
    file = path / "queries.jsonl" if path.is_dir() else path
    rows = [json.loads(line) for line in file.read_text("utf-8").splitlines() if line.strip()]
    return [str(row.get("text") or row.get("question") or "") for row in rows]


def main() -> None:
    from index.embed import Embedder
    from index.reader import CorpusIndex
    from qa.config import Settings
    from qa.retrieve import Retriever

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("index_dir", type=Path)
    parser.add_argument(
        "set", type=Path, help="a BEIR directory or a question file (.jsonl): its questions are searched"
    )
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--weights", type=Path, nargs="*", default=[], help="other fitted fusions' weights files")
    parser.add_argument("--model", default="multilingual-e5-small")
    args = parser.parse_args()
    index = CorpusIndex.load(args.index_dir, args.model)
    embedder = Embedder(args.model, threads=1)
    questions = _questions(args.set)[: args.limit]
    settings = Settings(embed_model=args.model)
    retrievers = {
        "fitted (packaged)": Retriever(index, embedder, settings),
        "rrf": Retriever(index, embedder, settings.model_copy(update={"fusion": "rrf"})),
        **{w.stem: Retriever(index, embedder, settings.model_copy(update={"fusion_weights": w})) for w in args.weights},
    }
    first = next(iter(retrievers.values()))
    for q in questions:  # encoded once, shared: encoding is not what is measured
        first.query_vector(q)
    for retriever in retrievers.values():
        retriever._vectors = first._vectors
    for run in ("first pass", "second pass"):
        for name, retriever in retrievers.items():
            cpu = []
            for q in questions:
                started = time.process_time()
                retriever.search(q, settings.candidate_depth)
                cpu.append(time.process_time() - started)
            cpu.sort()
            print(
                f"{run:<12} {name:<22} search CPU p50 {statistics.median(cpu) * 1e3:.2f} ms, "
                f"mean {statistics.mean(cpu) * 1e3:.2f}, p95 {cpu[int(0.95 * len(cpu))] * 1e3:.2f} ({len(cpu)} questions)",
                flush=True,
            )


if __name__ == "__main__":
    main()
