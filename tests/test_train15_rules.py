"""Rules found by reports-train15 (branch train15): a year's item of a multi-year run is that year's figure, a figure
of another dimension beside a count of another unit, a numbered village, a village named only beside other figures, a
library's branch, a sum named by 额, and money raised (募集) beside what is left. Every question, sentence and figure
here is invented."""

from __future__ import annotations

from index.numbers import NumberMention
from index.places import _default_gazetteer
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.answer import Candidate, dimension_only_other, members_beside_thing
from qa.given_instead import LOCAL_NAMED_ELSEWHERE, given_instead, may_be_given_instead
from qa.local_named import local_named_elsewhere
from qa.named_body import body_asked
from qa.narrower_class import other_parts_listed, share_base_unsaid
from qa.place_scope import NearText, examples_after_only, year_item_in_run, year_unstated
from qa.scorer import Model
from qa.sibling_measures import sibling_given_only
from tests.helpers_rules import near_text, thing_words

_CUT = Tokenizer().cut


def _at(passage: str, number: str, title: str = "某市救助站2024年工作总结") -> NearText:
    """The near text of the `number` in `passage` (its own statement: the whole passage, one sentence)."""
    at = passage.index(number)
    return NearText(passage, passage[:at], passage, "", title, present=2024)


def test_a_year_item_of_a_run_is_the_year_s_figure() -> None:
    run = "近三年，全站共救助流浪人员960人次，其中2022年280人次、2023年330人次、2024年350人次。"
    total, first, asked = _at(run, "960"), _at(run, "280"), _at(run, "330")
    assert year_item_in_run(2023, [asked, total], [total, first])
    # the rule reading the near numbers: the run's total and first item are about the thing, the year's item less so
    q = analyze("某市救助站2023年救助流浪人员多少人次")
    rows = [{"target_cover": 0.3}, {"target_cover": 0.8}, {"target_cover": 0.8}]
    assert not year_unstated(q, [asked, total, first], rows)
    # "分别为" runs too
    split = "住院人数分别为2022年5,100人、2023年4,900人、2024年4,700人。"
    assert year_item_in_run(2023, [_at(split, "4,900")], [_at(split, "5,100")])
    # a year item of another sentence, or another year's item, gives no figure of the year asked
    other = _at("2023年新建站点12个。", "12")
    assert not year_item_in_run(2023, [other], [total])
    assert not year_item_in_run(2021, [asked, first], [total])
    # a run without the year asked is still refused
    old = analyze("某市救助站2020年救助流浪人员多少人次")
    assert year_unstated(
        old, [total, first, asked], [{"target_cover": 0.8}, {"target_cover": 0.8}, {"target_cover": 0.3}]
    )


def _candidate(unit: str, sentence: str, **features: float) -> Candidate:
    mention = NumberMention(1, unit, f"1{unit}", None, "", 0, 1, "quantity")
    return Candidate("number", 1.0, dict(features), 0, 0, 0, 1, mention, sentence=sentence)


def test_a_figure_of_another_dimension_beside_a_count_of_another_unit() -> None:
    # "多少人" asked; "调拨物资N件，价值M万元": the money is on top, the items are no count of people
    money = _candidate("元", "1:0", dimension_conflict=1.0)
    items = _candidate("件", "1:0", unit_conflict=1.0)
    assert dimension_only_other([money, items])
    # a count in the unit asked (or its family) in the sentence: the model weighs them, as before
    people = _candidate("人", "1:0", unit_exact=1.0)
    assert not dimension_only_other([money, people])
    members = _candidate("名", "1:0", unit_family=1.0)
    assert not dimension_only_other([money, members])
    # a figure of the dimension asked in another sentence saves nothing
    assert dimension_only_other([money, _candidate("人", "2:0", unit_exact=1.0)])


def test_a_numbered_village_is_a_local_place() -> None:
    assert analyze("岚峪三村有多少户").local_places == ("岚峪三村",)
    assert analyze("岚峪村有多少户").local_places == ("岚峪村",)
    # 第一村 is a rank, 一村一品 a slogan: no village
    assert analyze("全国第一村有多少人").local_places == ()
    assert analyze("一村一品示范村有几个").local_places == ()


def test_a_village_named_only_beside_other_figures() -> None:
    q = analyze("岚峪三村工会会员多少人")
    assert may_be_given_instead(q)
    passage = "全镇建立基层工会42个，工会会员5,600人。镇总工会推动岚峪三村、岚峪四村组建村级工会联合会。"
    town = near_text(passage.split("。")[0] + "。", "5,600", title="某县某镇总工会2024年工作总结")
    town = NearText(town.statement, town.before, passage, town.heading, town.title, start=0)
    listed_at = passage.index("镇总工会推动")
    listed = NearText(passage[listed_at:], "镇总工会推动岚峪三村、岚峪四村组建村级工会联合会", passage, "", town.title)
    rows = [{"head_in_own": 1.0}, {}]
    assert local_named_elsewhere(q, [town, listed], rows, lambda r: bool(r.get("head_in_own")))
    assert given_instead(q, [town, listed], rows, thing_words(q.head or q.target)) == LOCAL_NAMED_ELSEWHERE
    # the village's own figure in a near statement, or a report on the village itself: no case
    own = NearText("岚峪三村有会员86人。", "岚峪三村有会员", passage, "", town.title)
    assert not local_named_elsewhere(q, [town, own], [{}, {"head_in_own": 1.0}], lambda r: bool(r.get("head_in_own")))
    village_report = NearText(town.statement, town.before, passage, "", "岚峪三村2024年工作总结")
    assert not local_named_elsewhere(q, [village_report], [{}], lambda r: True)


