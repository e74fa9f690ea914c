"""PDF reader: pypdfium2's text layer in reading order, pdfplumber for ruled tables, column gaps for tables
drawn without rules, OCR for pages without text; running headers, page numbers and the contents list go. pymupdf would do as well but is AGPL (a network service using it would have to publish its source)."""

from __future__ import annotations

import ctypes
import io
import itertools
import logging
import re
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from index.numbers import caption_unit
from index.readers import ocr
from index.readers.base import ReadOutput, UnreadableFile, tidy_line
from index.readers.layout import (
    Line,
    aligned_tables_by_page,
    drop_contents,
    drop_running_lines,
    join_paragraphs,
    line_pitch,
    table_lines,
)
from index.readers.tables import table_rows

log = logging.getLogger(__name__)

_MIN_RULES = 4  # a ruled table has at least a frame; pages with fewer path objects are not searched
_CELL_GAP = 1.5  # ems of empty page between two glyphs of one line: a column gap, not a word space
_CLOSE_GAP = 0.8  # a narrower gap, a column gap only where the lines around make a table (`Line.close_cells`)
_Glyph = tuple[float, float, float, float, str, bool]  # left, bottom, right, top, char, space before it


def read_pdf(data: bytes, name: str, *, use_ocr: bool | None = None) -> ReadOutput:
    use_ocr = ocr.ocr_available() if use_ocr is None else use_ocr
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableFile("encrypted PDF (password protected); save an unprotected copy") from None
        raise UnreadableFile(f"corrupt PDF: {_reason(exc)}") from None
    try:
        if len(pdf) == 0:
            raise UnreadableFile("empty PDF: no pages")
        pages: list[list[Line]] = []
        heights: list[float] = []
        scanned: list[int] = []  # pages with images and no text layer
        ruled: list[int] = []
        for n in range(len(pdf)):
            page = pdf[n]
            _width, height = page.get_size()
            heights.append(height)
            lines = _text_lines(page, n, height)
            kinds = [obj.type for obj in page.get_objects(max_depth=3)]
            if not lines and pdfium_c.FPDF_PAGEOBJ_IMAGE in kinds:
                scanned.append(n)
                if use_ocr:
                    lines = _ocr_page(page, n)
            if lines and kinds.count(pdfium_c.FPDF_PAGEOBJ_PATH) >= _MIN_RULES:
                ruled.append(n)
            pages.append(lines)
        title = _title(pdf.get_metadata_dict(), name)
        page_count = len(pdf)
    finally:
        pdf.close()

    if not any(pages):
        if scanned and not use_ocr:
            raise UnreadableFile(f"image-only PDF; {ocr.MISSING}")
        raise UnreadableFile("empty PDF: no text on any page")
    if scanned and not use_ocr:
        log.warning("%s: %d page(s) without a text layer skipped (%s)", name, len(scanned), ocr.MISSING)
    if ruled:
        pages = _with_tables(data, pages, ruled)
    pages = drop_contents(drop_running_lines(pages, heights))
    pitch = line_pitch([x for lines in pages for x in lines])
    pages = aligned_tables_by_page(pages, pitch)
    paragraphs = join_paragraphs([x for lines in pages for x in lines])
    text = "\n".join(p for p in paragraphs if p)
    if not text.strip():
        raise UnreadableFile("empty PDF: no text on any page")
    return ReadOutput(text, "pdf", title, page_count, ocr=bool(scanned) and use_ocr)


def _ocr_page(page: pdfium.PdfPage, n: int) -> list[Line]:
    """Render the page at the scan's own resolution and OCR it. Resampling a scan (above all a bilevel one)
    makes jagged strokes that tesseract misreads; a bilevel scan is also smoothed a little, since tesseract
    does its own binarisation from grey levels."""
    from PIL import ImageFilter

    dpi, bilevel = float(ocr.OCR_DPI), False
    images = list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3))
    if images:
        largest = max(images, key=lambda obj: obj.get_px_size()[0] * obj.get_px_size()[1])
        meta = largest.get_metadata()
        left, _, right, _ = largest.get_bounds()
        if right > left:
            dpi = largest.get_px_size()[0] / ((right - left) / 72)
        bilevel = meta.bits_per_pixel == 1
    scale = min(max(dpi, ocr.MIN_DPI), ocr.MAX_DPI) / 72
    image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    if bilevel:
        image = image.filter(ImageFilter.GaussianBlur(0.8))
    return ocr.ocr_image(image, n, scale)


