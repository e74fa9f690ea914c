"""The year a report's figures belong to where the report is dated by the session it is delivered at: a review of one
year delivered early in the next (a procuratorate's, a 政协's, a budget's), its plans for the next year in a section
of their own. Reports and questions are invented."""

from __future__ import annotations

from index.numbers import extract_numbers
from index.tokenize import Tokenizer
from qa.analysis import analyze
from qa.features import Needle, Passage, number_features, present_year, section_plan

# A review of 2030 delivered at a session in 2031: the delivery year is named as often as the year reviewed.
SESSION_REPORT = (
    "某市人民检察院工作报告（2031年）\n"
    "——2031年1月9日在某市第八届人民代表大会第三次会议上\n"
    "一、2030年工作回顾\n"
    "2030年，全市检察机关共处理案件9,412件。八届二次会议以来，共受理控告申诉1,286件，较2029年的1,104件增加182件。\n"
    "二、2031年工作安排\n"
    "2031年，全市检察机关将继续深化改革，力争办案质效再上台阶。\n"
)
BUDGET_REPORT = (
    "关于某市2030年预算执行情况和2031年预算草案的报告\n"
    "——2031年1月8日在某市第九届人民代表大会第二次会议上\n"
    "一、2030年预算执行情况\n"
    "全市一般公共预算收入88.6亿元，增长3.1%。\n"
    "二、2031年预算草案\n"
    "2031年全市一般公共预算收入预期增长4%，预算安排92.1亿元。2031年市本级支出预算安排41.2亿元。\n"
)


def test_a_report_delivered_in_the_next_year_is_on_the_year_it_reviews() -> None:
    assert present_year(SESSION_REPORT) == 2030
    assert present_year(BUDGET_REPORT) == 2030
    # a union's summary of its year, its plans for the next under their own heading
    summary = "某县总工会2030年工作总结\n2030年，新建职工书屋12家。\n二、2031年工作打算\n2031年，新建职工书屋15家。"
    assert present_year(summary) == 2030
    # a year named on a long line of running text is no heading: the counts decide
    running = "2031年，全市召开2030年工作总结会议，部署全年工作。2031年新建驿站8个。2031年培训2,600人次。"
    assert present_year(running) == 2031
    # a reviewed year long before the document's latest is no report's year (a history naming an old summary)
    assert present_year("1950年工作总结\n1998年扩建，1998年更名，1999年迁址，1999年开馆。") == 1999


def test_a_year_named_for_next_year_s_plans_is_no_year_reported_on() -> None:
    # the plan word right after the year ("2031年工作安排", "2031年预算草案") marks it, not only one before it
    plans = "2030年新建驿站12个。2030年培训3,200人次。2031年工作安排。2031年预算草案。2031年工作打算。"
    assert present_year(plans) == 2030
    # a completion word after a year of the past still dates a history's event (no plan before it)
    assert present_year("该桥于1930年竣工。") == 1930


def _features(question: str, text: str, number: str, present: int | None, heading: str = "") -> dict[str, float]:
    cut = Tokenizer().cut
    q = analyze(question)
    needle = Needle.of(q.head, cut)
    mention = next(m for m in extract_numbers(text) if m.text.startswith(number))
    passage = Passage(view=text, heading=heading, rank=0, fused=1.0, title="某市政协常务委员会工作报告（2031年）")
    return number_features(
        q,
        needle,
        needle,
        mention,
        passage,
        (),
        cut,
        document_years=frozenset({2029, 2030, 2031}),
        document_present=present,
    )


def test_an_undated_figure_belongs_to_the_year_its_report_is_on() -> None:
    text = "八届二次会议以来，共收到提案512件，较2029年的478件增加34件。"
    on_2030 = _features("某市政协2030年收到提案多少件", text, "512", present=2030)
    assert on_2030["year_conflict"] == 0.0 and on_2030["year_match"] == 1.0
    assert _features("某市政协2031年收到提案多少件", text, "512", present=2030)["year_conflict"] == 1.0
    # with no year reported on, the latest year the document states stands for it
    assert _features("某市政协2030年收到提案多少件", text, "512", present=None)["year_conflict"] == 1.0
    # the comparison's base keeps its own year
    assert _features("某市政协2029年收到提案多少件", text, "478", present=2030)["year_match"] == 1.0


