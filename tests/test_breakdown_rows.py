"""Breakdown rows of a report: a place's own item in a list of places with their figures, another place's
row (`item_place_other`), a threshold passed beside the figure (`bound_stated`) and the header of a separated
table's column (`column_header`, `column_cover`)."""

from __future__ import annotations

import pytest

from index.places import Gazetteer
from qa.analysis import analyze, local_places_in
from qa.answer import Assistant
from qa.features import NUMBER_FEATURES, bound_stated, column_header, item_place_other, place_listed


def test_a_place_with_its_own_figure_is_a_row_not_one_name_of_a_group() -> None:
    rows = "全市建成站点120个，其中甲市40个、乙市30个、丙县50个。"
    assert place_listed(("乙市",), rows) == 0.0
    assert place_listed(("乙市",), "市总工会分赴甲市、乙市等地调研") == 1.0
    assert place_listed(("乙市",), "乙市建成站点30个") == 0.0


def test_another_place_s_row_is_told_from_the_place_asked() -> None:
    gazetteer = Gazetteer.default()
    xuzhou = gazetteer.find("徐州市")[0].place
    jiawang = gazetteer.find("贾汪区")[0].place
    gulou = [m.place for m in gazetteer.find("徐州市鼓楼区") if m.place.name == "鼓楼区"][0]

    def other(names: tuple[str, ...], asked: tuple, item: str, found: list, local: tuple = ()) -> float:
        return item_place_other(names, asked, item, found, local, gazetteer.within)

    # a district asked: its own row is no other place's, a sibling's row is
    assert other(("贾汪区",), (jiawang,), "贾汪区12个", [jiawang]) == 0.0
    assert other(("贾汪区",), (jiawang,), "鼓楼区9个", [gulou]) == 1.0
    # the city around it is no "other" place (scope features judge a wider figure)
    assert other(("贾汪区",), (jiawang,), "徐州市建成45个", [xuzhou]) == 0.0
    # the city asked: a district's row is a part, not the whole
    assert other(("徐州市",), (xuzhou,), "鼓楼区9个", [gulou]) == 1.0
    assert other(("徐州市",), (xuzhou,), "建成站点45个", []) == 0.0
    # towns the gazetteer lacks: another town's row, or the one asked
    assert other(("徐州市",), (xuzhou,), "某某镇生产总值12亿元", [], ("某某镇",)) == 1.0
    assert other(("某某镇", "某某"), (), "某某镇生产总值12亿元", [], ("某某镇",)) == 0.0


def test_town_rows_name_places_the_gazetteer_lacks() -> None:
    gazetteer = Gazetteer.default()
    item = "青石镇地区生产总值41.7亿元"
    assert local_places_in(item, gazetteer.find_normalized(item, strict=True)) == ("青石镇",)
    # words ending in a suffix character are no towns
    for item in ("全年城镇新增就业1.2万人", "城乡低保对象3,517人", "全市开发区12个"):
        assert local_places_in(item, gazetteer.find_normalized(item, strict=True)) == ()


def test_a_level_of_government_after_a_verb_is_no_town() -> None:
    """完成市下达的任务, 召开县…大会: the verb acts on the city or county (which the gazetteer lists all of);
    a town or street named like a verb (前进镇, 解放街道) keeps its name unless more words lead to the verb."""
    gazetteer = Gazetteer.default()
    for item in ("完成市下达目标任务3,200人的104%", "召开县总工会第八次代表大会", "力争建成街道综合服务站6个"):
        assert local_places_in(item, gazetteer.find_normalized(item, strict=True)) == (), item
    for item, town in (("前进镇新建道路12公里", "前进镇"), ("解放街道有社区9个", "解放街道")):
        assert local_places_in(item, gazetteer.find_normalized(item, strict=True)) == (town,)
    assert analyze("某区完成市下达的就业任务是多少").local_places == ()


@pytest.mark.parametrize(
    "question, clause_before, qualifier, bound",
    [
        ("某市高新技术企业有多少家", "总数突破", None, 1.0),
        ("某市高新技术企业有多少家", "达到", None, 0.0),
        ("某市服务职工多少人次", "", "超过", 1.0),
        ("某市服务职工多少人次", "", "余", 0.0),  # an approximation, not a bound
        ("某市企业总数突破了多少家", "总数突破", None, 0.0),  # the bound is what is asked
        ("某县2031年新增就业目标是多少", "力争新增就业", "以上", 0.0),  # a year's target set as a bound is the target
        ("某县新增就业目标是多少", "力争新增就业", "以上", 1.0),  # no year: as often the target met, unbounded
        ("某县今年新增就业多少人", "力争新增就业", "以上", 1.0),  # (no plan asked: still a bound)
        ("某县新增就业目标是多少", "新增就业超过", None, 1.0),  # a bound in a clause of no planning
    ],
)
def test_a_threshold_passed_is_no_figure_unless_asked(
    question: str, clause_before: str, qualifier: str | None, bound: float
) -> None:
    assert bound_stated(analyze(question), clause_before, qualifier) == bound


