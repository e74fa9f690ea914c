"""Rules found by reports-train13 (branch train13): a question opening on a deed or plan word is no name, a year asked
of a multi-year run, a village named like a county, an example asked where only its class's figure is given. Every
question, sentence and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze, village_named_like
from qa.place_scope import NearText, example_of_class_only, opening_name, opens_on_deed, own_item
from qa.year_items import Near, other_period_beside_year_item


def test_a_question_opening_on_a_deed_or_plan_word_opens_on_no_name() -> None:
    assert opens_on_deed("计划") and opens_on_deed("预计") and opens_on_deed("力争")  # plan words
    assert opens_on_deed("通过") and opens_on_deed("持有") and opens_on_deed("获得")  # a preposition, verbs
    assert not opens_on_deed("甲溪") and not opens_on_deed("长城")  # names: no dictionary word, a place's
    assert opening_name(analyze("计划新建几个乙岭驿站")) is None
    assert opening_name(analyze("2026年计划新建几个乙岭驿站")) is None  # the year is the frame, the plan word no name
    assert opening_name(analyze("通过考核取得证书的人数")) is None
    assert opening_name(analyze("持有证书的员工比例")) is None
    assert opening_name(analyze("甲溪驿站有多少个")) == "甲溪"  # a name the reports may not say: the rule reads it


def _near(unit: str, score: float, sentence: str = "1:0", **features: float) -> Near:
    return Near(sentence, unit, dict(features), score)


def test_a_year_asked_of_a_multi_year_run() -> None:
    # "近三年累计获奖41项，其中2022年11项、2023年13项、2024年17项", asked 2023年: the total outscores the year's item
    run = [
        _near("项", 8.0),  # the run's total, no year of its own
        _near("项", 6.0, year_attached=1.0),  # 2023年13项
        _near("项", 2.0, year_attached_other=1.0),  # 2022年11项
    ]
    assert other_period_beside_year_item(2023, run, 0.5) == [0]
    assert other_period_beside_year_item(None, run, 0.5) == []  # no year asked
    # the present year's figure in another sentence ("现有甲类企业218家") is another period's too
    present = [_near("家", 6.6, "1:40", present_year_other=1.0), _near("家", 3.6, "1:0", year_attached=1.0)]
    assert other_period_beside_year_item(2023, present, 0.5) == [0]
    # a figure of its own year in another sentence is left to the model
    other = [_near("家", 6.6, "1:40"), _near("家", 3.6, "1:0", year_attached=1.0)]
    assert other_period_beside_year_item(2023, other, 0.5) == []
    # another unit, or a year item under the cut: nothing moves
    assert other_period_beside_year_item(2023, [_near("元", 8.0), _near("项", 6.0, year_attached=1.0)], 0.5) == []
    assert other_period_beside_year_item(2023, [_near("项", 8.0), _near("项", 0.2, year_attached=1.0)], 0.5) == []


def test_a_village_named_like_a_county() -> None:
    assert village_named_like("村", 2, 2)  # 甲桥村 where the gazetteer reads 甲桥 as a county's short name
    assert not village_named_like("社区", 2, 2)  # 甲桥社区照顾据点: the county's care points
    assert not village_named_like("镇", 2, 2)  # a town: other rules (`qa.report_towns`)
    assert not village_named_like("村", 3, 2)  # the county's full name is read: the county


def test_an_example_asked_where_the_item_gives_its_class() -> None:
    def top(statement: str, number: str) -> list[NearText]:
        at = statement.index(number)
        return [NearText(statement, statement[:at], statement, "", "某村2024年工作总结")]

    listed = top("全年生产绿茶、乌龙茶等干茶120吨。", "120")
    assert own_item(listed[0].before) == "乌龙茶等干茶"
    assert example_of_class_only(analyze("某村乌龙茶产量多少吨"), listed)
    assert not example_of_class_only(analyze("某村干茶产量多少吨"), listed)  # the class asked
    assert not example_of_class_only(analyze("某村乌龙茶等干茶产量"), listed)  # both named
    assert not example_of_class_only(analyze("某村绿茶产量多少吨"), listed)  # an earlier example: not read here
    essay = [NearText(j.statement, j.before, j.passage, j.heading, j.title, report=False) for j in listed]
    assert not example_of_class_only(analyze("某村乌龙茶产量多少吨"), essay)  # not a report


def test_the_thing_asked_of_a_zone_leaves_the_zone_out() -> None:
    from qa.analysis import without_zone

    assert without_zone("高新区研发投入", "高新区") == "研发投入"
    assert without_zone("高新区生产总值", "高新区") == "生产总值"
    assert without_zone("出口额", "") == "出口额"  # no zone asked
    assert without_zone("高新区", "高新区") == "高新区"  # nothing else left: the zone is the thing
    assert without_zone("乙湖文化园区游客", "乙湖文化园区", "乙湖文化") == "乙湖文化园区游客"  # a zone of its own name
    q = analyze("江门高新区研发投入多少")
    assert q.zone == "高新区" and "高新区" not in q.head


def test_a_narrower_class_asked_of_a_part_given_for_the_whole_only() -> None:
    from qa.narrower_class import class_of_whole_only

    passage = "本院工会会员1,200人，其中女会员800人。甲院区会员900人，乙院区会员300人。"

    def top(statement: str, number: str, text: str = passage) -> list[NearText]:
        at = statement.index(number)
        return [NearText(statement, statement[:at], text, "", "某医院工会2024年工作报告")]

    part = top("甲院区会员900人，乙院区会员300人。", "900")
    assert class_of_whole_only(analyze("甲院区女会员多少人"), part)
    assert not class_of_whole_only(analyze("甲院区会员多少人"), part)  # no class asked
    whole = top("本院工会会员1,200人，其中女会员800人。", "1,200")
    assert not class_of_whole_only(analyze("女会员多少人"), whole)  # the class is said beside the number
    unsaid = top("甲院区会员900人。", "900", "甲院区会员900人。")
    assert not class_of_whole_only(analyze("甲院区女会员多少人"), unsaid)  # the class said nowhere: other rules
    village = "全村客栈40家，其中精品客栈9家。丙村、丁村分别有客栈12家和8家。"
    listed = top("丙村、丁村分别有客栈12家和8家。", "8家", village)
    assert class_of_whole_only(analyze("丁村有多少精品客栈"), listed)


def test_persons_asked_where_only_visits_are_given() -> None:
    from qa.people_visits import persons_asked, visits_for_persons

    assert persons_asked(analyze("驿站一年服务了多少名环卫工人"))  # persons one by one
    assert persons_asked(analyze("参加培训的职工有多少人"))  # what there is
    assert persons_asked(analyze("某市外卖骑手总数有多少"))  # a stock of people
    assert not persons_asked(analyze("某市接待游客多少人"))  # a flow asked in 人: users mean the visits
    assert not persons_asked(analyze("某市职业技能培训人数"))
    assert not persons_asked(analyze("某市走访慰问多少人次"))  # visits asked
    q = analyze("驿站一年服务了多少名环卫工人")
    assert visits_for_persons(q, ["人次", "个", "元"])
    assert not visits_for_persons(q, ["人次", "人"])  # a count of persons is near: the ranking's miss
    assert not visits_for_persons(q, ["人", "人次"])  # the top counts persons
    assert not visits_for_persons(q, [])


def test_a_proportion_asked_and_another_things_rate_given() -> None:
    from qa.other_rate import other_rate_for_share, rate_word

    assert rate_word("入会率") == "入会" and rate_word("群众满意和基本满意率达到") == "满意"
    assert rate_word("其中女会员") is None

    def top(statement: str, number: str, report: bool = True) -> list[NearText]:
        at = statement.index(number)
        return [NearText(statement, statement[:at], statement, "", "某厂工会2024年工作报告", report=report)]

    joined = top("工会会员1,820人，入会率97.5%。", "97.5")
    assert other_rate_for_share(analyze("某厂技术工人占职工总数的比例"), joined)
    assert not other_rate_for_share(analyze("某厂职工入会比例"), joined)  # the rate's own word is asked
    assert not other_rate_for_share(analyze("某厂入会率"), joined)  # a rate asked
    assert not other_rate_for_share(analyze("某厂技术工人占职工总数的比例"), top("技术工人占比41.2%。", "41.2"))
    assert not other_rate_for_share(analyze("某厂技术工人占职工总数的比例"), top("入会率97.5%。", "97.5", False))
