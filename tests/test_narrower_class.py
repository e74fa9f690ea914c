"""Not stated where the report gives the whole (a wider class) or a share of another base in the place of the one
asked (`qa.sibling_measures.whole_given_only`, `qa.narrower_class`, branch abstain18). Every question, sentence and
figure here is invented."""

from __future__ import annotations

from qa.analysis import analyze
from qa.given_instead import (
    JOINED_ONLY,
    SHARE_BASE_UNSAID,
    SIBLING_GIVEN,
    WHOLE_GIVEN,
    given_instead,
    may_be_given_instead,
)
from qa.narrower_class import (
    class_of_another_figure,
    people_joined_only,
    share_base_unsaid,
    sibling_class_in_slot,
)
from qa.place_scope import NearText
from qa.sibling_measures import is_share, said_whole, sentence_subject, whole_given_only
from tests.helpers_rules import near_text, thing_words


def _near(passage: str, number: str, report: bool = True) -> NearText:
    return near_text(
        passage, number, heading="二、对外贸易", title="某市2024年国民经济和社会发展统计公报", report=report
    )


def test_said_whole_reads_a_stem_not_the_joined_sides() -> None:
    assert said_whole("其中,出口", "出口额")  # a measure's stem says it
    assert not said_whole("民营企业进出口", "出口")  # both sides joined are neither
    assert said_whole("民营企业出口", "出口")


def test_is_share_reads_the_unit_after_the_number() -> None:
    passage = "全县参保人数41.2万人，参保率95.6%。"
    assert is_share(_near(passage, "95.6%"))
    assert not is_share(_near(passage, "41.2万"))


def test_a_trade_mode_asked_all_exports_given() -> None:
    q = analyze("漳平市加工贸易出口额")
    words = thing_words(q.head or q.target)
    assert may_be_given_instead(q)
    whole = _near("全年进出口总额286.4亿元。其中，出口201.3亿元，增长7.2%。", "201.3")
    joint = _near("民营企业和加工贸易进出口总额88.1亿元。", "88.1")
    assert whole_given_only(q, [whole, joint], words)  # 出口 inside 进出口 states no export figure of the mode
    assert given_instead(q, [whole, joint], [{"report_genre": 1.0}] * 2, words) == WHOLE_GIVEN
    stated = _near("加工贸易出口64.8亿元。", "64.8")
    assert not whole_given_only(q, [whole, stated], words)
    # the statement names the mode before the clause: the figure is the mode's
    mode = _near("加工贸易进出口93.5亿元，其中出口64.8亿元。", "64.8")
    assert not whole_given_only(q, [mode], words)
    # not a report
    assert not whole_given_only(q, [_near("其中，出口201.3亿元。", "201.3", report=False)], words)


def _part(passage: str, part: str, number: str) -> NearText:
    """A later ；-part of a run-on sentence: the statement is the part, its start where the part starts."""
    start = passage.index(part)
    end = start + len(part)
    at = passage.index(number, start)
    return NearText(
        passage[start:end], passage[start:at], passage, "二、基金运行", "某市医疗保障局2024年工作总结", start=start
    )


def test_a_later_part_of_a_run_on_sentence_takes_its_first_part_subject() -> None:
    q = analyze("漳平市医保基金支出是多少")
    words = thing_words(q.head or q.target)
    passage = "二、基金运行\n全市基本医疗保险基金总收入45.2亿元，增长4.1%；总支出40.8亿元，增长6.3%；累计结存31.6亿元。"
    spent = _part(passage, "总支出40.8亿元，增长6.3%；", "40.8")
    assert sentence_subject(spent) == "全市基本医疗保险基金总收入"
    assert not whole_given_only(q, [spent], words)  # the fund said once, in the sentence's first part
    # a first part naming no member: the later part is still the whole's (all trade, not the mode asked)
    q = analyze("漳平市加工贸易出口额")
    words = thing_words(q.head or q.target)
    trade = "全年进出口总额286.4亿元，增长3.0%；出口201.3亿元，增长7.2%。"
    whole = _part(trade, "出口201.3亿元，增长7.2%。", "201.3")
    assert sentence_subject(whole) == "全年进出口总额"
    assert whole_given_only(q, [whole], words)
    # a sentence of one part has no run-on subject
    assert sentence_subject(_near("其中，出口201.3亿元。", "201.3")) == ""


