"""Question-level "not stated" rules for the place, extent or year asked (`qa.place_scope`). Every question,
sentence and figure here is invented."""

from __future__ import annotations

from index.places import Place
from qa.analysis import analyze
from qa.place_scope import (
    NearText,
    joined_sum_unstated,
    named_alone,
    names_place,
    narrower_only,
    opening_name,
    opening_unsaid,
    part_asked,
    part_unstated,
    place_unstated,
    relative_year_asked,
    relative_year_unstated,
    stated_years,
    territory_of,
    territory_stated,
    territory_unstated,
    wider_only,
    year_unstated,
)

_HONG_KONG = Place("香港特别行政区", "810000", 0)
_A_DISTRICT = Place("湾仔区", "810102", 2)
_TAIWAN = Place("台湾省", "710000", 0)


def _near(statement: str, number_at: int | None = None, **fields: object) -> NearText:
    at = len(statement) if number_at is None else number_at
    values: dict = {"passage": statement, "heading": "", "title": "", **fields}
    return NearText(statement=statement, before=statement[:at], **values)


def test_a_whole_territory_asked_is_read_as_its_extent() -> None:
    assert analyze("全台香蕉年产量多少").scope == "全台"
    assert analyze("本港安老院舍有几多间").scope == "全港"
    assert analyze("本澳登记车辆数目").scope == "全澳"
    assert analyze("全国有多少个示范点").scope == "全国"  # unchanged
    assert analyze("全台东市有多少个公园").scope is None  # 台东市, a city: no extent


def test_a_report_on_the_territory_itself() -> None:
    assert territory_of([_HONG_KONG]) == "全港"
    assert territory_of([_TAIWAN]) == "全台"
    assert territory_of([_HONG_KONG, _A_DISTRICT]) is None  # a district's report that names its territory
    assert territory_of([_A_DISTRICT]) is None
    assert territory_of([]) is None


def test_the_whole_territory_stated_before_a_number() -> None:
    assert territory_stated("全港", "本港的安老院舍共有")
    assert territory_stated("全港", "全港登记选民")
    assert territory_stated("全台", "全国失业率为")  # a Taiwan text's 全国 is Taiwan's whole
    assert not territory_stated("全港", "区内长者占全港长者")  # a share of the whole, not the whole's figure
    assert not territory_stated("全港", "湾仔区安老院舍")
    assert not territory_stated("全港", "香港湾仔区安老院舍")  # a district after the territory's name
    assert territory_stated("全港", "全港公共图书馆藏书")  # the extent, whatever follows
    assert not territory_stated("全港", "香港仔的居民")  # a neighbourhood named after it
    assert not territory_stated("全台", "台东县香蕉")
    assert not territory_stated("全澳", "全港人口为")


def test_a_territorys_figure_asked_and_only_a_districts_given() -> None:
    q = analyze("全港长者中心会员有多少名")
    district = [_near("湾仔区长者中心会员3,200名", 9), _near("区内长者占全港长者约4%", 11)]
    assert territory_unstated(q, district)
    assert place_unstated(q, district, [{}, {}]) == "报告只给出了其中个别地区的数字，没有给出全港的数字。"
    assert not territory_unstated(q, [*district, _near("全港长者中心会员共8.1万名", 9)])
    assert not territory_unstated(q, [_near("长者中心会员共8.1万名", 7, territory="全港")])  # the territory's report
    assert not territory_unstated(analyze("湾仔区长者中心会员占全港多少"), district)  # a place asked
    assert not territory_unstated(q, [])
    # in a text not written as a report too: an article on another city's centres gives no territory's figure
    assert territory_unstated(q, [_near("某市长者中心会员3,200名", 9, report=False)])


def test_the_year_a_figure_is_given_for() -> None:
    assert stated_years(_near("果园面积3.2万亩,较2021年的", present=2023)) == {2021}  # the base's own figure
    assert stated_years(_near("2022年果园面积", present=2023)) == {2022}
    assert stated_years(_near("果园面积", present=2023)) == {2023}  # the year its report is on
    passage = "一、2022年工作回顾\n过去一年,果园面积达到3.2万亩。"
    review = _near("过去一年,果园面积达到", passage=passage, start=passage.index("过去"), present=2023)
    assert stated_years(review) == {2022}  # its section reviews the year before the report's
    assert stated_years(_near("果园面积(万亩)|3.2|3.5", 11, present=2023)) == set()  # a table's column dates it


