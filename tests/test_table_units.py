"""Units and subjects a table states once, in its head: a column's name ("产量（吨）"), a row's label
("年末户籍人口（万人）"), a 单位 column, a caption ("表3 …（单位：万元）", a line "单位：户", an HTML <caption>, a first
row merged across the table). Real DOCX (python-docx) and HTML files are read back through the readers."""

from __future__ import annotations

import io

from index.documents import clean_text
from index.numbers import NumberMention, extract_numbers, is_unit_column, label_unit, without_label_unit
from index.readers.tables import table_rows
from index.segments import table_lead_in, table_title


def _found(text: str) -> dict[str, NumberMention]:
    return {m.text: m for m in extract_numbers(text) if m.kind == "quantity"}


def test_a_label_s_unit_in_brackets_is_read_and_left_out_of_the_label() -> None:
    assert label_unit("年末户籍人口（万人）") == "万人"
    assert label_unit("增速(%)") == "%"
    assert label_unit("产值（单位：亿元）") == "亿元"
    assert label_unit("县（市、区）") == ""  # a note, not a unit
    assert label_unit("粮食产量") == ""
    assert without_label_unit("年末户籍人口（万人）") == "年末户籍人口"
    assert without_label_unit("县（市、区）") == "县（市、区）"
    assert is_unit_column("计量单位") and is_unit_column("单位") and not is_unit_column("单位名称")


def test_a_row_label_s_unit_goes_to_the_row_s_bare_figures() -> None:
    rows = [
        ["指标", "2030年", "2031年", "增长（%）"],
        ["年末户籍人口（万人）", "41.26", "41.08", "-0.4"],
        ["粮食产量（万吨）", "18.6", "19.2", "3.2"],
    ]
    lines = table_rows(rows)
    # the column's own unit wins over the row's (增长 is in %)
    assert lines[0] == "指标: 年末户籍人口, 2030年: 41.26万人, 2031年: 41.08万人, 增长: -0.4%"
    found = _found("\n".join(lines))
    assert found["41.08万人"].value == 410_800 and found["41.08万人"].unit == "人"
    # what a cell counts: its row's label and its column's name
    assert found["41.08万人"].subject == "年末户籍人口2031年"
    assert found["19.2万吨"].subject == "粮食产量2031年"


def test_a_unit_column_gives_its_row_s_figures_their_unit() -> None:
    lines = table_rows([["项目", "计量单位", "数值"], ["造林面积", "万亩", "3.4"], ["植树", "万株", "126"]])
    assert lines == ["项目: 造林面积, 计量单位: 万亩, 数值: 3.4万亩", "项目: 植树, 计量单位: 万株, 数值: 126万株"]
    assert _found("\n".join(lines))["3.4万亩"].value == 34_000


def test_a_caption_s_unit_skips_rows_and_columns_of_rates() -> None:
    rows = [["区", "收入", "增长"], ["东湖区", "8,620", "4.1"], ["增速", "5.3", "6.0"]]
    lines = table_rows(rows, unit="万元")
    assert lines[0] == "区: 东湖区, 收入: 8,620万元, 增长: 4.1"
    assert lines[1] == "区: 增速, 收入: 5.3, 增长: 6.0"  # a row of rates takes no amount


def test_a_first_row_merged_across_the_table_is_its_caption() -> None:
    rows: list[list[str | None]] = [
        ["2031年各镇财政收入（单位：万元）", None, None],
        ["镇", "收入", "支出"],
        ["青石镇", "8,620", "9,140"],
    ]
    lines = table_rows(rows)
    assert lines[0] == "2031年各镇财政收入(单位:万元)"
    assert lines[1] == "镇: 青石镇, 收入: 8,620万元, 支出: 9,140万元"


def test_a_reader_row_s_last_bare_figure_is_not_glued_to_the_next_line() -> None:
    # "…数值: 12.6" over "项目: …": 12.6 is a cell, not "12.6项"
    found = _found("项目: 育苗, 数值: 12.6\n项目: 造林面积, 数值: 3.4万亩")
    assert found["12.6"].unit == "" and found["12.6"].subject == "育苗数值"
    # prose keeps a figure cut from its unit by a line break
    assert extract_numbers("全年造林12.6\n万亩。")[0].unit == "亩"


def test_prose_with_colons_is_no_reader_row() -> None:
    # in the matching view "，" and "：" are "," and ":" with no space after them
    found = _found("其中：税收收入48.2亿元，增长2.1%")
    assert found["48.2亿元"].subject == "税收收入"


