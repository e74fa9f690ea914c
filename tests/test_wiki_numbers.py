"""Numeric answers on encyclopedia-style text: date questions (the event asked, the part of a date asked),
number forms (digits between Chinese magnitudes, fractions, currencies) and the features that read them.
Every sentence here is invented."""

from __future__ import annotations

import pytest

from index.normalize import match_view
from index.numbers import date_part, extract_numbers, parse_number_text
from qa.analysis import analyze
from qa.features import (
    ITEM_FEATURES,
    NUMBER_FEATURES,
    RELATIVE_FEATURES,
    RULE_NUMBER_FEATURES,
    SENTENCE_KEY,
    Needle,
    Passage,
    date_part_fit,
    number_features,
    slot_fit,
    value_in_question,
    year_like,
)


def _cut(text: str) -> list[str]:
    import jieba

    return jieba.lcut(text)


@pytest.mark.parametrize(
    "question, part",
    [
        ("某城堡是於西元幾年建成的？", "year"),
        ("某運動員是在2011年的幾月時退役？", "month"),
        ("某河的汛期大約從幾月開始？", "month"),
        ("某展覽在3月幾日開幕？", "day"),
    ],
)
def test_a_date_question_says_which_part_of_a_date_it_asks(question: str, part: str) -> None:
    q = analyze(question)
    assert q.kind == "date" and q.date_part == part


@pytest.mark.parametrize(
    "question, head",
    [
        ("第三次某某會戰是於西元幾年的事情？", "第三次某某会战"),  # 是于…的事情 frames the year
        ("某甲於西元幾年的時候過世？", "某甲过世"),  # the actor and the event, not 过世 alone
        ("某遊戲的公測是於西元幾年時所進行？", "某游戏的公测"),
        ("西元幾年產生的某物是第一種某某？", "产生的某物是第一种某某"),
    ],
)
def test_a_date_question_asks_about_its_event(question: str, head: str) -> None:
    assert analyze(question).head == head


def test_count_questions_that_read_like_dates_or_tens() -> None:
    # a date the question states, followed by 期间, is no 日期 asked
    stated = analyze("某聯盟的成員數於1930年9月28日至1931年2月23日期間達到多少個？")
    assert stated.kind == "count" and stated.measure == "个"
    tens = analyze("大約有幾十個人報名參加某項比賽？")
    assert tens.kind == "count" and tens.measure == "人"  # 几十个人: people
    days = analyze("某展覽的展期最少要幾日？")
    assert days.kind == "count" and days.measure == "天"  # days counted, not a day of the month


def test_a_measure_word_that_begins_a_word_is_none() -> None:
    young = analyze("某村有多少年輕人外出務工？")
    assert young.kind == "count" and young.measure is None and young.head.startswith("年轻人")
    assert analyze("这个王朝维持了多少年").measure == "年"  # a duration keeps its 年
    wins = analyze("某隊的勝率新紀錄是多少勝？")
    assert (wins.kind, wins.measure) == ("count", "胜")  # 胜率 names the record; 多少胜 counts wins
    assert [(m.text, m.unit) for m in extract_numbers("某隊本季以47勝35負作收")] == [("47勝", "胜"), ("35負", "负")]


def test_positions() -> None:
    kinds = [m.kind for m in extract_numbers("某校在某排行榜上位列37名,共有37名教授。")]
    assert kinds == ["ordinal", "quantity"]  # a position, then a count of people
    q = analyze("某國的國土面積於世界排名中位居第幾位？")
    assert q.kind == "ordinal" and q.units == frozenset()  # 平方公里 is no position


def test_the_words_next_to_the_interrogative() -> None:
    q = analyze("某公司於西元幾年收購了某工廠？")
    assert q.slot_left.endswith("某公司于") and q.slot_right.startswith("收购")
    assert analyze("某湖的面積約為多少的12倍？").stated_values == (12.0,)


@pytest.mark.parametrize(
    "text, surface, value, unit",
    [
        ("某基金會捐贈了2億3千4百萬美元給學校。", "2億3千4百萬美元", 234000000, "美元"),
        ("總投資3千5百萬元。", "3千5百萬元", 35000000, "元"),
        ("資本額為8億泰銖。", "8億泰銖", 800000000, "泰铢"),
        ("約合新臺幣2萬元", "2萬元", 20000, "元"),
        ("某國失去了1/3的人口。", "1/3", 33.33, "%"),
        ("超過全市總數的三分之一。", "三分之一", 33.33, "%"),
        ("僅佔千分之五。", "千分之五", 0.5, "%"),
    ],
)
def test_number_forms_of_encyclopedia_text(text: str, surface: str, value: float, unit: str) -> None:
    found = {m.text: (m.value, m.unit, m.kind) for m in extract_numbers(text)}
    assert found.get(surface) == (value, unit, "quantity"), found


