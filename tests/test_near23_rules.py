"""Near misses of the twenty-third session (branch near23): a class of people asked as a stock where a narrower class
or a deed's reach is counted, persons asked where visits are given beside other people's counts, people asked where
sites are counted, and two more pairs of sides. Every question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import OTHER_SIDE_ONLY, other_side_only
from qa.features import asked_sides, side_fit
from qa.given_instead import given_instead, may_be_given_instead
from qa.people_visits import people_named_before, persons_asked, persons_of_the_thing, visits_for_persons
from qa.place_scope import NearText
from qa.thing_asked import unit_of_another_count
from qa.wider_class import (
    NARROWER_COUNTED,
    class_stock_asked,
    deed_before,
    narrower_after,
    narrower_counted,
    other_in_slot,
)
from tests.helpers_rules import thing_words


def _near(passage: str, number: str, report: bool = True) -> NearText:
    at = passage.index(number)
    end = passage.find("。", at) + 1 or len(passage)
    start = passage.rfind("。", 0, at) + 1
    return NearText(
        passage[start:end], passage[start:at], passage, "一、队伍建设", "某县志愿服务工作综述", report=report
    )


def _words(question: str) -> tuple[str, ...]:
    q = analyze(question)
    return tuple(thing_words(q.head or q.target))


def test_a_class_stock_asked() -> None:
    q = analyze("某县有多少志愿者")
    assert class_stock_asked(q, _words("某县有多少志愿者"))
    assert may_be_given_instead(q)
    assert class_stock_asked(analyze("某县服务人员总数"), _words("某县服务人员总数"))  # 服务 names the class
    assert not class_stock_asked(analyze("某县有多少人参加培训"), _words("某县有多少人参加培训"))  # a deed asked
    assert not class_stock_asked(analyze("某县有多少座水库"), _words("某县有多少座水库"))  # no people


def test_the_phrase_readings() -> None:
    assert narrower_after("其中志愿者党员", ["志愿者"], "某县有多少志愿者")  # a class noun after the one asked
    assert narrower_after("志愿者参加培训", ["志愿者"], "某县有多少志愿者")  # a deed after it
    assert not narrower_after("全县志愿者总数达到", ["志愿者"], "某县有多少志愿者")  # words of stating only
    assert not narrower_after("全县志愿者", ["志愿者"], "某县有多少志愿者")
    assert not narrower_after("其中志愿者党员", ["志愿者"], "某县有多少志愿者党员")  # the narrower class asked
    assert deed_before("慰问志愿者", ["志愿者"], "某县有多少志愿者")
    assert not deed_before("慰问志愿者", ["志愿者"], "某县慰问了多少志愿者")
    assert other_in_slot("认证平台志愿者", "依托平台，认证平台志愿者", ["社区", "志愿者"], "某县有多少社区志愿者")
    assert not other_in_slot("社区志愿者", "全县社区志愿者", ["社区", "志愿者"], "某县有多少社区志愿者")


def test_a_narrower_class_or_a_deeds_reach_is_no_stock() -> None:
    question = "某县有多少志愿者"
    q, words = analyze(question), _words(question)
    members = _near("全县注册志愿服务组织86个，其中志愿者党员1,260人。", "1,260")
    assert narrower_counted(q, [members], words)
    assert given_instead(q, [members], [{"report_genre": 1.0}], words) == NARROWER_COUNTED
    visited = _near("春节期间慰问志愿者320人。", "320")
    assert narrower_counted(q, [visited], words)
    # the class said bare beside it: the stock is stated, the rule stays silent
    stock = _near("全县志愿者总数达到2.4万人。", "2.4")
    assert not narrower_counted(q, [members, stock], words)
    assert not narrower_counted(q, [stock], words)
    # not people counted (the top is a count of groups), not a report
    assert not narrower_counted(q, [_near("其中志愿者服务队86个。", "86")], words)
    assert not narrower_counted(q, [_near("其中志愿者党员1,260人。", "1,260", report=False)], words)


def test_people_named_before_how_many_persons() -> None:
    assert people_named_before("某县帮扶了会员多少人")
    assert people_named_before("某县惠及职工几人")
    assert not people_named_before("某县接待游客多少人")  # tourists are counted by their visits
    assert not people_named_before("某县培训多少人")  # no people named: a flow of work
    assert persons_asked(analyze("某县普惠活动惠及会员多少人"))
    assert not persons_asked(analyze("某县接待游客多少人"))


def test_persons_counted_near_of_another_deed() -> None:
    q = analyze("某厂技能比武参赛工匠有多少人")
    words = ["技能比武", "参赛", "工匠"]
    units = ["人次", "人", "项"]
    # the near count of persons is of another deed: the visits are all the report gives
    assert visits_for_persons(q, units, ["参赛工匠", "参加联谊的青年工匠", "比武项目"], words)
    # the near count of persons is of the same deed: it may be the answer
    assert not visits_for_persons(q, units, ["参赛工匠", "其中参赛工匠", "比武项目"], words)
    assert not visits_for_persons(q, units)  # no clauses read: a person count near keeps it the model's
    assert persons_of_the_thing("参赛工匠", "参赛工匠", words)
    assert not persons_of_the_thing("参赛工匠", "参加联谊的青年工匠", words)


def test_people_asked_sites_counted() -> None:
    question = "某县驿站服务了多少人"
    q, words = analyze(question), _words(question)
    sites = _near("全县建成暖心驿站42个，累计服务群众8万余人次。", "42")
    assert unit_of_another_count(q, [sites], words)
    people = _near("全县驿站全年服务群众1.2万人。", "1.2")
    assert not unit_of_another_count(q, [sites, people], words)  # a count of people near says the thing
    assert not unit_of_another_count(analyze("某县有多少个驿站"), [sites], _words("某县有多少个驿站"))


def test_two_more_pairs_of_sides() -> None:
    assert ("内贸", "外贸", "内外贸") in asked_sides("港口内贸航线")
    assert side_fit(asked_sides("港口内贸航线"), "开通外贸航线")["opposite_stated"] == 1.0
    assert side_fit(asked_sides("生猪存栏"), "全年生猪出栏")["opposite_stated"] == 1.0
    assert side_fit(asked_sides("生猪存栏"), "年末生猪存栏")["opposite_stated"] == 0.0
    q = analyze("某县生猪存栏多少头")
    rows = [{"opposite_stated": 1.0, "target_cover": 0.5}]
    assert other_side_only(q, rows)
    assert OTHER_SIDE_ONLY.startswith("报告只给出了另一方面")


def test_the_heads_own_word_and_a_list_said_of_each() -> None:
    # the question's head read as 高龄人 while it says 高龄人口: the clause's 口 is the head's, not a narrower class
    assert not narrower_after("全县80岁以上高龄人口为", ["80", "以上", "高龄人"], "某县80岁以上高龄人口有多少")
    assert narrower_after("80岁以上高龄人体检人数", ["80", "以上", "高龄人"], "某县80岁以上高龄人口有多少")
    # a list said of each (甲县、乙县…分别达到): words of stating
    assert not narrower_after("甲县、乙县实名志愿者分别为", ["实名", "志愿者"], "乙县实名志愿者人数")


def test_a_class_named_in_many_words_is_not_read_by_its_slot() -> None:
    question = "某县网格服务中心注册志愿者有多少人"
    assert not other_in_slot("实名志愿者", "依托中心，实名志愿者", ["网格", "服务中心", "注册", "志愿者"], question)


def test_a_class_named_in_many_words_is_a_class_of_its_own() -> None:
    question = "某县网格服务中心注册青年志愿者有多少人"
    q = analyze(question)
    words = ("网格", "服务中心", "注册", "青年", "志愿者")
    members = _near("全县注册志愿服务组织86个，其中青年志愿者党员1,260人。", "1,260")
    assert not narrower_counted(q, [members], words)


def test_the_whole_extent_asked_the_governments_own_level_given() -> None:
    from qa.wider_class import LEVEL_FOR_EXTENT, level_for_extent

    question = "全市税收收入是多少"
    q, words = analyze(question), _words(question)
    own = _near("2024年，市级税收收入42.6亿元，同比增长3.1%。", "42.6")
    assert level_for_extent(q, [own], words)
    assert given_instead(q, [own], [{"report_genre": 1.0}], words) == LEVEL_FOR_EXTENT
    whole = _near("全市税收收入186.2亿元。", "186.2")
    assert not level_for_extent(q, [whole], words)
    assert not level_for_extent(q, [own, whole], words)  # the whole's figure is near
    assert not level_for_extent(analyze("市级税收收入是多少"), [own], _words("市级税收收入是多少"))  # no extent asked


def test_a_holiday_asked_the_years_figure_given() -> None:
    from qa.thing_asked import holiday_asked, holiday_unsaid

    q = analyze("某县春节期间图书馆接待多少人次")
    assert holiday_asked(q) == ("春节", "新春", "过年")
    year = _near("图书馆全年接待读者12万人次。", "12")
    assert holiday_unsaid(q, [year])
    assert not holiday_unsaid(q, [_near("新春佳节期间，图书馆接待读者1.2万人次。", "1.2")])  # another form said
    assert not holiday_unsaid(q, [_near("图书馆全年接待读者12万人次。", "12", report=False)])
    assert holiday_asked(analyze("某县体育馆接待多少人次")) is None
    assert holiday_asked(analyze("国庆和春节期间接待多少人次")) is None  # two holidays: a sum, not read here


def test_three_more_families_of_siblings_and_one_more_form() -> None:
    from qa.sibling_measures import SIBLING_FAMILIES, members_named, sibling_given_only

    farmland = next(f for f in SIBLING_FAMILIES if ("耕地保有量",) in f)
    assert members_named("全县永久基本农田保护面积", farmland) == [1]
    grades = next(f for f in SIBLING_FAMILIES if ("省级",) in f)
    assert members_named("全国级职工书屋", grades) == [0]
    question = "一般工业固体废物产生量多少吨"
    q, words = analyze(question), _words(question)
    capacity = _near("全县一般工业固体废物年利用处置能力达到12万吨。", "12")
    assert sibling_given_only(q, [capacity], words)
    produced = _near("全县一般工业固体废物产生量9.6万吨。", "9.6")
    assert not sibling_given_only(q, [capacity, produced], words)


def test_what_is_left_asked_the_land_put_to_use_given() -> None:
    from qa.given_instead import flow_for_stock

    question = "某县闲置土地还剩多少亩"
    q, words = analyze(question), _words(question)
    used = _near("全年盘活闲置土地1,260亩。", "1,260")
    assert flow_for_stock(q, [used], words)
    assert not flow_for_stock(q, [used, _near("年末闲置土地尚有320亩。", "320")], words)


def test_a_summer_break_said_in_a_short_form() -> None:
    from qa.thing_asked import holiday_unsaid

    q = analyze("某县暑期托管服务儿童多少人次")
    assert not holiday_unsaid(q, [_near("开办暑托班42个，服务儿童8,600人次。", "8,600")])


def test_a_share_given_for_a_change_asked() -> None:
    from qa.share_growth import share_for_growth

    question = "文化产业营业收入增长多少"
    q, words = analyze(question), _words(question)
    share = _near("全县文化产业营业收入12.4亿元，占服务业比重3.2%。", "3.2")
    assert share_for_growth(q, [share], words)
    growth = _near("全县文化产业营业收入同比增长6.1%。", "6.1")
    assert not share_for_growth(q, [growth], words)  # the top states a change
    assert not share_for_growth(q, [share, growth], words)  # a change of the thing is near
    assert not share_for_growth(analyze("文化产业营业收入占服务业比重是多少"), [share], words)  # a share asked


def test_the_part_asked_is_the_base_of_the_share_given() -> None:
    from qa.share_growth import part_is_base

    q = analyze("技术工人占职工总数的比重是多少")
    of_part = _near("全县职工9.2万人，其中技术工人3.1万人，高级工占技术工人的比重达到21.4%。", "21.4")
    assert part_is_base(q, [of_part])
    asked = _near("全县职工9.2万人，其中技术工人3.1万人，技术工人占职工总数的比重达到33.7%。", "33.7")
    assert not part_is_base(q, [asked])


def test_two_things_summed_where_one_is_asked() -> None:
    from qa.wider_class import joined_sum_only

    question = "开学时发了多少助学金"
    q, words = analyze(question), _words(question)
    summed = _near("开学时走访困难学生86人，发放助学金和学习用品合计12.6万元。", "12.6")
    assert joined_sum_only(q, [summed], words)
    assert not joined_sum_only(q, [_near("开学时发放助学金12.6万元。", "12.6")], words)
    assert not joined_sum_only(analyze("助学金和学习用品合计多少"), [summed], words)  # the sum asked


def test_a_national_body_asked_a_local_ones_figure_given() -> None:
    from qa.wider_class import wider_body_unsaid

    q = analyze("全国人大代表提了多少件议案")
    assert wider_body_unsaid(q, [_near("认真办理镇人大代表议案12件。", "12")])
    assert not wider_body_unsaid(q, [_near("本市全国人大代表提出议案12件。", "12")])
    assert not wider_body_unsaid(analyze("人大代表提了多少件议案"), [_near("认真办理镇人大代表议案12件。", "12")])


def test_a_place_asked_the_report_a_towns_inside_it() -> None:
    from qa.wider_class import report_of_place_inside

    def town(statement: str, number: str, title: str) -> NearText:
        at = statement.index(number)
        return NearText(statement, statement[:at], statement, "一、工作回顾", title)

    q = analyze("平阳县接待游客多少人次")
    figure = "全年接待游客86万人次。"
    assert report_of_place_inside(q, [town(figure, "86", "平阳县丁岙镇人民政府工作报告（2025年）")])
    assert not report_of_place_inside(q, [town(figure, "86", "平阳县人民政府工作报告（2025年）")])
    assert not report_of_place_inside(q, [town(figure, "86", "平阳县美丽乡村建设工作总结")])  # no place
    assert not report_of_place_inside(q, [town("平阳县全年接待游客86万人次。", "86", "平阳县丁岙镇工作报告")])


def test_a_sum_of_money_asked_by_its_noun_another_measure_given() -> None:
    from qa.measure_asked import money_noun_other_unit

    question = "人均文化消费多少"
    q, words = analyze(question), _words(question)
    area = _near("全县人均文化场馆面积0.32平方米。", "0.32")
    assert money_noun_other_unit(q, [area], words)
    money = _near("全县居民人均文化消费1,260元。", "1,260")
    assert not money_noun_other_unit(q, [money], words)
    assert not money_noun_other_unit(q, [area, money], words)  # a sum of money of the thing is near
    assert not money_noun_other_unit(analyze("人均文化消费多少平方米"), [area], words)  # the unit is asked


def test_a_rate_per_another_period() -> None:
    from qa.measure_asked import rate_of_another_period

    monthly = _near("乡村医生每人每月补助400元。", "400")
    assert rate_of_another_period(analyze("乡村医生补助一年多少钱"), [monthly])
    assert not rate_of_another_period(analyze("乡村医生补助每月多少钱"), [monthly])
    assert not rate_of_another_period(analyze("乡村医生补助多少钱"), [monthly])  # no period asked


def test_a_count_asked_where_only_a_share_is_given() -> None:
    from qa.measure_asked import class_given_as_share

    question = "青年会员有多少人"
    q, words = analyze(question), _words(question)
    passage = "全县会员总数1.2万人。青年会员比例为36%。"
    top = _near(passage, "1.2")
    share = _near(passage, "36")
    assert class_given_as_share(q, [top, share], words)
    counted = _near("其中青年会员4,300人。", "4,300")
    assert not class_given_as_share(q, [top, share, counted], words)  # the class counted near
    assert not class_given_as_share(q, [top], words)  # no share of it either: another rule's
    # the top's statement names the class before its share and its count: the count is the class's
    elided = "青年会员入会率达到36%,全年发展4,300人。"
    assert not class_given_as_share(q, [_near(elided, "4,300"), _near(elided, "36")], words)


def test_a_standard_not_met_asked() -> None:
    from qa.undone_or_rank import undone_asked, undone_unsaid

    q = analyze("食品抽检不合格几批次")
    assert undone_asked(q) == "合格"
    rate = _near("全年抽检食品样品2,400批次，合格率98.2%。", "2,400")
    assert undone_unsaid(q, [rate])
    assert not undone_unsaid(q, [_near("全年抽检食品样品2,400批次，其中不合格43批次。", "43")])


def test_two_kinds_of_one_thing_or_people_joined_are_not_read_as_a_sum() -> None:
    from qa.wider_class import joined_sum_only

    question = "长者服务中心有多少间"
    q, words = analyze(question), _words(question)
    kinds = _near("区内长者服务中心及邻里中心合计12间。", "12")
    assert not joined_sum_only(q, [kinds], words)  # two kinds of centre: a class named by its kinds
    question = "困难职工补助资金多少"
    q, words = analyze(question), _words(question)
    people = _near("为困难职工及家属发放补助资金合计46万元。", "46")
    assert not joined_sum_only(q, [people], words)


def test_a_count_before_its_noun_and_a_class_of_households_by_income() -> None:
    from qa.measure_asked import class_given_as_share, money_noun_other_unit

    question = "甲类站点有几个"
    q, words = analyze(question), _words(question)
    passage = "全县12个甲类站点达标比例为100%。甲类站点达标比例保持100%。"
    assert not class_given_as_share(q, [_near(passage, "12"), _near(passage, "100")], words)
    question = "中低收入户有多少"
    q, words = analyze(question), _words(question)
    assert not money_noun_other_unit(q, [_near("全镇列册中低收入户312户。", "312")], words)


def test_a_count_standing_before_an_enumeration() -> None:
    from qa.narrower_class import listed_after_count

    question = "甲类站点有几个"
    q, words = analyze(question), _words(question)
    joined = _near("全县12个甲类、乙类站点水质达标率100%。", "12")
    assert listed_after_count(q, [joined], words)
    own = _near("其中甲类站点7个。", "7")
    assert not listed_after_count(q, [joined, own], words)  # the item counted on its own near
    assert not listed_after_count(q, [_near("全县12个甲类站点水质达标率100%。", "12")], words)  # no enumeration
    assert not listed_after_count(analyze("甲类和乙类站点一共有几个"), [joined], words)  # a sum asked


def test_both_items_asked_or_a_share_of_one_near() -> None:
    from qa.narrower_class import listed_after_count

    joined = _near("全县12个甲类、乙类站点水质达标率100%。", "12")
    both = "甲类乙类站点有几个"
    assert not listed_after_count(analyze(both), [joined], _words(both))
    question = "甲类站点有几个"
    share = _near("甲类站点水质达标率保持100%。", "100")
    assert listed_after_count(analyze(question), [joined, share], _words(question))
