"""Choose the fusion by measurement: collect each retriever's ranking once per question, then fit the linear
fusion (qa.fusion.FittedFusion) and score weighted RRF for a grid of (dense weight, rrf k, candidate depth), on
the `train` split only; report every split.

    python -m eval.fusion_sweep collect SET... --model multilingual-e5-small --out var/fusion/e5.json \
        [--root var/eval --corpus-index var/index]      (reuse qa eval's indexes)
    python -m eval.fusion_sweep fit var/fusion/e5.json... [--depth 50 --depth 100] [--baseline W.json] \
        [--floor SET:METRIC:VALUE] [--out qa/fusion_weights.json]   (only fits meeting every constraint)
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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from eval.splits import SPLITS, split_of
from qa.fusion import FEATURES

DEPTH = 200  # candidates stored per retriever (the sweep's deepest candidate depth)
SENTENCE_DEPTH = 100  # best sentence cosines stored for the union of each list's first this many (the fit's depths)


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
            "question": q.question,
            "split": split_of(q.id),
            "relevant": sorted(relevant),
            "bm25": bm25,
            "dense": dense,
            # scores too, for score-based and fitted fusion (qa.fusion): BM25 as rank-bm25 gives it, cosine
            "bm25_score": [round(s, 5) for _, s in sparse_hits],
            "dense_score": [round(s, 6) for _, s in dense_hits],
        }
        if index.sentences is not None:  # each candidate's best sentence cosine (qa.fusion's sentence features)
            union = list(dict.fromkeys(bm25[:SENTENCE_DEPTH] + dense[:SENTENCE_DEPTH]))
            best = retriever.best_sentences(vector, union)
            row["sentence"] = {str(c): round(float(v), 6) for c, v in zip(union, best, strict=True)}
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
    doc_title = {d: index.documents[d].title for d in set(chunk_doc.values())}
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
        "doc_title": doc_title,
    }


def fuse(row: dict[str, Any], dense_w: float, rrf_k: int, depth: int, bm25_w: float = 1.0) -> list[int]:
    from qa.fusion import weighted_rrf

    ranked = weighted_rrf(
        {"bm25": row["bm25"][:depth], "dense": row["dense"][:depth]},
        {"bm25": bm25_w, "dense": dense_w},
        k=rrf_k,
    )
    return [c for c, _ in ranked]


def fuse_fitted(s: dict[str, Any], row: dict[str, Any], fusion: Any) -> list[int]:
    """The fitted fusion's order, as qa.retrieve computes it with candidate depth = the fusion's depth."""
    sparse, dense = _scored(row, fusion.depth)
    return [c for c, _ in fusion.rank(sparse, dense, _lookup(s["chunk_traditional"]), _context(s, row))]


def _context(s: dict[str, Any], row: dict[str, Any]) -> Any:
    """The QueryContext qa.retrieve gives the fusion, from what `collect` stored (the question, each candidate's
    document and title); None for files collected before those were stored."""
    import numpy as np

    from qa.fusion import QueryContext

    if "question" not in row or "doc_title" not in s:
        return None
    chunk_doc, titles = s["chunk_doc"], s["doc_title"]
    best = row.get("sentence")
    sentences = None if best is None else (lambda ids: np.array([best[str(c)] for c in ids]))
    return QueryContext(row["question"], lambda c: (chunk_doc[str(c)], titles[chunk_doc[str(c)]]), sentences)


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
                modes.append(("hybrid-fit", lambda r, s=s: fuse_fitted(s, r, fitted)))
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


# The fit's grid (`fit`): feature sets, pairs per question (right candidates × hardest wrong ones), C, how much the
# question files weigh, candidate depth (--depth).
FEATURE_SETS: dict[str, tuple[str, ...]] = {"scores": FEATURES}  # v1's six
FEATURE_SETS["scores+documents"] = (
    *FEATURE_SETS["scores"],
    "doc_bm25",
    "doc_dense",
    "title_bm25",
    "title_dense",
    "title_candidates",
    "title_in_question",
)
FEATURE_SETS["all"] = FEATURE_SETS["scores+documents"] + (
    "bm25_norm_x_bm25_gap",
    "dense_norm_x_dense_gap",
    "bm25_norm_x_dense_gap",
    "dense_norm_x_bm25_gap",
    "dense_norm_x_query_length",
    "first_in_both",
)
FEATURE_SETS["all+sentences"] = FEATURE_SETS["all"] + ("sentence_norm", "doc_sentence")
PAIRS = ((3, 10), (10, 10), (10, 30))  # (right, wrong) candidates paired per question, each the lists' best
C_GRID = (0.1, 0.3, 1.0)
# A question file's question is one evidence passage among a few reports: losing it from the top 5 loses the answer,
# and the files are small (14–51 train questions) beside CMRC / DRCD. Weighing them more keeps a passage at rank 5
# from being traded for a first place elsewhere (the dev gate's failure of the first version-2 fit).
EVIDENCE_WEIGHTS = (1.0, 4.0, 16.0)
KEEP_R1 = ("cmrc2018-trial", "drcd-dev")  # sets large enough that a lower train R@1 is a measurement, not one question


def _prepared(data: list[dict[str, Any]], depth: int) -> list[tuple[str, list[Any]]]:
    """Per set, per question: (split, ids, ALL_FEATURES rows, labels, documents, relevant, evidence or None)."""
    import numpy as np

    from qa.fusion import candidate_features

    out = []
    for s in data:
        questions = []
        for row in s["rows"]:
            sparse, dense = _scored(row, depth)
            ids, rows = candidate_features(sparse, dense, _lookup(s["chunk_traditional"]), depth, _context(s, row))
            questions.append(
                (
                    row["split"],
                    ids,
                    rows,
                    np.asarray(_labels(s, row, ids)),
                    [s["chunk_doc"][str(c)] for c in ids],
                    set(row["relevant"]),
                    set(row["evidence"]) if "evidence" in row else None,
                )
            )
        out.append((s["name"], questions))
    return out


def _metrics(questions: list[Any], scores_of: Callable[[Any], Any]) -> dict[str, float]:
    """As doc_metrics, over prepared questions ordered by `scores_of(rows)`: document-level R@1, R@5, MRR@10,
    chunk-level E@5 where the set has evidence strings, and "R@5|E@5" (E@5 where there is one: the objective's)."""
    import numpy as np

    r1 = r5 = mrr = e5 = 0.0
    with_evidence = 0
    for _, ids, rows, _, docs, relevant, evidence in questions:
        order = np.argsort(-scores_of(rows), kind="stable")
        if evidence is not None:
            with_evidence += 1
            e5 += bool({ids[i] for i in order[:5]} & evidence)
        seen: list[str] = []
        for i in order:
            if docs[i] not in seen:
                seen.append(docs[i])
                if len(seen) == 10:
                    break
        rank = next((k for k, d in enumerate(seen, 1) if d in relevant), None)
        r1 += rank == 1
        r5 += rank is not None and rank <= 5
        mrr += 1 / rank if rank else 0
    n = max(len(questions), 1)
    out = {"n": float(len(questions)), "R@1": r1 / n, "R@5": r5 / n, "MRR": mrr / n}
    if with_evidence:
        out["E@5"] = e5 / with_evidence
    out["R@5|E@5"] = out.get("E@5", out["R@5"])
    return out


def fit_fusion(
    prepared: list[tuple[str, list[Any]]],
    depth: int,
    c: float,
    features: tuple[str, ...],
    pairs: tuple[int, int],
    evidence_weight: float = 1.0,
) -> tuple[Any, int]:
    """Pairwise logistic regression (scikit-learn; a linear RankNet) on the train split: per question, each of its
    `pairs[0]` best right candidates against each of its `pairs[1]` best wrong ones ("best": by both lists' reciprocal
    ranks — the near misses a ranking must get right), as feature differences. The order, not a probability, is
    what is fitted: features shared by a question's candidates (how sure a list is, a title shared by an article's
    paragraphs) count through what they change between candidates. Each set weighs the same in total (a set with
    evidence strings — a question file — `evidence_weight` times that), each of its questions the same; questions
    whose candidates are all right or all wrong teach nothing."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    from qa.fusion import ALL_FEATURES, FittedFusion

    columns = [ALL_FEATURES.index(f) for f in features]
    reciprocal = [ALL_FEATURES.index("bm25_rr"), ALL_FEATURES.index("dense_rr")]
    xs: list[np.ndarray] = []
    ws: list[np.ndarray] = []
    taught = 0
    for _, questions in prepared:
        train = [q for q in questions if q[0] == "train"]
        weight = evidence_weight if any(q[6] is not None for q in train) else 1.0
        for _, _, rows, labels, *_ in train:
            if not 0 < labels.sum() < len(labels):
                continue
            taught += 1
            closeness = rows[:, reciprocal].sum(axis=1)
            right, wrong = np.flatnonzero(labels == 1), np.flatnonzero(labels == 0)
            right = right[np.argsort(-closeness[right], kind="stable")[: pairs[0]]]
            wrong = wrong[np.argsort(-closeness[wrong], kind="stable")[: pairs[1]]]
            diff = (rows[right][:, None, columns] - rows[wrong][None, :, columns]).reshape(-1, len(columns))
            xs.append(diff)
            ws.append(np.full(len(diff), weight / (len(train) * len(diff))))
    x, w = np.vstack(xs), np.concatenate(ws)
    # both orientations of every pair, so the fit needs no intercept (an intercept would not change the order)
    xx, yy, ww = np.vstack([x, -x]), np.r_[np.ones(len(x)), np.zeros(len(x))], np.r_[w, w]
    model = LogisticRegression(C=c, max_iter=5000, fit_intercept=False).fit(
        xx, yy, sample_weight=ww * len(ww) / ww.sum()
    )
    return FittedFusion(tuple(float(v) for v in model.coef_[0]), depth, features), taught


def per_set_metrics(prepared: list[tuple[str, list[Any]]], fusion: Any, split: str = "train") -> dict[str, dict]:
    """Each set's _metrics on one split ("all": both) under `fusion` (prepared at the fusion's depth)."""
    import numpy as np

    from qa.fusion import ALL_FEATURES

    columns = [ALL_FEATURES.index(f) for f in fusion.features]
    coef = np.asarray(fusion.coef)
    return {
        name: _metrics([q for q in qs if split == "all" or q[0] == split], lambda rows: rows[:, columns] @ coef)
        for name, qs in prepared
    }


def objective(per_set: dict[str, dict]) -> tuple[float, float, float]:
    """The train objective: the mean over sets of R@1, then of R@5 (E@5 where a set has it), then of MRR (each set
    counts once, whatever its size, so the 3,000 DRCD questions do not drown the 40 paraphrases)."""
    per = list(per_set.values())
    return tuple(sum(p[m] for p in per) / len(per) for m in ("R@1", "R@5|E@5", "MRR"))


@dataclass(frozen=True, slots=True)
class Floor:
    """A constraint of the choice: on its set's train split, `metric` must be at least `value`."""

    set: str
    metric: str  # R@1, R@5 (document level), E@5 (evidence passage in the top 5), MRR
    value: float
    why: str

    def shortfall(self, per_set: dict[str, dict]) -> float:
        """How far below the floor (0: met; a set or metric the rankings lack is not a constraint)."""
        got = per_set.get(self.set, {}).get(self.metric)
        return 0.0 if got is None else max(0.0, self.value - got - 1e-9)


