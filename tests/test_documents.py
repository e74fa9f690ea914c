from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from index.chunking import chunk_document
from index.documents import clean_text, decode_bytes, read_corpus
from index.errors import CorpusError

SAMPLE = "东岭全县现有社区老年爱心食堂19个。\n\n䶮字也要保留,全角１２３变半角。"


@pytest.mark.parametrize(
    "encoded",
    [
        SAMPLE.encode("utf-8"),
        codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("utf-16"),  # Python writes the BOM
        codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "gb18030", "utf16-le-bom", "utf16-be-bom"],
)
def test_every_encoding_gives_the_same_chunks(tmp_path: Path, encoded: bytes) -> None:
    (tmp_path / "report.txt").write_bytes(encoded)
    reference = tmp_path / "ref"
    reference.mkdir()
    (reference / "report.txt").write_text(SAMPLE, "utf-8")
    got = read_corpus([tmp_path / "report.txt"]).documents[0]
    want = read_corpus([reference]).documents[0]
    assert got.text == want.text
    assert "123" in got.text and "䶮" in got.text
    assert [c.text for c in chunk_document(got)] == [c.text for c in chunk_document(want)]


def test_undecodable_file_is_listed_with_the_reason_and_the_rest_read(tmp_path: Path) -> None:
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x81\x30\xff\xfe\xfd" * 3 + b"\xff")
    (tmp_path / "good.txt").write_text("报告正文。", "utf-8")
    result = read_corpus([tmp_path])
    assert [d.doc_id for d in result.documents] == ["good"]
    (failed,) = result.failed
    assert Path(failed.source).name == "broken.txt" and "GB18030" in failed.reason


def test_decode_never_replaces() -> None:
    with pytest.raises(CorpusError):
        decode_bytes(b"\xff\xff\xff\xff", "x.txt")


def test_empty_and_duplicate_files_are_skipped_and_counted(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("报告正文。", "utf-8")
    (tmp_path / "b.txt").write_text("报告正文。", "utf-8")
    (tmp_path / "empty.md").write_text(" \n\u200b\n", "utf-8")
    (tmp_path / "README.md").write_text("# not a report", "utf-8")
    result = read_corpus([tmp_path])
    assert [d.doc_id for d in result.documents] == ["a"]
    assert len(result.skipped_duplicate) == 1 and len(result.skipped_empty) == 1


def test_beir_rows_become_documents(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text(
        '{"_id": "P1", "title": "标题", "text": "正文一。"}\n{"_id": "P2", "title": "", "text": ""}\n', "utf-8"
    )
    result = read_corpus([tmp_path])
    assert [(d.doc_id, d.title) for d in result.documents] == [("P1", "标题")]
    assert len(result.skipped_empty) == 1


def test_malformed_beir_row_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "corpus.jsonl").write_text('{"_id": "P1", "text": "a"}\n{oops\n', "utf-8")
    with pytest.raises(CorpusError, match=r"corpus.jsonl:2"):
        read_corpus([tmp_path])


def test_normalisation_full_width_and_zero_width() -> None:
    assert clean_text("会员４８．７万人，爱\u200b心食堂") == "会员48.7万人,爱心食堂"


# invented, laid out as a PDF copy breaks lines: inside words, between a number and its unit
EXCERPT_LAYOUT = """一是“建台账”摸清家底。主动与民

政、市场监管大数据对接,梳理全县村居

社会组织已登记和未登记的名单,逐级

压实责任,推进未登记组织备案工作落

实。截至目前,全县社会组织总数6271

家,覆盖村居18436家,注册志愿者72.58

万人,其中独立登记5329家,联合备案642家,40家社区社

会组织达到规范运行。

“育骨干+建平台”,上下联动强服务

坚持把“夯实基层服务”作为社会治理的“主抓手”。
"""


def test_hard_line_breaks_are_repaired_but_headings_stay() -> None:
    lines = clean_text(EXCERPT_LAYOUT).splitlines()
    assert "全县社会组织总数6271家" in lines[0]
    assert "主动与民政、市场监管" in lines[0]
    assert "注册志愿者72.58万人" in lines[0]
    assert lines[1] == "“育骨干+建平台”,上下联动强服务"
    assert lines[2].startswith("坚持把")


def test_seed_report_002_is_repaired(corpus_dir: Path) -> None:
    docs = {d.doc_id[:3]: d for d in read_corpus([corpus_dir]).documents}
    assert "全市基层工会总数9394家" in docs["002"].text
    assert "主动与社保、经济普查" in docs["002"].text


def test_web_page_entities_are_decoded_and_an_indented_line_opens_a_paragraph() -> None:
    """Text copied from a page's source: "&nbsp;" indents and separators, "&gt;" in the breadcrumb; the first
    line of the article, indented, is not glued to the page's view counter above it."""
    raw = (
        "首页 &gt; 工作动态\n来源:某县总工会 阅读次数:4218\n&nbsp;&nbsp;&nbsp;&nbsp;2025年,全县新建驿站12个。\n"
        "&nbsp;&nbsp;&nbsp;&nbsp;全年慰问职工1,024户。\n"
    )
    lines = clean_text(raw).splitlines()
    assert lines[0] == "首页 > 工作动态"
    assert lines[1].endswith("阅读次数:4218") and lines[2] == "2025年,全县新建驿站12个。"
    assert "&" not in clean_text(raw)


def test_a_hanging_indent_after_a_list_item_does_not_open_a_paragraph() -> None:
    text = clean_text("1.全市各级工会新建职工之家36个、职工书屋48家,\n    其中示范点12个。\n")
    assert text == "1.全市各级工会新建职工之家36个、职工书屋48家,其中示范点12个。"


def test_a_date_line_stands_apart_from_the_heading_after_it() -> None:
    # A byline's date, then a heading without a list marker: blank lines after every line say nothing here.
    text = clean_text("某县政府工作报告\n\n县长 李某\n\n二〇二五年三月\n\n总体情况\n\n全县建成口袋公园46个。")
    assert text.splitlines() == [
        "某县政府工作报告",
        "县长 李某",
        "二〇二五年三月",
        "总体情况",
        "全县建成口袋公园46个。",
    ]
    assert (
        "中華民國113年12月"
        in clean_text("某縣施政報告\n\n中華民國113年12月\n\n前言\n\n本縣設有圖書館9所。").splitlines()
    )


def test_a_formal_numeral_opens_a_part() -> None:
    text = clean_text("過去一年本縣完成道路改善工程\n參、教育\n本縣現有國民小學41所。")
    assert text.splitlines()[1] == "參、教育"


def test_a_sentence_running_on_after_a_date_still_joins() -> None:
    # "2024年12月" / "底，…": a word (月底) runs across the break, so the date is not a line of its own.
    text = clean_text("全市累计建成充电桩的数量截至\n2024年12月\n底,共有3100个。")
    assert text.splitlines()[-1] == "2024年12月底,共有3100个。"
