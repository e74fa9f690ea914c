"""Not stated where the report counts a deed done to or with the thing asked, not the thing (`qa.deed_counts`,
branch abstain19). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.deed_counts import DEED_COUNTED, deed_counted_for_thing, stock_asked
from qa.given_instead import given_instead, may_be_given_instead
from qa.place_scope import NearText
from tests.helpers_rules import thing_words


def _near(passage: str, number: str, report: bool = True) -> NearText:
    at = passage.index(number)
    end = passage.find("。", at) + 1 or len(passage)
    start = passage.rfind("。", 0, at) + 1
    return NearText(
        passage[start:end], passage[start:at], passage, "三、服务管理", "临川区2024年工作总结", report=report
    )


def test_firms_helped_to_do_something_are_not_how_many_there_are() -> None:
    q = analyze("临川区有多少家物业公司？")
    words = thing_words(q.head or q.target)
    assert may_be_given_instead(q)
    helped = _near("指导12家物业公司完成服务公约签订。", "12")
    assert deed_counted_for_thing(q, [helped], words)
    assert given_instead(q, [helped], [{"report_genre": 1.0}], words) == DEED_COUNTED
    # a stock said plainly: the rule stays silent
    assert not deed_counted_for_thing(q, [_near("全区共有物业公司146家。", "146")], words)
    # the governing word with nothing done after the thing: no deed counted
    assert not deed_counted_for_thing(q, [_near("指导物业公司12家。", "12")], words)
    # not a report
    assert not deed_counted_for_thing(q, [_near("指导12家物业公司完成服务公约签订。", "12", report=False)], words)


def test_a_service_given_to_the_thing_is_counted_in_visits() -> None:
    q = analyze("临川区独居老人数目")
    words = thing_words(q.head or q.target)
    visits = _near("依托社区服务站，为独居老人提供上门探访服务共860人次。", "860")
    assert deed_counted_for_thing(q, [visits], words)


def test_a_question_asking_the_deed_is_answered() -> None:
    # the question holds the deed after the thing: the figure is the one asked
    q = analyze("临川区组织多少名学生来馆研学")
    words = thing_words(q.head or q.target)
    assert not deed_counted_for_thing(q, [_near("组织3,260名学生来馆研学实践。", "3,260")], words)
    q = analyze("临川区多少名学生来馆研学")
    words = thing_words(q.head or q.target)
    assert not deed_counted_for_thing(q, [_near("组织3,260名学生来馆研学实践。", "3,260")], words)
    # the governing word asked: "帮助多少物业公司"
    q = analyze("临川区帮助多少家物业公司完成签约")
    words = thing_words(q.head or q.target)
    assert not deed_counted_for_thing(q, [_near("帮助12家物业公司完成服务公约签订。", "12")], words)
    # an amount asked: no stock
    q = analyze("临川区为独居老人发放补贴多少元")
    words = thing_words(q.head or q.target)
    assert not stock_asked(q)
    assert not deed_counted_for_thing(q, [_near("为独居老人发放补贴共86万元。", "86")], words)


def test_a_stock_asked() -> None:
    assert stock_asked(analyze("临川区有多少家物业公司？"))
    assert stock_asked(analyze("临川区独居老人数目"))
    assert not stock_asked(analyze("临川区走访独居老人数目"))  # a deed asked
    assert not stock_asked(analyze("临川区多少名学生来馆研学"))