def test_a_year_asked_and_the_thing_given_for_another() -> None:
    rows = [{"target_cover": 1.0}, {"target_cover": 0.2}]
    other = [_near("果园面积达到", present=2023), _near("2021年茶园面积", present=2023)]
    assert year_unstated(analyze("2021年江门果园面积是多少"), other, rows)  # 2021's figure is the tea garden's
    assert place_unstated(analyze("2021年江门果园面积是多少"), other, rows) == (
        "报告没有给出2021年的这个数字，只给出了其他年份（或年内其他时段）的数字。"
    )
    assert not year_unstated(analyze("2023年江门果园面积是多少"), other, rows)
    assert not year_unstated(analyze("江门果园面积是多少"), other, rows)  # no year asked
    assert not year_unstated(analyze("2025年江门果园面积目标是多少"), other, rows)  # a plan asked
    assert not year_unstated(analyze("2021年江门果园面积是多少"), other, [{"target_cover": 0.2}] * 2)  # not the thing
    plans = [{"target_cover": 1.0, "plan_unasked": 1.0}, {"target_cover": 0.2}]
    assert not year_unstated(analyze("2021年江门果园面积是多少"), other, plans)  # only a plan: another rule's
    half = [_near("2021年上半年果园面积", present=2021)]
    assert year_unstated(analyze("2021年江门果园面积是多少"), half, [{"target_cover": 1.0, "period_other": 1.0}])
    assert not year_unstated(analyze("2021年江门果园面积是多少"), half, [{"target_cover": 1.0}])
    encyclopedia = [_near("果园面积达到", present=2023, report=False), other[1]]
    assert not year_unstated(analyze("2021年江门果园面积是多少"), encyclopedia, rows)


def test_a_year_given_only_as_the_next_years_plan() -> None:
    # a review of 2023 whose plan section for 2024 states a figure: 2024's work done is not given
    passage = "五、2024年施政重点\n一、新建公园12座。"
    plan = _near("一、新建公园", passage=passage, start=passage.index("一、新"), present=2023)
    done = _near("全年新建公园", present=2023)
    rows = [{"target_cover": 1.0}, {"target_cover": 1.0}]
    assert year_unstated(analyze("2024年江门实际新建公园多少座"), [plan, done], rows)
    assert not year_unstated(analyze("2024年江门计划新建公园多少座"), [plan, done], rows)  # the plan asked
    assert not year_unstated(analyze("2024年江门公园要新建多少座"), [plan, done], rows)  # a later year: its plan
    assert not year_unstated(analyze("2023年江门新建公园多少座"), [plan, done], rows)  # the year done


def test_a_years_figure_going_on_from_another_things_sentence() -> None:
    rows = [{"target_cover": 0.4}, {"target_cover": 1.0}]
    passage = "全市生产总值居全省前列;2022年为N。"
    other = _near("2022年为", passage=passage, start=passage.index("2022"), present=2023)
    done = _near("果园面积达到", present=2023)
    # the year's figure goes on from a sentence on the economy, not on the orchards asked
    assert year_unstated(analyze("2022年江门果园面积是多少"), [other, done], rows)
    passage = "全市果园面积达到3万亩;2022年为N。"
    same = _near("2022年为", passage=passage, start=passage.index("2022"), present=2023)
    assert not year_unstated(analyze("2022年江门果园面积是多少"), [same, done], rows)


def test_last_year_counted_back_from_a_titled_reports_year() -> None:
    assert relative_year_asked(analyze("去年江门新建公园多少座")) == 1
    assert relative_year_asked(analyze("江门前年新建公园多少座")) == 2
    assert relative_year_asked(analyze("江门新建公园比去年增加多少座")) is None  # a change: another rule's
    assert relative_year_asked(analyze("2022年江门新建公园多少座")) is None
    q = analyze("去年江门新建公园多少座")
    rows = [{"target_cover": 1.0}]
    titled = [_near("全年新建公园", present=2023, title="江门市2023年工作总结")]
    assert relative_year_unstated(q, titled, rows)  # the report gives 2023's; 去年 of it is 2022
    assert place_unstated(q, titled, rows) == "报告只给出了报告当年的数字，没有给出所问那一年的数字。"
    delivered = [_near("全年新建公园", present=2023, title="江门市2024年政府工作报告")]
    assert not relative_year_unstated(q, delivered, rows)  # delivered the year after: 去年 is the year it reviews
    undated = [_near("全年新建公园", present=2023, title="公园建设的探索与实践")]
    assert not relative_year_unstated(q, undated, rows)  # an undated text: 去年 not resolved
    last = [_near("全年新建公园12座,上年为", present=2023, title="江门市2023年工作总结")]
    assert not relative_year_unstated(q, last, rows)  # last year's figure given
    assert not relative_year_unstated(q, titled, [{"target_cover": 0.2}])  # none about the thing
    table = "表2 2023年末各县公园情况\n甲县\t12座\n"
    row = _near("甲县\t", passage=table, start=table.index("甲县"), present=2023, title="江门市2023年工作总结")
    assert relative_year_unstated(q, [row], rows)  # the caption dates the row
    columns = "项目\t2022年\t2023年\n公园\t10座\t12座\n"
    cell = _near("公园\t", passage=columns, start=columns.index("公园"), present=2023, title="江门市2023年工作总结")
    assert not relative_year_unstated(q, [cell], rows)  # a column dates it
    assert not relative_year_unstated(q, [_near("全年新建公园", present=2023, title="江门2023年", report=False)], rows)


