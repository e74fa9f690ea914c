"""Question-level "not stated" where the report gives the thing in another measure than the one the question asks
(branch near23): a sum of money asked by its noun, a rate of another period, a count where only a share is given.

- `money_noun_other_unit`: the thing asked ends in a noun of money (消费, 收入, 支出, 投资, 补助…) and no unit is asked,
  where the top number, in a report, is in a unit of no money (平方米, 人, 个: "人均文化场馆面积N平方米" under 人均文化消费)
  and no near number in money says the thing's last word in its own clause: the report gives another measure.
- `rate_of_another_period`: a rate per period asked (一年, 每年, 每月, 日均…) where the top number's own clause, in a
  report, states a rate per another period ("每人每月补助N元" under "一年多少钱"): the year's figure is not given.
- `class_given_as_share`: a count of a class asked (青年 of 青年会员) where the top number's own clause, in a report,
  does not say the class's word, a near share's statement says it with the thing's head ("青年会员比例为N%") and no
  near number that is no share says it in its own clause: the report gives the class's share, not its count.
Read on the near number candidates' texts (`NearText`), by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names
from qa.sibling_measures import clause_after, is_share, own_clause
from qa.thing_asked import number_unit

OTHER_MEASURE = "报告给出的是所问事项的另一种量（如面积、人数），没有给出所问的金额。"
OTHER_PERIOD = "报告给出的是按另一时段（如每月）计的标准，没有给出所问时段（如每年）的数字。"
SHARE_ONLY = "报告只给出了所问这一类所占的比例，没有给出其数量。"

# Nouns of a sum of money a thing asked may end in (general economic vocabulary).
_MONEY_NOUN = re.compile(r"(?:消费|收入|支出|投资|工资|薪酬|补助|补贴|奖金|利润|营收|税收|存款|贷款|资金|经费|金额)$")
# A unit asked in the question: the question decides its own measure.
_UNIT_ASKED = re.compile(r"(?:多少|几)(?:元|钱|块|万元|亿元|平方米|亩|人|名|个|家|户|吨)|[元钱]")
_NOT_MONEY = frozenset({"人", "名", "位", "人次", "户", "家", "所", "座", "个", "件", "平方米", "亩", "公顷"})


def money_noun_other_unit(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount of a thing whose last word ends in a noun of money (`_MONEY_NOUN`), no unit asked, where the
    top number, in a report, is in a unit of no money (`_NOT_MONEY`) and no near number's own clause says the thing's
    last word with a sum of money after it: the report gives another measure of the thing."""
    if q.kind not in ("count", "amount") or not words or not all_reports(near[:1]):
        return False
    head = words[-1].lower()
    # the thing asked itself ends in the noun of money (中低收入户 is a class of households, not an income)
    if _MONEY_NOUN.search((q.head or q.target).lower()) is None or _UNIT_ASKED.search(q.text):
        return False
    if number_unit(near[0]) not in _NOT_MONEY:
        return False
    return not any(number_unit(n) == "元" and head in own_clause(n) for n in near[1:NEAR_DEPTH])


# A period a rate is asked per (一年, 每年, 年均; 每月, 月均; 每天, 日均) and the one a clause states a rate per.
_PERIOD_ASKED = {
    "年": re.compile(r"一年|每年|年均|每人每年"),
    "月": re.compile(r"每月|月均|一个月|一月"),
    "日": re.compile(r"每天|每日|日均|一天"),
}
_PERIOD_STATED = {
    "年": re.compile(r"每年|年均|每人每年"),
    "月": re.compile(r"每月|月均|每人每月"),
    "日": re.compile(r"每天|每日|日均"),
}


def rate_of_another_period(q: Question, near: Sequence[NearText]) -> bool:
    """A rate asked per one period (`_PERIOD_ASKED`: 一年) where the top number's statement up to it, in a report,
    states a rate per another period (`_PERIOD_STATED`: 每月) and none per the period asked."""
    if q.kind not in ("count", "amount") or not all_reports(near[:1]):
        return False
    asked = [p for p, form in _PERIOD_ASKED.items() if form.search(q.text)]
    if len(asked) != 1:
        return False
    stated = {p for p, form in _PERIOD_STATED.items() if form.search(own_clause(near[0]))}
    return bool(stated) and asked[0] not in stated


_MIN_WORD = 2  # characters of a class's word read


def class_given_as_share(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count of a class (a word of the thing, two characters or more, before its head: 青年 of 青年会员) where the top
    number's own clause, in a report, does not say that word, a near share (`is_share`) says it right before the head in
    its statement up to it, and no near number that is no share says it in its own clause: the report gives the
    class's share only (`words`: the thing's words, head last)."""
    if q.kind != "count" or len(words) < 2 or not all_reports(near[:1]):
        return False
    names = [p.lower() for p in place_names(q)]
    thing = [w.lower() for w in words if not any(w.lower() in p or p in w.lower() for p in names)]
    if len(thing) < 2:
        return False
    head = thing[-1]
    for word in thing[:-1]:
        # the clause up to the number and after it: a count may stand before its noun ("N个甲类站点")
        if len(word) < _MIN_WORD or word in own_clause(near[0]) + clause_after(near[0]):
            continue
        # the top's statement names the class before it, its subject left out after ("X覆盖率达到96%，全年检查N对")
        if word + head in near[0].before.lower():
            continue
        shares = [n for n in near[1:NEAR_DEPTH] if is_share(n) and word + head in n.before.lower()]
        counts = [n for n in near[:NEAR_DEPTH] if not is_share(n) and word in own_clause(n) + clause_after(n)]
        if shares and not counts:
            return True
    return False
