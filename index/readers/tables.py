"""Tables as text rows a question can be answered from: "表头: 值, 表头: 值", one row per line.

Cells are separated by "," rather than ";" so that a row stays one sentence for the chunker and the answer
scorer (both end sentences at ";"): the row's label and a cell's column name then sit in the same sentence
as the cell's number. A unit in a column header ("会员数(万人)") is moved to the numbers under it
("会员数: 65.2万人") so a cell's number carries its unit like one in running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.numbers import names_rate, parse_number_text
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
    `column_names`); a table of one row is its cells joined. `unit` is one the table's caption states
    (`index.numbers.caption_unit`): the bare figures of a column that names no unit of its own and no rate
    take it, the first column (row labels) aside."""
    kept = [list(r) for r in rows if any((c or "").strip() for c in r)]
    header_rows = max(1, min(header_rows, len(kept) - 1))
    grid = _fill_merged(kept, header_rows)
    if not grid:
        return []
    if len(grid) == 1:
        return [", ".join(c for c in grid[0] if c)]
    header, lines = column_names(grid[:header_rows]), []
    names: list[tuple[str, str]] = []
    for h in header:
        m = _HEADER_UNIT.match(h)
        # Only a real unit is moved ("(万人)", "(%)"): the number parser must read "1" + it as a quantity;
        # "县(市、区)" is a name with a note, not a unit.
        if m and parse_number_text("1" + m["unit"]) is not None:
            names.append((m["name"], m["unit"]))
        else:
            names.append((h, unit if unit and len(names) > 0 and not names_rate(h) else ""))
    for row in grid[header_rows:]:
        cells: list[str] = []
        for c, value in enumerate(row):
            if not value:
                continue
            name, unit = names[c] if c < len(names) else ("", "")
            if unit and _NUMERIC.match(value):
                value += unit
            cells.append(f"{name}: {value}" if name and name != value else value)
        if cells:
            lines.append(", ".join(cells))
    return lines
