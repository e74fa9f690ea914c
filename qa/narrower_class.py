"""Question-level "not stated" where a report gives a wider class's figure, or a share of another base, in the place of
the one asked, read on the near number candidates' own items (branch abstain18).

`qa.answerable.thing_stated_near` reads a sentence as stating the thing when it holds every word of it, whichever
figure each word belongs to; the rules here read which figure of the sentence a word is said of.
- `class_of_another_figure`: a modifier of the thing (精品 of 精品茶叶种植面积) unsaid in the top number's statement up to
  it and said in a later clause of the same statement, right before the thing's next word, of another figure ("茶叶种植
  面积N亩，…其中精品茶叶产量M吨"): the report gives the narrower class a figure of another measure, and the whole's of the
  measure asked.
- `sibling_class_in_slot`: a modifier of the thing (海事海商 of 海事海商案件结案率) said only in another figure's own
  clause with the thing's next word ("审结海事海商案件N件": a count), the top number's statement putting another class in
  its slot ("审结刑事案件M件，结案率K%"): the report gives the sibling class's figure of the measure asked.
- `share_base_unsaid`: a share asked as "X占Y比例" where the top number's statement up to it leaves the base (Y) unsaid
  ("企业会员占18%" under a question on 会员占职工比例), or a word of the part (X) its passage says of another figure only.
- `people_joined_only`: one class of people asked before a deed (工匠 of 工匠疗养) where the top number's own item joins
  it with another class of people ("安排工匠和青年职工疗养N人次"): the figure counts both classes together.
- `sum_unstated` and `several_joined` (nineteenth session): the sum of two named things asked ("甲类和乙类合计多少")
  where the top number's clause names one of them only; one thing asked where the top number's clause sums several
  ("两项补贴共发放N万元").
- `other_parts_listed` (nineteenth session): a class asked (骨干教师 of 骨干教师培训) where the top number is the whole's
  ("培训教师N人次") and its statement breaks it down after 其中 naming another class only ("其中校长M人次").
- `listed_item_only` (branch probe19): one item of an enumeration joined by 、 asked ("新建、改扩建码头N个" under a
  question on 新建码头): the figure counts the items together.
- `class_of_whole_only` (branch train13): a narrower class asked of a part (a place inside, a campus, a village:
  "甲院区女会员", "乙村精品客栈") where the top number is the part's figure of the whole class ("甲院区会员N人") and its
  passage gives the narrower class only of another figure, the whole's ("女会员M人").
Reports only, as every rule of `qa.given_instead`, which runs them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import SUM_OR_LIST_ASKED, Question, names_people
from qa.answerable import THING_KINDS
from qa.features import distinguishing_words, holds_word, joined_only
from qa.place_scope import JOINED_IN_ITEM, NEAR_DEPTH, NearText, all_reports, own_item, place_names, shared_suffix
from qa.sibling_measures import BOTH_MEMBERS, clause_after, is_share, own_clause, said_whole


def _item_states(n: NearText, words: Sequence[str]) -> bool:
    """The number states the thing (`words`, head last): its own clause says the head and its statement up to it every
    word (`said_whole`; a subject said once for the figures after it: "实施甲类项目N个，完成投资M亿元")."""
    return said_whole(own_clause(n), words[-1]) and all(said_whole(n.before.lower(), w) for w in words)


def class_of_another_figure(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share of a thing with a modifier (`distinguishing_words`, two characters or more: 精品 of
    精品茶叶种植面积) where the top number, in a report, says the thing's next word in its own clause (茶叶) and not the
    modifier in its statement up to it, the same statement says the modifier right before that whole word after the
    number (", 其中精品茶叶产量M吨": another figure's class), and no near number's own clause says the modifier with the
    rest of the thing: the narrower class has a figure of another measure only (`words`: the thing's words, head last).
    A modifier said in a clause before the number may be the subject said once for the figures after it: not read."""
    if q.kind not in THING_KINDS or not all_reports(near):
        return False
    thing = [w.lower() for w in distinguishing_words(words, place_names(q), q.text)]
    top = near[0]
    before = top.before.lower()
    after = top.statement.lower()[len(top.before) :]
    for k, modifier in enumerate(thing[:-1]):
        following = thing[k + 1]
        if len(modifier) < 2 or modifier in before or not said_whole(own_clause(top), following):
            continue
        if modifier + following not in after:
            continue
        if not any(_item_states(n, thing) for n in near[:NEAR_DEPTH]):
            return True
    return False


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _other_in_slot(before: str, modifier: str, following: str, question: str) -> bool:
    """`before` (the top number's statement up to it) says `following` right after as many Han characters as
    `modifier` has, not the modifier and not in the question: another class in the modifier's slot (刑事 under 海事海商
    of 海事海商案件)."""
    at = before.find(following)
    if at < len(modifier):
        return False
    slot = before[at - len(modifier) : at]
    return _HAN_RUN.fullmatch(slot) is not None and slot != modifier and slot not in question


