"""Question-level "not stated" where a share is given for a change asked, or the share of another part and base (branch
near23).

- `share_for_growth`: a change asked ("甲产业营业收入增长多少", invented) where the top number's own clause, in a report,
  states a share of a base (占, 比重, 比例: "营业收入N亿元，占服务业比重M%") and no change, and no near number's own clause
  states a change of the thing: the report gives how large a part it is, not how fast it grew — `qa.answerable.
  growth_for_share` read the other way round.
- `part_is_base`: a share asked as "X占Y的比例" where the top number's own clause states a share "A占B的比重" whose base
  (B) is the part asked (X) and whose part (A) is not: "高级工占技术工人的比重" (a share OF 技术工人) under a question
  on 技术工人占职工的比重.
Read on the near number candidates' texts (`NearText`), reports only, by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.answerable import GROWTH_ASKED
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names
from qa.sibling_measures import own_clause

SHARE_FOR_GROWTH = "报告只给出了所占的比重（比例），没有给出所问的增长（变化）。"

# A share of a base asked or stated in words (not 率: 增长率 is a change).
_SHARE_OF_BASE = re.compile(r"占|比重|比例|百分比|几成")
# A change stated in a clause.
_CHANGE = re.compile(r"增长|下降|提高|降低|增速|增幅|降幅|同比|比上年|较上年|减少|增加(?!值)|回落|上升")  # not 增加值
_MIN_WORD = 2  # characters of a thing's word a clause must say


def share_for_growth(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A change asked (`GROWTH_ASKED`, no share of a base asked) where the top number's own clause, in a report, says a
    share of a base and no change, and no near number's own clause says a change with the thing's last word (`words`,
    head last): the report gives a share, not the change asked."""
    if q.kind not in ("share", "count", "amount") or not words or not all_reports(near[:1]):
        return False
    if GROWTH_ASKED.search(q.text) is None or _SHARE_OF_BASE.search(q.text):
        return False
    clause = own_clause(near[0])
    if _SHARE_OF_BASE.search(clause) is None or _CHANGE.search(clause):
        return False
    head = words[-1].lower()
    heads = [w.lower() for w in words if len(w) >= _MIN_WORD and not _CHANGE.search(w)]
    head = heads[-1] if heads else head
    return not any(_CHANGE.search(own_clause(n)) and head in n.before.lower() for n in near[1:NEAR_DEPTH])


# A share asked: the part, 占, the base, then the word for a share ("女职工占职工总数的比例").
_SHARE_ASKED = re.compile(r"(.+?)占(.+?)的?(?:比例|比重|比率|百分比)")
# A share stated in a clause: the part, 占, the base, the word for a share and a verb of stating, up to the number.
_SHARE_STATED = re.compile(
    r"([\u4e00-\u9fff]{2,})占([\u4e00-\u9fff]{2,}?)的?(?:比例|比重|比率|百分比)(?:为|是|达|达到|约)?$"
)


def part_is_base(q: Question, near: Sequence[NearText]) -> bool:
    """A share asked as "X占Y的比例" (`_SHARE_ASKED`, places left out of X) where the top number's own clause, in a
    report, states "A占B的比重" (`_SHARE_STATED`) with X's last two characters or more in B and not in A: the report
    gives a share of the part asked, not the part's share of its base."""
    asked = _SHARE_ASKED.search(q.text.lower())
    if q.kind != "share" or asked is None or not all_reports(near[:1]):
        return False
    part = asked.group(1)
    for name in place_names(q):
        part = part.replace(name.lower(), "")
    stated = _SHARE_STATED.search(own_clause(near[0]))
    if stated is None or len(part) < _MIN_WORD:
        return False
    given_part, given_base = stated.groups()
    return part in given_base and part not in given_part
