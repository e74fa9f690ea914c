"""Tables whose header or cells take two lines (tests/fixtures/make_table_fixtures.py made the files with
LibreOffice, reportlab and python-docx): each row one line, a number with its row label and its column name;
a two-level merged header read as one name per column; running headers and page-number footers dropped."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench.readers import figures
from index.chunking import chunk_document
from index.documents import Document, read_corpus
from index.readers.layout import Line, aligned_tables, drop_running_lines
from index.readers.tables import column_names, table_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "readers_expected"
WRAPPED = [
    "wrapped_unruled.pdf",
    "wrapped_ruled.pdf",
    "wrapped_drawn.pdf",
    "wrapped_centred.pdf",
    "twolevel_unruled.pdf",
    "narrow_column.pdf",
    "continued_table.pdf",
    "merged_header.docx",
]


def read_one(name: str) -> Document:
    result = read_corpus([FIXTURES / name])
    assert not result.failed, result.failed
    (doc,) = result.documents
    return doc


@pytest.mark.parametrize("name", WRAPPED)
def test_wrapped_tables_read_as_one_line_per_row_between_their_paragraphs(name: str) -> None:
    doc = read_one(name)
    want = (EXPECTED / f"{name}.txt").read_text("utf-8")
    rows = (EXPECTED / f"{name}.rows").read_text("utf-8").splitlines()
    lines = doc.text.splitlines()
    at = lines.index(rows[0])
    assert lines[at : at + len(rows)] == rows, doc.text
    assert lines[at - 1].endswith("。") and lines[at + len(rows)].endswith("。")
    got = figures(doc.text, want, rows)
    assert got["chars_right"] >= 0.99 and got["paragraphs_right"] == 1.0 and got["table_rows_right"] == 1.0, doc.text
    for chunk in chunk_document(doc):
        assert doc.text[chunk.start : chunk.end] == chunk.text


def test_a_wrapped_unit_name_keeps_its_figures_and_a_wrapped_column_name_its_unit() -> None:
    lines = read_one("wrapped_unruled.pdf").text.splitlines()
    # "新建基层" / "工会(个)" over the column, the unit name on two lines beside the figures of its first line.
    assert (
        "单位名称: 青川县商贸集聚区新业态劳动者联合工会, 新建基层工会: 9个, 发展会员: 878人, 覆盖职工: 1,522人" in lines
    )
    assert not any(x in ("工会(个)", "(人)", "9 878 1,522") for x in lines)
    # Cells centred vertically: the figures sit between the two lines of the name, the note runs on three lines.
    centred = read_one("wrapped_centred.pdf").text.splitlines()
    assert (
        "乡镇: 白沙河经济技术开发区, 服务站点: 16个, 服务人次: 12,640人, 备注: 含园区职工之家和户外劳动者驿站"
        in centred
    )
    drawn = read_one("wrapped_drawn.pdf").text.splitlines()
    assert "街道: 临江新城产业园区职工服务中心, 新建驿站: 15个, 服务人次: 6.9万, 增长: 12.3%" in drawn


@pytest.mark.parametrize("name", ["wrapped_ruled.pdf", "twolevel_unruled.pdf", "merged_header.docx"])
def test_two_level_merged_header_names_each_column(name: str) -> None:
    """单位名称 and 会员(人) merged down two header rows, 工会组织 merged across 数量(个) and 增长(%): with rules, without
    (the group name then set over its first sub-column only) and in the Word file."""
    lines = read_one(name).text.splitlines()
    assert "单位名称: 古市镇, 工会组织数量: 18个, 工会组织增长: -2.5%, 会员: 1,964人" in lines
    assert not any(x.startswith("单位名称, ") or "数量(个)" in x for x in lines)  # no header row read as data


def test_running_header_and_page_x_of_y_footer_are_dropped_on_every_page() -> None:
    unruled = read_one("wrapped_unruled.pdf")
    assert unruled.pages == 2 and "工作简报" not in unruled.text and "页" not in unruled.text
    ruled = read_one("wrapped_ruled.pdf")
    assert ruled.pages == 2 and "—" not in ruled.text
    assert ruled.text.splitlines()[-2:] == [
        "二、职工帮扶",
        "全年走访慰问困难职工1,208户,发放慰问金和慰问物资折合人民币386万元。",
    ]


def test_header_rows_are_joined_per_column() -> None:
    header = [["地区", "职工书屋", "职工书屋", "备注"], ["地区", "新建(家)", "累计(家)", ""]]
    assert column_names(header) == ["地区", "职工书屋新建(家)", "职工书屋累计(家)", "备注"]
    rows = table_rows([["地区", "职工书屋", None], [None, "新建(家)", "累计(家)"], ["甲市", "3", "41"]], header_rows=2)
    assert rows == ["地区: 甲市, 职工书屋新建: 3家, 职工书屋累计: 41家"]
    # One header row, as before: a row label merged down the body is repeated.
    assert table_rows([["地区", "增长(%)"], ["甲市", "5.2"], [None, "3"]]) == [
        "地区: 甲市, 增长: 5.2%",
        "地区: 甲市, 增长: 3%",
    ]


def _line(top: float, cells: list[tuple[float, str]], size: float = 10.0) -> Line:
    """A PDF line at baseline `top + size`, its pieces at x with 5 units per character."""
    pieces = tuple((x, x + 5 * len(t), t) for x, t in cells)
    text = " ".join(t for _, t in cells)
    x0, x1 = pieces[0][0], pieces[-1][1]
    return Line(
        text, 0, x0, top, x1, top + size, size=size, baseline=top + size, cells=pieces if len(pieces) > 1 else ()
    )


def test_rows_set_at_the_line_pitch_are_not_joined_without_a_wider_row_pitch() -> None:
    """Rows as close as the lines of a paragraph, one with an empty cell: nothing shows that a line continues
    the row above, so every line is a row (a short note after the table stays text)."""
    lines = [
        _line(0, [(0, "地区"), (100, "会员"), (200, "驿站")]),
        _line(14, [(0, "甲县"), (100, "12"), (200, "3")]),
        _line(28, [(0, "乙县"), (100, "9")]),
        _line(42, [(0, "丙县长"), (100, "7"), (200, "5")]),
        _line(70, [(0, "注:年末数。")]),
    ]
    rows = [x.text for x in aligned_tables(lines, 14.0)]
    assert rows == [
        "地区: 甲县, 会员: 12, 驿站: 3",
        "地区: 乙县, 会员: 9",
        "地区: 丙县长, 会员: 7, 驿站: 5",
        "注:年末数。",
    ]
    # The same rows under a header set further apart (one wider step): still a row each.
    spaced = [lines[0], *(replace(x, top=x.top + 10, bottom=x.bottom + 10, baseline=x.base + 10) for x in lines[1:])]
    assert [x.text for x in aligned_tables(spaced, 14.0)] == rows
    # And with a total row set apart too (two wider steps): the row at pitch 14 after the one with an empty
    # cell is a full row, so 14 is the row pitch, and the row with the empty cell is not joined to the one above.
    total = [*spaced[:4], _line(80, [(0, "合计"), (100, "28"), (200, "8")]), replace(spaced[4], top=110, baseline=120)]
    assert [x.text for x in aligned_tables(total, 14.0)] == [*rows[:3], "地区: 合计, 会员: 28, 驿站: 8", rows[3]]


def test_a_line_at_line_pitch_in_a_table_with_wider_rows_continues_its_row() -> None:
    lines = [
        _line(0, [(0, "地区"), (100, "会员"), (200, "驿站")]),
        _line(22, [(0, "甲县城关"), (100, "12"), (200, "3")]),
        _line(34, [(0, "街道")]),
        _line(56, [(0, "乙县"), (100, "9"), (200, "4")]),
        _line(90, [(0, "全年新建驿站7个,服务职工1.2万人次,各县均已建成。")]),
    ]
    rows = [x.text for x in aligned_tables(lines, 12.0)]
    assert rows == ["地区: 甲县城关街道, 会员: 12, 驿站: 3", "地区: 乙县, 会员: 9, 驿站: 4", lines[-1].text]


@pytest.mark.slow
def test_a_wrapped_row_is_answered_with_its_label_end_to_end(tmp_path: Path) -> None:
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL
    from qa.answer import Assistant
    from qa.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("wrapped_unruled.pdf", "wrapped_ruled.pdf"):
        (corpus / name).write_bytes((FIXTURES / name).read_bytes())
    build_index([corpus], tmp_path / "index", DEFAULT_EMBED_MODEL, show_progress=False)
    assistant = Assistant.load(Settings(index_dir=tmp_path / "index"))
    wrapped = assistant.ask("青川县商贸集聚区新业态劳动者联合工会发展会员多少人")
    assert wrapped.found and (wrapped.numbers[0].value, wrapped.numbers[0].unit) == (878, "人")
    assert "青川县商贸集聚区新业态劳动者联合工会" in wrapped.citations[0].text
    two_level = assistant.ask("松阳市新就业形态劳动者联合工会委员会的工会组织数量是多少")
    assert two_level.found and (two_level.numbers[0].value, two_level.numbers[0].unit) == (31, "个")


def test_a_row_with_an_empty_cell_is_not_joined_where_the_table_shows_rows_at_that_pitch() -> None:
    """One name wraps at pitch 12, but rows 14 apart are full rows: 14 is no line pitch, so the row with an empty
    cell stays a row (the wrapped line then reads as a row of its own, its figures kept with their labels)."""
    lines = [
        _line(0, [(0, "地区"), (100, "会员"), (200, "驿站")]),
        _line(24, [(0, "甲县"), (100, "12"), (200, "3")]),
        _line(38, [(0, "乙县"), (100, "9")]),
        _line(52, [(0, "丙县城关"), (100, "7"), (200, "5")]),
        _line(64, [(0, "街道")]),
        _line(88, [(0, "丁县"), (100, "4"), (200, "1")]),
    ]
    assert [x.text for x in aligned_tables(lines, 12.0)] == [
        "地区: 甲县, 会员: 12, 驿站: 3",
        "地区: 乙县, 会员: 9",
        "地区: 丙县城关, 会员: 7, 驿站: 5",
        "地区: 街道",
        "地区: 丁县, 会员: 4, 驿站: 1",
    ]


def test_docx_header_rows_marked_to_repeat_are_one_header(tmp_path: Path) -> None:
    """Two header rows without merges, both marked to repeat on each page (w:tblHeader, as Word's "Repeat as
    header row" sets it; made here by python-docx): the second is part of the header, not a data row."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("各市职工书屋情况如下。")
    table = document.add_table(rows=0, cols=3)
    for values in (["地区", "职工书屋", ""], ["", "新建(家)", "累计(家)"], ["甲市", "3", "41"], ["乙市", "5", "27"]):
        row = table.add_row()
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    for row in table.rows[:2]:
        row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    document.save(str(tmp_path / "repeat.docx"))
    result = read_corpus([tmp_path / "repeat.docx"])
    assert result.documents[0].text.splitlines()[1:] == [
        "地区: 甲市, 职工书屋新建: 3家, 累计: 41家",
        "地区: 乙市, 职工书屋新建: 5家, 累计: 27家",
    ]


def test_running_lines_repeat_in_words_and_height_a_row_of_figures_does_not() -> None:
    """Three pages: a header line at the same height on each (dropped, its digits aside), "第 N 页 共 3 页" at the
    foot (dropped), and at the top of pages 2 and 3 the rows of a table running over, figures only, with the
    same shape digits aside (kept: figures are no running header)."""

    def page(n: int, first_row: str) -> list[Line]:
        return [
            Line(f"某县总工会工作简报 2026年第{n}期", n, 90, 40, 300, 50, size=10.0, baseline=50),
            Line(first_row, n, 90, 76, 400, 86, size=10.0, baseline=86),
            Line("正文一行。", n, 90, 300, 500, 310, size=10.0, baseline=310),
            Line(f"第 {n + 1} 页 共 3 页", n, 270, 745, 340, 755, size=10.0, baseline=755),
        ]

    pages = [page(0, "一、总体情况"), page(1, "1,441 440 863 3,287"), page(2, "801 832 5,609 2,655")]
    kept = [[x.text for x in lines] for lines in drop_running_lines(pages, [842.0] * 3)]
    assert kept == [
        ["一、总体情况", "正文一行。"],
        ["1,441 440 863 3,287", "正文一行。"],
        ["801 832 5,609 2,655", "正文一行。"],
    ]
    # The same header far lower on the page (a title, not a running header) is kept.
    moved = [page(0, "x"), page(1, "y"), [replace(x, top=x.top + 30, bottom=x.bottom + 30) for x in page(2, "z")]]
    assert [x.text for x in drop_running_lines(moved, [842.0] * 3)[2]][:1] == ["某县总工会工作简报 2026年第2期"]


def test_a_table_running_onto_the_next_page_keeps_its_header_there() -> None:
    """Rows at the top of page 2 (the first a name on two lines) continue the table of page 1, which has no
    header there; page 3 opens with a table of its own, under its own header."""
    lines = read_one("continued_table.pdf").text.splitlines()
    assert "街道: 高新技术产业开发区管理委员会, 职工之家: 23个, 会员: 6,310人" in lines
    assert "街道: 北湖街道, 职工之家: 7个, 会员: 1,204人" in lines
    assert "项目: 送温暖, 场次: 52场, 人次: 6,930人" in lines
    assert sum(x.startswith("街道: 城关街道") for x in lines) == 1  # the rows of page 1 are read once


def _wide(top: float, cells: list[tuple[float, str]]) -> Line:
    """A PDF line at baseline top + 10, its pieces at x, 10 units (an em) per character."""
    pieces = tuple((x, x + 10 * len(t), t) for x, t in cells)
    x0, x1 = pieces[0][0], pieces[-1][1]
    text = " ".join(t for _, t in cells)
    return Line(text, 0, x0, top, x1, top + 10, size=10.0, baseline=top + 10, cells=pieces if len(pieces) > 1 else ())


def test_a_group_name_centred_over_its_sub_columns_names_each_of_them() -> None:
    """Without rules a group name centred over two sub-columns bridges their gap; before, it made one column of
    them (`工会组织: 12, 3.1`) or was left out as text. Now it is set aside and names each column under it."""
    header = [(100, "数量(个)"), (200, "增长(%)"), (300, "人数"), (400, "增长(%)")]
    rows = [
        _wide(28, [(0, "甲县"), (100, "12"), (200, "3.1"), (300, "420"), (400, "2.2")]),
        _wide(42, [(0, "乙县"), (100, "9"), (200, "1.5"), (300, "310"), (400, "1.1")]),
    ]
    both = [_wide(0, [(140, "工会组织"), (340, "会员")]), _wide(14, [(0, "地区"), *header]), *rows]
    assert [x.text for x in aligned_tables(both, 14.0)] == [
        "地区: 甲县, 工会组织数量: 12个, 工会组织增长: 3.1%, 会员人数: 420, 会员增长: 2.2%",
        "地区: 乙县, 工会组织数量: 9个, 工会组织增长: 1.5%, 会员人数: 310, 会员增长: 1.1%",
    ]
    # One group name alone on its line, and years over repeated names.
    alone = [_wide(0, [(140, "工会组织")]), _wide(14, [(0, "地区"), *header]), *rows]
    assert aligned_tables(alone, 14.0)[0].text.startswith(
        "地区: 甲县, 工会组织数量: 12个, 工会组织增长: 3.1%, 人数: 420"
    )
    years = [_wide(0, [(150, "2030年"), (350, "2031年")]), _wide(14, [(0, "地区"), *header]), *rows]
    assert aligned_tables(years, 14.0)[1].text == (
        "地区: 乙县, 2030年数量: 9个, 2030年增长: 1.5%, 2031年人数: 310, 2031年增长: 1.1%"
    )
    # A name inside its own column (a wide one), or over the row labels' column, is no group name.
    wide_column = [
        _wide(0, [(0, "地区"), (100, "人数"), (200, "备注")]),
        _wide(14, [(0, "甲县"), (100, "12"), (200, "新建站点")]),
    ]
    assert aligned_tables(wide_column, 14.0)[0].text == "地区: 甲县, 人数: 12, 备注: 新建站点"