def test_a_section_of_a_later_year_heads_next_year_s_figures() -> None:
    asked = analyze("某市市本级一般公共预算收入")
    assert section_plan(asked, "二、2031年财政收支安排") == 1.0  # a plan word, as before
    assert section_plan(asked, "二、2031年预算草案") == 1.0
    assert section_plan(asked, "二、2031年财政收支", present=2030) == 1.0
    assert section_plan(asked, "一、2030年财政收支", present=2030) == 0.0
    assert section_plan(asked, "二、2031年财政收支", present=None) == 0.0
    # the later year asked: the year features decide, not the section
    assert section_plan(analyze("某市2031年市本级一般公共预算收入"), "二、2031年财政收支", present=2030) == 0.0
    # a plan asked
    assert section_plan(analyze("某市市本级一般公共预算收入预期目标"), "二、2031年财政收支", present=2030) == 0.0


def test_an_undated_figure_under_a_heading_of_another_year_is_that_year_s() -> None:
    from qa.features import present_year_other

    asked = analyze("某市2031年城镇新增就业目标")
    # a review of 2030 with its targets for 2031 under their own heading
    assert present_year_other(asked, "城镇新增就业3.2万人以上", "城镇新增就业", 2030, "二、2031年主要目标") == 0.0
    assert present_year_other(asked, "城镇新增就业3.2万人以上", "城镇新增就业", 2030, "一、2030年工作回顾") == 1.0
    assert (
        present_year_other(asked, "城镇新增就业3.2万人以上", "城镇新增就业", 2030) == 1.0
    )  # no heading: the report's year
    assert present_year_other(asked, "城镇新增就业3.2万人以上", "城镇新增就业", 2031) == 0.0


def test_a_year_before_a_word_starting_with_qi_is_the_year_asked() -> None:
    # 起诉 (prosecute) after a year is a procuratorate's figure of that year, not "since that year"
    assert analyze("某市2029年起诉多少人").year == 2029
    assert analyze("某县2030年起草地方标准几项").year == 2030
    assert analyze("自2029年起累计新建多少个站点").year is None


def test_a_financial_year_of_two_calendar_years_is_the_year_it_starts_in() -> None:
    from index.numbers import calendar_years

    assert calendar_years("2029-30年度预算3,460万港元") == [(2029, 0, 9)]
    assert calendar_years("2029/30年度拨款") == [(2029, 0, 9)]
    assert calendar_years("2029-30年") == []  # no 年度: a span, not a financial year
    assert calendar_years("2029年至2030年") == [(2029, 0, 5), (2030, 6, 11)]
    text = "2029-30年度社区设施维修预算3,460万港元,较2028-29年度的3,120万港元多出11%。"
    asked = _features("某区2029年度社区设施维修预算", text, "3,460", present=2029)
    assert asked["year_match"] == 1.0 and asked["year_conflict"] == 0.0
    assert _features("某区2028年度社区设施维修预算", text, "3,120", present=2029)["year_match"] == 1.0


def test_a_year_in_chinese_digits_is_that_year() -> None:
    from index.numbers import calendar_years

    text = "本中心于二〇二三年度共举办活动318次，较二〇二二年度增加9.1%。一九九八年成立。"
    assert [y for y, _, _ in calendar_years(text)] == [2023, 2022, 1998]
    assert calendar_years("三四五六年") == [] and calendar_years("十二〇二三年") == []  # no year of 19xx/20xx
    assert analyze("中心2022年举办了多少次活动").year == 2022


def test_a_delivery_date_and_a_year_of_intent_are_no_year_reported_on() -> None:
    report = (
        "某县人民检察院工作报告\n——2031年1月12日在某县第九届人民代表大会第六次会议上\n"
        "2030年，全县检察机关批准逮捕412人，提起公诉655人。\n2031年，全县检察机关将力争办案质效再上新台阶。"
    )
    assert present_year(report) == 2030
    # a year stated twice as done is still the year reported on
    assert present_year("2031年，全县新建公园3个。2031年全县新增绿地12公顷。2030年为8公顷。") == 2031