def test_a_place_named_not_as_part_of_a_longer_places_name() -> None:
    assert names_place("三、甲石工会工作", "甲石")
    assert not names_place("三、甲石港区工会工作", "甲石")  # a district named after the city
    assert names_place("三、甲石港区与甲石全市", "甲石")
    assert names_place("甲石市区", "甲石市")  # written with its own suffix
    assert names_place("甲石各区县", "甲石")


def test_a_scenic_area_asked_by_a_places_name() -> None:
    assert part_asked(analyze("江门景区入境游客多少")) == "江门景区"
    assert part_asked(analyze("江门石湖景区接待游客多少")) == "江门石湖景区"
    assert part_asked(analyze("江门有多少个景区")) is None  # the city's scenic areas counted
    assert part_asked(analyze("江门接待游客多少")) is None
    asked = analyze("江门石湖景区入境游客多少人次")
    city = _near("全市入境游客")
    area = _near("分景区看,江门石湖景区全年接待游客")
    assert part_unstated(asked, [city, area])  # the area's visitors, the city's overseas visitors
    assert place_unstated(asked, [city, area], [{}, {}]) == (
        "报告没有给出所问景区本身的这个数字，只给出了景区的其他数字或整个地区的数字。"
    )
    assert not part_unstated(analyze("江门石湖景区接待游客多少人次"), [city, area])
    assert not part_unstated(asked, [city, _near("江门石湖景区全年接待入境游客")])
    assert part_unstated(asked, [city, _near("乙湖景区入境游客")])  # another area's
    assert not part_unstated(asked, [city, _near("全市入境游客", report=False)])  # an encyclopedia's


def test_a_sum_of_two_names_no_statement_gives() -> None:
    q = analyze("东湾和西岭的果园面积合计多少")
    each = [_near("东湾果园面积1.2万亩", 6), _near("西岭果园面积0.8万亩", 6)]
    assert joined_sum_unstated(q, each)
    assert not joined_sum_unstated(q, [_near("东湾、西岭两地果园面积合计2万亩", 13)])
    assert not joined_sum_unstated(analyze("东湾的果园面积是多少"), each)  # no sum asked
    assert not joined_sum_unstated(analyze("江门东湾和西岭的果园面积合计多少"), each)  # things of a place summed


