"""A figure asked of one named body inside the place (a hospital, a university, a company, a scenic area), where the
top number's statement never names that body (lead, twenty-second session).

Users ask "甲市人民医院有多少职工书屋" or "乙山景区旅游收入多少" (invented) of a report that gives the city's or the
county's figure only. The place rules read places of the gazetteer; a body's name is none, so the whole's figure was
given as the body's. The body is read from the question's subject (the words before its question word): the word (two
characters or more) right before an institution's noun (`_BODY_NOUNS`). The report answers only where the number's
statement, the start of its paragraph, its heading or its report's title names the body — a body's own report ("乙大学
工会工作报告") speaks of it in every sentence without naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.place_scope import NearText

NAMED_BODY_UNSTATED = "报告没有单独给出所问单位的数字，给出的是别的单位或整个地区的数字。"

# Nouns that end a body's proper name ("五星医院", "红旗煤矿", "甲乙公司"); not bodies of government or of the union
# (市总工会, 区政府 stand for their place), not words that name a class of things counted (企业, 村, 社区).
_BODY_NOUNS = (
    "医院|卫生院|大学|学院|中学|小学|幼儿园|银行|公司|集团|景区|校区|煤矿|电厂|酒店|宾馆|商场|博物馆|图书馆|纪念馆"
    "|机场|码头|分公司|分院|分行|支行|分厂|分馆|分校"
)
# A body's branch named after its place ("甲县分公司", "乙市校区"): the place names the branch, it is not the scope;
# the branch is named whole (a university's report names its town in its title, not the campus).
_BRANCHES = ("校区", "分公司", "分院", "分行", "支行", "分厂", "分馆", "分校")
# The question's subject ends at its question word ("有多少", "是多少", "几", "哪", "什么").
_SUBJECT_END = re.compile(r"有?(?:多少|几|哪|什么|是多少)")
_BODY_NOUN = re.compile(_BODY_NOUNS)
# A name that is a scope or a class, not a body's name ("全市医院", "各级医院", "公立医院", "三级医院").
# A name holds Han characters only ("A级景区", "4S店" are grades and kinds) and ends in no grade or kind (省级, 示范类).
_NOT_A_NAME = re.compile(
    r"^(?:全|各|本|该|所有|每|其|其他|其它|公立|民营|私立|国有|基层|乡镇|定点)|[^\u4e00-\u9fff]|[级类型等]$"
)
# A paragraph led by the body ("乙山景区：全年接待游客N万人次。实现旅游收入N亿元。") names it for each of its sentences;
# a sentence before the statement naming another figure of the body does not ("乙山景区接待N万人次。假期旅游收入N亿元").
_LEAD = 12
_CLAUSE_END = re.compile(r"[：:，,。；;！？!?]")


def body_asked(q: Question, cut: Callable[[str], Sequence[str]]) -> str | None:
    """The name of the body the question asks about (乙山 of "乙山景区旅游收入多少"), read after its last place and
    before its question word, or a branch named by its place (甲县分公司 of "甲县分公司职工人数"); None where it
    names none."""
    end = m.start() if (m := _SUBJECT_END.search(q.text)) else len(q.text)
    for s, e in q.place_spans:
        if e < end and (branch := next((b for b in _BRANCHES if q.text.startswith(b, e)), None)):
            return q.text[s:e] + branch
    start = max((e for s, e in q.place_spans if e <= end), default=0)
    subject = q.text[start:end]
    for noun in _BODY_NOUN.finditer(subject):
        # the name is the word before the noun (物业 of "扶持物业公司"), with the one before it if it is one character
        words, name = list(cut(subject[: noun.start()])), ""
        while words and len(name) < 2:
            name = words.pop() + name
        if len(name) < 2 or "的" in name or _NOT_A_NAME.search(name):  # "甲的公司" is a company of 甲's, no name
            continue
        if not any(q.text[s:e] in name for s, e in q.place_spans):
            return name
    return None


def names_body(name: str, near: NearText) -> bool:
    """Whether a number's statement, the start of its paragraph, its heading or its report's title names the body;
    in a text not written as a report (an article, an encyclopedia page), its passage: such a text names its subject
    once and then says 该公司, 该校."""
    if not near.report:
        return name in near.passage or name in near.title
    paragraph = near.passage.rfind("\n", 0, near.start) + 1
    lead = _CLAUSE_END.split(near.passage[paragraph : min(near.start, paragraph + len(name) + _LEAD)], maxsplit=1)[0]
    return any(name in text.lower() for text in (lead, near.statement, near.heading, near.title))


def named_body_unstated(q: Question, body: str, top: NearText) -> bool:
    """A count, amount or share asked of a named body (`body`, from `body_asked`) whose top number's statement, the
    start of its paragraph, its heading and its report's title never name it: the figure is another body's or the
    whole's."""
    return q.kind in THING_KINDS and not names_body(body, top)