def baseline_floors(baseline: dict[str, dict], keep_r1: tuple[str, ...]) -> list[Floor]:
    """Never below the fusion it replaces, on any set's train split: its R@5 and E@5 everywhere (a passage it
    found in the top 5 must stay there), its R@1 on `keep_r1` (the large sets)."""
    floors = []
    for name, m in baseline.items():
        for metric in ("R@5", "E@5"):
            if metric in m:
                floors.append(Floor(name, metric, m[metric], "baseline"))
        if name in keep_r1:
            floors.append(Floor(name, "R@1", m["R@1"], "baseline"))
    return floors


def choose(fits: list[tuple[tuple[float, float, float], int, bool]]) -> int:
    """Index of the chosen fit among (train objective, depth, fails a constraint): the best objective among those
    that fail none; among equals the shallower depth (cheaper per question), then the first in the grid."""
    meeting = [i for i, (_, _, fails) in enumerate(fits) if not fails]
    if not meeting:
        raise ValueError("no fit meets every constraint")
    return max(meeting, key=lambda i: (fits[i][0], -fits[i][1], -i))


def parse_floor(text: str) -> Floor:
    """SET:METRIC:VALUE, e.g. cmrc2018-trial:R@5:0.997."""
    try:
        name, metric, value = text.rsplit(":", 2)
        floor = Floor(name, metric, float(value), "given")
    except ValueError as exc:
        raise click.BadParameter(f"{text!r}: expected SET:METRIC:VALUE ({exc})") from exc
    if metric not in ("R@1", "R@5", "E@5", "MRR"):
        raise click.BadParameter(f"{text!r}: metric must be R@1, R@5, E@5 or MRR")
    return floor