def test_a_docx_table_under_a_caption_line_takes_its_unit() -> None:
    import docx

    from index.readers.docx import read_docx

    document = docx.Document()
    document.add_paragraph("二、财政收支")
    document.add_paragraph("表3  2031年各乡镇财政收入完成情况（单位：万元）")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate([["乡镇", "完成数", "增长（%）"], ["青石镇", "8,620", "4.1"], ["白沙乡", "5,310", "-2.0"]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("表4  主要社会指标")  # no unit stated: the row labels give theirs
    table = document.add_table(rows=3, cols=3)
    rows = [
        ["指标", "2030年", "2031年"],
        ["年末户籍人口（万人）", "41.26", "41.08"],
        ["新增就业（人）", "3,120", "3,346"],
    ]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    text = read_docx(buffer.getvalue(), "乡镇.docx").text
    assert "乡镇: 青石镇, 完成数: 8,620万元, 增长: 4.1%" in text
    assert "指标: 年末户籍人口, 2030年: 41.26万人, 2031年: 41.08万人" in text
    found = _found(text)
    assert found["8,620万元"].value == 86_200_000 and found["8,620万元"].subject == "青石镇完成数"
    assert found["3,346人"].subject == "新增就业2031年"
    assert "3,120万元" not in text  # the first table's caption is not the second's


def test_a_docx_table_whose_first_row_is_its_title_merged_across() -> None:
    import docx

    from index.readers.docx import read_docx

    document = docx.Document()
    document.add_paragraph("二、财政收支")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "2031年各镇财政收支（单位：万元）"
    for r, row in enumerate([["镇", "收入", "支出"], ["青石镇", "8,620", "9,140"], ["白沙乡", "5,310", "6,020"]], 1):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    lines = read_docx(buffer.getvalue(), "财政.docx").text.splitlines()
    # before, the title named every column and "镇 收入 支出" was read as a row
    assert lines[1:] == [
        "2031年各镇财政收支(单位:万元)",
        "镇: 青石镇, 收入: 8,620万元, 支出: 9,140万元",
        "镇: 白沙乡, 收入: 5,310万元, 支出: 6,020万元",
    ]


def test_an_html_table_s_caption_is_kept_and_gives_its_unit() -> None:
    from index.readers.html import read_html

    body = "".join(
        f"<tr><td>{name}</td><td>{value}</td><td>{growth}</td></tr>"
        for name, value, growth in [("东岭村", "412", "2.1"), ("西岭村", "386", "1.5"), ("南坪村", "295", "0.8")]
    )
    page = (
        "<html><head><title>公报</title></head><body><article><h1>2031年农业统计公报</h1>"
        "<p>全县农业生产稳中有进，粮食生产再获丰收，农民收入持续增长，各村情况详见下表。</p>"
        f"<table><caption>表1 各村粮食产量（单位：吨）</caption><tr><th>村名</th><th>产量</th><th>增长(%)</th></tr>"
        f"{body}</table><p>以上数据来源于县统计局年度汇总，经审核确认，仅供参考使用。</p></article></body></html>"
    )
    text = read_html(page, "公报.html").text
    assert "表1各村粮食产量(单位:吨)" in text.replace(" ", "")  # the caption was dropped before
    assert "村名: 西岭村, 产量: 386吨, 增长: 1.5%" in text
    assert _found(text)["386吨"].subject == "西岭村产量"


def test_a_tab_table_s_row_of_rates_takes_no_caption_unit() -> None:
    text = clean_text("表2 各县财政收入（单位：亿元）\n县\t2030年\t2031年\n甲县\t12.4\t13.1\n增速\t5.2\t5.6\n")
    found = _found(text)
    assert found["13.1"].unit == "元" and found["13.1"].value == 1_310_000_000
    assert found["5.6"].unit == ""  # a rate, not 5.6亿元


def test_a_table_s_title_is_its_caption_without_number_unit_or_lead_in() -> None:
    text = "各县情况如下：\n表2（续） 2031年各县财政收入（单位：万元）\n县\t收入\t增长\n甲县\t8620\t4.1\n"
    at = text.index("8620")
    assert table_title(text, at, at + 4) == "2031年各县财政收入"
    prose = "全县财政收入稳步增长，主要税种均有增长，其中各县收入情况如下表所示，请审阅。\n县\t收入\n甲县\t8620\n"
    at = prose.index("8620")
    assert table_title(prose, at, at + 4) == ""  # a lead-in paragraph is no caption
    for above in ("三、分乡镇情况", "（二）主要指标", "第四章 主要数字", "（撰稿：王明）", "【打印】【关闭】"):
        text = f"{above}\n县\t收入\n甲县\t8620\n"  # a section heading, a byline, page furniture
        at = text.index("8620")
        assert table_title(text, at, at + 4) == "", above
    text = "附表 2031年各县财政收入\n县\t收入\n甲县\t8620\n"
    at = text.index("8620")
    assert table_title(text, at, at + 4) == "2031年各县财政收入"  # a year right after 表 is the caption's


def test_a_headerless_table_s_lead_in_line_says_what_its_rows_count() -> None:
    text = "二、就业创业\n分乡镇看，新增就业人数如下：\n甲镇\t1.2万人\n乙镇\t8,640人\n（其余略）"
    at = text.index("8,640")
    assert table_lead_in(text, at, at + 5) == "分乡镇看，新增就业人数如下"
    # a table with a header has its caption instead; a lead-in that runs on like prose is no title
    headed = "各镇情况如下：\n镇\t新增就业\n甲镇\t8640\n"
    at = headed.index("8640")
    assert table_lead_in(headed, at, at + 4) == ""
    prose = "全年新增就业稳步增长，各镇都超额完成了年度任务，重点群体就业保持稳定，其中各镇完成情况请见下列数字。\n甲镇\t8640\n"
    at = prose.index("8640")
    assert table_lead_in(prose, at, at + 4) == ""
    assert table_lead_in("全年新增就业8640人。", 6, 10) == ""


def _cell_features(text: str, cell: str, **kwargs: float) -> dict[str, float]:
    """The number features of the table cell `cell` of `text` for a question on 青石县's budget revenue."""
    from index.tokenize import Tokenizer
    from qa.analysis import analyze
    from qa.features import Needle, Passage, number_features

    cut = Tokenizer().cut
    q = analyze("青石县一般公共预算收入是多少")
    passage = Passage(view=text, heading="", rank=0, fused=1.0)
    needle = Needle.of(q.head, cut)
    found = {m.text: m for m in extract_numbers(text)}
    return number_features(q, needle, needle, found[cell], passage, ("青石县",), cut, **kwargs)


def test_a_cell_is_read_with_its_table_s_caption() -> None:
    text = clean_text(
        "表1 2031年各县一般公共预算收入完成情况\n县区\t完成数（亿元）\t增长（%）\n白沙县\t31.5\t4.2\n青石县\t22.7\t5.1\n"
    )
    value, growth = _cell_features(text, "22.7"), _cell_features(text, "5.1")
    # the thing asked is named only in the caption: the cell's sentence covers it, its item does not
    assert value["cover_sentence"] == 1.0 and value["cover_item"] < 1.0
    assert value["column_cover"] < 1.0  # the column's header alone does not
    # a column of rates is not read with the caption: its growth must not tie the value it is the growth of
    assert growth["cover_sentence"] < 1.0


def test_a_cell_s_lead_over_the_best_sentence_leaves_its_caption_out() -> None:
    from index.tokenize import Tokenizer
    from qa.analysis import analyze
    from qa.features import Needle, best_sentence_cover

    text = clean_text(
        "青石县财政局报告。\n表1 2031年各县一般公共预算收入完成情况\n县区\t完成数（亿元）\n白沙县\t31.5\n青石县\t22.7\n"
    )
    best = best_sentence_cover(Needle.of(analyze("青石县一般公共预算收入是多少").head, Tokenizer().cut), text)
    value = _cell_features(text, "22.7", best_sentence=best)
    assert value["cover_sentence"] == 1.0  # the caption still counts for what the sentence covers
    # but its lead over the best bare sentence is of its row and header alone, which do not name the thing
    assert value["sentence_lead"] < value["cover_sentence"]


def test_a_place_by_place_list_in_prose_is_read_like_a_table() -> None:
    from index.segments import listed_thing, segment_bounds

    text = "分县看，白沙县完成一般公共预算收入31.5亿元，增长4.2%；青石县22.7亿元；红岭自治县9.8亿元。"

    def listed(figure: str) -> str | None:
        at = text.index(figure)
        return listed_thing(text, segment_bounds(text, at, at + len(figure))[0], at)

    assert listed("22.7") == listed("9.8") == "完成一般公共预算收入"
    assert listed("31.5") is None  # the first item names its thing itself
    listing = "白沙县新建书屋12个，青石县8个、红岭镇5个。"
    at = listing.index("5个")
    assert listed_thing(listing, listing.index("红岭镇"), at) == "新建书屋"  # a 、-list alike
    assert listed("4.2") is None  # a change is no place item
    # an item with words of its own, or opening on a common word, is no bare place item
    assert listed_thing("白沙县收入31.5亿元；全市9.8亿元。", 12, 14) is None
    # nor is one in another sentence
    other = "白沙县完成收入31.5亿元。青石县22.7亿元。"
    assert listed_thing(other, other.index("青石县"), other.index("22.7")) is None
    # a breakdown whose items name no thing breaks down the figure the sentence before opens on
    broken = "初步核算，全年全县一般公共预算收入64.2亿元，增长3.1%。分乡镇看，东坪镇完成9.6亿元；西坪镇7.1亿元。"
    for figure in ("9.6", "7.1"):
        at = broken.index(figure)
        assert listed_thing(broken, segment_bounds(broken, at, at + 3)[0], at) == "一般公共预算收入", figure
    # past another breakdown of the same figure before it
    twice = broken.replace("。分乡镇看", "。分产业看，第一产业增加值5.2亿元。分乡镇看")
    at = twice.index("7.1")
    assert listed_thing(twice, segment_bounds(twice, at, at + 3)[0], at) == "一般公共预算收入"
    unopened = broken.replace("分乡镇看，", "")  # no breakdown opener: no thing from another sentence
    at = unopened.index("7.1")
    assert listed_thing(unopened, segment_bounds(unopened, at, at + 3)[0], at) is None
    # the bare item's figure is then read as the list's thing, as a table cell is with its header
    features = _cell_features(text, "22.7亿元")
    assert features["cover_item"] == 1.0 and features["cover_sentence"] == 1.0
