"""A part of a year asked of reports that give the year's figures only (qa.year_part); invented examples."""

from __future__ import annotations

from qa.place_scope import NearText
from qa.year_part import asked_parts, part_of_year_unstated, states_part_of_year


def near(passage: str, heading: str = "", title: str = "甲市2024年工作总结", report: bool = True) -> NearText:
    return NearText(statement=passage, before="", passage=passage, heading=heading, title=title, report=report)


def test_asked_parts() -> None:
    assert asked_parts("甲市上半年新增就业多少人") == {"上半年"}
    assert asked_parts("甲市一季度GDP") == {"一季度"}
    assert asked_parts("甲市1-9月进出口") == {"1-9月"}
    assert not asked_parts("甲市全年新增就业多少人")
    assert not asked_parts("甲市新增就业多少人")


def test_states_part_of_year() -> None:
    assert states_part_of_year("上半年完成投资12亿元")
    assert states_part_of_year("截至三季度末，贷款余额8亿元")
    assert states_part_of_year("1—6月，全市接待游客")
    assert states_part_of_year("截至6月末，存款余额")
    assert not states_part_of_year("全年新增就业1,200人，7月中旬发生暴雨")


def test_year_figures_only_refuse_a_half_year() -> None:
    year = [near("全年查办各类案件1,280件，案值3,400万元。")]
    assert part_of_year_unstated("甲市上半年查办案件多少件", "count", year)
    assert part_of_year_unstated("甲市第三季度完成投资多少", "amount", year)


def test_a_part_stated_anywhere_keeps_the_rule_out() -> None:
    assert not part_of_year_unstated("甲市上半年查办案件多少件", "count", [near("上半年查办案件620件。")])
    assert not part_of_year_unstated("甲市上半年查办案件多少件", "count", [near("1—6月查办案件620件。")])
    half = near("查办案件620件。", title="甲市2024年上半年工作总结")
    assert not part_of_year_unstated("甲市上半年查办案件多少件", "count", [half])


def test_only_numbers_of_reports_and_a_part_asked() -> None:
    year = [near("全年查办各类案件1,280件。")]
    assert not part_of_year_unstated("甲市查办案件多少件", "count", year)
    assert not part_of_year_unstated("甲市上半年查办案件多少件", "count", [near("查办案件1,280件。", report=False)])
    assert not part_of_year_unstated("甲市上半年查办案件多少件", "count", [])
    assert not part_of_year_unstated("甲市上半年的重点工作是什么", "what", year)
