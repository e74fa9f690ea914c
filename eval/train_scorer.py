"""Fit the answer scorer (`qa/scorer_weights.json`) on labelled question sets, and print its figures.

    python -m eval.train_scorer eval/sets/cmrc2018-trial eval/sets/drcd-dev \\
        eval/sets/dev_questions.jsonl eval/sets/extra_questions.jsonl eval/sets/blind_questions.jsonl \\
        eval/sets/blind2_questions.jsonl
    python -m eval.train_scorer --kind number SETS…   # refit the number model only; the span model is kept
    python -m eval.train_scorer --kind span SETS…     # refit the sentence and clause models only

Each set's questions go through the assistant's own candidate generation (`Assistant.candidates`: the same
retrieval, scope filter and features `ask` uses); each candidate is labelled by matching it to the gold:
- a number mention is right when its value is a gold answer's number (BEIR sets, the CMRC rule), or the
  question file's `answer` value and unit from the right document;
- a sentence is right when it holds a gold answer, or lies inside one (BEIR), or overlaps the evidence
  (question files); a clause of a right sentence (the highlight, model "clause") when it overlaps the gold
  answer where the sentence states it.
Only questions with `eval.splits.split_of(id) == "train"` are fitted on; the held-out figures are printed
beside the training ones and never used to choose anything. One logistic regression per candidate type
(scikit-learn, standardised features). The "no answer" candidate's score: for numbers, where a logistic
curve of "answering beats abstaining", fitted over the training questions' out-of-fold best logits, crosses
one half (`_calibrated_cut`: no single question sets it); for sentences and clauses, the in-sample logit that
maximises right answers plus right abstentions (an abstention is right on an unanswerable question, and —
for numbers — where no candidate is right).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eval import metrics as m
from eval.datasets import EvalQuestion, load_set
from eval.runner import prepare_index
from eval.splits import SPLITS, split_of
from index.normalize import match_view, to_simplified
from qa.answer import Assistant
from qa.answerable import GATE_FEATURES, GATE_MODEL, LAST_YEAR_UNSTATED, REPORT_SCOPE, gate_features, in_gate_scope
from qa.config import Settings
from qa.features import (
    GATE_NUMBER_FEATURES,
    ITEM_FEATURES,
    NUMBER_FEATURES,
    RELATIVE_FEATURES,
    RULE_NUMBER_FEATURES,
    item_features,
    relative_features,
)
from qa.scorer import WEIGHTS_FILE, Scorer
from qa.span_features import CLAUSE_FEATURES, SENTENCE_FEATURES

TYPES = {"number": NUMBER_FEATURES, "span": SENTENCE_FEATURES, "clause": CLAUSE_FEATURES}
# A number candidate's features the gate reads beside the number model's (`Example.extra`): its own, and the rules'.
EXTRA_FEATURES = (*GATE_NUMBER_FEATURES, *RULE_NUMBER_FEATURES)
# The questions each model learns from: the clause (highlight) model from the sentences of span questions.
_QUESTION_KIND = {"number": "number", "span": "span", "clause": "span"}


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
    extra: list[list[float]] = field(default_factory=list)  # numbers: the gate's own features (EXTRA_FEATURES)
    # numbers: a "not stated" rule of `ask` refuses the question (`Assistant.unstated`) before the gate or the cut
    # decides — the number model still learns its ranking from it, the gate neither learns from nor decides it
    ruled: bool = False
    # Set by `main` from the set, not cached: what the grouped out-of-fold estimate holds out together (a wiki
    # set's document, folded into `--wiki-folds`; a report set's name; "question files" for the seed-report
    # files, which share one corpus), and whether the set is encyclopedia text (CMRC, DRCD: gold answer texts,
    # no report numbers), which `Weighting.report_weight` does not up-weight.
    group: str = ""
    wiki: bool = False
    # numbers: each candidate's document id, what `qa.features.relative_features` tells reports apart by (cached, so
    # a variant of the relative features can be tried on the cache without relabelling)
    docs: list[str] = field(default_factory=list)
    # numbers: each candidate's sentence ("chunk:start"), what `qa.features.item_features` groups siblings by (cached
    # for the same reason)
    sentences: list[str] = field(default_factory=list)


def _flat(text: str) -> str:
    return m.normalize_for_match(to_simplified(text))


def _label_number(q: EvalQuestion, mention: Any, doc_id: str) -> int:
    if q.gold_number is not None and q.relevant_ids:
        # A report set that gives value and unit: both, from the text the question was written from.
        unit = to_simplified(mention.unit)
        ok = any(
            m.same_value(mention.value, v) and unit == to_simplified(u) for v, u in m.accepted_values(q.gold_number)
        )
        return int(ok and doc_id in q.relevant_ids)
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


def examples(
    assistant: Assistant, set_path: Path, limit: int | None = None, only: str | None = None
) -> Iterable[Example]:
    """Labelled candidates of each question of the set; `only` ("number" / "span" / "clause") keeps the
    questions of one type (span questions give both the sentence and the clause examples)."""
    eval_set = load_set(set_path)
    for q in eval_set.questions[:limit]:
        try:
            analysed = assistant.analyse(q.question)
        except ValueError:
            continue
        if not analysed.has_content or analysed.reason:
            continue  # refused by the analysis (a sum or comparison across places): no model decides it
        kind = "number" if analysed.numeric else "span"
        if only is not None and kind != _QUESTION_KIND[only]:
            continue
        _, _, candidates = assistant.candidates(analysed)
        unstated = assistant.unstated(analysed, candidates) if kind == "number" else None
        if unstated == LAST_YEAR_UNSTATED:
            continue  # refused by `ask` before any model decides (上年 asked, only this year's figure given)
        rows, labels = [], []
        extra: list[list[float]] = []
        docs: list[str] = []
        sentences: list[str] = []
        clause_rows: list[list[float]] = []
        clause_labels: list[int] = []
        for cand in candidates:
            chunk = assistant.index.chunks[cand.chunk]
            rows.append([cand.features[name] for name in TYPES[kind]])
            if cand.mention is not None:
                extra.append([cand.features.get(name, 0.0) for name in EXTRA_FEATURES])
                docs.append(chunk.doc_id)
                sentences.append(cand.sentence)
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
        yield Example(
            eval_set.name,
            q.id,
            split,
            kind,
            rows,
            labels,
            q.unanswerable,
            q.numeric or q.answer is not None,
            extra,
            ruled=unstated is not None,
            docs=docs,
            sentences=sentences,
        )
        if clause_rows:
            yield Example(eval_set.name, q.id, split, "clause", clause_rows, clause_labels, False, False)


def _fit(
    train: list[Example], features: tuple[str, ...], objective: str = "pointwise", balance: bool | Weighting = False
) -> dict[str, Any]:
    """Logistic regression on standardised features. `pointwise` (default) fits each candidate alone;
    `pairwise` fits the difference between a right and a wrong candidate of the same question (tried: no
    better on the train split of these sets, and worse on the question files)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

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
    elif objective == "listwise":
        weighting = _as_weighting(balance)
        coef, bias = _fit_listwise(train, means, scales, weighting)
        model = _Coefficients(coef)
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
    fitted = {
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
    if objective == "listwise" and isinstance(balance, Weighting):
        fitted["weighting"] = balance.as_json()
    return fitted


PAIRS_PER_QUESTION = 200
LISTWISE_L2 = (
    0.1  # ridge penalty of the listwise fit (standardised features): 5-fold CV on the train split, 0.1–20 alike
)


@dataclass(frozen=True, slots=True)
class Weighting:
    """How the listwise fit (and the no-answer cut) weighs the training questions: its ridge penalty `l2`, and
    each question's weight (1 / its set's questions) ** `set_power` — 1: every set weighs the same in all (a
    3,500-question wiki set does not drown a 150-question report set), 0: every question the same — times
    `report_weight` for a question of a non-wiki set (report sets, seed-report files). Weights average 1.
    Chosen by the grouped out-of-fold estimate (`grouped_out_of_fold`, `--oof`)."""

    l2: float = LISTWISE_L2
    set_power: float = 1.0
    report_weight: float = 1.0
    # the no-answer cut's price of an unanswerable question's outcome (None: `UNANSWERABLE_WEIGHT`)
    unanswerable_weight: float | None = None

    @property
    def unanswerable(self) -> float:
        return UNANSWERABLE_WEIGHT if self.unanswerable_weight is None else self.unanswerable_weight

    def of(self, questions: list[Example]) -> list[float]:
        per_set: dict[str, int] = {}
        for ex in questions:
            per_set[ex.set_name] = per_set.get(ex.set_name, 0) + 1
        raw = [
            (1.0 / per_set[ex.set_name]) ** self.set_power * (1.0 if ex.wiki else self.report_weight)
            for ex in questions
        ]
        mean = sum(raw) / len(raw) if raw else 1.0
        return [r / mean for r in raw]

    def as_json(self) -> dict[str, float]:
        return {
            "l2": self.l2,
            "set_power": self.set_power,
            "report_weight": self.report_weight,
            "unanswerable_weight": self.unanswerable,
        }

    def __str__(self) -> str:
        return (
            f"l2 {self.l2:g}, set power {self.set_power:g}, report weight {self.report_weight:g}, "
            f"unanswerable x{self.unanswerable:g}"
        )


def _as_weighting(balance: bool | Weighting) -> Weighting:
    """`balance=True` is the default weighting (sets equal), `False` every question alike."""
    if isinstance(balance, Weighting):
        return balance
    return Weighting() if balance else Weighting(set_power=0.0)


@dataclass(slots=True)
class _Coefficients:
    coef_: Any  # shaped like sklearn's: one row of weights


def _fit_listwise(train: list[Example], means: Any, scales: Any, weighting: Weighting) -> tuple[Any, float]:
    """One softmax per question over its candidates and the "no answer" candidate (Haystack's reader, a
    linear scorer): the target is the right candidates, or "no answer" when the question has none (it is
    unanswerable, or no candidate holds its answer). Ranking and abstaining are fitted together, and
    candidates of different passages are compared within their question, as `ask` compares them. Returns
    the weights and the candidates' bias against a no-answer logit of 0; L-BFGS on the exact gradient."""
    import numpy as np
    from scipy.optimize import minimize

    questions = [ex for ex in train if ex.rows]
    x = (np.array([row for ex in questions for row in ex.rows], dtype=float) - means) / scales
    right = np.array([label for ex in questions for label in ex.labels], dtype=float)
    starts = np.cumsum([0] + [len(ex.rows) for ex in questions])[:-1]
    owner = np.repeat(np.arange(len(questions)), [len(ex.rows) for ex in questions])
    none_right = np.array([float(not any(ex.labels)) for ex in questions])
    weight = np.array(weighting.of(questions))
    l2 = weighting.l2

    def loss(params: Any) -> tuple[float, Any]:
        w, b = params[:-1], params[-1]
        s = x @ w + b  # candidates; "no answer" scores 0
        top = np.maximum(np.maximum.reduceat(s, starts), 0.0)
        e = np.exp(s - top[owner])
        e_none = np.exp(-top)
        z_all = np.add.reduceat(e, starts) + e_none
        z_right = np.add.reduceat(e * right, starts) + e_none * none_right
        value = float(np.sum(weight * (np.log(z_all) - np.log(z_right)))) + l2 / 2 * float(w @ w)
        # d/ds_i: weight * (p_i(all) - p_i(right))
        p_all = e / z_all[owner]
        p_right = e * right / z_right[owner]
        g_s = weight[owner] * (p_all - p_right)
        grad = np.append(x.T @ g_s + l2 * w, g_s.sum())
        return value, grad

    start = np.zeros(x.shape[1] + 1)
    found = minimize(loss, start, jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    return found.x[:-1].reshape(1, -1), float(found.x[-1])


ON_TOP_L2 = 1.0  # ridge penalty of `fit_on_top` (raw feature units)


def fit_on_top(
    train: list[Example], model: dict[str, Any], names: tuple[str, ...], weighting: Weighting, l2: float = ON_TOP_L2
) -> dict[str, float]:
    """Weights for the number features `names` alone, fitted on top of the number model `model` (a weights file's
    entry, its logits an offset that stays as it is): ranking only, one softmax over the candidates of each question
    that has a right one, no bias and no "no answer" candidate, so the no-answer cut and the gate fitted on the model's
    logits keep their meaning — features that are 0 for the best number of its sentence (`qa.features.item_features`'
    gaps) then move only a sibling number that outscored it. Raw feature units (the file's mean 0, scale 1 for them)."""
    import numpy as np
    from scipy.optimize import minimize

    base = Scorer.from_json({"models": {"number": {**model, "abstain": 0.0}}}).model("number")
    questions = [ex for ex in train if ex.rows and any(ex.labels)]
    at = [NUMBER_FEATURES.index(name) for name in names]
    x = np.array([[row[i] for i in at] for ex in questions for row in ex.rows], dtype=float)
    offset = np.array([base.logit(dict(zip(NUMBER_FEATURES, row))) for ex in questions for row in ex.rows])
    right = np.array([label for ex in questions for label in ex.labels], dtype=float)
    starts = np.cumsum([0] + [len(ex.rows) for ex in questions])[:-1]
    owner = np.repeat(np.arange(len(questions)), [len(ex.rows) for ex in questions])
    weight = np.array(weighting.of(questions))

    def loss(w: Any) -> tuple[float, Any]:
        s = offset + x @ w
        e = np.exp(s - np.maximum.reduceat(s, starts)[owner])
        z_all, z_right = np.add.reduceat(e, starts), np.add.reduceat(e * right, starts)
        value = float(np.sum(weight * (np.log(z_all) - np.log(z_right)))) + l2 / 2 * float(w @ w)
        g_s = weight[owner] * (e / z_all[owner] - e * right / z_right[owner])
        return value, x.T @ g_s + l2 * w

    found = minimize(loss, np.zeros(len(names)), jac=True, method="L-BFGS-B", options={"maxiter": 1000})
    return {name: round(float(w), 6) for name, w in zip(names, found.x)}


def on_top_weights(model: dict[str, Any], fitted: dict[str, float]) -> tuple[list[float], float]:
    """The model's weights and bias with `fit_on_top`'s raw-unit weights added: each named feature's logit term grows by
    w · its raw value (its standardised weight by w · scale, the bias by w · mean), so a feature the model already
    weighs (`change_from`) moves by the fitted amount and one at weight 0 (mean 0, scale 1) takes it."""
    weights, bias = list(model["weights"]), float(model["bias"])
    means, scales = model.get("means") or [], model.get("scales") or []
    for name, w in fitted.items():
        i = model["features"].index(name)
        mean, scale = (means[i], scales[i]) if means else (0.0, 1.0)
        weights[i] = round(weights[i] + w * scale, 6)
        bias += w * mean
    return weights, round(bias, 6)


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


# A confident number where the reports say nothing misleads more than a missed answer: an unanswerable
# question's outcome weighs this much more. The goals ask ≥ 15/16 right abstentions and 86% right numbers, so
# one wrong abstention costs as much as ~7 numbers there; 3 is a milder price. (At 1.5 the out-of-fold utility
# was flat over −1.4…+1.0 and the cut sat on a one-question spike at −1.09 that answered most unanswerable
# report questions of reports-train's train split with a number.)
UNANSWERABLE_WEIGHT = 3.0


def _threshold(
    scorer: Scorer,
    kind: str,
    train: list[Example],
    balance: bool | Weighting = False,
    scores: list[float] | None = None,
) -> float:
    """The no-answer candidate's logit: the cut that maximises right answers + right abstentions (with
    `balance`, each set's questions weigh the same in all, as in the fit: a wiki set whose many
    no-right-candidate questions favour abstaining does not set the cut for report questions alone).
    `scores`: each question's best logit from elsewhere (`_cross_validated_best`) instead of `scorer`'s."""
    weighting = _as_weighting(balance)
    weights = weighting.of(train)
    best = [_best(scorer, kind, ex) for ex in train]
    if scores is not None:
        best = [(s, label) for s, (_, label) in zip(scores, best)]
    scored = [
        (
            s,
            label,
            _abstention_right(ex),
            weight * (weighting.unanswerable if ex.unanswerable else 1.0),
        )
        for ex, (s, label), weight in zip(train, best, weights)
        if not ex.ruled  # refused by a rule of `ask` whatever the cut
    ]
    cuts = sorted({s for s, _, _, _ in scored if s != -math.inf})
    if not cuts:
        return 0.0
    options = [cuts[0] - 1.0] + [(a + b) / 2 for a, b in itertools.pairwise(cuts)] + [cuts[-1] + 1.0]

    def utility(t: float) -> float:
        return round(sum(w * ((label == 1) if s > t else abstain_ok) for s, label, abstain_ok, w in scored), 9)

    values = [utility(t) for t in options]
    top = max(values)
    chosen = [t for t, v in zip(options, values) if v == top]
    if kind == "span":
        # No clause is "right to abstain on" unless the question is unanswerable: among equal cuts, the one
        # that answers most.
        return round(chosen[0], 6)
    return round(chosen[len(chosen) // 2], 6)  # the middle of the best cuts: the widest margin


CUT_FOLDS = 5
# The out-of-fold logits depend on which questions share a fold; the cut reads this many fold assignments
# pooled, so it does not follow one assignment (5-fold, one assignment: the cut moved 0.38 → 0.51).
CUT_REPEATS = 3


def _out_of_fold(
    train: list[Example],
    kind: str,
    objective: str,
    balance: bool | Weighting,
    folds: int = CUT_FOLDS,
    salt: str = "",
) -> list[tuple[float, int]]:
    """Each training question's best logit and that candidate's label, from a model fitted without it (k folds
    over questions, assigned by a hash of `salt` and the question). The in-sample fit pushes the questions it
    was fitted on to the right side of the cut — the wrong numbers of unanswerable questions most of all, since
    they are few — so a cut set on in-sample logits is too low for questions never seen; out-of-fold logits
    are what a new question gets. The listwise no-answer logit is 0 in every fold, so the folds' logits share
    one scale."""
    fold_of = [zlib.crc32(f"{salt}{ex.set_name}/{ex.qid}".encode()) % folds for ex in train]
    out = [(-math.inf, 0)] * len(train)
    for fold in range(folds):
        fit_on = [ex for ex, f in zip(train, fold_of) if f != fold]
        model = _fit(fit_on, TYPES[kind], objective, balance=balance)
        scorer = Scorer.from_json({"models": {kind: model}})
        for i, (ex, f) in enumerate(zip(train, fold_of)):
            if f == fold:
                out[i] = _best(scorer, kind, ex)
    return out


def _cross_validated_best(
    train: list[Example], kind: str, objective: str, balance: bool | Weighting, folds: int = CUT_FOLDS
) -> list[float]:
    """Each training question's out-of-fold best logit (`_out_of_fold`, the first fold assignment)."""
    return [score for score, _ in _out_of_fold(train, kind, objective, balance, folds)]


def _calibrated_cut(train: list[Example], best: list[tuple[float, int]], balance: bool | Weighting) -> float | None:
    """The no-answer cut as a calibrated decision: a weighted logistic curve of "answering beats abstaining"
    over the best candidate's logit, fitted on every question whose outcome the cut decides (a right top
    number, or a right abstention), each weighing its utility difference (sets equal with `balance`, an
    unanswerable question `UNANSWERABLE_WEIGHT`); the cut is where the curve crosses one half, i.e. where
    answering and abstaining are worth the same. Every question moves it a little, none alone sets it: the
    maximum of the utility itself (`_threshold`) sits on spikes of single questions and moved from 0.68 to
    −1.16 when one feature was added. `best` may repeat the questions (several fold assignments, in order).
    None when the questions do not give both outcomes (the utility's maximum decides then)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    weighting = _as_weighting(balance)
    weights = weighting.of(train)
    x, y, w = [], [], []
    for i, (score, label) in enumerate(best):
        ex = train[i % len(train)]
        if ex.ruled:
            continue  # a rule of `ask` refuses it whatever the cut: its outcome is not the cut's to decide
        gain = weights[i % len(train)] * (weighting.unanswerable if ex.unanswerable else 1.0)
        diff = gain * (float(label == 1) - float(_abstention_right(ex)))
        if diff == 0.0 or score == -math.inf:
            continue  # answering and abstaining come out the same (a wrong top number of an answerable question)
        x.append([score])
        y.append(int(diff > 0))
        w.append(abs(diff))
    if len(set(y)) < 2:
        return None
    sample = np.array(w)
    # practically unpenalised: the one slope and the intercept are what is estimated
    model = LogisticRegression(C=1e6, max_iter=1000).fit(np.array(x), np.array(y), sample_weight=sample / sample.mean())
    slope, intercept = float(model.coef_[0][0]), float(model.intercept_[0])
    if slope <= 0:
        return None  # higher logits not more often right: no calibrated cut
    return -intercept / slope


def _number_cut(train: list[Example], objective: str, scorer: Scorer, weighting: Weighting | None = None) -> float:
    """The number model's no-answer logit: `_calibrated_cut` on out-of-fold logits of `CUT_REPEATS` fold
    assignments pooled; the utility's maximum where that cannot be fitted."""
    weighting = weighting or Weighting()
    best: list[tuple[float, int]] = []
    for repeat in range(CUT_REPEATS):
        best += _out_of_fold(train, "number", objective, balance=weighting, salt="" if repeat == 0 else f"{repeat}/")
    cut = _calibrated_cut(train, best, balance=weighting)
    if cut is None:
        return _threshold(scorer, "number", train, balance=weighting, scores=[s for s, _ in best[: len(train)]])
    return round(cut, 6)


# The grouped out-of-fold estimate holds out a whole report set at a time (new texts, as a user's reports are),
# the seed-report question files together (one corpus), and a wiki set's documents in this many folds.
WIKI_FOLDS = 4
QUESTION_FILES = "question files"


def _fold_key(ex: Example, wiki_folds: int = WIKI_FOLDS) -> str:
    if ex.wiki:
        return f"{ex.set_name}#{zlib.crc32(ex.group.encode()) % wiki_folds}"
    return ex.group or ex.set_name


def grouped_out_of_fold(
    train: list[Example],
    weighting: Weighting,
    wiki_folds: int = WIKI_FOLDS,
    objective: str = "listwise",
    unfitted: frozenset[str] = frozenset(),
) -> dict[str, dict[str, int]]:
    """What a number model fitted with `weighting` does on sources it has never seen, per set: each fold (a
    report set, the seed-report question files, a fold of a wiki set's documents: `_fold_key`) is answered by a
    model fitted on the other folds, and its no-answer cut is calibrated (`_calibrated_cut`) on the other folds'
    out-of-fold logits — neither the weights nor the cut saw the fold. Per set: questions, top number right,
    answered right (top right and above the cut), unanswerable, abstained right. The question-level folds of
    `_out_of_fold` share a report's text between fitting and scoring; these do not, so they say what a new
    report gets and are what `--oof` chooses the weighting by. `unfitted`: sets scored but never fitted on (what
    a model without them does on them, for comparing fits with and without a set on the same questions)."""
    keys = [_fold_key(ex, wiki_folds) for ex in train]
    if len(set(keys)) < 2:
        raise SystemExit("the grouped out-of-fold estimate needs at least two sources (sets or wiki folds) to hold out")
    best: list[tuple[float, int]] = [(-math.inf, 0)] * len(train)
    for key in sorted(set(keys)):
        fit_on = [ex for ex, k in zip(train, keys) if k != key and ex.set_name not in unfitted]
        scorer = Scorer.from_json({"models": {"number": _fit(fit_on, NUMBER_FEATURES, objective, balance=weighting)}})
        for i, (ex, k) in enumerate(zip(train, keys)):
            if k == key:
                best[i] = _best(scorer, "number", ex)
    out: dict[str, dict[str, int]] = {}
    for key in sorted(set(keys)):
        others = [i for i, k in enumerate(keys) if k != key and train[i].set_name not in unfitted]
        cut = _calibrated_cut([train[i] for i in others], [best[i] for i in others], weighting)
        cut = 0.0 if cut is None else cut
        for i in (i for i, k in enumerate(keys) if k == key):
            ex, (score, label) = train[i], best[i]
            answered = score > cut
            cell = out.setdefault(
                ex.set_name,
                {"questions": 0, "top_right": 0, "answered_right": 0, "unanswerable": 0, "abstained_right": 0},
            )
            cell["questions"] += 1
            cell["top_right"] += int(label == 1)
            cell["answered_right"] += int(answered and label == 1)
            cell["unanswerable"] += int(ex.unanswerable)
            cell["abstained_right"] += int(ex.unanswerable and not answered)
    return out


def oof_totals(figs: dict[str, dict[str, int]], wiki_sets: set[str]) -> tuple[int, int]:
    """The estimate's two sums: report questions (report sets and question files) answered right plus right
    abstentions; wiki questions answered right."""
    reports = sum(c["answered_right"] + c["abstained_right"] for name, c in figs.items() if name not in wiki_sets)
    wiki = sum(c["answered_right"] for name, c in figs.items() if name in wiki_sets)
    return reports, wiki


def _print_oof(weighting: Weighting, figs: dict[str, dict[str, int]], wiki_sets: set[str]) -> None:
    reports, wiki = oof_totals(figs, wiki_sets)
    print(f"grouped out of fold, train split, {weighting}: reports {reports}, wiki {wiki}", flush=True)
    for name, c in sorted(figs.items()):
        n = c["questions"] or 1
        abstained = f"{c['abstained_right']}/{c['unanswerable']}" if c["unanswerable"] else "-"
        print(
            f"  {name:<28} n {c['questions']:>5} top {c['top_right'] / n:>6.1%} "
            f"answered right {c['answered_right']:>4} abstained right {abstained:>7}"
        )


def _floats(text: str) -> list[float]:
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated numbers, got {text!r}") from None


# The answerability gate (`qa.answerable`): ridge of its logistic fit on standardised features. Few features and
# ~150 unanswerable training questions: a firm penalty keeps single questions from setting a weight.
GATE_C = 0.3


def _ranked(model_scores: list[float], ex: Example) -> tuple[list[float], list[dict[str, float]], int]:
    """One question's candidates in the number model's order: their logits, feature dicts (number features and
    the gate's own) and the top one's label."""
    order = sorted(range(len(model_scores)), key=lambda i: -model_scores[i])
    names = (*NUMBER_FEATURES, *EXTRA_FEATURES)
    rows = [dict(zip(names, ex.rows[i] + (ex.extra[i] if ex.extra else []))) for i in order]
    return [model_scores[i] for i in order], rows, ex.labels[order[0]] if order else 0


def _candidate_logits(scorer: Scorer, ex: Example) -> list[float]:
    model = scorer.model("number")
    return [model.logit(dict(zip(model.features, row))) for row in ex.rows]


def _out_of_fold_logits(
    train: list[Example],
    objective: str,
    salt: str = "",
    weighting: Weighting | None = None,
    fitted_sets: frozenset[str] | None = None,
) -> list[list[float]]:
    """Every candidate's number-model logit from a model fitted without its question (`_out_of_fold`'s folds);
    `fitted_sets`: the folds' models are fitted on these sets only, as the number model in use was (the others'
    questions are scored, not fitted on)."""
    fold_of = [zlib.crc32(f"{salt}{ex.set_name}/{ex.qid}".encode()) % CUT_FOLDS for ex in train]
    out: list[list[float]] = [[] for _ in train]
    for fold in range(CUT_FOLDS):
        fit_on = [ex for ex, f in zip(train, fold_of) if f != fold]
        if fitted_sets is not None:
            fit_on = [ex for ex in fit_on if ex.set_name in fitted_sets]
        model = _fit(fit_on, NUMBER_FEATURES, objective, balance=weighting or True)
        scorer = Scorer.from_json({"models": {"number": model}})
        for i, (ex, f) in enumerate(zip(train, fold_of)):
            if f == fold:
                out[i] = _candidate_logits(scorer, ex)
    return out


def _gate_rows(
    data: list[Example],
    logits: list[list[float]],
    per_set: dict[str, int],
    names: tuple[str, ...] = GATE_FEATURES,
    scope: str = "",
    cut: float = 0.0,
) -> tuple[list[list[float]], list[int], list[float], list[int]]:
    """The gate's training rows: each question whose outcome the decision changes (a right top number: 1; a
    right abstention: 0), weighed like the number cut (`_calibrated_cut`: sets equal, an unanswerable question
    `UNANSWERABLE_WEIGHT`); with the index of its question. A gate of scope "report" learns from the questions
    it decides only (`in_gate_scope`: the number model's `cut` answers with a number from a report)."""
    x, y, w, which = [], [], [], []
    for i, (ex, scores) in enumerate(zip(data, logits)):
        if not scores or ex.ruled:
            continue  # a rule refuses it before the gate decides
        ranked, rows, label = _ranked(scores, ex)
        diff = float(label == 1) - float(_abstention_right(ex))
        if diff == 0.0:
            continue  # a wrong top number of an answerable question: wrong either way
        if not in_gate_scope(scope, ranked[0], cut, rows[0]):
            continue
        values = gate_features(ranked, rows)
        x.append([values[name] for name in names])
        y.append(int(diff > 0))
        w.append((1.0 / per_set[ex.set_name]) * (UNANSWERABLE_WEIGHT if ex.unanswerable else 1.0))
        which.append(i)
    return x, y, w, which


def _fit_gate_rows(
    x: list[list[float]], y: list[int], w: list[float], names: tuple[str, ...] = GATE_FEATURES
) -> dict[str, Any]:
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs = np.array(x, dtype=float)
    means, scales = xs.mean(axis=0), xs.std(axis=0)
    scales[scales == 0] = 1.0
    weights = np.array(w)
    model = LogisticRegression(C=GATE_C, max_iter=2000).fit(
        (xs - means) / scales, np.array(y), sample_weight=weights / weights.mean()
    )
    return {
        "features": list(names),
        "weights": [round(float(v), 6) for v in model.coef_[0]],
        "bias": round(float(model.intercept_[0]), 6),
        "means": [round(float(v), 6) for v in means],
        "scales": [round(float(v), 6) for v in scales],
        # p = 1/2: where answering and abstaining are worth the same under the weights above
        "abstain": 0.0,
        "abstain_cut": "gate logit 0 (probability 1/2) of a logistic fit weighted by each outcome's utility "
        f"(sets equal, an unanswerable question x{UNANSWERABLE_WEIGHT:g})",
        "rows": len(xs),
        "positives": int(sum(y)),
    }


def fit_gate(
    train: list[Example],
    objective: str = "listwise",
    names: tuple[str, ...] = GATE_FEATURES,
    scope: str = "",
    cut: float = 0.0,
    gate_cut: float = 0.0,
    weighting: Weighting | None = None,
    sweep: tuple[float, ...] = (),
    fitted_sets: frozenset[str] | None = None,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The answerability gate fitted on the number questions of the train splits, over out-of-fold number-model
    logits (`CUT_REPEATS` fold assignments pooled, as a new question gets its logits), and its out-of-fold
    figures on those questions (a second level of folds: each question decided by a gate fitted without it)
    beside the number model's own cut on the same logits; with `sweep`, also at each of those gate cuts
    (`figures["sweep"]`, keyed by the cut), to choose the cut out of fold."""
    per_set: dict[str, int] = {}
    for ex in train:
        per_set[ex.set_name] = per_set.get(ex.set_name, 0) + 1
    pooled_x: list[list[float]] = []
    pooled_y: list[int] = []
    pooled_w: list[float] = []
    first: list[list[float]] = []
    for repeat in range(CUT_REPEATS):
        logits = _out_of_fold_logits(
            train, objective, salt="" if repeat == 0 else f"{repeat}/", weighting=weighting, fitted_sets=fitted_sets
        )
        if repeat == 0:
            first = logits
        x, y, w, _ = _gate_rows(train, logits, per_set, names, scope, cut)
        pooled_x += x
        pooled_y += y
        pooled_w += w
    gate = _fit_gate_rows(pooled_x, pooled_y, pooled_w, names)
    if scope:
        gate["scope"] = scope
    # Out-of-fold figures of the gate on the first assignment's logits.
    x, y, w, which = _gate_rows(train, first, per_set, names, scope, cut)
    fold_of = [zlib.crc32(f"gate/{train[i].set_name}/{train[i].qid}".encode()) % CUT_FOLDS for i in which]
    raw: dict[int, float] = {}
    for fold in range(CUT_FOLDS):
        keep = [k for k, f in enumerate(fold_of) if f != fold]
        model = Scorer.from_json(
            {
                "models": {
                    GATE_MODEL: _fit_gate_rows([x[k] for k in keep], [y[k] for k in keep], [w[k] for k in keep], names)
                }
            }
        ).model(GATE_MODEL)
        for k, f in enumerate(fold_of):
            if f == fold:
                raw[which[k]] = model.logit(dict(zip(names, x[k])))
    figures = _decision_figures(train, first, {i: v - gate_cut for i, v in raw.items()}, None, cut if scope else None)
    if sweep:
        figures["sweep"] = {
            f"{c:g}": _decision_figures(train, first, {i: v - c for i, v in raw.items()}, None, cut if scope else None)
            for c in sweep
        }
    if scope:
        # beside it, the number model's cut alone on the same out-of-fold logits
        figures["cut_alone"] = _decision_figures(train, first, {}, cut)
    return gate, figures


def _print_sweep(swept: dict[str, dict[str, Any]], alone: dict[str, Any]) -> None:
    """Per gate cut, out of fold on the train splits: right numbers and right abstentions against the number
    model's cut alone, summed over report sets (the sets the report-scoped gate may decide) and over the others."""

    def sums(figs: dict[str, Any], reports: bool) -> tuple[int, int]:
        cells = [c for k, c in figs.items() if k.startswith("reports-") == reports]
        return sum(c["answered_right"] for c in cells), sum(c["abstained_right"] for c in cells)

    base_r, base_o = sums(alone, True), sums(alone, False)
    print(
        f"gate cut sweep, train split, out of fold (cut alone: reports {base_r[0]} · {base_r[1]}, others {base_o[0]} · {base_o[1]})"
    )
    for c, figs in swept.items():
        r, o = sums(figs, True), sums(figs, False)
        moved = " ".join(
            f"{k.split(' · ')[0]} {figs[k]['answered_right'] - alone[k]['answered_right']:+d}/"
            f"{figs[k]['abstained_right'] - alone[k]['abstained_right']:+d}"
            for k in sorted(figs)
            if k in alone and figs[k] != alone[k]
        )
        print(
            f"  gate cut {c:>5}: reports numbers {r[0] - base_r[0]:+d} abstentions {r[1] - base_r[1]:+d}; "
            f"others {o[0] - base_o[0]:+d} / {o[1] - base_o[1]:+d}  {moved}"
        )


def _decision_figures(
    data: list[Example],
    logits: list[list[float]],
    gate_logits: dict[int, float],
    cut: float | None,
    scoped_cut: float | None = None,
) -> dict[str, Any]:
    """Per set and split: numbers right (answered, top right) and abstentions right, deciding each question by
    the gate logit (> 0 answers; a question missing from `gate_logits` is decided as 0, i.e. the gate's
    outcome does not change it) or, where `cut` is given, by the top logit against the cut; a gate of scope
    "report" (`scoped_cut`: the number model's cut) only where the cut answers."""
    out: dict[str, Any] = {}
    for i, (ex, scores) in enumerate(zip(data, logits)):
        if not scores or ex.ruled:
            answered, label = False, 0  # refused by a rule of `ask` (or nothing to answer with)
        else:
            ranked, _, label = _ranked(scores, ex)
            answered = ranked[0] > cut if cut is not None else gate_logits.get(i, 1.0) > 0
            if scoped_cut is not None:
                answered = answered and ranked[0] > scoped_cut
        cell = out.setdefault(f"{ex.set_name} · {ex.split}", [0, 0, 0, 0])
        cell[0] += 1
        cell[1] += int(answered and label == 1)
        cell[2] += int(ex.unanswerable)
        cell[3] += int(ex.unanswerable and not answered)
    return {
        k: {"questions": c[0], "answered_right": c[1], "unanswerable": c[2], "abstained_right": c[3]}
        for k, c in out.items()
    }


def _print_decisions(title: str, figs: dict[str, Any]) -> None:
    print(title)
    for key, c in sorted(figs.items()):
        print(
            f"  {key:<40} answered right {c['answered_right']:>4}/{c['questions']:<4}"
            f" abstained right {c['abstained_right']:>3}/{c['unanswerable']}"
        )


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


def _relative_recomputed(ex: Example) -> Example:
    """A number question's `RELATIVE_FEATURES` recomputed from its cached rows and documents: they are a pure function
    of the candidate set's other features (`relative_features`), so a change of their definition needs no relabelling.
    A cache without documents (written before them) is left as it is."""
    if ex.type != "number" or not ex.rows or len(ex.docs) != len(ex.rows):
        return ex
    values = [dict(zip(NUMBER_FEATURES, row)) for row in ex.rows]
    at = [NUMBER_FEATURES.index(name) for name in RELATIVE_FEATURES]
    for row, relative in zip(ex.rows, relative_features(values, ex.docs)):
        for i, name in zip(at, RELATIVE_FEATURES):
            row[i] = relative[name]
    if len(ex.sentences) == len(ex.rows):
        at = [NUMBER_FEATURES.index(name) for name in ITEM_FEATURES]
        for row, item in zip(ex.rows, item_features(values, ex.sentences)):
            for i, name in zip(at, ITEM_FEATURES):
                row[i] = item[name]
    return ex


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
        help="default listwise (numbers; sentences and clauses: one choice among a question's candidates)",
    )
    parser.add_argument(
        "--gate",
        default="",
        help="fit the answerability gate (qa/answerable.py) over these comma-separated features of "
        "qa.answerable.GATE_FEATURES, e.g. top_logit,margin; without it the number model's cut decides alone "
        "(measured: no gate beat that cut out of fold on the train splits, docs/answering.md)",
    )
    parser.add_argument(
        "--gate-cut",
        type=float,
        default=0.0,
        help="the gate logit under which it abstains (0: probability 1/2; a gate of scope report on top of the "
        "number cut is stored with -3, docs/answering.md: at 0 it trades about one right number for each right "
        "abstention)",
    )
    parser.add_argument(
        "--gate-cut-sweep",
        type=_floats,
        default=[],
        help="also print the gate's out-of-fold figures at each of these gate cuts (comma-separated), to choose "
        "--gate-cut",
    )
    parser.add_argument(
        "--gate-scope",
        choices=["all", REPORT_SCOPE],
        default="all",
        help="where the gate decides: every numeric question (all), or only where the number model's cut answers "
        f"with a number from a document written as a report ({REPORT_SCOPE}: it may only abstain there)",
    )
    parser.add_argument(
        "--l2", type=_floats, default=[LISTWISE_L2], help=f"number model: ridge penalty (default {LISTWISE_L2:g})"
    )
    parser.add_argument(
        "--set-power",
        type=_floats,
        default=[1.0],
        help="number model: each question weighs (1 / its set's questions) ** this (1: sets equal, the default; "
        "0: questions equal)",
    )
    parser.add_argument(
        "--report-weight",
        type=_floats,
        default=[1.0],
        help="number model: weight of report questions (report sets, question files) against wiki ones (default 1)",
    )
    parser.add_argument(
        "--unanswerable-weight",
        type=_floats,
        default=[UNANSWERABLE_WEIGHT],
        help=f"number model's no-answer cut: weight of an unanswerable question's outcome (default {UNANSWERABLE_WEIGHT:g})",
    )
    parser.add_argument(
        "--oof",
        action="store_true",
        help="print the grouped out-of-fold estimate (a report set held out at a time, wiki documents in "
        "--wiki-folds folds) of the number model for each combination of --l2, --set-power, --report-weight "
        "and --unanswerable-weight (comma-separated lists); with more than one combination nothing is fitted or written",
    )
    parser.add_argument(
        "--oof-unfitted",
        default="",
        help="--oof: comma-separated set names scored but never fitted on (a fit without them, on the same questions)",
    )
    parser.add_argument("--wiki-folds", type=int, default=WIKI_FOLDS, help="--oof: folds of a wiki set's documents")
    parser.add_argument(
        "--kind",
        choices=[*TYPES, "gate", "all"],
        default="all",
        help="refit one model only (span: the sentence and clause models; number: the number model and its "
        "answerability gate; gate: the gate alone, on the number model in --out); the others and their figures "
        "are kept as they are in --out",
    )
    parser.add_argument(
        "--on-top",
        default="",
        help="fit only these comma-separated number features on top of the number model in --out (ranking only, "
        "`fit_on_top`; its other weights, cut and gate kept; a feature the model already weighs moves by the fitted "
        "amount, `on_top_weights`), print the figures before and after and write --out "
        f"with them (--l2: its penalty, default {ON_TOP_L2:g})",
    )
    args = parser.parse_args(argv)
    kinds = (
        list(TYPES)
        if args.kind == "all"
        else ["span", "clause"]
        if args.kind == "span"
        else []
        if args.kind == "gate"
        else [args.kind]
    )
    only = None if args.kind == "all" else "number" if args.kind == "gate" else args.kind

    settings = Settings()
    data: list[Example] = []
    for set_path in args.sets:
        started = time.perf_counter()
        eval_set = load_set(set_path)
        cache = args.cache / (f"{eval_set.name}.jsonl" if only is None else f"{eval_set.name}.{only}.jsonl")
        if args.refresh and cache.exists():
            cache.unlink()

        def build(set_path: Path = set_path, eval_set: Any = eval_set) -> Iterable[Example]:
            index_dir = prepare_index(eval_set, settings)
            assistant = Assistant(*_loaded(settings, index_dir), scorer=_placeholder(), gate_inputs=True)
            return examples(assistant, set_path, args.limit, only)

        got = [_relative_recomputed(ex) for ex in _cached(cache, build)]
        print(f"{eval_set.name}: {len(got)} questions labelled ({time.perf_counter() - started:.0f} s)", flush=True)
        _mark_groups(eval_set, got)
        data += got

    combos = [
        Weighting(*c) for c in itertools.product(args.l2, args.set_power, args.report_weight, args.unanswerable_weight)
    ]
    if args.on_top:
        _on_top(args, data, combos[0])
        return
    if args.oof:
        numbers = [ex for ex in data if ex.type == "number" and ex.split == "train"]
        wiki_sets = {ex.set_name for ex in numbers if ex.wiki}
        results = []
        for weighting in combos:
            started = time.perf_counter()
            unfitted = frozenset(n for n in args.oof_unfitted.split(",") if n)
            figs = grouped_out_of_fold(numbers, weighting, args.wiki_folds, unfitted=unfitted)
            _print_oof(weighting, figs, wiki_sets)
            print(f"  ({time.perf_counter() - started:.0f} s)", flush=True)
            results.append((weighting, oof_totals(figs, wiki_sets)))
        if len(combos) > 1:
            print("summary (grouped out of fold, train split): reports = numbers + abstentions right; wiki = numbers")
            for weighting, (reports, wiki) in results:
                print(f"  {weighting!s:<52} reports {reports:>5} wiki {wiki:>5}")
            print("several settings given: nothing fitted or written")
            return
    elif len(combos) > 1:
        raise SystemExit("several --l2/--set-power/--report-weight/--unanswerable-weight values are for --oof only")
    weighting = combos[0]

    kept: dict[str, Any] = {}
    if only is not None:  # one model refitted: the other one, its sets and figures stay as they are
        kept = json.loads(args.out.read_text(encoding="utf-8")) if args.out.is_file() else {}
    models: dict[str, Any] = dict(kept.get("models", {}))
    for kind in kinds:
        train = [ex for ex in data if ex.type == kind and ex.split == "train"]
        # Sentences and clauses are one choice among a question's candidates, like numbers: listwise (train
        # split, span: CMRC 64.5% → 72% top sentence right, DRCD 81.5% → 83%, against pointwise).
        objective = args.objective or "listwise"
        models[kind] = _fit(train, TYPES[kind], objective, balance=weighting if kind == "number" else False)
    scorer = Scorer.from_json({"models": models})
    for kind in kinds:
        train = [ex for ex in data if ex.type == kind and ex.split == "train"]
        if kind == "number" and (args.objective or "listwise") == "listwise":
            models[kind]["abstain"] = _number_cut(train, "listwise", scorer, weighting)
            models[kind]["abstain_cut"] = (
                f"calibrated: logistic curve of answering beating abstaining over {CUT_FOLDS}-fold out-of-fold "
                f"logits ({CUT_REPEATS} fold assignments), crossing 1/2"
            )
        else:
            models[kind]["abstain"] = _threshold(scorer, kind, train, balance=kind == "number")
        models[kind]["sets"] = [str(p) for p in args.sets]
    numbers_train = [ex for ex in data if ex.type == "number" and ex.split == "train"]
    gate_figures: dict[str, Any] = {}
    if args.kind in ("all", "number", "gate"):
        # A refitted number model invalidates a gate fitted on its logits: the gate is refitted or dropped.
        models.pop(GATE_MODEL, None)
    if args.gate and args.kind in ("all", "number", "gate") and numbers_train:
        names = tuple(args.gate.split(","))
        unknown = set(names) - set(GATE_FEATURES)
        if unknown:
            raise SystemExit(f"--gate: unknown features {sorted(unknown)}; known: {', '.join(GATE_FEATURES)}")
        scope = "" if args.gate_scope == "all" else args.gate_scope
        number_cut = float(models["number"]["abstain"])
        models[GATE_MODEL], gate_figures = fit_gate(
            numbers_train,
            args.objective or "listwise",
            names,
            scope,
            number_cut,
            args.gate_cut,
            _kept_weighting(models),
            tuple(args.gate_cut_sweep),
            _number_sets(models, numbers_train),
        )
        swept = gate_figures.pop("sweep", None)
        models[GATE_MODEL]["abstain"] = args.gate_cut
        if args.gate_cut:
            models[GATE_MODEL]["abstain_cut"] = f"gate logit {args.gate_cut:g} (--gate-cut)"
        models[GATE_MODEL]["sets"] = [str(p) for p in args.sets]
        models[GATE_MODEL]["training_out_of_fold"] = gate_figures
        if swept:
            _print_sweep(swept, gate_figures.get("cut_alone") or {})
    scorer = Scorer.from_json({"models": models})
    result = figures(scorer, [ex for ex in data if ex.type in kinds])
    training = {k: v for k, v in kept.get("training", {}).items() if k.rsplit(" · ", 1)[-1] not in kinds}
    payload = {
        "about": "fitted by python -m eval.train_scorer on the train split (eval.splits); do not edit by hand",
        # every set some model was fitted on (each model lists its own)
        "sets": list(dict.fromkeys(name for model in models.values() for name in model.get("sets", []))),
        "models": models,
        # grouped by model (number, then span), so refitting one model rewrites one block of the file
        "training": dict(
            sorted({**training, **result}.items(), key=lambda kv: list(TYPES).index(kv[0].rsplit(" · ", 1)[-1]))
        ),
    }
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    for kind, model in ((k, models[k]) for k in kinds):
        print(f"{kind}: {model['rows']} candidates ({model['positives']} right), abstain at logit {model['abstain']}")
        for name, w in sorted(zip(model["features"], model["weights"]), key=lambda p: -abs(p[1])):
            print(f"  {name:<22} {w:+.3f}")
    if GATE_MODEL in models and gate_figures:
        gate = models[GATE_MODEL]
        print(
            f"{GATE_MODEL}: {gate['rows']} question rows ({gate['positives']} answer), cut at gate logit {gate['abstain']:g}"
        )
        for name, w in sorted(zip(gate["features"], gate["weights"]), key=lambda p: -abs(p[1])):
            print(f"  {name:<26} {w:+.3f}")
        alone = gate_figures.pop("cut_alone", None)
        if alone is not None:
            _print_decisions("train split, out of fold: the number model's cut alone", alone)
        _print_decisions(
            "train split, out of fold: the gate (each question decided by a gate fitted without it)", gate_figures
        )
        numbers = [ex for ex in data if ex.type == "number"]
        logits = [_candidate_logits(scorer, ex) for ex in numbers]
        gate_model = scorer.model(GATE_MODEL)
        number_cut = scorer.abstain("number")
        gated = {
            i: gate_model.logit(gate_features(ranked, rows)) - gate_model.abstain
            for i, (ex, scores) in enumerate(zip(numbers, logits))
            if scores
            for ranked, rows, _ in [_ranked(scores, ex)]
            if in_gate_scope(gate_model.scope, ranked[0], number_cut, rows[0])
        }
        _print_decisions(
            "all splits, fitted models: the number model's cut alone",
            _decision_figures(numbers, logits, {}, scorer.abstain("number")),
        )
        _print_decisions(
            "all splits, fitted models: the gate",
            _decision_figures(numbers, logits, gated, None, number_cut if gate_model.scope else None),
        )
    print(f"{'set · type':<40} {'split':<8} {'n':>5} {'top':>6} {'answered':>9} {'abstain':>8} {'reach':>6}")
    for key, splits in result.items():
        for split, c in splits.items():
            n = c["questions"] or 1
            abstain = f"{c['abstained_right']}/{c['unanswerable']}" if c["unanswerable"] else "-"
            print(
                f"{key:<40} {split:<8} {c['questions']:>5} {c['top_right'] / n:>6.1%} "
                f"{c['answered_right'] / n:>9.1%} {abstain:>8} {c['reachable'] / n:>6.1%}"
            )


def _on_top(args: Any, data: list[Example], weighting: Weighting) -> None:
    """`--on-top`: the named features fitted on top of the number model in `--out`, figures before and after."""
    payload = json.loads(args.out.read_text(encoding="utf-8"))
    model = payload["models"]["number"]
    names = tuple(args.on_top.split(","))
    unknown = set(names) - set(model["features"])
    if unknown:
        raise SystemExit(f"--on-top: the number model lacks {sorted(unknown)}")
    numbers = [ex for ex in data if ex.type == "number"]
    l2 = args.l2[0] if args.l2 != [LISTWISE_L2] else ON_TOP_L2
    fitted = fit_on_top([ex for ex in numbers if ex.split == "train"], model, names, weighting, l2)
    before = figures(Scorer.from_json({"models": {"number": model}}), numbers)
    model["weights"], model["bias"] = on_top_weights(model, fitted)
    after = figures(Scorer.from_json({"models": {"number": model}}), numbers)
    print(f"on top (l2 {l2:g}): " + ", ".join(f"{n} {w:+.3f}" for n, w in fitted.items()))
    print(f"{'set':<40} {'split':<8} {'n':>5} {'top before → after':>20} {'answered right before → after':>32}")
    totals: dict[tuple[bool, str], list[int]] = {}
    for key, splits in after.items():
        for split, c in splits.items():
            b = before[key][split]
            print(
                f"{key:<40} {split:<8} {c['questions']:>5} {b['top_right']:>9} → {c['top_right']:<8}"
                f" {b['answered_right']:>15} → {c['answered_right']:<8}"
            )
            cell = totals.setdefault((key.startswith("reports-"), split), [0, 0, 0, 0])
            for i, v in enumerate((b["top_right"], c["top_right"], b["answered_right"], c["answered_right"])):
                cell[i] += v
    for (reports, split), (tb, ta, ab, aa) in sorted(totals.items()):
        print(
            f"{'report sets' if reports else 'other sets':<40} {split:<8} top {tb} → {ta}, answered right {ab} → {aa}"
        )
    payload["models"]["number"] = model
    args.out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


def _mark_groups(eval_set: Any, examples: list[Example]) -> None:
    """Each example's fold group and whether its set is wiki text (`Example.group`, `Example.wiki`)."""
    questions = {q.id: q for q in eval_set.questions}
    wiki = eval_set.kind == "beir" and not any(q.gold_number is not None for q in eval_set.questions)
    for ex in examples:
        ex.wiki = wiki
        q = questions.get(ex.qid)
        if wiki:
            ex.group = min(q.relevant_ids) if q is not None and q.relevant_ids else ex.qid
        else:
            ex.group = eval_set.name if eval_set.kind == "beir" else QUESTION_FILES


def _number_sets(models: dict[str, Any], numbers: list[Example]) -> frozenset[str] | None:
    """The sets the number model in `models` was fitted on, by name, for the gate's out-of-fold number logits to be
    what that model gives (None — every set — when it names none of the sets given)."""
    names = frozenset(Path(p).stem for p in models.get("number", {}).get("sets", []))
    return names if any(ex.set_name in names for ex in numbers) else None


def _kept_weighting(models: dict[str, Any]) -> Weighting:
    """The weighting the number model in `models` was fitted with (the default for a model that does not say)."""
    stored = models.get("number", {}).get("weighting")
    return Weighting(**stored) if stored else Weighting()


def _loaded(settings: Settings, index_dir: Path) -> tuple[Any, Any, Settings]:
    from index.embed import Embedder
    from index.reader import CorpusIndex

    index = CorpusIndex.load(index_dir, settings.embed_model, settings.hnsw_ef_search)
    return index, Embedder(settings.embed_model), settings


if __name__ == "__main__":
    main()
