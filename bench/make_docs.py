"""Lay out report text as the files users have, with real tools: a DOCX (python-docx), its PDF (LibreOffice),
a two-column magazine PDF (reportlab) and a scanned page (Pillow). Used by tests/fixtures/make_fixtures.py
and by `python -m bench.readers --held-out DIR`. Needs reportlab, LibreOffice (`soffice`) for the PDFs from
DOCX and a CJK font (fonts-noto-cjk) for the scans; none of it at run time."""

from __future__ import annotations

import random
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

CJK_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
Table = list[list[str]]


def _page_number_field(paragraph: Any) -> None:
    """A PAGE field in the footer (python-docx has no API for fields)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.text = text
        run._r.append(element)


def docx_report(
    path: Path,
    title: str,
    blocks: Sequence[tuple[str, str | Table]],
    *,
    header: str | None = None,
    page_numbers: bool = False,
    font_pt: float = 12,
    indent_body: bool = False,
    page_break_after: int | None = None,
) -> Path:
    """blocks: (style, text) with styles "Title", "Heading N", "Normal", or ("TABLE", rows) for a ruled table,
    ("PLAIN_TABLE", rows) for one without borders."""
    import docx
    from docx.enum.text import WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if page_numbers:
        footer = section.footer.paragraphs[0]
        footer.add_run("第 ")
        _page_number_field(footer)
        footer.add_run(" 页")
    document.core_properties.title = title
    normal = document.styles["Normal"]
    normal.font.size = Pt(font_pt)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for n, (style, content) in enumerate(blocks):
        if style in ("TABLE", "PLAIN_TABLE"):
            assert isinstance(content, list)
            table = document.add_table(rows=0, cols=len(content[0]))
            if style == "TABLE":
                table.style = "Table Grid"
            for row in content:
                for cell, value in zip(table.add_row().cells, row, strict=True):
                    cell.text = value
            continue
        assert isinstance(content, str)
        paragraph = document.add_paragraph(content, style=None if style == "Normal" else style)
        if style == "Normal" and indent_body:
            paragraph.paragraph_format.first_line_indent = Pt(2 * font_pt)  # two characters, as reports are set
        if page_break_after == n:
            paragraph.add_run().add_break(WD_BREAK.PAGE)
    document.save(str(path))
    return path


def libreoffice_pdf(source: Path, out_dir: Path) -> Path:
    """soffice --headless --convert-to pdf (LibreOffice Writer)."""
    if shutil.which("soffice") is None:
        raise RuntimeError("LibreOffice is needed: apt-get install -y libreoffice-writer-nogui")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / (source.stem + ".pdf")


def twocol_pdf(
    path: Path,
    title: str,
    header: str,
    paragraphs: Sequence[str],
    *,
    size: float = 12,
    lines_per_column: int = 9,
) -> Path:
    """A two-column magazine layout: STSong-Light CID font for Chinese, Helvetica for digits (a font change
    is where extractors insert spaces), a running header and a page-number footer, paragraphs indented by
    two characters and flowing across columns and pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    width, height = A4
    leading, margin, gutter = size * 1.5, 56, 24
    column_width = (width - 2 * margin - gutter) / 2
    top = height - margin - 60
    bottom = top - lines_per_column * leading
    c = canvas.Canvas(str(path), pagesize=A4, invariant=True)
    c.setTitle(title)

    def runs(text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for ch in text:
            font = "Helvetica" if ch.isascii() and (ch.isdigit() or ch in ".%") else "STSong-Light"
            if out and out[-1][0] == font:
                out[-1] = (font, out[-1][1] + ch)
            else:
                out.append((font, ch))
        return out

    def draw(x: float, y: float, text: str) -> None:
        for font, part in runs(text):
            c.setFont(font, size)
            c.drawString(x, y, part)
            x += pdfmetrics.stringWidth(part, font, size)

    def page_furniture(page: int) -> None:
        c.setFont("STSong-Light", 9)
        c.drawString(margin, height - margin + 10, header)
        c.drawCentredString(width / 2, margin - 10, f"- {page} -")

    def wrap(text: str, first_indent: float) -> list[tuple[float, str]]:
        lines, current, indent = [], "", first_indent
        for ch in text:
            trial = current + ch
            if sum(pdfmetrics.stringWidth(p, f, size) for f, p in runs(trial)) > column_width - indent:
                lines.append((indent, current))
                current, indent = ch, 0.0
            else:
                current = trial
        lines.append((indent, current))
        return lines

    page = 1
    page_furniture(page)
    c.setFont("STSong-Light", 18)
    c.drawString(margin, height - margin - 30, title)
    column, y = 0, top
    for paragraph in paragraphs:
        for indent, line in wrap(paragraph, 2 * size):
            if y < bottom:
                column += 1
                y = top
                if column == 2:
                    c.showPage()
                    page += 1
                    page_furniture(page)
                    column = 0
            draw(margin + column * (column_width + gutter) + indent, y, line)
            y -= leading
        y -= size / 2  # a little space after each paragraph
    c.showPage()
    c.save()
    return path


def scanned_page(paragraphs: Sequence[str], *, dpi: int = 150, size: int = 22, centre_first: bool = True) -> Any:
    """The page as a scanner gives it: text rendered with Noto Sans CJK, slightly skewed, soft and grainy."""
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(CJK_FONT, size, index=2)  # index 2: the SC face of the collection
    width, margin, step = int(8.27 * dpi), 80, int(size * 1.6)
    measure = ImageDraw.Draw(Image.new("L", (1, 1)))
    placed: list[tuple[float, int, str]] = []
    y = margin
    for n, paragraph in enumerate(paragraphs):
        indent = 0 if (n == 0 and centre_first) else 2 * size
        line, x0 = "", float(margin + indent)
        for ch in paragraph:
            if measure.textlength(line + ch, font=font) > width - margin - x0:
                placed.append((x0, y, line))
                y += step
                line, x0 = "", float(margin)
            line += ch
        if n == 0 and centre_first:
            x0 = (width - measure.textlength(line, font=font)) / 2
        placed.append((x0, y, line))
        y += step + (size // 2 if n == 0 else 4)
    page = Image.new("L", (width, y + margin), 255)
    draw = ImageDraw.Draw(page)
    for x, top, text in placed:
        draw.text((x, top), text, font=font, fill=0)
    page = page.rotate(0.6, resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False)
    page = page.filter(ImageFilter.GaussianBlur(0.7))
    grain = random.Random(13)
    pixels = page.load()
    assert pixels is not None  # an image made in memory always loads
    for _ in range(page.width * page.height // 400):
        x, top = grain.randrange(page.width), grain.randrange(page.height)
        pixels[x, top] = 0 if grain.random() < 0.5 else 255
    return page
