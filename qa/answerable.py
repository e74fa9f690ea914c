"""The answerability gate: a second fitted stage that decides "number or no answer" for a numeric question.

The number model (`qa.scorer`, model "number") ranks a question's number candidates; its no-answer logit
was the only way to abstain, and it is fitted for ranking (one softmax per question), so each refit moved the
cut and the share of abstentions with it. The gate is a logistic model of "the top number is right" against
"no answer is right", fitted by `python -m eval.train_scorer` on the train splits' questions (answerable and
unanswerable) over question-level features: the top candidate's logit (out-of-fold in training, as a new
question gets it), its margin over the next, what the top number's text leaves unsaid of the thing asked (by
part of speech), a sibling modifier, a past year asked that no candidate is given to, and the best any
candidate covers the thing. Stored as the model "answerable" in `scorer_weights.json`; its `abstain` is the
gate logit under which the assistant answers `found: false`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from qa.analysis import COUNTING_NOUN, SUM_OR_LIST_ASKED, Question
from qa.features import (
    CHANGE_AGAINST_BASE_ASKED,
    FLOW_IN_TEXT,
    GATE_NUMBER_FEATURES,
    RULE_NUMBER_FEATURES,
    TOTAL_ASKED,
    asked_sides,
    change_question,
    without_plan_completion,
)

GATE_MODEL = "answerable"
# The number candidates the question-level features read beyond the top one.
GATE_DEPTH = 10
# A margin where there is no second candidate: as wide as a clear win.
_LONE_MARGIN = 5.0

# The rule features (`RULE_NUMBER_FEATURES`, and the place and plan features of the number model the rules of
# `qa.place_scope` and `target_unstated` read) the gate may read of the top number.
GATE_RULE_FEATURES = (
    *(name for name in RULE_NUMBER_FEATURES if name not in ("thing_cover", "thing_absent_passage")),
    "narrower_unnamed",
    "wider_unnamed",
    "place_in_sentence",
    "period_other",
    "plan_unstated",
)

GATE_FEATURES = (
    "top_logit",
    "margin",
    "candidates",
    "top_cover_item",
    "top_words_in_sentence",
    "best_cover_sentence",
    "best_words_in_sentence",
    "top_unit_exact",
    "top_year_match",
    "past_unmet",
    "best_unsaid_passage",
    "top_report",
    # what the top number's text leaves unsaid, read on a report's text only (× the top number's document being
    # written as a report, `report_genre`): an encyclopedia's questions paraphrase their passage, a report's
    # users name the thing it states
    *(f"top_{name}" for name in GATE_NUMBER_FEATURES if name != "report_text"),
    # the top number's features the "not stated" rules read (× `report_genre`, as above): where no rule fires, they
    # may still say something together (branch gate7: fitted as gate inputs, measured in docs/answering.md)
    *(f"top_{name}" for name in GATE_RULE_FEATURES),
)
# The gate's scope "report" (`Model.scope`): it decides only where the number model's cut answers with a number
# from a document written as a report, and may only abstain there — encyclopedia text keeps the cut alone.
REPORT_SCOPE = "report"


def in_gate_scope(scope: str, top_score: float, cut: float, top: dict[str, float]) -> bool:
    """Whether a gate of `scope` decides a question whose top number scores `top_score` against the number
    model's cut `cut` (`top`: its features); a gate of scope "" decides every numeric question."""
    if scope != REPORT_SCOPE:
        return True
    return top_score > cut and top.get("report_genre", 0.0) > 0


