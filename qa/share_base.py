"""Question-level "not stated" where a share is asked of a named part over a named base ("A占B的比重") and no near
sentence speaks of both (lead, eighteenth session).

A share is a part over a base: "企业团员占8.2%" is a share of the 团员, "老年人口比率21.7%" one of the whole population.
A question naming both ("团员占青年人口比例", invented: "甲县外资企业占企业总数比重") is answered only by a sentence
that says the part and the base; a share of the same part over another base, or of another part over the same base,
is another figure. Read on the near number candidates' statements (`NearText`), reports only; the words of the part
and of the base are the tokenizer's, places and framing words (全市, 总数) aside, so a base that is the place's whole
("占全市的比例") asks nothing more of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.analysis import Question, statistical_terms
from qa.features import framing_word
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names

SHARE_BASE_UNSAID = "报告没有给出所问部分占所问总体的比例，只给出了别的比例。"

# "A占B(的)比例": the part before 占, the base after it, up to the share word (比例, 比重, 比率, 百分之几, 几成).
_PART_OVER_BASE = re.compile(r"^(?P<part>.+?)占(?:了)?(?P<base>.+?)(?:的)?(?:比例|比重|比率|百分之|百分比|几成|份额)")


def _content(text: str, places: Sequence[str], cut: Callable[[str], list[str]]) -> list[str]:
    """The words of `text` that name something: two characters or more, no framing word, no place asked."""
    words = [w.strip().lower() for w in cut(text)]
    return [w for w in words if len(w) > 1 and not framing_word(w) and not any(w in p or p in w for p in places)]


def part_and_base(q: Question, cut: Callable[[str], list[str]]) -> tuple[list[str], list[str]] | None:
    """The content words of the part and of the base a share question names ("A占B的比重"), or None where it does
    not name both."""
    if q.kind != "share":
        return None
    found = _PART_OVER_BASE.search(statistical_terms(q.text).lower())
    if found is None:
        return None
    places = [p.lower() for p in place_names(q) if len(p) > 1]
    part, base = _content(found["part"], places, cut), _content(found["base"], places, cut)
    return (part, base) if part and base else None


def share_base_may_be_unsaid(q: Question) -> bool:
    """Whether `share_base_unsaid` may refuse the question (its near texts are built only then)."""
    return q.kind == "share" and _PART_OVER_BASE.search(q.text.lower()) is not None


def share_base_unsaid(q: Question, near: Sequence[NearText], cut: Callable[[str], list[str]]) -> bool:
    """A share asked of a named part over a named base (`part_and_base`) where no near number's statement, in a
    report, says the head word of both (the last content word of each: 团员 and 人口 of 团员占青年人口比例; a report
    names the part's owner or the base's extent in other words, so only the heads are read): the shares given
    are of another part or over another base."""
    named = part_and_base(q, cut)
    if named is None or not all_reports(near):
        return False
    heads = (named[0][-1], named[1][-1])
    return not any(all(h in n.statement.lower() for h in heads) for n in near[:NEAR_DEPTH])
