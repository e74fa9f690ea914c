"""Tables in text extracted from a PDF (space-padded columns), laid out at random and read back through
`index.documents.clean_text`: the share of tables whose header and rows come out as tab-separated lines with
every cell in its column.

    python -m bench.text_tables --seeds 1-200

Each seed lays out one table as a PDF text layer does (left-aligned cells padded with spaces to the column's
width, a CJK character two columns wide, gaps of 2-6): 3-5 columns, invented row labels of 2-6 characters,
column names of 2-6 characters with a unit in brackets, figures with a unit; and at random some of: a group name
centred over two sub-columns (or years over repeated names), a header leaving the row labels' column unnamed, a
`单位：…` on the header's line, a row or two with an empty cell, a caption `表N …` above, a prose line above and
a note below. Seeds 1-100 were looked at while `text_layout.tabbed_columns` was written; 101-200 were not.
"""

from __future__ import annotations

import argparse
import random
import unicodedata
from collections import Counter

from index.documents import clean_text

EMPTY_CELL = "—"  # text_layout.EMPTY_CELL, written here so the bench runs on readers before it

_HAN = "东西南北中新老大小山河湖海林田城乡镇区县街道园工会职工服务站点联合委员会产业经济开发"
_UNITS = ["个", "人", "万人", "亿元", "家", "处", "吨"]


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _table(rng: random.Random) -> tuple[str, list[str], set[str]]:
    """(the raw text, the lines expected among clean_text's lines, the features laid out)."""

    def name(lo: int, hi: int) -> str:
        return "".join(rng.choice(_HAN) for _ in range(rng.randint(lo, hi)))

    columns = rng.randint(3, 5)
    features: set[str] = set()
    names = [name(2, 3)] + [f"{name(2, 4)}({rng.choice(_UNITS)})" for _ in range(columns - 1)]
    rows = [[name(2, 6)] + [str(rng.randint(1, 9999)) for _ in range(columns - 1)] for _ in range(rng.randint(2, 6))]
    groups: dict[int, str] = {}
    if columns >= 3 and rng.random() < 0.4:  # a group name over two sub-columns
        first = rng.randint(1, columns - 2)
        groups[first] = name(2, 6)
        features.add("group")
    empty: set[tuple[int, int]] = set()
    if rng.random() < 0.4:  # rows with an empty cell (never all figures of a row)
        for _ in range(rng.randint(1, 2)):
            empty.add((rng.randrange(len(rows)), rng.randint(1, columns - 1)))
        features.add("empty")
        for r in range(len(rows)):  # a row keeps a figure
            if all((r, c) in empty for c in range(1, columns)):
                empty.discard((r, 1))
    corner = rng.random() < 0.2 and not groups
    if corner:
        features.add("corner")
    unit_on_header = rng.random() < 0.2
    if unit_on_header:
        features.add("unit")
    widths = [max(_width(names[c]), *(_width(r[c]) for r in rows)) + rng.randint(2, 6) for c in range(columns)]
    for first, group in groups.items():  # the two sub-columns must be wide enough for the name over them
        need = _width(group) + 2 - widths[first] - widths[first + 1]
        if need > 0:
            widths[first] += need
    starts = [sum(widths[:c]) for c in range(columns)]
    lines: list[str] = []
    if rng.random() < 0.5:
        lines.append(f"表{rng.randint(1, 9)}  {name(4, 8)}情况")
    elif rng.random() < 0.5:
        lines.append(f"{name(4, 10)}如下：")
    if groups:
        line = ""
        for first, group in groups.items():
            span = starts[first + 1] + widths[first + 1] - 2 - starts[first]
            at = starts[first] + (span - _width(group)) // 2
            line = _pad(line, at) + group
        lines.append(line)
    header = "".join(_pad("" if c == 0 and corner else names[c], widths[c]) for c in range(columns)).rstrip()
    lines.append(header + ("    单位：个" if unit_on_header else ""))
    for r, row in enumerate(rows):
        cells = ["" if (r, c) in empty else row[c] + ("" if c == 0 else "") for c in range(columns)]
        lines.append("".join(_pad(cells[c], widths[c]) for c in range(columns)).rstrip())
    lines.append("注：数据为年末数。")
    expected_names = [
        (groups.get(c, "") or groups.get(c - 1, "")) + names[c] if c > 0 else names[c] for c in range(columns)
    ]
    if corner:
        expected_names[0] = EMPTY_CELL
    expected = ["\t".join(expected_names)]
    expected += [
        "\t".join(EMPTY_CELL if (r, c) in empty else row[c] for c in range(columns)) for r, row in enumerate(rows)
    ]
    if unit_on_header:
        expected.insert(0, "单位:个")
    return "\n".join(lines) + "\n", expected, features


def _read(seed: int) -> tuple[bool, set[str]]:
    raw, expected, features = _table(random.Random(seed))
    lines = clean_text(raw).splitlines()
    at = next((k for k, x in enumerate(lines) if x == expected[0]), None)
    return at is not None and lines[at : at + len(expected)] == expected, features


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", default="101-200", help="a range of seeds, e.g. 101-200")
    parser.add_argument("--show", type=int, default=0, help="print this many tables read wrong")
    args = parser.parse_args()
    lo, hi = (int(x) for x in args.seeds.split("-"))
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    shown = 0
    for seed in range(lo, hi + 1):
        ok, features = _read(seed)
        for f in features | {"all"}:
            total[f] += 1
            right[f] += ok
        if not ok and shown < args.show:
            shown += 1
            raw, expected, _ = _table(random.Random(seed))
            print(
                f"--- seed {seed} {sorted(features)}\n{raw}>>>\n{clean_text(raw)}\n<<< expected\n" + "\n".join(expected)
            )
    for f in sorted(total):
        print(f"{f:8} {right[f]}/{total[f]}")


if __name__ == "__main__":
    main()
