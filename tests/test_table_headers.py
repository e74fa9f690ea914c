"""Column tables in text extracted from a PDF: a header set on two or more lines is one header line, and a unit
the caption states applies to the table's bare cells (index.readers.text_layout, index.numbers). All report text
here is invented."""

from __future__ import annotations

from pathlib import Path

from index.chunking import chunk_document
from index.documents import clean_text, read_corpus
from index.numbers import extract_numbers
from index.readers.text_layout import columns_as_tabs, tabbed_columns
from index.segments import table_caption
from qa.analysis import analyze
from qa.features import Passage, section_heading, section_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text_layout"

# A page of a made-up county bulletin as a PDF text layer comes out: column names wrapped in their columns (the
# first column's name on the upper line only, the third's on the lower line only), a running header and a page
# number at the page break, the table continued under its header set again.
WRAPPED_HEADER = """某县2031年社会事业统计摘要
表4  2031年各乡镇社会事业情况
乡镇        养老机构      敬老院        村卫生室
            床位          入住率        数量
东坝镇      420张         81.5%         16个
西岭乡      265张         77.2%         11个
— 1 —
某县统计局
表4（续）
乡镇        养老机构      敬老院        村卫生室
            床位          入住率        数量
南湖街道    310张         84.0%         9个
注：北山乡数据未列入。
— 2 —
某县统计局
"""


def _by_text(text: str) -> dict[str, object]:
    return {n.text: n for n in extract_numbers(text)}


def test_a_header_on_two_lines_is_one_header_line() -> None:
    lines = clean_text(WRAPPED_HEADER).splitlines()
    header = "乡镇\t养老机构床位\t敬老院入住率\t村卫生室数量"
    assert lines[2:5] == [header, "东坝镇\t420张\t81.5%\t16个", "西岭乡\t265张\t77.2%\t11个"]
    assert lines[5:8] == ["表4(续)", header, "南湖街道\t310张\t84.0%\t9个"]
    assert lines[8].startswith("注:")


def test_a_cell_counts_its_row_label_and_its_whole_column_name() -> None:
    found = _by_text(clean_text(WRAPPED_HEADER))
    assert found["420张"].subject == "东坝镇养老机构床位"  # was "" (no header line of the table's shape above)
    assert found["77.2%"].subject == "西岭乡敬老院入住率"
    assert found["9个"].subject == "南湖街道村卫生室数量"  # under the header set again after the page break


def test_a_name_set_on_the_lower_line_only_and_a_name_wrapped_on_three_lines() -> None:
    lines = [
        "县区        常住人口      城镇化",
        "            (万人)        率",
        "甲区        41.2          68.5%",
        "乙县        23.6          47.1%",
    ]
    assert columns_as_tabs(lines) == ["县区\t常住人口(万人)\t城镇化率", "甲区\t41.2\t68.5%", "乙县\t23.6\t47.1%"]
    three = ["项目      新建", "          基层", "          工会", "甲镇      12个", "乙镇      8个"]
    assert columns_as_tabs(three)[0] == "项目\t新建基层工会"
    # Each kept line says which source line it is, so a reader can keep what it knows per line.
    assert [k for k, _ in tabbed_columns(three)] == [2, 3, 4]


def test_header_rows_of_the_tables_shape_are_joined() -> None:
    lines = [
        "区域      户籍      流动",
        "名称      人口      人口",
        "甲区      3.1万     0.8万",
        "乙区      2.4万     0.5万",
    ]
    assert columns_as_tabs(lines)[0] == "区域名称\t户籍人口\t流动人口"
    assert len(columns_as_tabs(lines)) == 3


def test_lines_above_a_table_that_are_no_header_stay_text() -> None:
    # A caption, a line of prose that falls in the first column only, and a header on one line: read as before.
    caption = [
        "表9  主要数据",
        "县名      驿站（个）    会员（人）",
        "甲县      12            310",
        "乙县      9             240",
    ]
    assert columns_as_tabs(caption) == [
        "表9  主要数据",
        "县名\t驿站（个）\t会员（人）",
        "甲县\t12\t310",
        "乙县\t9\t240",
    ]
    prose = ["各县数据如下", "有关情况", "甲县      12个", "乙县      9个"]
    assert columns_as_tabs(prose) == ["各县数据如下", "有关情况", "甲县\t12个", "乙县\t9个"]
    figures = ["2031年完成        计划", "投资12亿元", "甲县      12个      3处", "乙县      9个       2处"]
    assert columns_as_tabs(figures)[:2] == figures[:2]  # a figure above the rows: no header