def _weights_json(fusion: Any, fitted: dict[str, Any]) -> dict[str, Any]:
    from qa.fusion import FUSION_VERSION

    return {
        "version": FUSION_VERSION,
        "features": list(fusion.features),
        "coef": dict(zip(fusion.features, (round(v, 5) for v in fusion.coef))),
        "depth": fusion.depth,
        "fitted": fitted,
    }


def _rounded(per_set: dict[str, dict]) -> dict[str, dict]:
    return {name: {k: round(v, 4) for k, v in m.items() if k != "R@5|E@5"} for name, m in per_set.items()}


@main.command()
@click.argument("rankings", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option(
    "--depth",
    "depths",
    multiple=True,
    type=int,
    default=(50,),
    show_default=True,
    help="candidates per retriever (QA_CANDIDATE_DEPTH); repeat for a grid over depths (ties go to the shallower)",
)
@click.option("--out", type=click.Path(path_type=Path), default=None, help="default: qa/fusion_weights.json")
@click.option(
    "--baseline",
    type=click.Path(exists=True, path_type=Path),
    default=None,
    help="the fusion to be no worse than (train R@5 and E@5 of every set, R@1 of --keep-r1); "
    "default: the packaged qa/fusion_weights.json",
)
@click.option("--keep-r1", multiple=True, default=KEEP_R1, show_default=True, help="sets whose train R@1 may not fall")
@click.option("--floor", "floors", multiple=True, help="SET:METRIC:VALUE, a further train-split constraint")
@click.option(
    "--features",
    "feature_sets",
    multiple=True,
    type=click.Choice(list(FEATURE_SETS)),
    help="feature sets of the grid (repeat; default: every one)",
)
@click.option(
    "--best-failing-out",
    type=click.Path(path_type=Path),
    default=None,
    help="when no fit meets every constraint, write the one nearest to it here (nothing is written to --out)",
)
def fit(
    rankings: tuple[Path, ...],
    depths: tuple[int, ...],
    out: Path | None,
    baseline: Path | None,
    keep_r1: tuple[str, ...],
    floors: tuple[str, ...],
    feature_sets: tuple[str, ...],
    best_failing_out: Path | None,
) -> None:
    """Fit the fusion on the train split of RANKINGS' sets over a grid (depths × feature sets × pairs × C ×
    question-file weight) and keep, among the fits that meet every constraint on the train splits (no set's R@5 or
    E@5 below the baseline's, no --keep-r1 set's R@1 below it, each --floor), the best by the train objective
    (mean over sets of R@1, then R@5-or-E@5, then MRR). Held-out splits are never read for the choice."""
    from qa.fusion import WEIGHTS_FILE, FittedFusion

    data = [s for path in rankings for s in json.loads(path.read_text("utf-8"))["sets"]]
    baseline_path = baseline or WEIGHTS_FILE
    base = FittedFusion.load(baseline_path)
    started = time.perf_counter()
    prepared = {d: _prepared(data, d) for d in sorted({*depths, base.depth})}
    print(
        f"{sum(len(q) for _, q in prepared[base.depth])} questions' candidates in {time.perf_counter() - started:.0f} s"
    )
    base_train = per_set_metrics(prepared[base.depth], base)
    constraints = baseline_floors(base_train, keep_r1) + [parse_floor(f) for f in floors]
    print(f"baseline {baseline_path}: train objective " + " ".join(f"{v:.4f}" for v in objective(base_train)))
    tried = []
    for depth in sorted(depths):
        for name, features in FEATURE_SETS.items():
            if feature_sets and name not in feature_sets:
                continue
            for pairs in PAIRS:
                for c in C_GRID:
                    for ew in EVIDENCE_WEIGHTS:
                        fusion, questions = fit_fusion(prepared[depth], depth, c, features, pairs, ew)
                        per_set = per_set_metrics(prepared[depth], fusion)
                        score = objective(per_set)
                        failed = [(f, f.shortfall(per_set)) for f in constraints if f.shortfall(per_set) > 0]
                        tried.append((score, depth, name, pairs, c, ew, fusion, questions, per_set, failed))
                        fails = "; ".join(f"{f.set} {f.metric} −{short:.4f}" for f, short in failed)
                        print(
                            f"depth {depth:<3} {name:<17} pairs {pairs[0]:>2}×{pairs[1]:<3} C {c:<4} qf×{ew:<3g} "
                            f"train R@1 {score[0]:.4f} R@5/E@5 {score[1]:.4f} MRR {score[2]:.4f}  "
                            + (f"FAILS {fails}" if failed else "ok"),
                            flush=True,
                        )
    admissible = [t for t in tried if not t[9]]
    grid = [
        {
            "depth": t[1],
            "features": t[2],
            "pairs": list(t[3]),
            "C": t[4],
            "question_file_weight": t[5],
            "R@1": round(t[0][0], 4),
            "R@5_or_E@5": round(t[0][1], 4),
            "MRR": round(t[0][2], 4),
            "fails": [f"{f.set} {f.metric} {f.value:.4f} short by {short:.4f}" for f, short in t[9]],
        }
        for t in tried
    ]

    def fitted(t: Any) -> dict[str, Any]:
        return {
            "by": "python -m eval.fusion_sweep fit "
            + " ".join(str(p) for p in rankings)
            + "".join(f" --depth {d}" for d in depths)
            + f" --baseline {baseline_path}"
            + "".join(f" --floor {f}" for f in floors)
            + "".join(f" --features {f}" for f in feature_sets),
            "date": time.strftime("%Y-%m-%d"),
            "model": "pairwise logistic regression (scikit-learn), each set's train split weighing the same "
            "(question files × question_file_weight)",
            "feature_set": t[2],
            "pairs": list(t[3]),
            "C": t[4],
            "question_file_weight": t[5],
            "sets": {s["name"]: sum(r["split"] == "train" for r in s["rows"]) for s in data},
            "questions_with_both_labels": t[7],
            "train_objective": {"R@1": round(t[0][0], 4), "R@5_or_E@5": round(t[0][1], 4), "MRR": round(t[0][2], 4)},
            "constraints": [f"{f.set} {f.metric} ≥ {f.value:.4f} ({f.why})" for f in constraints],
            "train": _rounded(t[8]),
            "baseline_train": _rounded(base_train),
            "grid": grid,
        }

    if not admissible:
        nearest = min(tried, key=lambda t: (len(t[9]), sum(s for _, s in t[9]), tuple(-v for v in t[0])))
        print(
            f"no fit meets every constraint; nearest: depth {nearest[1]} {nearest[2]} pairs {nearest[3]} C {nearest[4]} "
            f"qf×{nearest[5]:g}, fails " + "; ".join(f"{f.set} {f.metric} by {s:.4f}" for f, s in nearest[9])
        )
        if best_failing_out:
            best_failing_out.write_text(
                json.dumps(_weights_json(nearest[6], fitted(nearest)), indent=1, ensure_ascii=False) + "\n", "utf-8"
            )
            print(f"written: {best_failing_out}")
        raise SystemExit(1)
    chosen = admissible[choose([(t[0], t[1], bool(t[9])) for t in admissible])]
    target = out or WEIGHTS_FILE
    target.write_text(
        json.dumps(_weights_json(chosen[6], fitted(chosen)), indent=1, ensure_ascii=False) + "\n", "utf-8"
    )
    print(
        f"{len(admissible)} of {len(tried)} fits meet every constraint; chosen depth {chosen[1]}, {chosen[2]}, pairs "
        f"{chosen[3][0]}×{chosen[3][1]}, C {chosen[4]}, question files ×{chosen[5]:g}: {target}"
    )


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


@main.command()
@click.argument("rankings", nargs=-1, type=click.Path(exists=True, path_type=Path), required=True)
@click.option(
    "--fitted", "fitted_files", multiple=True, type=click.Path(exists=True, path_type=Path), help="weights files"
)
@click.option("--rrf", default="0.7,5,50", show_default=True, help="dense_w,rrf_k,depth of the weighted RRF shown")
def compare(rankings: tuple[Path, ...], fitted_files: tuple[Path, ...], rrf: str) -> None:
    """R@1 / R@5 / MRR (E@5 where a set has evidence) per set and split: BM25, dense, weighted RRF and each
    fitted fusion given, over RANKINGS (train and held-out alike: a report, never a choice)."""
    from qa.fusion import FittedFusion

    data = [s for path in rankings for s in json.loads(path.read_text("utf-8"))["sets"]]
    dw, k, d = rrf.split(",")
    fusions = [(f.stem, FittedFusion.load(f)) for f in fitted_files]
    head = "".join(f"{name[:30]:>32}" for name in ("bm25", "dense", f"rrf {rrf}", *(n for n, _ in fusions)))
    print(f"{'set':<22}{'split':<8}{'n':>5}{head}")
    for s in data:
        for split in (*SPLITS, "all"):
            rows = [r for r in s["rows"] if split == "all" or r["split"] == split]
            if not rows:
                continue
            rankings_of: list[Any] = [
                lambda r: r["bm25"][: int(d)],
                lambda r: r["dense"][: int(d)],
                lambda r: fuse(r, float(dw), int(k), int(d)),
                *(lambda r, f=f, s=s: fuse_fitted(s, r, f) for _, f in fusions),
            ]
            cells = []
            for ranking in rankings_of:
                m = doc_metrics(rows, s["chunk_doc"], ranking)
                ev = f" ({m['E@5']:.3f})" if "E@5" in m else ""
                cells.append(f"{m['R@1']:.4f}/{m['R@5']:.3f}/{m['MRR']:.3f}{ev}")
            print(f"{s['name'][:21]:<22}{split:<8}{len(rows):>5}" + "".join(f"{c:>32}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