def gate_features(scores: Sequence[float], rows: Sequence[dict[str, float]]) -> dict[str, float]:
    """The gate's features of one numeric question from its number candidates, best first: `scores` their
    number-model logits, `rows` their feature values (`qa.features.number_features`). Shared by `ask` and the
    training script, so the gate is fitted on what `ask` computes."""
    if not scores:
        return {name: 0.0 for name in GATE_FEATURES}
    top = rows[0]
    near = rows[:GATE_DEPTH]
    # A question asking last year's figure outright (every candidate carries past_asked or past_asked_other)
    # that no near candidate is given to: the reports state this year's figure only.
    past_asked = top.get("past_asked", 0.0) + top.get("past_asked_other", 0.0) > 0
    out = {
        "top_logit": scores[0],
        "margin": min(_LONE_MARGIN, scores[0] - scores[1]) if len(scores) > 1 else _LONE_MARGIN,
        "candidates": math.log1p(len(scores)),
        "top_cover_item": top.get("cover_item", 0.0),
        "top_words_in_sentence": top.get("words_in_sentence", 0.0),
        "best_cover_sentence": max(r.get("cover_sentence", 0.0) for r in near),
        "best_words_in_sentence": max(r.get("words_in_sentence", 0.0) for r in near),
        "top_unit_exact": top.get("unit_exact", 0.0),
        "top_year_match": top.get("year_match", 0.0),
        "past_unmet": float(past_asked and not any(r.get("past_asked", 0.0) for r in near)),
        # a word of the thing asked that no near candidate's passage holds (a place or name no report here gives)
        "best_unsaid_passage": min(r.get("unsaid_passage", 0.0) for r in near),
    }
    out["top_report"] = top.get("report_text", 0.0)
    report = top.get("report_genre", 0.0)
    out.update({f"top_{name}": report * top.get(name, 0.0) for name in GATE_NUMBER_FEATURES if name != "report_text"})
    out.update({f"top_{name}": report * top.get(name, 0.0) for name in GATE_RULE_FEATURES})
    return out


# The report's own word for the year before the one it reports on (上年, 上年度, 上一年), asked outright — not a
# change against it (比上年…). A user's 去年 is left to the gate: said today of a report on the year just past, it
# often means the report's own year.
_REPORT_LAST_YEAR = re.compile(r"(?<![比较与同和跟])上一?年度?(?!以来)")


# A figure given to last year, or stated as a change, answers only if it is about the thing asked: its clause or
# sentence says at least half of the thing's characters (`target_cover`). A report's "(上年为N)" or "增长N%" beside
# another line is no answer.
_ABOUT_THE_THING = 0.5


# The reason `last_year_unstated` gives; the gate's training leaves its questions out (no model decides them).
LAST_YEAR_UNSTATED = "报告只给出了当年的数字，没有给出上一年的数字。"


