"""Tables as text rows a question can be answered from: "表头: 值, 表头: 值", one row per line.

Cells are separated by "," rather than ";" so that a row stays one sentence for the chunker and the answer
scorer (both end sentences at ";"): the row's label and a cell's column name then sit in the same sentence
as the cell's number. A unit in a column header ("会员数(万人)") is moved to the numbers under it
("会员数: 65.2万人") so a cell's number carries its unit like one in running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.numbers import (
    caption_unit,
    is_unit_column,
    label_unit,
    names_rate,
    parse_number_text,
    without_label_unit,
)
from index.readers.base import glue, tidy_line

_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*[(（](?:单位[:：]\s*)?(?P<unit>[^()（）\d]{1,6})[)）]$")
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


def _cell(value: str | None) -> str:
    # A header or a name wrapped inside its cell ("会员\n数") is one phrase.
    text = ""
    for part in (value or "").split("\n"):
        part = tidy_line(part)
        text = glue(text, part) if text and part else text or part
    return text


def _fill_merged(rows: list[list[str | None]], header_rows: int) -> list[list[str]]:
    """Merged cells come back as None after their first cell. In the first header row a merge spans columns:
    each column gets the spanning name; in a lower header row a merge runs down from the row above (a name
    over two header rows). In the body a row label merged down the rows is repeated for each row; any other
    continuation is left empty (its value was given once, in the cell where the merge starts)."""
    filled: list[list[str]] = []
    for r, row in enumerate(rows):
        out: list[str] = []
        for c, value in enumerate(row):
            if value is None:
                if r == 0:
                    value = out[c - 1] if c > 0 else ""
                elif r < header_rows:
                    value = filled[r - 1][c] if c < len(filled[r - 1]) else ""
                elif c == 0:
                    value = filled[r - 1][0] if filled and filled[r - 1] else ""
                else:
                    value = ""
            out.append(_cell(value))
        filled.append(out)
    return filled


def column_names(header: Sequence[Sequence[str]]) -> list[str]:
    """One name per column from header rows top to bottom: a group name over its sub-columns and the lines
    of a wrapped name are joined; a name merged down several rows is said once."""
    names: list[str] = []
    for c in range(max((len(r) for r in header), default=0)):
        parts: list[str] = []
        for row in header:
            part = row[c] if c < len(row) else ""
            if part and (not parts or parts[-1] != part):
                parts.append(part)
        name = ""
        for part in parts:
            name = glue(name, part) if name else part
        names.append(name)
    return names


def table_rows(rows: Sequence[Sequence[str | None]], header_rows: int = 1, unit: str = "") -> list[str]:
    """Rows of a table as text lines, the first `header_rows` rows its header (their names joined per column,
    `column_names`); a table of one row is its cells joined. A bare figure takes the unit its column's name
    states ("会员数(万人)"), else the one its row states — in its label ("年末常住人口（万人）", moved out of the
    label as a column's is) or in a 单位 column ("计量单位: 万吨") — else `unit`, one the table's caption states
    (`index.numbers.caption_unit`), unless its column or row names a rate; the first column (row labels) aside.
    A first row merged across the table ("2031年主要指标（单位：万元）") is its caption: a line of its own, and
    its unit is the table's when `unit` is not given."""
    kept = [list(r) for r in rows if any((c or "").strip() for c in r)]
    lines: list[str] = []
    if len(kept) > 2 and (caption := _title_row(kept[0])):
        lines.append(caption)
        unit = unit or caption_unit(caption)
        kept = kept[1:]
    header_rows = max(1, min(header_rows, len(kept) - 1))
    grid = _fill_merged(kept, header_rows)
    if not grid:
        return lines
    if len(grid) == 1:
        return [*lines, ", ".join(c for c in grid[0] if c)]
    header = column_names(grid[:header_rows])
    names: list[tuple[str, str]] = []
    for h in header:
        m = _HEADER_UNIT.match(h)
        # Only a real unit is moved ("(万人)", "(%)"): the number parser must read "1" + it as a quantity;
        # "县(市、区)" is a name with a note, not a unit.
        if m and parse_number_text("1" + m["unit"]) is not None:
            names.append((m["name"], m["unit"]))
        else:
            names.append((h, ""))
    unit_column = next((c for c, h in enumerate(header) if is_unit_column(h)), None)
    for row in grid[header_rows:]:
        label = row[0] if row else ""
        row_unit = label_unit(label)
        if not row_unit and unit_column is not None and unit_column < len(row) and _is_unit(row[unit_column]):
            row_unit = row[unit_column].strip()
        row_rate = names_rate(label)
        cells: list[str] = []
        for c, value in enumerate(row):
            if not value:
                continue
            name, own = names[c] if c < len(names) else ("", "")
            if c == 0 and row_unit and label_unit(value):
                value = without_label_unit(value)
            elif c > 0 and _NUMERIC.match(value):
                stated = unit if unit and not row_rate and not names_rate(name) else ""
                value += own or row_unit or stated
            cells.append(f"{name}: {value}" if name and name != value else value)
        if cells:
            lines.append(", ".join(cells))
    return lines


def _title_row(row: Sequence[str | None]) -> str:
    """The text of a table's first row when it is one cell merged across a table of two columns or more (a title
    or unit line set inside the table), else ""."""
    texts = {_cell(c) for c in row if c is not None and _cell(c)}
    return texts.pop() if len(row) > 1 and len(texts) == 1 and all(c is None or _cell(c) for c in row) else ""


def _is_unit(cell: str) -> bool:
    """A cell that is a unit and nothing else ("万吨", "%")."""
    text = cell.strip()
    parsed = parse_number_text("1" + text) if text and len(text) <= 4 and not _DIGIT.search(text) else None
    return parsed is not None and parsed[1] != ""


_DIGIT = re.compile(r"\d")
