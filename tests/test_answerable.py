"""The answerability gate (`qa.answerable`): its question-level features from a numeric question's ranked
candidates, and the decision `Assistant` takes with it. Every value here is invented."""

from __future__ import annotations

from qa.answerable import GATE_FEATURES, GATE_MODEL, gate_features
from qa.scorer import Scorer


def _row(**values: float) -> dict[str, float]:
    return {"cover_item": 1.0, "cover_sentence": 1.0, "words_in_sentence": 1.0, "unit_exact": 1.0, **values}


def test_gate_features_of_a_clear_answer_and_of_last_years_figure_unmet() -> None:
    clear = gate_features([2.5, -1.0], [_row(), _row(cover_item=0.2)])
    assert set(clear) == set(GATE_FEATURES)
    assert clear["top_logit"] == 2.5 and clear["margin"] == 3.5 and clear["past_unmet"] == 0.0
    assert gate_features([0.4], [_row()])["margin"] == 5.0  # a lone candidate: as wide as a clear win
    # last year's figure asked: every candidate carries past_asked or past_asked_other
    unmet = gate_features([1.0, 0.5], [_row(past_asked_other=1.0), _row(past_asked_other=1.0)])
    met = gate_features([1.0, 0.5], [_row(past_asked_other=1.0), _row(past_asked=1.0)])
    assert unmet["past_unmet"] == 1.0 and met["past_unmet"] == 0.0
    # what the top number's text leaves unsaid counts on a report's text only (an encyclopedia's questions
    # paraphrase): a document written as a report (`report_genre`), not one that merely states a present year
    sibling = _row(unsaid_modifier=0.5, modifier_other=1.0, modifier_sibling=1.0)
    assert gate_features([0.3], [{**sibling, "report_genre": 1.0}])["top_modifier_other"] == 1.0
    assert gate_features([0.3], [{**sibling, "report_genre": 1.0}])["top_modifier_sibling"] == 1.0
    assert gate_features([0.3], [{**sibling, "report_text": 1.0}])["top_modifier_other"] == 0.0
    assert gate_features([0.3], [{**sibling, "report_text": 1.0}])["top_report"] == 1.0
    assert gate_features([0.3], [sibling])["top_modifier_other"] == 0.0
    assert gate_features([], []) == {name: 0.0 for name in GATE_FEATURES}


def test_the_gate_is_read_from_the_weights_and_its_cut_decides() -> None:
    weights = [0.0] * len(GATE_FEATURES)
    weights[GATE_FEATURES.index("past_unmet")] = -4.0
    weights[GATE_FEATURES.index("top_logit")] = 1.0
    scorer = Scorer.from_json(
        {"models": {GATE_MODEL: {"features": list(GATE_FEATURES), "weights": weights, "bias": 0.0, "abstain": 0.0}}}
    )
    gate = scorer.model(GATE_MODEL)
    answered = gate_features([1.0, 0.5], [_row(past_asked_other=1.0), _row(past_asked=1.0)])
    refused = gate_features([1.0, 0.5], [_row(past_asked_other=1.0), _row(past_asked_other=1.0)])
    assert gate.logit(answered) > gate.abstain > gate.logit(refused)


def test_last_years_figure_asked_in_the_reports_word_and_none_given() -> None:
    from qa.answerable import last_year_unstated

    this_year_only = [_row(past_asked_other=1.0), _row(past_asked_other=1.0)]
    given = [_row(past_asked_other=1.0), _row(past_asked=1.0, target_cover=0.7)]
    # last year's figure of another line ("游客…(上年为N)" under a question on 粮食产量) is no answer
    given_elsewhere = [_row(past_asked_other=1.0, target_cover=0.9), _row(past_asked=1.0, target_cover=0.2)]
    assert last_year_unstated("某县上年新建多少个驿站", "count", None, this_year_only)
    assert not last_year_unstated("某县上年新建多少个驿站", "count", None, given)  # a figure given to 上年
    assert last_year_unstated("某县上年新建多少个驿站", "count", None, given_elsewhere)
    assert not last_year_unstated("某县比上年增加多少个驿站", "count", None, this_year_only)  # a change asked
    assert not last_year_unstated("某县2023年新建多少个驿站", "count", 2023, this_year_only)  # a year named
    # a user's 去年 often means the year a report just past is on: left to the gate
    assert not last_year_unstated("某县去年新建多少个驿站", "count", None, this_year_only)
    assert not last_year_unstated("某县上年新建多少个驿站", "count", None, [])


def test_a_gate_scoped_to_reports_decides_only_where_the_cut_answers_a_reports_number() -> None:
    """A gate of scope "report" (`Model.scope`) only abstains on top of the number model's cut, and only for a
    number from a document written as a report: encyclopedia text keeps the cut alone."""
    from qa.answerable import REPORT_SCOPE, in_gate_scope

    report, article = _row(report_genre=1.0), _row()
    assert in_gate_scope(REPORT_SCOPE, 1.0, 0.5, report)
    assert not in_gate_scope(REPORT_SCOPE, 0.4, 0.5, report)  # the cut abstains already
    assert not in_gate_scope(REPORT_SCOPE, 1.0, 0.5, article)  # not a report: the cut decides
    assert in_gate_scope("", 0.4, 0.5, article)  # an unscoped gate decides every numeric question
    raw = {"features": ["top_logit"], "weights": [1.0], "bias": 0.0, "abstain": 0.0, "scope": REPORT_SCOPE}
    assert Scorer.from_json({"models": {GATE_MODEL: raw}}).model(GATE_MODEL).scope == REPORT_SCOPE
    unscoped = {k: v for k, v in raw.items() if k != "scope"}
    assert Scorer.from_json({"models": {GATE_MODEL: unscoped}}).model(GATE_MODEL).scope == ""


def test_a_change_against_a_base_asked_and_only_levels_given() -> None:
    from qa.answerable import change_unstated
    from qa.features import change_stated

    assert change_stated("全县城镇新增就业3,450人，增长") and change_stated("比上年增加")
    assert not change_stated("城镇新增就业") and not change_stated("至少") and not change_stated("提高到")
    levels = [_row(change_stated=0.0, thing_cover=0.9), _row(change_stated=0.0, thing_cover=0.8)]
    stated = [_row(change_stated=0.0, thing_cover=0.9), _row(change_stated=1.0, thing_cover=0.8)]
    elsewhere = [_row(change_stated=0.0, thing_cover=0.9), _row(change_stated=1.0, thing_cover=0.2)]
    asked = "某县户外驿站比上年增加几家"
    assert change_unstated(asked, "count", levels)
    assert not change_unstated(asked, "count", stated)
    assert change_unstated(asked, "count", elsewhere)  # another line's growth is no answer
    # the cover of the thing with its base words ("…比上年增加") says nothing of which thing changed
    base_words_only = [_row(change_stated=1.0, thing_cover=0.2, target_cover=0.7)]
    assert change_unstated(asked, "count", base_words_only)
    assert not change_unstated("某县有多少家户外驿站", "count", levels)  # a level asked
    assert not change_unstated(asked, "count", [])


def test_the_thing_asked_without_the_base_it_is_compared_with() -> None:
    from qa.features import without_base

    assert without_base("户外驿站比上年增加") == "户外驿站"
    assert without_base("会员人数较2023年多") == "会员人数"
    assert without_base("户外驿站同比下降") == "户外驿站"
    assert without_base("户外驿站") == "户外驿站"
    assert without_base("比上年增长") == "比上年增长"  # nothing before the base: the whole is kept