def test_a_name_the_question_opens_on_that_no_passage_says() -> None:
    assert opening_name(analyze("甲角长者中心会员多少名")) == "甲角"
    assert opening_name(analyze("2024年甲角长者中心会员多少名")) == "甲角"  # the year is the question's frame
    assert opening_name(analyze("有多少名长者中心会员")) is None  # it opens on no name
    assert opening_name(analyze("江门有多少爱心驿站")) is None  # a place the gazetteer knows: other rules
    assert opening_name(analyze("全港长者中心会员多少名")) is None  # an extent asked
    q = analyze("甲角长者中心会员多少名")
    district = [_near("区内长者中心会员共2,140名", 10, title="某区2024年地区工作报告")]
    about = [{"target_cover": 1.0}]
    assert opening_unsaid(q, district, about)
    assert not opening_unsaid(q, [_near("甲角长者中心会员共310名", 9)], about)
    assert not opening_unsaid(q, [_near("区内长者中心会员共2,140名", 10, heading="甲角")], about)  # its section's
    assert not opening_unsaid(q, [_near("区内长者中心会员共2,140名", 10, report=False)], about)  # an encyclopedia's
    # a plan naming the place ("在甲角增设…，目标…") is no figure of it, unless a plan is asked
    # the name's own report is near, the top number is another text's
    own = _near("全镇长者中心会员共2,140名", 12, title="甲角镇2024年工作总结")
    other = _near("长者中心会员共1,200名", 9, title="某市2024年统计公报")
    assert opening_unsaid(q, [other, own], [{"target_cover": 1.0}, {"target_cover": 0.4}])
    assert not opening_unsaid(q, [own, other], [{"target_cover": 1.0}, {"target_cover": 0.2}])
    # its own report says the thing as well: the ranking missed it, the reports do not lack it
    assert not opening_unsaid(q, [other, own], [{"target_cover": 1.0}, {"target_cover": 1.0}])
    assert opening_unsaid(q, [other, own], [{"target_cover": 1.0}, {"target_cover": 1.0, "plan_unasked": 1.0}])
    joined = [_near("甲角及乙湾一带长者中心会员共900名", 15, title="某区2024年地区工作报告")]
    assert opening_unsaid(q, joined, about)  # one figure of an area of two names
    each = [_near("甲角及乙湾长者中心会员分别为500名", 17, title="某区2024年地区工作报告")]
    assert not opening_unsaid(q, each, about)
    planned = [*district, _near("在甲角增设中心,目标会员共3,000名", 15, title="某区2024年地区工作报告")]
    plan_rows = [{"target_cover": 1.0}, {"target_cover": 1.0, "plan_unasked": 1.0}]
    assert opening_unsaid(q, planned, plan_rows)
    assert not opening_unsaid(q, planned, [{"target_cover": 1.0}] * 2)
    # a table of the district's neighbourhoods that names it nowhere near the figures about the thing
    table = "乙湾\t46项\n丙岭\t31项\n注：甲角的活动并入乙湾统计。"
    rows = [_near("乙湾\t46项", 3, passage=table), _near("丙岭\t31项", 3, passage=table)]
    assert opening_unsaid(analyze("甲角资助活动有多少项"), rows, [{"target_cover": 0.8}] * 2)
    assert not opening_unsaid(analyze("甲角资助活动有多少项"), rows, [{"target_cover": 0.2}] * 2)  # none about it
    # a sentence listing the district's neighbourhoods names it, but gives no figure of it
    listing = _near("本区涵盖乙湾、甲角、丙岭等地区，陆地面积约9平方公里", 22, passage=table)
    assert opening_unsaid(analyze("甲角陆地面积是多少"), [listing], [{"target_cover": 0.8}])
    assert named_alone("甲角", "甲角陆地面积约2平方公里") and not named_alone("甲角", "乙湾、甲角等地区")
    # a short form asked, the report's full name in the statement (规上 of 规模以上): the name is said
    full = [_near("全区规模以上工业增加值同比增长7.4%", 16, title="某区2024年工作总结")]
    assert not opening_unsaid(analyze("规上工业增加值增速"), full, [{"target_cover": 0.8}])
    assert named_alone("甲角", "甲角和乙湾合计3平方公里", sum_asked=True) and not named_alone("甲角", "")
    assert not named_alone("甲角", "甲角和乙湾合计3平方公里")  # a joint figure, where no sum is asked (abstain8)


def test_one_place_asked_and_only_a_place_inside_it_given() -> None:
    q = analyze("浙江省果园面积是多少")
    two = [_near("全市果园面积3.2万亩", 6), _near("其中山地果园1.1万亩", 6)]
    assert not narrower_only(q, [_near("果园面积3.2万亩", 4, report=False)], [{"narrower_unnamed": 1.0}])
    assert narrower_only(q, two, [{"narrower_unnamed": 1.0}, {"narrower_unnamed": 1.0}])
    assert not narrower_only(q, two, [{"narrower_unnamed": 1.0}, {"narrower_unnamed": 0.0}])  # one names it
    assert not narrower_only(analyze("果园面积是多少"), two, [{"narrower_unnamed": 1.0}])  # no place asked
    assert not narrower_only(q, [], [])
    assert narrower_only(analyze("浙江全省果园面积是多少"), two, [{"narrower_unnamed": 1.0}])  # an extent asked
    assert not narrower_only(analyze("浙江的山地果园项目帮扶了多少户"), two, [{"narrower_unnamed": 1.0}])  # a bare name


def test_one_place_asked_and_only_the_place_around_it_given() -> None:
    q = analyze("江海区果园面积是多少")
    whole = [_near("全市果园面积3.2万亩", 6)]
    assert wider_only(q, whole, [{"wider_unnamed": 1.0}])
    assert not wider_only(q, whole, [{"wider_unnamed": 1.0, "place_in_sentence": 1.0}])  # named after the number
    assert not wider_only(q, [_near("果园面积0.4万亩", 4, heading="（三）江海区")], [{"wider_unnamed": 1.0}])
    assert not wider_only(q, whole, [{"wider_unnamed": 0.0}])  # the district's own report
    section = "三、江海区\n全区果园面积0.4万亩。"
    in_section = _near("全区果园面积", passage=section, start=section.index("全区"))
    assert not wider_only(q, [in_section], [{"wider_unnamed": 1.0}])  # its section is the district's
