"""A number against the other numbers of its own sentence (`item_features`, branch item17): how its own item names the
thing asked beside its siblings' items, and the trainer's fit of such features on top of the committed number model
(`fit_on_top`). Every sentence here is invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    ITEM_FEATURES,
    NUMBER_FEATURES,
    RELATIVE_FEATURES,
    SENTENCE_KEY,
    Needle,
    Passage,
    item_features,
    number_features,
)

cut = Tokenizer().cut


def _items(question: str, text: str) -> dict[str, dict[str, float]]:
    """Each number of `text` (one passage) with its `ITEM_FEATURES`, keyed by the number as written."""
    q = analyze(question)
    head, target = Needle.of(q.head or q.target, cut), Needle.of(q.target, cut)
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    found = [(m.text, number_features(q, head, target, m, passage, (), cut)) for m in extract_numbers(text)]
    keys = [f"0:{f[SENTENCE_KEY]:.0f}" for _, f in found]
    return {number: item for (number, _), item in zip(found, item_features([f for _, f in found], keys))}


def test_the_item_features_are_number_features_appended_last() -> None:
    assert set(ITEM_FEATURES) <= set(NUMBER_FEATURES) and SENTENCE_KEY not in NUMBER_FEATURES
    # appended after the relative ones: an older weights file keeps its order
    tail = NUMBER_FEATURES[-len(RELATIVE_FEATURES) - len(ITEM_FEATURES) :]
    assert tail == (*RELATIVE_FEATURES, *ITEM_FEATURES)


def test_the_number_whose_own_item_names_the_thing_is_its_sentences_best() -> None:
    got = _items("新建社区食堂多少个", "全县新建村级养老站12个，新建社区食堂35个，改造敬老院4所。")
    assert got["35个"]["item_best"] == 1.0 and got["35个"]["item_gap"] == 0.0 and got["35个"]["precision_gap"] == 0.0
    assert got["35个"]["item_share"] == 1.0  # its item says all the sentence says of the thing
    for sibling in ("12个", "4所"):
        assert got[sibling]["item_best"] == 0.0
        assert got[sibling]["item_gap"] < 0.0 and got[sibling]["precision_gap"] < 0.0
        assert got[sibling]["distance_gap"] < 0.0  # farther from the thing's words than the nearest sibling


def test_a_number_alone_in_its_sentence_is_compared_with_none() -> None:
    got = _items("新建社区食堂多少个", "全县新建社区食堂35个。全县还有图书馆3个，文化站9个。")
    alone = got["35个"]
    assert alone["item_best"] == 0.0 and alone["item_gap"] == alone["precision_gap"] == alone["distance_gap"] == 0.0
    # the other sentence's numbers name no part of the thing: neither is its best
    assert got["3个"]["item_best"] == got["9个"]["item_best"] == 0.0


def test_a_pure_function_of_the_sentence_groups() -> None:
    values = [
        {"cover_item": 0.5, "item_precision": 0.4, "cover_sentence": 1.0, "distance": 0.5},
        {"cover_item": 1.0, "item_precision": 0.6, "cover_sentence": 1.0, "distance": 1.0},
        {"cover_item": 1.0, "item_precision": 0.6, "cover_sentence": 0.5, "distance": 0.2},
        {"cover_item": 1.0, "item_precision": 0.9, "cover_sentence": 1.0, "distance": 1.0},
    ]
    sentences = ["p:0", "p:0", "p:40", "p:40"]
    got = item_features(values, sentences)
    assert [r["item_best"] for r in got] == [0.0, 1.0, 0.0, 1.0]  # the tie on cover is broken by precision
    assert abs(got[0]["item_gap"] + 0.5) < 1e-9 and abs(got[2]["precision_gap"] + 0.3) < 1e-9
    assert got[2]["item_share"] == 1.0  # an item cover above its sentence's (a table's header) is capped
    assert abs(got[2]["distance_gap"] + 0.8) < 1e-9
    assert item_features(values[::-1], sentences[::-1]) == got[::-1]
    # two numbers with the same item: neither is the single best
    tied = item_features([values[1], values[1]], ["p:0", "p:0"])
    assert [r["item_best"] for r in tied] == [0.0, 0.0]
    assert item_features([], []) == []


def test_the_trainer_recomputes_them_from_its_cached_rows() -> None:
    from eval.train_scorer import Example, _relative_recomputed

    item, best = NUMBER_FEATURES.index("cover_item"), NUMBER_FEATURES.index("item_best")
    rows = [[0.0] * len(NUMBER_FEATURES) for _ in range(3)]
    rows[0][item], rows[1][item], rows[2][item] = 0.3, 0.9, 0.1
    rows[0][best] = 1.0  # stale: written under another definition
    ex = Example(
        "s", "q", "train", "number", rows, [0, 1, 0], False, True, docs=["a"] * 3, sentences=["1:0", "1:0", "1:9"]
    )
    assert [row[best] for row in _relative_recomputed(ex).rows] == [0.0, 1.0, 0.0]


def test_fitted_on_top_the_gap_lifts_the_best_item_over_a_sibling_the_model_prefers() -> None:
    from eval.train_scorer import Example, Weighting, fit_on_top

    fused, gap = NUMBER_FEATURES.index("fused"), NUMBER_FEATURES.index("item_gap")
    weights = [0.0] * len(NUMBER_FEATURES)
    weights[fused] = 1.0
    model = {"features": list(NUMBER_FEATURES), "weights": weights, "bias": 0.0}
    questions = []
    for i in range(30):
        rows = [[0.0] * len(NUMBER_FEATURES) for _ in range(2)]
        rows[0][fused], rows[1][fused] = 1.0, 0.8  # the model prefers the first, a sibling whose item covers less
        rows[0][gap] = -0.5
        questions.append(Example("toy", f"q{i}", "train", "number", rows, [0, 1], False, True))
    fitted = fit_on_top(questions, model, ("item_gap",), Weighting(), l2=0.1)
    assert fitted["item_gap"] > 0.4  # 0.5 × w beats the 0.2 the model's fused gives the sibling


def test_on_top_weights_add_a_raw_unit_term_to_a_feature_the_model_weighs() -> None:
    from eval.train_scorer import on_top_weights
    from qa.scorer import Scorer

    names = list(NUMBER_FEATURES)
    change = names.index("change_from")
    weights, means, scales = [0.0] * len(names), [0.0] * len(names), [1.0] * len(names)
    weights[change], means[change], scales[change] = -0.8, 0.2, 0.4  # standardised, as a fit stores it
    model = {"features": names, "weights": weights, "means": means, "scales": scales, "bias": 1.5, "abstain": 0.0}
    moved = dict(model)
    moved["weights"], moved["bias"] = on_top_weights(model, {"change_from": -1.0, "item_gap": 0.5})
    before, after = (Scorer.from_json({"models": {"number": m}}).model("number") for m in (model, moved))
    for value, gap_value in ((0.0, 0.0), (1.0, -0.3), (1.0, 0.0)):
        row = {"change_from": value, "item_gap": gap_value}
        # the logit moves by exactly the fitted weights times the raw values
        assert abs(after.logit(row) - before.logit(row) - (-1.0 * value + 0.5 * gap_value)) < 1e-5
