"""Not stated, by kinds the earlier rules left (`qa.answerable`, branch abstain8): a growth rate where a share is
asked, a change asked with its deed after the change word. Every question and figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.answerable import change_asked, change_unstated, growth_for_share, thing_kind_unstated


def _row(**values: float) -> dict[str, float]:
    return {"report_genre": 1.0, "target_cover": 0.8, "thing_cover": 0.8, **values}


def test_a_growth_rate_where_a_share_is_asked() -> None:
    growth = [_row(change_stated=1.0, share_unit=1.0), _row(share_unit=1.0)]
    for asked in ("某县乡村书屋建设投入占财政支出比重", "某县新就业形态劳动者就业率", "某县增值税占税收收入比重"):
        question = analyze(asked)
        assert question.kind == "share"
        assert growth_for_share(question, growth)
        assert thing_kind_unstated(question, growth) == "报告只给出了增长（变化）的速度，没有给出所问的比例。"
    share = analyze("某县新就业形态劳动者就业率")
    assert not growth_for_share(share, growth[1:])  # the top number is a level: the share itself
    assert not growth_for_share(share, [_row(change_stated=1.0)])  # a change in units: not this rule's
    assert not growth_for_share(share, [])
    # a change or a pace asked: a growth rate answers it
    for asked in (
        "某县生产总值增速",
        "某县快递业务量增长多少",
        "某县居民消费价格指数",
        "某县森林覆盖率比上年提高了几个百分点",
    ):
        assert not growth_for_share(analyze(asked), growth)


def test_a_change_asked_with_the_deed_after_the_change_word() -> None:
    assert change_asked("某县乡村书屋比上年多建多少个")
    assert change_asked("某镇较上年少发生几起火灾")
    assert change_asked("某县乡村书屋比上年增加多少个")  # the change word right before 多少, as before
    assert not change_asked("某县乡村书屋多少个")
    assert not change_asked("某县乡村书屋比上年多少")  # no change word before the deed
    asked = analyze("某县乡村书屋比上年多建多少个")
    assert change_unstated(asked.text, asked.kind, [_row(), _row(target_cover=0.2)])  # levels only
    assert not change_unstated(asked.text, asked.kind, [_row(change_stated=1.0)])  # a change stated


def test_a_change_asked_without_its_direction() -> None:
    assert change_asked("某县乡村书屋数量较上年变化了多少")
    assert change_asked("某县森林覆盖率比上年变化")
    assert change_asked("某县森林覆盖率与上年相比有何变化")
    assert not change_asked("某县森林覆盖率有什么变化趋势")  # no base named
    asked = analyze("某县森林覆盖率比上年变化")
    assert change_unstated(asked.text, asked.kind, [_row()])  # the level only
    assert not change_unstated(asked.text, asked.kind, [_row(change_stated=1.0)])  # "提高0.3个百分点"


def test_a_neighbouring_class_in_the_modifiers_slot() -> None:
    from qa.answerable import sibling_given

    asked = analyze("某县农村居民人均医疗支出多少元")
    sibling = [_row(sibling_in_slot=1.0), _row()]
    assert sibling_given(asked, sibling)
    assert not sibling_given(asked, [*sibling, _row(thing_stated_near=1.0)])  # a near number states the thing
    assert not sibling_given(asked, [_row(), _row(sibling_in_slot=1.0)])  # not the top number's
    assert not sibling_given(asked, [_row(sibling_in_slot=1.0, report_genre=0.0)])


def test_a_quantity_asked_and_a_share_given() -> None:
    from qa.answerable import measure_unstated

    share = [_row(share_unit=1.0)]
    assert measure_unstated(analyze("某镇2025年垃圾回收量目标"), share) == "报告只给出了比例，没有给出所问的数量。"
    assert measure_unstated(analyze("某镇垃圾回收量目标"), [_row(measure_unit=1.0)]) is None
    assert measure_unstated(analyze("某镇饮用水质量"), share) is None  # 质量 is a quality, not a quantity
    assert measure_unstated(analyze("某镇农产品蛋白质含量"), share) is None  # a content: often a share


def test_a_name_joined_with_another_before_a_sum() -> None:
    from qa.place_scope import named_alone

    assert not named_alone("甲湾", "甲湾法庭与乙岭法庭合计受理案件860件。")
    assert not named_alone("甲湾", "甲湾和乙岭两个社区共计新增绿地3公顷。")
    assert named_alone("甲湾", "甲湾法庭受理案件860件。")
    assert named_alone("甲湾", "甲湾法庭和乙岭法庭分别受理案件860件和420件。")  # each its own figure


def test_two_classes_of_one_head_joined_in_the_numbers_item() -> None:
    from qa.place_scope import NearText, joined_class_only, own_item

    def top(statement: str, number: str) -> list[NearText]:
        at = statement.index(number)
        return [NearText(statement, statement[:at], statement, "", "某县2024年残联工作报告")]

    joined = top("全县持证残疾人8600人，其中肢体残疾4200人、智力残疾及精神残疾1300人。", "1300")
    assert own_item(joined[0].before) == "智力残疾及精神残疾"
    assert joined_class_only(analyze("某县精神残疾人数"), joined)
    assert not joined_class_only(analyze("某县肢体残疾人数"), joined)  # named neither: not this rule's
    # two things joined under one head, asked as a whole: both make the thing asked
    together = top("全年收到党派团体和委员个人提案286件。", "286")
    assert not joined_class_only(analyze("某县提案多少件"), together)
    # the other class's characters are in the question: it asks both
    assert not joined_class_only(analyze("某县智力残疾及精神残疾人数"), joined)
    essay = [NearText(j.statement, j.before, j.passage, j.heading, j.title, report=False) for j in joined]
    assert not joined_class_only(analyze("某县精神残疾人数"), essay)  # not a report


def test_a_short_form_said_for_the_class() -> None:
    from qa.features import short_form_said, thing_absent

    assert short_form_said("开办暑托班12个", "暑期托管")  # 暑托: the first characters of 暑期 and 托管
    assert short_form_said("职工医保参保人数", "医疗保险")
    assert thing_absent(("暑期", "托管", "儿童"), "开办暑托班12个，服务儿童3,100人次") == 0.0  # two words of one name
    assert thing_absent(("暑期", "托管服务", "儿童"), "开办暑托班12个，服务儿童3,100人次") == 0.0
    # a plain verb of the name is no distinguishing word, yet its first character makes the short form
    assert (
        thing_absent(("暑期", "服务", "儿童"), "开办暑托班，服务儿童3,100人次", ("暑期", "托管", "服务", "儿童")) == 0.0
    )
    assert not short_form_said("开办暑假班12个", "暑期托管")
    assert not short_form_said("规上工业", "规上")  # a two-character word has no short form
    assert thing_absent(("暑期托管", "儿童"), "开办暑托班12个，服务儿童3,100人次") == 0.0
    assert thing_absent(("女性", "城镇", "新增就业"), "全年城镇新增就业5.2万人") == 1.0
    assert thing_absent(("女性", "城镇", "新增就业"), "城镇新增就业5.2万人，其中女性2.4万人") == 0.0
    assert thing_absent(("新增就业",), "全年城镇新增就业5.2万人") == 0.0  # the head alone: nothing to leave unsaid
    # no modifier said at all: the question describes the thing in its own words
    assert thing_absent(("户外", "劳动者", "驿站"), "全年新建驿站30个") == 0.0


def test_a_class_said_nowhere() -> None:
    from qa.answerable import class_unstated

    asked = analyze("某市女性城镇新增就业人数")
    whole = [_row(head_in_own=1.0, thing_absent_passage=1.0), _row(thing_absent_passage=1.0)]
    assert class_unstated(asked, whole)
    assert thing_kind_unstated(asked, whole) == "报告没有提到所问的这一类，只给出了总体（或别的一类）的数字。"
    assert not class_unstated(asked, [whole[0], _row()])  # a near passage says the class
    assert not class_unstated(asked, [_row(thing_absent_passage=1.0), whole[0]])  # the top number names no head
    assert not class_unstated(analyze("某市女性和男性新增就业合计多少人"), whole)  # a sum asked
    assert not class_unstated(analyze("某市女性新增就业哪年最多"), whole)


def test_a_class_named_otherwise_is_said() -> None:
    from qa.features import thing_absent

    # a nickname's character in another place of the word before the next one: the same fair
    assert thing_absent(("茶都", "博览会", "成交额"), "举办第五届名茶博览会，成交额2.1亿元") == 0.0
    assert thing_absent(("茶都", "博览会", "成交额"), "举办第五届农业博览会，成交额2.1亿元") == 1.0
    # a sibling keeps the characters it shares in place: another phase, another class
    assert thing_absent(("第一期", "工程", "费用"), "第二期工程已完成，工程费用3,200万元") == 1.0
    assert thing_absent(("女职工", "互助", "参保"), "全县男职工互助参保1.2万人") == 1.0
