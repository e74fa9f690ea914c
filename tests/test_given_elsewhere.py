"""Not stated where a report gives another figure in the place of the one asked, read on the near numbers' texts
(`qa.given_instead`, branch abstain10). Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.given_instead import (
    given_instead,
    group_named_elsewhere,
    growth_list_for_share,
    may_be_given_instead,
    place_named_elsewhere,
    stock_for_new,
    target_given_elsewhere,
)
from qa.place_scope import NearText


def _near(statement: str, number: str, heading: str = "") -> NearText:
    at = statement.index(number)
    return NearText(statement, statement[:at], statement, heading, "某市2024年工作报告")


def _row(**values: float) -> dict[str, float]:
    return {"report_genre": 1.0, "target_cover": 0.8, **values}


def test_a_place_named_only_beside_other_figures() -> None:
    q = analyze("江海区果园面积是多少")
    assert q.kind == "count" and len(q.places) == 1
    whole = _near("全市果园面积3.2万亩", "3.2")
    other = _near("江海区建成农机服务中心2个", "2个")
    rows = [_row(wider_unnamed=1.0), _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.3)]
    assert place_named_elsewhere(q, [whole, other], rows)
    assert (
        given_instead(q, [whole, other], rows) == "报告只在别的数字旁提到所问的地方，给出的是它所在的更大地区的数字。"
    )
    # the place named with a number that counts the thing: its own figure is there
    counted = [rows[0], _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.8)]
    assert not place_named_elsewhere(q, [whole, other], counted)
    assert not place_named_elsewhere(q, [whole, other], [rows[0], _row(place_in_sentence=1.0, head_in_own=1.0)])
    # the top number names the place, or its report is the place's own
    assert not place_named_elsewhere(q, [other, whole], rows[::-1])
    assert not place_named_elsewhere(q, [whole, other], [_row(), rows[1]])
    # a near number of neither kind (neither the whole's nor naming the place) leaves it to the gate
    assert not place_named_elsewhere(q, [whole, other], [rows[0], _row()])
    # the place named in the top number's section heading: the district's figure
    assert not place_named_elsewhere(q, [_near("果园面积0.4万亩", "0.4", heading="（三）江海区"), other], rows)
    # not a report: left to the gate
    essay = [NearText(n.statement, n.before, n.passage, n.heading, n.title, report=False) for n in (whole, other)]
    assert not place_named_elsewhere(q, essay, rows)


def test_a_place_named_only_in_a_group_sum() -> None:
    """The whole's figure on top and the place named only in a sum of several places ("甲区、乙区、丙区三地合计N",
    counting the thing): neither is the place's own figure."""
    q = analyze("江海区果园面积是多少")
    whole = _near("全市果园面积3.2万亩", "3.2")
    group = _near("江海区、蓬江区、新会区三地果园面积合计1.1万亩", "1.1")
    rows = [_row(wider_unnamed=1.0), _row(place_in_sentence=1.0, group_total=1.0, cover_item=1.0, item_precision=0.8)]
    assert place_named_elsewhere(q, [whole, group], rows)
    # the place's own figure beside the sum: stated
    own = _near("江海区果园面积0.4万亩", "0.4")
    counted = [*rows, _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.8)]
    assert not place_named_elsewhere(q, [whole, group, own], counted)


