"""Page furniture and column tables in text that was extracted from a PDF or a Word file and saved as plain text.

The PDF reader sees the page (index/readers/layout.py: boxes, bands at the top and bottom); a .txt/.md file or
a BEIR row that was pulled out of a PDF has only its lines. The same furniture is recognised from the lines:

- page numbers (`— 3 —`, `- 3 -`, `· 286 ·`, `第 3 页 共 5 页`, `第3頁`, `3/5`, `Page 3 of 5`): dropped;
- a running header or footer: a short line that repeats (digits aside) beside those page numbers, or at least
  three times at regular intervals: dropped (its first line in the file is kept: it may be the title);
- table-of-contents entries (`一、工作回顾 ………… 1`: a dotted leader and a page number): dropped, so the page
  numbers are not read as figures and the entries are not taken for the report's headings;
- tables flattened into columns separated by runs of spaces: their cells are separated by tabs, as a table
  pasted from a spreadsheet is, so each row stays a line and a bare cell is read with its row label and its
  column header (index.segments.table_cell_labels; a unit in the header: index.numbers).

Every function takes and returns lines of NFKC-normalised text (full-width spaces are spaces, `…` is `...`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

from index.segments import is_header_row

# A page number alone on its line, as word processors and PDF exports print it: "— 3 —", "- 3 -", "· 286 ·",
# "第 3 页 共 5 页", "第3頁", "3 / 5", "Page 3 of 5". A bare "3" is not taken outside the PDF reader's page band:
# in extracted text a table cell can stand alone on its line.
PAGE_NUMBER = re.compile(
    r"^(?:[-—–‒―·•~\s]*(?:第\s*)?\d{1,4}\s*[页頁]?(?:\s*[/共]\s*\d{1,4}\s*[页頁]?)?[-—–‒―·•~\s]*"
    r"|(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?)$",
    re.IGNORECASE,
)
_FRACTION = re.compile(r"^\d{1,4}\s*/\s*\d{1,4}$")
_DECORATED = re.compile(r"[-—–‒―·•~/页頁共]|^\s*第|page|p\.", re.IGNORECASE)

# A table-of-contents entry: a title, a dotted (or ruled) leader, a page number.
_TOC_ENTRY = re.compile(r"^\S.{0,60}?\s*(?:[.·•…_-]\s*){4,}\s*\d{1,4}$")
_TOC_SPACED = re.compile(r"^\S.{0,60}?\S {2,}\d{1,4}$")
_TOC_TITLE = re.compile(r"^(?:目\s*[录錄]|contents)$", re.IGNORECASE)

_HEADER_MAX_CHARS = 40
_TABLE_LIKE = re.compile(r"[\t|｜]")
_HEADER_NEAR = 2  # a running line sits within this many lines of the page number it goes with
_MIN_REGULAR = 3  # repeats needed for a running line with no page number beside it
_MIN_GAP = 6  # lines between two repeats of a running line (a page holds more than a few lines)

# Cells of a column table: separated by two spaces or more (a word never holds two), or a tab.
_COLUMN_GAP = re.compile(r" {2,}|\t")
_MAX_CELL_CHARS = 24


def is_page_number(line: str) -> bool:
    """A decorated page number alone on its line (not a bare number: see PAGE_NUMBER)."""
    text = line.strip()
    return bool(text) and bool(PAGE_NUMBER.match(text)) and bool(_DECORATED.search(text))


def _shape(line: str) -> str:
    """A running header's text with its changing parts (page number, date) and spacing left out."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def drop_page_furniture(lines: list[str]) -> list[str]:
    """The lines without page numbers, running headers/footers and table-of-contents entries."""
    stripped = [x.strip() for x in lines]
    page_numbers = [i for i, x in enumerate(stripped) if is_page_number(x)]
    # "3/5" alone could be a fraction in a table cell: a page number only where others like it follow.
    fractions = [i for i in page_numbers if _FRACTION.match(stripped[i])]
    if len(fractions) < 2:
        page_numbers = [i for i in page_numbers if i not in fractions]
    page_breaks = set(page_numbers) | set(_running_lines(stripped, page_numbers))
    # The blank lines around a page break go with it: they are no paragraph break.
    dropped = set(page_breaks)
    for i in sorted(page_breaks):
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(lines) and not stripped[j]:
                dropped.add(j)
                j += step
    dropped.update(toc_lines(stripped))
    return [x for i, x in enumerate(lines) if i not in dropped]


