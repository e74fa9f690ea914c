"""Choose the fusion settings by measurement: collect each retriever's ranking once per question, then score
weighted RRF for a grid of (dense weight, rrf k, candidate depth) on the `train` split, report every split.

    python -m eval.fusion_sweep collect SET... --model multilingual-e5-small --out var/fusion/e5.json
    python -m eval.fusion_sweep sweep var/fusion/e5.json [--chosen 1.0,10,50]

`collect` builds (or reuses) each set's index under var/fusion/<model>/ and stores, per question, the doc ids
of the top chunks of BM25 and of dense search (chunk rows too, so fusion is recomputed exactly, at chunk
level, as qa.retrieve does). `sweep` is pure arithmetic over that file. Metrics are document-level, as in
`qa eval`: R@1, R@5 and MRR@10 of the first relevant document.
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

import click

from eval.splits import SPLITS, split_of

DEPTH = 200  # candidates stored per retriever (the sweep's deepest candidate depth)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[-60:]


def collect_set(path: Path, model: str, out_root: Path) -> dict[str, Any]:
    from eval.datasets import load_set
    from eval.metrics import normalize_for_match
    from eval.runner import _relevant, prepare_index
    from index.embed import Embedder
    from index.reader import CorpusIndex
    from qa.config import Settings
    from qa.retrieve import Retriever

    eval_set = load_set(path)
    settings = Settings(embed_model=model, index_dir=out_root / "corpus-index")
    index_dir = prepare_index(eval_set, settings, out_root=out_root, show_progress=True)
    index = CorpusIndex.load(index_dir, model)
    retriever = Retriever(index, Embedder(model), settings)
    doc_ids = list(index.documents)
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for q in eval_set.questions:
        relevant = _relevant(q, doc_ids)
        if not relevant:
            continue  # unanswerable: no document to find
        bm25 = [c for c, _ in retriever.bm25(q.question, DEPTH)]
        dense = [c for c, _ in retriever.dense(q.question, DEPTH)]
        row: dict[str, Any] = {
            "id": q.id,
            "split": split_of(q.id),
            "relevant": sorted(relevant),
            "bm25": bm25,
            "dense": dense,
        }
        if q.evidence:  # chunk level: which candidates hold an evidence string (E@5 below)
            wanted = [normalize_for_match(e) for e in q.evidence]
            row["evidence"] = [
                c
                for c in dict.fromkeys(bm25 + dense)
                if any(w in normalize_for_match(index.chunks[c].text) for w in wanted)
            ]
        rows.append(row)
    chunk_doc = {c: index.chunks[c].doc_id for r in rows for c in (*r["bm25"], *r["dense"])}
    print(f"{eval_set.name}: {len(rows)} questions in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {"name": eval_set.name, "rows": rows, "chunk_doc": {str(k): v for k, v in chunk_doc.items()}}


def fuse(row: dict[str, Any], dense_w: float, rrf_k: int, depth: int, bm25_w: float = 1.0) -> list[int]:
    from qa.fusion import weighted_rrf

    ranked = weighted_rrf(
        {"bm25": row["bm25"][:depth], "dense": row["dense"][:depth]},
        {"bm25": bm25_w, "dense": dense_w},
        k=rrf_k,
    )
    return [c for c, _ in ranked]


def doc_metrics(rows: list[dict[str, Any]], chunk_doc: dict[str, str], ranking: Any) -> dict[str, float]:
    r1 = r5 = mrr = e5 = 0.0
    with_evidence = [r for r in rows if "evidence" in r]
    for row in with_evidence:
        e5 += bool(set(list(ranking(row))[:5]) & set(row["evidence"]))
    for row in rows:
        docs: list[str] = []
        for c in ranking(row):
            d = chunk_doc[str(c)]
            if d not in docs:
                docs.append(d)
            if len(docs) == 10:
                break
        rank = next((i for i, d in enumerate(docs, 1) if d in set(row["relevant"])), None)
        r1 += rank == 1
        r5 += rank is not None and rank <= 5
        mrr += 1 / rank if rank else 0
    n = max(len(rows), 1)
    out = {"n": len(rows), "R@1": r1 / n, "R@5": r5 / n, "MRR": mrr / n}
    if with_evidence:
        out["E@5"] = e5 / len(with_evidence)
    return out


def table(data: list[dict[str, Any]], dense_w: float, rrf_k: int, depth: int) -> list[dict[str, Any]]:
    out = []
    for s in data:
        for split in (*SPLITS, "all"):
            rows = [r for r in s["rows"] if split == "all" or r["split"] == split]
            for mode, ranking in (
                ("bm25", lambda r: r["bm25"][:depth]),
                ("dense", lambda r: r["dense"][:depth]),
                ("hybrid", lambda r: fuse(r, dense_w, rrf_k, depth)),
            ):
                out.append(
                    {"set": s["name"], "split": split, "mode": mode, **doc_metrics(rows, s["chunk_doc"], ranking)}
                )
    return out


def _objective(data: list[dict[str, Any]], dense_w: float, rrf_k: int, depth: int) -> tuple[float, float, float]:
    """Train split only: the mean over sets of R@1, then R@5, then MRR (each set counts once, whatever its
    size, so the 3,000 DRCD questions do not drown the 40 paraphrases)."""
    per = [
        doc_metrics(
            [r for r in s["rows"] if r["split"] == "train"], s["chunk_doc"], lambda r: fuse(r, dense_w, rrf_k, depth)
        )
        for s in data
    ]
    # evidence@5 (chunk level) counts as R@5 where a set has it: on 5 reports document recall saturates
    return tuple(  # type: ignore[return-value]
        sum(p["E@5"] if m == "R@5" and "E@5" in p else p[m] for p in per) / len(per) for m in ("R@1", "R@5", "MRR")
    )


@click.group()
def main() -> None:
    """Fusion weights by measurement (see the module doc)."""


@main.command()
@click.argument("sets", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--model", required=True)
@click.option("--out", type=click.Path(path_type=Path), required=True)
@click.option("--root", type=click.Path(path_type=Path), default=Path("var/fusion"))
def collect(sets: tuple[Path, ...], model: str, out: Path, root: Path) -> None:
    """Rank every question of SETS with BM25 and dense search (indexes built once, cached)."""
    data = [collect_set(p, model, root / _slug(model)) for p in sets]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": model, "sets": data}, ensure_ascii=False), "utf-8")


@main.command()
@click.argument("rankings", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--chosen", default=None, help="dense_w,rrf_k,depth to report instead of the best on train")
@click.option("--json-out", type=click.Path(path_type=Path), default=None)
def sweep(rankings: tuple[Path, ...], chosen: str | None, json_out: Path | None) -> None:
    """Grid over dense weight × rrf k × depth on the train split; print the per-split tables of the best."""
    data = [s for path in rankings for s in json.loads(path.read_text("utf-8"))["sets"]]
    grid = []
    for dense_w in (0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0):
        for rrf_k in (5, 10, 20, 40, 60):
            for depth in (20, 50, 100):
                grid.append(((dense_w, rrf_k, depth), _objective(data, dense_w, rrf_k, depth)))
    grid.sort(key=lambda g: g[1], reverse=True)
    print("top settings on train (mean over sets of R@1, R@5, MRR):")
    for (dw, k, d), (r1, r5, mrr) in grid[:12]:
        print(f"  dense {dw:<4} rrf_k {k:<3} depth {d:<4} R@1 {r1:.4f} R@5 {r5:.4f} MRR {mrr:.4f}")
    if chosen:
        dw_s, k_s, d_s = chosen.split(",")
        params = (float(dw_s), int(k_s), int(d_s))
    else:
        params = grid[0][0]
    rows = table(data, *params)
    print(f"\nchosen dense {params[0]} rrf_k {params[1]} depth {params[2]}")
    print(f"{'set':<26}{'split':<9}{'mode':<8}{'n':>6}{'R@1':>8}{'R@5':>8}{'MRR':>8}{'E@5':>8}")
    for r in rows:
        ev = f"{r['E@5']:>8.4f}" if "E@5" in r else ""
        print(
            f"{r['set']:<26}{r['split']:<9}{r['mode']:<8}{r['n']:>6}{r['R@1']:>8.4f}{r['R@5']:>8.4f}{r['MRR']:>8.4f}{ev}"
        )
    if json_out:
        json_out.write_text(json.dumps({"params": params, "grid": grid, "table": rows}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
