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


def test_a_town_whose_name_holds_he_is_a_local_place() -> None:
    assert analyze("和平镇建成了多少个职工驿站").local_places == ("和平镇",)
    assert analyze("永和镇有多少个职工驿站").local_places == ("永和镇",)
    assert analyze("职工和镇村干部有多少人").local_places == ()  # 和 joins two things
    assert analyze("城市和乡镇有多少个驿站").local_places == ()


def test_a_province_or_city_no_passage_is_about() -> None:
    from qa.place_scope import whole_unnamed

    q = analyze("盐城市有多少个托育服务中心")
    city = q.places[0].adcode
    county = "320922"  # a county of it, which the passages are about
    assert whole_unnamed(q, lambda: {county})
    assert not whole_unnamed(q, lambda: {county, city})  # a passage is about the city itself
    assert not whole_unnamed(
        analyze("滨海县有多少个托育服务中心"), lambda: {county}
    )  # a county asked: the scope filter's
    assert not whole_unnamed(analyze("盐城市在哪一年设立"), lambda: {county})  # not a count, an amount or a share


def test_a_sentence_from_a_text_that_never_states_the_year_asked() -> None:
    from types import SimpleNamespace

    from qa.answer import Assistant

    years = {"a": frozenset({2021, 2022}), "b": frozenset()}
    fake = SimpleNamespace(
        index=SimpleNamespace(chunks=[SimpleNamespace(doc_id="a"), SimpleNamespace(doc_id="b")]),
        _document_years=years.__getitem__,
    )
    sentence_of = [SimpleNamespace(chunk=0), SimpleNamespace(chunk=1)]
    asked = analyze("2025年甲市发展了多少会员")
    assert Assistant._year_unstated_in(fake, asked, sentence_of[0])  # type: ignore[arg-type]
    assert Assistant._year_unstated_in(fake, asked, sentence_of[1])  # type: ignore[arg-type]
    assert not Assistant._year_unstated_in(fake, analyze("2022年甲市发展了多少会员"), sentence_of[0])  # type: ignore[arg-type]
    assert not Assistant._year_unstated_in(fake, analyze("甲市发展了多少会员"), sentence_of[1])  # type: ignore[arg-type]
