"""Lines with their boxes on the page → paragraphs: running headers/footers dropped, wrapped lines joined
by geometry (column edges, indents, line gaps, font size), not by punctuation alone.

Used for PDF text layers and for OCR output, which both come as positioned lines in reading order.
Coordinates are top-down (y grows down the page), in any unit as long as one document uses one.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from index.readers.base import glue
from index.readers.tables import table_rows
from index.readers.text_layout import PAGE_NUMBER, toc_lines

# A line opening a list item starts a paragraph; a middle dot or a dash at a line start is only a wrap
# ("中国梦" + "·劳动美").
_LIST_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、)](?!\d)|"
    r"第[一二三四五六七八九十\d]{1,3}[章节部分条]|[●■◆★▲•]|[①-⑳])"
)
_SENTENCE_END = set("。！？!?；;：:…”")
# The one definition of a page number, shared with text extracted from PDFs (index.readers.text_layout); in the
# page's top or bottom band a bare number is one too.
_PAGE_NUMBER = PAGE_NUMBER
_BAND = 0.12  # running headers/footers sit in the top or bottom eighth of a page (Word/LibreOffice: 2 cm + )


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    kind: str = "text"  # "table": a block already formatted (a table row); never joined
    size: float = 0.0  # font size, when known (PDF); else the box height stands for it
    baseline: float | None = None  # when known (PDF); else the box bottom stands for it
    # Pieces of the line set apart by a wide gap (x0, x1, text), when there are two or more: the cells of a
    # table drawn without rules. Empty for a line of running text.
    cells: tuple[tuple[float, float, str], ...] = ()

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def base(self) -> float:
        return self.bottom if self.baseline is None else self.baseline

    @property
    def em(self) -> float:
        """The line's type size: its font size, else its box height (which quotes and digits in another
        font can stretch, hence the font size where the file gives one)."""
        return self.size if self.size > 0 else self.height


def _shape(text: str) -> str:
    """Page numbers and dates change from page to page; the rest of a running header does not."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def drop_running_lines(pages: list[list[Line]], page_heights: list[float]) -> list[list[Line]]:
    """Drop lines in the top/bottom band of the page that repeat (digits aside) on most pages, and bare page
    numbers there. One page alone cannot show repetition: only its page number goes."""
    counts: Counter[str] = Counter()
    for lines, height in zip(pages, page_heights, strict=True):
        counts.update({_shape(x.text) for x in lines if _in_band(x, height)})
    needed = max(2, round(0.5 * len(pages)))
    kept = []
    for lines, height in zip(pages, page_heights, strict=True):
        kept.append(
            [
                x
                for x in lines
                if not (
                    _in_band(x, height)
                    and x.kind == "text"
                    and (_PAGE_NUMBER.match(x.text) or (len(pages) > 1 and counts[_shape(x.text)] >= needed))
                )
            ]
        )
    return kept


def _in_band(line: Line, height: float) -> bool:
    return line.top <= _BAND * height or line.bottom >= (1 - _BAND) * height


def drop_contents(pages: list[list[Line]]) -> list[list[Line]]:
    """Without the table of contents (the rule of text extracted from files: `text_layout.toc_lines`). A
    page number set flush right is a cell here; it is given back its column gap for the rule to see."""
    flat = [(p, x) for p, lines in enumerate(pages) for x in lines]
    texts = ["  ".join(c[2] for c in x.cells) if x.cells else x.text for _, x in flat]
    dropped = set(toc_lines(texts))
    out: list[list[Line]] = [[] for _ in pages]
    for k, (p, x) in enumerate(flat):
        if k not in dropped:
            out[p].append(x)
    return out


# A header cell that is a bare small number is a page number of a table of contents, not a column name.
_PAGE_REF = re.compile(r"^\d{1,3}$")


