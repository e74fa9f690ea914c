"""Question-level "not stated" where a class of people is asked and the report counts the thing only for everyone
(branch abstain17).

A typed list of the classes of people reports count apart (`PEOPLE_CLASSES`: women, the young, the old, children,
disabled people, migrant workers, veterans…). Where the question names one (`asked_class`: 女性 of 女性村干部人数),
the top number's own clause counts the thing's other words (村干部) while its statement, heading and report title never
name the class, and no near number's statement names the class with the thing's other words, the report gives everyone's
figure (or another class's) — it may speak of the class elsewhere, of another measure ("女职工读书会N场" beside a
question on 女职工 members), which `qa.answerable.class_unstated` (the class said in no near passage) does not read.
Read on the near number candidates' texts (`NearText`), reports only, by `qa.given_instead.given_instead`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.answerable import THING_KINDS
from qa.features import holds_word
from qa.place_scope import NEAR_DEPTH, NearText, all_reports
from qa.sibling_measures import members_named, other_words, own_clause

# The classes of people a report counts apart, each with the forms it is written in (the matching view). A form inside
# a longer one's occurrence is read as the longer one (儿童 in 留守儿童: `members_named`).
PEOPLE_CLASSES: tuple[tuple[str, ...], ...] = (
    ("女性", "妇女"),
    ("女职工",),
    ("男性",),
    ("青年",),
    ("青少年",),
    ("老年人", "长者"),
    ("儿童",),
    ("留守儿童",),
    ("残疾人",),
    ("农民工", "外来务工"),
    ("退役军人",),
    ("高校毕业生",),
    ("外籍",),
    ("少数民族",),
    ("原住民",),
    ("新就业形态",),
    ("失业人员",),
    ("退休人员",),
)


# A name in quotes or title marks before the noun it names (「青年就业起点」讲座, “银龄课堂”活动): a programme's or a place's
# name, no figure of the class. A quoted word right before a number ("“青年求职者”N人") is the figure's own thing: kept.
_QUOTED_NAME = re.compile(r"[“\"「『《‘][^”\"」』》’]{1,20}[”\"」』》’](?=[\u4e00-\u9fff])")


def asked_class(q: Question) -> int | None:
    """The class of people the question names, where it names exactly one (`PEOPLE_CLASSES`)."""
    named = members_named(q.text.lower(), PEOPLE_CLASSES)
    return named[0] if len(named) == 1 else None


def people_class_may_be_unsaid(q: Question) -> bool:
    """Whether `people_class_unsaid` may refuse the question (its near texts are built only then)."""
    return q.kind in THING_KINDS and asked_class(q) is not None


def people_class_unsaid(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share of one class of people (`asked_class`), where the top number, in a report, counts the
    thing's other words in its own clause (`own_clause`; `other_words`: 村干部 of 女性村干部人数) while its statement up
    to it, its heading and its report's title never name the class, and no near number's statement up to it names the
    class with one of the thing's other words (a name in quotes aside, `_QUOTED_NAME`: "「青年创业营」活动N场" counts no
    young person): the figure is everyone's (`words`: the thing's words, head last)."""
    asked = asked_class(q)
    if asked is None or q.kind not in THING_KINDS or not all_reports(near):
        return False
    forms = PEOPLE_CLASSES[asked]
    rest = other_words(q, words, forms)
    top = near[0]
    if not rest or not any(holds_word(own_clause(top), w) for w in rest):
        return False
    if asked in members_named(f"{top.before}\n{top.heading}\n{top.title}".lower(), PEOPLE_CLASSES):
        return False
    for n in near[:NEAR_DEPTH]:
        said = _QUOTED_NAME.sub("", n.before.lower())  # a programme named for the class counts no one of it
        if asked in members_named(said, PEOPLE_CLASSES) and any(holds_word(said, w) for w in rest):
            return False
    return True
