"""Fit the answer scorer (`qa/scorer_weights.json`) on labelled question sets, and print its figures.

    python -m eval.train_scorer eval/sets/cmrc2018-trial eval/sets/drcd-dev \\
        eval/sets/dev_questions.jsonl eval/sets/extra_questions.jsonl eval/sets/blind_questions.jsonl \\
        eval/sets/blind2_questions.jsonl [--kind span --kind clause]

Each set's questions go through the assistant's own candidate generation (`Assistant.candidates`: the same
retrieval, scope filter and features `ask` uses); each candidate is labelled by matching it to the gold:
- a number mention is right when its value is a gold answer's number (BEIR sets, the CMRC rule), or the
  question file's `answer` value and unit from the right document;
- a sentence is right when it holds a gold answer, or lies inside one (BEIR), or overlaps the evidence
  (question files);
- a clause of a right sentence (the highlight, model "clause") is right when it overlaps the gold answer
  where the sentence states it.
Only questions with `eval.splits.split_of(id) == "train"` are fitted on; the held-out figures are printed
beside the training ones and never used to choose anything. One logistic regression per candidate type
(scikit-learn, standardised features); the "no answer" candidate's score is the threshold on the logit that
maximises, on the training questions, right answers plus right abstentions (an abstention is right on an
unanswerable question, and — for numbers — where no candidate is right).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval import metrics as m
from eval.datasets import EvalQuestion, load_set
from eval.runner import prepare_index
from eval.splits import SPLITS, split_of
from index.normalize import match_view, to_simplified
from qa.answer import Assistant
from qa.config import Settings
from qa.features import NUMBER_FEATURES
from qa.scorer import WEIGHTS_FILE, Scorer
from qa.span_features import CLAUSE_FEATURES, SENTENCE_FEATURES

TYPES = {"number": NUMBER_FEATURES, "span": SENTENCE_FEATURES, "clause": CLAUSE_FEATURES}


@dataclass(slots=True)
class Example:
    """One question's candidates: feature rows and labels, with what abstaining would be worth."""

    set_name: str
    qid: str
    split: str
    type: str  # number | span
    rows: list[list[float]]
    labels: list[int]
    unanswerable: bool
    numeric_gold: bool  # a BEIR numeric question (the CMRC rule) or a question file's numeric one


def _flat(text: str) -> str:
    return m.normalize_for_match(to_simplified(text))


def _label_number(q: EvalQuestion, mention: Any, doc_id: str) -> int:
    if q.answer is not None:
        ok = any(m.same_value(mention.value, v) and mention.unit == u for v, u in m.accepted_values(q.answer))
        return int(ok and q.relevant_prefix is not None and doc_id.startswith(q.relevant_prefix))
    if q.gold_answers:
        if any(m.same_value(mention.value, v) for v in m.gold_number_values(q.gold_answers)):
            return 1
        surface = _flat(mention.text)
        return int(bool(surface) and any(surface in _flat(g) for g in q.gold_answers))
    return 0


def _label_span(q: EvalQuestion, clause: str) -> int:
    flat = _flat(clause)
    if not flat:
        return 0
    golds = [_flat(g) for g in q.gold_answers] + [_flat(e) for e in q.evidence]
    return int(any(g and (g in flat or (len(flat) >= 4 and flat in g)) for g in golds))


def _label_clause(q: EvalQuestion, sentence: str, clauses: list[tuple[int, int]]) -> list[int]:
    """1 for the clauses (offsets in `sentence`, matching view) that overlap a gold answer where the sentence
    states it (the first occurrence), else 0; all 0 when the sentence states none."""
    flat = sentence.lower()
    for gold in q.gold_answers:
        g = match_view(m.normalize_for_match(gold)).text.lower().strip()
        at = flat.find(g) if g else -1
        if at >= 0:
            return [int(a < at + len(g) and at < b) for a, b in clauses]
    return [0] * len(clauses)


