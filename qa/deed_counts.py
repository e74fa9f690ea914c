"""Question-level "not stated" where the report counts a deed done to or with the thing asked, not the thing itself
(branch abstain19).

"甲区有多少家物业公司" answered by "指导12家物业公司完成服务公约签订": the 12 are the firms a body helped to do something,
not how many there are; "乙镇有多少独居老人" answered by "为独居老人提供上门探访服务共860人次": the figure counts the visits
given to them. The reading is typed, not listed by sentence: in the top number's own clause the thing stands right
after a word that governs it as the one a deed is done for or with (`GOVERNING`: a preposition of the beneficiary, 为
/ 向 / 给 / 对, or a verb that makes someone do something, 协助 / 帮助 / 指导 / 组织…; the number may stand between: "协助
N家"), and right after the thing another deed follows (完成…, 提供…) that the question does not ask: none of its
characters' pairs is in the question, and its first two characters share none with it. The question asks what there is
(`stock_asked`: "有多少家X", "X数目"); one that asks the deed ("多少名学生来馆研学" for "组织N名学生来馆研学实践") is no
stock, and the rule stays silent.
Read on the near number candidates' texts (`NearText`), reports only, by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import DEED, Question
from qa.place_scope import NearText, all_reports
from qa.sibling_measures import clause_after, own_clause

DEED_COUNTED = "报告给出的是为所问对象做某件事（或协助其做某件事）的数字，没有给出所问对象本身有多少。"

# Words that make the noun after them the one a deed is done for or with: prepositions of the beneficiary and verbs
# of causing or helping someone to act (a pivot: "协助N家企业完成…", "为住户提供…").
GOVERNING = "为|向|给|对|协助|帮助|指导|支持|引导|推动|组织|带动|督促|动员|扶持"
# Where the number stands between the governing word and the thing ("协助\x0117家企业…"): the mark the clause reading
# puts at the number, the number and its count word.
_NUMBER_BETWEEN = r"\x01[约近超逾共计达]*[\d.,万亿千百十]+[\u4e00-\u9fff]?"
_GOVERNED = re.compile(rf"(?:{GOVERNING})(?:{_NUMBER_BETWEEN})?")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# Words that measure a thing, no noun of their own: the thing said must hold another word of the question's.
_MEASURE_WORDS = frozenset({"人数", "总数", "数量", "数目", "户数", "个数", "总量", "人次"})
_MIN_WORD = 2  # characters of the thing said, and of the deed after it
# A stock asked by its counting noun at the end ("X数目", "X的数量"), the question saying no deed (`DEED`); "有多少家X" is
# `Question.stock` already.
_STOCK_NOUN_END = re.compile(r"(?:数目|数量|总数|个数|家数)(?:是|为|有)?(?:多少)?[?？]?$")


def stock_asked(q: Question) -> bool:
    """A count of what there is (`Question.stock`: "有多少家X"; or "X数目" with no deed in the question)."""
    return q.kind == "count" and (
        q.stock or (_STOCK_NOUN_END.search(q.text) is not None and DEED.search(q.text) is None)
    )


def _deed_after(clause: str, question: str, words: Sequence[str]) -> bool:
    """`clause` (the number's own clause, the number marked by \\x01) says the thing after a governing word
    (`_GOVERNED`, not in the question) and another deed right after the thing that the question does not say."""
    for governed in _GOVERNED.finditer(clause):
        if governed.group().split("\x01")[0] in question:
            continue
        following = clause[governed.end() :]
        size = 0  # the longest run after the governing word that the question holds: the thing as it is asked
        while size < len(following) and following[: size + 1] in question:
            size += 1
        thing = following[:size]
        if size < _MIN_WORD or not any(
            len(w) >= _MIN_WORD and w.lower() in thing and w not in _MEASURE_WORDS for w in words
        ):
            continue
        deed = _HAN_RUN.match(following[size:].replace("\x01", ""))
        if deed is None or len(deed.group()) < _MIN_WORD:
            continue
        text = deed.group()
        if set(text[:_MIN_WORD]) & set(question) or any(text[i : i + 2] in question for i in range(len(text) - 1)):
            continue
        return True
    return False


def deed_counted_for_thing(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A stock asked (`stock_asked`) where the top number, in a report, counts a deed done to or with the thing (`_deed_after`:
    "协助N家物业公司完成签约", "为独居老人提供服务N人次"), the question asking neither the governing word nor the deed:
    the report says how many the deed reached, not how many there are (`words`: the thing's words, head last)."""
    if not stock_asked(q) or not all_reports(near):
        return False
    top = near[0]
    clause = f"{own_clause(top)}\x01{clause_after(top)}"
    return _deed_after(clause, q.text.lower(), words)
