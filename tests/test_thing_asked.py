"""The rules of `qa.thing_asked` (branch thing21): a part of the year, a figure per head, a count in a unit of another
kind, asked where the near figures give none. Every text here is invented."""

from __future__ import annotations

from index.normalize import match_view
from index.places import Gazetteer
from qa.analysis import Question, analyze
from qa.place_scope import NearText
from qa.thing_asked import (
    bound_other,
    bounds,
    class_unsaid_in_report,
    may_be_other_thing,
    months_asked,
    per_head_unsaid,
    period_unsaid,
    periods_named,
    unit_of_another_count,
)


def _q(text: str) -> Question:
    return analyze(text, Gazetteer.default())


def _near(statement: str, number: str, passage: str = "", title: str = "甲城2023年工作报告") -> NearText:
    view = match_view(statement).text
    at = view.index(number)
    return NearText(view, view[:at], match_view(passage or statement).text, "", match_view(title).text)


def test_every_form_of_a_part_of_the_year_is_one_month_range() -> None:
    assert periods_named("2024年1-6月") == periods_named("上半年") == periods_named("一至六月") == {(1, 6)}
    assert periods_named("第二季度") == {(4, 6)}
    assert periods_named("前三季度") == periods_named("1至9月") == {(1, 9)}
    assert periods_named("首季") == periods_named("一季度") == {(1, 3)}
    assert periods_named("2023年全年") == set()


def test_a_part_of_the_year_no_near_passage_names_is_unsaid() -> None:
    q = _q("甲城上半年新建多少个职工驿站？")
    assert months_asked(q) == (1, 6) and may_be_other_thing(q)
    year = _near("全年新建职工驿站120个。", "120")
    assert period_unsaid(q, [year])
    half = _near("1-6月新建职工驿站60个。", "60")
    assert not period_unsaid(q, [year, half])
    titled = _near("新建职工驿站60个。", "60", title="甲城2023年上半年工作总结")
    assert not period_unsaid(q, [titled])
    assert not period_unsaid(_q("甲城新建多少个职工驿站？"), [year])  # no part of the year asked


def test_a_figure_per_head_is_unsaid_where_the_statements_give_the_total() -> None:
    q = _q("甲城职工培训经费人均多少？")
    total = _near("投入职工培训经费300万元。", "300")
    assert per_head_unsaid(q, [total], ["职工", "培训", "经费"])
    per_head = _near("职工培训经费人均1200元。", "1200")
    assert not per_head_unsaid(q, [per_head], ["职工", "培训", "经费"])
    assert not per_head_unsaid(q, [total, per_head], ["职工", "培训", "经费"])  # a near statement gives it


def test_a_count_in_a_unit_of_another_kind_is_not_the_one_asked() -> None:
    q = _q("甲城低保对象有多少户？")
    people = _near("低保对象4200人。", "4200")
    assert unit_of_another_count(q, [people], [])
    households = _near("低保对象1800户。", "1800")
    assert not unit_of_another_count(q, [people, households], [])
    assert not unit_of_another_count(_q("甲城低保对象有多少人？"), [people], [])
    visits = _near("接待游客300万人次。", "300")
    assert unit_of_another_count(_q("甲城接待游客多少家？"), [visits], [])


def test_a_table_column_per_head_heads_its_rows() -> None:
    q = _q("乙区农村居民人均可支配收入")
    row = _near("乙区 | 19200", "19200", passage="地区 | 农村居民人均可支配收入\n乙区 | 19200")
    assert not per_head_unsaid(q, [row], ["农村", "居民", "人均", "可支配", "收入"])


def test_households_asked_by_their_number() -> None:
    assert unit_of_another_count(_q("甲城低保户数是多少？"), [_near("低保对象4200人。", "4200")], [])


def test_an_area_or_items_asked_where_sites_or_money_are_given() -> None:
    assert unit_of_another_count(_q("甲城建成多少平方米职工驿站？"), [_near("建成职工驿站120个。", "120")], [])
    assert unit_of_another_count(_q("甲城罚款件数是多少？"), [_near("罚款金额共300万元。", "300")], [])
    assert not unit_of_another_count(_q("甲城建成几家职工驿站？"), [_near("建成职工驿站120个。", "120")], [])


def test_a_narrower_class_the_report_never_names() -> None:
    q = _q("甲城有多少家外资企业？")
    assert may_be_other_thing(q)
    whole = _near("全市共有企业5200家。", "5200", passage="全市共有企业5200家。其中民营企业4100家。")
    assert class_unsaid_in_report(q, [whole])
    said = _near("全市共有企业5200家。", "5200", passage="全市共有企业5200家，外资企业规模扩大。")
    assert not class_unsaid_in_report(q, [said])
    # another report's passage naming the class is another place's: the top number's report never says it
    other = NearText("乙城外资企业80家。", "乙城外资企业", "乙城外资企业80家。", "", "乙城2023年工作报告")
    assert class_unsaid_in_report(q, [whole, other])


def test_per_head_is_no_head_of_the_thing() -> None:
    q = _q("甲城常住人口人均多少？")
    total = _near("年末常住人口320万人。", "320", passage="年末常住人口320万人。人均住房面积38平方米。")
    assert per_head_unsaid(q, [total], ["常住", "人口", "人均"])


def test_a_near_figure_in_the_unit_asked_of_another_thing_does_not_state_it() -> None:
    q = _q("甲城工会会员户数是多少？")
    members = _near("工会会员16万人。", "16")
    families = _near("帮扶困难家庭42户。", "42")
    assert unit_of_another_count(q, [members, families], ["工会", "会员", "户数"])
    member_households = _near("会员家庭3万户。", "3")
    assert not unit_of_another_count(q, [members, member_households], ["工会", "会员", "户数"])


def test_money_asked_where_a_count_is_given() -> None:
    q = _q("甲城养老机构金额是多少？")
    assert unit_of_another_count(q, [_near("全市共有养老机构86家。", "86")], ["养老", "机构", "金额"])


def test_a_figure_in_the_unit_asked_states_it_only_with_the_head() -> None:
    q = _q("甲城城镇新增就业户数是多少？")
    jobs = _near("城镇新增就业5万人。", "5")
    homes = _near("城镇改造老旧小区住户1200户。", "1200")
    assert unit_of_another_count(q, [jobs, homes], ["城镇", "新增", "就业", "户数"])


def test_a_range_bounded_by_another_figure_is_another_class() -> None:
    assert bounds("70周岁及以上老人") == {("岁", 70.0, "以上")} and bounds("乙镇老人") == set()
    asked = _q("乙镇75岁以上老人有多少？")
    assert may_be_other_thing(asked)
    other = _near("乙镇常住人口3.2万人，其中65岁以上老年人6,100人。", "6,100")
    assert bound_other(asked, [other])
    # the range asked stated, or no range at all: not this rule's to refuse
    assert not bound_other(_q("乙镇65岁以上老人有多少？"), [other])
    assert not bound_other(asked, [_near("乙镇有老年人6,100人。", "6,100")])
    # a bound of another measure or side is no other range of this one
    assert not bound_other(asked, [_near("乙镇为75岁以上老人发放补贴300万元以上。", "300")])
