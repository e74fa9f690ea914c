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


# A name in quotes or title marks before the noun it names (「青年创业训练营」活动, “银龄课堂”讲座): a programme's or a place's
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


# Where a report is a class's own (its organisation's year report, a section on the class), its figures count the class
# by default: a youth league's 青年突击队员 are the 突击队员 a user asks of it. The organisations by the class they serve.
CLASS_ORGANISATIONS: dict[str, tuple[str, ...]] = {
    "女性": ("妇联", "妇女联合会"),
    "女职工": ("女职工委员会",),
    "青年": ("共青团", "团委", "团市委", "团县委", "团区委", "青联"),
    "青少年": ("共青团", "团委", "少工委"),
    "老年人": ("老龄", "老年协会", "老干部"),
    "儿童": ("妇联", "妇女联合会", "少工委"),
    "残疾人": ("残联", "残疾人联合会"),
    "退役军人": ("退役军人事务",),
}
# Words that measure the thing, no noun of their own: the head is the word before them.
_MEASURE_WORDS = frozenset({"人数", "总数", "数量", "数目", "户数", "个数", "总量", "人次", "总额", "金额", "规模"})


def _class_before(clause: str, forms: tuple[str, ...], head: str) -> bool:
    """`clause` names the class right before the head (女职工会员, 青年的志愿者) or by a form ending in it."""
    return any(form + head in clause or f"{form}的{head}" in clause or form.endswith(head) for form in forms)


def one_class_for_everyone(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share asked naming no class of people (`PEOPLE_CLASSES`) where the top number's own clause, in
    a report, names exactly one class right before the thing's head ("其中女职工会员N人" under a question on 会员), the
    report is not the class's own (its title and heading name neither the class nor its organisation:
    `CLASS_ORGANISATIONS`), and no near number's own clause says the head with no class: the figure is the class's,
    not everyone's (`words`: the thing's words, head last). The converse of `people_class_unsaid`."""
    if q.kind not in THING_KINDS or not all_reports(near) or members_named(q.text.lower(), PEOPLE_CLASSES):
        return False
    nouns = [w.lower() for w in words if len(w) > 1 and w not in _MEASURE_WORDS]
    if not nouns:
        return False
    head = nouns[-1]
    top = near[0]
    clause = own_clause(top)
    named = members_named(clause, PEOPLE_CLASSES)
    if len(named) != 1 or not _class_before(clause, PEOPLE_CLASSES[named[0]], head):
        return False
    forms = PEOPLE_CLASSES[named[0]]
    own = forms + CLASS_ORGANISATIONS.get(forms[0], ())
    if any(name in f"{top.title}\n{top.heading}".lower() for name in own):
        return False
    return not any(
        holds_word(own_clause(n), head) and not members_named(own_clause(n), PEOPLE_CLASSES) for n in near[1:NEAR_DEPTH]
    )
