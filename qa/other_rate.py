"""A share asked (X的比例, X占Y的比例), the top number another thing's rate (branch train13).

"某医院护理人员占职工总数的比例" was answered by "工会会员N人，入会率98.5%", "甲区议案办结的比例" by "群众满意率达到
96.2%" (invented): a rate named by its own word (入会率, 满意率) that the question never says. A question asking a share in the words
of 比例 / 占比 / 比重 is answered by a rate only when the rate's word is the question's: "持证职工比例" may take "持证率", not
"入会率". Reports only (an encyclopedia's paraphrases name rates loosely).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import Question
from qa.place_scope import NearText, all_reports, own_item

OTHER_RATE = "报告只给出了别的事项的比率，没有给出所问的比例。"
# A share asked in words of a proportion, not of a rate.
_PROPORTION_ASKED = re.compile(r"比例|占比|比重|所占")
# A number's own item naming a rate by its word: 入会率, 满意率达到.
_RATE_ITEM = re.compile(r"(?P<word>[\u4e00-\u9fff]{2})率(?:达到|达|为|是|提高到|提升到|保持在|稳定在)?$")


def rate_word(item: str) -> str | None:
    """The two characters naming the rate a number's own item ends on (入会 of 入会率, 满意 of 满意率达到), or None."""
    found = _RATE_ITEM.search(item)
    return found.group("word") if found else None


def other_rate_for_share(q: Question, near: Sequence[NearText]) -> bool:
    """A share asked as a proportion (比例, 占比, 比重; no 率 in the question), where the top number, in a report, is a rate
    its own item names by a word the question does not say (`rate_word`): another thing's rate."""
    if q.kind != "share" or "率" in q.text or not _PROPORTION_ASKED.search(q.text) or not all_reports(near[:1]):
        return False
    word = rate_word(own_item(near[0].before))
    return word is not None and word not in q.text
