"""Long, dense reports: additions beside totals, last year's figure beside this year's, plan columns, qualifiers
stated once for a whole sentence, county-level cities named by a common-word stem. Every sentence here is invented."""

from __future__ import annotations

from index.places import Gazetteer
from qa.analysis import analyze
from qa.features import (
    increment_fit,
    past_unasked,
    plan_unasked,
    plan_unstated,
    present_year,
    qualifier_unstated,
    stated_year,
)


def test_an_addition_is_not_the_total_asked_nor_the_total_an_addition() -> None:
    total = analyze("某市服务站点累计有多少个")
    assert increment_fit(total, "全年新建服务站点") == {"new_unasked": 1.0, "total_unasked": 0.0}
    assert increment_fit(total, "全市累计建成") == {"new_unasked": 0.0, "total_unasked": 0.0}
    # "有多少" asks what there is (`Question.stock`), as 累计/总数/一共 do
    assert increment_fit(analyze("某市一共有多少个服务站点"), "增设服务站点")["new_unasked"] == 1.0
    assert increment_fit(analyze("某市有多少家基层工会"), "新建基层工会(个)")["new_unasked"] == 1.0
    added = analyze("某县新建了几个基层工会")
    assert increment_fit(added, "年末有基层工会") == {"new_unasked": 0.0, "total_unasked": 1.0}
    assert increment_fit(added, "某县新建") == {"new_unasked": 0.0, "total_unasked": 0.0}
    # a question asking both, or neither, or no count: nothing to tell apart
    assert increment_fit(analyze("某县累计新建了多少个站点"), "全年新建站点") == {
        "new_unasked": 0.0,
        "total_unasked": 0.0,
    }
    assert increment_fit(analyze("某县站点建设投入多少元"), "全年新建站点") == {
        "new_unasked": 0.0,
        "total_unasked": 0.0,
    }


def test_last_years_figure_is_not_this_years() -> None:
    report = "2023年某市工作总结。2023年全市新建站点40个。2023年……注：2022年全市站点为210个。"
    assert present_year(report) == 2023 and present_year("没有年份") is None
    assert present_year(report + "2024年计划新建站点50个。") == 2023  # the next year, named for its plans
    assert present_year("1950年建校，1950年扩建，1950年更名，2010年迁址。") is None  # a history: no one year
    asked = analyze("某市有多少个站点")
    assert stated_year("", "注：2022年全市站点为") == 2022
    assert past_unasked(asked, "注：2022年全市站点为", "注：2022年全市站点为", 2023) == 1.0
    assert past_unasked(asked, "全市现有站点", "全市现有站点", 2023) == 0.0
    # the base of a comparison dates its own number only: "较2022年的N" is 2022's, the level before it is not
    assert past_unasked(asked, "较2022年的", "全市共有站点250个，较2022年的", 2023) == 1.0
    assert stated_year("提高到", "收入由2016年的900元提高到") is None
    # 上年/去年 before the number with no change in between: last year's figure
    assert past_unasked(asked, "上年同期为", "上年同期为", 2023) == 1.0
    assert past_unasked(asked, "比上年增加", "比上年增加", 2023) == 0.0  # a change, not last year's figure
    # a past asked, or a year asked (year_fit judges that), or no count/amount: the feature says nothing
    assert past_unasked(analyze("某市上年有多少个站点"), "上年同期为", "上年同期为", 2023) == 0.0
    assert past_unasked(analyze("2022年某市有多少个站点"), "注：2022年全市站点为", "注：2022年全市站点为", 2023) == 0.0
    # a table cell takes the year its column header states (`column_header`: "2022年 站点（个）")
    assert past_unasked(asked, "甲区｜", "甲区｜", 2023, "2022年 站点（个）") == 1.0
    assert past_unasked(asked, "甲区｜318｜", "甲区｜318｜", 2023, "2023年 站点（个）") == 0.0


def test_a_plan_column_and_a_task_named_after_the_number() -> None:
    done = analyze("某市今年新建了多少个站点")
    # a table cell read with its column header (`column_header` joins it to the sentence before the number)
    assert plan_unasked(done, " 年度计划 新建站点(个)") == 1.0
    assert plan_unasked(done, " 完成数 新建站点(个)") == 0.0
    assert plan_unasked(done, "超额完成上级下达的", "任务；") == 1.0  # "…下达的N个任务": the task, not the deed
    task = analyze("某市站点建设的任务数是多少")
    assert plan_unstated(task, "全年新建站点", "") == 1.0
    assert plan_unstated(task, "全年新建站点46个，完成下达的", "", "任务") == 0.0


def test_a_qualifier_stated_once_for_the_whole_sentence() -> None:
    rural = analyze("某县农村居民人均可支配收入是多少")
    lead = "全县居民人均可支配收入21,300元，其中城镇居民"
    assert qualifier_unstated(rural, "农村居民15,800元", lead) == 0.0  # 人均 holds for the breakdown
    assert qualifier_unstated(rural, "城镇居民26,000元", lead) == 1.0
    median = analyze("某县职工月工资中位数是多少")
    # a sibling stated by the number's own clause overrides the lead
    assert qualifier_unstated(median, "职工月平均工资6,100元", "职工月工资中位数5,200元，") == 1.0
    change = analyze("某县人均生产总值比上年增加多少")
    assert qualifier_unstated(change, "比上年增加2,000元", "人均生产总值51,000元，") == 0.0


def test_a_rank_is_no_extent_asked() -> None:
    assert analyze("某市有多少个全国级文明岗").scope is None
    assert analyze("全国有多少个文明岗").scope == "全国"


def test_a_county_level_city_named_by_a_common_word_stem_where_a_question_opens() -> None:
    gazetteer = Gazetteer.default()
    opening = analyze("石首新建了多少个基层工会", gazetteer)
    assert [p.name for p in opening.places] == ["石首市"] and opening.head == "基层工会"
    assert [p.name for p in analyze("2023年石首新建了多少个基层工会", gazetteer).places] == ["石首市"]
    # the stem is no place inside a longer word, nor later in the question
    assert analyze("合作社有多少家", gazetteer).places == ()
    assert analyze("某市有多少个石首工程", gazetteer).places == ()