def test_a_target_asked_where_only_the_work_done_is_stated() -> None:
    q = analyze("某县2024年新增家庭农场目标")
    assert may_be_given_instead(q)
    done = _near("全年新增家庭农场420个，其中示范农场36个", "420")
    beside = _near("全年新增就业2,400人，完成目标任务2,000人的120%", "2,000")
    rows = [_row(plan_unstated=1.0, cover_item=0.8), _row(cover_item=0.3)]
    assert target_given_elsewhere(q, [done, beside], rows)  # another line's target: its own item is not the thing
    assert not target_given_elsewhere(q, [done, beside], [rows[0], _row(cover_item=0.8)])  # the thing's own target
    assert not target_given_elsewhere(q, [done], [_row(cover_item=0.8)])  # the top number is a plan
    assert not target_given_elsewhere(q, [done], [_row(plan_unstated=1.0, report_genre=0.0)])
    assert not target_given_elsewhere(analyze("某县新增家庭农场多少个"), [done], rows[:1])  # no plan asked
    # a programme's name is no plan
    q = analyze("某县2024年“春苗计划”资助目标")
    named = _near("“春苗计划”全年资助困难学生860名", "860")
    assert target_given_elsewhere(q, [named], [_row(cover_item=0.8)])
    planned = _near("“春苗计划”计划资助困难学生900名", "900")
    assert not target_given_elsewhere(q, [planned], [_row(cover_item=0.8)])
    # under a plan's heading the statement is a plan whatever its words
    ahead = NearText(done.statement, done.before, done.passage, "二、2025年工作要点", done.title)
    assert not target_given_elsewhere(analyze("某县2025年新增家庭农场目标"), [ahead], rows[:1])


def test_a_groups_sum_with_the_place_named_alone_only_beside_other_figures() -> None:
    q = analyze("江海区果园面积是多少")
    rows = [_row(group_total=1.0, place_in_sentence=1.0, place_listed=1.0)]
    deed = _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.3)  # "江海区帮助N户果农…"
    assert group_named_elsewhere(q, [*rows, deed])
    assert not group_named_elsewhere(q, [*rows, _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.9)])
    assert not group_named_elsewhere(q, [_row(place_in_sentence=1.0), deed])  # the top number is no group's sum
    assert not group_named_elsewhere(analyze("江海区和新会区果园面积合计是多少"), rows)  # a sum asked
    assert not group_named_elsewhere(q, [{**rows[0], "report_genre": 0.0}])  # reports only


def test_a_later_item_of_a_list_of_growth_rates_under_a_share() -> None:
    q = analyze("某县文旅收入占生产总值比重")
    assert q.kind == "share"
    listed = _near("全县接待游客820万人次，实现文旅收入96.4亿元，分别增长8.2%和11.5%。", "11.5")
    assert growth_list_for_share(q, [listed], [_row(share_unit=1.0)])
    assert not growth_list_for_share(q, [listed], [_row()])  # not a share by its unit
    level = _near("文旅收入占生产总值的11.5%。", "11.5")
    assert not growth_list_for_share(q, [level], [_row(share_unit=1.0)])
    assert not growth_list_for_share(analyze("某县文旅收入增长多少"), [listed], [_row(share_unit=1.0)])


def test_a_stock_under_a_new_count() -> None:
    q = analyze("某县新增家庭农场多少个")
    assert may_be_given_instead(q)
    stock = _near("全县家庭农场达到1,260个，其中省级示范农场48个", "1,260")
    assert stock_for_new(q, [stock], [_row(cover_item=0.8)])
    assert given_instead(q, [stock], [_row(cover_item=0.8)]) == "报告只给出了现有的总数，没有给出所问的新增数。"
    # a near number of the thing stated as what the year added
    assert not stock_for_new(q, [stock, stock], [_row(cover_item=0.8), _row(flow_stated=1.0, cover_item=0.8)])
    # another line's addition in the sentence is not the thing's
    assert stock_for_new(q, [stock, stock], [_row(cover_item=0.8), _row(flow_stated=1.0, cover_item=0.2)])
    added = _near("全年新增家庭农场120个，总数达到1,260个", "120")
    assert not stock_for_new(q, [added], [_row(cover_item=0.8)])
    assert not stock_for_new(analyze("某县家庭农场多少个"), [stock], [_row(cover_item=0.8)])  # no addition asked
    # a part of the stock after 其中 on top: the whole's clause before it states the stock (past 1,260's comma)
    part = _near("全县家庭农场达到1,260个，其中省级示范农场48个", "48")
    assert stock_for_new(q, [part], [_row(cover_item=0.8)])
    part_added = _near("全县家庭农场达到1,260个，其中新认定省级示范农场48个", "48")
    assert not stock_for_new(q, [part_added], [_row(cover_item=0.8)])
    # a later item of the 其中 list, past the whole's change: still the stock's part (实有 is a stock)
    later = _near("年末全县实有经营主体3.1万户，同比增长4.2%，其中企业0.8万户，家庭农场2,300个", "2,300")
    assert stock_for_new(q, [later], [_row(cover_item=0.8)])
    later_added = _near("全县实有经营主体3.1万户，其中企业0.8万户，新认定家庭农场120个", "120")
    assert not stock_for_new(q, [later_added], [_row(cover_item=0.8)])


