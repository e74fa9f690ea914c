"""eval/train_scorer: the gold labels of clauses, the listwise fit, and refitting one model kind only."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pytest

from eval import train_scorer as ts
from eval.datasets import EvalQuestion
from qa.scorer import WEIGHTS_FILE, Scorer
from qa.span_features import CLAUSE_FEATURES, SENTENCE_FEATURES


def test_a_clause_is_right_where_it_overlaps_the_gold_answer() -> None:
    q = EvalQuestion(id="x", question="q", gold_answers=("國家鐵路局",))
    sentence = "该公园位于市中心,由国家铁路局捐献土地建造。"
    clauses = [(0, 8), (9, 22)]
    assert ts._label_clause(q, sentence, clauses) == [0, 1]
    assert ts._label_clause(q, "该公园位于市中心。", [(0, 8)]) == [0]


def _examples(n: int, rng: random.Random, split: str = "train", kind: str = "span") -> list[ts.Example]:
    """Questions whose right candidate is the one with the highest first feature, among noisy others."""
    names = SENTENCE_FEATURES if kind == "span" else CLAUSE_FEATURES
    out = []
    for i in range(n):
        rows = [[rng.random() for _ in names] for _ in range(6)]
        right = max(range(6), key=lambda k: rows[k][0])
        labels = [int(k == right) for k in range(6)]
        out.append(ts.Example("toy", f"q{i}", split, kind, rows, labels, False, False))
    return out


def test_the_listwise_fit_learns_which_candidate_of_a_question_is_right() -> None:
    rng = random.Random(0)
    model = ts._fit(_examples(200, rng), SENTENCE_FEATURES, "listwise")
    assert model["objective"] == "listwise"
    weights = model["weights"]
    assert weights[0] == max(weights) > 0  # the deciding feature
    scorer = Scorer.from_json({"models": {"span": model}})
    held = _examples(100, rng, "heldout")
    right = sum(ts._best(scorer, "span", ex)[1] for ex in held)
    assert right >= 80  # chance is 1 in 6


def test_refitting_the_span_models_keeps_the_number_model_and_its_figures(tmp_path: Path) -> None:
    questions = tmp_path / "toy.jsonl"
    questions.write_text(
        json.dumps({"id": "t1", "question": "这座桥是谁设计的", "doc": "x", "evidence": ["某人设计"]}) + "\n",
        encoding="utf-8",
    )
    cache = tmp_path / "cache"
    cache.mkdir()
    rng = random.Random(1)
    cached = _examples(60, rng) + _examples(60, rng, kind="clause")
    (cache / "toy.span.jsonl").write_text(
        "".join(json.dumps(ts._as_dict(ex)) + "\n" for ex in cached), encoding="utf-8"
    )
    out = tmp_path / "weights.json"
    shutil.copy(WEIGHTS_FILE, out)
    before = json.loads(out.read_text(encoding="utf-8"))

    ts.main([str(questions), "--cache", str(cache), "--out", str(out), "--kind", "span"])

    after = json.loads(out.read_text(encoding="utf-8"))
    assert after["models"]["number"] == before["models"]["number"]
    assert after["models"]["span"] != before["models"]["span"] and after["models"]["span"]["objective"] == "listwise"
    assert after["models"]["clause"] != before["models"]["clause"]  # the highlight model comes with --kind span
    kept = {k: v for k, v in before["training"].items() if not k.endswith((" · span", " · clause"))}
    assert all(after["training"][k] == v for k, v in kept.items())
    assert "toy · span" in after["training"] and "toy · clause" in after["training"]
    Scorer.load(out)  # still a complete weights file


def _number_examples(n: int, rng: random.Random) -> list[ts.Example]:
    """Number questions: the right candidate has the highest first feature; a third are unanswerable, and the
    text of their top candidates leaves a modifier of the thing asked unsaid (the gate's own feature)."""
    from qa.features import GATE_NUMBER_FEATURES, NUMBER_FEATURES

    modifier = GATE_NUMBER_FEATURES.index("unsaid_modifier")
    # the gate reads unsaid words on a report's text only (a document written as a report, `report_genre`)
    report = GATE_NUMBER_FEATURES.index("report_genre")
    out = []
    for i in range(n):
        unanswerable = i % 3 == 0
        rows = [[rng.random() for _ in NUMBER_FEATURES] for _ in range(5)]
        extra = [[0.0] * len(GATE_NUMBER_FEATURES) for _ in range(5)]
        for row in extra:
            row[modifier] = 1.0 if unanswerable else 0.0
            row[report] = 1.0
        right = max(range(5), key=lambda k: rows[k][0])
        labels = [0 if unanswerable else int(k == right) for k in range(5)]
        out.append(ts.Example("toy", f"n{i}", "train", "number", rows, labels, unanswerable, True, extra))
    return out


def test_the_gate_learns_an_unanswerable_questions_signal_out_of_fold() -> None:
    from qa.answerable import GATE_FEATURES

    gate, figures = ts.fit_gate(_number_examples(150, random.Random(2)))
    weights = dict(zip(gate["features"], gate["weights"]))
    assert list(gate["features"]) == list(GATE_FEATURES) and gate["abstain"] == 0.0
    assert weights["top_unsaid_modifier"] < 0  # a modifier unsaid: no answer
    cell = figures["toy · train"]
    assert cell["abstained_right"] >= 0.9 * cell["unanswerable"]  # out of fold: fitted without the question
    assert cell["answered_right"] >= 50  # of 100 answerable (chance: 1 in 5 right on top)


def test_a_gate_scoped_to_reports_learns_and_decides_only_above_the_cut() -> None:
    """`--gate-scope report`: the gate learns from the questions the number cut answers with a report's number,
    and its figures decide the others by the cut alone (it may only abstain)."""
    from qa.features import GATE_NUMBER_FEATURES

    examples = _number_examples(150, random.Random(3))
    cut = 0.5
    gate, figures = ts.fit_gate(examples, scope="report", cut=cut, gate_cut=-1.0)
    assert gate["scope"] == "report"
    alone = figures.pop("cut_alone")["toy · train"]
    cell = figures["toy · train"]
    assert cell["answered_right"] <= alone["answered_right"]  # it only abstains where the cut answers
    assert cell["abstained_right"] >= alone["abstained_right"]
    # nothing from a report above the cut: no row to learn from, and the cut alone decides
    for ex in examples:
        for row in ex.extra:
            row[GATE_NUMBER_FEATURES.index("report_genre")] = 0.0
    x, _, _, _ = ts._gate_rows(
        examples, [[1.0] * len(ex.rows) for ex in examples], {"toy": 150}, scope="report", cut=cut
    )
    assert x == []


def test_a_question_a_rule_refuses_is_no_gate_row_and_counts_as_abstained() -> None:
    """`Example.ruled` (a "not stated" rule of `ask` fires, `Assistant.unstated`): the gate neither learns from the
    question nor decides it, and the figures count it as not answered, for the gate and the cut alike."""
    examples = _number_examples(30, random.Random(5))
    logits = [[float(k == 0) * 3.0 for k in range(len(ex.rows))] for ex in examples]
    rows_before = ts._gate_rows(examples, logits, {"toy": 30})[3]
    ruled = rows_before[0]
    examples[ruled].ruled = True
    assert ruled not in ts._gate_rows(examples, logits, {"toy": 30})[3]
    figs = ts._decision_figures(examples, logits, {}, cut=-10.0)["toy · train"]
    answered = sum(1 for ex in examples if not ex.ruled)
    assert figs["questions"] == 30
    assert figs["abstained_right"] == int(examples[ruled].unanswerable)  # all else answered at a cut this low
    assert figs["answered_right"] <= answered


def _sourced(set_name: str, n: int, rng: random.Random, wiki: bool = False, flip: bool = False) -> list[ts.Example]:
    """Number questions of one source: the right candidate has the highest first feature (the lowest with
    `flip`: a source unlike the others); every fourth of a report source is unanswerable."""
    from qa.features import NUMBER_FEATURES

    out = []
    for i in range(n):
        unanswerable = not wiki and i % 4 == 0
        rows = [[rng.random() for _ in NUMBER_FEATURES] for _ in range(5)]
        right = (min if flip else max)(range(5), key=lambda k: rows[k][0])
        labels = [0 if unanswerable else int(k == right) for k in range(5)]
        ex = ts.Example(set_name, f"{set_name}-{i}", "train", "number", rows, labels, unanswerable, True)
        ex.wiki = wiki
        ex.group = f"doc{i % 10}" if wiki else set_name
        out.append(ex)
    return out


def test_the_weighting_makes_sets_equal_and_up_weights_reports() -> None:
    rng = random.Random(4)
    data = _sourced("wiki", 30, rng, wiki=True) + _sourced("reports-a", 10, rng)
    default = ts.Weighting().of(data)
    assert abs(sum(default) / len(default) - 1.0) < 1e-9
    assert abs(sum(default[:30]) - sum(default[30:])) < 1e-9  # each set weighs the same in all
    assert ts.Weighting(set_power=0.0).of(data) == [1.0] * 40  # every question alike
    up = ts.Weighting(report_weight=2.0).of(data)
    assert abs(sum(up[30:]) - 2 * sum(up[:30])) < 1e-9
    # the old `balance=True` is the default weighting
    assert ts._as_weighting(True) == ts.Weighting() and ts._as_weighting(False).set_power == 0.0


def test_the_grouped_estimate_holds_out_whole_sources() -> None:
    rng = random.Random(5)
    data = (
        _sourced("wiki", 80, rng, wiki=True)
        + _sourced("reports-a", 60, rng)
        + _sourced("reports-b", 60, rng)
        + _sourced("reports-c", 60, rng)
        + _sourced("reports-odd", 60, rng, flip=True)
    )
    keys = {ts._fold_key(ex, 4) for ex in data}
    assert {k for k in keys if k.startswith("wiki#")} <= {f"wiki#{f}" for f in range(4)}
    assert {"reports-a", "reports-b", "reports-odd"} <= keys
    figs = ts.grouped_out_of_fold(data, ts.Weighting(), wiki_folds=4)
    assert figs["reports-a"]["questions"] == 60 and figs["reports-a"]["unanswerable"] == 15
    # learnable from the other sources (chance: 1 in 5 right on top, 9 of a report set's 45 answerable)
    assert all(figs[s]["top_right"] >= 18 for s in ("reports-a", "reports-b", "reports-c"))
    assert figs["wiki"]["top_right"] >= 40
    # a source unlike every other one is scored by a model that never saw it: it gets its candidates backwards
    assert figs["reports-odd"]["top_right"] <= 5
    reports, wiki = ts.oof_totals(figs, {"wiki"})
    assert wiki == figs["wiki"]["answered_right"]
    assert reports == sum(
        figs[s]["answered_right"] + figs[s]["abstained_right"]
        for s in ("reports-a", "reports-b", "reports-c", "reports-odd")
    )


def test_the_grouped_estimate_needs_two_sources() -> None:
    with pytest.raises(SystemExit, match="at least two sources"):
        ts.grouped_out_of_fold(_sourced("reports-a", 20, random.Random(6)), ts.Weighting())


def test_a_lower_price_of_unanswerable_questions_lowers_the_no_answer_cut() -> None:
    """The cut is where answering and abstaining are worth the same: the less a right abstention is worth, the
    lower the best logit at which answering pays."""
    rng = random.Random(7)
    data = _sourced("reports-a", 120, rng)
    best = [(rng.gauss(-1.0, 1.0) if ex.unanswerable else rng.gauss(1.0, 1.0), int(not ex.unanswerable)) for ex in data]
    strict = ts._calibrated_cut(data, best, ts.Weighting(unanswerable_weight=3.0))
    loose = ts._calibrated_cut(data, best, ts.Weighting(unanswerable_weight=1.0))
    assert strict is not None and loose is not None and loose < strict
    assert ts.Weighting(unanswerable_weight=None).unanswerable == ts.UNANSWERABLE_WEIGHT


def test_questions_a_rule_refuses_do_not_move_the_no_answer_cut() -> None:
    """A question `ask` refuses by a rule is abstained on whatever the cut: its outcome is not the cut's."""
    rng = random.Random(9)
    data = _sourced("reports-a", 120, rng)
    best = [(rng.gauss(-1.0, 1.0) if ex.unanswerable else rng.gauss(1.0, 1.0), int(not ex.unanswerable)) for ex in data]
    cut = ts._calibrated_cut(data, best, ts.Weighting())
    # more unanswerable questions, logits above the cut, all refused by a rule (counted, they would raise the cut)
    ruled = [
        ts.Example("reports-a", f"r{i}", "train", "number", [[0.0]], [0], True, True, ruled=True) for i in range(40)
    ]
    with_ruled = ts._calibrated_cut(data + ruled, best + [(0.5, 0)] * 40, ts.Weighting())
    assert cut is not None and with_ruled is not None and abs(with_ruled - cut) < 1e-3
    counted = [ts.Example("reports-a", f"r{i}", "train", "number", [[0.0]], [0], True, True) for i in range(40)]
    raised = ts._calibrated_cut(data + counted, best + [(0.5, 0)] * 40, ts.Weighting())
    assert raised is not None and raised > cut + 0.1


def test_the_gate_cut_sweep_abstains_more_at_a_stricter_cut() -> None:
    gate, figures = ts.fit_gate(_number_examples(150, random.Random(8)), sweep=(-2.0, 0.0, 2.0))
    swept = figures.pop("sweep")
    assert list(swept) == ["-2", "0", "2"]
    assert swept["0"] == figures  # the sweep at the fitted cut is the gate's own figures
    abstained = [swept[c]["toy · train"]["abstained_right"] for c in ("-2", "0", "2")]
    answered = [swept[c]["toy · train"]["answered_right"] for c in ("-2", "0", "2")]
    assert abstained == sorted(abstained) and answered == sorted(answered, reverse=True)
