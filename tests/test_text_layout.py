"""Plain text extracted from a PDF or a Word file (index.readers.text_layout, index.documents.clean_text): page
numbers, running headers and tables of contents dropped, wrapped lines joined, column tables read as tables.
All report text here is invented."""

from __future__ import annotations

from pathlib import Path

from index.chunking import chunk_document
from index.documents import Document, clean_text, read_corpus, wrap_width
from index.numbers import extract_numbers
from index.readers.text_layout import columns_as_tabs, drop_page_furniture, is_page_number
from index.segments import table_cell_labels

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "text_layout"

# Wrapped at about 30 characters, as a PDF page's text comes out; a running header and a page number at each
# page break, which falls inside a sentence ("其余5个乡镇" + "合计86个").
EXTRACTED = """某市总工会2030年工作报告

目  录
一、工作回顾 …………………………… 1
二、主要目标 …………………………… 2

一、工作回顾
2030年，全市各级工会团结引领广大职工建功立业，各
项工作取得新进展。全年新建基层工会412个，其中甲县
58个、乙县37个、丙区42个，其余5个乡镇
— 1 —
某市总工会文件
合计86个。全市工会会员总数达到31.6万人，比上年增
长2.4%；新建职工书屋126家，累计建成1,208家，
其中全国示范职工书屋7家，惠及职工4.2万人。全年
筹集送温暖资金1,046万元，慰问困难职工8,620人次，
— 2 —
某市总工会文件
走访一线职工和农民工2.36万人次，发放助学金212万
元，资助困难职工子女418名。全市建成工会驿站96个，
二、主要目标
2031年新建基层工会不少于300个，新建工会驿站25个。
— 3 —
"""


def test_page_numbers_headers_and_contents_are_dropped() -> None:
    text = clean_text(EXTRACTED)
    assert "— 1 —" not in text and "—2—" not in text and "— 3 —" not in text
    assert "某市总工会文件" not in text
    assert "……" not in text and "..." not in text and "目 录" not in text
    assert text.splitlines()[0] == "某市总工会2030年工作报告"  # the title is kept
    assert "一、工作回顾" in text.splitlines()  # the heading in the body stays (its TOC entry went)


def test_a_sentence_cut_by_a_page_break_is_one_line_again() -> None:
    lines = clean_text(EXTRACTED).splitlines()
    joined = next(x for x in lines if "其余5个乡镇" in x)
    assert "其余5个乡镇合计86个。" in joined
    assert "全年新建基层工会412个" in joined  # the whole paragraph, across both page breaks
    assert "发放助学金212万元" in joined  # a number and its unit across a wrap
    assert "各项工作取得新进展" in joined  # a wrap after a comma-less line at the page width
    assert "二、主要目标" in lines  # a heading is not joined
    numbers = {n.text: n for n in extract_numbers(joined)}
    assert numbers["212万元"].value == 2_120_000 and numbers["212万元"].unit == "元"
    assert "乡镇" in numbers["86个"].subject


def test_page_number_shapes() -> None:
    for line in ("— 3 —", "- 3 -", "· 286 ·", "第 3 页 共 5 页", "第3頁", "Page 3 of 5", "-12-"):
        assert is_page_number(line), line
    for line in ("3", "2030", "3.5", "一、", "-5%", "第三章", "3个"):
        assert not is_page_number(line), line


def test_a_lone_fraction_is_no_page_number_but_a_run_of_them_is() -> None:
    cell = ["完成率", "2/3", "乙县完成全年任务。"]
    assert drop_page_furniture(cell) == cell
    pages = ["甲县全年新建驿站12个，", "1/2", "乙县新建驿站9个。", "2/2"]
    assert drop_page_furniture(pages) == ["甲县全年新建驿站12个，", "乙县新建驿站9个。"]


def test_a_repeated_line_needs_page_numbers_or_regular_pages() -> None:
    # A heading used twice in a report is no running header.
    report = ["主要做法", "甲县建成驿站12个。", "乙县建成驿站9个。", "主要做法", "丙区建成驿站7个。"]
    assert drop_page_furniture(report) == report
    body = [f"第{i}段正文，全市新建驿站{i}个。" for i in range(30)]
    paged = body[:8] + ["某市年鉴·2030  社会团体"] + body[8:16] + ["某市年鉴·2030  社会团体"] + body[16:24]
    paged += ["某市年鉴·2030  社会团体"] + body[24:]
    assert drop_page_furniture(paged) == body  # three times at regular intervals