def test_an_extent_asked_where_the_passages_speak_of_narrower_ones() -> None:
    from qa.given_instead import extent_narrower_only

    q = analyze("江门全市地区生产总值")
    assert q.scope == "全市" and may_be_given_instead(q)
    town = _near("全镇实现地区生产总值186.4亿元，增长5.2%", "186.4")
    assert extent_narrower_only(q, [town])
    assert given_instead(q, [town], [_row()]) == "报告只给出了下属地方的数字，没有给出全市的数字。"
    city = _near("全市实现地区生产总值3,860亿元，其中全镇……", "3,860")
    assert not extent_narrower_only(q, [town, city])  # a passage says the extent asked
    assert not extent_narrower_only(q, [_near("实现地区生产总值186.4亿元", "186.4")])  # says no extent at all
    assert not extent_narrower_only(analyze("江门地区生产总值"), [town])  # no extent asked


def test_a_median_asked_where_the_top_number_states_the_mean() -> None:
    from qa.given_instead import statistic_unsaid

    q = analyze("某县农村居民人均可支配收入中位数")
    assert may_be_given_instead(q)
    mean = _near("农村居民人均可支配收入28,640元，增长6.1%", "28,640")
    median = _near("城镇居民人均可支配收入52,300元，增长4.2%；中位数46,180元", "46,180")
    assert statistic_unsaid(q, [mean, median], [_row(), _row()])
    assert not statistic_unsaid(q, [median, mean], [_row(), _row()])  # the top number is a median
    assert not statistic_unsaid(q, [mean], [_row(report_genre=0.0)])
    assert not statistic_unsaid(analyze("某县农村居民人均可支配收入"), [mean], [_row()])  # no median asked


def test_a_place_a_note_says_is_not_listed_on_its_own() -> None:
    from qa.given_instead import place_in_note_only

    q = analyze("江海区果园面积是多少")
    assert may_be_given_instead(q)
    table = "全市果园面积3.2万亩。\n注：江海区、新会区数据另行统计，表中未列。"
    whole = NearText("全市果园面积3.2万亩。", "全市果园面积", table, "", "江门市2024年农业统计公报")
    assert place_in_note_only(q, [whole], [_row()])
    assert given_instead(q, [whole], [_row()]) == "报告注明所问地方的数字没有单独列出。"
    # the note without its mark, or saying nothing of a figure left out, is no such note
    plain = "全市果园面积3.2万亩。\n江海区、新会区数据另行统计。"
    assert not place_in_note_only(q, [NearText(whole.statement, whole.before, plain, "", whole.title)], [_row()])
    other = "全市果园面积3.2万亩。\n注：江海区、新会区为主产区。"
    assert not place_in_note_only(q, [NearText(whole.statement, whole.before, other, "", whole.title)], [_row()])
    # the report on the place itself, or a near number of the place that counts the thing
    own = NearText(whole.statement, whole.before, table, "", "江海区2024年农业统计公报")
    assert not place_in_note_only(q, [own], [_row()])
    counted = _row(place_in_sentence=1.0, cover_item=1.0, item_precision=0.9)
    assert not place_in_note_only(q, [whole, whole], [_row(), counted])
    # a bracketed note, and a town asked by its short name in the note
    town = analyze("甲湾镇城镇新增就业")
    assert town.local_places == ("甲湾镇",)
    passage = "乙岭镇新增就业1,200人。（甲湾的数字合并于乙岭"
    joined = NearText("乙岭镇新增就业1,200人", "乙岭镇新增就业", passage, "", "某县2024年就业报告")
    assert place_in_note_only(town, [joined], [_row()])
    assert not place_in_note_only(analyze("丙港镇城镇新增就业"), [joined], [_row()])  # another town