def sibling_class_in_slot(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count, amount or share of a thing of three words or more (`distinguishing_words`: 海事海商, 案件, 结案率) where the
    top number, in a report, says the head in its own clause and the thing's next word after a modifier in its
    statement up to it, with another class in the modifier's slot (`_other_in_slot`: "审结刑事案件M件，结案率K%"); a near
    number's own clause says the modifier right before that word without the head ("审结海事海商案件N件": the class
    has a figure of another measure only) and none says the whole thing (`words`: the thing's words, head last). Not a
    statement of two classes at once (`BOTH_MEMBERS`: 城乡, 分别)."""
    if q.kind not in THING_KINDS or not all_reports(near) or BOTH_MEMBERS.search(near[0].statement):
        return False
    thing = [w.lower() for w in distinguishing_words(words, place_names(q), q.text)]
    if len(thing) < 3 or not said_whole(own_clause(near[0]), thing[-1]):
        return False
    before = near[0].before.lower()
    text = q.text.lower()
    for k, modifier in enumerate(thing[:-2]):
        following = thing[k + 1]
        if len(modifier) < 2 or modifier in before or not _other_in_slot(before, modifier, following, text):
            continue
        elsewhere = [
            n
            for n in near[1:NEAR_DEPTH]
            if modifier + following in own_clause(n) and not said_whole(own_clause(n), thing[-1])
        ]
        if elsewhere and not any(_item_states(n, thing) for n in near[:NEAR_DEPTH]):
            return True
    return False


# A share of a whole asked: the part, 占, the base, then the word for a share ("女职工占职工总数的比例").
_SHARE_OF = re.compile(r"(.+?)占(.+?)的?(?:比例|比重|比率|百分比)")


# A share's statement naming its base right before its figure: 占, the base (two Han characters or more), then the word
# for a share and a verb of stating ("占地区生产总值的比重为", "占全部会员的"); not a bare "占N%".
_BASE_STATED = re.compile(r"占[\u4e00-\u9fff]{2,}?的?(?:比重|比例|比率|百分比)?(?:为|是|达|达到|约)?$")


# Words that measure a part or a base, no noun of their own (总数 of 职工总数): never its head.
_MEASURE_WORDS = frozenset({"总数", "总量", "总额", "数量", "人数", "户数", "个数", "规模"})


def _share_words(q: Question, words: Sequence[str]) -> tuple[list[str], list[str]] | None:
    """The part's words and the base's last word of a share asked as "X占Y比例" (`_SHARE_OF`; the thing's words, the
    places asked and measure words left out), or None where the question is no such share or either is empty."""
    asked = _SHARE_OF.search(q.text.lower())
    if asked is None:
        return None
    part, base = _without_places(asked.group(1), [n.lower() for n in place_names(q)]), asked.group(2)
    thing = [w.lower() for w in words if len(w) > 1 and w not in _MEASURE_WORDS]
    part_words = [w for w in thing if w in part]
    base_words = [w for w in thing if w in base][-1:]
    return (part_words, base_words) if part_words and base_words else None


def share_base_unsaid(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A share asked as "X占Y比例" (`_share_words`) where the top number, in a report, leaves the base's last word
    unsaid in its statement up to it ("企业会员占12%" under a question on 会员占职工比例: a share of the members, not of
    the workers; where the statement names a base of its own, `_BASE_STATED`, and the passage never says the question's
    word, that word is the user's name for it: 经济总量 for "占地区生产总值的比重"), or a word of the part unsaid there that its passage says elsewhere, of another figure ("其中甲族人口N
    人" before "65岁以上人口比率M%" under 甲族长者占65岁以上人口比例: the part is counted, its share of the base not given;
    a word said nowhere may be the user's paraphrase: 老年人 for 60岁以上人口), and no near share's statement up to it
    says them all: the report gives a share of another part or base (`words`: the thing's words, head last)."""
    if q.kind != "share" or not all_reports(near):
        return False
    found = _share_words(q, words)
    if found is None:
        return False
    part_words, base_words = found
    top = near[0]
    # the report's own body ("甲市慈善总会管理费用占总支出的比例" of 甲市慈善总会's report) is who, not a part's class
    part_words = [w for w in part_words if not said_whole(top.title.lower(), w)]
    before = top.before.lower()
    elsewhere = top.passage.lower().replace(top.statement.lower(), "\0")
    # a base the statement names itself ("占地区生产总值的比重为"), the question's word for it said nowhere in the
    # passage: the user's own name for the report's base (经济总量), not another base
    renamed = _BASE_STATED.search(before) is not None and not said_whole(top.passage.lower(), base_words[0])
    unsaid = (not said_whole(before, base_words[0]) and not renamed) or any(
        not said_whole(before, w) and said_whole(elsewhere, w) for w in part_words
    )
    if not unsaid:
        return False
    heads = part_words + base_words
    return not any(is_share(n) and all(said_whole(n.before.lower(), w) for w in heads) for n in near[1:NEAR_DEPTH])


_MIN_NAME = 2  # characters of a class's name, and of the deed after it
# A list said of each of its items (甲、乙分别入会N人、M人): each figure is one item's.
_EACH = "分别"


def people_joined_only(q: Question, near: Sequence[NearText]) -> bool:
    """A count whose question names a class of people right before the deed counted (`names_people`: 工匠 of 工匠疗
    养), where the top number's own item (`own_item`), in a report, is that class joined with another class of people
    before the same deed ("工匠和青年职工疗养": 青年职工 names people, none of its characters in the question): the
    figure counts both classes together, not the one asked. `qa.place_scope.joined_class_only` reads two classes sharing
    their end (视力残疾及听力残疾); here the deed follows the second class only. A name of one thing joining two words
    that are not both people ("无人机及航空装备产业产值": one industry) and a list said of each (`_EACH`) are no case."""
    if q.kind != "count" or not all_reports(near[:1]) or _EACH in near[0].statement:
        return False
    parts = JOINED_IN_ITEM.split(own_item(near[0].before))
    if len(parts) != 2:
        return False
    first, second = parts
    text = q.text.lower()
    for size in range(len(first), _MIN_NAME - 1, -1):
        asked = first[-size:]
        at = text.find(asked)
        if at < 0 or not names_people(asked):
            continue
        deed = text[at + size :]
        for end in range(len(deed), _MIN_NAME - 1, -1):
            other = second[: len(second) - end]
            if (
                second.endswith(deed[:end])
                and len(other) >= _MIN_NAME
                and names_people(other)
                and not set(other) & set(text)
            ):
                return True
        return False
    return False


# What opens a breakdown of the figure before it into its parts ("…N人次，其中甲类M人次").
_PARTS_OPEN = "其中"


# The end of a sentence (a breakdown "。其中…" runs on to the next one).
_SENTENCE_END = re.compile(r"[。；;！!？?\n]")


def _breakdown_after(n: NearText) -> str:
    """The sentence after the number's statement where it opens with 其中 ("查处违法N起，同比增长M%。其中查处甲类…"): a
    report breaks a total down in the next sentence as often as in its own; "" where it does not."""
    rest = n.passage[n.start + len(n.statement) :].lower()
    if not rest.startswith(_PARTS_OPEN):
        return ""
    end = _SENTENCE_END.search(rest)
    return rest[: end.end() if end else len(rest)]


def other_parts_listed(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount of a class (a modifier of two characters or more before the rest of the thing: 骨干 of
    骨干教师培训) where the top number, in a report, says the rest of the thing in its own clause and the modifier
    nowhere in its statement, and the statement breaks the figure down after it (其中) naming the thing's head after
    another class only, none of its characters asked ("培训教师N人次，其中校长M人次"): the report gives the whole and
    another part, not the class asked. A class said in the breakdown ("其中骨干教师M人次") is the figure asked, and a
    near number's own clause saying the whole thing states it (`words`: the thing's words, head last)."""
    if q.kind not in ("count", "amount") or not all_reports(near):
        return False
    names = [n.lower() for n in place_names(q)]
    thing = [w.lower() for w in words if not any(n in w.lower() or w.lower() in n for n in names)]
    text = q.text.lower()
    if len(thing) < 2 or len(thing[-1]) < 2 or text.find(thing[-1]) < 0:
        return False
    top = near[0]
    statement = top.statement.lower() + _breakdown_after(top)
    after = statement[len(top.before) :]
    opens = after.find(_PARTS_OPEN)
    at = after.find(thing[-1], opens)
    if opens < 0 or at < 0:
        return False
    found = _HAN_RUN.findall(after[opens + len(_PARTS_OPEN) : at])
    named = found[-1] if found and after[:at].endswith(found[-1]) else ""
    clause = own_clause(top)
    for k, modifier in enumerate(thing[:-1]):
        start = text.find(modifier)
        if len(modifier) < 2 or start < 0 or said_whole(statement, modifier):
            continue
        if not all(said_whole(clause, w) for w in thing[k + 1 :]):
            continue
        asked = text[start : text.find(thing[-1])]  # the class asked and the words up to the head (甲类教师培)
        other = named[: len(named) - shared_suffix(named, asked)]
        if len(other) >= _MIN_NAME and not set(other) & set(text):
            return not any(_item_states(n, thing) for n in near[:NEAR_DEPTH])
    return False


# The sum of two named things asked: the first, a joiner, the second, then the sum ("甲类和乙类合计", "甲与乙一共").
_SUM_OF_TWO = re.compile(
    r"([\u4e00-\u9fff]{2,}?)(?:和|与|及|以及|加上)([\u4e00-\u9fff]{2,}?)(?:的)?(?:合计|共计|总计|一共|总共|加起来|之和|总和)"
)


def sum_unstated(q: Question, near: Sequence[NearText]) -> bool:
    """The sum of two named things asked ("甲类和乙类合计多少": `_SUM_OF_TWO`, places left out) where the top number, in
    a report, names one of them and not the other in its own item ("其中甲类N人、乙类M人": each its own figure): the
    report gives the parts, not their sum. An item naming both ("甲类和乙类合计K人") states it; a sum of places
    (甲县和乙县合计) is `qa.answerable.group_only`'s, not read here."""
    asked = _SUM_OF_TWO.search(q.text.lower())
    if asked is None or q.kind not in THING_KINDS or not all_reports(near[:1]):
        return False
    names = [n.lower() for n in place_names(q)]
    first, second = (_without_places(part, names) for part in asked.groups())
    if len(first) < _MIN_NAME or len(second) < _MIN_NAME:
        return False
    item = own_item(near[0].before)
    return holds_word(item, first) != holds_word(item, second)


def _without_places(text: str, names: Sequence[str]) -> str:
    for name in names:
        text = text.replace(name, "")
    return text


# A figure summing several things its clause counts ("两项补贴共发放N万元", "二者合计N人").
_SEVERAL_JOINED = re.compile(r"(?:[两二三四五六]|多)(?:项|类|种)|二者|两者|三者")
_SUMMED = re.compile(r"共|合计|总计|累计")


def several_joined(q: Question, near: Sequence[NearText]) -> bool:
    """A count or amount of one thing asked where the top number's own clause, in a report, sums several things it
    counts ("两项补贴共发放N万元", "二者合计N人": `_SEVERAL_JOINED` before a sum word) and the question asks no sum and
    names no such number of things: the figure is of them together, not of the one asked."""
    if q.kind not in ("count", "amount") or not all_reports(near[:1]) or SUM_OR_LIST_ASKED.search(q.text):
        return False
    clause = own_clause(near[0])
    joined = _SEVERAL_JOINED.search(clause)
    if joined is None or _SUMMED.search(clause, joined.end()) is None:
        return False
    return joined.group() not in q.text.lower()


# -- one item of an enumeration asked (branch probe19) --------------------------------------------------------------
# Items of an enumeration joined by 、 ("甲节、乙灯会等活动", "新建、改扩建码头", "在甲区、乙区试点"): the Han runs on
# either side of it, neither next to a figure of its own ("其中甲类N万人、乙类M万人": 万人 is a unit, 乙类 has M). 和/及/与 also join words of one name (无人机及航空装备); `people_joined_only` reads those for
# people.
_LISTED_PAIR = re.compile(
    r"(?<![\d.,%\u4e00-\u9fff])([\u4e00-\u9fff]{2,})、(?=([\u4e00-\u9fff]{2,}?)(?:等|[^\d.,\u4e00-\u9fff]|$))"
)
_SHARED_MIN = 2  # characters of an item the question says (its end: 新建 of 新建码头, 乙区 of 在乙区)
_RESIDUE_MAX = 1  # characters of an asked item the question leaves unsaid (在 of 在乙区)


def _unasked_rest(item: str, text: str) -> str:
    """The item without its longest end the question says (two characters or more): 改扩 of 改扩建码头 under a question
    on 新建码头, all of 甲节 under one on 乙灯会."""
    for k in range(len(item), _SHARED_MIN - 1, -1):
        if item[-k:] in text:
            return item[:-k]
    return item


def listed_item_only(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount whose question says one item of an enumeration (`_LISTED_PAIR`) in the top number's statement
    up to it, all but at most a character of it ("乙灯会" of "举办甲节、乙灯会等活动，吸引游客N人次"; 新建 of "新建、改扩建码头N
    个"; 乙区 of "在乙区、丙区试点，建成站点N个"), joined with another item of which it says at most the shared end (甲节;
    改扩 of 改扩建码头): the figure is of the items together. The item said alone in any near number's statement up to
    it with the thing's head (`words`, head last) in its own clause is a figure of its own. Not where a sum or a list is
    asked, nor a statement said of each (分别)."""
    if q.kind not in ("count", "amount") or not words or not all_reports(near[:1]) or SUM_OR_LIST_ASKED.search(q.text):
        return False
    head = words[-1].lower()
    top = near[0]
    if _EACH in top.statement:
        return False
    text = q.text.lower()
    before = top.before.lower()
    for found in _LISTED_PAIR.finditer(before):
        for asked, other in ((found[1], found[2]), (found[2], found[1])):
            rest = _unasked_rest(asked, text)
            if len(rest) > _RESIDUE_MAX or len(asked) - len(rest) < _SHARED_MIN:
                continue
            other_rest = _unasked_rest(other, text)
            if len(other_rest) < _SHARED_MIN or other_rest in text:
                continue
            said = asked[len(rest) :]
            if _said_alone(said, own_clause(top)):  # "…共建成N个，其中乙区M个": its own figure
                continue
            if not any(_said_alone(said, n.before.lower()) and head in own_clause(n) for n in near[:NEAR_DEPTH]):
                return True
    return False


# A count standing before its noun, the noun an enumeration ("21个甲站、乙站断面…", "N家甲、乙企业"): the number, its
# measure word, then the items joined by 、 (branch near23).
_COUNT_BEFORE_LIST = re.compile(
    r"^[约近超逾]?[\d.,]+(?:万|亿)?(?:余|多)?(?:个|家|处|所|座|项|条)([\u4e00-\u9fff]{2,})、([\u4e00-\u9fff]{2,})"
)


def listed_after_count(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count whose question says one item of an enumeration the top number, in a report, stands right before
    (`_COUNT_BEFORE_LIST`: "N个甲类、乙类站点" under a question on 甲类站点), all but at most a character of it, the
    other item's rest unasked: the count is of the items together, as `listed_item_only` reads an enumeration before
    the number. The item said alone with the thing's head in a near number's own clause is a count of its own. Not
    where a sum or a list is asked, nor a statement said of each (分别)."""
    if q.kind != "count" or not words or not all_reports(near[:1]) or SUM_OR_LIST_ASKED.search(q.text):
        return False
    top = near[0]
    if _EACH in top.statement:
        return False
    found = _COUNT_BEFORE_LIST.match(top.statement[len(top.before) :].lower())
    if found is None:
        return False
    text, head = q.text.lower(), words[-1].lower()
    for asked, other in ((found[1], found[2]), (found[2], found[1])):
        rest = _unasked_rest(asked, text)
        if len(rest) > _RESIDUE_MAX or len(asked) - len(rest) < _SHARED_MIN:
            continue
        other_rest = _unasked_rest(other, text)
        if len(other_rest) < _SHARED_MIN or other_rest in text or other[:_SHARED_MIN] in text:
            continue  # the other item asked too ("甲类乙类站点有几个"): the count of both is the answer
        said = asked[len(rest) :]
        # a count of the item alone near (a share of it is no count: "甲类站点达标率N%")
        if not any(
            _said_alone(said, n.before.lower()) and head in own_clause(n) and not is_share(n)
            for n in near[1:NEAR_DEPTH]
        ):
            return True
    return False


def _said_alone(name: str, before: str) -> bool:
    """`before` says `name` other than as an item joined by 、 with another (an item may end at 等: "甲节、乙灯会等")."""
    for at in re.finditer(re.escape(name), before):
        start, end = at.start(), at.end()
        if not ((start > 0 and before[start - 1] == "、") or before[end : end + 1] == "、"):
            return True
    return False


# -- a part of a whole asked with 中 (branch probe20) ------------------------------------------------------------------
# "甲筛查中乙筛查了多少人", "会员中女职工有多少", "建议和意见中建议有多少件": the words after a 中 standing alone (no
# word holds it: not 服务中心, 其中, 中小企业) name the part asked of the whole before it.
_PART_MARK = "中"


def whole_and_part(q: Question, words: Sequence[str]) -> tuple[list[str], list[str], str] | None:
    """The thing's words (`words`) before and after a 中 that no word of it holds (甲筛查 | 乙筛查 of "甲筛查中乙筛查"),
    each side holding a word, and the thing's text after it; None where the thing names no part so."""
    head = (q.head or q.target).lower()
    spans: list[tuple[int, int, str]] = []
    at = 0
    for word in words:
        found = head.find(word.lower(), at)
        if found < 0:
            continue
        spans.append((found, found + len(word), word.lower()))
        at = found + len(word)
    for i, char in enumerate(head):
        if char != _PART_MARK or any(start <= i < end for start, end, _ in spans):
            continue
        before = [w for start, end, w in spans if end <= i]
        after = [w for start, end, w in spans if start > i]
        if before and after:
            return before, after, head[i + 1 :]
    return None


def part_of_whole_unsaid(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount asked of a part of a whole (`whole_and_part`: 乙筛查 of "甲筛查中乙筛查了多少人"), where no near
    number's own clause (up to it and after it) says the part's words alone — the words the whole does not say
    (乙), or where the whole says them all (建议 of "建议和意见中建议") those words — not only joined with another item
    (`joined_only`: "提出建议和意见N件"): the report gives the whole's figure, not the part's."""
    if q.kind not in ("count", "amount") or not all_reports(near[:1]):
        return False
    split = whole_and_part(q, words)
    # a list or a sum asked of the part (the whole may list its items: "建议、批评和意见中批评")
    if split is None or SUM_OR_LIST_ASKED.search(split[2]):
        return False
    whole, after, _ = split
    named = [w for w in after if w not in _MEASURE_WORDS]
    part = [w for w in named if w not in whole] or named
    if not part:
        return False
    for n in near[:NEAR_DEPTH]:
        clause = own_clause(n) + clause_after(n)
        if all(w in clause and not joined_only(w, clause) for w in part):
            return False
    return True


# A part inside a report's place or body, by the end of its name: a campus, a branch, a village, a town, a station.
_PART_NAME = re.compile(r"(?:院区|校区|分院|分公司|分会|支部|村|社区|镇|乡|街道|站|所|厂)$")
# The class word of a narrower class asked right before the thing's head (女 of 女会员, 精品 of 精品客栈).
_CLASS_CHARS = (1, 2)
CLASS_OF_WHOLE_ONLY = "报告只给出了整体中这一类的数字，没有给出所问地方（部分）的这一类数字。"


def _head_said(head: str, statement: str) -> str:
    """The longest ending of the thing asked (two characters or more) that the statement says: 会员 of 甲院区女会员."""
    for k in range(2, len(head)):
        ending = head[k:]
        if len(ending) >= 2 and ending in statement:
            return ending
    return ""


def class_of_whole_only(q: Question, near: Sequence[NearText]) -> bool:
    """A narrower class of the thing asked of a part (a place inside the report's, a campus, a village: 甲院区女会员,
    乙村精品客栈), where the top number, in a report, states the part's figure of the thing without the class (its
    statement up to the number says the part — the question's local place, or its words before the class or before
    the thing where they end as a part's name does (院区, 村, 分公司 …), and the report's title does not say it — and the
    thing's ending, not the class with it: "甲院区会员N人"), while its passage says the class with that ending of another
    figure ("女会员M人", "其中精品客栈M家": the whole's), and no near number's statement says the part and the class
    together: the report breaks the class out for the whole only."""
    if q.kind not in THING_KINDS or not all_reports(near[:1]):
        return False
    head, top = (q.head or q.target).lower(), near[0]
    before = top.before.lower()
    ending = _head_said(head, before)
    if not ending:
        return False
    at = head.index(ending)
    for chars in _CLASS_CHARS:
        if at - chars < 0:
            continue
        narrower = head[at - chars :]
        part = head[: at - chars]
        asked_before = q.target.lower().split(head)[0] if head in q.target.lower() else ""  # 丙村 of 丙村精品客栈
        named = [p for p in (part, asked_before) if _PART_NAME.search(p)]
        parts = [p for p in (*named, *(name.lower() for name in q.local_places)) if len(p) >= 2]
        parts = [p for p in parts if p not in top.title.lower()]  # the report's own place or body is no part of it
        if narrower in top.statement.lower() or narrower not in top.passage.lower():
            continue
        if not any(p in before for p in parts):
            continue
        if not any(narrower in n.statement.lower() and any(p in n.statement.lower() for p in parts) for n in near):
            return True
    return False