CAPTION_UNITS = """表7  各乡镇财政收支（单位：万元）
乡镇        财政收入      财政支出      增速（%）
东坝镇      1280          2260          6.5
西岭乡      946           1730          4.2
表8  各乡镇户籍人口
单位：人
乡镇        户籍人口      其中农业
东坝镇      35210         21400
"""


def test_a_unit_stated_in_the_caption_applies_to_bare_cells() -> None:
    text = clean_text(CAPTION_UNITS)
    found = _by_text(text)
    assert (found["1280"].value, found["1280"].unit) == (12_800_000, "元")
    assert (found["1730"].value, found["1730"].unit) == (17_300_000, "元")
    assert (found["6.5"].value, found["6.5"].unit) == (6.5, "%")  # its column's own unit wins
    assert (found["35210"].value, found["35210"].unit, found["35210"].subject) == (35210, "人", "东坝镇户籍人口")
    start = text.index("35210")
    assert "单位:人" in table_caption(text, start, start + 5)


def test_a_caption_unit_leaves_rate_columns_and_other_tables_alone() -> None:
    text = clean_text(
        "表3  各区指标（单位：亿元）\n区名      产值      比上年增长\n甲区      12.5      3.1\n乙区      8.2       2.4\n"
    )
    found = _by_text(text)
    assert found["12.5"].unit == "元" and found["12.5"].value == 1_250_000_000
    assert found["3.1"].unit == ""  # a growth column is no amount of 亿元
    # No caption: a bare cell stays bare.
    assert _by_text(clean_text("区名      产值\n甲区      12.5\n乙区      8.2\n"))["12.5"].unit == ""


def test_an_extracted_text_file_is_read_and_chunked_with_its_table_header(tmp_path: Path) -> None:
    path = tmp_path / "社会事业统计摘要.txt"
    path.write_text(WRAPPED_HEADER, encoding="utf-8")
    result = read_corpus([path])
    assert not result.failed and len(result.documents) == 1
    doc = result.documents[0]
    chunks = chunk_document(doc)
    holding = [c for c in chunks if "265张" in c.text]
    assert holding
    chunk = holding[0]
    # Offsets point into the document's text as cleaned; the number read there counts what its column says.
    start = chunk.text.index("265张")
    assert doc.text[chunk.start + start : chunk.start + start + 4] == "265张"
    found = _by_text(chunk.text)
    assert found["265张"].subject == "西岭乡养老机构床位"


def test_a_pdf_tables_caption_unit_goes_to_its_bare_figures() -> None:
    # reportlab (tests/fixtures/make_fixtures.py): a table drawn without rules under "表7 …（单位：万元）", a ruled
    # table under a line "单位：人".
    result = read_corpus([FIXTURES / "captioned_tables.pdf"])
    assert not result.failed, result.failed
    text = result.documents[0].text
    assert "东坝镇, 财政收入: 1280万元, 财政支出: 2260万元, 增速: 6.5%" in text  # the rate column keeps its own
    assert "东坝镇, 户籍人口: 35210人, 其中农业人口: 21400人" in text
    found = {(n.text, n.subject): n for n in extract_numbers(text)}
    # what it counts is its row's label and its column's name (was "财政收入": the row's label left out)
    assert found[("1280万元", "东坝镇财政收入")].value == 12_800_000
    assert ("21400人", "东坝镇其中农业人口") in found


def test_a_row_breaking_out_part_of_the_row_above_counts_its_item() -> None:
    text = clean_text(
        "产品      产量        增长\n粮食      12.5万吨    2.1%\n其中：稻谷  8.6万吨   1.5%\n内蒙古    3.1万吨     1.0%\n"
    )
    found = _by_text(text)
    assert found["8.6万吨"].subject == "稻谷产量"  # was "其中:稻谷产量"
    assert found["1.5%"].subject == "稻谷增长"
    assert found["3.1万吨"].subject == "内蒙古产量"  # a name that begins like a sub-row mark is kept whole


def test_a_tables_header_heads_no_section() -> None:
    view = "一、今年回顾\n乡镇\t新建站点\t完成目标比例\n甲镇\t12个\t104.0%\n乙镇\t9个\t98.5%"
    passage = Passage(view=view, heading="", rank=0, fused=1.0)
    row = view.index("乙镇")
    # The column named 完成目标比例 is no heading of plans: the rows under it state what was done.
    assert section_heading(passage, row) == "一、今年回顾"
    assert section_plan(analyze("乙镇新建了多少个站点"), section_heading(passage, row)) == 0.0


