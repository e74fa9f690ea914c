"""Question-level "not stated" where a report gives only the parts of the thing asked, never the whole (lead,
eighteenth session).

A statistical bulletin or a work report often states a thing by its kinds and never as a whole: "城镇居民人均可支配收入
N元，农村居民人均可支配收入M元" states no 居民人均可支配收入; "市级示范点N个、县级示范点M个" no count of all the 示范点. A
question on the plain thing is then answered by whichever kind ranks first, with a figure that is not the one asked.

The reading is typed, not listed: the thing's own words (`qa.features.distinguishing_words`, joined as the question
says them) stand in a near number's own clause with a word bound before them that names a kind of them (jieba's tag
of a noun, a distinguishing word or an adjective: `qa.features.kind_word`, as `kind_stated` reads a kind), the
question does not hold it, and it is no framing word (全年, 全市, 其中) or word of the whole (各类, 全体, 共有). Where
two near numbers state two different kinds so, the top number is one of them and no near number states the thing
plainly (no word bound before it, or a framing one), the report gives the parts only. One kind alone is not enough:
a report names its thing by a longer name as often as not (社区养老驿站 for a user's 养老驿站), and a lone longer name is
the thing itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from qa.analysis import DEED, Question
from qa.answerable import THING_KINDS
from qa.features import WHOLE_BEFORE_THING, bound_before, framing_word, kind_word
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names
from qa.sibling_measures import own_clause

PARTS_ONLY = "报告只分别给出了所问事项几个部分（类别）的数字，没有给出它的总数。"

# Words that say the thing stated is the whole: those `kind_stated` reads (各类学校, 共有学校), and 全体居民, 城乡居民
# (both kinds together), 全市 / 全县 (an extent's whole).
_WHOLE_WORD = re.compile(rf"{WHOLE_BEFORE_THING}|全体|各级|各项|总计|城乡|^全.$")
# Words that make another statistic of the thing, not a part of it (人均地区生产总值 is no kind of 地区生产总值).
_OTHER_STATISTIC = re.compile(r"人均|户均|平均|中位数")
# A whole (the thing plain) and the top number's part are within reach of the kinds read: the top few numbers.
_KINDS_READ = NEAR_DEPTH
# The longest thing read as one phrase: a question's whole noun phrase, not a clause.
_PHRASE_MAX = 16


def parts_may_be_given(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """Whether `parts_only` may refuse the question (its near texts are built only then): a count, an amount or a
    share whose top number's own item holds the whole thing asked (`cover_item`) and more (`item_precision` under 1):
    a kind named before it."""
    if q.kind not in THING_KINDS or not rows:
        return False
    top = rows[0]
    return top.get("cover_item", 0.0) >= 1.0 and top.get("item_precision", 1.0) < 1.0


def _asked_phrase(q: Question, words: Sequence[str]) -> str:
    """The thing asked as the question says it: the question's text from the thing's first word to its head (the
    last word; `words` leave out single characters such as 可 of 人均可支配收入), places and framing words aside; ""
    where the question does not hold them in that order, or the span is one character or longer than `_PHRASE_MAX`."""
    names = place_names(q)
    kept = [w for w in words if not framing_word(w) and not any(w in n or n in w for n in names)]
    if not kept:
        return ""
    text = q.text.lower()
    start = text.find(kept[0].lower())
    end = text.rfind(kept[-1].lower()) + len(kept[-1])
    if start < 0 or end - start < 2 or end - start > _PHRASE_MAX:
        return ""
    return text[start:end]


def _kind_before(clause: str, phrase: str, question: str, cut: Callable[[str], list[str]]) -> str | None:
    """The kind a clause states the thing as (the word bound before `phrase`: 农村 of 农村居民人均可支配收入), "" where it
    states the thing plainly (nothing bound, a framing word, a word of the whole, a word the question holds, a verb of
    the work done: `DEED`), None where the clause does not say the thing."""
    at = clause.rfind(phrase)
    if at < 0:
        return None
    bound = bound_before(clause, at, cut)
    if _OTHER_STATISTIC.search(bound):
        return None
    # a verb of the work done (办理, which jieba may tag a noun: "累计办理出口退税") states the thing, no kind of it
    if not bound or bound in question or _WHOLE_WORD.search(bound) or DEED.fullmatch(bound) or not kind_word(bound):
        return ""
    return bound


def parts_only(q: Question, near: Sequence[NearText], words: Sequence[str], cut: Callable[[str], list[str]]) -> bool:
    """A count, amount or share asked where the top number, in a report, states one kind of the thing (`_kind_before`),
    another near number of its report a different kind, and none of them the thing plainly: the report gives the parts only
    (`words`: the thing's words, head last; `cut`: the tokenizer's words)."""
    if q.kind not in THING_KINDS or not all_reports(near):
        return False
    phrase = _asked_phrase(q, words)
    if not phrase:
        return False
    question = q.text.lower()
    kinds: list[str] = []
    for n in near[:_KINDS_READ]:
        if n.title != near[0].title:
            continue  # another report's figures: its parts and wholes are of another place or year
        kind = _kind_before(own_clause(n), phrase, question, cut)
        if kind == "":
            return False  # the thing stated plainly: the whole is there
        if kind is not None:
            kinds.append(kind)
        elif not kinds:
            return False  # the top number does not say the thing
    return len(set(kinds)) > 1
