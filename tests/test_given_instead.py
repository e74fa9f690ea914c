"""Not stated when a report gives another kind of figure in place of the one asked (`qa.answerable`, branch gate7): a
rate for a change asked in units, the work done for a target, a bare number for a share. Every question and
figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import change_rate_only, target_unstated, thing_kind_unstated
from qa.place_scope import NearText, plan_section


def _row(**values: float) -> dict[str, float]:
    return {"report_genre": 1.0, "target_cover": 0.8, "thing_cover": 0.8, **values}


def test_a_rate_where_the_change_in_units_is_asked() -> None:
    asked = analyze("某县蓝莓产值比上年增加多少亿元")
    assert asked.kind == "amount"
    rate = [_row(), _row(change_stated=1.0, share_unit=1.0)]
    assert change_rate_only(asked, rate)
    assert thing_kind_unstated(asked, rate) == "报告只给出了变化的百分比，没有给出所问的变化量。"
    # a near number about the thing states the change in units
    assert not change_rate_only(asked, [*rate, _row(change_stated=1.0)])
    # another thing's change in units does not count for it, nor does its rate
    assert change_rate_only(asked, [*rate, _row(change_stated=1.0, thing_cover=0.2)])
    assert not change_rate_only(asked, [_row()])  # no change stated at all: `change_unstated`'s case
    assert not change_rate_only(analyze("某县蓝莓产值比上年增长多少"), rate)  # a rate asked (kind share)
    assert not change_rate_only(analyze("某县森林覆盖率比上年提高了几个百分点"), rate)  # a share's points
    assert not change_rate_only(analyze("某县蓝莓产值多少亿元"), rate)  # no change asked


def test_the_work_done_where_a_target_is_asked() -> None:
    asked = analyze("某县2025年新建乡村书屋的目标是多少个")
    done = [_row(plan_unstated=1.0), _row(plan_unstated=1.0), _row(target_cover=0.1)]
    assert target_unstated(asked, done)
    assert thing_kind_unstated(asked, done) is None  # `Assistant.unstated` calls it with the top number's section
    assert not target_unstated(asked, [*done, _row()])  # a near number about the thing is a plan
    assert target_unstated(asked, [*done, _row(target_cover=0.2)])  # another thing's plan does not count
    assert not target_unstated(asked, [_row(plan_unstated=1.0, report_genre=0.0)])  # not a report
    assert target_unstated(analyze("某县今年计划新建乡村书屋多少个"), done)
    assert target_unstated(analyze("某县乡村书屋建设计划"), done)
    # a programme's name and family planning ask no plan
    assert not target_unstated(analyze("某县春苗计划资助多少名学生"), done)
    assert not target_unstated(analyze("某县计划生育家庭多少户"), done)
    assert not target_unstated(analyze("某县乡村书屋多少个"), done)


def test_a_bare_number_where_a_share_is_asked() -> None:
    from qa.answerable import measure_unstated

    asked = analyze("某县乡村书屋覆盖率是多少")
    bare = [_row(unit_none=1.0)]
    assert measure_unstated(asked, bare) == "报告只给出了数量，没有给出所问的比例。"
    assert measure_unstated(asked, [_row(unit_none=1.0, report_genre=0.0)]) is None  # not a report
    assert measure_unstated(asked, [_row(share_unit=1.0)]) is None
    assert measure_unstated(analyze("某县乡村书屋多少个"), bare) is None  # a count asked


def _near(passage: str, statement: str, present: int | None = 2024) -> NearText:
    start = passage.index(statement)
    return NearText(statement, "", passage, "", "某县2024年工作总结", present=present, start=start)


def test_a_plan_stated_under_a_plans_heading() -> None:
    done = "一、2024年工作回顾\n全年新建乡村书屋30个。"
    assert not plan_section(_near(done, "全年新建乡村书屋30个。"))
    # work points of the year after the report's: a plan, though its sentence says no word of planning
    points = "二、2025年工作要点\n1.新建乡村书屋40个；\n2.新建农家乐20家；"
    assert plan_section(_near(points, "2.新建农家乐20家；"))  # the numbered title above the list
    dated = "二、2025年\n新建乡村书屋40个。"
    assert plan_section(_near(dated, "新建乡村书屋40个。"))
    assert not plan_section(_near(dated, "新建乡村书屋40个。", present=2025))
    assert not plan_section(_near(dated, "新建乡村书屋40个。", present=None))


def test_a_change_asked_by_how_much_may_be_stated_in_the_thing_s_unit() -> None:
    """ "提高了多少" reads as a share, yet a report may state the rise in points or people: only a share said in
    words (率, 比例, 增幅…) refuses a figure in units."""
    from qa.answerable import measure_unstated

    counted = [_row(measure_unit=1.0)]
    assert analyze("某县中考平均分提高了多少").kind == "share"
    assert measure_unstated(analyze("某县中考平均分提高了多少"), counted) is None
    assert measure_unstated(analyze("某县体育达标率是多少"), counted) == "报告只给出了数量，没有给出所问的比例。"
    assert measure_unstated(analyze("某县游客增幅是多少"), counted) == "报告只给出了数量，没有给出所问的比例。"