COLUMNS = """表2  2030年各县主要数据
县（区）      产量（万吨）   在校生（万人）   驿站（个）
甲县          312.64         9.12            29
乙县          86.5           4.06            17
注：其余县数据略。
"""


def test_space_column_table_is_read_like_a_tab_table() -> None:
    text = clean_text(COLUMNS)
    lines = text.splitlines()
    assert lines[0] == "表2 2030年各县主要数据"  # a caption with a wide gap is no table
    assert lines[1] == "县(区)\t产量(万吨)\t在校生(万人)\t驿站(个)"
    assert lines[2] == "甲县\t312.64\t9.12\t29"
    assert lines[4].startswith("注:")
    start = text.index("9.12")
    header, cells, column = table_cell_labels(text, start, start + 4) or ([], [], -1)
    assert header[column] == "在校生(万人)" and cells[0] == "甲县"
    found = {n.text: n for n in extract_numbers(text)}
    assert (found["312.64"].value, found["312.64"].unit) == (3_126_400, "吨")
    assert (found["9.12"].value, found["9.12"].unit) == (91_200, "人")
    assert found["29"].unit == "个"


def test_columns_need_two_rows_of_the_same_shape_and_a_figure() -> None:
    assert columns_as_tabs(["撰稿  张三", "正文第一句。"]) == ["撰稿  张三", "正文第一句。"]
    words = ["甲    乙", "丙    丁"]  # no figure: spacing, not a table of data
    assert columns_as_tabs(words) == words
    assert columns_as_tabs(["名称   数量", "甲县   12"]) == ["名称\t数量", "甲县\t12"]


def test_a_table_split_by_a_page_break_stays_one_table() -> None:
    raw = "县名      驿站（个）\n甲县      12\n- 4 -\n某市年鉴\n乙县      9\n- 5 -\n某市年鉴\n注：数据略。\n"
    text = clean_text(raw)
    assert text.splitlines()[:3] == ["县名\t驿站(个)", "甲县\t12", "乙县\t9"]


def test_circled_footnote_marks_do_not_become_digits() -> None:
    text = clean_text(
        "城乡居民基础养老金最低标准提高到每人每月150元②，全年目标全面完成①。\n"
        "注：①数据为快报数。②2029年标准为每人每月140元。"
    )
    assert "150元。" not in text and "150元," in text and "1502" not in text and "完成。" in text
    assert text.splitlines()[1] == "注:(1)数据为快报数。(2)2029年标准为每人每月140元。"
    assert [n.value for n in extract_numbers(text.splitlines()[0]) if n.unit == "元"] == [150]


def test_a_run_of_circled_marks_keeps_every_mark() -> None:
    """A line of marks alone ("①②③", a legend) keeps all of them; a run after a figure is still a reference."""
    assert clean_text("图例\n①②③\n下文").splitlines()[1] == "(1)(2)(3)"
    assert "1,234元" in clean_text("会员1,234①②元。")


def test_wrap_width_only_for_text_wrapped_at_a_width() -> None:
    wrapped = [("全市新建驿站十二个，其中甲县五个乙县七个" * 2)[:30] for _ in range(25)]
    assert wrap_width(wrapped) == 30
    typed = [("全市新建驿站十二个。" * (1 + i % 7)) for i in range(25)]  # one paragraph a line
    assert wrap_width(typed) is None


def test_a_sparse_blank_line_ends_a_paragraph() -> None:
    raw = "某市总工会2030年工作总结\n（2031年1月5日）\n\n各位委员：\n全年新建驿站12个，\n乙县9个。\n"
    assert clean_text(raw).splitlines() == [
        "某市总工会2030年工作总结",
        "(2031年1月5日)",
        "各位委员:",
        "全年新建驿站12个,乙县9个。",
    ]


