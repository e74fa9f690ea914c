"""Borderless tables with wrapped names and headers, laid out by LibreOffice, read back: the share of rows read
as `index.readers.tables.table_rows` writes them.

    python -m bench.wrapped_tables --seeds 9-16    # one Word file → PDF per seed, six tables each

Each seed makes a DOCX (python-docx) of six tables without borders: 3-5 columns of random widths, invented
names of 2-16 characters in the first column (long ones wrap), column names of 2-7 characters with a unit
(some wrap), figures in the others, cells top-aligned or centred vertically, a paragraph before each table and
a running header and a "第 N 页" footer; LibreOffice makes the PDF. Needs LibreOffice (`soffice`) and a CJK
font; nothing at run time. Seeds 1-8 were looked at while the readers were written; 9-16 were not.
"""

from __future__ import annotations

import argparse
import random
import tempfile
from pathlib import Path

from bench import make_docs

_HAN = "东西南北中新老大小山河湖海林田城乡镇区县街道园工会职工服务站点联合委员会产业经济开发"


def _tables(rng: random.Random) -> list[tuple[list[list[str]], list[float], bool]]:
    def name(lo: int, hi: int) -> str:
        return "".join(rng.choice(_HAN) for _ in range(rng.randint(lo, hi)))

    out = []
    for _ in range(6):
        cols = rng.randint(3, 5)
        units = ["(个)", "(人)", "(%)", "(万元)", ""]
        header = [name(2, 4)] + [name(2, 7) + rng.choice(units) for _ in range(cols - 1)]
        body = []
        for _ in range(rng.randint(2, 5)):
            figures = [
                rng.choice(
                    [
                        str(rng.randint(1, 999)),
                        f"{rng.randint(1, 99)}.{rng.randint(0, 9)}",
                        f"{rng.randint(1, 9)},{rng.randint(100, 999)}",
                    ]
                )
                for _ in range(cols - 1)
            ]
            body.append([name(2, 16), *figures])
        widths = [rng.uniform(2.5, 4.5)] + [rng.uniform(1.8, 3.0) for _ in range(cols - 1)]
        out.append(([header, *body], widths, rng.random() < 0.5))
    return out


def make(seed: int, folder: Path) -> tuple[Path, list[list[list[str]]]]:
    import docx
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    tables = _tables(random.Random(seed))
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "某县工会简报"
    footer = document.sections[0].footer.paragraphs[0]
    footer.add_run("第 ")
    make_docs._page_number_field(footer)
    footer.add_run(" 页")
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for n, (rows, widths, centred) in enumerate(tables, start=1):
        document.add_paragraph(f"第{n}张表的情况说明如下,数据均为年末统计数,各项指标按有关口径计算。")
        table = document.add_table(rows=0, cols=len(widths))
        for row in rows:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = value
                if centred:
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    document.add_paragraph("以上各表数据由县总工会统计汇总。")
    source = folder / f"tables{seed}.docx"
    document.save(str(source))
    return make_docs.libreoffice_pdf(source, folder), [rows for rows, _, _ in tables]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="9-16", help="a range (9-16) or a comma list")
    args = parser.parse_args()
    if "-" in args.seeds:
        lo, hi = (int(x) for x in args.seeds.split("-"))
        seeds = list(range(lo, hi + 1))
    else:
        seeds = [int(x) for x in args.seeds.split(",")]

    from index.documents import read_corpus
    from index.normalize import normalize_text
    from index.readers.tables import table_rows

    right = total = 0
    with tempfile.TemporaryDirectory(prefix="qa-tables-") as tmp:
        for seed in seeds:
            pdf, tables = make(seed, Path(tmp))
            read = read_corpus([pdf])
            lines = set(read.documents[0].text.splitlines()) if read.documents else set()
            rows = [normalize_text(r) for t in tables for r in table_rows(t)]
            found = sum(r in lines for r in rows)
            print(f"seed {seed:3}: rows right {found:3}/{len(rows)}")
            right, total = right + found, total + len(rows)
    print(f"all: rows right {right}/{total} ({right / max(1, total):.0%})")


if __name__ == "__main__":
    main()
