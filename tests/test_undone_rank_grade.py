"""The rules of `qa.undone_or_rank` and `qa.grade_classes` (branch train12): what is left undone, a rank within an
extent, one grade of a graded class, asked where the near figures give another. Every text here is invented."""

from __future__ import annotations

from index.normalize import match_view
from index.places import Gazetteer
from qa.analysis import Question, analyze
from qa.grade_classes import grade_asked, grade_of_another, grades
from qa.place_scope import NearText
from qa.undone_or_rank import list_lead, list_of_another_measure, rank_unsaid, undone_asked, undone_unsaid


def _q(text: str) -> Question:
    return analyze(text, Gazetteer.default())


def _near(statement: str, number: str, passage: str = "", report: bool = True) -> NearText:
    view = match_view(statement).text
    at = view.index(number)
    title = match_view("甲城2023年工作报告").text
    return NearText(view, view[:at], match_view(passage or statement).text, "", title, report=report)


def test_what_is_left_undone_is_not_the_whole_nor_the_done_part() -> None:
    q = _q("甲城排查出的问题还有几个没有整改")
    assert undone_asked(q) == "整改"
    whole = _near("全年排查问题580个，已整改552个。", "580")
    assert undone_unsaid(q, [whole])
    # a sentence saying what is left, or the deed not done, states it
    assert not undone_unsaid(q, [_near("全年排查问题580个，尚有28个正在整改。", "580")])
    assert not undone_unsaid(q, [_near("排查问题580个，其中28个未按期整改。", "580")])
    # another text than a report: its question may paraphrase
    assert not undone_unsaid(q, [_near("全年排查问题580个，已整改552个。", "580", report=False)])


def test_a_funds_figure_said_not_paid_answers_the_undone_question() -> None:
    q = _q("乙县有多少补助资金没有按时拨付")
    assert undone_asked(q) == "拨付"
    assert not undone_unsaid(q, [_near("补助资金3.2亿元未在规定期限内拨付到位。", "3.2")])
    assert undone_unsaid(q, [_near("全年拨付补助资金3.2亿元。", "3.2")])


def test_no_undone_asked_without_a_negated_deed() -> None:
    assert undone_asked(_q("甲城排查问题多少个")) is None
    assert undone_asked(_q("甲城未成年人有多少")) is None


def test_a_rank_within_the_province_needs_the_province_named() -> None:
    q = _q("甲城粮食产量在全省排第几")
    assert rank_unsaid(q, [_near("全年粮食产量48.6万吨，增长2.1%。", "48.6")])
    assert rank_unsaid(q, [_near("年平均气温为有记录以来第三高。", "第三")])
    assert not rank_unsaid(q, [_near("粮食产量居全省第四位。", "第四")])
    assert not rank_unsaid(q, [_near("粮食产量位列省内第四。", "第四")])
    # no extent asked: not this rule's
    assert not rank_unsaid(_q("甲城粮食产量排第几"), [_near("全年粮食产量48.6万吨。", "48.6")])


def test_grades_of_a_scale() -> None:
    assert grades("其中一等奖2项、三等奖5项") == {("一", "等"), ("三", "等")}
    assert grades("特级企业1家、一级企业20家") == {("特", "级"), ("一", "级")}
    assert grade_asked(_q("甲城二等奖有几项")) == ("二", "等")
    assert grade_asked(_q("甲城获奖多少项")) is None
    assert grades("省一级职工书屋120家") == set()  # a tier of government, no grade of a scale
    assert grade_asked(_q("甲省一级职工书屋有多少家")) is None


def test_another_grade_is_no_figure_of_the_grade_asked() -> None:
    q = _q("甲城获市级科技奖二等奖几项")
    top = _near("获市级科技奖15项，其中一等奖3项。", "15")
    assert grade_of_another(q, [top])
    # the grade asked said in the breakdown, or anywhere near
    assert not grade_of_another(q, [_near("获市级科技奖15项，其中一等奖3项、二等奖7项。", "15")])
    elsewhere = _near("另获二等奖表彰7项。", "7")
    assert not grade_of_another(q, [top, elsewhere])
    # no other grade of the scale in the top sentence: not this rule's
    assert not grade_of_another(q, [_near("获市级科技奖15项。", "15")])
    assert not grade_of_another(_q("甲城二级医院几家"), [_near("医院42家，其中三星级服务窗口8个。", "42")])


def test_a_place_in_a_list_of_another_measure() -> None:
    q = _q("镇沅县年降水量")
    listed = _near("墨江县年平均气温17.2℃，镇沅县16.5℃，景东县15.9℃。", "16.5")
    assert list_lead(listed) == "年平均气温"
    assert list_of_another_measure(q, [listed], ["年", "降水量"])
    # the list of the measure asked, or a lead saying part of the thing (an abbreviation, maybe), is no other measure
    rain = _near("墨江县年降水量1,250毫米，镇沅县1,180毫米。", "1,180")
    assert not list_of_another_measure(q, [rain], ["年", "降水量"])
    insured = _near("墨江县参保26.4万人，镇沅县18.2万人。", "18.2")
    assert not list_of_another_measure(_q("镇沅县医保参保人数"), [insured], ["医保", "参保", "人数"])
    # a list led by a bare item (its thing said in the sentence before) or the first item itself: not this rule's
    bare = _near("分县看，墨江县286.4亿元，镇沅县146.2亿元。", "146.2")
    assert list_lead(bare) is None
    first = _near("镇沅县年平均气温16.5℃，墨江县17.2℃。", "16.5")
    assert not list_of_another_measure(q, [first], ["年", "降水量"])


def test_a_grade_asked_is_left_out_of_the_whole_s_figure() -> None:
    from qa.features import grade_left_out

    said = "全市勘察设计单位320家,其中甲级设计单位41家、乙级设计单位96家。"
    assert grade_left_out("甲级设计单位", "全市勘察设计单位320家", said) == 1.0
    assert grade_left_out("甲级设计单位", "其中甲级设计单位41家", said) == 0.0
    # a grade the passage never says: no figure beside it to prefer
    assert grade_left_out("丙级设计单位", "全市勘察设计单位320家", said) == 0.0
    assert grade_left_out("设计单位", "全市勘察设计单位320家", said) == 0.0


def test_a_measure_of_another_period() -> None:
    from qa.features import period_sibling

    assert period_sibling("甲县年降水量", "甲县日降水量达120毫米")
    assert not period_sibling("甲县年降水量", "甲县年降水量900毫米,日降水量最大120毫米")
    assert not period_sibling("全年降水量", "日降水量达120毫米")  # 全年 is no period's measure word
    assert period_sibling("月平均工资", "年平均工资8万元")
