"""Question-level "not stated" where the report gives another quantity of the thing asked, or one part of it (branch
abstain19).

- `money_only_for_count`: a count asked of a thing the report gives only a sum of money for ("甲县医疗救助多少人次"
  beside "全年医疗救助资金2,360万元"): the thing's head (救助) said in near numbers' own clauses only before sums of money,
  the top number another thing's count covering little of the thing. `qa.given_instead.head_unsaid` needs the head
  unsaid in every near passage; here the head is said, of the money only.
- `population_part_only`: the population asked (人口, 常住人口) where the top number counts one part of it
  (`POPULATION_PARTS`: the labour force, the old, the towns' people…) and no near figure states the population plainly:
  "全县劳动年龄人口N万人" is no 人口. A typed list, like `qa.people_classes.PEOPLE_CLASSES`: the text alone cannot tell a
  part from the report's own name for the whole (常住人口 for a user's 人口), so only parts a report counts apart are read.
Read on the near number candidates' texts (`NearText`), reports only, by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import PER_UNIT, Question
from qa.place_scope import NEAR_DEPTH, NearText, all_reports
from qa.sibling_measures import members_named, own_clause, said_whole

MONEY_ONLY = "报告只给出了所问事项的金额，没有给出所问的数量。"
POPULATION_PART = "报告只给出了其中一部分人（如劳动人口、女职工）的数字，没有给出所问的总数。"

# A sum of money right after the number ("2,360万元", "约1.2亿港元"): the figure's unit is money.
_MONEY_AFTER = re.compile(r"[约近超逾共计达]*[\d.,万亿千百十]+(?:余|多)?(?:万|亿|千)*(?:港|澳门|美|新台币)?元")
# The top number covers little of the thing asked (`thing_cover` under this): it counts something else.
_FEW = 0.4


def _money(n: NearText) -> bool:
    """The number is a sum of money (`_MONEY_AFTER` right after it)."""
    return _MONEY_AFTER.match(n.statement[len(n.before) :]) is not None


def money_only_for_count(
    q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]], forms: set[str]
) -> bool:
    """A count asked (not per head: `PER_UNIT`) where the top number, in a report, covers little of the thing
    (`thing_cover` under `_FEW`) and does not say its head in its own clause, and every near number whose own clause
    says the head (`forms`: `qa.given_instead.head_forms`, 救助 of 医疗救助) is a sum of money: the report gives what the
    thing cost or paid, not how many it counts."""
    if q.kind != "count" or PER_UNIT.search(q.text) or not forms or not rows or not all_reports(near):
        return False
    if rows[0].get("thing_cover", 0.0) >= _FEW:
        return False
    saying = [n for n in near[:NEAR_DEPTH] if any(said_whole(own_clause(n), form) for form in forms)]
    if not saying or saying[0] is near[0]:
        return False
    return all(_money(n) for n in saying)


# The parts of a population a report counts apart, each with the forms it is written in (the matching view). A form
# inside a longer one's occurrence is read as the longer one (`members_named`).
POPULATION_PARTS: tuple[tuple[str, ...], ...] = (
    ("劳动人口", "劳动力人口", "劳动年龄人口", "经济活动人口"),
    ("就业人口",),
    ("老年人口", "60岁以上人口", "65岁以上人口", "长者人口"),
    ("少儿人口", "儿童人口", "0-14岁人口"),
    ("城镇人口", "城镇常住人口", "城市人口"),
    ("乡村人口", "农村人口", "乡村常住人口", "农村常住人口"),
    ("流动人口", "外来人口", "外来常住人口"),
    ("男性人口",),
    ("女性人口",),
)
_POPULATION = "人口"


def population_asked(q: Question) -> bool:
    """A count of a population asked (人口, 常住人口…) naming none of its parts (`POPULATION_PARTS`)."""
    text = q.text.lower()
    return q.kind == "count" and _POPULATION in text and not members_named(text, POPULATION_PARTS)


def _plain_population(clause: str) -> bool:
    """The clause says 人口 outside every part's name (`POPULATION_PARTS`): the whole population."""
    for forms in POPULATION_PARTS:
        for form in forms:
            clause = clause.replace(form, "\0")
    return _POPULATION in clause


def population_part_only(q: Question, near: Sequence[NearText]) -> bool:
    """The population asked (`population_asked`) where the top number's own clause, in a report, names exactly one part
    of it ("全县劳动年龄人口", "其中城镇常住人口") and no near number's own clause says the population plainly: the report
    counts the part, not the population."""
    if not population_asked(q) or not all_reports(near):
        return False
    top = own_clause(near[0])
    if len(members_named(top, POPULATION_PARTS)) != 1 or _plain_population(top):
        return False
    return not any(_plain_population(own_clause(n)) for n in near[1:NEAR_DEPTH])