def test_a_table_continued_after_a_page_break_keeps_its_captions_unit() -> None:
    raw = (
        "表5  各乡镇粮食产量\n单位：吨\n乡镇        产量\n东坝镇      3120\n西岭乡      2860\n— 1 —\n某县统计局\n"
        "表5（续）\n乡镇        产量\n南湖乡      1940\n— 2 —\n某县统计局\n"
    )
    text = clean_text(raw)
    found = _by_text(text)
    assert (found["1940"].value, found["1940"].unit, found["1940"].subject) == (1940, "吨", "南湖乡产量")
    assert found["3120"].unit == "吨"


# Two-level headers, a unit on the header's line, rows with an empty cell, and tables with no header, as a PDF
# text layer sets them out in spaces (readers: index.readers.text_layout; cells read: index.numbers).
GROUPED = """表6  2031年各区就业和收入
                    城镇新增就业              居民收入
区名          人数(人)      完成率        金额(元)      增长
北塘区        3,120         104.5%        41,260        5.1%
南屿区        2,480         98.2%         38,740        4.6%
"""


def test_a_group_name_centred_over_its_columns_names_each_of_them() -> None:
    lines = clean_text(GROUPED).splitlines()
    assert lines[0] == "表6 2031年各区就业和收入"  # the caption stays a line of its own
    assert lines[1] == "区名\t城镇新增就业人数(人)\t城镇新增就业完成率\t居民收入金额(元)\t居民收入增长"
    found = _by_text("\n".join(lines))
    assert (found["3,120"].subject, found["3,120"].unit) == ("北塘区城镇新增就业人数", "人")
    assert found["4.6%"].subject == "南屿区居民收入增长"


def test_years_over_repeated_column_names_tell_the_columns_apart() -> None:
    years = [
        "                  2030年                    2031年",
        "乡镇        产值          增速          产值          增速",
        "东岭镇      12.4亿元      5.2%          13.1亿元      5.6%",
        "西坪乡      8.7亿元       4.1%          9.2亿元       5.7%",
    ]
    assert columns_as_tabs(years)[0] == "乡镇\t2030年产值\t2030年增速\t2031年产值\t2031年增速"
    # A group line under a lower header set on one line with fewer cells (the row labels' column left empty).
    lower = [
        "                工会组织",
        "          数量(个)    增长(%)     会员(万人)",
        "甲镇      18          2.5         3.1",
        "乙镇      11          -1.2        1.9",
    ]
    assert columns_as_tabs(lower)[0] == "—\t工会组织数量(个)\t工会组织增长(%)\t会员(万人)"


def test_a_title_or_a_name_over_one_column_is_no_group() -> None:
    # A title line starting at the margin spans the row labels' column: it stays a line of its own.
    titled = ["各乡镇主要指标(2031年)", "乡镇        产值          增速", "东岭镇      12.4亿元      5.2%"]
    assert columns_as_tabs(titled) == [titled[0], "乡镇\t产值\t增速", "东岭镇\t12.4亿元\t5.2%"]
    # A name wrapped in its own column is joined to that column only (as before).
    wrapped = ["县区      城镇新增      完成", "          就业          比例", "甲县      3,120人       104.5%"]
    assert columns_as_tabs(wrapped)[0] == "县区\t城镇新增就业\t完成比例"


def test_a_header_leaving_the_row_labels_column_unnamed() -> None:
    text = clean_text(
        "            2030年        2031年\n粮食产量    21.4万吨      22.6万吨\n油料产量    3.2万吨       3.5万吨\n"
    )
    assert text.splitlines()[0] == "—\t2030年\t2031年"
    assert _by_text(text)["3.5万吨"].subject == "油料产量2031年"
    # A line of prose set at the margin above a table is no such header.
    prose = ["各县情况如下：", "甲县      12个      3处", "乙县      9个       2处"]
    assert columns_as_tabs(prose)[0] == prose[0]


def test_a_unit_on_the_headers_line_becomes_the_tables_caption() -> None:
    raw = "表2  各镇主要指标\n镇名        财政收入      财政支出        单位：万元\n东岭镇      1,240         2,310\n西坪乡      860           1,720\n"
    text = clean_text(raw)
    assert text.splitlines()[:3] == ["表2 各镇主要指标", "单位:万元", "镇名\t财政收入\t财政支出"]
    found = _by_text(text)
    assert (found["860"].value, found["860"].unit, found["860"].subject) == (8_600_000, "元", "西坪乡财政收入")


