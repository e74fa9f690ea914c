"""A province's whole asked (全省) with no place, where only a city's, a county's or the nation's reports are near
(`qa.place_scope.province_unstated`, branch swap20). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.place_scope import NearText, place_unstated, province_unstated, sentence_before


def _near(statement: str, number_at: int | None = None, **fields: object) -> NearText:
    at = len(statement) if number_at is None else number_at
    values: dict = {"passage": statement, "heading": "", "title": "", **fields}
    return NearText(statement=statement, before=statement[:at], **values)


_CITY = [_near("甲城共建成职工驿站120个", 11, extent="全市"), _near("新建驿站35个", 4, extent="全县")]


def test_a_provinces_whole_asked_and_only_a_citys_figures_near() -> None:
    q = analyze("全省有多少个职工驿站")
    assert q.scope == "全省" and not q.places
    assert province_unstated(q, _CITY)
    assert place_unstated(q, _CITY, [{}, {}]) == "报告只给出了个别市县（或全国）的数字，没有给出全省的数字。"
    assert province_unstated(q, [_near("甲城驿站数量占全省的", 9, extent="全市")])  # a share of the whole


def test_the_province_stated_or_its_report_answers() -> None:
    q = analyze("全省有多少个职工驿站")
    assert not province_unstated(q, [*_CITY, _near("全省共建成职工驿站1,200个", 11, extent="全市")])
    assert not province_unstated(q, [*_CITY, _near("共建成职工驿站1,200个", 9, extent="全省")])  # a province's report
    assert not province_unstated(q, [*_CITY, _near("共建成职工驿站1,200个", 9)])  # a title that gives no extent
    assert not province_unstated(q, [_near("甲城驿站120个", 6, extent="全市", report=False)])  # not a report
    assert not province_unstated(q, [])


def test_a_place_named_is_left_to_the_place_rules() -> None:
    assert not province_unstated(analyze("河北全省有多少个职工驿站"), _CITY)
    assert not province_unstated(analyze("全市有多少个职工驿站"), _CITY)


def test_the_sentence_before_the_number() -> None:
    passage = "全省共有驿站1,200个，其中甲城120个。"
    start = passage.index("其中")
    near = NearText(
        statement="其中甲城120个", before="其中甲城", passage=passage, heading="", title="", start=start, extent="全市"
    )
    assert sentence_before(near) == "全省共有驿站1,200个，其中甲城"
    assert not province_unstated(analyze("全省有多少个驿站"), [near])


def test_our_province_is_read_as_the_provinces_whole() -> None:
    assert analyze("我省有多少个职工驿站").scope == "全省"
    assert analyze("本省新建了几个职工驿站").scope == "全省"
    assert analyze("本省级示范点有几个").scope is None  # a grade, not an extent
    assert province_unstated(analyze("我省有多少个职工驿站"), _CITY)
    assert not province_unstated(
        analyze("我省有多少个职工驿站"), [*_CITY, _near("我省共建成驿站1,200个", 9, extent="全市")]
    )


def test_the_whole_of_china_is_the_nation() -> None:
    assert analyze("全中国有多少个职工驿站").scope == "全国"
