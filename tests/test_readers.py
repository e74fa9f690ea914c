"""Readers on files made by real tools (tests/fixtures/make_fixtures.py): text right against the source,
numbers next to their units, table rows, running headers dropped, OCR marked; bad files listed, never fatal."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from bench.readers import figures
from index.chunking import chunk_document
from index.documents import Document, read_corpus
from index.readers import ocr
from index.readers.tables import table_rows

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "readers"
EXPECTED = Path(__file__).resolve().parent / "fixtures" / "readers_expected"
TEXT_LAYER = ["onecol.pdf", "twocol.pdf", "report.docx", "page.html", "unruled.pdf", "drawn_table.pdf"]
IN_CI = os.environ.get("CI", "").lower() == "true"


def read_one(path: Path, **kwargs: int) -> Document:
    result = read_corpus([path], **kwargs)
    assert not result.failed, result.failed
    (doc,) = result.documents
    return doc


def expected(name: str) -> tuple[str, list[str]]:
    rows = EXPECTED / f"{name}.rows"
    return (EXPECTED / f"{name}.txt").read_text("utf-8"), rows.read_text("utf-8").splitlines() if rows.exists() else []


def require_ocr() -> None:
    """OCR tests run where tesseract is installed; in CI (which installs it) its absence is a failure."""
    if not ocr.ocr_available():
        if IN_CI:
            pytest.fail("tesseract-ocr with chi_sim is not installed; .ci/run installs it")
        pytest.skip("tesseract-ocr-chi-sim not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")


@pytest.mark.parametrize("name", TEXT_LAYER)
def test_text_layer_fixtures_read_as_their_source(name: str) -> None:
    doc = read_one(FIXTURES / name)
    want, rows = expected(name)
    got = figures(doc.text, want, rows)
    assert got["chars_right"] >= 0.99, doc.text
    assert got["numbers_with_unit"] == 1.0 and got["numbers"] >= 8
    assert got["paragraphs_right"] == 1.0, doc.text
    if rows:
        assert got["table_rows_right"] == 1.0, doc.text
    assert not doc.ocr and doc.format == Path(name).suffix[1:]
    for chunk in chunk_document(doc):  # offsets are exact into the text the API returns
        assert doc.text[chunk.start : chunk.end] == chunk.text


def test_pdf_running_headers_footers_and_page_numbers_are_dropped() -> None:
    onecol = read_one(FIXTURES / "onecol.pdf")
    assert onecol.pages == 2 and onecol.title == "宁波市总工会2025年工作情况报告"
    assert "宁波市总工会文件" not in onecol.text and "页" not in onecol.text
    twocol = read_one(FIXTURES / "twocol.pdf")
    assert twocol.pages == 2
    assert "工会工作通讯" not in twocol.text and "- 1 -" not in twocol.text and "-2-" not in twocol.text


def test_two_columns_keep_reading_order_and_join_across_columns_and_pages() -> None:
    text = read_one(FIXTURES / "twocol.pdf").text
    lines = text.splitlines()
    # Digits are set in another font than the Chinese around them: no space may part a number from its unit.
    assert "全市已培育省级产业工人队伍建设改革示范企业30家。" in text
    # The fourth paragraph runs from the bottom of page 1's second column onto page 2.
    assert any(x.startswith("在权益维护方面") and x.endswith("惠及职工41万人。") for x in lines)
    assert [x[:4] for x in lines[1:]] == ["今年以来", "在技能提", "在服务保", "在权益维", "下一步,"]


def test_ruled_table_rows_carry_row_column_and_unit() -> None:
    text = read_one(FIXTURES / "onecol.pdf").text
    assert "区县: 鄞州区, 会员数: 33.2万人, 驿站数: 141个, 职工书屋: 11家" in text.splitlines()
    # The table sits between the paragraph before it and the note after it.
    lines = text.splitlines()
    table_at = lines.index("区县: 海曙区, 会员数: 21.5万人, 驿站数: 96个, 职工书屋: 8家")
    assert lines[table_at - 1].startswith("全市签订工资专项集体合同") and lines[table_at + 4].startswith("注:")


@pytest.mark.parametrize("name", ["unruled.pdf", "drawn_table.pdf"])
def test_tables_without_rules_become_rows_and_a_contents_list_does_not(name: str) -> None:
    """A borderless Word table (LibreOffice PDF) and cells placed by coordinates (reportlab) read as rows,
    each cell with its column name and unit, between the paragraphs around them; not run into one paragraph."""
    lines = read_one(FIXTURES / name).text.splitlines()
    _, rows = expected(name)
    at = lines.index(rows[0])
    assert lines[at : at + len(rows)] == rows and lines[at - 1].endswith("。") and lines[at + len(rows)].endswith("。")
    assert any(x.startswith("乡镇: 北岗镇, ") and "个, " in x for x in rows)
    if name == "drawn_table.pdf":  # page numbers set flush right: a contents list, dropped, not a table
        assert lines[0] == "全县职工服务站点分布与服务人次见下表,各项数据均为年末数。"


def test_docx_table_of_contents_is_left_out(tmp_path: Path) -> None:
    """Entries in Word's "toc N" styles (made here by python-docx) end in page numbers: they are not text."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    document.styles.add_style("toc 1", WD_STYLE_TYPE.PARAGRAPH)  # the template has "TOC Heading" already
    document.add_paragraph("目录", style="TOC Heading")
    document.add_paragraph("一、总体情况\t3", style="toc 1")
    document.add_paragraph("一、总体情况", style="Heading 1")
    document.add_paragraph("全县新建驿站12个。")
    document.save(str(tmp_path / "toc.docx"))
    assert read_one(tmp_path / "toc.docx").text.splitlines() == ["一、总体情况", "全县新建驿站12个。"]


