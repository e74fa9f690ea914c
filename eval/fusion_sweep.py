"""Choose the fusion by measurement: collect each retriever's ranking once per question, then fit the linear
fusion (qa.fusion.FittedFusion) and score weighted RRF for a grid of (dense weight, rrf k, candidate depth), on
the `train` split only; report every split.

    python -m eval.fusion_sweep collect SET... --model multilingual-e5-small --out var/fusion/e5.json \
        [--root var/eval --corpus-index var/index]      (reuse qa eval's indexes)
    python -m eval.fusion_sweep fit var/fusion/e5.json... [--out qa/fusion_weights.json]
    python -m eval.fusion_sweep sweep var/fusion/e5.json... [--chosen 1.0,10,50] [--fitted qa/fusion_weights.json]

`collect` builds (or reuses) each set's index under var/fusion/<model>/ and stores, per question, the top chunk
rows of BM25 and of dense search with their scores, and each candidate's document and traditional_share (so
fusion is recomputed exactly, at chunk level, as qa.retrieve does). `sweep` is pure arithmetic over that file. Metrics are document-level, as in
`qa eval`: R@1, R@5 and MRR@10 of the first relevant document.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from eval.splits import SPLITS, split_of

DEPTH = 200  # candidates stored per retriever (the sweep's deepest candidate depth)
RECALL_GATE = 0.001  # how far below the grid's best train R@5 / E@5 a chosen fit may be (`fit`)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)[-60:]


def collect_set(
    path: Path, model: str, out_root: Path, corpus_index: Path | None = None, vectors_out: Path | None = None
) -> dict[str, Any]:
    from eval.datasets import load_set
    from eval.metrics import normalize_for_match
    from eval.runner import _relevant, prepare_index
    from index.embed import Embedder
    from index.reader import CorpusIndex
    from qa.config import Settings
    from qa.fusion import traditional_share
    from qa.retrieve import DENSE_QUERY_CHARS, Retriever

    eval_set = load_set(path)
    settings = Settings(embed_model=model, index_dir=corpus_index or out_root / "corpus-index", fusion="rrf")
    index_dir = prepare_index(eval_set, settings, out_root=out_root, show_progress=True)
    index = CorpusIndex.load(index_dir, model)
    retriever = Retriever(index, Embedder(model), settings)
    doc_ids = list(index.documents)
    rows: list[dict[str, Any]] = []
    query_vectors = []
    started = time.perf_counter()
    for q in eval_set.questions:
        relevant = _relevant(q, doc_ids)
        if not relevant:
            continue  # unanswerable: no document to find
        sparse_hits = retriever.bm25(q.question, DEPTH)
        vector = retriever.embedder.encode_query(q.question[:DENSE_QUERY_CHARS])
        query_vectors.append(vector)
        dense_hits = retriever.backend.dense_search(vector, DEPTH)
        bm25 = [c for c, _ in sparse_hits]
        dense = [c for c, _ in dense_hits]
        row: dict[str, Any] = {
            "id": q.id,
            "split": split_of(q.id),
            "relevant": sorted(relevant),
            "bm25": bm25,
            "dense": dense,
            # scores too, for score-based and fitted fusion (qa.fusion): BM25 as rank-bm25 gives it, cosine
            "bm25_score": [round(s, 5) for _, s in sparse_hits],
            "dense_score": [round(s, 6) for _, s in dense_hits],
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
    chunk_traditional = {str(c): round(traditional_share(index.chunks[c].text), 4) for c in chunk_doc}
    if vectors_out is not None and query_vectors:  # real e5 question vectors, reused by bench.embedding hnsw
        import numpy as np

        vectors_out.mkdir(parents=True, exist_ok=True)
        np.save(vectors_out / f"{_slug(eval_set.name)}-queries.npy", np.stack(query_vectors).astype(np.float32))
    print(f"{eval_set.name}: {len(rows)} questions in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return {
        "name": eval_set.name,
        "rows": rows,
        "chunk_doc": {str(k): v for k, v in chunk_doc.items()},
        "chunk_traditional": chunk_traditional,
    }


def fuse(row: dict[str, Any], dense_w: float, rrf_k: int, depth: int, bm25_w: float = 1.0) -> list[int]:
    from qa.fusion import weighted_rrf

    ranked = weighted_rrf(
        {"bm25": row["bm25"][:depth], "dense": row["dense"][:depth]},
        {"bm25": bm25_w, "dense": dense_w},
        k=rrf_k,
    )
    return [c for c, _ in ranked]


def fuse_fitted(row: dict[str, Any], chunk_traditional: dict[str, float], fusion: Any) -> list[int]:
    """The fitted fusion's order, as qa.retrieve computes it with candidate depth = the fusion's depth."""
    sparse, dense = _scored(row, fusion.depth)
    return [c for c, _ in fusion.rank(sparse, dense, lambda c: chunk_traditional[str(c)])]


def _scored(row: dict[str, Any], depth: int) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    return (
        list(zip(row["bm25"][:depth], row["bm25_score"][:depth])),
        list(zip(row["dense"][:depth], row["dense_score"][:depth])),
    )


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


def table(
    data: list[dict[str, Any]], dense_w: float, rrf_k: int, depth: int, fitted: Any = None
) -> list[dict[str, Any]]:
    out = []
    for s in data:
        for split in (*SPLITS, "all"):
            rows = [r for r in s["rows"] if split == "all" or r["split"] == split]
            modes: list[tuple[str, Any]] = [
                ("bm25", lambda r: r["bm25"][:depth]),
                ("dense", lambda r: r["dense"][:depth]),
                ("hybrid-rrf", lambda r: fuse(r, dense_w, rrf_k, depth)),
            ]
            if fitted is not None:
                modes.append(("hybrid-fit", lambda r, s=s: fuse_fitted(r, s["chunk_traditional"], fitted)))
            for mode, ranking in modes:
                out.append(
                    {"set": s["name"], "split": split, "mode": mode, **doc_metrics(rows, s["chunk_doc"], ranking)}
                )
    return out


def _objective(data: list[dict[str, Any]], dense_w: float, rrf_k: int, depth: int) -> tuple[float, float, float]:
    return _train_objective(data, lambda s: lambda r: fuse(r, dense_w, rrf_k, depth))


def _train_objective(data: list[dict[str, Any]], ranking_of: Any) -> tuple[float, float, float]:
    """Train split only: the mean over sets of R@1, then R@5, then MRR (each set counts once, whatever its
    size, so the 3,000 DRCD questions do not drown the 40 paraphrases). `ranking_of(set)` → row → chunk order."""
    per = [doc_metrics([r for r in s["rows"] if r["split"] == "train"], s["chunk_doc"], ranking_of(s)) for s in data]
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
@click.option(
    "--root",
    type=click.Path(path_type=Path),
    default=None,
    help="where BEIR sets' indexes live (ROOT/<set>/index; e.g. var/eval to reuse qa eval's); "
    "default var/fusion/<model>",
)
@click.option(
    "--corpus-index",
    type=click.Path(path_type=Path),
    default=None,
    help="the seed reports' index for question files (default ROOT/corpus-index)",
)
@click.option(
    "--vectors-out", type=click.Path(path_type=Path), default=None, help="also save each set's e5 question vectors"
)
def collect(
    sets: tuple[Path, ...],
    model: str,
    out: Path,
    root: Path | None,
    corpus_index: Path | None,
    vectors_out: Path | None,
) -> None:
    """Rank every question of SETS with BM25 and dense search (indexes built once, cached)."""
    root = root or Path("var/fusion") / _slug(model)
    data = [collect_set(p, model, root, corpus_index, vectors_out) for p in sets]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"model": model, "sets": data}, ensure_ascii=False), "utf-8")


def _labels(s: dict[str, Any], row: dict[str, Any], ids: list[int]) -> list[float]:
    """A candidate is right when it holds an evidence string (question files) or is from a relevant document."""
    if "evidence" in row:
        evidence = set(row["evidence"])
        return [float(c in evidence) for c in ids]
    relevant = set(row["relevant"])
    return [float(s["chunk_doc"][str(c)] in relevant) for c in ids]


def _lookup(table: dict[str, float]) -> Callable[[int], float]:
    return lambda c: float(table[str(c)])


def fit_fusion(data: list[dict[str, Any]], depth: int, c: float) -> Any:
    """Logistic regression (scikit-learn) on the train split's candidates: each set weighs the same in total,
    each of its questions the same; questions whose candidates are all right or all wrong teach nothing."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qa.fusion import FittedFusion, candidate_features

    xs: list[np.ndarray] = []
    ys: list[list[float]] = []
    ws: list[np.ndarray] = []
    for s in data:
        train = [r for r in s["rows"] if r["split"] == "train"]
        traditional = s["chunk_traditional"]
        for row in train:
            sparse, dense = _scored(row, depth)
            ids, features = candidate_features(sparse, dense, _lookup(traditional), depth)
            labels = _labels(s, row, ids)
            if 0 < sum(labels) < len(labels):
                xs.append(features)
                ys.append(labels)
                ws.append(np.full(len(labels), 1 / (len(train) * len(labels))))
    x, y, w = np.vstack(xs), np.concatenate(ys), np.concatenate(ws)
    model = LogisticRegression(C=c, max_iter=5000).fit(x, y, sample_weight=w * len(w) / w.sum())
    return FittedFusion(tuple(float(v) for v in model.coef_[0]), depth), len(xs)


