"""A which question answered by a sentence that only counts the class asked (qa.counted_not_named); invented."""

from __future__ import annotations

from qa.counted_not_named import asked_class, counted_not_named


def test_asked_class() -> None:
    assert asked_class("甲市的一级景区是哪个") == "甲市的一级景区"
    assert asked_class("乙县省级龙头企业有哪几家") == "乙县省级龙头企业"
    assert asked_class("哪个县的养老机构最多") == ""
    assert asked_class("甲市一级景区有多少家") == ""


def test_a_count_is_no_name() -> None:
    assert counted_not_named("甲市的一级景区是哪个", "全市景区30家,其中一级景区1家、二级12家。")
    assert counted_not_named("乙县省级龙头企业有哪几家", "全县龙头企业46家,其中国家级2家、省级11家。")
    assert counted_not_named("甲市的3A级景区是哪个", "全市A级景区20家,其中4A级6家、3A级1家。")


def test_names_given_or_another_class_counted() -> None:
    assert not counted_not_named("甲市的一级景区是哪个", "全市一级景区1家:丙山景区。")
    assert not counted_not_named("乙县省级龙头企业有哪几家", "省级龙头企业11家,分别是丁公司、戊公司等。")
    assert not counted_not_named("获评示范社区的是哪个", "丙社区、丁社区获评示范社区。")
    # the label names a place beside the class: a list of places' counts, not the class's own count
    assert not counted_not_named("甲市养老机构是哪几家", "丙县养老机构26家、丁县18家。")
    assert not counted_not_named("甲市养老机构最多的是哪个县", "丙县养老机构26家、丁县18家。")