def test_a_library_branch_is_a_body() -> None:
    gazetteer = _default_gazetteer()
    assert body_asked(analyze("淇县分馆藏书多少册", gazetteer), _CUT) == "淇县分馆"
    assert body_asked(analyze("淇县分校有多少学生", gazetteer), _CUT) == "淇县分校"


def test_a_sum_named_by_its_deed_and_e_is_money() -> None:
    assert analyze("甲园区签约额").kind == "amount"
    assert analyze("甲公司中标额多少").measure == "元"
    # a quota, a share and a rating are no money
    assert analyze("托管名额有多少").kind != "amount"
    assert analyze("甲公司市场份额是多少").measure != "元"
    assert analyze("甲电机额定功率多少").measure != "元"


def test_money_raised_beside_what_is_left() -> None:
    q = analyze("某市慈善会善款结余多少")
    raised = near_text("全年募集善款1.2亿元。", "1.2")
    assert sibling_given_only(q, [raised], thing_words(q.head or q.target))
    assert not sibling_given_only(q, [near_text("全年善款结余860万元。", "860")], thing_words(q.head or q.target))


def test_an_item_listed_after_the_whole_s_figure() -> None:
    q = analyze("乙园区电子元件项目签约额多少")
    park = near_text("乙园区签约项目20个，签约额36.5亿元，主要涉及电子元件、新能源和生物制药。", "36.5")
    assert examples_after_only(q, [park])
    # the item's own figure, an item said before the number, or a single thing after it: no case
    own = near_text("电子元件项目签约额12.1亿元，主要涉及芯片封装、电容和电阻。", "12.1")
    assert not examples_after_only(q, [own])
    one = near_text("乙园区签约额36.5亿元，主要涉及电子元件。", "36.5")
    assert not examples_after_only(q, [one])
    assert not examples_after_only(analyze("乙园区签约额多少"), [park])


def test_the_total_to_be_invested_is_no_investment_made() -> None:
    made = analyze("甲区重点项目完成投资多少")
    planned = near_text("全区新开工重点项目26个，总投资88.6亿元。", "88.6")
    assert sibling_given_only(made, [planned], thing_words(made.head or made.target))
    done = near_text("全区重点项目全年完成投资41.2亿元。", "41.2")
    assert not sibling_given_only(made, [done], thing_words(made.head or made.target))
    total = analyze("甲区重点项目总投资多少")
    assert sibling_given_only(total, [done], thing_words(total.head or total.target))


def test_the_report_s_own_body_is_no_part_of_a_share() -> None:
    q = analyze("某市慈善会管理费用占总支出的比例")
    passage = "全年管理费用占支出总额的比例为3.8%。市慈善会秘书处现有工作人员12名。"
    top = near_text(passage, "3.8", title="某市慈善会2024年度工作报告")
    top = NearText(passage.split("。")[0] + "。", top.before, passage, top.heading, top.title, start=0)
    assert not share_base_unsaid(q, [top], thing_words(q.head or q.target))
    # in a report by another body the name is a part's class the statement leaves unsaid: the share is another part's
    county = NearText(top.statement, top.before, passage, top.heading, "某县民政局2024年工作总结", start=0)
    assert share_base_unsaid(q, [county], thing_words(q.head or q.target))


def test_a_breakdown_in_the_next_sentence() -> None:
    q = analyze("甲市查处闯红灯违法多少起")
    words = thing_words(q.head or q.target)
    passage = "全年查处交通违法行为52.3万起，同比增长4.1%。其中查处醉驾1,206起、超载860起、涉牌违法740起。"
    total = near_text(passage, "52.3")
    total = NearText(passage.split("。")[0] + "。", total.before, passage, total.heading, total.title, start=0)
    assert other_parts_listed(q, [total], words)
    # no breakdown after the sentence, or one naming the class asked: the rule leaves it
    alone = NearText(
        total.statement, total.before, total.statement + "全年拘留违法人员86人。", "", total.title, start=0
    )
    assert not other_parts_listed(q, [alone], words)
    named = passage.replace("超载860起", "闯红灯违法860起")
    listed = NearText(total.statement, total.before, named, "", total.title, start=0)
    assert not other_parts_listed(q, [listed], words)


def _person_count(score: float, subject: str) -> Candidate:
    mention = NumberMention(1, "人", "1人", None, subject, 0, 1, "quantity")
    return Candidate("number", score, {}, 0, 0, 0, 1, mention)


def test_a_group_s_members_of_a_body_are_not_the_group() -> None:
    model = Model(features=("qualifier_other",), weights=(-9.0,), bias=6.0, abstain=0.0)
    q = analyze("甲市有多少网约车司机")
    members, itself = _person_count(6.5, "网约车司机会员"), _person_count(6.0, "网约车司机")
    members_beside_thing(q, [members, itself], ("甲市", "甲"), model)
    assert members.features["qualifier_other"] == 1.0 and members.score == -3.0
    assert itself.score == 6.0
    # no near number counts the group itself: nothing changes; members asked: nothing changes
    alone = _person_count(6.5, "网约车司机会员")
    members_beside_thing(q, [alone, _person_count(5.0, "车辆")], ("甲市", "甲"), model)
    assert alone.score == 6.5
    joined = _person_count(6.5, "网约车司机会员")
    members_beside_thing(analyze("甲市网约车司机入会多少人"), [joined, _person_count(6.0, "网约车司机")], (), model)
    assert joined.score == 6.5
