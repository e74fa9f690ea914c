"""Not stated where a report gives a figure of another dimension, of several items together, or a year's change in
the place of the level or running total asked (branch probe19). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import change_asked
from qa.features import unit_fit
from qa.given_instead import LISTED_ONLY, flow_for_stock, given_instead, may_be_given_instead, year_for_cumulative
from qa.narrower_class import listed_item_only
from qa.place_scope import NearText
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str) -> NearText:
    return near_text(passage, number, heading="三、社会事业", title="某县2019年政府工作报告")


def test_money_asked_is_no_count_and_a_count_asked_by_its_measure_no_money() -> None:
    fund = analyze("青禾镇护林队经费多少")
    assert unit_fit(fund, "队")["dimension_conflict"] == 1.0  # "护林队计12队"
    assert unit_fit(fund, "%")["dimension_conflict"] == 1.0
    assert unit_fit(fund, "元")["dimension_conflict"] == 0.0
    assert unit_fit(fund, "")["dimension_conflict"] == 0.0  # a table cell: left to the model
    assert unit_fit(analyze("青禾镇农业产值目标是多少亿元"), "%")["dimension_conflict"] == 1.0
    inns = analyze("青禾镇有多少家民宿")
    assert unit_fit(inns, "元")["dimension_conflict"] == 1.0
    assert unit_fit(inns, "%")["dimension_conflict"] == 1.0
    assert unit_fit(inns, "家")["dimension_conflict"] == 0.0
    assert unit_fit(inns, "个")["dimension_conflict"] == 0.0  # not another dimension: the model weighs it
    # a share asked in words: the share is the answer
    assert unit_fit(analyze("财政补助占总收入多少"), "%")["dimension_conflict"] == 0.0


def test_a_change_asked_by_its_amount_at_the_end() -> None:
    assert change_asked("青禾镇林业收入增加了多少万元")
    assert change_asked("青禾镇低保户减少了几户")
    assert not change_asked("青禾镇新增了多少张病床")  # a flow
    assert not change_asked("青禾镇林业产值增长了多少")  # a rate: a table's growth column says no change word
    assert not change_asked("青禾镇增加了多少个就业岗位")  # the jobs are the thing


def test_one_item_of_an_enumeration_is_no_figure_of_its_own() -> None:
    q = analyze("青禾镇新建码头多少个")
    words = thing_words(q.head or q.target)
    joined = _near("新建、改扩建码头14个。", "14")
    assert listed_item_only(q, [joined], words)
    assert may_be_given_instead(q)
    assert given_instead(q, [joined], [{"report_genre": 1.0}], words) == LISTED_ONLY
    # each item with a figure of its own
    assert not listed_item_only(q, [_near("新建码头9个、改扩建码头5个。", "9个")], words)
    # the whole asked: both items said
    both = analyze("青禾镇新建改扩建码头多少个")
    assert not listed_item_only(both, [joined], thing_words(both.head or both.target))
    # places joined before a figure of both; a place's own figure after 其中
    site = analyze("西岭乡建成便民站点多少个")
    site_words = thing_words(site.head or site.target)
    pilot = _near("在西岭乡、东湖乡开展试点，建成便民站点12个。", "12")
    assert listed_item_only(site, [pilot], site_words)
    part = _near("在西岭乡、东湖乡开展试点，建成便民站点12个，其中西岭乡5个。", "5个")
    assert not listed_item_only(site, [part], site_words)
    # events joined before their visitors
    fair = analyze("青禾镇古渡灯会吸引游客多少人次")
    events = _near("举办青禾梨花节、古渡灯会等活动，吸引游客约18万人次。", "18万")
    assert listed_item_only(fair, [events], thing_words(fair.head or fair.target))
    # a unit's characters are no item: "…1.2万人、农民工会员" lists figures
    members = analyze("青禾镇农民工会员多少人")
    listed = _near("会员3.4万人，其中女会员1.2万人、农民工会员0.8万人。", "0.8")
    assert not listed_item_only(members, [listed], thing_words(members.head or members.target))


def test_a_years_change_is_no_level_left() -> None:
    q = analyze("青禾镇年底还有多少低保户")
    words = thing_words(q.head or q.target)
    change = _near("全年减少低保户320户。", "320")
    assert flow_for_stock(q, [change], words)
    level = _near("年末低保户1,200户。", "1,200")
    assert not flow_for_stock(q, [change, level], words)
    running = _near("累计减少低保户2,300户。", "2,300")  # a running change, no level left
    assert flow_for_stock(q, [change, running], words)


def test_a_years_figure_is_no_running_total() -> None:
    q = analyze("青禾镇累计改造危房多少户")
    words = thing_words(q.head or q.target)
    year = _near("全年改造危房860户。", "860")
    assert year_for_cumulative(q, [year], words)
    total = _near("累计改造危房5,400户。", "5,400")
    assert not year_for_cumulative(q, [year, total], words)
    assert not year_for_cumulative(q, [_near("全年改造危房860户，累计达到5,400户。", "5,400")], words)