def test_a_rate_of_one_scheme_asked_the_whole_rate_given() -> None:
    q = analyze("漳平市居民医保参保率")
    words = thing_words(q.head or q.target)
    passage = "全市基本医疗保险参保人数48.6万人，参保率96.1%。其中，居民医保参保39.2万人。"
    rate = _near(passage, "96.1%")
    count = _near(passage, "39.2万")
    assert whole_given_only(q, [rate, count], words)  # the scheme's count is no rate of it
    own_rate = _near("居民医保参保率95.4%。", "95.4%")
    assert not whole_given_only(q, [rate, own_rate], words)
    # both schemes at once (城乡, 分别): not the whole's
    both = _near("职工医保和居民医保参保率分别为97.0%和95.4%。", "97.0%")
    assert not whole_given_only(q, [both], words)


def test_a_member_that_modifies_nothing_is_no_case() -> None:
    # 入会 is the deed counted, not a modifier of a word the top number says
    q = analyze("漳平市新就业形态劳动者入会人数")
    words = thing_words(q.head or q.target)
    members = _near("全市工会会员12.3万人，其中新就业形态会员0.8万人。", "0.8万")
    assert not whole_given_only(q, [members], words)


def test_a_modifier_said_of_another_figure_later_in_the_sentence() -> None:
    q = analyze("建瓯市有机茶叶种植面积")
    words = thing_words(q.head or q.target)
    passage = "全市茶叶种植面积18.2万亩，茶叶产量2.6万吨，其中有机茶叶产量0.31万吨。"
    area = _near(passage, "18.2万")
    organic = _near(passage, "0.31万")
    assert class_of_another_figure(q, [area, organic], words)
    assert given_instead(q, [area, organic], [{"report_genre": 1.0}] * 2, words) == WHOLE_GIVEN
    # a near number's own clause says the class with the rest of the thing: the figure is there
    stated = _near("有机茶叶种植面积1.1万亩。", "1.1万")
    assert not class_of_another_figure(q, [area, organic, stated], words)
    # said before the number, the class may be the subject said once for the figures after it
    subject = _near("有机茶叶产量0.31万吨，种植面积1.1万亩。", "1.1万")
    assert not class_of_another_figure(q, [subject], words)


def test_a_share_of_another_part_or_base() -> None:
    q = analyze("建瓯市少先队员占学生总数比例")
    words = thing_words(q.head or q.target)
    assert may_be_given_instead(q)
    passage = "从队员结构看，城区队员占58.5%，农村少先队员占41.5%。"
    parts = _near(passage, "41.5%")
    assert share_base_unsaid(q, [parts], words)  # a share of the members, not of the pupils
    assert given_instead(q, [parts], [{"report_genre": 1.0}], words) == SHARE_BASE_UNSAID
    said = _near("全市少先队员4.2万人，占学生总数的83.6%。", "83.6%")
    assert not share_base_unsaid(q, [said], words)  # 总数 measures the base: 学生 is its word
    assert not share_base_unsaid(q, [parts, said], words)  # a near share says both: left to the model
    assert not share_base_unsaid(analyze("建瓯市少先队员比例"), [parts], words)  # no base asked