def test_docx_keeps_body_order_headings_and_tables() -> None:
    doc = read_one(FIXTURES / "report.docx")
    lines = doc.text.splitlines()
    assert doc.title == "嘉兴市职工服务工作总结" and doc.format == "docx"
    assert lines[:2] == ["嘉兴市职工服务工作总结", "一、基本情况"]
    rows = [i for i, x in enumerate(lines) if x.startswith("县(市、区): ")]
    assert len(rows) == 3 and lines[rows[0] - 1].startswith("组织劳动模范") and lines[rows[-1] + 1] == "三、下一步打算"
    assert "县(市、区): 海宁市, 基层工会: 3120个, 会员: 24.8万人, 慰问困难职工: 910户" in lines


def test_html_keeps_the_article_only() -> None:
    doc = read_one(FIXTURES / "page.html")
    for furniture in ("首页", "新闻中心", "版权所有", "相关新闻", "当前位置", "浏览次数", "统计代码", "0576"):
        assert furniture not in doc.text
    assert "活动类别: 体育比赛, 项目数: 92项, 预计参与: 11.0万人次" in doc.text.splitlines()


def test_table_rows_fold_header_units_and_merged_cells() -> None:
    rows = table_rows([["地区", "增长(%)", "备注(说明)"], ["甲市", "5.2", "新建"], [None, "3", None]])
    # A real unit moves to the number; a note in brackets is no unit; a row label merged down is repeated,
    # the continuation of a merge across columns is not.
    assert rows == ["地区: 甲市, 增长: 5.2%, 备注(说明): 新建", "地区: 甲市, 增长: 3%"]


@pytest.mark.parametrize("name", ["scan.pdf", "scan_page.png"])
def test_scanned_page_is_read_by_ocr_and_marked(name: str) -> None:
    require_ocr()
    doc = read_one(FIXTURES / name)
    want, _ = expected(name)
    got = figures(doc.text, want, [])
    assert doc.ocr is True and doc.pages == 1
    assert got["chars_right"] >= 0.9, doc.text  # OCR may get a character wrong; the figures report how many
    assert "湖州市总工会" in doc.text


def test_image_only_pdf_without_tesseract_is_listed_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(FIXTURES / "scan.pdf", tmp_path / "scan.pdf")
    shutil.copy(FIXTURES / "scan_page.png", tmp_path / "photo.png")
    (tmp_path / "ok.txt").write_text("某市全年新建职工书屋12家。", "utf-8")
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))  # no tesseract on PATH
    ocr.ocr_available.cache_clear()
    try:
        result = read_corpus([tmp_path])
    finally:
        ocr.ocr_available.cache_clear()
    assert [d.doc_id for d in result.documents] == ["ok"]
    reasons = {Path(f.source).name: f.reason for f in result.failed}
    assert reasons == {
        "scan.pdf": "image-only PDF; install tesseract-ocr-chi-sim for OCR",
        "photo.png": "image file; install tesseract-ocr-chi-sim for OCR",
    }


