"""A rank asked (排第几, 第几位) where the top number is a list's item mark (一是, 五、, （三）) (branch train11).

The number reader reads item marks as ordinals (`index.numbers`: 一是, 1、, （一）, 其一) so that a list's items can be
told apart; no mark is a position in a ranking. "甲市GDP在全省排第几" (invented) took "一是" of the report's list of
problems ("一是经济总量偏小"). Where the top candidate of an ordinal question is such a mark, the report gives no rank.
"""

from __future__ import annotations

import re

LIST_MARK_ONLY = "报告没有给出所问的排名（位次），只有列举条目的序号。"

# An item mark as the number reader writes it: 一是, 五、, 3、, 2., （一）, [3], 其二 — not 第三, 第3位 or 三大.
_LIST_MARK = re.compile(
    r"(?:[一二三四五六七八九十]{1,3}是|[(\[【（](?:\d{1,2}|[一二三四五六七八九十]{1,3})[)\]】）]"
    r"|其[一二三四五六七八九十]|(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.)）])"
)


def is_list_mark(mention_text: str) -> bool:
    """Whether an ordinal mention's text is a list's item mark, not a position."""
    return _LIST_MARK.fullmatch(mention_text.strip()) is not None


def list_mark_for_rank(kind: str, top_text: str | None) -> bool:
    """An ordinal question (`Question.kind`) whose top number candidate's text is an item mark: no rank is given."""
    return kind == "ordinal" and top_text is not None and is_list_mark(top_text)