def last_year_unstated(question: str, kind: str, year: int | None, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked for 上年 with no year named, and none of the near candidates (`rows`,
    best first) is a figure given to that year (`past_asked`) about the thing asked: the passages give this
    year's figure only."""
    if kind not in ("count", "amount", "share") or year is not None or not _REPORT_LAST_YEAR.search(question):
        return False
    return _none_about_the_thing(rows, "past_asked")


def _none_about_the_thing(rows: Sequence[dict[str, float]], stated: str, cover: str = "target_cover") -> bool:
    """There are near candidates (`rows`, best first) and none is `stated` (a figure of last year, a change)
    about the thing asked — its clause or sentence says at least half of the thing's characters (`cover`)."""
    return bool(rows) and not any(
        r.get(stated, 0.0) and r.get(cover, 0.0) >= _ABOUT_THE_THING for r in rows[:GATE_DEPTH]
    )


# A change against a base asked with the deed after the change word ("比上年多办结多少件", "较上年少发生几起"): the
# order `CHANGE_AGAINST_BASE_ASKED` (the change word right before 多少) does not read.
_CHANGE_THEN_DEED_ASKED = re.compile(r"(?:比|较)[^，。,？?]{1,12}?(?<![最至])[多少][\u4e00-\u9fff]{1,3}?了?(?:多少|几)")


# A change asked without its direction ("较上年变化了多少", "较上年有何变动", "与上年相比变化"): any rise or fall answers it.
_CHANGE_UNDIRECTED_ASKED = re.compile(r"(?:比|较|与)[^，。,？?]{1,12}?(?:相比)?(?:有何|有什么|的)?(?:变化|变动)")


# A change asked at the question's end with no base, by its amount ("X增加了多少亿元", "X减少了几户"): the thing changed
# comes before the change word; 新增 (a flow: "新增了多少个车位") and a thing after the measure word ("增加了多少个就业
# 岗位": the jobs are the thing) ask none. With no measure word ("X增长了多少") a rate is asked: a table's growth column
# ("增长(%)") states it with no change word, so it is not read here.
_CHANGE_AT_END_ASKED = re.compile(
    r"(?<!新)(?:增加|增长|减少|下降|提高|降低)了?(?:多少|几)[十百千万亿]*(?:元|块|个|家|所|处|项|名|人|位|户|人次|吨|亩)"
    r"[？?。！!吗呢\s]*$"
)


def change_asked(question: str) -> bool:
    """The question asks a change against a base: "比上年增加多少" (`CHANGE_AGAINST_BASE_ASKED`), "比上年多建多少" or
    "较上年变化了多少"; or a change by its amount with no base at its end (`_CHANGE_AT_END_ASKED`: "X增加了多少亿元")."""
    return bool(
        CHANGE_AGAINST_BASE_ASKED.search(question)
        or _CHANGE_THEN_DEED_ASKED.search(question)
        or _CHANGE_UNDIRECTED_ASKED.search(question)
        or _CHANGE_AT_END_ASKED.search(question)
    )


def change_unstated(question: str, kind: str, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked as a change against a base (`change_asked`), and none of the near candidates
    (`rows`, best first) about the thing asked is stated as a change (`change_stated`): the passages give the level
    only. "About the thing" reads the thing without its base (`thing_cover`): another line's "比上年增长N%" says the
    base's words of "X比上年增加多少", not X's."""
    if kind not in ("count", "amount", "share") or not change_asked(question):
        return False
    return _none_about_the_thing(rows, "change_stated", "thing_cover")


FROM_TO_ONLY = "报告只给出了变化前后的数字，没有给出变化了多少。"


def from_to_only(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A change asked (增加了多少, with or without its base: `change_question`) where the top number is where a change
    started or the level it reached ("由N人增加到M人": `change_from`, `level_unasked`) and no near number about the
    thing is stated as a change: the report gives both ends, not the change."""
    if q.kind not in THING_KINDS or not rows or not change_question(q.text):
        return False
    top = rows[0]
    if not (top.get("change_from", 0.0) or top.get("level_unasked", 0.0)):
        return False
    return _none_about_the_thing(rows, "change_stated", "thing_cover")


# A figure of another dimension than the one asked at the top (`qa.features.dimension_conflict`).
DIMENSION_UNSTATED = "报告给出的是别的量（如个数或比例），没有给出所问的金额或个数。"


# The kinds of question the "not stated" rules read: a figure of a thing (not a date or a position).
THING_KINDS = frozenset({"count", "amount", "share"})


# The top numbers read for a neighbouring thing's figure (`sibling_in_slot`): the ones the answer would be chosen from.
_SIBLING_DEPTH = 3


# The reason of `thing_unstated`, which `Assistant.unstated` gives.
THING_UNSTATED = "报告没有给出所问事项本身的数字，只给出了相近事项的数字。"


def thing_unstated(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share of a thing named with a distinguishing word (夜间 of 夜间游客, 货运 of 货运航线,
    `qa.features.distinguishing_words`), where every near candidate's passage leaves such a word unsaid
    (`thing_unsaid_passage`, set only in a document written as a report) and one of the top three names
    the thing's head after a word the question does not hold (`sibling_in_slot`: 日间游客, 客运航线): the
    reports give a neighbouring thing's figure, not the one asked. Reports only: an encyclopedia's questions
    paraphrase their passage, while a report's users name the thing it states."""
    near = rows[:GATE_DEPTH]
    if q.kind not in THING_KINDS or not near:
        return False
    if SUM_OR_LIST_ASKED.search(q.text):  # a list of names asked: words the gazetteer lacks read as the thing's
        return False
    if not any(r.get("sibling_in_slot", 0.0) for r in near[:_SIBLING_DEPTH]):
        return False
    return all(r.get("thing_unsaid_passage", 0.0) for r in near)


def sibling_given(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """The top number names the thing's head after another word in the slot of one of its modifiers (`sibling_in_slot`:
    全体居民 under 城镇居民人均…), in a report, and no near number states the thing (`thing_stated_near`): the report gives
    the neighbouring (or the whole) class's figure. `thing_unstated` needs the modifier unsaid in every near passage; here
    another passage may say it of another measure (城镇居民人均可支配收入 beside a question on 城镇居民人均消费支出)."""
    return _another_given(q, rows, "sibling_in_slot", "report_genre")


def _another_given(q: Question, rows: Sequence[dict[str, float]], *top_features: str) -> bool:
    """A count, amount or share (not a sum or a list) whose top number has every one of `top_features` and no near
    number states the thing (`thing_stated_near`): the report gives another thing's figure in its place."""
    near = rows[:GATE_DEPTH]
    if q.kind not in THING_KINDS or not near or SUM_OR_LIST_ASKED.search(q.text):
        return False
    if not all(near[0].get(name, 0.0) for name in top_features):
        return False
    return not any(r.get("thing_stated_near", 0.0) for r in near)


def _about_the_thing(row: dict[str, float]) -> bool:
    return row.get("target_cover", 0.0) >= _ABOUT_THE_THING


def group_only(
    q: Question, rows: Sequence[dict[str, float]], about: Callable[[dict[str, float]], bool] = _about_the_thing
) -> bool:
    """A count, amount or share asked of one place, without a sum or a list in the question, where the top number is
    the sum of a list of places that holds it (`group_total`: "A市、B区、C区合计N") and no near candidate about the
    thing (`about`; by default `target_cover`, as for a change) names the place outside such a list: the reports give
    the group's figure only, not the place's."""
    near = rows[:GATE_DEPTH]
    if q.kind not in THING_KINDS or not near or not near[0].get("group_total", 0.0):
        return False
    if len(q.places) + len(q.local_places) != 1 or SUM_OR_LIST_ASKED.search(q.text):
        return False
    return not any(
        r.get("place_in_sentence", 0.0)
        and not r.get("group_total", 0.0)
        and not r.get("place_listed", 0.0)
        and about(r)
        for r in near
    )


def local_place_unstated(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of a place the gazetteer lacks (a village, a town, a street: `local_places`)
    that no near candidate's passage, heading or report title names (`local_unnamed_passage`): the passages give the
    figures of the places around it, not of the one asked."""
    near = rows[:GATE_DEPTH]
    return (
        q.kind in THING_KINDS
        and bool(q.local_places)
        and bool(near)
        and all(r.get("local_unnamed_passage", 0.0) for r in near)
    )


# -- the thing a report counts, against the one asked (branch abstain6) ------------------------------------------------


# A share said in a question analysed as a count ("提高了几个百分点", "占全市多少"): a share answers it.
_SHARE_WORDS = re.compile(r"百分|占|率|比例|比重|几成")
# A change asked by 多少 alone ("提高了多少", "增长了多少") is analysed as a share, yet a report may state it in the
# thing's own unit (平均分提高11.5分, 减少812人): only a share said in words refuses a count or an amount.
_SHARE_SAID = re.compile(_SHARE_WORDS.pattern + r"|增速|增幅|涨幅|降幅")


# A quantity asked by its noun (回收量, 用水量, 产量): a count or an amount, not a share. Not 质量 (quality), 含量 (a
# content, often a share), 力量, 能量, 大量, 尽量, 少量.
_QUANTITY = re.compile(r"(?<![质含力能大尽少])量")


# A noun of a ratio or a degree at the thing's end (科技投入强度, 收入水平, 价格指数): a money word before it asks no money.
_RATIO_NOUN = re.compile(r"(?:度|水平|指数|系数|倍数|之比)$")


def measure_unstated(q: Question, rows: Sequence[dict[str, float]]) -> str | None:
    """The reason the top number (`rows[0]`) is no answer when it measures another kind of figure than the one asked: a
    share asked (率, 比例, 占比: kind "share") and the number is a count or an amount by its unit (`measure_unit`: 参保职工N
    万人 under 参保率), or a count asked as one (a measure word, a noun of counting) and the number is a share
    (`share_unit`: 失业率N% under 失业人数), or a sum of money asked with no rate or change and the number is a share
    (`share_unit`: "高于乙收入增速N个百分点" under 乙收入是多少). None when it fits."""
    if not rows:
        return None
    top = rows[0]
    if q.kind == "share" and top.get("measure_unit", 0.0) and _SHARE_SAID.search(q.text):
        return "报告只给出了数量，没有给出所问的比例。"
    # a bare number (no unit at all, `unit_none`: "合计13") in a report is no share either; a table's cells take their
    # column's unit (% in its header)
    if q.kind == "share" and top.get("unit_none", 0.0) and top.get("report_genre", 0.0):
        return "报告只给出了数量，没有给出所问的比例。"
    # a count said as one (多少人, 人数); without one a "count" question may ask a degree or a change (满意度, 跌了多少)
    counted = (
        q.measure is not None or COUNTING_NOUN.search(q.text) is not None or _QUANTITY.search(q.target) is not None
    )
    if q.kind == "count" and counted and top.get("share_unit", 0.0) and not _SHARE_WORDS.search(q.text):
        return "报告只给出了比例，没有给出所问的数量。"
    # a sum of money asked (收入是多少) and the number a rate or a gap of rates ("高于乙收入增速N个百分点"): a rate
    # states no money; not where a rate or a change is asked (收入增长了多少 may be answered by a rate)
    if (
        q.kind == "amount"
        and q.measure == "元"
        and not _RATIO_NOUN.search(q.head or q.target)
        and top.get("share_unit", 0.0)
        and not _SHARE_SAID.search(q.text)
        and not GROWTH_ASKED.search(q.text)
    ):
        return "报告只给出了比例（或增速），没有给出所问的金额。"
    return None


def thing_kind_unstated(q: Question, rows: Sequence[dict[str, float]]) -> str | None:
    """The reason a count, amount or share asked is not stated, by how the thing the near numbers (`rows`, best first)
    count differs from the one asked; None when no rule of this kind fires."""
    if q.kind not in THING_KINDS:
        return None
    if sibling_given(q, rows):
        return "报告没有给出所问事项本身的数字，只给出了相近事项（或更大一类）的数字。"
    if thing_elsewhere(q, rows):
        return "报告没有给出所问事项的数字，给出的数字说的是别的事项。"
    if other_side_only(q, rows):
        return other_side_reason(q)
    if lone_modifier_unstated(q, rows):
        return "报告没有给出所问这一类的数字，只给出了总体的数字。"
    if class_unstated(q, rows):
        return "报告没有提到所问的这一类，只给出了总体（或别的一类）的数字。"
    if total_unstated(q, rows):
        return "报告只给出了当期新增的数量，没有给出总数。"
    if change_rate_only(q, rows):
        return "报告只给出了变化的百分比，没有给出所问的变化量。"
    if growth_for_share(q, rows):
        return "报告只给出了增长（变化）的速度，没有给出所问的比例。"
    return measure_unstated(q, rows)


# A change or a pace asked (增长, 增速, 涨幅, 同比, 年均, 提高…): a rate of change may answer it. A price index (CPI) is
# read as its rise. Not 增值 (增值税 is a tax).
GROWTH_ASKED = re.compile(
    r"增(?!值)|减|涨|跌|升|下降|降低|降了|提高|回落|下滑|扩大|缩小|速|幅|变化|变动|同比|环比|年均|比上|较上|相比|指数|价格|物价"
    r"|cpi|ppi",
    re.IGNORECASE,
)


def growth_for_share(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A share of a whole or a rate asked with no change in it (占…比重, 就业率: kind share, `GROWTH_ASKED` unsaid), where
    the top number (`rows[0]`) is a rate of change in a report (`change_stated` and `share_unit`: "同比增长N%"): the
    report gives how fast a figure grew, not the share asked. `share_unit` is set in documents written as reports only."""
    if q.kind != "share" or not rows or GROWTH_ASKED.search(q.text):
        return False
    top = rows[0]
    return bool(top.get("change_stated", 0.0) and top.get("share_unit", 0.0))


def thing_elsewhere(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share of a thing named with distinguishing words (猕猴桃 of 猕猴桃产值), where the top number's
    own text names the head (产值) and nothing said about it holds any of those words (`modifiers_unsaid_near`), and no
    near number (`rows`, best first) states the thing (`thing_stated_near`: its words about it, or its passage saying the
    modifier with the head in one phrase): the report gives another thing's 产值 and speaks of 猕猴桃 only with another
    measure (种植面积). Set in documents written as reports only (`number_features`), like `thing_unstated`, which needs
    the modifier absent from the whole passage and a sibling in its slot."""
    return _another_given(q, rows, "head_in_own", "modifiers_unsaid_near")


def total_unstated(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count asked as a total (总数, 累计, 现有: `TOTAL_ASKED`, no addition asked), where the top number is what the
    period added (`flow_stated`: 全年招聘N名, 新建N个) and no near number about the thing (`target_cover`, as for a
    change) is stated otherwise: the report gives the intake, not the stock."""
    near = rows[:GATE_DEPTH]
    if q.kind != "count" or not near or not near[0].get("flow_stated", 0.0):
        return False
    if not TOTAL_ASKED.search(q.text) or FLOW_IN_TEXT.search(q.text) or SUM_OR_LIST_ASKED.search(q.text):
        return False
    return not any(not r.get("flow_stated", 0.0) and r.get("target_cover", 0.0) >= _ABOUT_THE_THING for r in near)


# The reason of `other_side_only`. `Assistant._unstated` reads it before `thing_unstated`: the other side of a measure
# (出口 under 进口, 省外 under 省内) is never a user's paraphrase, so a work article's exemption does not reach it.
OTHER_SIDE_ONLY = "报告只给出了另一方面（或两方面合计）的数字，没有给出所问这一方面的数字。"
# Both sides joined asked (进出口总额), one side given.
ONE_SIDE_ONLY = "报告只给出了其中一方面的数字，没有给出所问的两方面合计的数字。"


def other_side_reason(q: Question) -> str:
    """The reason `other_side_only` gives: one side asked, the other given (`OTHER_SIDE_ONLY`), or both joined asked
    and one given (`ONE_SIDE_ONLY`)."""
    if any(asked == joined for asked, _, joined in asked_sides((q.head or q.target).lower())):
        return ONE_SIDE_ONLY
    return OTHER_SIDE_ONLY


def other_side_only(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share of one side of a measure (支出 of 经费支出, 出口, 内销: `qa.features.OPPOSITE_SIDES`), where
    the top number states the other side or both joined (`opposite_stated`: 经费收入, 进出口总额) and no near number about
    the thing (`target_cover`, as for a change) names the side asked (`asked_side_said`: another thing's 支出 beside a
    question on 消费支出 is no figure of it). Set in documents written as reports only."""
    near = rows[:GATE_DEPTH]
    if q.kind not in THING_KINDS or not near or not near[0].get("opposite_stated", 0.0):
        return False
    if SUM_OR_LIST_ASKED.search(q.text):
        return False
    return not any(r.get("asked_side_said", 0.0) and r.get("target_cover", 0.0) >= _ABOUT_THE_THING for r in near)


def lone_modifier_unstated(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share of a kind named by a one-character modifier (女 of 女会员: `qa.features.lone_modifiers`),
    where the top number counts the noun (`lone_head_in_own`: 会员) and no near number's passage says the modifier before
    it (`lone_unsaid_passage`): the report gives all members, not the women among them. Reports only."""
    return _head_counted_class_unsaid(q, rows, "lone_head_in_own", "lone_unsaid_passage")


def class_unstated(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share of a class named with a distinguishing word (女性 of 女性新增就业人数, 甲村 of 甲村常住人口),
    where the top number names the thing's head in its own text (`head_in_own`: 新增就业) and every near number's passage,
    heading and report title leaves such a word unsaid — whole, abbreviated or as its short form
    (`thing_absent_passage`: a report's 暑托班 says 暑期托管): the report never speaks of the class asked, and gives the
    whole's figure (or another class's). `thing_unstated` needs a sibling in the modifier's slot besides; set in
    documents written as reports only."""
    return _head_counted_class_unsaid(q, rows, "head_in_own", "thing_absent_passage")


def _head_counted_class_unsaid(q: Question, rows: Sequence[dict[str, float]], head_in_own: str, unsaid: str) -> bool:
    """A count, amount or share (not a sum or a list) whose top number counts the thing's head in its own text (the
    feature `head_in_own`) and every near number's passage leaves the class asked unsaid (the feature `unsaid`)."""
    near = rows[:GATE_DEPTH]
    if q.kind not in THING_KINDS or not near or not near[0].get(head_in_own, 0.0):
        return False
    if SUM_OR_LIST_ASKED.search(q.text):
        return False
    return all(r.get(unsaid, 0.0) for r in near)


# -- what a report gives in place of the figure asked: a rate, the work done (branch gate7) -----------------


def change_rate_only(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count or amount asked as a change against a base ("比上年多出多少万元", "较上年多了几万亩"), where every near number
    about the thing stated as a change (`change_stated`, `thing_cover` as for `change_unstated`) is a rate (`share_unit`:
    "增长N%"): the report gives how fast it changed, not by how much. Not where the question says a share (提高了几个
    百分点 is a count by analysis). `share_unit` is set in documents written as reports only."""
    asked = CHANGE_AGAINST_BASE_ASKED.search(q.text) or _CHANGE_AT_END_ASKED.search(q.text)
    if q.kind not in ("count", "amount") or not asked or _SHARE_WORDS.search(q.text):
        return False
    changes = [
        r for r in rows[:GATE_DEPTH] if r.get("change_stated", 0.0) and r.get("thing_cover", 0.0) >= _ABOUT_THE_THING
    ]
    return bool(changes) and all(r.get("share_unit", 0.0) for r in changes)


# A plan or target asked outright ("2024年新建X的目标", "今年计划新建多少", "X的年度计划是多少"); a programme's name
# ("甲乙计划资助多少人") and 计划生育 (family planning) ask no plan.
PLAN_ASKED_OUTRIGHT = re.compile(
    r"目标|预期|力争|打算|规划|任务|(?:^|[年度划的])计划(?!生育)|计划(?=[数是为多几？?]|$)"
)


# The reason of `target_unstated`, which `Assistant.unstated` calls with the top number's section (`qa.place_scope`).
TARGET_UNSTATED = "报告只给出了实际完成的数字，没有给出所问的目标（计划）数。"


def target_unstated(
    q: Question,
    rows: Sequence[dict[str, float]],
    about: Callable[[dict[str, float]], bool] = _about_the_thing,
    unplanned: Sequence[bool] | None = None,
) -> bool:
    """A plan or target asked (`PLAN_ASKED_OUTRIGHT`), where the top number and every near number about the thing
    (`about`; by default `target_cover`) states no plan (`unplanned`, one per row; by default `plan_unstated`: no word of
    planning before it nor a planning heading above it), in a document written as a report: the report gives what was
    done, not what was aimed at. The caller also reads the top number's section (`qa.place_scope.plan_section`:
    "二、2025年工作要点" is a plan whatever its words); `qa.given_instead.target_given_elsewhere` reads "about" by the
    number's own item and a programme's name as no plan."""
    near = rows[:GATE_DEPTH]
    if unplanned is not None:
        near = near[: len(unplanned)]
    if q.kind not in THING_KINDS or not near or not PLAN_ASKED_OUTRIGHT.search(without_plan_completion(q.text)):
        return False
    stated = list(unplanned) if unplanned is not None else [bool(r.get("plan_unstated", 0.0)) for r in near]
    if not (stated[0] and near[0].get("report_genre", 0.0)):
        return False
    return all(none for r, none in zip(near, stated) if about(r))
