"""DOCX reader: python-docx walking the body in order, paragraphs and tables interleaved; headings (from
their styles) stay lines of their own, tables become rows like the PDF ones."""

from __future__ import annotations

import io
import re
import zipfile

from index.numbers import caption_unit
from index.readers.base import ReadOutput, UnreadableFile, glue, tidy_line
from index.readers.tables import table_rows

_HEADING_STYLE = re.compile(r"^(?:heading|title|subtitle|标题|副标题)", re.IGNORECASE)
# A table of contents Word generated: entries in the built-in "toc N" styles (目录 N in a Chinese Word) and
# their "TOC Heading"; each entry ends with a page number that would read as a figure of the line.
_CONTENTS_STYLE = re.compile(r"^(?:toc|目录)\s*(?:\d|heading|标题)", re.IGNORECASE)
_CAPTION_LINES = 2  # paragraphs right above a table read for its caption's unit (as `index.readers.pdf` does)


def read_docx(data: bytes, name: str) -> ReadOutput:
    import docx  # python-docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - zip, XML and package errors all mean the same to the user
        raise UnreadableFile(f"corrupt Word file ({type(exc).__name__}: {str(exc)[:120]})") from None
    lines: list[str] = []
    title: str | None = None
    after_table = 0  # where the paragraphs since the last table start in `lines`
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            # A unit the caption above states ("表2 …（单位：万元）", a line "单位：万元") is the bare figures' unit.
            unit = caption_unit("\n".join(lines[max(after_table, len(lines) - _CAPTION_LINES) :]))
            lines.extend(table_rows(*_table_cells(block), unit=unit))
            after_table = len(lines)
            continue
        # A soft line break inside a paragraph is layout, not a new paragraph.
        text = ""
        for part in block.text.replace("\t", " ").split("\n"):
            text = glue(text, tidy_line(part)) if text else tidy_line(part)
        if not text:
            continue
        style = block.style.name if block.style is not None else ""
        if _CONTENTS_STYLE.match(style or ""):
            continue
        if title is None and _HEADING_STYLE.match(style or ""):
            title = text
        lines.append(text)
    if not lines:
        raise UnreadableFile("empty Word document: no text")
    core_title = tidy_line(document.core_properties.title or "")
    return ReadOutput("\n".join(lines), "docx", core_title or title, _pages(data))


def _table_cells(table: object) -> tuple[list[list[str | None]], int]:
    """Cells by row, and how many rows the header takes. A merged cell python-docx repeats across its span is
    given once in a body row (None after); in the header it names every column and row it spans.

    The header runs down as far as a cell of the first row is merged down (a name over two header rows, a
    group name over its sub-columns beside it), or over the rows marked to repeat as the header on each page
    (w:tblHeader), whichever is more."""
    grid = [list(row.cells) for row in table.rows]  # type: ignore[attr-defined]
    header_rows = 1
    for c, cell in enumerate(grid[0] if grid else []):
        depth = 1
        while depth < len(grid) and c < len(grid[depth]) and grid[depth][c]._tc is cell._tc:
            depth += 1
        header_rows = max(header_rows, depth)
    repeated = 0
    for row in table.rows:  # type: ignore[attr-defined]
        tr_pr = row._tr.trPr
        if tr_pr is None or not tr_pr.xpath("./w:tblHeader[not(@w:val='0' or @w:val='false')]"):
            break
        repeated += 1
    header_rows = max(header_rows, min(repeated, len(grid) - 1))
    rows: list[list[str | None]] = []
    for r, cells in enumerate(grid):
        seen: set[int] = set()
        out: list[str | None] = []
        for cell in cells:
            key = id(cell._tc)
            out.append(None if key in seen and r >= header_rows else cell.text)
            seen.add(key)
        rows.append(out)
    return rows, header_rows


def _pages(data: bytes) -> int | None:
    """The page count Word or LibreOffice saved in docProps/app.xml, when there is one."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            found = re.search(rb"<(?:\w+:)?Pages>(\d+)<", z.read("docProps/app.xml"))
    except (KeyError, zipfile.BadZipFile, OSError):
        return None
    return int(found[1]) if found else None