def test_forms_that_stay_as_they_were() -> None:
    assert parse_number_text("27万8千人") == (278000, "人", None)
    assert parse_number_text("3亿1,200万元") == (312000000, "元", None)
    assert [m.text for m in extract_numbers("這件事十分重要")] == []
    assert [m.value for m in extract_numbers("24/7的服務")] == []  # not a fraction (7 < 24)


def test_the_part_of_a_date() -> None:
    text = "2015年6月9日，某人在港口登船。"
    (mention,) = [m for m in extract_numbers(text) if m.kind == "date"]
    month, day, year = (date_part(mention, p) for p in ("month", "day", "year"))
    assert month is not None and (month.value, month.unit, text[month.start : month.end]) == (6, "月", "6月")
    assert day is not None and (day.value, text[day.start : day.end]) == (9, "9日")
    assert year is not None and (year.value, year.unit, year.kind) == (2015, "年", "year")
    no_year = [m for m in extract_numbers("汛期始於6月12日前後") if m.kind == "date"][0]
    assert date_part(no_year, "year") is None and date_part(no_year, "month").value == 6  # type: ignore[union-attr]


def test_date_features() -> None:
    q = analyze("某城於西元幾年建成？")
    year = extract_numbers("某城於1314年建成。")[0]
    assert date_part_fit(q, year) == 1.0
    month_q = analyze("某城在1314年的幾月建成？")
    assert date_part_fit(month_q, year) == 0.0
    assert date_part_fit(analyze("某城有多少人口？"), year) == 0.0  # not a date question


def test_slot_and_given_number_features() -> None:
    q = analyze("某公司於西元幾年收購了某工廠？")
    text = "某公司于1998年收购了某工厂,并于2003年上市。"
    first, second = [m for m in extract_numbers(text) if m.kind == "year"]
    near, far = slot_fit(q, text, first.start, first.end), slot_fit(q, text, second.start, second.end)
    assert near["slot_left"] > far["slot_left"] and near["slot_right"] > far["slot_right"]
    times = analyze("某湖的面積約為多少的12倍？")
    given, asked = extract_numbers("某湖面積約為某池的12倍,某池面積3,175平方公里。")
    assert value_in_question(times, given) == 1.0 and value_in_question(times, asked) == 0.0
    assert year_like(extract_numbers("他的2007專輯")[0]) == 1.0
    assert year_like(extract_numbers("共有2007人")[0]) == 0.0


def test_features_read_the_matching_view_of_a_traditional_passage() -> None:
    """in_question compares the number as the view writes it (45分鐘 is 45分钟 in the question), and the
    era before a year is no word the question shares with the item."""
    q = analyze("45分鐘一節的課程學費約多少錢？")
    written = "以45分鐘為一節,學費約3200日圓。"
    minutes, price = [m for m in extract_numbers(written) if m.kind == "quantity"]
    assert minutes.text == "45分鐘"  # as written; the view (same offsets) says 45分钟
    passage = Passage(view=match_view(written).text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, _cut)
    got = number_features(q, needle, needle, minutes, passage, (), _cut)
    # every feature of one number (the relative ones are read over the question's candidates: `relative_features`)
    # and the item ones over its sentence's: `item_features`, which groups by `SENTENCE_KEY`)
    own = set(NUMBER_FEATURES) - set(RELATIVE_FEATURES) - set(ITEM_FEATURES)
    assert got["in_question"] == 1.0 and set(got) == own | set(RULE_NUMBER_FEATURES) | {SENTENCE_KEY}
    assert number_features(q, needle, needle, price, passage, (), _cut)["in_question"] == 0.0
    dated = analyze("某城是於西元幾年建成？")
    era_text = "西元1702年,某人率軍抵達。"
    (era_year,) = extract_numbers(era_text)
    era = number_features(
        dated, needle, needle, era_year, Passage(view=era_text, heading="", rank=0, fused=1.0), (), _cut
    )
    assert era["item_precision"] == 0.0


def test_digits_and_magnitudes_that_make_no_numeral_are_no_number() -> None:
    """cn2an reads 2亿3千4百万; a run it cannot read as one numeral gives no mention, not a made-up value."""
    assert [m.value for m in extract_numbers("资金2亿3千4百万元")] == [234000000]
    assert extract_numbers("共3亿2亿元") == [] and extract_numbers("10万20千人") == []
