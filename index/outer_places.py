"""Places outside the gazetteer's table, read in questions only.

cpca's table (`index.places`) stops at 台湾省, 香港 and 澳门 as wholes, so a question about 元朗区 or 屏东 named no
place and another place's figure could answer it. `data/hk_mo_tw_places.csv` lists Hong Kong's 18 districts
(less 东区/南区/北区, everyday words), Macau's parishes and islands, and Taiwan's cities and counties, in simplified
script as the matching view writes them. They are *not* added to the gazetteer: the index's places, and the
features fitted on them, stay as they are (adding them there cost a never-tuned set; docs/answering.md). A question
naming one reads it as a place the gazetteer lacks (`Question.local_places`), as it reads a town.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

OUTER_PLACES_FILE = Path(__file__).parent / "data" / "hk_mo_tw_places.csv"
# Suffixes a text may leave out (元朗区 → 元朗, 花地玛堂区 → 花地玛堂, 屏东县 → 屏东).
_SUFFIX = re.compile(r"(?:区|市|县)$")
# Stems that are everyday words: 中西 (中西部, 中西医), 大堂 (a lobby), 离岛 (any outlying island).
_COMMON_STEMS = frozenset({"中西", "大堂", "离岛"})


@functools.cache
def outer_place_names() -> dict[str, str]:
    """{name as a text may write it: the full name} — the full name and, where it is no everyday word, its stem."""
    names: dict[str, str] = {}
    with OUTER_PLACES_FILE.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        header = next(rows)
        name_at = header.index("name")
        for row in rows:
            if not row:
                continue
            full = row[name_at].strip()
            names[full] = full
            stem = _SUFFIX.sub("", full)
            if len(stem) >= 2 and stem not in _COMMON_STEMS:
                names.setdefault(stem, full)
    return names


@functools.cache
def _pattern() -> re.Pattern[str]:
    return re.compile("|".join(sorted(map(re.escape, outer_place_names()), key=len, reverse=True)))


def find_outer_places(text: str) -> list[tuple[str, int, int]]:
    """(name as written, start, end) of each place of the list that `text` (simplified script) names, longest
    names first (元朗区 before 元朗)."""
    return [(m.group(), m.start(), m.end()) for m in _pattern().finditer(text)]