def test_a_base_said_nowhere_is_the_users_own_name() -> None:
    # the user's 经济总量 for the report's 地区生产总值: the base word said nowhere in the passage is not read
    q = analyze("建瓯市服务业占经济总量的比重")
    words = thing_words(q.head or q.target)
    plain = _near("服务业增加值占地区生产总值的比重为47.2%。", "47.2%")
    assert not share_base_unsaid(q, [plain], words)
    # said in the passage, of another figure: a share of another base
    sentence = "服务业增加值占全省服务业的比重为2.1%。"
    passage = "全年经济总量312亿元。" + sentence
    other = NearText(sentence, sentence[: sentence.index("2.1%")], passage, "一、综合", "某市2024年统计公报")
    assert share_base_unsaid(q, [other], words)
    # a bare "占N%" names no base of its own: the question's base said nowhere is still unsaid
    bare = _near("城区服务业占58.5%，乡镇服务业占41.5%。", "41.5%")
    assert share_base_unsaid(q, [bare], words)


def test_a_part_counted_elsewhere_its_share_not_given() -> None:
    q = analyze("建瓯市畲族长者占65岁以上人口比例")
    words = thing_words(q.head or q.target)
    sentence = "65岁以上人口9.8万人，老年人口比率18.8%。"
    passage = "全市户籍人口52万人，其中畲族人口1.3万人。" + sentence
    at = passage.index("18.8%")
    top = NearText(sentence, passage[passage.index(sentence) : at], passage, "一、人口", "某市人口发展报告")
    assert share_base_unsaid(q, [top], words)
    # the part said nowhere but in the question: not read (may be the user's own name of it)
    alone = NearText(sentence, sentence[: sentence.index("18.8%")], sentence, "一、人口", "某市人口发展报告")
    assert not share_base_unsaid(q, [alone], words)
    # a part word said nowhere may be the user's own name of it (老年人 for 60岁以上人口): not read
    old = analyze("建瓯市老年人口占总人口比例")
    plain = _near("60岁以上人口5.2万人，占总人口的21.3%。", "21.3%")
    assert not share_base_unsaid(old, [plain], thing_words(old.head or old.target))


def test_one_class_of_people_asked_two_joined_given() -> None:
    q = analyze("建瓯市退休职工体检多少人次")
    words = thing_words(q.head or q.target)
    joined = _near("组织退休职工和困难党员体检1,840人次。", "1,840")
    assert people_joined_only(q, [joined])
    assert given_instead(q, [joined], [{"report_genre": 1.0}], words) == JOINED_ONLY
    # the class alone is the figure asked
    assert not people_joined_only(q, [_near("组织退休职工体检1,210人次。", "1,210")])
    # a list said of each item: each figure is one class's
    each = _near("退休职工和困难党员分别体检1,210人次、630人次。", "1,210")
    assert not people_joined_only(q, [each])
    # one industry's name joining two words that are not both people
    plant = analyze("建瓯市机器人产业产值")
    assert not people_joined_only(plant, [_near("机器人及海洋装备产业产值64亿元。", "64亿")])


def test_a_sibling_class_in_the_slot_the_class_asked_counted_elsewhere() -> None:
    q = analyze("建瓯市海事案件诉讼标的额")
    words = thing_words(q.head or q.target)
    civil = _near("全年审结民事案件12,460件，诉讼标的额38.2亿元。", "38.2")
    maritime = _near("审结海事案件86件，平均审理天数41天。", "86件")
    assert sibling_class_in_slot(q, [civil, maritime], words)
    assert given_instead(q, [civil, maritime], [{"report_genre": 1.0}] * 2, words) == SIBLING_GIVEN
    # the class's own figure of the measure asked is near
    own = _near("海事案件诉讼标的额2.4亿元。", "2.4")
    assert not sibling_class_in_slot(q, [civil, maritime, own], words)
    # the class is said nowhere else: left to the other rules
    assert not sibling_class_in_slot(q, [civil], words)