@main.command()
@click.argument("rankings", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--depth", default=50, show_default=True, help="candidates per retriever (QA_CANDIDATE_DEPTH)")
@click.option("--out", type=click.Path(path_type=Path), default=None, help="default: qa/fusion_weights.json")
def fit(rankings: tuple[Path, ...], depth: int, out: Path | None) -> None:
    """Fit the linear fusion on the train split for C in a small grid; keep the best by the train objective among
    the fits whose R@5 / E@5 is within RECALL_GATE of the grid's best."""
    from qa.fusion import FEATURES, WEIGHTS_FILE

    data = [s for path in rankings for s in json.loads(path.read_text("utf-8"))["sets"]]
    tried = []
    for c in (0.01, 0.1, 0.3, 1.0, 3.0, 10.0):
        fusion, questions = fit_fusion(data, depth, c)
        score = _train_objective(data, lambda s, f=fusion: lambda r: fuse_fitted(r, s["chunk_traditional"], f))
        tried.append((score, c, fusion, questions))
        print(f"C {c:<5} train R@1 {score[0]:.4f} R@5/E@5 {score[1]:.4f} MRR {score[2]:.4f}  coef {fusion.coef}")
    # The gate: a fit that finds fewer evidence passages (R@5 / E@5) than the grid's best is not chosen, however
    # much R@1 it gains — a first place won by losing the passage that holds the answer is no gain.
    best_recall = max(t[0][1] for t in tried)
    score, c, fusion, questions = max((t for t in tried if t[0][1] >= best_recall - RECALL_GATE), key=lambda t: t[0])
    weights = {
        "features": list(FEATURES),
        "coef": dict(zip(FEATURES, (round(v, 5) for v in fusion.coef))),
        "depth": depth,
        "fitted": {
            "by": "python -m eval.fusion_sweep fit " + " ".join(str(p) for p in rankings),
            "date": time.strftime("%Y-%m-%d"),
            "model": "logistic regression (scikit-learn), each set's train split weighing the same",
            "C": c,
            "sets": {s["name"]: sum(r["split"] == "train" for r in s["rows"]) for s in data},
            "questions_with_both_labels": questions,
            "train_objective": {"R@1": round(score[0], 4), "R@5_or_E@5": round(score[1], 4), "MRR": round(score[2], 4)},
            "grid": [{"C": t[1], "R@1": round(t[0][0], 4), "R@5_or_E@5": round(t[0][1], 4)} for t in tried],
        },
    }
    target = out or WEIGHTS_FILE
    target.write_text(json.dumps(weights, indent=1, ensure_ascii=False) + "\n", "utf-8")
    print(f"chosen C {c}: {target}")


@main.command()
@click.argument("rankings", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--chosen", default=None, help="dense_w,rrf_k,depth to report instead of the best on train")
@click.option("--json-out", type=click.Path(path_type=Path), default=None)
@click.option("--fitted", type=click.Path(exists=True, path_type=Path), default=None, help="also a fitted fusion")
def sweep(rankings: tuple[Path, ...], chosen: str | None, json_out: Path | None, fitted: Path | None) -> None:
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
    from qa.fusion import FittedFusion

    rows = table(data, *params, fitted=FittedFusion.load(fitted) if fitted else None)
    print(f"\nchosen dense {params[0]} rrf_k {params[1]} depth {params[2]}")
    print(f"{'set':<26}{'split':<9}{'mode':<11}{'n':>6}{'R@1':>8}{'R@5':>8}{'MRR':>8}{'E@5':>8}")
    for r in rows:
        ev = f"{r['E@5']:>8.4f}" if "E@5" in r else ""
        print(
            f"{r['set']:<26}{r['split']:<9}{r['mode']:<11}{r['n']:>6}{r['R@1']:>8.4f}{r['R@5']:>8.4f}{r['MRR']:>8.4f}{ev}"
        )
    if json_out:
        json_out.write_text(json.dumps({"params": params, "grid": grid, "table": rows}, indent=1), "utf-8")


if __name__ == "__main__":
    main()
