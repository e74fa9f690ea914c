"""Lines with their boxes on the page → paragraphs: running headers/footers dropped, wrapped lines joined
by geometry (column edges, indents, line gaps, font size), not by punctuation alone.

Used for PDF text layers and for OCR output, which both come as positioned lines in reading order.
Coordinates are top-down (y grows down the page), in any unit as long as one document uses one.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, replace
from typing import Any

from index.numbers import caption_unit
from index.readers.base import glue
from index.readers.tables import column_names, table_rows
from index.readers.text_layout import PAGE_NUMBER, toc_lines
from index.segments import is_header_row

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
_WORD = re.compile(r"[^\W\d_]")  # a letter or a Chinese character
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
    # The same split at narrower gaps (over 0.8 em): where a long name fills its column, the next column's text
    # can sit closer than a column gap. Only used where the cells above make a table whose columns it then fits.
    close_cells: tuple[tuple[float, float, str], ...] = ()

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
    """Drop lines in the top/bottom band of the page that repeat on most pages, the same text (digits aside)
    at the same height (within an em), and bare page numbers there. One page alone cannot show repetition: only
    its page number goes. A line of figures alone is no running header: the first or last rows of a table
    running over several pages have the same shape, digits aside, and sit at the same height."""
    seen: dict[str, list[tuple[int, float]]] = {}
    for p, (lines, height) in enumerate(zip(pages, page_heights, strict=True)):
        for x in lines:
            if _in_band(x, height):
                seen.setdefault(_shape(x.text), []).append((p, x.top))
    needed = max(2, round(0.5 * len(pages)))

    def repeats(line: Line) -> bool:
        shape = _shape(line.text)
        if len(pages) < 2 or not _WORD.search(shape):
            return False
        return len({p for p, top in seen.get(shape, []) if abs(top - line.top) <= max(line.em, 1.0)}) >= needed

    return [
        [
            x
            for x in lines
            if not (_in_band(x, height) and x.kind == "text" and (_PAGE_NUMBER.match(x.text) or repeats(x)))
        ]
        for lines, height in zip(pages, page_heights, strict=True)
    ]


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


_FIGURE = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
# A header cell that is a bare small number is a page number of a table of contents, not a column name.
_PAGE_REF = re.compile(r"^\d{1,3}$")


def aligned_tables(
    lines: list[Line], line_pitch: float | None = None, last_table: list[Any] | None = None
) -> list[Line]:
    """Tables drawn without rules (a Word table with no borders, cells placed by a PDF generator): lines of one
    page split into cells by column gaps, whose cells fall into the same columns, with a figure below the
    header. Their rows become table lines, as a ruled table's do (`index.readers.tables.table_rows`:
    "表头: 值, …"); without this the cells of every row run together into one paragraph ("甲县312 45,210乙区128…").

    A header or a cell may take two or more lines (a long column name or unit name wrapped in its column):
    lines of one piece inside one column, below or beside the lines with cells, are part of the table, and a
    line set at the text's line pitch under a row, in columns that row has, continues it (rows are set further
    apart than the lines inside a cell: `_wrapped_grid`). `line_pitch` is the document's usual baseline pitch;
    `last_table`, when given, is set to [the lines, the row lines] of the last table read.

    pdfplumber's text-alignment table finder would also find these, but it takes runs of prose for tables
    and parses each page again with pdfminer; the column gaps are already known here."""
    out: list[Line] = []
    i = 0
    while i < len(lines):
        first = lines[i]
        if not (first.cells and first.kind == "text"):
            out.append(first)
            i += 1
            continue
        found = _wrapped_table(out, lines, i, line_pitch)
        grid: list[list[str]] | None
        if found is not None:
            lead, j, block, grid = found
            del out[len(out) - lead :]
        else:  # one line per row, as far as the lines with cells go
            j = i
            while j < len(lines) and lines[j].cells and lines[j].kind == "text" and lines[j].page == first.page:
                j += 1
            block = lines[i:j]
            grid = _grid(block) if j - i >= 2 else None
            if grid is None:
                out.append(first)
                i += 1
                continue
        box = (
            min(x.x0 for x in block),
            min(x.top for x in block),
            max(x.x1 for x in block),
            max(x.bottom for x in block),
        )
        # The caption's unit ("（单位：万元）", a line "单位：人" right above the table) goes to its bare figures.
        caption = "\n".join(x.text for x in out[-2:] if x.kind == "text" and x.page == first.page)
        rows = table_lines(table_rows(grid, unit=caption_unit(caption)), first.page, box)
        out += rows
        if last_table is not None:
            last_table[:] = [block, rows]
        i = j
    return out


def aligned_tables_by_page(pages: list[list[Line]], line_pitch: float | None = None) -> list[list[Line]]:
    """`aligned_tables` on each page, and a table without rules that runs onto the next page read on there
    under its header: when a page ends with such a table and the next page opens with a line of cells holding
    a figure within its first lines (a row, maybe under the wrapped name it starts with; not a header set
    again), the table's lines are put back above the page's first line and read with it; where they make one
    table with it, whose first rows are those read before, these are left out the second time. Without this the first row of the
    page was taken for the header of its rows ("甲县: 乙县, 12: 9, …")."""
    out: list[list[Line]] = []
    carried: list[Any] = []  # [the last table's lines, its row lines] when it ended its page
    for lines in pages:
        last: list[Any] = []
        read = aligned_tables(lines, line_pitch, last)
        opens_with_row = any(x.cells and any(_FIGURE.match(c[2]) for c in x.cells) for x in lines[:4])
        if carried and lines and opens_with_row:
            block, rows = carried
            first = lines[0]
            shift = first.base - 2.2 * first.em - max(x.base for x in block)
            moved = [
                replace(x, page=first.page, top=x.top + shift, bottom=x.bottom + shift, baseline=x.base + shift)
                for x in block
            ]
            again: list[Any] = []
            joined = aligned_tables(moved + lines, line_pitch, again)
            texts = [x.text for x in joined[: len(rows)]]
            if (
                not any(x is m for x in joined for m in moved)
                and texts == [x.text for x in rows]
                and all(x.kind == "table" for x in joined[: len(rows) + 1])
            ):
                read, last = joined[len(rows) :], again
        carried = last if last and read and read[-1] is last[1][-1] else []
        out.append(read)
    return out


def line_pitch(lines: list[Line]) -> float | None:
    """The usual baseline pitch between the lines of a paragraph (most consecutive lines are inside one)."""
    pitches = sorted(b.base - a.base for a, b in itertools.pairwise(lines) if _same_flow(a, b))
    return pitches[len(pitches) * 3 // 10] if pitches else None


def _pieces(line: Line) -> tuple[tuple[float, float, str], ...]:
    return line.cells or ((line.x0, line.x1, line.text),)


def _wrapped_table(
    before: list[Line], lines: list[Line], i: int, pitch: float | None
) -> tuple[int, int, list[Line], list[list[str]]] | None:
    """The table whose first line with cells is lines[i], taking in lines of one piece that sit in its columns:
    (how many of the lines already passed belong to it, the index after its last line, its lines, its grid);
    None when they make none (the caller then tries one line per row, as readers 3 did)."""
    first = lines[i]
    em = first.em or 10.0
    # Lines of one piece already passed on the first line's baseline or below it: a wrapped header name that
    # the file gives before the rest of its row.
    lead = 0
    while lead < len(before):
        x = before[len(before) - 1 - lead]
        if x.kind != "text" or x.cells or x.page != first.page or x.base < first.top - 0.2 * em:
            break
        lead += 1
    # A group name alone on its line right above the header, centred over two of its columns or more.
    if lead == 0 and before and first.cells and _group_line(before[-1], first, em):
        lead = 1
    block = before[len(before) - lead :] + [first]
    spans = [(a, b) for a, b, _ in first.cells]
    j = i + 1
    bottom = max(x.bottom for x in block)
    while j < len(lines):
        x = lines[j]
        if x.kind != "text" or x.page != first.page or x.base < first.top - 0.2 * em or x.top > bottom + 3 * em:
            break
        if not (x.cells or x.close_cells) and sum(1 for a, b in _columns_of(spans, em) if x.x0 < b and a < x.x1) > 1:
            break  # a line running across columns: text after the table
        spans += [(a, b) for a, b, _ in x.cells]
        bottom = max(bottom, x.bottom)
        block.append(x)
        j += 1
    while len(block) > 1:
        grid = _wrapped_grid(block, pitch)
        if grid is not None:
            return lead, j, block, grid
        if block[-1].cells or j - 1 <= i:
            return None
        block.pop()  # a line of one piece after the table (a note, a short paragraph) is not part of it
        j -= 1
    return None


def _group_line(line: Line, first: Line, em: float) -> bool:
    """`line`, of one piece with no figure right above the line with cells `first`, is a group name over two of
    its columns or more."""
    return (
        line.kind == "text"
        and not line.cells
        and line.page == first.page
        and 0 <= first.top - line.bottom < 1.5 * em
        and is_header_row([line.text])
        and bool(_group_under(line.x0, line.x1, _columns_of([(a, b) for a, b, _ in first.cells], em), em))
    )


def _columns_of(spans: list[tuple[float, float]], em: float) -> list[tuple[float, float]]:
    """Page spans less than an em apart taken as one column (figures set flush right under a header set flush
    left belong to it)."""
    merged: list[list[float]] = []
    for left, right in sorted(spans):
        if merged and left <= merged[-1][1] + em:
            merged[-1][1] = max(merged[-1][1], right)
        else:
            merged.append([left, right])
    return [(a, b) for a, b in merged]


def _wrapped_grid(block: list[Line], pitch: float | None, close: bool = False) -> list[list[str]] | None:
    """The block's rows by geometry, or None when it is not such a table (the last row has no cells of a line
    with cells, a row holds two pieces in one column, or `_checked` refuses it).

    Pieces on one baseline (within 0.3 em) are one visual line. Pieces in one column stack at least a line pitch
    apart: m, the median of the least such steps, is the pitch of lines inside a cell where rows are seen set
    further apart (two steps ≥ m + 0.5 em; or one, above it, where m is the document's line pitch); else it is
    the row pitch and every visual line is a row (`_row_groups` says which line continues which row).

    Where a row holds two pieces in one column because a piece runs across a column gap (a name filling its
    column, the figure beside it less than a column gap away), the lines are split at narrower gaps
    (`Line.close_cells`, `close`): pieces of one visual line in one column are then joined again, and the
    table must keep as many columns as its widest line has cells."""
    em = statistics.median(x.em for x in block) or 10.0
    pieces = sorted(
        (x.base, left, right, text, bool(x.cells))
        for x in block
        for left, right, text in ((close and x.close_cells) or _pieces(x))
    )
    # Group names centred over their sub-columns bridge the gap between them: set aside, named to each below.
    group_names = _group_pieces(pieces, em)
    pieces = [p for p in pieces if p not in group_names.values()]
    visual: list[list[tuple[float, float, float, str, bool]]] = []
    for piece in pieces:
        if visual and piece[0] - visual[-1][0][0] <= 0.3 * em:
            visual[-1].append(piece)
        else:
            visual.append([piece])
    spans = _columns_of([(p[1], p[2]) for p in pieces], em)
    if close and len(spans) < max(len(x.cells) for x in block):
        return None
    cells: list[dict[int, str]] = []
    column_bases: list[dict[int, float]] = []  # each visual line's baseline in each of its columns
    for line in visual:
        by_column: dict[int, str] = {}
        at: dict[int, float] = {}
        for base, left, _right, text, _ in sorted(line, key=lambda p: p[1]):
            c = next(k for k, (a, b) in enumerate(spans) if a <= left <= b)
            if c in by_column and not close:
                split = any(x.close_cells for x in block)
                return _wrapped_grid(block, pitch, close=True) if split else None
            by_column[c] = glue(by_column[c], text) if c in by_column else text
            at.setdefault(c, base)
        cells.append(by_column)
        column_bases.append(at)
    bases = [statistics.fmean(p[0] for p in line) for line in visual]
    steps = [
        b - a
        for c in range(len(spans))
        for a, b in itertools.pairwise([at[c] for at in column_bases if c in at])
        if b - a >= 0.8 * em
    ]
    # The least steps, not the least one: a run in a fallback font can sit a little off its line's baseline.
    m = statistics.median([x for x in steps if x <= 1.3 * min(steps)]) if steps else 0.0
    gaps = [b - a for a, b in itertools.pairwise(bases)]
    wide = [k + 1 for k, g in enumerate(gaps) if g >= m + 0.5 * em]
    # Lines inside a cell: anywhere when two row steps are wider than m; above the one wider step when m is the
    # document's line pitch (a header on two lines over rows set as close as its lines: they are rows).
    in_cell_above = len(visual) if len(wide) >= 2 else 0
    if len(wide) == 1 and pitch is not None and abs(m - pitch) <= 0.25 * em:
        in_cell_above = wide[0]
    hard = [any(p[4] for p in line) for line in visual]
    groups, refused = _row_groups(cells, hard, bases, m, em, in_cell_above)
    if refused:  # a line at pitch m that cannot continue its row: m is the row pitch after all
        groups, _ = _row_groups(cells, hard, bases, m, em, 0)
    if len(groups) < 2 or not any(p[4] for k in groups[-1] for p in visual[k]):
        return None
    grid: list[list[str]] = []
    for group in groups:
        row = [""] * len(spans)
        for k in group:
            for c, text in cells[k].items():
                row[c] = glue(row[c], text) if row[c] else text
        grid.append(row)
    header = next((r for r, row in enumerate(grid) if not is_header_row(row)), len(grid))
    for text, (left, right) in group_names:
        for c, (a, b) in enumerate(spans):
            top = next((r for r in range(header) if grid[r][c]), None)  # the name's first line under it
            if left - 0.5 * em <= a and b <= right + 0.5 * em and top is not None:
                grid[top][c] = text + grid[top][c]
    return _checked(grid)


def _group_under(left: float, right: float, columns: list[tuple[float, float]], em: float) -> list[int]:
    """The columns a name at [left, right] is centred over as a group name — two or more, not the first — or []:
    over the gap between two columns, across it, or reaching out of one column into the gap where it is nearer
    (by an em) the middle of that column and its neighbour than that column's own middle."""
    under = [c for c, (a, b) in enumerate(columns) if a < right and left < b]
    if not under:  # in the gap between two columns
        after = next((c for c, (a, _) in enumerate(columns) if a >= right), None)
        under = [after - 1, after] if after else []
    elif len(under) == 1 and not columns[under[0]][0] <= left <= right <= columns[under[0]][1]:
        c = under[0]
        middle = (left + right) / 2
        near = [
            (abs(middle - (columns[a][0] + columns[b][1]) / 2), [a, b])
            for a, b in ((c - 1, c), (c, c + 1))
            if a >= 0 and b < len(columns) and columns[a][0] - em <= left and right <= columns[b][1] + em
        ]
        if near and min(near)[0] < abs(middle - (columns[c][0] + columns[c][1]) / 2) - em:
            under = min(near)[1]
    return under if len(under) >= 2 and under[0] > 0 else []


_Piece = tuple[float, float, float, str, bool]  # baseline, left, right, text, of a line with cells


def _group_pieces(pieces: list[_Piece], em: float) -> dict[tuple[str, tuple[float, float]], _Piece]:
    """Pieces of the header (above the first line with a figure) that are group names: each sits over two
    columns or more of the other pieces — across the gap between them, nearer the middle of their span than to
    either one's middle — never over the first column, and every column under it has a name of its own below
    it. Without rules such a name, centred over its sub-columns, made one column of them. Keyed by (the name,
    the span of the columns under it)."""
    body = min((p[0] for p in pieces if not is_header_row([p[3]])), default=None)
    if body is None:
        return {}
    found: dict[tuple[str, tuple[float, float]], _Piece] = {}
    for piece in pieces:
        base, left, right, text, _ = piece
        if base >= body - 0.3 * em:
            continue
        others = [p for p in pieces if p[0] > base + 0.3 * em]  # the columns below it (not other group names)
        columns = _columns_of([(p[1], p[2]) for p in others], em)
        under = _group_under(left, right, columns, em)
        if not under:
            continue
        # Each column under it named on a header line below it (a one-line header has no groups).
        names = [p for p in others if p[0] < body - 0.3 * em]
        named = all(any(columns[c][0] <= p[1] <= columns[c][1] for p in names) for c in under)
        if named:
            found[(text, (columns[under[0]][0], columns[under[-1]][1]))] = piece
    return found


def _row_groups(
    cells: list[dict[int, str]],
    hard: list[bool],
    bases: list[float],
    m: float,
    em: float,
    in_cell_above: int,
) -> tuple[list[list[int]], bool]:
    """Visual lines grouped into rows, and whether a line at pitch m was refused as a continuation. A line
    continues the row above when its baseline is less than m − 0.25 em below (cells centred in a taller row), or
    when it is at most m + 0.25 em below, m is a line pitch there (`in_cell_above`), and: it has text only in
    some of the columns the row has (a name or a header wrapped in its column), or the row so far holds no piece
    of a line with cells (`hard`: the top lines of a name whose figures are centred on its middle line), or the
    row is the header and the line has no figure (a one-line name centred beside two-line ones). A line at pitch
    m refused (text in all of its row's columns, or in one the row lacks) shows that m is the row pitch."""
    groups: list[list[int]] = [[0]]
    refused = False
    for k in range(1, len(cells)):
        gap = bases[k] - bases[k - 1]
        has = set().union(*(cells[g] for g in groups[-1]))
        at_m = m > 0 and k < in_cell_above and gap <= m + 0.25 * em
        fits = (
            (set(cells[k]) <= has and len(cells[k]) < len(has))
            or not any(hard[g] for g in groups[-1])
            or (len(groups) == 1 and not any(_FIGURE.match(t) for t in cells[k].values()))
        )
        if (m > 0 and gap < m - 0.25 * em) or (at_m and fits):
            groups[-1].append(k)
        else:
            refused = refused or at_m
            groups.append([k])
    return groups, refused


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
    return _checked(grid)


def _checked(grid: list[list[str]]) -> list[list[str]] | None:
    """A grid of cells (first row the header) with a header over no cells joined to a neighbouring column that
    has cells but no header and empty columns dropped; None when it is no table: one column, a header of page
    numbers, or no figure below the header.

    A row under the header with no row label and no figure is a second header row (sub-columns under a group
    name, beside names that run down both rows): its names join those above (`tables.column_names`), a group
    name also naming the sub-columns to its right that have none on its row."""
    depth = 1
    while depth < min(3, len(grid) - 1) and not grid[depth][0] and not any(_FIGURE.match(c) for c in grid[depth]):
        depth += 1
    if depth > 1:
        # Without rules a group name merged across its sub-columns is set over the first one only: it names the
        # sub-columns to its right that have no name of their own on its row.
        for r in range(depth - 1):
            for c in range(1, len(grid[r])):
                if not grid[r][c] and grid[r][c - 1] and grid[r + 1][c] and grid[r + 1][c - 1]:
                    grid[r][c] = grid[r][c - 1]
        grid = [column_names(grid[:depth]), *grid[depth:]]
    for c in range(len(grid[0])):
        if grid[0][c] and not any(row[c] for row in grid[1:]):
            for d in (c + 1, c - 1):
                if 0 <= d < len(grid[0]) and not grid[0][d] and any(row[d] for row in grid[1:]):
                    grid[0][d], grid[0][c] = grid[0][c], ""
                    break
    grid = [[row[c] for c in range(len(grid[0])) if any(r[c] for r in grid)] for row in grid]
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
    line_gap = line_pitch(lines) or 1.3 * default_em
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
