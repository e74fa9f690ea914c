"""Tables as text rows a question can be answered from: "表头: 值, 表头: 值", one row per line.

Cells are separated by "," rather than ";" so that a row stays one sentence for the chunker and the answer
scorer (both end sentences at ";"): the row's label and a cell's column name then sit in the same sentence
as the cell's number. A unit in a column header ("会员数(万人)") is moved to the numbers under it
("会员数: 65.2万人") so a cell's number carries its unit like one in running text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.numbers import parse_number_text
from index.readers.base import tidy_line

_HEADER_UNIT = re.compile(r"^(?P<name>.+?)\s*[(（](?:单位[:：]\s*)?(?P<unit>[^()（）\d]{1,6})[)）]$")
_NUMERIC = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")


def _cell(value: str | None) -> str:
    # A header wrapped inside its cell ("会员\n数") is one phrase.
    return tidy_line(re.sub(r"\s*\n\s*", "", value or ""))


def _fill_merged(rows: list[list[str | None]]) -> list[list[str]]:
    """Merged cells come back as None after their first cell. In the header a merge spans columns: each
    column gets the spanning name. In the body a row label merged down the rows is repeated for each row;
    any other continuation is left empty (its value was given once, in the cell where the merge starts)."""
    filled: list[list[str]] = []
    for r, row in enumerate(rows):
        out: list[str] = []
        for c, value in enumerate(row):
            if value is None:
                if r == 0:
                    value = out[c - 1] if c > 0 else ""
                elif c == 0:
                    value = filled[r - 1][0] if filled and filled[r - 1] else ""
                else:
                    value = ""
            out.append(_cell(value))
        filled.append(out)
    return filled


def table_rows(rows: Sequence[Sequence[str | None]]) -> list[str]:
    """Rows of a table (first row the header) as text lines; a table of one row is its cells joined."""
    grid = _fill_merged([list(r) for r in rows if any((c or "").strip() for c in r)])
    if not grid:
        return []
    if len(grid) == 1:
        return [", ".join(c for c in grid[0] if c)]
    header, lines = grid[0], []
    names: list[tuple[str, str]] = []
    for h in header:
        m = _HEADER_UNIT.match(h)
        # Only a real unit is moved ("(万人)", "(%)"): the number parser must read "1" + it as a quantity;
        # "县(市、区)" is a name with a note, not a unit.
        if m and parse_number_text("1" + m["unit"]) is not None:
            names.append((m["name"], m["unit"]))
        else:
            names.append((h, ""))
    for row in grid[1:]:
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