def test_extracted_text_file_reads_and_chunks_with_exact_offsets(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text(EXTRACTED + COLUMNS, encoding="utf-8")
    (doc,) = read_corpus([tmp_path]).documents
    assert "— 2 —" not in doc.text and "甲县\t312.64\t9.12\t29" in doc.text
    for chunk in chunk_document(doc):
        assert doc.text[chunk.start : chunk.end] == chunk.text


def test_pdf_reader_drops_a_single_pages_decorated_page_number() -> None:
    """A one-page PDF made by reportlab (tests/fixtures/make_fixtures.py): its footer "· 7 ·" goes, by its shape
    (one page shows no repetition)."""
    result = read_corpus([FIXTURES / "onepage_footer.pdf"])
    assert not result.failed, result.failed
    (doc,) = result.documents
    assert isinstance(doc, Document) and doc.format == "pdf"
    assert "412个" in doc.text and "7" not in doc.text.replace("412", "")


def test_scraped_line_breaks_inside_a_sentence_are_joined() -> None:
    raw = (
        "一、养老服务\n"
        "全市共有养老机构40家，养老床位3,200张。“颐养”服务平台注册老年人\n"
        "2.6万人，全年提供助餐服务8.4万人次。\n"
        "(二)社会救助。全市纳入监测平台1.2万户，全年\n"
        "预警信息3,400条。\n"
        "工作回顾\n"
        "2030年，全市新建养老服务站12个。\n"
    )
    assert clean_text(raw).splitlines() == [
        "一、养老服务",
        "全市共有养老机构40家,养老床位3,200张。“颐养”服务平台注册老年人2.6万人,全年提供助餐服务8.4万人次。",
        "(二)社会救助。全市纳入监测平台1.2万户,全年预警信息3,400条。",
        "工作回顾",  # a heading before a year stays a heading
        "2030年,全市新建养老服务站12个。",
    ]


def test_flattened_table_rows_are_not_joined() -> None:
    raw = "指标: 城镇新增就业; 完成值: 1.46万人\n指标: 城镇调查失业率; 完成值: 5.2%\n以上为初步统计数。"
    assert clean_text(raw).splitlines()[:2] == [
        "指标: 城镇新增就业; 完成值: 1.46万人",
        "指标: 城镇调查失业率; 完成值: 5.2%",
    ]


def test_a_space_after_a_bracket_does_not_part_a_figure_from_its_subject() -> None:
    text = clean_text("全年全市地区生产总值(GDP) 1,234.5亿元,增长 5.6%。")
    assert "(GDP)1,234.5亿元" in text
    (figure, *_) = extract_numbers(text)
    assert figure.subject.endswith("地区生产总值(GDP)")


def test_a_total_row_repeated_in_tables_of_one_length_is_kept() -> None:
    table = ["县名\t驿站(个)", "甲县\t12", "乙县\t9", "合计\t21", "本表为年末数。", "以下为下一组。"]
    lines = table * 4
    assert drop_page_furniture(lines) == lines


def test_contents_with_spaces_for_leaders_are_dropped_under_their_title() -> None:
    raw = "某县2030年工作报告\n目录\n一、工作回顾        1\n二、主要目标        3\n\n一、工作回顾\n全年新建驿站12个。\n"
    assert clean_text(raw).splitlines() == ["某县2030年工作报告", "一、工作回顾", "全年新建驿站12个。"]


def test_docx_footnote_marks_do_not_become_digits(tmp_path: Path) -> None:
    """A Word file made by python-docx: "①" after a figure is a footnote reference, not a digit of it."""
    import docx

    document = docx.Document()
    document.add_paragraph("全市工会会员达到1,234人①，比上年增加56人。")
    document.add_paragraph("注：①为年末数。")
    document.save(str(tmp_path / "notes.docx"))
    (doc,) = read_corpus([tmp_path]).documents
    assert doc.format == "docx" and "1,234人," in doc.text and "(1)为年末数" in doc.text
    assert [n.value for n in extract_numbers(doc.text) if n.unit == "人"][:1] == [1234]


def test_a_cell_counts_what_its_row_and_column_say() -> None:
    text = clean_text(COLUMNS)
    found = {n.text: n for n in extract_numbers(text)}
    assert found["9.12"].subject == "甲县在校生" and found["17"].subject == "乙县驿站"
    # Years name the columns of a year-on-year table: its header all the same.
    years = "项目|2029年|2030年\n驿站(个)|12|15\n"
    start = years.index("15")
    assert table_cell_labels(years, start, start + 2) == (["项目", "2029年", "2030年"], ["驿站(个)", "12", "15"], 2)
    assert [(n.subject, n.unit) for n in extract_numbers(years) if n.text == "15"] == [("驿站2030年", "个")]