def test_the_whole_broken_down_into_another_class_only() -> None:
    from qa.narrower_class import other_parts_listed

    q = analyze("临湘市骨干教师培训多少人次")
    words = thing_words(q.head or q.target)
    whole = _near("全年培训教师4,200人次，其中校长培训380人次。", "4,200")
    assert other_parts_listed(q, [whole], words)
    assert given_instead(q, [whole], [{"report_genre": 1.0}], words) == WHOLE_GIVEN
    # the class asked is one of the parts, or the breakdown names none
    assert not other_parts_listed(q, [_near("全年培训教师4,200人次，其中骨干教师培训900人次。", "4,200")], words)
    assert not other_parts_listed(q, [_near("全年培训教师4,200人次，比上年增加300人次。", "4,200")], words)
    # the whole asked is the whole given; a near number states the class asked
    plain = analyze("临湘市教师培训多少人次")
    assert not other_parts_listed(plain, [whole], thing_words(plain.head or plain.target))
    stated = _near("骨干教师培训1,100人次。", "1,100")
    assert not other_parts_listed(q, [whole, stated], words)
    assert not other_parts_listed(
        q, [_near("全年培训教师4,200人次，其中校长培训380人次。", "4,200", report=False)], words
    )


def test_a_sum_asked_where_the_parts_stand_apart() -> None:
    from qa.narrower_class import sum_unstated

    q = analyze("临湘市一类和二类企业合计多少家")
    apart = _near("全市企业320家，其中一类企业120家、二类企业86家。", "86家")
    assert sum_unstated(q, [apart])
    assert given_instead(q, [apart], [{"report_genre": 1.0}], thing_words(q.head or q.target)) is not None
    assert not sum_unstated(q, [_near("一类和二类企业合计206家。", "206家")])
    assert not sum_unstated(analyze("临湘市二类企业多少家"), [apart])  # no sum asked
    assert not sum_unstated(q, [_near("全市企业320家，其中一类企业120家、二类企业86家。", "86家", report=False)])


def test_one_thing_asked_where_the_figure_sums_several() -> None:
    from qa.narrower_class import several_joined

    q = analyze("临湘市高龄津贴发放多少")
    joined = _near("高龄津贴和护理补贴两项补贴共发放资金860万元。", "860")
    assert several_joined(q, [joined])
    assert given_instead(q, [joined], [{"report_genre": 1.0}], thing_words(q.head or q.target)) == JOINED_ONLY
    assert not several_joined(analyze("临湘市两项补贴共发放多少"), [joined])  # the sum is asked
    assert not several_joined(q, [_near("发放高龄津贴资金520万元。", "520")])
    assert not several_joined(q, [_near("两项补贴惠及老人3,200人，发放高龄津贴资金520万元。", "520")])


def test_a_part_of_a_whole_asked_with_zhong() -> None:
    from qa.narrower_class import part_of_whole_unsaid, whole_and_part

    q = analyze("漳平市体检中眼科检查了多少人")
    words = thing_words(q.head or q.target)
    split = whole_and_part(q, words)
    assert split is not None and "眼科" in split[1] and "体检" in split[0]
    assert whole_and_part(analyze("漳平市服务中心接待多少人"), thing_words("服务中心接待")) is None  # 中 inside a word
    whole = _near("全年为职工免费体检3.6万人，其中新增体检对象0.4万人。", "3.6万")
    assert part_of_whole_unsaid(q, [whole], words)  # the part (眼科) said by no near number
    own = _near("其中眼科检查1.1万人。", "1.1万")
    assert not part_of_whole_unsaid(q, [whole, own], words)
    # the whole lists the part's word with others, and no number says it alone
    q = analyze("职工提出的建议、意见和诉求中诉求有多少条")
    words = thing_words(q.head or q.target)
    joint = _near("全年收到职工建议、意见和诉求326条。", "326")
    assert part_of_whole_unsaid(q, [joint], words)
    alone = _near("其中诉求108条。", "108")
    assert not part_of_whole_unsaid(q, [joint, alone], words)
    # no part asked
    assert not part_of_whole_unsaid(analyze("漳平市体检了多少人"), [whole], thing_words("体检"))