def _reason(exc: Exception) -> str:
    found = re.search(r"PDFium: ([^)]+)", str(exc))
    return found[1] if found else str(exc)


def _title(meta: dict[str, str], name: str) -> str | None:
    title = tidy_line(meta.get("Title") or "")
    # Converters often leave a file name or "Untitled" here; only a real-looking title is used.
    stem = re.sub(r"\.\w+$", "", name.replace("\\", "/").rsplit("/", 1)[-1])
    if (
        len(title) < 4
        or title in (stem, name)
        or re.search(r"\.(docx?|odt|pdf|wps|png|jpe?g|tiff?)$|^untitled|^microsoft word", title, re.IGNORECASE)
    ):
        return None
    return title


def _text_lines(page: pdfium.PdfPage, n: int, height: float) -> list[Line]:
    """The page's text as lines (pdfium's order is the content order, columns kept) with their boxes,
    font size and baseline.

    pdfium can emit a run in another font (the “” around a phrase in a heading) after the rest of its line;
    such a line is put in left-to-right order by the glyph boxes, its spaces rebuilt from the gaps. Lines in
    order keep pdfium's own spaces (box gaps mislead there: a "1" has wide side bearings)."""
    textpage = page.get_textpage()
    try:
        lines: list[Line] = []
        glyphs: list[_Glyph] = []
        sizes: list[float] = []
        baselines: list[float] = []
        space = False

        def flush() -> None:
            if not glyphs:
                return
            size = sorted(sizes)[len(sizes) // 2] or 1.0
            in_order = all(b[0] >= a[0] - 0.2 * size for a, b in itertools.pairwise(glyphs))
            ordered = glyphs if in_order else sorted(glyphs, key=lambda g: g[0])
            text = _glyph_text(ordered, size, in_order)
            if text:
                x0, x1 = min(g[0] for g in glyphs), max(g[2] for g in glyphs)
                top, bottom = height - max(g[3] for g in glyphs), height - min(g[1] for g in glyphs)
                baseline = height - sorted(baselines)[len(baselines) // 2]
                cells = _cells(ordered, size, in_order, _CELL_GAP)
                close = _cells(ordered, size, in_order, _CLOSE_GAP)
                lines.append(
                    Line(text, n, x0, top, x1, bottom, size=size, baseline=baseline, cells=cells, close_cells=close)
                )
            glyphs.clear()
            sizes.clear()
            baselines.clear()

        for i in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage, i)
            char = chr(code) if 0 < code < 0x110000 else ""
            if char == "\n":
                flush()
                space = False
                continue
            if not char or char.isspace():
                space = bool(glyphs)
                continue
            if char == "\x02" or pdfium_c.FPDFText_IsGenerated(textpage, i):
                continue  # \x02: pdfium's soft hyphen at a line end
            left, bottom, right, top = textpage.get_charbox(i)
            if right > left or top > bottom:
                glyphs.append((left, bottom, right, top, char, space))
                sizes.append(pdfium_c.FPDFText_GetFontSize(textpage, i))
                origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
                pdfium_c.FPDFText_GetCharOrigin(textpage, i, origin_x, origin_y)
                baselines.append(origin_y.value)
            space = False
        flush()
        return lines
    finally:
        textpage.close()


def _glyph_text(glyphs: list[_Glyph], size: float, in_order: bool) -> str:
    if in_order:
        return tidy_line("".join((" " if g[5] else "") + g[4] for g in glyphs))
    text = glyphs[0][4]
    for previous, glyph in itertools.pairwise(glyphs):
        text += (" " if glyph[0] - previous[2] > 0.3 * size else "") + glyph[4]
    return tidy_line(text)


def _cells(glyphs: list[_Glyph], size: float, in_order: bool, gap: float) -> tuple[tuple[float, float, str], ...]:
    """A line's pieces split at gaps wider than `gap` ems; () when it is one piece (running text)."""
    pieces: list[list[_Glyph]] = [[glyphs[0]]]
    for previous, glyph in itertools.pairwise(glyphs):
        if glyph[0] - previous[2] > gap * size:
            pieces.append([])
        pieces[-1].append(glyph)
    if len(pieces) < 2:
        return ()
    cells = tuple((p[0][0], max(g[2] for g in p), _glyph_text(p, size, in_order)) for p in pieces)
    return cells if all(c[2] for c in cells) else ()


def _with_tables(data: bytes, pages: list[list[Line]], ruled: list[int]) -> list[list[Line]]:
    """Replace the text lines inside each ruled table with the table's rows ("表头: 值, …")."""
    import pdfplumber  # only for pages with rules: pdfminer parsing is much slower than pdfium

    out = list(pages)
    with pdfplumber.open(io.BytesIO(data)) as doc:
        for n in ruled:
            try:
                tables = doc.pages[n].find_tables()
            except Exception as exc:  # noqa: BLE001 - a table we cannot parse stays as plain lines
                log.warning("page %d: table detection failed (%s); its text is kept as lines", n + 1, exc)
                continue
            lines = out[n]
            for table in tables:
                x0, top, x1, bottom = table.bbox
                inside = [
                    k
                    for k, x in enumerate(lines)
                    if x0 - 1 <= (x.x0 + x.x1) / 2 <= x1 + 1 and top - 1 <= (x.top + x.bottom) / 2 <= bottom + 1
                ]
                at = inside[0] if inside else sum(1 for x in lines if x.top < top)
                # The caption's unit ("表2 …（单位：万元）", a line "单位：人" above the table) goes to its bare figures.
                unit = caption_unit("\n".join(x.text for x in lines[max(0, at - 2) : at] if x.kind == "text"))
                try:
                    rows = table_rows(*_ruled_cells(table), unit=unit)
                except (IndexError, KeyError, TypeError, ValueError) as exc:  # odd cell boxes: one header row
                    log.warning("page %d: table header not read by its cells (%s)", n + 1, exc)
                    rows = table_rows(table.extract(), unit=unit)
                if len(rows) < 1 or len(table.rows) < 2:
                    continue  # a frame around a single box of text: leave its lines as they are
                block = table_lines(rows, n, (x0, top, x1, bottom))
                keep = [x for k, x in enumerate(lines) if k not in set(inside)]
                at -= sum(1 for k in inside if k < at)
                lines = keep[:at] + block + keep[at:]
            out[n] = lines
    return out


def _ruled_cells(table: Any) -> tuple[list[list[str | None]], int]:
    """A pdfplumber table's cells by row and how many rows its header takes, by the cells' boxes: the header
    runs down as far as a cell of the first row reaches (a name merged down over a second header row beside a
    group name over its sub-columns). In the header a position a merged cell covers gets that cell's name, so
    each column is named by all the header cells above it; in the body it stays None (said once)."""
    texts: list[list[str | None]] = table.extract()
    boxes = [list(row.cells) for row in table.rows]
    if not boxes or not boxes[0]:
        return texts, 1
    header_bottom = max(box[3] for box in boxes[0] if box is not None)
    header_rows = sum(1 for row in table.rows if row.bbox[1] < header_bottom - 1)
    named = {box: texts[r][c] for r, row in enumerate(boxes) for c, box in enumerate(row) if box is not None}
    columns = [((col.bbox[0] + col.bbox[2]) / 2) for col in table.columns]
    for r in range(1, min(header_rows, len(texts))):
        middle = (table.rows[r].bbox[1] + table.rows[r].bbox[3]) / 2
        for c, box in enumerate(boxes[r]):
            if box is None and c < len(columns):
                x = columns[c]
                cover = next((b for b in named if b[0] <= x <= b[2] and b[1] <= middle <= b[3]), None)
                texts[r][c] = named[cover] if cover is not None else None
    return texts, header_rows
