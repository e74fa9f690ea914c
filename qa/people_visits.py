"""A number of people asked, only a number of visits (人次) given (branch train13).

"服务了多少名劳动者", "培训学员有多少人", "会员总数有多少" ask how many people (invented); a report's "服务劳动者N人次", "培训学员N人次"
counts visits, one person counted once per visit: another measure of the same work, not the answer. Users ask "接待游客
多少人" or "培训人数" and mean the visits (the report's figure is the answer they want): a flow of work asked in 人 or 人数
stays the model's. Only a question that counts persons one by one (多少名, 几位), that asks what there is (有多少人) or
a stock (`Question.stock`: 总数有多少), or that names the people counted right before 多少人 ("帮扶了会员多少人": branch
near23; not a class counted by its visits, 游客, 观众, 患者), reads a 人次 figure as no answer.

A near number counting persons (人, 名) keeps the question the model's where it may be the answer: where its own clause
says every word of the thing that the 人次 figure's own clause says (`persons_of_the_thing`). A count of persons of
another deed beside it ("参加联谊的青年工匠N人" beside "参赛工匠M人次", invented) is no figure of the persons asked (branch near23).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import PERSON_UNITS, Question, names_people

VISITS_ONLY = "报告只给出了人次（一人可计多次），没有给出所问的人数。"
VISITS = "人次"
# Measure words that count persons one by one (never visits), and "有多少人": what there is.
_PERSON_MEASURES = frozenset({"名", "位"})
_HAVE_PEOPLE = re.compile(r"有(?:多少|几)(?:个)?人")
VISIT_DEPTH = 5  # near numbers read for a count of persons


# People named right before 多少人 / 几人 ("惠及会员多少人", "帮扶了学员几人"): the Han run before it.
_NAMED_BEFORE_PERSONS = re.compile(r"([\u4e00-\u9fff]{2,})(?:多少|几)(?:个)?人(?!次)")
# Classes of people a report counts by their visits as a rule (a tourist, an audience, a patient each time they come):
# "接待游客多少人" asks the visits.
_COUNTED_BY_VISITS = re.compile(r"(?:游客|旅客|乘客|观众|患者|读者|访客|香客)$")


def people_named_before(text: str) -> bool:
    """The question names a class of people right before 多少人 / 几人 (`names_people` on the run's last two to four
    characters: 会员 of 惠及会员), not a class counted by its visits (`_COUNTED_BY_VISITS`)."""
    found = _NAMED_BEFORE_PERSONS.search(text)
    if found is None:
        return False
    run = found.group(1)
    names = [run[-k:] for k in (2, 3, 4) if len(run) >= k]
    return any(names_people(n) and not _COUNTED_BY_VISITS.search(n) for n in names)


def persons_asked(q: Question) -> bool:
    """The question counts persons, not visits: by 名/位, by "有多少人", as a stock of people (总数有多少), or naming the
    people right before 多少人 (`people_named_before`)."""
    if q.kind != "count" or q.measure == VISITS:
        return False
    people = q.measure in _PERSON_MEASURES or q.measure == "人" or "人" in q.units
    return people and (
        q.measure in _PERSON_MEASURES
        or q.stock
        or _HAVE_PEOPLE.search(q.text) is not None
        or people_named_before(q.text)
    )


def visits_for_persons(
    q: Question, units: Sequence[str], clauses: Sequence[str] | None = None, words: Sequence[str] = ()
) -> bool:
    """Persons asked (`persons_asked`), the top near number counts visits (人次) and none of the near numbers after it
    (`units`, best first, up to `VISIT_DEPTH`) counts persons — or, given the near numbers' own clauses (`clauses`, one
    per unit, matching view) and the thing's words (`words`), none that counts persons counts them of the thing
    (`persons_of_the_thing`)."""
    if not (units and units[0] == VISITS and persons_asked(q)):
        return False
    # a near number counting persons may be the answer (the ranking's miss, not a figure unsaid)
    persons = [k for k, u in enumerate(units[:VISIT_DEPTH]) if k and u in PERSON_UNITS]
    if not persons:
        return True
    if clauses is None or len(clauses) < len(units[:VISIT_DEPTH]):
        return False
    return not any(persons_of_the_thing(clauses[0], clauses[k], words) for k in persons)


_MIN_WORD = 2  # characters of a word of the thing a clause must say


def persons_of_the_thing(top: str, clause: str, words: Sequence[str]) -> bool:
    """A near count of persons (its own clause `clause`) may be the figure asked: it says every word of the thing
    (`words`, two characters or more) that the 人次 figure's own clause (`top`) says — the same deed's people ("参赛工匠N
    人" beside "参赛工匠M人次"), not another's ("参加联谊的青年工匠N人")."""
    said = [w.lower() for w in words if len(w) >= _MIN_WORD and w.lower() in top]
    return all(w in clause for w in said)