def test_bad_files_are_listed_by_name_and_the_rest_still_read(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "encrypted.pdf", tmp_path / "encrypted.pdf")
    shutil.copy(FIXTURES / "blank.pdf", tmp_path / "blank.pdf")
    good = (FIXTURES / "onecol.pdf").read_bytes()
    (tmp_path / "truncated.pdf").write_bytes(good[:900])
    (tmp_path / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (tmp_path / "zero.pdf").write_bytes(b"")
    (tmp_path / "notes.xyz").write_text("随便写的笔记", "utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    (tmp_path / "fake.docx").write_text("不是压缩包", "utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x81\x30\xff\xfe\xfd" * 3 + b"\xff")
    (tmp_path / "big.txt").write_text("很长的报告。" * 3000, "utf-8")
    shutil.copy(FIXTURES / "report.docx", tmp_path / "report.docx")
    result = read_corpus([tmp_path], max_file_bytes=40_000)
    assert [d.doc_id for d in result.documents] == ["report"]
    reasons = {Path(f.source).name: f.reason for f in result.failed}
    assert set(reasons) == {
        "encrypted.pdf",
        "blank.pdf",
        "truncated.pdf",
        "garbage.pdf",
        "zero.pdf",
        "notes.xyz",
        "old.doc",
        "fake.docx",
        "broken.txt",
        "big.txt",
    }
    assert reasons["encrypted.pdf"].startswith("encrypted PDF")
    assert reasons["blank.pdf"] == "empty PDF: no text on any page"
    assert reasons["truncated.pdf"].startswith("corrupt PDF") or reasons["truncated.pdf"].startswith("empty PDF")
    assert reasons["garbage.pdf"].startswith("corrupt PDF")
    assert reasons["zero.pdf"] == "empty file"
    assert reasons["notes.xyz"].startswith("unsupported file type .xyz")
    assert reasons["old.doc"].startswith("legacy Office")
    assert reasons["fake.docx"] == "corrupt Word file (not a zip package)"
    assert "GB18030" in reasons["broken.txt"]
    assert reasons["big.txt"].startswith("file too large") and "QA_MAX_FILE_MB" in reasons["big.txt"]


@pytest.mark.slow
def test_fixtures_are_answered_end_to_end_and_failures_are_in_the_manifest(tmp_path: Path) -> None:
    from index import store
    from index.build import build_index
    from index.embed import DEFAULT_EMBED_MODEL
    from index.reader import CorpusIndex
    from qa.answer import Assistant
    from qa.config import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("onecol.pdf", "twocol.pdf", "report.docx", "page.html", "unruled.pdf", "encrypted.pdf", "blank.pdf"):
        shutil.copy(FIXTURES / name, corpus / name)
    index_dir = tmp_path / "index"
    summary = build_index([corpus], index_dir, DEFAULT_EMBED_MODEL, show_progress=False)
    assert summary.documents == 5
    assert sorted(Path(f.source).name for f in summary.failed) == ["blank.pdf", "encrypted.pdf"]
    index = CorpusIndex.load(index_dir, DEFAULT_EMBED_MODEL)
    manifest = store.read_manifest(index.path)
    assert manifest["counts"]["failed"] == 2
    assert {Path(f["source"]).name: f["reason"] for f in manifest["failed"]}["blank.pdf"] == (
        "empty PDF: no text on any page"
    )
    json.dumps(manifest)  # plain JSON: the API can show the list as it is
    assert index.documents["onecol"].format == "pdf" and index.documents["onecol"].pages == 2

    assistant = Assistant.load(Settings(index_dir=index_dir))
    in_text = assistant.ask("宁波市建立了多少家行业工会联合会")
    assert in_text.found and (in_text.numbers[0].value, in_text.numbers[0].unit) == (17, "家")
    assert in_text.citations[0].doc_id == "onecol"
    two_columns = assistant.ask("绍兴已培育多少家产业工人队伍建设改革示范企业")
    assert two_columns.found and (two_columns.numbers[0].value, two_columns.numbers[0].unit) == (30, "家")
    in_table = assistant.ask("鄞州区的驿站数是多少")
    assert in_table.found and (in_table.numbers[0].value, in_table.numbers[0].unit) == (141, "个")
    in_docx_table = assistant.ask("海宁市有多少个基层工会")
    assert in_docx_table.found and in_docx_table.numbers[0].value == 3120
    unruled_table = assistant.ask("北岗镇有多少个服务站点")
    assert unruled_table.found and (unruled_table.numbers[0].value, unruled_table.numbers[0].unit) == (14, "个")
    for answer in (in_text, two_columns, in_table, in_docx_table, unruled_table):
        for citation in answer.citations:
            assert index.documents[citation.doc_id].text[citation.start : citation.end] == citation.text
