"""A number of people asked, only a number of visits (人次) given (branch train13).

"服务了多少名劳动者", "培训学员有多少人", "会员总数有多少" ask how many people (invented); a report's "服务劳动者N人次", "培训学员N人次"
counts visits, one person counted once per visit: another measure of the same work, not the answer. Users ask "接待游客
多少人" or "培训人数" and mean the visits (the report's figure is the answer they want): a flow of work asked in 人 or 人数
stays the model's. Only a question that counts persons one by one (多少名, 几位), that asks what there is (有多少人) or
a stock (`Question.stock`: 总数有多少) reads a 人次 figure as no answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question

VISITS_ONLY = "报告只给出了人次（一人可计多次），没有给出所问的人数。"
VISITS = "人次"
# Units of a count of persons: a near number in one of them may be the answer (the ranking's miss, not a figure unsaid).
_PERSON_UNITS = frozenset({"人", "名", "位", "万人"})
# Measure words that count persons one by one (never visits), and "有多少人": what there is.
_PERSON_MEASURES = frozenset({"名", "位"})
_HAVE_PEOPLE = re.compile(r"有(?:多少|几)(?:个)?人")
VISIT_DEPTH = 5  # near numbers read for a count of persons


def persons_asked(q: Question) -> bool:
    """The question counts persons, not visits: by 名/位, by "有多少人", or as a stock of people (总数有多少)."""
    if q.kind != "count" or q.measure == VISITS:
        return False
    people = q.measure in _PERSON_MEASURES or q.measure == "人" or "人" in q.units
    return people and (q.measure in _PERSON_MEASURES or q.stock or _HAVE_PEOPLE.search(q.text) is not None)


def visits_for_persons(q: Question, units: Sequence[str]) -> bool:
    """Persons asked (`persons_asked`), the top near number counts visits (人次) and none of the near numbers after it
    (`units`, best first, up to `VISIT_DEPTH`) counts persons."""
    return (
        bool(units)
        and units[0] == VISITS
        and persons_asked(q)
        and not any(u in _PERSON_UNITS for u in units[1:VISIT_DEPTH])
    )
