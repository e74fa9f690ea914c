"""Numeric answers: typed question kinds and measures, year mentions of any century, the scope features
(document year, units of what is counted, per-unit figures), the listwise fit of the number model and a
refit of one model kind that keeps the other."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from eval import train_scorer
from index.chunking import Chunk
from index.numbers import calendar_years, extract_numbers
from index.segments import statement_bounds, table_row_bounds
from index.tokenize import Tokenizer
from qa.analysis import PEOPLE_UNITS, analyze
from qa.answer import Assistant, answer_sentence
from qa.features import (
    NUMBER_FEATURES,
    Needle,
    Passage,
    change_from,
    change_stated,
    change_unasked,
    dating_year,
    level_unasked,
    local_place_unnamed,
    own_years,
    place_only_later,
    plan_unasked,
    plan_unstated,
    qualifier_unstated,
    respective_fit,
    respective_items,
    scope_fit,
    section_heading,
    section_plan,
    section_year_other,
    stock_fit,
    unit_fit,
    year_attached,
    year_fit,
    years_stated,
)
from qa.scorer import Scorer
from qa.span_features import SENTENCE_FEATURES as SPAN_FEATURES

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "question, kind, measure",
    [
        ("这座城堡建于西元幾年？", "date", "年"),  # traditional script, an era: a calendar year
        ("王朝于几年迁都", "date", "年"),
        ("这个王朝维持了多少年", "count", "年"),  # a duration stays a count
        ("某县少数民族占总人口的百分之多少", "share", "%"),
        ("某市驿站接待户外劳动者的人次", "count", "人次"),  # no interrogative: the counted noun asks
        ("某市各级工会组织的招聘会场数", "count", "场"),
        ("参加某区宣讲活动的职工人次数量", "count", "人次"),
        ("新生儿一天要睡多少个小时", "count", "小时"),  # 个 before a time unit is part of it
        ("某项目是几年行动", "count", "年"),
        ("某省生产总值比上年增长了多少", "share", "%"),  # a change with no measure word: a percentage
        ("某市站点比上年增加了多少个", "count", "个"),
    ],
)
def test_kind_and_measure(question: str, kind: str, measure: str) -> None:
    q = analyze(question)
    assert (q.kind, q.measure) == (kind, measure)


def test_people_asked_are_counted_in_people_units() -> None:
    q = analyze("某市资助了多少困难职工子女")
    assert q.kind == "count" and q.measure is None and q.units == PEOPLE_UNITS
    assert analyze("某市有多少爱心驿站").units == frozenset()


def test_what_is_carried_is_counted_in_passengers_or_freight() -> None:
    # a volume carried or passing through: 人次 or 吨, never the 条 of a route beside it
    for question in ("某县公交年运量", "某港集装箱吞吐量是多少", "某站春运客流量"):
        units = analyze(question).units
        assert {"人次", "吨"} <= units and "条" not in units and "个" not in units


def test_a_starting_year_is_not_the_year_asked() -> None:
    assert analyze("某市自2019年以来累计开展了多少场评议活动").year is None
    assert analyze("2019年某市有多少爱心驿站").year == 2019


@pytest.mark.parametrize(
    "text, surface, kind",
    [
        ("西元1314年，王室遷都奧斯陸", "1314年", "year"),
        ("到了1661年，城市重建", "1661年", "year"),
        ("民国19年成立", "19年", "year"),
        ("已有3,000年的历史", "3,000年", "quantity"),  # a span of years
        ("长达1500年", "1500年", "quantity"),
        ("平均海拔1,100公尺", "1,100公尺", "quantity"),
        ("形成三级网络", "三级", "quantity"),
    ],
)
def test_year_and_unit_mentions(text: str, surface: str, kind: str) -> None:
    found = {m.text: m.kind for m in extract_numbers(text)}
    assert found.get(surface) == kind, found


@pytest.mark.parametrize(
    "question, places, local",
    [
        ("狮山镇有多少个工会驿站？", [], ("狮山镇",)),  # a town the gazetteer lacks
        ("新北市有多少家企业工会？", ["新北市"], ()),  # Taiwan's (index/data/outer_places.csv), not 常州's 新北区
        ("110年台北市劳动条件检查有多少场次？", ["台北市"], ()),
        ("110年狮山镇劳动条件检查有多少场次？", [], ("狮山镇",)),  # the year is no part of the name
        ("江苏滨海县共有多少个农机合作社", ["滨海县"], ()),
        ("台州玉环市打造了多少分钟的健身圈", ["玉环县"], ()),  # the gazetteer's older name of the same place
        ("全市有多少个社区", [], ()),
        ("农贸市场有多少", [], ()),
        ("两江新区有多少家工会", [], ("两江新区",)),  # a named new district
        ("规划新区有多少企业", [], ()),  # a common phrase
    ],
)
def test_places_the_gazetteer_lacks(question: str, places: list[str], local: tuple[str, ...]) -> None:
    q = analyze(question)
    assert [p.name for p in q.places] == places and q.local_places == local


def test_republic_of_china_years_and_sums_over_listed_names() -> None:
    assert analyze("臺北市111年度勞動條件檢查有多少場次？").year == 2022
    assert analyze("110年台北市劳动条件检查有多少场次？").year == 2021
    assert analyze("东湖街道、西山镇和南岭镇的基层工会加起来有多少家？").reason
    assert analyze("长沙市有多少名全国劳动模范？").scope is None  # an honour, not the nation


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("提供2萬3,000餘件咨询", 23000, "件", "余"),
        ("罚款合计1億2,360萬元", 123600000, "元", None),
        ("会员38萬6千人", 386000, "人", None),
    ],
)
def test_a_magnitude_with_a_remainder(text: str, value: int, unit: str, qualifier: str | None) -> None:
    first = extract_numbers(text)[0]
    assert (first.value, first.unit, first.qualifier, first.kind) == (value, unit, qualifier, "quantity")


def _passage(text: str) -> Passage:
    return Passage(view=text, heading="", rank=0, fused=1.0)


def test_an_undated_sentence_speaks_of_the_documents_present() -> None:
    sentence = "全市现有爱心驿站27个。"
    stated = years_stated("2019年以来……2024年是……")
    assert stated == frozenset({2019, 2024})
    present = year_fit(analyze("2024年某市有多少爱心驿站"), sentence, _passage(sentence), stated)
    earlier = year_fit(analyze("2019年某市有多少爱心驿站"), sentence, _passage(sentence), stated)
    unstated = year_fit(analyze("2023年某市有多少爱心驿站"), sentence, _passage(sentence), stated)
    assert present == {"year_match": 1.0, "year_conflict": 0.0}
    assert earlier["year_conflict"] == unstated["year_conflict"] == 1.0
    # A sentence that states its year is judged by it, whatever the document states.
    dated = "2019年全市有爱心驿站12个。"
    assert year_fit(analyze("2019年某市有多少爱心驿站"), dated, _passage(dated), stated)["year_match"] == 1.0


def test_unit_fit_knows_currencies_and_people() -> None:
    money = analyze("某校收到的最大一笔捐赠金额有多少钱")
    assert unit_fit(money, "美元")["unit_family"] == 1.0 and unit_fit(money, "美元")["unit_conflict"] == 0.0
    people = analyze("某市资助了多少困难职工子女")
    assert unit_fit(people, "名")["unit_exact"] == 1.0 and unit_fit(people, "元")["unit_conflict"] == 1.0
    stations = analyze("某市爱心站点的数量")
    assert unit_fit(stations, "人")["unit_people_unasked"] == 1.0
    assert unit_fit(stations, "家")["unit_people_unasked"] == 0.0


def test_a_place_is_not_answered_by_a_wider_extent() -> None:
    city = analyze("江门有多少个工会驿站")
    assert scope_fit(city, "", "全国建成工会驿站18.61万个")["scope_wider"] == 1.0
    assert scope_fit(city, "", "全省建成工会驿站2183个")["scope_wider"] == 1.0
    for clause in (
        "3人获全国五一劳动奖章",
        "驿站数占全省的一成",
        "全市建成工会驿站27个",
        "在全国率先建成工会驿站27个",  # a rank among the nation's
        "建成全国示范驿站5个",
        "获评全省标杆驿站3个",  # a grade conferred: the count is the place's own
    ):
        assert scope_fit(city, "", clause)["scope_wider"] == 0.0, clause
    town = analyze("狮山镇有多少个工会驿站")
    assert scope_fit(town, "", "全区建成工会驿站128个")["scope_wider"] == 1.0
    province = analyze("陕西有多少个工会驿站")
    assert scope_fit(province, "", "全省建成工会驿站2183个")["scope_wider"] == 0.0
    assert scope_fit(analyze("全国有多少个工会驿站"), "全国建成驿站18.61万个", "")["scope_match"] == 1.0


def test_a_district_or_county_is_not_answered_by_its_citys_whole() -> None:
    district = analyze("海淀区有多少个工会驿站")
    assert scope_fit(district, "", "全市共建成工会驿站1300个")["scope_wider"] == 1.0
    assert scope_fit(district, "", "全区建成工会驿站96个")["scope_wider"] == 0.0
    assert scope_fit(district, "", "总量位居全市第一")["scope_wider"] == 0.0  # a ranking, not an extent
    # a county-level city says 全市 of itself
    assert scope_fit(analyze("义乌市有多少个工会驿站"), "", "全市共建成工会驿站210个")["scope_wider"] == 0.0
    new_district = analyze("两江新区有多少个工会驿站")  # a district the gazetteer lacks
    assert scope_fit(new_district, "", "全市共建成工会驿站1300个")["scope_wider"] == 1.0


def test_the_year_a_number_is_stated_for_in_its_own_clause() -> None:
    asked = analyze("2021年某市有多少个服务站点")
    text = "截至2022年底，全市共建成服务站点980个，比2021年底的870个增加110个。"
    none = {"year_attached": 0.0, "year_attached_other": 0.0}

    def attached(number: str, sentence: str = text) -> dict[str, float]:
        at = sentence.index(number)
        return year_attached(asked, sentence[sentence.rfind("，", 0, at) + 1 : at], sentence)

    assert attached("870个") == {"year_attached": 1.0, "year_attached_other": 0.0}
    assert attached("110个") == none  # another figure stands between the year and it
    assert attached("980个") == none  # its own clause states no year
    other = "2022年新建服务站点120个，比2021年增加15个。"
    assert attached("120个", other) == {"year_attached": 0.0, "year_attached_other": 1.0}
    roc = "112年度健检服务8,900人，较110年度的7,600人增加。"  # 民国110年 is 2021
    assert attached("7,600人", roc) == {"year_attached": 1.0, "year_attached_other": 0.0}
    # a sentence of one year: year_fit says all there is
    assert attached("95个", "截至2021年12月底共有服务站点95个。") == none
    assert year_attached(analyze("某市有多少个服务站点"), "比2021年底的", text) == none


def test_a_people_noun_counted_before_a_verb_asks_people() -> None:
    pos = Tokenizer().pos
    assert analyze("某市资助了多少困难职工子女上了大学", pos=pos).units == PEOPLE_UNITS
    assert analyze("某区有多少农民工实现就业", pos=pos).units == PEOPLE_UNITS
    # a people noun that names a thing ("职工书屋"), or none at all: no people asked
    assert analyze("某市有多少职工书屋建成", pos=pos).units == frozenset()
    assert analyze("某市有多少会员单位", pos=pos).units == frozenset()
    assert analyze("某市资助了多少困难职工子女上了大学").units == frozenset()  # without tags: the last word only


def test_an_undated_sentence_belongs_to_the_year_its_section_states() -> None:
    text = "一、2021年工作回顾\n全年完成某项投资300亿元。\n二、2022年工作安排\n计划完成某项投资320亿元。"
    passage = _passage(text)
    first, second = text.index("全年"), text.index("计划")
    asked = analyze("2022年某市某项投资是多少")
    assert section_year_other(asked, passage, first, text[first : text.index("\n二")]) == 1.0
    assert section_year_other(asked, passage, second, text[second:]) == 0.0
    assert section_year_other(analyze("某市某项投资是多少"), passage, first, "全年完成某项投资300亿元。") == 0.0
    # a sentence that states its own year is judged by year_fit, not by its section
    assert section_year_other(asked, passage, first, "2022年完成某项投资300亿元。") == 0.0


def test_a_bulletins_issue_date_is_no_year_its_section_states() -> None:
    text = "某市2022年国民经济和社会发展统计公报\n某市统计局（2023年3月）\n一、综合\n全年全市生产总值500亿元。"
    passage = _passage(text)
    first = text.index("全年")
    assert section_year_other(analyze("2022年某市生产总值是多少"), passage, first, text[first:]) == 0.0
    assert section_year_other(analyze("2023年某市生产总值是多少"), passage, first, text[first:]) == 1.0
    # a date the statement runs to is a year it is about
    dated = "截至2023年3月，全市累计建成站点40个。"
    assert section_year_other(analyze("2022年某市有多少站点"), _passage(dated), len(dated), "") == 1.0


def test_a_town_asked_is_named_by_the_sentence_or_the_title() -> None:
    town = analyze("某某镇有多少个工会驿站")
    assert town.local_places
    district = Passage(view="", heading="", rank=0, fused=1.0, title="某区总工会工作报告")
    assert local_place_unnamed(town, district, "全区建成工会驿站30个。") == 1.0
    assert local_place_unnamed(town, district, "某某镇建成工会驿站3个。") == 0.0
    own = Passage(view="", heading="", rank=0, fused=1.0, title="某某镇总工会工作报告")
    assert local_place_unnamed(town, own, "全镇建成工会驿站3个。") == 0.0


def test_words_of_the_thing_asked_whole_not_bigrams() -> None:
    needle = Needle(grams=("房价", "中位", "位数"), weights=(1.0, 1.0, 2.0), tail=("位数",), words=("房价", "中位数"))
    assert needle.words_in("房价中位数为每平方米4万元") == 1.0
    assert needle.words_in("平均房价为每平方米4万元") == 1 / 3  # the head noun counts double
    assert needle.words_in("平均租金为每平方米100元") == 0.0


def _example(qid: str, rows: list[list[float]], labels: list[int], unanswerable: bool = False) -> dict:
    return {
        "set_name": "dev_questions",
        "qid": qid,
        "split": "train",
        "type": "number",
        "rows": rows,
        "labels": labels,
        "unanswerable": unanswerable,
        "numeric_gold": True,
    }


def _toy(n_features: int) -> list[dict]:
    """Questions whose right candidate has feature 0 high; unanswerable ones have only low candidates."""
    out = []
    for i in range(40):
        low = [0.1 * (i % 3)] + [0.0] * (n_features - 1)
        high = [1.0] + [0.5] * (n_features - 1)
        if i % 4 == 0:
            out.append(_example(f"u{i}", [low, low], [0, 0], unanswerable=True))
        else:
            out.append(_example(f"q{i}", [low, high, low], [0, 1, 0]))
    return out


def test_listwise_fit_ranks_and_abstains() -> None:
    data = [train_scorer.Example(**row) for row in _toy(len(NUMBER_FEATURES))]
    model = train_scorer._fit(data, NUMBER_FEATURES, "listwise", balance=True)
    assert model["weights"][0] > 0
    models = {"number": model}
    scorer = Scorer.from_json({"models": models})
    models["number"]["abstain"] = train_scorer._threshold(scorer, "number", data, balance=True)
    scorer = Scorer.from_json({"models": models})
    figures = train_scorer.figures(scorer, data)["dev_questions · number"]["train"]
    assert figures["answered_right"] == 30 and figures["abstained_right"] == figures["unanswerable"] == 10


def test_the_cut_is_set_on_out_of_fold_logits() -> None:
    data = [train_scorer.Example(**row) for row in _toy(len(NUMBER_FEATURES))]
    oof = train_scorer._cross_validated_best(data, "number", "listwise", balance=True)
    assert len(oof) == len(data) and all(s > -1e9 for s in oof)
    model = train_scorer._fit(data, NUMBER_FEATURES, "listwise", balance=True)
    scorer = Scorer.from_json({"models": {"number": model}})
    cut = train_scorer._threshold(scorer, "number", data, balance=True, scores=oof)
    answerable = [s for s, ex in zip(oof, data) if not ex.unanswerable]
    unanswerable = [s for s, ex in zip(oof, data) if ex.unanswerable]
    assert max(unanswerable) < cut < min(answerable)


def test_refit_of_one_kind_keeps_the_other(tmp_path: Path) -> None:
    """`--kind number` rewrites the number model and its figures; the span model is kept byte for byte.
    Read from a labelled-candidate cache, so no index is needed."""
    cache = tmp_path / "cache"
    cache.mkdir()
    rows = _toy(len(NUMBER_FEATURES))
    (cache / "dev_questions.number.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    span = {"features": list(SPAN_FEATURES), "weights": [0.5] * len(SPAN_FEATURES), "bias": -1.0, "abstain": 2.0}
    out = tmp_path / "weights.json"
    out.write_text(json.dumps({"models": {"span": span}, "training": {"x · span": {"train": {}}}}), "utf-8")
    train_scorer.main(
        ["--kind", "number", "--cache", str(cache), "--out", str(out), str(ROOT / "eval/sets/dev_questions.jsonl")]
    )
    written = json.loads(out.read_text("utf-8"))
    assert written["models"]["span"] == span and "x · span" in written["training"]
    assert written["models"]["number"]["features"] == list(NUMBER_FEATURES)
    assert written["models"]["number"]["objective"] == "listwise"
    assert "dev_questions · number" in written["training"]
    assert "out-of-fold logits" in written["models"]["number"]["abstain_cut"]


def test_a_year_the_report_does_not_speak_of_gets_no_number(assistant: Assistant) -> None:
    """The seed report of 江门 states its figures for its own present: asked for a year it does not state,
    or an earlier one its undated "现有…" sentence does not speak of, it abstains; undated, it answers."""
    assert assistant.ask("江门有多少爱心驿站").numbers[0].value == 27
    for question in ("2023年江门有多少爱心驿站", "2019年江门有多少爱心驿站"):
        answer = assistant.ask(question)
        assert not answer.found and not answer.numbers, (question, answer.answer)
        assert question[:5] in answer.answer  # the year asked is named in what was not found


def test_a_flattened_table_row_is_one_statement() -> None:
    text = "二、各区指标\n区县: 甲区; 地区生产总值: 512.9亿元; 增速: 7.4%\n区县: 乙区; 地区生产总值: 64.8亿元; 增速: 5.9%\n"
    text += "注：数据为初步核算。全市增长6%；其中服务业：3个百分点\n"
    at = text.index("7.4%")
    left, right = statement_bounds(text, at, at + 4)
    assert text[left:right] == "区县: 甲区; 地区生产总值: 512.9亿元; 增速: 7.4%"  # its label names the place
    note = text.index("6%")
    assert table_row_bounds(text, note, note + 2) is None  # prose with colons is no row
    assert statement_bounds(text, note, note + 2) != (left, right)
    chunk = Chunk("c", "d", 0, len(text), text, "", (), tuple(m for m in extract_numbers(text) if m.text == "7.4%"))
    assert answer_sentence(chunk, chunk.numbers[0], "") == "区县: 甲区; 地区生产总值: 512.9亿元; 增速: 7.4%。"


def test_a_long_list_sentence_keeps_the_nouns_listed_before_the_figures_item() -> None:
    # the nouns before "、" share the figure: all three groups were visited, not the last one alone
    text = "元旦春节期间开展“冬日暖心”走访活动，走访慰问低保家庭、留守儿童和孤寡老人1.2万人次，发放慰问物资折合860万元，其中县本级120万元。"
    chunk = Chunk(
        "c", "d", 0, len(text), text, "", (), tuple(m for m in extract_numbers(text) if m.text == "1.2万人次")
    )
    assert answer_sentence(chunk, chunk.numbers[0], "某县") == "某县走访慰问低保家庭、留守儿童和孤寡老人1.2万人次。"
    # items holding their own figures stay apart ("奖状3个、奖章11名": 奖章's item alone)
    text = "推荐表彰省五一劳动奖状3个、奖章11名、工人先锋号9个，全县各级工会组织共表彰先进集体和先进个人合计二百余个（名），营造了崇尚劳动的浓厚氛围。"
    chunk = Chunk("c", "d", 0, len(text), text, "", (), tuple(m for m in extract_numbers(text) if m.text == "11名"))
    assert answer_sentence(chunk, chunk.numbers[0], "") == "奖章11名。"


@pytest.mark.parametrize(
    "question, bare",
    [
        ("某县常住人口", True),  # a noun phrase typed as a lookup asks the figure it names
        ("2022年某市一般公共预算收入", True),
        ("某市职工书屋的数量", True),
        ("某市工会的服务品牌", False),  # names no quantity: a passage is looked up
        ("这座桥建成的时间", False),
        ("某国的首都为？", False),  # a cloze: the sentence stops at its verb
        ("某市有多少职工书屋", False),  # an interrogative: asked, not bare
        ("那职工书屋呢", False),  # a follow-up
        ("某种设备可不可以连发?", False),
    ],
)
def test_a_bare_noun_phrase_asks_the_figure_it_names(question: str, bare: bool) -> None:
    q = analyze(question)
    assert q.bare is bare
    if bare:
        assert q.wants_number and q.kind in ("count", "amount")


def test_numbers_after_respectively_pair_with_the_listed_items() -> None:
    text = "甲区、乙区和丙县分别新建站点12个、8个、5个，全市共建成25个。城镇和农村补助标准分别为每月900元和700元。"
    spans = [m.span() for m in re.finditer(r"\d[\d,]*[个元]", text)]
    pairs = respective_items(text, spans)
    by_number = {text[s:e]: pairs.get(s, ("", ()))[0] for s, e in spans}
    assert by_number == {
        "12个": "甲区",
        "8个": "乙区",
        "5个": "丙县",
        "25个": "",
        "900元": "城镇",
        "700元": "农村补助标准",
    }
    q = analyze("乙区新建站点多少个")
    assert respective_fit(q, ("乙区",), pairs[text.index("8个")]) == {"respective_match": 1.0, "respective_other": 0.0}
    assert respective_fit(q, ("乙区",), pairs[text.index("12个")]) == {"respective_match": 0.0, "respective_other": 1.0}
    assert respective_fit(q, ("乙区",), None) == {"respective_match": 0.0, "respective_other": 0.0}
    # fewer numbers than items: no pairing ("A、B分别…，共12个" says no number of A's own)
    assert respective_items("甲区、乙区分别开展活动，共计12场。", [(14, 17)]) == {}


def test_a_respective_clause_pairs_with_the_list_of_the_clause_before() -> None:
    # "A N元、B M元，分别增长x%和y%": 分别 opens its clause; the items are told apart by their own words.
    text = "城区职工月均工资6100元、园区职工月均工资5400元，分别增长3.2%和4.8%。"
    spans = [m.span() for m in re.finditer(r"\d[\d.]*[元%]", text)]
    pairs = respective_items(text, spans)
    assert pairs[text.index("3.2%")][0].startswith("城区") and pairs[text.index("4.8%")][0].startswith("园区")
    q = analyze("某县园区职工月均工资增长了多少")
    assert respective_fit(q, (), pairs[text.index("4.8%")])["respective_match"] == 1.0
    assert respective_fit(q, (), pairs[text.index("3.2%")])["respective_other"] == 1.0
    # the word that tells an item apart, not the head it shares with a question on another kind
    drivers = "推进重点群体入会，货车司机、快递员分别入会120人、80人。"
    spans = [m.span() for m in re.finditer(r"\d+人", drivers)]
    paired = respective_items(drivers, spans)
    at = drivers.index("120人")
    assert respective_fit(analyze("某市货车司机入会多少人"), (), paired[at])["respective_match"] == 1.0
    assert respective_fit(analyze("某市出租车司机入会多少人"), (), paired[at])["respective_match"] == 0.0
    # the later figure of the list is a change as well
    assert change_stated("分别增长3.2%和") == 1.0 and change_stated("月均工资6100元、") == 0.0


def test_a_change_starts_from_one_value_and_ends_at_another() -> None:
    assert change_from("补助标准由每人每月", "提高到710元") == 1.0
    assert change_from("从", "增至12家") == 1.0
    assert change_from("补助标准由每人每月680元提高到", "。") == 0.0  # the value now
    assert change_from("共建成", "，比上年增加") == 0.0


def test_a_whole_before_its_places_breakdown() -> None:
    sentence = "全州建成站点236个，其中甲市78个、乙市42个。"
    assert place_only_later(("甲市",), sentence, sentence.index("236个") + 4) == 1.0
    assert place_only_later(("甲市",), sentence, sentence.index("78个") + 3) == 0.0
    assert place_only_later(("丙市",), sentence, sentence.index("236个") + 4) == 0.0


def test_a_comparisons_base_year_dates_only_its_own_number() -> None:
    sentence = "全年发放某资金480万元，较2021年的420万元增长14%，比2021年多发放60万元。"
    assert own_years(sentence) == set() and own_years("2022年新建120个，与2021年相比增加15个") == {2022}
    assert dating_year("较2021年的") == 2021
    assert dating_year("比2021年多发放") is None  # a difference, not 2021's figure
    assert dating_year("比2021年底的40个增加") is None  # another figure between
    asked, stated = analyze("2021年某市发放了多少某资金"), frozenset({2021, 2022})
    passage = _passage(sentence)
    base = year_fit(asked, sentence, passage, stated, dating_year("较2021年的"), for_number=True)
    this_year = year_fit(asked, sentence, passage, stated, dating_year("全年发放某资金"), for_number=True)
    assert base == {"year_match": 1.0, "year_conflict": 0.0}
    assert this_year == {"year_match": 0.0, "year_conflict": 1.0}  # 480万元 is the document's present year's
    # a sentence answer holding 2021's figure is about 2021 as well
    assert year_fit(asked, sentence, passage, stated)["year_match"] == 1.0
    # a question's compared-with year is no year asked
    assert analyze("某市参与职工比2021年增长了多少").year is None
    assert analyze("2022年某市参与职工比2021年增长了多少").year == 2022


def test_plans_changes_and_stocks() -> None:
    done = analyze("某区今年新建了几个服务站点")
    assert plan_unasked(done, "下一年，区总工会计划新建服务站点") == 1.0
    assert plan_unasked(done, "全年新建服务站点") == 0.0
    assert plan_unasked(analyze("某区计划新建几个服务站点"), "区总工会计划新建服务站点") == 0.0
    # a year after the one the report reviews asks its plan, whether or not the question says 计划
    ahead = analyze("某区2031年新建几个服务站点")
    assert plan_unasked(ahead, "区总工会力争新建服务站点", present=2030) == 0.0
    assert plan_unasked(ahead, "区总工会力争新建服务站点", present=2031) == 1.0
    assert section_plan(ahead, "二、2031年工作安排", 2030) == 0.0
    assert section_plan(done, "三、下一步工作") == 1.0 and section_plan(done, "肆、未来工作重点") == 1.0
    # a title of a review and its plans: the opening under it states the year's work
    assert section_plan(done, "某镇2030年工作总结和2031年工作思路", 2030) == 0.0
    level = analyze("某市在册困难职工有多少户")
    assert change_unasked(level, "比上年底减少") == 1.0 and change_unasked(level, "在册困难职工") == 0.0
    assert change_unasked(analyze("某市困难职工比上年减少了多少户"), "比上年底减少") == 0.0
    stock = analyze("某市有多少家基层工会")
    assert stock.stock and not analyze("某市新建了多少家基层工会").stock
    assert stock_fit(stock, "全县现有基层工会") == {"stock_stated": 1.0, "deed_stated": 0.0}
    assert stock_fit(stock, "某平台录入") == {"stock_stated": 0.0, "deed_stated": 1.0}
    assert stock_fit(analyze("某市新建了多少家基层工会"), "某平台录入")["deed_stated"] == 0.0


@pytest.mark.parametrize(
    "question",
    ["某省技能竞赛有多少职工参赛", "某市有多少快递员入会", "某市有多少外卖骑手加入工会", "某赛事有多少选手参赛"],
)
def test_people_nouns_jieba_tags_oddly_still_ask_people(question: str) -> None:
    assert analyze(question, pos=Tokenizer().pos).units == PEOPLE_UNITS


def test_question_words_of_money_years_and_measure() -> None:
    assert analyze("某市重点项目完成投资多少").kind == "amount"
    assert analyze("某市有多少投资项目").kind == "count"
    assert analyze("2022年底某会会员有多少人").head == "某会会员"  # 年底 is part of the year
    assert analyze("某市有多少户外劳动者服务站点").measure is None  # 户外 is no measure word 户


def _outcomes(scores: list[tuple[float, int, bool]]) -> tuple[list, list]:
    """Examples of one set with their best (score, label): label 1 right, 0 wrong; unanswerable ones flagged."""
    data, best = [], []
    for i, (score, label, unanswerable) in enumerate(scores):
        data.append(
            train_scorer.Example("dev_questions", f"q{i}", "train", "number", [[0.0]], [label], unanswerable, True)
        )
        best.append((score, label))
    return data, best


def test_the_calibrated_cut_is_not_set_by_one_question() -> None:
    # answerable questions right above 0 and unanswerable ones below, with some overlap
    rows = [(0.25 * k, 1, False) for k in range(-4, 17) for _ in range(5)]
    rows += [(-0.25 * k, 0, True) for k in range(-4, 17) for _ in range(5)]
    data, best = _outcomes(rows)
    cut = train_scorer._calibrated_cut(data, best, balance=True)
    # above the middle of the overlap: a wrong number on an unanswerable question weighs more than a missed one
    assert cut is not None and 0.0 < cut < 1.5
    # one more unanswerable question with a high score: the utility's maximum jumps over it, the calibrated cut
    # moves a little
    spiked, spiked_best = _outcomes(rows + [(2.1, 0, True)])
    moved = train_scorer._calibrated_cut(spiked, spiked_best, balance=True)
    assert moved is not None and abs(moved - cut) < 0.3
    # one outcome only: no curve to fit
    assert train_scorer._calibrated_cut(*_outcomes([(1.0, 1, False), (2.0, 1, False)]), balance=True) is None


def test_the_number_cut_separates_the_toy_questions() -> None:
    data = [train_scorer.Example(**row) for row in _toy(len(NUMBER_FEATURES))]
    model = train_scorer._fit(data, NUMBER_FEATURES, "listwise", balance=True)
    scorer = Scorer.from_json({"models": {"number": model}})
    cut = train_scorer._number_cut(data, "listwise", scorer)
    oof = train_scorer._cross_validated_best(data, "number", "listwise", balance=True)
    answerable = [s for s, ex in zip(oof, data) if not ex.unanswerable]
    unanswerable = [s for s, ex in zip(oof, data) if ex.unanswerable]
    assert max(unanswerable) < cut < min(answerable)


def test_a_year_before_a_place_named_zhou_is_a_year() -> None:
    # 年 before 周 starts a place (周至, 周宁) unless it is a span (周期, 周年, 周岁)
    assert analyze("2020年周至县新增就业多少人").year == 2020
    assert [y for y, _, _ in calendar_years("2019年周宁县")] == [2019]
    assert calendar_years("建设周期为2年周期") == [] and calendar_years("建校100年周年") == []


@pytest.mark.parametrize("question", ["某县工业增加值有多少", "某县去年发放抚恤金多少"])
def test_value_added_and_named_funds_ask_money(question: str) -> None:
    q = analyze(question)
    assert q.kind == "amount" and q.measure == "元"


def test_plans_asked_and_plan_sections() -> None:
    passage = Passage(
        view="一、今年回顾\n全年新建站点12个。\n二、明年主要目标\n新建站点20个。", heading="", rank=0, fused=1.0
    )
    done, planned = passage.view.index("全年"), passage.view.index("新建站点20")
    assert section_heading(passage, done) == "一、今年回顾" and section_heading(passage, planned) == "二、明年主要目标"
    plan = analyze("某区新建站点的年度计划是多少个")
    assert plan_unstated(plan, "全年新建站点", "一、今年回顾") == 1.0  # what was done, not the plan
    assert plan_unstated(plan, "新建站点", "二、明年主要目标") == 0.0
    assert plan_unstated(plan, "区总工会计划新建站点", "") == 0.0
    assert plan_unstated(analyze("某区新建了多少个站点"), "全年新建站点", "") == 0.0  # no plan asked
    done_asked = analyze("某区新建了多少个站点")
    assert section_plan(done_asked, "二、明年主要目标") == 1.0 and section_plan(done_asked, "一、今年回顾") == 0.0
    assert section_plan(plan, "二、明年主要目标") == 0.0


def test_a_level_reached_is_no_change_asked() -> None:
    change = analyze("某县最低工资标准比上年提高了多少元")
    assert level_unasked(change, "最低工资标准提高到每月") == 1.0
    assert level_unasked(change, "最低工资标准比上年提高") == 0.0
    assert level_unasked(analyze("某县最低工资标准是多少元"), "最低工资标准提高到每月") == 0.0


def test_a_qualifier_asked_and_not_stated_by_the_number() -> None:
    rural = analyze("某县农村居民人均可支配收入是多少")
    assert qualifier_unstated(rural, "全县居民人均可支配收入21,300元") == 1.0
    assert qualifier_unstated(rural, "农村居民人均可支配收入15,800元") == 0.0
    median = analyze("某县职工月工资中位数是多少")
    assert qualifier_unstated(median, "职工月平均工资6,100元") == 1.0
    assert qualifier_unstated(analyze("某县职工月工资是多少"), "职工月平均工资6,100元") == 0.0


def test_a_table_or_attachment_number_is_a_label_not_a_count() -> None:
    from index.numbers import extract_numbers

    found = extract_numbers("表3 各区县主要指标\n甲县\t5,130人\n详见附件2。全市共有代表 312 人")
    kinds = {m.text: m.kind for m in found}
    assert kinds["3"] == "other" and kinds["2"] == "other"
    assert kinds["5,130人"] == "quantity" and kinds["312 人"] == "quantity"


def test_a_concentration_and_a_pollutant_code() -> None:
    from index.numbers import extract_numbers

    found = extract_numbers("全年PM2.5平均浓度28微克/立方米，化学需氧量0.25毫克/升")
    assert [(m.text, m.kind) for m in found] == [
        ("PM2.5", "identifier"),
        ("28微克/立方米", "quantity"),
        ("0.25毫克/升", "quantity"),
    ]
    assert found[1].unit == "微克/立方米"