def toc_lines(lines: list[str]) -> list[int]:
    """Indexes of a table of contents' entries and its 目录 title (none for a single dotted line)."""
    entries = [i for i, x in enumerate(lines) if _TOC_ENTRY.match(x)]
    # Under a 目录 title, entries whose leader was lost to spaces ("一、工作回顾      1") count too.
    for title in (i for i, x in enumerate(lines) if _TOC_TITLE.match(x)):
        j = title + 1
        while j < len(lines) and (not lines[j] or _TOC_ENTRY.match(lines[j]) or _TOC_SPACED.match(lines[j])):
            if lines[j] and j not in entries:
                entries.append(j)
            j += 1
    if len(entries) < 2:  # one dotted line is a form to fill in, not a table of contents
        return []
    titles = [i for i, x in enumerate(lines) if _TOC_TITLE.match(x) and any(0 < j - i <= 3 for j in entries)]
    return entries + titles


def _running_lines(lines: list[str], page_numbers: list[int]) -> list[int]:
    """Lines that repeat, digits aside, beside most page numbers, or at least three times at regular
    intervals; the first line of the file is kept (a report's title is often its running header)."""
    where: dict[str, list[int]] = defaultdict(list)
    numbered = set(page_numbers)
    for i, x in enumerate(lines):
        # A table row ("合计\t…" in tables of the same length) can repeat at regular intervals: never furniture.
        if (
            4 <= len(x) <= _HEADER_MAX_CHARS
            and i not in numbered
            and not _TABLE_LIKE.search(x)
            and len(_cells(x)) < 3
            and x[-1] not in "。！？；!?;"  # a running header is a name, not a sentence
        ):
            where[_shape(x)].append(i)
    near: set[int] = set()
    for p in page_numbers:
        near.update(range(p - _HEADER_NEAR, p + _HEADER_NEAR + 1))
    running: list[int] = []
    for at in where.values():
        if len(at) < 2 or not re.search(r"\w", lines[at[0]]):
            continue
        gaps = [b - a for a, b in zip(at, at[1:], strict=False)]
        beside_page_numbers = sum(i in near for i in at) >= max(2, (len(at) + 1) // 2)
        regular = len(at) >= _MIN_REGULAR and min(gaps) >= _MIN_GAP and max(gaps) <= 2 * min(gaps)
        if beside_page_numbers or regular:
            running.extend(i for i in at if i > 0)
    return running


def _cells(line: str) -> list[str]:
    return [c for c in _COLUMN_GAP.split(line.strip()) if c]


def columns_as_tabs(lines: list[str]) -> list[str]:
    """Rows of a table laid out in columns by runs of spaces, with tabs between their cells instead (a header
    set on two or more lines becomes one line: see `tabbed_columns`)."""
    return [x for _, x in tabbed_columns(lines)]


EMPTY_CELL = "—"  # written for a cell a space-padded row leaves empty, so every row keeps the header's columns
_NOTE = re.compile(r"^(?:注|附注|备注|說明|说明|资料来源|數據來源|数据来源|資料來源)")


def tabbed_columns(lines: list[str]) -> list[tuple[int, str]]:
    """(index of the source line, the line) for each line kept, column tables' cells separated by tabs.

    A table is two lines or more in a row with the same number of cells (two or more), short cells, and a
    digit somewhere below its first line; a lone line with a wide gap (a caption "表1  主要指标", a signature)
    is left as it is. Blank lines end a table. A header set on several lines above the rows — a column name
    wrapped in its column (`城镇新增` over `就业`), a name set on the lower line only, a group name centred over
    the columns it spans, a header leaving the row labels' column unnamed — is one header line, each name joined
    top to bottom in the column under which it sits (`_header_above`); so are header rows of the same shape at
    the top of the table, and group names centred above them (`_groups_above`). A row of figures that leaves a
    cell empty is kept in the table where each of its cells falls in one column (`_partial_row`), its empty
    cells written as EMPTY_CELL. A caption or unit on the header's own line (`单位：万元` at its end) is set on a
    line of its own above the header."""
    out = list(lines)
    dropped: set[int] = set()
    before: dict[int, str] = {}  # a caption taken off a header line, set on a line of its own above it
    done = 0  # lines before this belong to a table already read
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if len(cells) < 2 or not _COLUMN_GAP.search(lines[i].strip()):
            i += 1
            continue
        i, j, block = _block(lines, i, len(cells), done)
        if j - i == 1 and _CAPTION.search(lines[i].strip()):
            i = j  # a caption "表3  各级学校情况" is no row
            continue
        corner = ""  # a caption set in the header's first cell, where the row labels' column has no name
        if len(block) >= 2 and _CAPTION.match(block[0][0]) and is_header_row(block[0][1:]):
            corner, block[0] = block[0][0], [EMPTY_CELL, *block[0][1:]]
        short = all(len(c) <= _MAX_CELL_CHARS for row in block for c in row)
        top = 0  # header rows of the table's own shape at its top
        while top < len(block) - 1 and is_header_row(block[top]):
            top += 1
        header = _header_above(lines, i, j) if short and top == 0 else None
        # One row under a header set on several lines is a table too (a table's last row carried onto a page).
        below = block if header is not None else block[1:]  # the rows under the header
        if short and (j - i >= 2 or header is not None) and any(re.search(r"\d", c) for row in below for c in row):
            for k, row in enumerate(block):
                out[i + k] = "\t".join(row)
            if top >= 1:
                names = [
                    "".join(row[c] for row in block[:top] if row[c] != EMPTY_CELL) or EMPTY_CELL
                    for c in range(len(block[0]))
                ]
                groups = _groups_above(lines, i, j, top, done)
                if groups is not None:
                    prefixes, first = groups
                    names = [p + n for p, n in zip(prefixes, names, strict=True)]
                    dropped.update(range(first, i))
                out[i + top - 1] = "\t".join(names)
                dropped.update(range(i, i + top - 1))
                if corner:
                    before[i + top - 1] = corner
            elif header is not None:
                names, first, caption = header
                out[i - 1] = "\t".join(names)
                dropped.update(range(first, i - 1))
                if caption:
                    before[i - 1] = caption
            done = j
        i = j
    kept: list[tuple[int, str]] = []
    for k, x in enumerate(out):
        if k in before:
            kept.append((k, before[k]))
        if k not in dropped:
            kept.append((k, x))
    return kept


def _block(lines: list[str], i: int, n: int, done: int) -> tuple[int, int, list[list[str]]]:
    """(first line, line after the last, cells per line) of the table whose line lines[i] with n cells is: the
    lines around it with n cells, and (space-padded tables) rows of figures with fewer cells, each cell in one of
    the columns (an empty cell written as EMPTY_CELL)."""
    j = i + 1
    while j < len(lines) and len(_cells(lines[j])) == n and _COLUMN_GAP.search(lines[j].strip()):
        j += 1
    plain = (i, j, [_cells(x) for x in lines[i:j]])
    if any("\t" in lines[k] for k in range(i, j)) or _CAPTION.search(lines[i].strip()):
        return plain
    wider = j < len(lines) and "\t" not in lines[j] and len(_cells(lines[j])) > n
    if wider and _COLUMN_GAP.search(lines[j].strip()):
        # These lines may be a header and rows leaving cells empty of the wider table below: read from there.
        found = _block(lines, j, len(_cells(lines[j])), done)
        if found[0] < j:
            return found
    placed: dict[int, list[str]] = {}
    while True:
        columns = _columns(lines, [k for k in range(i, j) if k not in placed])
        if j < len(lines) and (row := _partial_row(lines[j], columns)) is not None:
            placed[j] = row
            j += 1
            while j < len(lines) and len(_cells(lines[j])) == n and _COLUMN_GAP.search(lines[j].strip()):
                j += 1
        elif i - 1 >= done and (row := _partial_row(lines[i - 1], columns)) is not None:
            placed[i - 1] = row
            i -= 1
        else:
            break
    # Rows with empty cells only beside a full row of figures: a header line alone says too little of where
    # the columns are.
    full_rows = [_cells(lines[k]) for k in range(i, j) if k not in placed]
    if placed and all(is_header_row(row) for row in full_rows):
        return plain
    return i, j, [placed.get(k) or _cells(lines[k]) for k in range(i, j)]


def _columns(lines: list[str], full: list[int]) -> list[tuple[int, int]]:
    """(first column, column after the last) of each column of the full rows lines[k] for k in `full`, by where
    their cells sit on the line (a CJK character two columns wide)."""
    rows = [_cell_spans(lines[k]) for k in full]
    return [(min(r[c][0] for r in rows), max(r[c][1] for r in rows)) for c in range(len(rows[0]))]


def _column_of(start: int, end: int, columns: list[tuple[int, int]]) -> int | None:
    """The one column a cell at [start, end) falls in (2 columns of slack either side), None when it overlaps
    none."""
    overlaps = [min(end, b + 2) - max(start, a - 2) for a, b in columns]
    best = max(range(len(columns)), key=lambda c: overlaps[c])
    return best if overlaps[best] > 0 else None


def _partial_row(line: str, columns: list[tuple[int, int]]) -> list[str] | None:
    """The cells of a space-padded line that is a table row leaving some cells empty — two cells or more, fewer
    than the columns, a figure, each cell in a column of its own, left to right — with EMPTY_CELL in the empty
    ones; None for any other line (a note, prose, a header line)."""
    spans = _cell_spans(line)
    text = line.strip()
    if (
        "\t" in line
        or not 2 <= len(spans) < len(columns)
        or _NOTE.match(text)
        or _CAPTION.search(text)
        or is_header_row([c for _, _, c in spans])
        or any(len(c) > _MAX_CELL_CHARS for _, _, c in spans)
    ):
        return None
    row = [EMPTY_CELL] * len(columns)
    last = -1
    for start, end, cell in spans:
        column = _column_of(start, end, columns)
        if column is None or column <= last:
            return None
        row[column] = cell
        last = column
    return row


_HEADER_LINES = 3  # a column name wrapped onto more lines than this is no header
_CAPTION = re.compile(r"^(?:表|图|附表|續表|续表)\s*[\d一二三四五六七八九十]|[单單]位\s*[:：]")
_UNIT_CELL = re.compile(r"^[(（]?\s*[单單]位\s*[:：]")


def _width(text: str) -> int:
    """Width of text set in a fixed-width font: a CJK character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell_spans(line: str) -> list[tuple[int, int, str]]:
    """(first column, column after the last, text) of each cell of a space-padded line."""
    return [
        (_width(line[: m.start()]), _width(line[: m.end()]), m.group())
        for m in re.finditer(r"[^ \t]+(?: [^ \t]+)*", line)
    ]


def _group_columns(start: int, end: int, columns: list[tuple[int, int]]) -> range | None:
    """The columns a header cell at [start, end) is set over: the column it sits within, or, reaching out of one
    column, two or more next to each other when it is centred over them (nearer the middle of their span than to
    any one column's middle) — a group name over its sub-columns. None when it sits over no column."""
    centre = (start + end) / 2
    within = [c for c, (a, b) in enumerate(columns) if a <= start and end <= b]
    if within:  # inside one column's width: that column's name, wherever it sits in it
        return range(within[0], within[0] + 1)
    touched = [c for c, (a, b) in enumerate(columns) if min(end, b + 2) - max(start, a - 2) > 0]
    if not touched:  # in the gap between two columns
        right = next((c for c, (a, _) in enumerate(columns) if a >= end), None)
        if right is None or right == 0:
            return None
        touched = [right - 1, right]
    best: range | None = None
    distance = float("inf")
    # A centred name narrower than its columns may reach none of the outer ones' text: one more on one side.
    for a in range(max(0, touched[0] - 1), touched[0] + 1):
        for b in range(max(a, touched[-1]), min(len(columns), touched[-1] + 2)):
            if (a < touched[0] and b > touched[-1]) or (a == b and a not in touched):
                continue
            d = abs(centre - (columns[a][0] + columns[b][1]) / 2)
            # A group name sits within its columns and never over the row labels' column (a title line does).
            inside = columns[a][0] - 2 <= start and end <= columns[b][1] + 2
            if d < distance and (a == b or (a > 0 and inside)):
                best, distance = range(a, b + 1), d
    return best


def _header_line(lines: list[str], k: int) -> tuple[list[tuple[int, int, str]], str] | None:
    """(the cells of lines[k] as a header line, a caption set on it) — a unit `单位：…` as its last cell, or a
    caption `表1 …` as its first beside two names or more, is the caption — or None when the line is no header
    line (blank, a caption alone, a figure, a long cell)."""
    text = lines[k].strip()
    if not text or text[-1] in ":：。；;，,":  # a lead-in ("各县情况如下：") or prose
        return None
    spans = _cell_spans(lines[k])
    caption = ""
    if len(spans) >= 2 and _UNIT_CELL.search(spans[-1][2]):
        caption, spans = spans[-1][2], spans[:-1]
    elif len(spans) >= 3 and _CAPTION.match(spans[0][2]) and not _UNIT_CELL.search(spans[0][2]):
        caption, spans = spans[0][2], spans[1:]
    if _CAPTION.search(" ".join(c for _, _, c in spans)):
        return None
    if not is_header_row([c for _, _, c in spans]) or any(len(c) > _MAX_CELL_CHARS for _, _, c in spans):
        return None
    return spans, caption


def _placed(
    spans: list[tuple[int, int, str]], columns: list[tuple[int, int]], named: list[str] | None
) -> dict[int, str]:
    """Each header cell by the column it sits in, or, with `named` (the names below it), by the columns it is
    centred over where each of them is named below; {} where a cell sits over no column or over one another
    cell took."""
    placed: dict[int, str] = {}
    for start, end, cell in spans:
        over = _group_columns(start, end, columns) if named is not None else None
        if over is None or len(over) == 1 or not all(named[c] for c in over if named is not None):
            column = _column_of(start, end, columns)
            over = range(column, column + 1) if column is not None else None
        if over is None or any(c in placed for c in over):
            return {}
        placed.update(dict.fromkeys(over, cell))
    return placed


def _header_above(lines: list[str], i: int, j: int) -> tuple[list[str], int, str] | None:
    """(the column names, the first header line's index, a caption set on a header line) when the lines right
    above the rows lines[i:j] are their header: short cells with no figure, each under one of the rows' columns
    (by where it sits on the line, a CJK character two columns wide), or, on a line above another header line,
    centred over two columns or more (a group name, joined to each); no caption line (`表1 …`, `单位：…`)
    between. On two lines or more, or on one line that leaves only the row labels' column unnamed (written
    EMPTY_CELL). None otherwise."""
    if any("\t" in lines[k] for k in range(i, j)):
        return None  # tabs say nothing of where a cell sits
    n = max(len(_cells(lines[k])) for k in range(i, j))
    columns = _columns(lines, [k for k in range(i, j) if len(_cells(lines[k])) == n])
    names = [""] * len(columns)
    first = i
    caption = ""
    for k in range(i - 1, max(-1, i - 1 - _HEADER_LINES), -1):
        found = _header_line(lines, k)
        if found is None:
            break
        spans, on_line = found
        # On a line above another header line, group names first; where they overlap, each name in one column.
        placed = _placed(spans, columns, names) if k < i - 1 else {}
        placed = placed or _placed(spans, columns, None)
        if not placed:
            break
        for c, cell in placed.items():
            names[c] = cell + names[c]
        # A name is often wider than the figures under it: where it sits widens its column for the lines above
        # (a line of names each in one column, no group names).
        if len(placed) == len(spans):
            for start, end, _ in spans:
                if (column := _column_of(start, end, columns)) is not None:
                    columns[column] = (min(columns[column][0], start), max(columns[column][1], end))
        first = k
        caption = on_line or caption
    # One header line of the rows' shape is in the table already; one above it here has fewer cells: a caption on
    # it, or the row labels' column unnamed — then it names two columns or more and is set in from the left (a
    # heading or a line of prose above a table starts at the margin). Every column but the row labels' needs a
    # name.
    if first == i or not all(names[1:]):
        return None
    if first == i - 1 and not caption and (len(_cells(lines[first])) < 2 or not lines[first].startswith(" ")):
        return None
    return [x or EMPTY_CELL for x in names], first, caption


def _groups_above(lines: list[str], i: int, j: int, top: int, done: int) -> tuple[list[str], int] | None:
    """(a prefix per column, the first line's index) when the lines right above a table whose top `top` rows
    are its header name groups of its columns: each cell centred over two columns or more (`2023年` over
    `产值  增速`), never over the row labels' column alone. None otherwise (a caption, prose)."""
    if any("\t" in lines[k] for k in range(i, j)):
        return None
    n = len(_cells(lines[i]))
    columns = _columns(lines, [k for k in range(i, j) if len(_cells(lines[k])) == n])
    prefixes = [""] * len(columns)
    first = i
    for k in range(i - 1, max(done - 1, i - 1 - _HEADER_LINES + top), -1):
        found = _header_line(lines, k)
        if found is None or found[1]:
            break
        placed: dict[int, str] = {}
        for start, end, cell in found[0]:
            over = _group_columns(start, end, columns)
            if over is None or len(over) < 2 or any(c in placed for c in over):
                placed = {}
                break
            placed.update(dict.fromkeys(over, cell))
        if not placed:
            break
        for c, cell in placed.items():
            prefixes[c] = cell + prefixes[c]
        first = k
    return (prefixes, first) if first < i else None


# Circled numbers ①② are footnote marks or list markers; NFKC would make them digits glued to the figure they
# follow ("143元②" → "143元2", "1,234①" → "1,2341"). A mark opening a line (or a note after "注:") is kept
# as "(1)"; one inside a sentence is a reference and goes.
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①–⑳
_CIRCLED_OPENING = re.compile(f"(^|[注:：;；。\\s])([{_CIRCLED}]+)", re.MULTILINE)
_CIRCLED_ANY = re.compile(f"[{_CIRCLED}]")


def footnote_marks(raw: str) -> str:
    """Circled marks ①–⑳ as "(1)" where they open a line or a note, dropped inside a sentence (before NFKC)."""
    # A run of marks ("①②③" on a line of its own) keeps every mark, not only the first.
    raw = _CIRCLED_OPENING.sub(lambda m: m[1] + "".join(f"({ord(c) - 0x2460 + 1})" for c in m[2]), raw)
    return _CIRCLED_ANY.sub("", raw)
