"""Not stated where the report gives only a sibling of the measure asked (`qa.sibling_measures`, branch abstain17).
Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.given_instead import SIBLING_GIVEN, given_instead, may_be_given_instead
from qa.place_scope import NearText
from qa.sibling_measures import (
    SIBLING_FAMILIES,
    asked_members,
    members_named,
    own_clause,
    sibling_given_only,
    sibling_may_be_given,
)
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str, title: str = "某县2024年人社工作总结", report: bool = True) -> NearText:
    return near_text(passage, number, heading="一、社会保险", title=title, report=report)


_INSURANCE = "全县失业保险参保人数3.2万人，工伤保险参保人数4.1万人。"


def test_one_member_asked_another_given() -> None:
    q = analyze("安吉县养老保险参保人数")
    words = thing_words(q.head or q.target)
    assert sibling_may_be_given(q) and may_be_given_instead(q)
    near = [_near(_INSURANCE, "3.2万"), _near(_INSURANCE, "4.1万")]
    assert own_clause(near[1]) == "工伤保险参保人数"
    assert sibling_given_only(q, near, words)
    assert given_instead(q, near, [{"report_genre": 1.0}] * 2, words) == SIBLING_GIVEN
    # a near number's own clause states the member asked of the thing: the figure is there
    stated = _near("全县养老保险参保人数12.6万人。", "12.6万")
    assert not sibling_given_only(q, [*near, stated], words)
    # the top number names the member asked itself
    both = _near("全县养老保险和失业保险参保人数合计15.8万人。", "15.8万")
    assert not sibling_given_only(q, [both], words)
    # not a report: an article's questions paraphrase their passage
    assert not sibling_given_only(q, [_near(_INSURANCE, "3.2万", report=False)], words)


def test_a_question_naming_two_members_or_none() -> None:
    assert asked_members(analyze("安吉县技能培训服务多少人次")) == []  # 培训 and 服务: neither alone
    assert not sibling_may_be_given(analyze("安吉县参保人数"))
    assert not sibling_may_be_given(analyze("安吉县养老保险参保人数是谁负责"))  # not a count, an amount or a share


def test_value_added_asked_gross_output_given() -> None:
    q = analyze("安吉县规上工业增加值")
    words = thing_words(q.head or q.target)
    passage = "全县规上工业总产值96.4亿元，规上工业增加值增长6.1%。"
    output = _near(passage, "96.4")
    growth = _near(passage, "6.1%")
    # the value added is said only as a growth rate: no figure of it
    assert sibling_given_only(q, [output, growth], words)
    level = _near("全县规模以上工业增加值28.7亿元。", "28.7")
    assert not sibling_given_only(q, [output, level], words)


def test_the_injured_asked_the_dead_given() -> None:
    q = analyze("安吉县交通事故受伤人数")
    words = thing_words(q.head or q.target)
    dead = _near("全县发生道路交通事故126起，死亡18人。", "18人")
    assert sibling_given_only(q, [dead], words)
    hurt = _near("全县发生道路交通事故126起，死亡18人，受伤97人。", "97人")
    assert not sibling_given_only(q, [dead, hurt], words)


def test_members_joined_and_unions_founded() -> None:
    q = analyze("江山市新建工会多少家")
    words = thing_words(q.head or q.target)
    joined = _near("全市新发展会员8,200人，其中农民工入会3,100人。", "3,100")
    assert own_clause(joined) == "其中农民工入会"
    assert sibling_given_only(q, [joined], words)


def test_a_near_figure_stated_of_the_member_asked_reads_its_ownwords() -> None:
    q = analyze("龙泉市柑橘产量")
    words = thing_words(q.head or q.target)
    passage = "全镇柑橘种植面积1,200亩，荔枝产量860吨。"
    lychee = _near(passage, "860")
    area = _near(passage, "1,200")
    # 柑橘 is named with its area only: the 产量 after it is the next figure's
    assert sibling_given_only(q, [lychee, area], words)
    crop = _near("全镇柑橘产量3,400吨。", "3,400")
    assert not sibling_given_only(q, [lychee, crop], words)
    # the lychees' own clause says their output: the area said before it is the oranges'
    area_asked = analyze("龙泉市荔枝种植面积")
    assert sibling_given_only(area_asked, [area, lychee], thing_words(area_asked.head or area_asked.target))


def test_a_wider_fund_is_not_the_member_asked() -> None:
    q = analyze("江山市生育保险基金收入")
    words = thing_words(q.head or q.target)
    paid = _near("全市生育保险基金支出1.9亿元。", "1.9")
    whole = _near("全市医疗保障基金收入合计64.3亿元。", "64.3")
    # the whole fund's income names 收入 and 基金, not 生育: no figure of the fund asked
    assert sibling_given_only(q, [paid, whole], words)
    own = _near("全市生育保险基金收入2.6亿元，支出1.9亿元。", "2.6")
    assert not sibling_given_only(q, [paid, own], words)


def test_a_subject_said_once_for_its_figures() -> None:
    q = analyze("江山市初中毕业生多少人")
    words = thing_words(q.head or q.target)
    schools = _near("全市小学在校生41,200人，毕业生6,800人。", "6,800")
    assert own_clause(schools) == "毕业生"  # names no school: its statement before it names 小学
    assert sibling_given_only(q, [schools], words)
    both = _near("全市小学和初中在校生62,500人，毕业生13,900人。", "13,900")
    assert not sibling_given_only(q, [both], words)


def test_a_form_inside_a_longer_one_is_not_named() -> None:
    taxes = next(f for f in SIBLING_FAMILIES if ("增值税",) in f)
    land = taxes.index(("土地增值税",))
    assert members_named("土地增值税收入", taxes) == [land]
    assert members_named("增值税和土地增值税", taxes) == [taxes.index(("增值税",)), land]
    q = analyze("江山市土地增值税收入")
    words = thing_words(q.head or q.target)
    vat = _near("其中国内增值税12.4亿元、企业所得税3.6亿元。", "12.4")
    assert sibling_given_only(q, [vat], words)
    land_tax = _near("土地增值税1.8亿元。", "1.8")
    assert not sibling_given_only(q, [vat, land_tax], words)


def test_a_fund_left_over_and_an_output_sold() -> None:
    # what is left of a fund is neither its income nor its spending; what is sold is not what is made
    q = analyze("安吉县工会经费结余多少")
    words = thing_words(q.head or q.target)
    income = _near("全年工会经费收入620万元，支出588万元。", "620")
    assert sibling_given_only(q, [income], words)
    assert not sibling_given_only(q, [_near("全年工会经费结余32万元。", "32")], words)
    sold = analyze("安吉县竹材销量")
    made = _near("全县生产竹材126万根，同比增长3.1%。", "126")
    assert sibling_given_only(sold, [made], thing_words(sold.head or sold.target))
    output = analyze("安吉县竹材产量")
    assert not sibling_given_only(output, [made], thing_words(output.head or output.target))
