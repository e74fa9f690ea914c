"""A which question (是哪个, 有哪些, 是哪几家) answered by a sentence that only counts the class asked (branch train11).

"甲市的一级景区是哪个" (invented) took the sentence "全市景区30家，其中一级景区1家、二级12家": it says how many there
are, not which. Where the sentence the span model picked states the class asked only as a count closing its item
("一级景区1家、"), and names nothing after it (no "：甲、乙", "分别是", "包括"), the answer is `found: false`.
"""

from __future__ import annotations

import re

COUNTED_NOT_NAMED = "报告只给出了所问这一类的个数，没有说是哪些（哪个）。"

# A which question asking for names: 哪个 / 哪些 / 哪几家 / 哪一所 …; 最 asks a ranking, read by its own rule.
_WHICH = re.compile(r"哪(?:个|些|几|一|家|所|座|条|项|处|位)")

# An item that is a label and a count closing it: "其中一级景区1家、", "省级42家。" (the label has no delimiter).
_COUNTED_ITEM = re.compile(
    r"(?:^|(?<=[，、；。,;：:]))([^，、；。,;：:]{1,12}?)(\d+|[一二两三四五六七八九十]+)(?:家|个|所|座|项|处|名|条|支|位)(?=[、，；。,;]|$)"
)

# Words before a label that say nothing of the class (其中一级景区 is 一级景区's count).
_LEAD = re.compile(r"^(?:其中|另有|共有|共|有|达到|达|全市|全县|全区|全州|全省)+")

# The sentence goes on to name the members: a colon, 分别是, 包括, 即.
_NAMES_FOLLOW = re.compile(r"[：:]|分别(?:是|为)|包括|即")


def asked_class(question: str) -> str:
    """The words before a which word ("甲市的一级景区是哪个" → 甲市的一级景区), without the copula; "" when the
    question asks no which or asks a ranking (最)."""
    m = _WHICH.search(question)
    if m is None or "最" in question:
        return ""
    return re.sub(r"(?:是|有|为)+$", "", question[: m.start()])


def counted_not_named(question: str, sentence: str) -> bool:
    """The sentence states the class a which question asks only as a count closing its item: the item's label, past
    its lead words (其中, 全市), is two or more characters of the class asked and the sentence names no members after
    a count (`_NAMES_FOLLOW`)."""
    asked, sentence = asked_class(question.lower()), sentence.lower()  # 5A级 and 5a级 alike
    if len(asked) < 2 or _NAMES_FOLLOW.search(sentence):
        return False
    for m in _COUNTED_ITEM.finditer(sentence):
        label = _LEAD.sub("", m.group(1))
        if len(label) >= 2 and label in asked:
            return True
    return False
