"""The year a report's number is stated for: a bracketed aside of another year ("(2023年为N)") dates only the
numbers inside it, and a figure given to 上年/去年 is the year before its sentence's (or its report's) year.
Sentences are invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import (
    Needle,
    Passage,
    last_year_dated,
    number_features,
    number_years,
    past_asked,
    without_asides,
)

TEXT = "全年新建站点386个(2023年新建站点352个),新发展会员2.74万人。"


def test_an_aside_s_year_dates_only_the_numbers_inside_it() -> None:
    assert number_years(TEXT, TEXT.index("386")) == set()
    assert number_years(TEXT, TEXT.index("352")) == {2023}
    assert number_years(TEXT, TEXT.index("2.74")) == set()
    # an aside with no year of its own takes its sentence's
    dated = "2024年全市新建站点386个(其中农村112个)。"
    assert number_years(dated, dated.index("112")) == {2024}
    assert number_years(dated, dated.index("386")) == {2024}
    # offsets are kept, the aside blanked; the one holding the number stays
    assert len(without_asides(TEXT)) == len(TEXT) and "2023" not in without_asides(TEXT)
    assert "2023" in without_asides(TEXT, TEXT.index("352"))
    # an aside that states no figure dates its sentence
    noted = "人口约33,700人(2008年)。"
    assert number_years(noted, noted.index("33")) == {2008}
    assert number_years("年末人口为5.2万人(截至12月31日)。", 6) == set()


def test_a_figure_given_to_last_year_is_the_year_before() -> None:
    assert last_year_dated("比上年的", {2024}, 2025) == 2023  # the sentence's own year first
    assert last_year_dated("上年末为", set(), 2024) == 2023  # else its report's
    assert last_year_dated("比上年增长", {2024}, 2024) is None  # a change, not last year's figure
    assert last_year_dated("全市共有", {2024}, 2024) is None


def _features(question: str, text: str, number: str, present: int | None = 2024) -> dict[str, float]:
    cut = Tokenizer().cut
    q = analyze(question)
    needle = Needle.of(q.head, cut)
    mention = next(m for m in extract_numbers(text) if m.text.startswith(number))
    passage = Passage(view=text, heading="", rank=0, fused=1.0, title="某市2024年工作报告")
    return number_features(
        q, needle, needle, mention, passage, (), cut, document_years=frozenset({2023, 2024}), document_present=present
    )


def test_an_aside_of_another_year_vetoes_no_figure_of_the_year_asked() -> None:
    asked_2024 = _features("2024年某市新建站点多少个", TEXT, "386")
    assert asked_2024["year_conflict"] == 0.0 and asked_2024["year_match"] == 1.0
    assert _features("2024年某市新发展会员多少人", TEXT, "2.74")["year_conflict"] == 0.0
    # the aside's own figure is 2023's, not 2024's; and the year asked is 2023's only for it
    assert _features("2024年某市新建站点多少个", TEXT, "352")["year_conflict"] == 1.0
    assert _features("2023年某市新建站点多少个", TEXT, "352")["year_match"] == 1.0
    assert _features("2023年某市新建站点多少个", TEXT, "386")["year_conflict"] == 1.0
    # nor is a figure after an aside of a past year last year's figure where no year is asked
    assert _features("某市新发展会员多少人", TEXT, "2.74")["past_unasked"] == 0.0


def test_last_year_s_figure_answers_the_year_before() -> None:
    text = "2024年本科上线率46.7%,比上年的42.9%提高3.8个百分点。"
    assert _features("2023年某市本科上线率", text, "42.9")["year_conflict"] == 0.0
    assert _features("2023年某市本科上线率", text, "42.9")["year_match"] == 1.0
    assert _features("2023年某市本科上线率", text, "46.7")["year_conflict"] == 1.0
    assert _features("2024年某市本科上线率", text, "46.7")["year_match"] == 1.0


def test_a_change_of_a_rate_is_answered_in_percentage_points() -> None:
    from qa.features import unit_fit

    asked = analyze("某市失业率比上年下降多少")
    assert unit_fit(asked, "个百分点")["unit_exact"] == 1.0
    assert unit_fit(asked, "%")["unit_exact"] == 0.0 and unit_fit(asked, "%")["unit_family"] == 1.0
    # a growth of an amount is a percentage, and a rate's level too
    assert unit_fit(analyze("某市地区生产总值比上年增长多少"), "%")["unit_exact"] == 1.0
    assert unit_fit(analyze("某市城镇化率是多少"), "%")["unit_exact"] == 1.0


def test_last_year_asked_outright_marks_last_year_s_figure_not_a_change_against_it() -> None:
    asked = analyze("某县上年新建职工书屋几家")
    clause = "全年新建职工书屋46家,上年新建"
    assert past_asked(asked, clause, clause, 2024) == {"past_asked": 1.0, "past_asked_other": 0.0}
    assert past_asked(asked, "全年新建职工书屋", "全年新建职工书屋", 2024) == {
        "past_asked": 0.0,
        "past_asked_other": 1.0,
    }
    change = analyze("某县基层工会比上年增加多少个")  # a change against last year, not last year's figure
    assert past_asked(change, clause, clause, 2024) == {"past_asked": 0.0, "past_asked_other": 0.0}
    dated = analyze("某县2023年新建基层工会几个")  # a year named: the year features read it
    assert past_asked(dated, clause, clause, 2024) == {"past_asked": 0.0, "past_asked_other": 0.0}


def test_the_year_a_report_is_on_ignores_years_named_only_as_deadlines() -> None:
    from qa.features import present_year

    review = "2024年全区新建驿站12个。2023年为9个。2024年完成培训3,200人次。新会堂预计于2026年建成使用。2025年主要任务：新建驿站10个。"
    assert present_year(review) == 2024  # 2026 is a completion date, 2025 the plan's year
    # the same later year stated as a year of work done: no one year reported on
    assert present_year("2024年新建驿站12个，2024年培训3,200人次。2026年新建驿站15个。") is None
    history = (
        "该馆建于1920年，1920年开放，1957年扩建，预计于1977年重建。"  # a plan word does not make 1920 a report year
    )
    assert present_year(history) is None


def test_a_republic_calendar_year_is_a_year_not_a_count() -> None:
    # Invented Taiwanese sentences: 113年 is 2024, no count of 113 years, and its 度 leads no subject.
    found = {
        n.text: n for n in extract_numbers("某市113年度辦理就業媒合4,260人次，較112年增加6.1%，111年底為3,980人次。")
    }
    assert found["113年度"].kind == "year" and found["112年"].kind == "year" and found["111年"].kind == "year"
    assert found["4,260人次"].subject == "就业媒合"  # was "度办理就业媒合"
    assert {n.kind for n in extract_numbers("港區113年貨櫃裝卸量12萬6,300標準箱")} == {"year", "quantity"}
    # A span of a hundred-odd years stays a count.
    assert extract_numbers("建校115年来培养学生")[0].kind == "quantity"
    assert extract_numbers("设立110余年")[0].kind != "year"


def test_compound_units_are_read_whole() -> None:
    found = {
        n.text: n
        for n in extract_numbers(
            "货物周转量86.2亿吨公里,集装箱吞吐量51万2,600标准箱,装机容量1,250兆瓦,出动车辆26辆次。"
        )
    }
    assert (found["86.2亿吨公里"].value, found["86.2亿吨公里"].unit) == (8_620_000_000, "吨公里")
    assert found["51万2,600标准箱"].unit == "标准箱" and found["51万2,600标准箱"].subject == "集装箱吞吐量"
    assert found["1,250兆瓦"].unit == "兆瓦" and found["26辆次"].unit == "辆次"


def test_a_change_s_start_is_dated_by_its_year_the_level_reached_is_not() -> None:
    from qa.features import own_years

    # "由YEAR年的N增加到M": the year dates N, where the change started
    assert own_years("全区会员由2018年的3.1万人增加到4.6万人") == set()
    assert own_years("全区会员从2018年底的3.1万人增加到4.6万人") == set()
    # a start of a period ("从2018年起") still dates the sentence's figures
    assert own_years("从2018年起累计建成驿站12个") == {2018}


def test_a_change_asked_where_only_both_ends_are_given() -> None:
    from qa.answerable import FROM_TO_ONLY, from_to_only

    asked = analyze("某区工会会员增加了多少")
    start = {"change_from": 1.0, "thing_cover": 1.0}
    assert from_to_only(asked, [start, {"level_unasked": 1.0}])
    assert from_to_only(asked, [{"level_unasked": 1.0}])
    # a near number about the thing stated as a change answers it
    assert not from_to_only(asked, [start, {"change_stated": 1.0, "thing_cover": 1.0}])
    # a level asked: the level reached is its answer
    assert not from_to_only(analyze("某区工会会员有多少人"), [start])
    assert FROM_TO_ONLY.startswith("报告")
