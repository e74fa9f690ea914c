"""A question's frame (courtesy, 共有 / 一共有 / 有, 数量为 / 数量是) does not change what it is read as asking."""

from __future__ import annotations

from functools import lru_cache

import pytest

from index.places import Gazetteer
from index.tokenize import Tokenizer
from qa.analysis import Question, analyze, digit_years, without_courtesy


@lru_cache(maxsize=1)
def _pos() -> Tokenizer:
    return Tokenizer()


def _q(text: str) -> Question:
    return analyze(text, Gazetteer.default(), _pos().pos)


def test_courtesy_opening_is_dropped() -> None:
    assert without_courtesy("请问江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("您好,请问江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("我想知道江门有多少个书屋") == "江门有多少个书屋"
    assert without_courtesy("问题清单有多少条") == "问题清单有多少条"  # 问 of a word is no courtesy
    assert without_courtesy("请问") == "请问"  # nothing left: kept as it is


def test_courtesy_reads_as_the_plain_question() -> None:
    plain, polite = _q("江门有多少个职工书屋"), _q("请问江门有多少个职工书屋？")
    assert polite.text.rstrip("?？") == plain.text
    assert (polite.head, polite.target, polite.places, polite.measure) == (
        plain.head,
        plain.target,
        plain.places,
        plain.measure,
    )


def test_gong_you_frame_is_not_the_thing() -> None:
    plain = _q("2021年江门职工书屋有多少个")
    for form in ("2021年江门职工书屋共有多少个", "2021年江门职工书屋一共有多少个", "2021年江门职工书屋共多少个"):
        q = _q(form)
        assert (q.head, q.target, q.year, q.measure) == (plain.head, plain.target, plain.year, plain.measure), form


def test_wei_frame_is_not_the_thing() -> None:
    assert _q("江门职工书屋数量为多少").target == _q("江门职工书屋数量是多少").target
    assert _q("江门职工书屋数量为多少").head == "职工书屋"
    assert _q("江门的书屋被评为多少个示范点").target.endswith("评为示范点")  # the 为 of a verb stays


def test_chinese_numeral_year_reads_as_digits() -> None:
    assert digit_years("甲市二〇二三年新建书屋多少个") == "甲市2023年新建书屋多少个"
    assert digit_years("二零一九年底") == "2019年底"
    assert digit_years("三十二〇二三年") == "三十二〇二三年"  # no year: part of a longer numeral
    q = _q("江门二〇二三年新建多少个职工书屋")
    assert q.year == 2023 and q.text == "江门2023年新建多少个职工书屋"


def test_two_digit_year_reads_as_full_year() -> None:
    assert digit_years("21年乙县新建多少个书屋") == "2021年乙县新建多少个书屋"
    assert digit_years("截至22年底乙县有多少") == "截至2022年底乙县有多少"
    assert digit_years("乙县，在20年，新建多少") == "乙县，在2020年，新建多少"
    assert digit_years("96年乙县") == "1996年乙县"
    for span in (
        "15年来乙县累计",
        "工作满15年的职工",
        "近15年",
        "连续15年",
        "第15年",
        "15年间",
        "有15年工龄的",
        "15年半",
    ):
        assert digit_years(span) == span, span  # a span of time, no year
    assert digit_years("3.15年") == "3.15年" and digit_years("2015年") == "2015年"
    assert _q("21年乙县新建多少个职工书屋").year == 2021


def test_search_text_without_the_frame() -> None:
    assert _q("江门职工书屋共有多少个？").search_text == _q("江门职工书屋有多少个？").search_text
    assert _q("江门公共图书馆有多少个").search_text == "江门公共图书馆有多少个"


def test_households_are_counted_in_hu() -> None:
    for form in ("江门有多少低保户", "江门低保户数量为多少", "江门低保户有多少户"):
        assert _q(form).measure == "户", form
    assert _q("江门门户网站访问量").measure != "户"
    assert _q("江门低保户比例").measure == "%"  # a share of households is a share


def test_households_reached_by_money_are_counted() -> None:
    assert _q("甲镇临时救助惠及困难户").measure == "户"
    assert _q("甲镇低保户补助金额").measure == "元"


@pytest.mark.parametrize("greeting", ["您好，", "您好，请问", "请问一下？", "老师好！"])
def test_courtesy_alone_asks_nothing(greeting: str) -> None:
    q = analyze(greeting)
    assert not q.has_content and q.reason is not None
    assert analyze("您好，请问江门有多少爱心驿站").has_content


def test_a_measure_word_before_a_word_it_would_join() -> None:
    # 家 + 乡村 / 乡镇, not 家乡: the measure word stays the measure
    assert (_q("乙县新建了多少家乡村书屋").head, _q("乙县新建了多少家乡村书屋").measure) == ("乡村书屋", "家")
    assert _q("乙县有几家乡镇卫生院").measure == "家"
    assert _q("乙县有多少家乡企业").measure is None  # 家乡 the word


def test_a_thing_with_its_own_measure_word_is_counted_in_it() -> None:
    assert {"张"} <= _q("乙县有多少床位").units and {"辆"} <= _q("乙县新能源公交车有多少").units
    assert _q("乙县学校数量").units >= {"所"}
    assert not _q("乙县公交车线路有多少条").units  # the measure word asked decides; 线路 is no vehicle
    assert not _q("乙县床位使用率是多少").units  # a share
    assert not _q("乙县每千人拥有多少床位").units and not _q("乙县人均拥有多少床位").units  # a ratio
