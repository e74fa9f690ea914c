"""What the reports do not say: a zone, a place's part, an extent, a year, a part of a year
or a qualifier that the question asks and a number's text does not state (`qa.features.abstention_features`,
`qa.analysis` zones and periods). Every sentence here is invented."""

from __future__ import annotations

from qa.analysis import analyze, without_period, zone_names
from qa.features import (
    ABSTENTION_FEATURES,
    NUMBER_FEATURES,
    narrower_unnamed,
    period_other,
    present_year_other,
    qualifier_other,
    scope_unstated,
    zone_fit,
)


def test_a_development_zone_asked_and_the_names_a_text_gives_it() -> None:
    zone = analyze("甲城经开区地区生产总值")  # 甲城: no place of the gazetteer — the zone's own name
    assert zone.zone == "甲城经开区" and zone.zone_stem == "甲城"
    assert "甲城经济技术开发区" in zone_names(zone)
    city_zone = analyze("泸州经开区地区生产总值")  # a gazetteer place before the kind: the city, not the name
    assert city_zone.zone == "经开区" and city_zone.zone_stem == ""
    assert set(zone_names(city_zone)) >= {"经开区", "经济技术开发区"}
    assert analyze("某市有多少家企业").zone == "" and zone_names(analyze("某市有多少家企业")) == ()
    assert zone_fit(city_zone, "全市地区生产总值完成", "全市地区生产总值完成812亿元", "某市政府工作报告") == {
        "zone_unnamed": 1.0,
        "zone_unasked": 0.0,
    }
    assert zone_fit(city_zone, "经开区完成", "经开区完成地区生产总值96亿元", "")["zone_unnamed"] == 0.0
    assert zone_fit(city_zone, "", "", "某经济技术开发区年鉴")["zone_unnamed"] == 0.0  # its report's title names it
    # a zone's figure where no zone is asked
    plain = analyze("某市规模以上工业增加值是多少")
    assert zone_fit(plain, "某高新区总收入达到", "", "")["zone_unasked"] == 1.0
    assert zone_fit(plain, "全市规模以上工业增加值", "", "")["zone_unasked"] == 0.0


def test_an_undated_figure_of_a_report_on_another_year() -> None:
    asked = analyze("2021年某市地方财政收入")
    assert present_year_other(asked, "地方财政收入完成131亿元", "地方财政收入完成", 2023) == 1.0
    assert present_year_other(asked, "2021年地方财政收入完成120亿元", "2021年地方财政收入完成", 2023) == 0.0
    assert present_year_other(asked, "地方财政收入完成131亿元", "地方财政收入完成", 2021) == 0.0
    assert present_year_other(analyze("某市地方财政收入"), "地方财政收入完成", "", 2023) == 0.0  # no year asked
    # a base year is no year of the sentence's own: "比2021年增长" does not date 131亿元
    assert present_year_other(asked, "收入131亿元，比2021年增长8%", "收入", 2023) == 1.0


def test_a_narrower_report_and_an_extent_not_stated() -> None:
    assert narrower_unnamed(True, ("某省",), "全市共有工会会员46万人") == 1.0
    assert narrower_unnamed(True, ("某省",), "某省共有工会会员800万人") == 0.0
    assert narrower_unnamed(False, ("某省",), "全市共有工会会员46万人") == 0.0
    whole = analyze("全港長者生活津貼個案有多少宗？")
    assert whole.scope == "全港"
    assert scope_unstated(whole, "区内长者生活津贴个案约6,240宗", None) == 1.0
    assert scope_unstated(whole, "全港长者生活津贴个案约22万宗", None) == 0.0
    assert scope_unstated(whole, "全区长者生活津贴个案约6,240宗", None) == 0.0  # another extent stated: scope_other's
    assert scope_unstated(analyze("全省有多少个站点"), "共建成站点120个", "全省") == 0.0  # a province's report
    assert scope_unstated(analyze("某市有多少个站点"), "共建成站点120个", None) == 0.0  # no extent asked


def test_a_part_of_the_year_not_asked() -> None:
    year = analyze("2024年全年某市地区生产总值")
    assert period_other(year, "上半年,全市地区生产总值完成", "") == 1.0
    assert period_other(year, "全市地区生产总值完成", "一、1-9月主要指标") == 1.0  # its section's heading
    assert period_other(year, "全年全市地区生产总值完成", "") == 0.0
    assert period_other(analyze("某市上半年地区生产总值"), "上半年,全市地区生产总值完成", "") == 0.0
    assert period_other(analyze("某市一季度地区生产总值"), "第一季度全市完成", "") == 0.0


def test_a_sibling_qualifier_stated_instead_of_the_one_asked() -> None:
    registered = analyze("某市城镇登记失业率")
    assert qualifier_other(registered, "年末城镇调查失业率5.3%") == 1.0
    assert qualifier_other(registered, "城镇登记失业率2.9%") == 0.0
    assert qualifier_other(registered, "失业率2.9%") == 0.0  # unstated, not another: qualifier_unstated's
    assert qualifier_other(analyze("某市城镇调查失业率"), "城镇调查失业率5.1%，登记失业率2.9%") == 0.0
    assert qualifier_other(analyze("某市人均可支配收入"), "居民收入中位数32000元") == 1.0


def test_the_abstention_features_are_number_features() -> None:
    assert set(ABSTENTION_FEATURES) <= set(NUMBER_FEATURES)
    assert len(set(NUMBER_FEATURES)) == len(NUMBER_FEATURES)


