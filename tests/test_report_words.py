"""A question worded as a user words it, read in a report's vocabulary (`qa.report_words`). Invented examples."""

from __future__ import annotations

import pytest

from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, said_in
from qa.report_words import in_report_words, said_otherwise


@pytest.mark.parametrize(
    ("asked", "read"),
    [
        ("甲县去年交通事故死了几个人", "甲县去年交通事故死亡几个人"),
        ("甲县今年卖地收入有多少", "甲县今年土地出让收入有多少"),
        ("甲市住房公积金今年贷了几笔", "甲市住房公积金今年发放贷款几笔"),
        ("甲州今年下了多少雨", "甲州今年降水量多少"),
        ("甲市运动员拿了几块金牌", "甲市运动员拿了几枚金牌"),
        ("甲区保洁员每月能挣多少钱", "甲区保洁员月工资多少"),
        ("甲港今年装卸了几万个集装箱", "甲港今年集装箱吞吐量几万标准箱"),
        ("村里果园多大", "全村果园多大"),
        ("甲县一年植树多少棵", "甲县全年植树多少棵"),
        ("甲县去年罚了多少钱", "甲县去年罚款多少"),
        ("甲村种了多少棵树", "甲村植树多少棵"),
        ("甲合作社一年赚了多少钱", "甲合作社一年收入多少"),  # 一年 before earnings stays (a per-head figure)
        ("甲县新房均价多少钱一平", "甲县新房均价每平方米多少钱"),
    ],
)
def test_colloquial_phrasing_is_read_in_report_words(asked: str, read: str) -> None:
    assert in_report_words(asked) == read


@pytest.mark.parametrize(
    "asked",
    [
        "甲县无害化处理病死猪多少头",  # 病死猪 is a word of its own
        "甲县一年级学生多少人",  # a school year, not "in a year"
        "甲市哪一年人口最多",
        "甲村村民一年收入有多少",  # a person's earnings in a year: a per-head figure, not the year's total
        "甲县供地多少亩",  # report wording stays
        "甲镇城市里有多少公园",  # 市里 inside a word, not opening the question
        "甲港有多少装卸工",  # a docker is no port's handling
        "甲市一平方公里多少人",  # a density, not a price per square metre
        "甲县一年一度的灯会有多少人",
    ],
)
def test_report_wording_and_other_words_stay(asked: str) -> None:
    assert in_report_words(asked) == asked


def test_the_analysis_reads_the_report_words() -> None:
    died = analyze("甲县今年安全事故死了几个人")
    assert "死亡" in died.target and died.measure == "人"
    assert analyze("甲市运动员拿了几块金牌").measure == "枚"  # not money: 块 counts the medals
    assert analyze("甲市保洁员每月能挣多少钱").measure == "元"
    port = analyze("甲港今年装卸了几万个集装箱")
    assert port.measure == "标准箱" and "吞吐量" in port.head


def test_size_asked_is_no_part_of_the_thing() -> None:
    q = analyze("全村果园多大")
    assert q.head == "全村果园" and "多大" not in q.target
    assert q.kind == "amount"


def test_a_container_is_no_measure_word() -> None:
    assert analyze("甲港有多少集装箱码头").measure != "集"


def test_input_intensity_is_a_share() -> None:
    assert analyze("甲市研发投入强度是多少").measure == "%"


def test_teachers_are_people() -> None:
    assert "人" in analyze("甲县多少老师参加了培训", pos=Tokenizer().pos).units


def test_a_report_term_covers_the_users_word() -> None:
    assert said_otherwise("护士", "护理人员420人")
    assert said_otherwise("骑手", "网约配送员310人")
    assert not said_otherwise("护士", "医师120人")
    assert said_in("老师", "参训教师86人")
    needle = Needle.of("外卖骑手", Tokenizer().cut)
    assert needle.share_in("其中网约配送员310人") == 1.0
    assert needle.share_in("其中快递员260人") == 0.0
    assert needle.words_in("其中网约配送员310人") == 1.0


def test_mostly_is_no_size_asked() -> None:
    assert "大多高" in analyze("甲地的山峰大多高达海拔多少米").target