def test_a_caption_in_the_headers_first_cell_goes_above_it() -> None:
    # The caption set where the row labels' column has no name, its unit applying to the bare cells below.
    for raw in (
        "表3 主要指标（单位：亿元）  2030年      2031年\n财政收入            312         315\n税收收入            268         271\n",
        "表3 主要指标（单位：亿元）\t2030年\t2031年\n财政收入\t312\t315\n税收收入\t268\t271\n",
    ):
        text = clean_text(raw)
        assert text.splitlines()[:2] == ["表3 主要指标(单位:亿元)", "—\t2030年\t2031年"]
        found = _by_text(text)
        assert (found["271"].value, found["271"].unit, found["271"].subject) == (27_100_000_000, "元", "税收收入2031年")


def test_rows_with_an_empty_cell_keep_their_columns() -> None:
    raw = (
        "县名        卫生院        村卫生室      床位\n"
        "乙原县                    54个          310张\n"
        "甲川县      12个          86个          640张\n"
        "丙山县      9个                         280张\n"
        "注：丁水县  数据未报。\n"
    )
    lines = clean_text(raw).splitlines()
    assert lines[:4] == [
        "县名\t卫生院\t村卫生室\t床位",
        "乙原县\t—\t54个\t310张",  # the first row, with an empty cell, is found by the rows below it
        "甲川县\t12个\t86个\t640张",
        "丙山县\t9个\t—\t280张",
    ]
    assert lines[4].startswith("注:")  # a note with a gap is no row
    found = _by_text("\n".join(lines))
    assert found["54个"].subject == "乙原县村卫生室"  # was 卫生院: the cells had moved one column left
    assert found["280张"].subject == "丙山县床位"
    # Without a full row of figures, where the columns are is not known: lines stay as they are.
    alone = ["县名        卫生院        村卫生室      床位", "乙原县                    54个          310张"]
    assert columns_as_tabs(alone)[1] == alone[1]


def test_rows_of_items_with_a_unit_column() -> None:
    found = _by_text(
        clean_text(
            "项目                数值          单位\n地区生产总值        1,286.4       亿元\n常住人口            312.5         万人\n"
        )
    )
    assert (found["1,286.4"].value, found["1,286.4"].unit) == (128_640_000_000, "元")
    named = _by_text("指标名称\t计量单位\t2031年\n常住人口\t万人\t312.5\n")
    assert (named["312.5"].value, named["312.5"].unit, named["312.5"].subject) == (3_125_000, "人", "常住人口2031年")
    # No header: a figure alone in its cell takes the unit alone in the next, and counts its row's label.
    bare = _by_text("主要指标如下：\n地区生产总值\t1,286.4\t亿元\n城镇化率\t61.2\t%\n")
    assert (bare["1,286.4"].value, bare["1,286.4"].unit, bare["1,286.4"].subject) == (
        128_640_000_000,
        "元",
        "地区生产总值",
    )
    assert (bare["61.2"].unit, bare["61.2"].subject) == ("%", "城镇化率")
    # A unit column only: a name merely holding 单位 (单位名称, an organisation) is none.
    assert _by_text("单位名称\t人数\n甲厂\t312\n乙厂\t208\n")["312"].unit == ""


def test_a_rows_last_figure_is_not_glued_to_the_next_line() -> None:
    # A row ends on a bare figure; the next row's label (名山乡) or the next paragraph (年末…) starts with a
    # character that can be a unit. Before, "24\n名" was read as 24名 and every subject after it went wrong.
    text = "乡镇\t人口(万人)\t站点(处)\n甲乡\t1.38\t24\n名山乡\t3.74\t31\n注：其余乡镇略。\n产品|产量|增长\n茶叶|9.8万吨|4.2\n年末生猪存栏41.7万头。"
    found = _by_text(text)
    assert (found["24"].value, found["24"].unit, found["24"].subject) == (24, "处", "甲乡站点")
    assert (found["3.74"].value, found["3.74"].unit, found["3.74"].subject) == (37_400, "人", "名山乡人口")
    assert found["4.2"].unit == "" and found["4.2"].text == "4.2"
    assert found["41.7万头"].subject == "年末生猪存栏"
    # In prose a figure cut from its unit by a line break is still one mention.
    assert _by_text("全年接待游客312\n万人次，增长8%。")["312\n万人次"].value == 3_120_000