def examples(assistant: Assistant, set_path: Path, limit: int | None = None) -> Iterable[Example]:
    eval_set = load_set(set_path)
    for q in eval_set.questions[:limit]:
        try:
            analysed = assistant.analyse(q.question)
        except ValueError:
            continue
        if not analysed.has_content:
            continue
        _, _, candidates = assistant.candidates(analysed)
        rows, labels = [], []
        clause_rows: list[list[float]] = []
        clause_labels: list[int] = []
        kind = "number" if analysed.numeric else "span"
        for cand in candidates:
            chunk = assistant.index.chunks[cand.chunk]
            rows.append([cand.features[name] for name in TYPES[kind]])
            if cand.mention is not None:
                labels.append(_label_number(q, cand.mention, chunk.doc_id))
                continue
            view = match_view(chunk.text)
            v_start, v_end = view.span_to_view(cand.start, cand.end)
            labels.append(_label_span(q, view.text[v_start:v_end]))
            if labels[-1] and q.gold_answers:
                # The highlight model learns from the sentences that hold the answer.
                clauses = assistant.clause_candidates(analysed, cand)
                spans = [(view.to_view(a) - v_start, view.to_view(b, end=True) - v_start) for a, b, _, _ in clauses]
                got = _label_clause(q, view.text[v_start:v_end], spans)
                if any(got):
                    clause_rows += [[values[name] for name in CLAUSE_FEATURES] for _, _, values, _ in clauses]
                    clause_labels += got
        split = split_of(q.id)
        answerable_number = q.numeric or q.answer is not None
        yield Example(eval_set.name, q.id, split, kind, rows, labels, q.unanswerable, answerable_number)
        if clause_rows:
            yield Example(eval_set.name, q.id, split, "clause", clause_rows, clause_labels, False, False)