def test_the_part_of_a_year_asked_is_scope_not_the_thing() -> None:
    assert analyze("岳阳上半年税收总额").head == "税收"
    assert analyze("2024年全年岳阳地区生产总值").head == "地区生产总值"
    assert without_period("上半年") == "上半年"  # nothing else left: kept


def test_a_district_named_like_its_city_is_no_zone() -> None:
    assert analyze("桃園區就業人數有多少？").zone == ""  # 园区 inside a place's name


def test_the_gates_unsaid_words_by_class_and_a_sibling_modifier() -> None:
    """The answerability gate's own number features: the thing's words a number's text leaves unsaid, by part
    of speech (`words_unsaid`), and a sibling modifier stated in place of the one asked (`modifier_other`)."""
    import jieba

    from qa.features import GATE_NUMBER_FEATURES, modifier_other, word_class, words_unsaid

    assert set(GATE_NUMBER_FEATURES).isdisjoint(NUMBER_FEATURES)  # the number model does not read them
    assert [word_class(f) for f in ("v", "vn", "n", "nz", "ns", "s", "a", "b")] == [
        "verb",
        "verb",
        "noun",
        "noun",
        "modifier",
        "modifier",
        "modifier",
        "modifier",
    ]
    words, classes = ("近海", "光伏", "发电量"), ("modifier", "noun", "noun")
    assert words_unsaid(words, classes, "远海光伏发电量达到8亿千瓦时") == {
        "unsaid_head": 0.0,
        "unsaid_noun": 0.0,
        "unsaid_verb": 0.0,
        "unsaid_modifier": 0.5,
    }
    assert words_unsaid(words, classes, "近海光伏发电量达到3亿千瓦时")["unsaid_modifier"] == 0.0
    assert words_unsaid(words, classes, "全年用电量达到9亿千瓦时")["unsaid_head"] == 1.0
    assert words_unsaid(("培育", "技师"), ("verb", "noun"), "全区共有技师1200名")["unsaid_verb"] == 1.0
    assert set(words_unsaid((), (), "任何文字").values()) == {0.0}

    cut = jieba.lcut
    question = "某县近海光伏发电量是多少"
    assert modifier_other(words, question, "远海光伏发电量达到8亿千瓦时", cut) == 1.0  # 远海 in place of 近海
    assert modifier_other(words, question, "近海光伏发电量达到3亿千瓦时", cut) == 0.0  # the one asked
    assert modifier_other(words, question, "全年用电量达到9亿千瓦时", cut) == 0.0  # nothing it modifies


def test_the_share_of_the_things_words_a_passage_does_not_hold() -> None:
    from qa.features import passage_unsaid

    assert passage_unsaid(("甲湾", "长者", "人口"), "全区长者人口约3万人") == 1 / 3
    assert passage_unsaid(("长者", "人口"), "全区长者人口约3万人") == 0.0
    assert passage_unsaid(("个",), "任何文字") == 0.0  # no word of two characters: nothing to miss


def test_a_sibling_things_figure_named_by_another_word_before_the_head() -> None:
    """`modifier_sibling`: a word of the thing before its head (one character or more) missing from the number's
    own text, which names the head after a word the question does not hold. Invented sentences."""
    import jieba

    from qa.features import modifier_sibling

    cut = jieba.lcut
    question = "某县老年会员有多少人"
    assert modifier_sibling(("老年", "会员"), question, "青年会员3200人", cut) == 1.0  # another kind of member
    assert modifier_sibling(("老年", "会员"), question, "老年会员1800人", cut) == 0.0  # the one asked
    assert modifier_sibling(("老年", "会员"), question, "会员合计5000人", cut) == 0.0  # no word in the slot
    assert modifier_sibling(("老年", "会员"), question, "全县职工8000人", cut) == 0.0  # the head not named
    assert modifier_sibling(("会员",), question, "青年会员3200人", cut) == 0.0  # nothing before the head asked
    # a one-character modifier counts; a word of the question in the slot is no sibling
    assert modifier_sibling(("女", "技师"), "某县女技师多少名", "高级技师120名", cut) == 1.0
    assert modifier_sibling(("女", "技师"), "某县高级女技师多少名", "高级技师120名", cut) == 0.0


def test_a_document_written_as_a_report_by_its_form() -> None:
    """`report_genre`: a report's genre word in its title or a short opening line, or numbered section
    headings; an encyclopedia's one-paragraph article has neither. Invented texts."""
    from qa.features import GATE_NUMBER_FEATURES, report_genre

    article = (
        "甲河是乙国东部的一条河流，全长约480公里，流域面积1.2万平方公里。"
        "19世纪中叶，河口附近建成了港口，当时的报告称其年吞吐量为3万吨。"
    )
    assert not report_genre("甲河", article)  # 报告 inside a long line of prose is no title
    assert report_genre("某县总工会2024年工作总结", "全年新建工会12个。")
    assert report_genre("", "首页 > 统计信息\n2024年某县经济运行情况\n全年地区生产总值120亿元。")
    assert report_genre("document-17", "一、组织建设\n全县有工会80个。\n二、服务职工\n开展培训5场。")
    assert not report_genre("document-17", "一、组织建设\n全县有工会80个。")  # one heading alone
    assert "report_genre" in GATE_NUMBER_FEATURES and "modifier_sibling" in GATE_NUMBER_FEATURES
