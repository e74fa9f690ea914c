"""A comma inside a figure ("1,126家", "23,960元") groups its thousands: no clause ends there for the splitters of
clauses the rules and features read (qa.features, qa.given_instead, qa.place_scope, the question's analysis) nor for
the cut of an over-long sentence (index.segments). A number's own clause and item bounds (`CLAUSE_END`,
`SEGMENT_END`) keep the comma: the number model was fitted on them. Every sentence here is invented."""

from __future__ import annotations

import re

from index.segments import BREAK_COMMA, THOUSANDS_COMMA, sentence_spans
from qa.analysis import analyze, ask_slot
from qa.features import respective_fit, respective_items
from qa.given_instead import _CLAUSE_BREAK as GIVEN_CLAUSE_BREAK
from qa.place_scope import _CLAUSE_START


def test_a_thousands_comma_is_no_break() -> None:
    breaks = re.compile(BREAK_COMMA)
    text = "全镇民宿达到2,318家，床位14,605张、从业者3，072人"
    comma = text.index("，")
    # the full-width 3，072 is a figure too (the matching view writes it 3,072)
    assert [m.start() for m in breaks.finditer(text)] == [comma]
    assert not THOUSANDS_COMMA.match(text, comma) and THOUSANDS_COMMA.match(text, text.index(",318"))
    # a group of three after a longer run of digits, or before more than three, is no figure's group: a break
    for other in ("编号20245,318号", "2019,2020年", "分别为3,15个", "增长8%,126家"):
        assert breaks.search(other), other
    assert not breaks.search("常住人口3,402,517人")


def test_respective_items_past_a_thousands_figure() -> None:
    # 分别 opens its clause: the items are the clause before, whose figures have thousands commas
    text = "甲乡接待游客12,400人次、乙乡9,860人次，分别增长5%和3%。"
    spans = [(text.index("5%"), text.index("5%") + 2), (text.index("3%"), text.index("3%") + 2)]
    pairs = respective_items(text, spans)
    assert [pairs[s][0].rstrip("，") for s, _ in spans] == ["甲乡接待游客12,400人次", "乙乡9,860人次"]


def test_the_rules_split_clauses_alike() -> None:
    before = "全县农家乐达到1,126"
    assert GIVEN_CLAUSE_BREAK.split(before)[-1] == before
    assert _CLAUSE_START.split("全年发放补贴3,260万元，惠及农户1,045")[-1] == "惠及农户1,045"


def test_a_long_sentence_is_never_cut_inside_a_figure() -> None:
    # the last clause mark in the second half of the window is a thousands comma: the cut falls at the clause's comma
    text = "全市" + "推进乡村道路硬化，" * 30 + "新建道路1,126公里。"
    for start, end in sentence_spans(text, max_chars=len(text) - 4):
        assert not text[start:end].startswith("126公里")


def test_a_question_quoting_a_thousands_figure_keeps_its_slot() -> None:
    # the words next to the interrogative run past the figure's comma, up to the clause's own
    assert ask_slot("满1,200有多少户", "户")[0] == "1,200有"
    assert ask_slot("去年,有多少户", "户")[0] == "有"


def test_one_word_naming_both_items_of_a_respective_list() -> None:
    # "城乡X分别为x、y": the town's figure first, the country's second
    text = "城乡居民医保补助标准分别提高到每人每年1,120元和980元。"
    spans = [(text.index("1,120"), text.index("1,120") + 6), (text.index("980"), text.index("980") + 4)]
    pairs = respective_items(text, spans)
    town, country = (pairs[s] for s, _ in spans)
    assert town[0] == "城镇居民医保补助标准" and country[0] == "农村居民医保补助标准"
    asked = analyze("某县农村居民医保补助标准是多少")
    assert respective_fit(asked, (), country)["respective_match"] == 1.0
    assert respective_fit(asked, (), town)["respective_other"] == 1.0
    city = analyze("某县城市居民医保补助标准是多少")  # 城市 asks the town's item
    assert respective_fit(city, (), town)["respective_match"] == 1.0
    # a question naming 城镇 of another thing asks neither part
    other = analyze("某县城镇新增就业多少人")
    assert respective_fit(other, (), town) == {"respective_match": 0.0, "respective_other": 0.0}