def test_a_separated_table_s_column_header_says_what_its_cells_count() -> None:
    text = "四、各区指标\n区名｜地区生产总值｜增速\n甲区｜734.2亿元｜5.9%\n乙区｜418.6亿元｜6.3%\n五、其他"
    at = text.index("418.6")
    assert column_header(text, at, at + 7) == "地区生产总值 乙区"
    at = text.index("6.3%")
    assert column_header(text, at, at + 4) == "增速 乙区"
    at = text.index("734.2")
    assert column_header(text, at, at + 7) == "地区生产总值 甲区"
    # prose, and a row with no header above it, have none
    prose = "全市地区生产总值734.2亿元，增长5.9%。"
    assert column_header(prose, 8, 15) == ""
    lone = "甲区｜734.2亿元｜5.9%"
    assert column_header(lone, 3, 10) == ""


def test_the_new_features_are_in_the_fitted_model(assistant: Assistant) -> None:
    model = assistant.scorer.model("number")
    for name in ("item_place_other", "bound_stated", "column_cover"):
        assert name in NUMBER_FEATURES and name in model.features


def test_the_assistant_finds_another_place_s_row(assistant: Assistant) -> None:
    q = analyze("贾汪区新建站点多少个")
    names = assistant._place_names(q)
    assert assistant._item_elsewhere(q, names, "鼓楼区9个")
    assert not assistant._item_elsewhere(q, names, "贾汪区12个")
    assert not assistant._item_elsewhere(q, names, "全市新建站点45个")


def test_separated_table_rows_stay_lines_of_their_own() -> None:
    from index.documents import clean_text

    raw = "四、各区主要指标\n区名｜地区生产总值｜增速\n甲区｜734.2亿元｜5.9%\n乙区｜418.6亿元｜6.3%\n五、其他"
    # (NFKC writes the full-width bar as |)
    assert clean_text(raw).splitlines()[1:4] == ["区名|地区生产总值|增速", "甲区|734.2亿元|5.9%", "乙区|418.6亿元|6.3%"]


def test_tab_separated_rows_stay_lines_with_their_empty_cells() -> None:
    from index.documents import clean_text

    raw = "表2 各县主要指标\n县名\t地区生产总值\t增速\n甲县 \t 734.2亿元\t5.9%\n乙县\t\t6.3%\n五、其他"
    # a table pasted from a spreadsheet: one row a line, each tab kept (an empty cell too)
    assert clean_text(raw).splitlines()[1:4] == ["县名\t地区生产总值\t增速", "甲县\t734.2亿元\t5.9%", "乙县\t\t6.3%"]


def test_a_tab_separated_cell_is_read_with_its_column_header() -> None:
    from index.documents import clean_text
    from index.numbers import extract_numbers
    from index.tokenize import Tokenizer
    from qa.features import Needle, Passage, number_features

    cut = Tokenizer().cut
    q = analyze("乙县一般公共预算收入是多少")
    text = clean_text("县名\t地区生产总值\t一般公共预算收入\n甲县\t734.2亿元\t31.5亿元\n乙县\t418.6亿元\t22.7亿元")
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    by_text = {m.text: m for m in extract_numbers(text)}
    asked = number_features(q, needle, needle, by_text["22.7亿元"], passage, ("乙县",), cut)
    other_column = number_features(q, needle, needle, by_text["418.6亿元"], passage, ("乙县",), cut)
    other_row = number_features(q, needle, needle, by_text["31.5亿元"], passage, ("乙县",), cut)
    assert asked["column_cover"] == 1.0 and asked["own_row"] == 1.0
    assert other_column["column_cover"] < 1.0
    assert other_row["own_row"] == 0.0


def test_a_clause_that_names_no_thing_is_read_with_its_sentence_s_lead() -> None:
    from index.numbers import extract_numbers
    from index.tokenize import Tokenizer
    from qa.features import Needle, Passage, number_features

    cut = Tokenizer().cut
    q = analyze("某市博士后科研工作站累计有几家")
    text = "引进人才1.6万人。新建博士后科研工作站4家，累计达到21家。"
    new, total = [m for m in extract_numbers(text) if m.unit == "家"]
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    lead_new = number_features(q, needle, needle, new, passage, (), cut)["cover_lead"]
    lead_total = number_features(q, needle, needle, total, passage, (), cut)["cover_lead"]
    assert lead_total > lead_new > 0.0
    # the sentence before is no lead of this one
    assert number_features(q, needle, needle, extract_numbers(text)[0], passage, (), cut)["cover_lead"] == 0.0


