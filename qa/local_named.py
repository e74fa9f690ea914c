"""A place the gazetteer lacks (a village, a community, a town: `Question.local_places`) that a report names only beside
other figures, while the top number is the whole's (branch train15).

"甲镇总工会…全镇工会会员N人 … 推动乙一村、丙村等9个村组建村级工会联合会" asked "乙一村工会会员多少人" (invented): the
passage names the village, so the scope filter keeps it, and the town's N was given as the village's. The gazetteer
places have `qa.given_instead.place_named_elsewhere`; a local place has no place features (`wider_unnamed`,
`place_in_sentence`), so its statements are read here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from index.normalize import match_view
from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, section_heading_of

_VILLAGE = "村"
LOCAL_NAMED_ELSEWHERE = "报告只在别的数字旁提到所问的地方，给出的是它所在的更大地区的数字。"


def _names(name: str, n: NearText) -> bool:
    """The number's statement names the place."""
    return name in n.statement


def local_named_elsewhere(
    q: Question,
    near: Sequence[NearText],
    rows: Sequence[dict[str, float]],
    counts_the_thing: Callable[[dict[str, float]], bool],
) -> bool:
    """A count, amount or share asked of one village (a local place named X村), where the top number's statement, its
    headings and its report's title do not name it, a near number's statement names it, and every near number whose
    statement names it counts something else (`counts_the_thing` unset): the report names the village only beside
    other figures, and the top number is the whole's. A report on the village itself (its title names it) speaks of it
    without naming it, and is no case. Villages only: a 社区 named by its street ("甲湾社区活动") is often a scheme's or
    a district's word for its neighbourhood, and "区村（社区）" a class of places, not one named beside another figure."""
    if q.kind not in THING_KINDS or len(q.local_places) != 1 or not near or not all_reports(near):
        return False
    name = match_view(q.local_places[0]).text
    if not name.endswith(_VILLAGE):
        return False
    top = near[0]
    if any(name in text for text in (top.statement, top.heading, section_heading_of(top), top.title)):
        return False
    naming = [r for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH]) if _names(name, n)]
    return bool(naming) and not any(counts_the_thing(r) for r in naming)
