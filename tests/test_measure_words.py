"""Measure words that count the same thing, and money named by what it is. Invented examples."""

from __future__ import annotations

from qa.analysis import analyze
from qa.features import unit_fit


def test_a_count_of_sessions_answers_a_count_of_events() -> None:
    q = analyze("某县举办了多少场读书会")
    assert unit_fit(q, "场次")["unit_exact"] == 1.0
    assert unit_fit(q, "场")["unit_exact"] == 1.0
    # a person-time is no event
    assert unit_fit(q, "人次")["unit_exact"] == 0.0


def test_economic_benefit_and_fines_are_money() -> None:
    assert analyze("某市技术革新创造了多少经济效益").measure == "元"
    assert analyze("某县劳动监察处以的罚锾是多少").measure == "元"


def test_people_named_by_their_post_are_counted_in_people() -> None:
    assert "人" in analyze("某区有多少社区医生").units
    assert "名" in analyze("某县有多少村党支部书记").units
    assert "人" in analyze("某市有多少技术能手").units
    # a thing whose name ends like a post is no person
    assert not analyze("某镇卫生院有多少张床位").units
