"""Question-level "not stated" where the question asks what is left undone, a rank within an extent, or a place's
figure of one measure, and the top number is another figure (branch train12).

Read on the near number candidates' texts (`NearText`, the matching view), reports only, by
`qa.given_instead.given_instead`:
- `undone_unsaid`: what has not been done asked ("还有几个项目没有验收", "多少资金未拨付") where no near number's sentence
  says a word of not done or left (未, 没有, 尚, 剩余, 待…): the report gives the whole or the part done ("排查隐患N项，
  已整改M项"), and the rest is arithmetic the report does not state.
- `list_of_another_measure`: one place asked, the top number a bare item of a place-by-place list whose first item
  names a thing sharing nothing with the thing asked (a list of 气温 under a question on 降水量).
- `rank_unsaid`: a rank within an extent asked ("在全省排第几") where the top number's sentence does not name that
  extent: a figure or a rank of another kind ("为有记录以来第二高") is no rank among the province's places.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names

# A deed asked as not (yet) done: a negation right before a verb of finishing, paying out or handing over.
_DONE_VERBS = "整改|完成|下达|办结|到位|落实|验收|开工|竣工|支付|拨付|使用|兑付|兑现|交付|处置|化解|解决|消化|结案|追回"
# A standard asked as not met (不合格, 不达标: branch near23) is read the same way: the failed part.
_UNMET = "合格|达标|符合"
_UNDONE_ASKED = re.compile(
    rf"(?:没有|没|未|尚未|仍未|还未|还没有|还没)(?:按时|及时|按期|如期)?({_DONE_VERBS})|(?:不|未)({_UNMET})"
)
# What is left said outright (剩余, 尚有…), or a negation or 待 before the verb asked within a clause ("未按
# 期拨付到位", "待整改").
_LEFT_SAID = re.compile(r"剩余|剩下|尚有|仍有")
_NOT_YET = r"(?:未|没有|待)[^，,。；;]{0,12}?"
_NOT_MET = r"(?:不|未)"  # 不合格, 未达标: said right before the standard

UNDONE_UNSAID = "报告只给出了总数或已完成的数，没有给出所问的未完成数。"


def undone_asked(q: Question) -> str | None:
    """The verb of a deed the question asks as not done (`_UNDONE_ASKED`: 验收 of "还有几个项目没有验收"), for a count, an
    amount or a share; None otherwise."""
    found = _UNDONE_ASKED.search(q.text) if q.kind in THING_KINDS else None
    return (found.group(1) or found.group(2)) if found else None


def undone_unsaid(q: Question, near: Sequence[NearText]) -> bool:
    """What is not done asked (`undone_asked`) where no near number's sentence, in a report, says what is left
    (`_LEFT_SAID`) or the deed asked as not done (未…下达, 待整改): the report states the whole or the done part, not
    the rest."""
    verb = undone_asked(q)
    if verb is None or not all_reports(near):
        return False
    not_done = re.compile((_NOT_MET if re.fullmatch(_UNMET, verb) else _NOT_YET) + verb)
    return not any(_LEFT_SAID.search(n.statement) or not_done.search(n.statement) for n in near[:NEAR_DEPTH])


# A rank asked: 排第几, 排名第几, 居第几, 位列第几, 第几位, 第几名.
_RANK_ASKED = re.compile(r"(?:排|排名|排在|居|位居|位列|名列)第几|第几(?:位|名)")
_EXTENTS = ("全国", "全省", "全市", "全区", "全县", "全州")

RANK_UNSAID = "报告没有给出所问范围内的排名。"


def rank_unsaid(q: Question, near: Sequence[NearText]) -> bool:
    """A rank within an extent asked (`_RANK_ASKED`, `Question.scope` 全省…) where the top number's sentence, in a
    report, names neither the extent nor its short form (省内 for 全省): the top number is no rank among that extent's
    places."""
    if q.kind != "ordinal" or q.scope not in _EXTENTS or not _RANK_ASKED.search(q.text) or not all_reports(near[:1]):
        return False
    statement = near[0].statement
    return q.scope not in statement and f"{q.scope[1]}内" not in statement


def may_be_undone_or_rank(q: Question) -> bool:
    """Whether a rule here may refuse the question (its near texts are built only then)."""
    return undone_asked(q) is not None or (
        q.kind == "ordinal" and q.scope in _EXTENTS and bool(_RANK_ASKED.search(q.text))
    )


# -- a place's figure in a list of another measure -------------------------------------------------------------------
# What may stand between a place and its figure in a list's item ("乙县为12.4万吨", "乙县达到…").
_ITEM_LINK = re.compile(r"^(?:为|是|达|达到|有|共|约|计)?$")
_ITEM_BREAK = re.compile(r"[，,、；;。：:]")
# The place opening a list's first item ("甲县年平均气温17.2℃" → 甲县), up to its level's word.
_LEAD_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:县|市|区|镇|乡|旗|街道|社区|村)")
_FIRST_NUMBER = re.compile(r"[0-9]")

LIST_OF_ANOTHER = "报告给出的是所问地方另一项指标的数字，没有给出所问指标的数字。"


def _bigrams(text: str) -> set[str]:
    han = "".join(re.findall(r"[\u4e00-\u9fff]", text))
    return {han[k : k + 2] for k in range(len(han) - 1)}


def list_lead(top: NearText) -> str | None:
    """The thing a place-by-place list's first item names, where the top number is a later, bare item of it
    ("甲县年平均气温17.2℃，乙县16.5℃" with 乙县's number → 年平均气温): the clause before the sentence's first figure, its
    opening place cut off. None where the top number is the first item or no such lead names a thing."""
    first = _FIRST_NUMBER.search(top.statement)
    if first is None or first.start() >= len(top.before):
        return None
    clause = _ITEM_BREAK.split(top.statement[: first.start()])[-1].strip()
    place = _LEAD_PLACE.match(clause)
    if place is None:
        return None
    thing = clause[place.end() :]
    return thing if len(re.findall(r"[\u4e00-\u9fff]", thing)) >= 2 else None


def list_of_another_measure(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """One place asked where the top number, in a report, is a bare item of a place-by-place list (the place and the
    figure only: "…，乙县16.5℃") whose first item names a thing (`list_lead`) sharing no two characters with the thing
    asked (`words`, places aside): the list gives the places' figures of another measure (气温 under a question on
    降水量). A lead saying part of the thing (参保 under 医保参保人数) may abbreviate it and is left to the scorer."""
    names = [n.lower() for n in place_names(q)]
    if q.kind not in THING_KINDS or len(q.places) + len(q.local_places) != 1 or not all_reports(near[:1]):
        return False
    top = near[0]
    item = _ITEM_BREAK.split(top.before.lower())[-1].strip()
    named = next((n for n in names if item.startswith(n)), None)
    if named is None or not _ITEM_LINK.match(item[len(named) :].strip()):
        return False
    lead = list_lead(top)
    thing = "".join(w for w in words if not any(n in w.lower() or w.lower() in n for n in names))
    return lead is not None and bool(_bigrams(thing)) and not _bigrams(thing) & _bigrams(lead)