def aligned_tables(lines: list[Line]) -> list[Line]:
    """Tables drawn without rules (a Word table with no borders, cells placed by a PDF generator): two or
    more consecutive lines of one page split into cells by column gaps, whose cells fall into the same
    columns, with a figure below the first line. Their rows become table lines, as a ruled table's do
    (`index.readers.tables.table_rows`: "表头: 值, …"); without this the cells of every row run together
    into one paragraph ("甲县312 45,210乙区128…").

    pdfplumber's text-alignment table finder would also find these, but it takes runs of prose for tables
    and parses each page again with pdfminer; the column gaps are already known here."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and lines[j].cells and lines[j].kind == "text" and lines[j].page == lines[i].page:
            j += 1
        grid = _grid(lines[i:j]) if j - i >= 2 else None
        if grid is None:
            out.append(lines[i])
            i += 1
            continue
        block = lines[i:j]
        box = (min(x.x0 for x in block), block[0].top, max(x.x1 for x in block), block[-1].bottom)
        out += table_lines(table_rows(grid), block[0].page, box)
        i = j
    return out


def table_lines(rows: list[str], page: int, box: tuple[float, float, float, float]) -> list[Line]:
    """A table's rows as table lines sharing its box (x0, top, x1, bottom) from top to bottom: never joined to
    the text around them."""
    x0, top, x1, bottom = box
    step = (bottom - top) / max(1, len(rows))
    return [Line(row, page, x0, top + k * step, x1, top + (k + 1) * step, kind="table") for k, row in enumerate(rows)]


def _grid(block: list[Line]) -> list[list[str]] | None:
    """The block's cells by column, or None when it is not a table: one column, two cells of a row in one
    column, a header of page numbers, or no figure below the header.

    Columns are the page spans the cells of all rows cover, spans less than an em apart taken as one (a
    header set flush left above figures set flush right need not overlap them); a header over no cells is
    then joined to a neighbouring column that has cells but no header."""
    em = statistics.median(x.em for x in block)
    spans: list[list[float]] = []
    for left, right, _ in sorted(c for x in block for c in x.cells):
        if spans and left <= spans[-1][1] + em:
            spans[-1][1] = max(spans[-1][1], right)
        else:
            spans.append([left, right])
    grid: list[list[str]] = []
    for line in block:
        row = [""] * len(spans)
        for left, _right, text in line.cells:
            c = next(k for k, (a, b) in enumerate(spans) if a <= left <= b)
            if row[c]:
                return None
            row[c] = text
        grid.append(row)
    for c in range(len(spans)):
        if grid[0][c] and not any(row[c] for row in grid[1:]):
            for d in (c + 1, c - 1):
                if 0 <= d < len(spans) and not grid[0][d] and any(row[d] for row in grid[1:]):
                    grid[0][d], grid[0][c] = grid[0][c], ""
                    break
    grid = [[row[c] for c in range(len(spans)) if any(r[c] for r in grid)] for row in grid]
    if len(grid[0]) < 2 or any(_PAGE_REF.match(c) for c in grid[0]):
        return None
    if not any(re.search(r"\d", c) for row in grid[1:] for c in row):
        return None
    return grid


@dataclass(frozen=True, slots=True)
class _Column:
    left: float
    right: float


def _columns(lines: list[Line]) -> list[_Column]:
    """For each line, the edges of the text column it sits in: among the lines on its page that overlap it
    horizontally, the usual left edge (indented first lines aside) and the usual right edge (short last
    lines and a full-width title aside)."""
    by_page: dict[int, list[Line]] = {}
    for x in lines:
        if x.kind == "text":
            by_page.setdefault(x.page, []).append(x)
    out = []
    for line in lines:
        same = [x for x in by_page.get(line.page, []) if x.x0 < line.x1 and line.x0 < x.x1] or [line]
        lefts = sorted(x.x0 for x in same)
        rights = sorted(x.x1 for x in same)
        out.append(_Column(lefts[len(lefts) // 5], rights[min(len(rights) - 1, (len(rights) * 4) // 5)]))
    return out


def join_paragraphs(lines: list[Line]) -> list[str]:
    """Consecutive lines (in reading order) → paragraphs. Line i continues into line i+1 when it runs to
    its column's right edge and the next line neither starts indented, nor after a paragraph gap, nor in
    another font size, nor with a list marker. Across a column or page break only the edge/indent/marker
    tests apply."""
    if not lines:
        return []
    columns = _columns(lines)
    ems = [x.em for x in lines if x.kind == "text" and x.em > 0]
    default_em = statistics.median(ems) if ems else 10.0
    # Line pitch (baseline to baseline): glyph boxes vary with the characters on a line ("。" is low and
    # small), the baselines do not.
    pitches = sorted(b.base - a.base for a, b in itertools.pairwise(lines) if _same_flow(a, b))
    line_gap = pitches[len(pitches) * 3 // 10] if pitches else 1.3 * default_em  # most are inside paragraphs
    paragraphs: list[str] = []
    current = ""
    for i, line in enumerate(lines):
        current = glue(current, line.text) if current else line.text
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or not _continues(line, columns[i], nxt, columns[i + 1], default_em, line_gap):
            paragraphs.append(current)
            current = ""
    return paragraphs


def _same_flow(line: Line, nxt: Line) -> bool:
    """The next line is below this one in the same column of the same page."""
    return (
        line.kind == nxt.kind == "text"
        and nxt.page == line.page
        and nxt.base >= line.base + 0.5 * line.em
        and nxt.x0 < line.x1
        and line.x0 < nxt.x1
    )


def _continues(
    line: Line, column: _Column, nxt: Line, next_column: _Column, default_em: float, line_gap: float
) -> bool:
    if line.kind != "text" or nxt.kind != "text" or not line.text or not nxt.text:
        return False
    em = line.em if line.em > 0 else default_em
    if _LIST_START.match(nxt.text):
        return False
    if nxt.em > 0 and abs(nxt.em - em) > 0.2 * max(em, nxt.em):
        return False  # a heading in a larger (or a note in a smaller) size
    # Line breaking rules keep a closing quote with the character before it, and a number or a Latin word
    # whole, so a wrapped line can stop a few characters short of the edge; a finished sentence may not.
    full = line.x1 >= column.right - (1.0 if line.text[-1] in _SENTENCE_END else 4.0) * em
    if not full:
        return False  # the paragraph ended short of the column edge
    if nxt.x0 > next_column.left + 0.8 * em:
        return False  # an indented first line opens a new paragraph
    if _same_flow(line, nxt):
        if nxt.base - line.base > line_gap + 0.4 * em:
            return False  # paragraph spacing: a wider pitch than between the lines of a paragraph
    elif line.text[-1] in _SENTENCE_END:
        return False  # a column or page ends with a finished sentence: let the break stand
    return True
