"""Question-level "not stated" where the question asks one grade of a graded class (二等奖, 二级企业, 三星级酒店) and the
report gives the whole with other grades of the same scale only (branch train12).

Read on the near number candidates' texts (`NearText`, the matching view), reports only, by
`qa.given_instead.given_instead`: "获奖9项，其中一等奖1项" under a question on 二等奖, "企业1,120家，其中特级企业2家、一级
企业46家" under one on 二级企业 — the grade asked is another part of the whole, which the report does not break out.
"""

from __future__ import annotations

from collections.abc import Sequence

from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.features import GRADE
from qa.place_scope import NEAR_DEPTH, NearText, all_reports

# A grade on a scale: the grade (一…五, 特, 甲乙丙丁, A…E, 1…5) and the scale's word (等, 级, 类, 星级, 星, 档).


GRADE_OTHER = "报告只给出了总数和别的等级的数字，没有给出所问这一等级的数字。"


def grades(text: str) -> set[tuple[str, str]]:
    """(grade, scale) of every grade `text` names ("其中一等奖1项" → {("一", "等")})."""
    return {(m[1], m[2]) for m in GRADE.finditer(text)}


def grade_asked(q: Question) -> tuple[str, str] | None:
    """The one grade the thing asked names (二等 of 二等奖几项), for a count, an amount or a share; None otherwise."""
    if q.kind not in THING_KINDS:
        return None
    named = grades(q.head or q.target) & grades(q.text)  # the question's own text shows a tier (陕西省一级)
    return next(iter(named)) if len(named) == 1 else None


def grade_of_another(q: Question, near: Sequence[NearText]) -> bool:
    """One grade asked (`grade_asked`) where the top number's sentence, in a report, names other grades of the same
    scale only (其中一等奖 under 二等奖) and no near passage, heading or title names the grade asked: the report gives
    the whole and another grade, not the one asked."""
    asked = grade_asked(q)
    if asked is None or not all_reports(near):
        return False
    grade, scale = asked
    stated = grades(near[0].statement)
    if asked in stated or not any(s == scale and g != grade for g, s in stated):
        return False
    said = f"{grade}{scale}"
    return not any(said in f"{n.passage}\n{n.heading}\n{n.title}" for n in near[:NEAR_DEPTH])


def may_be_grade_of_another(q: Question) -> bool:
    """Whether `grade_of_another` may refuse the question (its near texts are built only then)."""
    return grade_asked(q) is not None
