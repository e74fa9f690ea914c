"""Not stated where the report gives another quantity of the thing asked (its money), or one part of a population
(`qa.other_quantity`, branch abstain19). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.given_instead import MONEY_ONLY, POPULATION_PART, given_instead, head_forms, may_be_given_instead
from qa.other_quantity import money_only_for_count, population_asked, population_part_only
from qa.place_scope import NearText
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str, report: bool = True) -> NearText:
    return near_text(passage, number, heading="二、民生保障", title="甲县2024年政府工作报告", report=report)


def test_a_count_asked_the_thing_given_only_its_money() -> None:
    q = analyze("甲县临时救助多少人次")
    words = thing_words(q.head or q.target)
    forms = head_forms(words)
    other = _near("全年开展各类文体活动1.6万场，参与群众86万人次。", "86")
    money = _near("全年临时救助资金2,360万元。", "2,360")
    low = [{"report_genre": 1.0, "thing_cover": 0.2}, {"report_genre": 1.0}]
    assert money_only_for_count(q, [other, money], low, forms)
    assert given_instead(q, [other, money], low, words) == MONEY_ONLY
    # a near figure counts the thing: the report gives its count
    counted = _near("临时救助困难群众3,400人次。", "3,400")
    assert not money_only_for_count(q, [other, money, counted], low + [{"report_genre": 1.0}], forms)
    # the top number covers the thing: left to the number model
    high = [{"report_genre": 1.0, "thing_cover": 0.8}, {"report_genre": 1.0}]
    assert not money_only_for_count(q, [other, money], high, forms)
    # a figure per head asked ("每人多少"): money may be the answer
    per_head = analyze("甲县临时救助每人多少")
    assert not money_only_for_count(
        per_head, [other, money], low, head_forms(thing_words(per_head.head or per_head.target))
    )


def test_the_population_asked_one_part_given() -> None:
    q = analyze("甲县2024年人口是多少")
    assert population_asked(q) and may_be_given_instead(q)
    part = _near("全县劳动年龄人口21.4万人，城镇调查失业率为4.6%。", "21.4")
    rate = _near("全县劳动年龄人口21.4万人，城镇调查失业率为4.6%。", "4.6")
    assert population_part_only(q, [part, rate])
    assert (
        given_instead(q, [part, rate], [{"report_genre": 1.0}] * 2, thing_words(q.head or q.target)) == POPULATION_PART
    )
    # the population stated plainly near: the whole is there
    whole = _near("年末全县常住人口38.6万人。", "38.6")
    assert not population_part_only(q, [part, whole])
    # the top number states the population itself
    assert not population_part_only(q, [whole, part])
    # a part asked: not this rule's
    assert not population_asked(analyze("甲县劳动人口是多少"))
    # not a report
    assert not population_part_only(q, [_near("全县劳动年龄人口21.4万人。", "21.4", report=False)])