def _fit(
    train: list[Example], features: tuple[str, ...], objective: str = "pointwise", balance: bool = False
) -> dict[str, Any]:
    """Logistic regression on standardised features. `pointwise` (default) fits each candidate alone;
    `pairwise` fits the difference between a right and a wrong candidate of the same question (tried: no
    better on the train split of these sets, and worse on the question files); `listwise`: `_fit_listwise`."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    if objective == "listwise":
        return _fit_listwise(train, features)

    x = np.array([row for ex in train for row in ex.rows], dtype=float)
    y = np.array([label for ex in train for label in ex.labels], dtype=int)
    if len(x) == 0 or y.min() == y.max():
        raise SystemExit(f"not enough labelled candidates to fit ({len(x)} rows, {int(y.sum())} right)")
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    if objective == "pointwise":
        # balance: each set weighs the same in all, so a 3,500-question wiki set does not drown the report
        # questions (used for numbers, which both kinds of set ask; clauses are nearly all wiki questions).
        per_set: dict[str, int] = {}
        for ex in train:
            per_set[ex.set_name] = per_set.get(ex.set_name, 0) + len(ex.rows)
        weight = np.array(
            [len(x) / (len(per_set) * per_set[ex.set_name]) if balance else 1.0 for ex in train for _ in ex.rows]
        )
        model = LogisticRegression(C=1.0, max_iter=2000)
        model.fit((x - means) / scales, y, sample_weight=weight)
        bias = float(model.intercept_[0])
    else:
        rng = np.random.default_rng(0)
        diffs = []
        for ex in train:
            rows = (np.array(ex.rows, dtype=float) - means) / scales if ex.rows else np.zeros((0, len(features)))
            right = [i for i, lab in enumerate(ex.labels) if lab]
            wrong = [i for i, lab in enumerate(ex.labels) if not lab]
            pairs = [(r, w) for r in right for w in wrong]
            if len(pairs) > PAIRS_PER_QUESTION:
                pairs = [pairs[i] for i in rng.choice(len(pairs), PAIRS_PER_QUESTION, replace=False)]
            diffs += [rows[r] - rows[w] for r, w in pairs]
        d = np.array(diffs)
        model = LogisticRegression(C=1.0, max_iter=2000, fit_intercept=False)
        model.fit(np.vstack([d, -d]), np.r_[np.ones(len(d)), np.zeros(len(d))])
        bias = 0.0
    return {
        "features": list(features),
        "weights": [round(float(w), 6) for w in model.coef_[0]],
        "bias": round(bias, 6),
        "means": [round(float(v), 6) for v in means],
        "scales": [round(float(v), 6) for v in scales],
        "abstain": 0.0,
        "objective": objective,
        "rows": len(x),
        "positives": int(y.sum()),
    }


PAIRS_PER_QUESTION = 200
LISTWISE_L2 = 1.0
# The objective each model is fitted with unless --objective says otherwise. A sentence or a clause is one
# choice among a question's candidates: the listwise fit (train split: CMRC 64.5% → 72% top sentence right,
# DRCD 81.5% → 83%, against pointwise) learns exactly that choice.
DEFAULT_OBJECTIVE = {"number": "pointwise", "span": "listwise", "clause": "listwise"}


def _fit_listwise(train: list[Example], features: tuple[str, ...]) -> dict[str, Any]:
    """A conditional logit (softmax over each question's candidates, standardised features, L2): maximises
    the probability the question's right candidates get among its own candidates. Scores compare only within
    a question, so there is no intercept; "no answer" still gets its own cut (`_threshold`)."""
    import numpy as np
    from scipy.optimize import minimize

    groups = [
        (np.array(ex.rows, dtype=float), np.array(ex.labels, dtype=bool)) for ex in train if ex.rows and any(ex.labels)
    ]
    if not groups:
        raise SystemExit("not enough labelled candidates to fit (no question has a right candidate)")
    x = np.vstack([rows for rows, _ in groups])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    groups = [((rows - means) / scales, right) for rows, right in groups]

    def loss(w: Any) -> tuple[float, Any]:
        total, grad = 0.5 * LISTWISE_L2 * float(w @ w), LISTWISE_L2 * w
        for rows, right in groups:
            scores = rows @ w
            e = np.exp(scores - scores.max())
            total -= float(np.log(e[right].sum() / e.sum()))
            grad = grad - rows[right].T @ (e[right] / e[right].sum()) + rows.T @ (e / e.sum())
        return total, grad

    fitted = minimize(loss, np.zeros(len(features)), jac=True, method="L-BFGS-B")
    return {
        "features": list(features),
        "weights": [round(float(w), 6) for w in fitted.x],
        "bias": 0.0,
        "means": [round(float(v), 6) for v in means],
        "scales": [round(float(v), 6) for v in scales],
        "abstain": 0.0,
        "objective": "listwise",
        "rows": len(x),
        "positives": int(sum(right.sum() for _, right in groups)),
    }


def _best(scorer: Scorer, kind: str, ex: Example) -> tuple[float, int]:
    """The best candidate's logit and label (−inf, 0 when there is none)."""
    model = scorer.model(kind)
    best, label = -math.inf, 0
    for row, lab in zip(ex.rows, ex.labels):
        score = model.logit(dict(zip(model.features, row)))
        if score > best:
            best, label = score, lab
    return best, label


def _abstention_right(ex: Example) -> bool:
    return ex.unanswerable or (ex.type == "number" and not any(ex.labels))


def _threshold(scorer: Scorer, kind: str, train: list[Example]) -> float:
    """The no-answer candidate's logit: the cut that maximises right answers + right abstentions."""
    scored = [(*_best(scorer, kind, ex), _abstention_right(ex)) for ex in train]
    cuts = sorted({s for s, _, _ in scored if s != -math.inf})
    if not cuts:
        return 0.0
    options = [cuts[0] - 1.0] + [(a + b) / 2 for a, b in itertools.pairwise(cuts)] + [cuts[-1] + 1.0]

    def utility(t: float) -> int:
        return sum((label == 1) if s > t else abstain_ok for s, label, abstain_ok in scored)

    values = [utility(t) for t in options]
    top = max(values)
    chosen = [t for t, v in zip(options, values) if v == top]
    if kind == "span":
        # No clause is "right to abstain on" unless the question is unanswerable: among equal cuts, the one
        # that answers most.
        return round(chosen[0], 6)
    return round(chosen[len(chosen) // 2], 6)  # the middle of the best cuts: the widest margin


def figures(scorer: Scorer, data: list[Example]) -> dict[str, dict[str, Any]]:
    """Per set, type and split: questions, top candidate right, answered right (above the no-answer
    candidate), right abstentions, and how often a right candidate exists at all."""
    out: dict[str, dict[str, Any]] = {}
    for ex in data:
        best, label = _best(scorer, ex.type, ex)
        answered = best > scorer.abstain(ex.type)
        key = f"{ex.set_name} · {ex.type}"
        cell = out.setdefault(key, {s: [0, 0, 0, 0, 0, 0] for s in SPLITS})[ex.split]
        cell[0] += 1
        cell[1] += int(label == 1)
        cell[2] += int(answered and label == 1)
        cell[3] += int(ex.unanswerable)
        cell[4] += int(ex.unanswerable and not answered)
        cell[5] += int(any(ex.labels))
    return {
        key: {
            split: {
                "questions": c[0],
                "top_right": c[1],
                "answered_right": c[2],
                "unanswerable": c[3],
                "abstained_right": c[4],
                "reachable": c[5],
            }
            for split, c in cells.items()
        }
        for key, cells in out.items()
    }


def _placeholder() -> Scorer:
    """Zero weights: candidate generation for labelling does not depend on the weights."""
    return Scorer.from_json(
        {
            "models": {
                kind: {"features": list(names), "weights": [0.0] * len(names), "bias": 0.0, "abstain": 0.0}
                for kind, names in TYPES.items()
            }
        }
    )


def _cached(path: Path, build: Any) -> list[Example]:
    if path.is_file():
        return [Example(**json.loads(line)) for line in path.read_text(encoding="utf-8").splitlines() if line]
    data = list(build())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("".join(json.dumps(_as_dict(ex)) + "\n" for ex in data), encoding="utf-8")
    tmp.replace(path)
    return data


def _as_dict(ex: Example) -> dict[str, Any]:
    return {name: getattr(ex, name) for name in Example.__slots__}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m eval.train_scorer", description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="BEIR directories and question files (.jsonl)")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE, help="weights file to write")
    parser.add_argument("--cache", type=Path, default=Path("var/scorer"), help="labelled candidates per set")
    parser.add_argument("--refresh", action="store_true", help="recompute the labelled candidates")
    parser.add_argument("--limit", type=int, default=None, help="questions per set (for a quick try)")
    parser.add_argument(
        "--objective",
        choices=["pointwise", "pairwise", "listwise"],
        default=None,
        help="fit every model this way (default: numbers pointwise, sentences and clauses listwise)",
    )
    parser.add_argument(
        "--kind",
        action="append",
        choices=sorted(TYPES),
        help="refit only this model (repeatable: --kind span --kind clause); the others stay as in --out",
    )
    args = parser.parse_args(argv)

    settings = Settings()
    data: list[Example] = []
    for set_path in args.sets:
        started = time.perf_counter()
        eval_set = load_set(set_path)
        cache = args.cache / f"{eval_set.name}.jsonl"
        if args.refresh and cache.exists():
            cache.unlink()

        def build(set_path: Path = set_path, eval_set: Any = eval_set) -> Iterable[Example]:
            index_dir = prepare_index(eval_set, settings)
            assistant = Assistant(*_loaded(settings, index_dir), scorer=_placeholder())
            return examples(assistant, set_path, args.limit)

        got = _cached(cache, build)
        print(f"{eval_set.name}: {len(got)} questions labelled ({time.perf_counter() - started:.0f} s)", flush=True)
        data += got

    # --kind: refit those models only; the others, and their figures, are kept as the weights file has them.
    kinds = args.kind or list(TYPES)
    previous = json.loads(args.out.read_text(encoding="utf-8")) if args.kind and args.out.is_file() else {}
    models: dict[str, Any] = dict(previous.get("models", {}))
    for kind in kinds:
        train = [ex for ex in data if ex.type == kind and ex.split == "train"]
        objective = args.objective or DEFAULT_OBJECTIVE[kind]
        models[kind] = _fit(train, TYPES[kind], objective, balance=kind == "number")
    scorer = Scorer.from_json({"models": models})
    for kind in kinds:
        train = [ex for ex in data if ex.type == kind and ex.split == "train"]
        models[kind]["abstain"] = _threshold(scorer, kind, train)
    scorer = Scorer.from_json({"models": models})
    result = figures(scorer, [ex for ex in data if ex.type in kinds])
    training = {
        key: value
        for key, value in previous.get("training", {}).items()
        if key in result or key.rsplit(" · ", 1)[-1] not in kinds
    }
    training.update(result)
    payload = {
        "about": "fitted by python -m eval.train_scorer on the train split (eval.splits); do not edit by hand",
        "sets": list(dict.fromkeys([*previous.get("sets", []), *(str(p) for p in args.sets)])),
        "models": models,
        "training": training,
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    for kind in kinds:
        model = models[kind]
        print(f"{kind}: {model['rows']} candidates ({model['positives']} right), abstain at logit {model['abstain']}")
        for name, w in sorted(zip(model["features"], model["weights"]), key=lambda p: -abs(p[1])):
            print(f"  {name:<22} {w:+.3f}")
    print(f"{'set · type':<40} {'split':<8} {'n':>5} {'top':>6} {'answered':>9} {'abstain':>8} {'reach':>6}")
    for key, splits in result.items():
        for split, c in splits.items():
            n = c["questions"] or 1
            abstain = f"{c['abstained_right']}/{c['unanswerable']}" if c["unanswerable"] else "-"
            print(
                f"{key:<40} {split:<8} {c['questions']:>5} {c['top_right'] / n:>6.1%} "
                f"{c['answered_right'] / n:>9.1%} {abstain:>8} {c['reachable'] / n:>6.1%}"
            )


def _loaded(settings: Settings, index_dir: Path) -> tuple[Any, Any, Settings]:
    from index.embed import Embedder
    from index.reader import CorpusIndex

    index = CorpusIndex.load(index_dir, settings.embed_model, settings.hnsw_ef_search)
    return index, Embedder(settings.embed_model), settings


if __name__ == "__main__":
    main()