def test_the_place_s_own_row_of_a_breakdown() -> None:
    from qa.features import own_row

    assert own_row(("乙市",), "乙市42个", True, False) == 1.0
    assert own_row(("乙市",), "建成站点120个", True, False) == 0.0  # the total before 其中
    assert own_row(("乙市",), "乙市建成站点42个", False, False) == 0.0  # no breakdown: no row
    assert own_row(("乙市",), "乙市、丙市共42个", True, True) == 0.0  # an item naming others too


def test_a_table_cell_is_read_with_its_column_header() -> None:
    from index.numbers import extract_numbers
    from index.tokenize import Tokenizer
    from qa.features import Needle, Passage, number_features

    cut = Tokenizer().cut
    q = analyze("乙区地区生产总值是多少")
    text = "各区主要指标\n区名|地区生产总值|增速\n甲区|734.2亿元|5.9%\n乙区|418.6亿元|6.3%"
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    (row,) = [m for m in extract_numbers(text) if m.text.startswith("418.6")]
    got = number_features(q, needle, needle, row, passage, ("乙区",), cut)
    assert got["column_cover"] == 1.0 and got["cover_item"] == 1.0 and got["own_row"] == 1.0


def test_a_bare_table_number_takes_the_unit_its_label_states() -> None:
    from index.numbers import extract_numbers

    text = (
        "指标｜年度目标｜完成数\n新增就业（人）｜32000｜35870\n技能培训（万人次）｜4.0｜4.6\n"
        "指标｜单位｜数值\n产值｜亿元｜12.5\n区名｜增速（%）\n甲区｜5.9\n全年增长5.9，好"
    )
    got = [(m.value, m.unit, m.text) for m in extract_numbers(text)]
    assert got == [
        (32000, "人", "32000"),
        (35870, "人", "35870"),
        (40000, "人次", "4.0"),
        (46000, "人次", "4.6"),
        (1250000000, "元", "12.5"),
        (5.9, "%", "5.9"),
        (5.9, "", "5.9"),  # prose: no label, no unit
    ]


def test_a_wider_report_s_figure_before_the_place_is_named() -> None:
    from qa.features import wider_unnamed

    assert wider_unnamed(True, ("乙市",), "共建成站点120个") == 1.0
    assert wider_unnamed(True, ("乙市",), "共建成站点120个，其中甲市40个、乙市30个") == 0.0
    assert wider_unnamed(False, ("乙市",), "共建成站点120个") == 0.0  # the report is the place's own


def test_the_assistant_knows_a_report_about_a_wider_place(assistant: Assistant) -> None:
    """The seed reports include a city's: a question about one of its districts finds that report wider."""
    rows = [
        row
        for row in range(len(assistant.index.chunks))
        if any(p.level == 1 for p in assistant._report_place_list(row))
    ]
    assert rows
    city = next(p for p in assistant._report_place_list(rows[0]) if p.level == 1)
    district = next(
        p for p in assistant.gazetteer._places.values() if p.level == 2 and assistant.gazetteer.within(p, city)
    )
    q = analyze(f"{district.name}有多少个站点")
    assert assistant._report_wider(q, rows[0])
    assert not assistant._report_wider(analyze(f"{city.name}有多少个站点"), rows[0])


@pytest.mark.parametrize(
    "question, refused",
    [
        ("站点最多的县有多少个", True),
        ("哪个区的增速最高，是多少", True),
        ("哪个区建成的站点最多", False),  # a place asked, not a number: its sentence may say so
        ("每人最多可以领取多少元", False),  # at most, of no place
        ("全市最高气温多少度", False),
    ],
)
def test_the_figure_of_the_place_that_ranks_first_is_refused_with_a_reason(question: str, refused: bool) -> None:
    assert (analyze(question).reason is not None) is refused


def test_a_flattened_row_s_cell_is_read_with_the_row_s_label() -> None:
    from qa.features import row_label

    text = "主要指标\n指标: 一般公共预算收入; 完成值: 87.3亿元; 增速: 1.8%\n指标: 城镇新增就业; 完成值: 1.34万人"
    at = text.index("1.8%")
    assert row_label(text, at, at + 4) == "指标: 一般公共预算收入"
    at = text.index("1.34万人")
    assert row_label(text, at, at + 6) == "指标: 城镇新增就业"
    assert row_label("全年增长1.8%。", 4, 8) == ""
