"""Not stated when the thing a report counts is not the thing asked (`qa.answerable.thing_kind_unstated`: another
thing's measure beside the thing's name, a period's intake under a total, a count under a share) and the candidate
features they read (`qa.features.thing_near`, `phrase_said`, `thing_rule_features`). Every question, sentence and
figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import measure_unstated, thing_elsewhere, thing_kind_unstated, total_unstated
from qa.features import phrase_said, table_header_row, thing_near, thing_rule_features


def test_a_modifier_said_with_the_head_in_one_phrase() -> None:
    assert phrase_said("蓝莓", "产值", "全县蓝莓产业产值9亿元")
    assert not phrase_said("蓝莓", "产值", "全县蓝莓种植面积3万亩，竹编产值2亿元")  # a clause apart
    assert not phrase_said("蓝莓", "产值", "蓝莓种植基地扩大到十二个乡镇产值")  # too far apart for one phrase


def test_what_a_report_says_about_a_number() -> None:
    words = ("蓝莓", "产值")
    passage = "全县蓝莓种植面积3万亩。\n竹编产值2亿元。"
    # the number's sentence names another thing's 产值, and 蓝莓 only with another measure
    got = thing_near(words, "竹编产值2亿元。", "竹编产值2亿元", passage)
    assert got == {"thing_stated_near": 0.0, "modifiers_unsaid_near": 1.0, "head_in_own": 1.0}
    # the modifier said in the sentence before (a subject carried on) or in the section heading: stated
    assert thing_near(words, "（二）蓝莓产业\n产值2亿元。", "产值2亿元", passage)["thing_stated_near"] == 1.0
    # the passage says the thing in one phrase elsewhere
    assert (
        thing_near(words, "竹编产值2亿元。", "竹编产值2亿元", passage + "蓝莓产值5亿元。")["thing_stated_near"] == 1.0
    )
    # a thing named by its head alone has nothing to leave unsaid
    assert thing_near(("产值",), "竹编产值2亿元。", "竹编产值2亿元", passage)["modifiers_unsaid_near"] == 0.0
    # the header row of a separated table is said about its cells
    table = "县区\t蓝莓产值\t增速\n甲县\t3亿元\t5%"
    assert table_header_row(table, table.index("5%"), table.index("5%") + 2) == "县区 蓝莓产值 增速"
    assert table_header_row("甲县蓝莓产值3亿元", 6, 9) == ""


def _row(**values: float) -> dict[str, float]:
    return {"thing_stated_near": 0.0, "modifiers_unsaid_near": 0.0, "head_in_own": 1.0, "target_cover": 0.8, **values}


def test_another_things_measure_beside_the_things_name() -> None:
    asked = analyze("某县蓝莓产值多少")
    other = [_row(modifiers_unsaid_near=1.0), _row()]
    assert thing_elsewhere(asked, other)
    assert thing_kind_unstated(asked, other) == "报告没有给出所问事项的数字，给出的数字说的是别的事项。"
    assert not thing_elsewhere(asked, [*other, _row(thing_stated_near=1.0)])  # a near number states the thing
    assert not thing_elsewhere(asked, [_row(modifiers_unsaid_near=1.0, head_in_own=0.0)])  # the top names no 产值
    assert not thing_elsewhere(asked, [_row(), _row(modifiers_unsaid_near=1.0)])  # the top is said of 蓝莓
    assert not thing_elsewhere(analyze("某县蓝莓和竹编产值合计多少"), other)  # a sum asked
    assert not thing_elsewhere(analyze("蓝莓是哪一年引种的"), other)  # a date asked
    assert not thing_elsewhere(asked, [])


def test_a_periods_intake_under_a_total_asked() -> None:
    flow = thing_rule_features("名", "全年招聘乡村教师")
    assert flow["flow_stated"] == 1.0 and flow["measure_unit"] == 1.0 and flow["share_unit"] == 0.0
    assert thing_rule_features("名", "累计新增乡村教师")["flow_stated"] == 0.0  # a total stated
    assert thing_rule_features("名", "现有乡村教师")["flow_stated"] == 0.0
    asked = analyze("某县乡村教师总数")
    intake = [_row(flow_stated=1.0), _row(target_cover=0.2)]
    assert total_unstated(asked, intake)
    assert thing_kind_unstated(asked, intake) == "报告只给出了当期新增的数量，没有给出总数。"
    assert not total_unstated(asked, [*intake, _row(flow_stated=0.0)])  # a stock of the thing nearby
    assert not total_unstated(analyze("某县新招聘乡村教师总数"), intake)  # the intake asked
    assert not total_unstated(analyze("某县乡村教师多少名"), intake)  # no total asked outright
    assert not total_unstated(asked, [_row(), *intake])


def test_a_count_given_where_a_share_is_asked_and_the_reverse() -> None:
    assert thing_rule_features("%", "")["share_unit"] == 1.0
    assert thing_rule_features("", "") == {"share_unit": 0.0, "measure_unit": 0.0, "flow_stated": 0.0}
    # outside a report only a count or an amount is read (it is no share in any text)
    assert thing_rule_features("家", "全年新建", report=False) == {
        "share_unit": 0.0,
        "measure_unit": 1.0,
        "flow_stated": 0.0,
    }
    assert thing_rule_features("%", "", report=False)["share_unit"] == 0.0
    count, share = [{"measure_unit": 1.0}], [{"share_unit": 1.0}]
    assert measure_unstated(analyze("某市快递员入会率是多少"), count) == "报告只给出了数量，没有给出所问的比例。"
    assert measure_unstated(analyze("某市快递员入会率是多少"), share) is None
    assert measure_unstated(analyze("某市登记失业人数有多少"), share) == "报告只给出了比例，没有给出所问的数量。"
    assert measure_unstated(analyze("某市登记失业人数有多少"), count) is None
    # a sum of money asked with no rate or change: a rate ("高于乙增速N个百分点") states no money
    assert measure_unstated(analyze("某市财政收入多少元"), share) == "报告只给出了比例（或增速），没有给出所问的金额。"
    assert measure_unstated(analyze("某县城镇居民人均可支配收入是多少"), share) is not None
    assert measure_unstated(analyze("某市财政收入增长多少"), share) is None  # a change asked: a rate may answer it
    assert measure_unstated(analyze("某市财政收入占比多少"), share) is None
    assert measure_unstated(analyze("某县科技投入强度是多少"), share) is None  # a ratio's noun: no money asked
    assert measure_unstated(analyze("某市登记失业人数有多少"), []) is None
    assert measure_unstated(analyze("某市绿化率提高了几个百分点"), share) is None  # a share said in a count's words
    # no measure word and no noun of counting: a degree or a change, which a share may answer
    assert measure_unstated(analyze("某市市民幸福度"), share) is None
    assert measure_unstated(analyze("某区盗窃案按年减少了多少"), share) is None


def test_one_side_of_a_measure_asked_the_other_given() -> None:
    from qa.answerable import other_side_only
    from qa.features import asked_sides, side_fit

    assert asked_sides("陶瓷出口额") == (("出口", "进口", "进出口"),)
    # both sides joined asked: either side alone is no figure of the whole
    assert asked_sides("陶瓷进出口额") == (("进出口", "进口", "进出口"), ("进出口", "出口", "进出口"))
    whole = asked_sides("陶瓷进出口额")
    assert side_fit(whole, "全年陶瓷出口额9亿元") == {"opposite_stated": 1.0, "asked_side_said": 0.0}
    assert side_fit(whole, "陶瓷进出口总额12亿元，其中出口9亿元") == {"opposite_stated": 0.0, "asked_side_said": 1.0}
    assert thing_kind_unstated(analyze("某县陶瓷进出口额多少"), [{"opposite_stated": 1.0}]) == (
        "报告只给出了其中一方面的数字，没有给出所问的两方面合计的数字。"
    )
    assert asked_sides("会费支出") == (("支出", "收入", "收支"),)
    sides = asked_sides("陶瓷出口额")
    joined = side_fit(sides, "全年陶瓷进出口总额12亿元")
    assert joined == {"opposite_stated": 1.0, "asked_side_said": 0.0}
    own = side_fit(sides, "陶瓷进出口总额12亿元，其中出口9亿元")
    assert own == {"opposite_stated": 0.0, "asked_side_said": 1.0}
    assert side_fit(asked_sides("会费支出"), "会费收入300万元")["opposite_stated"] == 1.0
    # the other side named in the sentence, the number's own clause naming neither
    assert (
        side_fit(asked_sides("陆上光伏装机容量"), "在建海上光伏项目3个，总装机容量50万千瓦")["opposite_stated"] == 1.0
    )
    assert side_fit((), "会费收入300万元")["opposite_stated"] == 0.0
    asked = analyze("某县陶瓷出口额多少")
    other = [{"opposite_stated": 1.0}, {}]
    assert other_side_only(asked, other)
    assert (
        thing_kind_unstated(asked, other) == "报告只给出了另一方面（或两方面合计）的数字，没有给出所问这一方面的数字。"
    )
    # a near number about the thing says the side asked
    assert not other_side_only(asked, [*other, {"asked_side_said": 1.0, "target_cover": 0.8}])
    # another thing's side (茶叶出口额 beside a question on 陶瓷出口额) is no figure of it
    assert other_side_only(asked, [*other, {"asked_side_said": 1.0, "target_cover": 0.3}])
    assert not other_side_only(asked, [{}, *other])  # the top number is not the other side's
    assert not other_side_only(analyze("某县陶瓷出口额和进口额合计多少"), other)


def test_a_one_character_modifier_said_nowhere() -> None:
    from qa.answerable import lone_modifier_unstated
    from qa.features import lone_fit, lone_modifiers

    tags = [("女", "b"), ("护士", "n")]
    assert lone_modifiers(tags) == (("女", "护士"),)
    assert lone_modifiers([("护士", "n"), ("总数", "n")]) == ()
    assert lone_modifiers([("男", "n"), ("护士", "n")]) == (("男", "护士"),)  # 男 as 女, whatever its tag
    assert lone_modifiers([("鹅", "n"), ("存栏", "n")]) == ()  # a one-character noun is no modifier
    assert lone_modifiers([("新", "a"), ("招聘", "v"), ("护士", "n")]) == ()  # a verb follows: no modifier of a noun
    pairs = lone_modifiers(tags)
    assert lone_fit(pairs, "护士共1200人", "全市护士共1200人，其中男护士60人") == {
        "lone_unsaid_passage": 1.0,
        "lone_head_in_own": 1.0,
    }
    assert lone_fit(pairs, "护士共1200人", "全市护士共1200人，其中女性护士900人")["lone_unsaid_passage"] == 0.0
    assert lone_fit((), "护士共1200人", "全市护士共1200人")["lone_unsaid_passage"] == 0.0
    asked = analyze("某市女护士多少人")
    unsaid = [{"lone_unsaid_passage": 1.0, "lone_head_in_own": 1.0}, {"lone_unsaid_passage": 1.0}]
    assert lone_modifier_unstated(asked, unsaid)
    assert thing_kind_unstated(asked, unsaid) == "报告没有给出所问这一类的数字，只给出了总体的数字。"
    assert not lone_modifier_unstated(asked, [*unsaid, {"lone_unsaid_passage": 0.0}])  # a passage says 女…护士
    assert not lone_modifier_unstated(asked, [{"lone_unsaid_passage": 1.0}])  # the top counts no 护士


def test_a_case_s_stake_is_money_and_a_rise_asked_is_a_rate() -> None:
    assert analyze("某市民商事案件标的额").kind == "amount"
    assert analyze("某市追回欠薪涉及多少农民工").kind == "count"  # the people the wages owed were won back for
    assert analyze("某市结案数同比上升多少").kind == "share"
    assert analyze("某市结案数同比上升多少件").kind == "count"  # a unit asked: the count it rose by


def test_a_return_asked_is_money() -> None:
    # 效益 of a suggestion or a project is money; a social or ecological one is not counted in 元
    assert analyze("合理化建议创造效益多少").measure == "元"
    assert analyze("某项目带来多少社会效益").measure != "元"
