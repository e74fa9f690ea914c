"""Question-level "not stated" rules where a report gives another figure in the place of the one asked, read on the
near number candidates' texts (branch abstain10).

Like `qa.place_scope`'s rules, each reads the analysed question, its near number candidates' texts (`NearText`) and
features, best first; where one fires the answer is `found: false` with a short reason. No fitted model reads them.
- `place_named_elsewhere`: one place asked of a report on a place around it, the place named only beside other
  figures ("甲区建成养老中心1个" under a question on 甲区's old-age population): the whole's figure is no answer.
- `target_given_elsewhere`: a plan or target asked where no number whose own item says the thing is a plan (a
  programme's name "“春苗计划”" plans nothing; a target of another line in the sentence is not the thing's).
- `group_named_elsewhere`: one place asked, the top number a group's sum that lists it, the place named alone only
  beside figures of other things.
- `growth_list_for_share`: a share asked, the top number a later item of a list of growth rates ("分别增长N%和M%").
- `stock_for_new`: a new count asked (新增, 新建), the top number a stock (达到, 现有) and no number of the thing a flow.
- `place_in_note_only`: a place asked that a note of a near passage says is not listed on its own ("注：甲镇数据另行
  统计", "（乙村的数字合并于丙村）").
- `statistic_unsaid`: a median asked (中位数) where the top number's clause states none (the mean's figure).
- `extent_narrower_only`: an extent asked (全市) where every near passage speaks of narrower extents only (全镇): a
  town's report the gazetteer cannot place.
- `head_unsaid` (branch abstain11): a count or an amount whose head noun (温泉酒店's 酒店) no near passage, heading or
  report title says, the top number covering little of the thing: the reports speak of other things.
- `qa.sibling_measures.sibling_given_only` (branch abstain17): one member of a family of sibling measures asked
  (养老保险 of 养老保险参保人数), the top number's own clause naming another (失业保险), none near stating the one asked.
- `qa.people_classes.people_class_unsaid` (branch abstain17): one class of people asked (女性 of 女性村干部人数), the
  top number counting the thing with the class unnamed around it, none near naming the class with the thing.
- `qa.sibling_measures.whole_given_only` (branch abstain18): one member of a family asked as a modifier (加工贸易 of
  加工贸易进口额), the top number's statement naming no member (all trade's 进口), none near stating the member asked.
- `qa.narrower_class.class_of_another_figure`, `sibling_class_in_slot`, `share_base_unsaid`,
  `people_joined_only` (branch abstain18): a modifier
  said in the top number's sentence of another figure only; a share asked "X占Y比例" whose top number's statement leaves
  X or Y unsaid; one class of people asked, the top number's item joining it with another.
- `qa.deed_counts.deed_counted_for_thing` (branch abstain19): a count asked, the top number counting a deed done to or
  with the thing ("协助N家企业完成…", "为住户提供服务N人次"), not how many there are.
- `qa.other_quantity.money_only_for_count`, `population_part_only` (branch abstain19): a count asked of a thing the
  near figures give only a sum of money for; the population asked, the top number one part of it (劳动人口).
- `qa.people_classes.one_class_for_everyone` (branch abstain19): no class of people asked, the top number one class's
  ("其中女职工会员N人" under 会员), the report not the class's own.
- `flow_for_stock`, `year_for_cumulative` and `qa.narrower_class.listed_item_only` (branch probe19): what is left asked
  (还有多少), the top number a year's change; a running total asked (累计), the top number a year's figure; one item of an
  enumeration asked ("甲节、乙灯会等活动，吸引游客N人次"), the figure the items' together.
- `qa.undone_or_rank.undone_unsaid`, `rank_unsaid` (branch train12): what is not done asked, no near sentence saying a
  word of not done; a rank within an extent asked (在全省排第几), the top number's sentence not naming the extent.
- `qa.undone_or_rank.list_of_another_measure` (branch train12): one place asked, the top number a bare item of a
  place-by-place list whose first item names a thing sharing nothing with the thing asked.
- `qa.grade_classes.grade_of_another` (branch train12): one grade asked (二等奖), the top number's sentence naming
  other grades of the same scale only (其中一等奖).
- `qa.wider_class` (branch near23): a class of people's stock asked, a narrower class or a deed's reach counted
  (`narrower_counted`); 全市 asked, 市级 given (`level_for_extent`); one thing asked, it and another summed
  (`joined_sum_only`); 全国人大 asked, a local body's figure (`wider_body_unsaid`); a place asked, the report a town's
  inside it (`report_of_place_inside`).
- `qa.share_growth` (branch near23): a change asked, a share given (`share_for_growth`); X占Y asked, a share of X given
  (`part_is_base`). `qa.measure_asked` (branch near23): money asked by its noun, another measure given; a rate per
  another period; a count asked, only the class's share given. `qa.thing_asked.holiday_unsaid`: a holiday asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from index.segments import BREAK_COMMA
from qa.analysis import MEASURE_ASKED, SUM_OR_LIST_ASKED, Question
from qa.answerable import (
    GROWTH_ASKED,
    PLAN_ASKED_OUTRIGHT,
    TARGET_UNSTATED,
    THING_KINDS,
    group_only,
    target_unstated,
)
from qa.deed_counts import DEED_COUNTED, deed_counted_for_thing, stock_asked
from qa.features import FLOW_IN_TEXT, NEW_IN_TEXT, PLAN_WORDS, without_plan_completion
from qa.grade_classes import GRADE_OTHER, grade_of_another, may_be_grade_of_another
from qa.local_named import LOCAL_NAMED_ELSEWHERE, local_named_elsewhere
from qa.measure_asked import (
    OTHER_MEASURE,
    OTHER_PERIOD,
    SHARE_ONLY,
    class_given_as_share,
    money_noun_other_unit,
    rate_of_another_period,
)
from qa.narrower_class import (
    CLASS_OF_WHOLE_ONLY,
    class_of_another_figure,
    class_of_whole_only,
    listed_after_count,
    listed_item_only,
    other_parts_listed,
    part_of_whole_unsaid,
    people_joined_only,
    several_joined,
    share_base_unsaid,
    sibling_class_in_slot,
    sum_unstated,
)
from qa.other_quantity import (
    MONEY_ONLY,
    POPULATION_PART,
    money_only_for_count,
    population_asked,
    population_part_only,
)
from qa.other_rate import OTHER_RATE, other_rate_for_share
from qa.people_classes import one_class_for_everyone, people_class_may_be_unsaid, people_class_unsaid
from qa.place_scope import NEAR_DEPTH, NearText, all_reports, place_names, plan_section, section_heading_of
from qa.share_growth import SHARE_FOR_GROWTH, part_is_base, share_for_growth
from qa.sibling_measures import sibling_given_only, sibling_may_be_given, whole_given_only
from qa.thing_asked import (
    bound_other,
    class_unsaid_in_report,
    holiday_unsaid,
    may_be_other_thing,
    per_head_unsaid,
    period_unsaid,
    unit_of_another_count,
)
from qa.undone_or_rank import (
    LIST_OF_ANOTHER,
    RANK_UNSAID,
    UNDONE_UNSAID,
    list_of_another_measure,
    may_be_undone_or_rank,
    rank_unsaid,
    undone_unsaid,
)
from qa.wider_class import (
    JOINED_SUM,
    LEVEL_FOR_EXTENT,
    NARROWER_COUNTED,
    PLACE_INSIDE_ONLY,
    WIDER_BODY_UNSAID,
    joined_sum_only,
    level_for_extent,
    narrower_counted,
    report_of_place_inside,
    wider_body_unsaid,
)

# A number's own item says the thing asked when it holds at least half of the thing's characters (`cover_item`) and
# the thing is at least half of the item (`item_precision`): "甲区建成县级失能老年人照护中心1个" holds 老年人 of 老年人口
# but says a centre.
_ABOUT = 0.5


def _item_about(r: dict[str, float]) -> bool:
    """The number's own item says the thing asked (`cover_item`)."""
    return r.get("cover_item", 0.0) >= _ABOUT


def _whole_unnamed(n: NearText, r: dict[str, float], names: tuple[str, ...]) -> bool:
    """The number is the whole's: its report is on a place around the one asked and neither its sentence
    (`wider_unnamed`, `place_in_sentence`) nor its headings name the place (as `qa.place_scope.wider_only`)."""
    return bool(
        r.get("wider_unnamed", 0.0)
        and not r.get("place_in_sentence", 0.0)
        and not any(name in n.heading or name in section_heading_of(n) for name in names)
    )


def _counts_the_thing(r: dict[str, float]) -> bool:
    """The number's own text counts the thing asked: it names the thing's head (`head_in_own`), or its item says the
    thing and little else (`cover_item`, `item_precision`)."""
    return bool(r.get("head_in_own", 0.0)) or (
        r.get("cover_item", 0.0) >= _ABOUT and r.get("item_precision", 0.0) >= _ABOUT
    )


def place_named_elsewhere(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of one place (a district, a county) where the top number is the whole's figure
    (`_whole_unnamed`: a report on a place around it, the place unnamed), and every other near number is either such a
    figure or names the place in its sentence while counting something else (`_counts_the_thing` unset): the report
    names the place only beside other figures (a table of another measure, "甲区建成照护中心1个"), and gives the whole's
    figure of the thing. `wider_only` needs no near sentence naming the place."""
    if q.kind not in THING_KINDS or len(q.places) != 1 or q.local_places or not all_reports(near):
        return False
    names = place_names(q)
    if not _whole_unnamed(near[0], rows[0], names):
        return False
    for n, r in zip(near[1:NEAR_DEPTH], rows[1:NEAR_DEPTH]):
        if _whole_unnamed(n, r, names) or r.get("group_total", 0.0):  # a group's sum is not the place's own figure
            continue
        # the place named in its sentence, of another thing; a figure of neither (a report on the place's own
        # neighbour, a figure the whole's report dates elsewhere) leaves the rule to the gate
        if not r.get("place_in_sentence", 0.0) or _counts_the_thing(r):
            return False
    return True


# A programme's name in quotes or title marks ("“春苗计划”资助N名", 《…规划》): its 计划 plans nothing.
_PROGRAMME_NAME = re.compile(r"[“\"《「『‘][^”\"》」』’]{1,12}(?:计划|规划|工程|行动)[”\"》」』’]")


def plan_asked(q: Question) -> bool:
    """A count, amount or share asked as a plan or target (`qa.answerable.PLAN_ASKED_OUTRIGHT`)."""
    return q.kind in THING_KINDS and PLAN_ASKED_OUTRIGHT.search(without_plan_completion(q.text)) is not None


def _programme_only(n: NearText) -> bool:
    """The statement's only words of planning are inside a programme's name ("“春苗计划”全年资助N名")."""
    return _PROGRAMME_NAME.search(n.statement) is not None and not PLAN_WORDS.search(
        _PROGRAMME_NAME.sub("", n.statement)
    )


def target_given_elsewhere(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A plan or target asked (`plan_asked`) where the top number, in a report and not under a plan's heading
    (`plan_section`), and every near number whose own item says the thing (`cover_item`) states no plan: no word of
    planning before it (`plan_unstated`) or only a programme's name (`_programme_only`). The report gives what was
    done. It is `qa.answerable.target_unstated` with those two readings (`about`, `unplanned`): by default that rule
    reads "about the thing" by the sentence (`target_cover`), so another line's target in the sentence ("新增就业N人，完成
    目标任务M人" under a question on a training target) keeps it from firing, and it reads a programme's 计划 as a plan."""
    if not plan_asked(q) or not near or plan_section(near[0]):
        return False
    near = near[:NEAR_DEPTH]
    unplanned = [bool(r.get("plan_unstated", 0.0)) or _programme_only(n) for n, r in zip(near, rows)]
    return target_unstated(q, rows, about=_item_about, unplanned=unplanned)


def group_named_elsewhere(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of one place (not a sum or a list) where the top number is the sum of a list of
    places that holds it (`group_total`: "甲县、乙区等其余县区合计N") and every near number whose sentence names the place
    outside such a list counts something else (`_counts_the_thing` unset: "甲县帮助N名退役军人就业" under a question on
    甲县's 退役军人): the report gives the group's figure only. `qa.answerable.group_only` reads "about the thing" by the
    sentence (`target_cover`), so such a deed's sentence keeps it from firing."""
    if not rows or not rows[0].get("report_genre", 0.0):  # reports only, as every rule here
        return False
    return group_only(q, rows[:NEAR_DEPTH], about=_counts_the_thing)


# A later item of a list of changes: the change word, then earlier items ("分别增长11.6%和", "分别下降2.1%、"). The
# number model's `change_stated` reads the change word right before a number only.
_CHANGE_LIST_BEFORE = re.compile(
    r"(?:增长|下降|提高|降低|增加|减少|回落|上升|增幅|降幅|增速)(?:分别)?(?:为|达)?(?:[\d.,]+%?(?:、|和|及|与|,|，))+$"
)


def share_asked(q: Question) -> bool:
    """A share of a whole or a rate asked with no change or pace in the question (`qa.answerable.GROWTH_ASKED`)."""
    return q.kind == "share" and not GROWTH_ASKED.search(q.text)


def growth_list_for_share(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A share asked (`share_asked`) where the top number, a share in a report (`share_unit`), is a later item of a
    list of changes (`_CHANGE_LIST_BEFORE`): the report gives how fast two figures grew, not the share asked (as
    `qa.answerable.growth_for_share`, which reads the top's `change_stated`)."""
    if not share_asked(q) or not near or not rows or not rows[0].get("share_unit", 0.0):
        return False
    return bool(rows[0].get("report_genre", 0.0)) and _CHANGE_LIST_BEFORE.search(near[0].before) is not None


# A stock said in the number's clause: reached, held, counted at the year's end.
_STOCK_BEFORE = re.compile(r"达到|现有|实有|共有|拥有|总数|累计|年[末底]")
_PART_ITEM_CHARS = 16  # the most a listed part's clause holds ("企业10.24万户")
_CHANGE_CLAUSE = re.compile(r"(?:同比|比上年|较上年|比去年)?(?:增长|下降|增加|减少|提高)")
_CLAUSE_BREAK = re.compile(rf"[；;。：:]|{BREAK_COMMA}")  # not 1,126家's comma


def new_asked(q: Question) -> bool:
    """A count asked of what the period added (新增, 新建, 新发展: `qa.features.NEW_IN_TEXT`), not a sum or a list."""
    return q.kind == "count" and bool(NEW_IN_TEXT.search(q.text)) and not SUM_OR_LIST_ASKED.search(q.text)


def stock_for_new(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A new count asked (`new_asked`) where the top number's clause, in a report, states a stock (`_STOCK_BEFORE`:
    "全县农家乐达到N家") and no addition (`FLOW_IN_TEXT`), and no near number whose own item says the thing (`cover_item`)
    is stated as what the period added (`flow_stated`): the report gives how many there are, not how many are new.
    Read by the own item, not the sentence: another line's "新增N家" in the sentence is not the thing's. A part of the
    stock after 其中 that states no addition ("…达到N家，其中星级农家乐M家", or a later item of that list: "…，其中甲类M家，
    乙类K家") is read by the whole's clause before it."""
    if not new_asked(q) or not near or not rows or not rows[0].get("report_genre", 0.0):
        return False
    clauses = _CLAUSE_BREAK.split(near[0].before)
    at = len(clauses) - 1
    # a later part of the same 其中 list ("其中企业M户，个体工商户K户"): short items with no addition back to the 其中
    while at > 0 and len(clauses[at]) <= _PART_ITEM_CHARS and not clauses[at].startswith("其中"):
        if FLOW_IN_TEXT.search(clauses[at]) or not clauses[at - 1].strip():
            break
        at -= 1
    if not clauses[at].startswith("其中"):
        at = len(clauses) - 1
    clause = clauses[at]
    if clause.startswith("其中") and not FLOW_IN_TEXT.search(clause) and at > 0:
        at -= 1
        while at > 0 and _CHANGE_CLAUSE.match(clauses[at]):  # "…实有N户，同比增长6.8%，其中…": the whole's clause
            at -= 1
        clause = clauses[at]
    if FLOW_IN_TEXT.search(clause) or not _STOCK_BEFORE.search(clause):
        return False
    return not any(r.get("flow_stated", 0.0) and r.get("cover_item", 0.0) >= _ABOUT for r in rows[:NEAR_DEPTH])


# -- a stock or a running total asked, a year's flow given (branch probe19) -----------------------------------------
# What is left asked ("还有多少", "尚有几户", "剩余多少"): a stock at a moment.
_REMAINING_ASKED = re.compile(r"(?:还有|还剩|尚有|仍有|剩余|剩下|尚存)(?:[\u4e00-\u9fff]{0,12}?)?(?:多少|几)")
_REMAINING_WORD = re.compile(r"还有|还剩|尚有|仍有|剩余|剩下|尚存")
# A change stated in a clause (the year's reduction or addition; land or assets put to use, 盘活/消化, leave the stock
# idle): no level of what is left.
_CHANGE_IN_CLAUSE = re.compile(r"减少|增加|新增|下降|脱贫|退出|出列|减贫|盘活|消化")
# A running total asked in so many words; a year's figure in the top number's statement (全年, 当年…).
_CUMULATIVE_ASKED = re.compile(r"累计|历年|累积")
_YEAR_FLOW = re.compile(r"全年|当年|本年|年内|今年")
_RUNNING_TOTAL = re.compile(r"累计|累积|总数|共有|现有|达到|以来")


def _stock_said_near(near: Sequence[NearText], head: str, stock: re.Pattern[str], level: bool = False) -> bool:
    """A near number's own clause says the thing's head and a word of a stock or a total (`stock`); with `level`, no
    change (累计减少N人 is a running change, no level left)."""
    for n in near[:NEAR_DEPTH]:
        clause = _CLAUSE_BREAK.split(n.before)[-1]
        if head in clause and stock.search(clause) and not (level and _CHANGE_IN_CLAUSE.search(clause)):
            return True
    return False


def flow_for_stock(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """What is left asked (`_REMAINING_ASKED`: "年底还有多少贫困户") where the top number's own clause, in a report, states
    a change (`_CHANGE_IN_CLAUSE`: "全年减少贫困户N户") and no near number's own clause says the thing with a stock
    (`_STOCK_BEFORE`: 年末, 现有…): the report gives the year's change, not the level left."""
    if q.kind != "count" or not words or not all_reports(near[:1]) or not _REMAINING_ASKED.search(q.text):
        return False
    if not _CHANGE_IN_CLAUSE.search(_CLAUSE_BREAK.split(near[0].before)[-1]):
        return False
    nouns = [w for w in words if not _REMAINING_WORD.fullmatch(w)] or list(words)  # 土地 of 土地还剩, not 还剩
    return not _stock_said_near(near, nouns[-1].lower(), re.compile(f"{_STOCK_BEFORE.pattern}|还有|尚有|剩余"), True)


def year_for_cumulative(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A running total asked (`_CUMULATIVE_ASKED`: "累计搬迁多少人") where the top number's statement up to it, in a report,
    says a year's figure (`_YEAR_FLOW`: "全年…其中通过搬迁脱贫N人") and no running total (`_RUNNING_TOTAL`), and no near
    number's own clause says the thing with one: the report gives the year's figure, not the total since the start."""
    if q.kind != "count" or not words or not all_reports(near[:1]) or not _CUMULATIVE_ASKED.search(q.text):
        return False
    before = near[0].before
    if not _YEAR_FLOW.search(before) or _RUNNING_TOTAL.search(before):
        return False
    return not _stock_said_near(near, words[-1].lower(), _RUNNING_TOTAL)


# The extents a report speaks of, widest first: a question's extent (`Question.scope`) against the ones its passages say.
_EXTENT_LEVEL = {
    "全国": 0,
    "全省": 1,
    "全市": 2,
    "全州": 2,
    "全盟": 2,
    "全区": 3,
    "全县": 3,
    "全旗": 3,
    "全镇": 4,
    "全乡": 4,
    "全街道": 4,
}
_EXTENT = re.compile("|".join(sorted(_EXTENT_LEVEL, key=len, reverse=True)))


def extent_narrower_only(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of an extent (全市, 全县: `Question.scope`) where every near number's passage and
    report title, in a report, say extents (`_EXTENT`) and only narrower ones (全镇, 全乡): the reports are a town's
    (one the gazetteer cannot place, so `qa.place_scope.narrower_only` does not read it), not the extent's."""
    if q.kind not in THING_KINDS or q.scope not in _EXTENT_LEVEL or not all_reports(near):
        return False
    asked = _EXTENT_LEVEL[q.scope]
    for n in near[:NEAR_DEPTH]:
        said = [_EXTENT_LEVEL[m] for m in _EXTENT.findall(n.passage + "\n" + n.title)]
        if not said or min(said) <= asked:
            return False
    return True


# A note that a place's figures are not given on its own: listed with another's, counted elsewhere, left out of the table.
_NOT_LISTED = re.compile(r"未单列|未列|另行统计|不单列|未单独|数字合并|合并计算|合并统计|一并统计")
# A note: after 注, or a sentence in brackets (its closing bracket may be cut off by the passage's end).
_NOTE = re.compile(r"注[:：]|^[（(]|[（(][^）)]*$")
_NOTE_SENTENCE_END = re.compile(r"[。\n]")
# A place's short name: a town's, a district's or a city's name without its suffix (甲镇 → 甲), as a note lists it.
_PLACE_SUFFIX = re.compile(r"(?:镇|乡|街道|市|区|县)$")


def _asked_place_names(q: Question, near: Sequence[NearText]) -> set[str]:
    """The names of the places asked (as written, in full, and short: `_PLACE_SUFFIX`) that no near number's report
    title holds: the place a report is on is never "not listed" in it."""
    names = set(place_names(q)) | set(q.local_places)
    names |= {_PLACE_SUFFIX.sub("", name) for name in names}
    return {name for name in names if len(name) >= 2 and not any(name in n.title for n in near)}


def place_in_note_only(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of a place that a note of a near number's passage (`_NOTE`) says is not listed on
    its own (`_NOT_LISTED`: "注：甲镇、乙镇数据另行统计，表中未列", "（丙村的数字合并于丁村）"), in reports, and no near
    number whose sentence names the place counts the thing (`_counts_the_thing`): the report itself says it gives no
    figure of the place. Not the place a report is on (`_asked_place_names`)."""
    if q.kind not in THING_KINDS or not all_reports(near) or SUM_OR_LIST_ASKED.search(q.text):
        return False
    names = _asked_place_names(q, near[:NEAR_DEPTH])
    if not names:
        return False
    if any(r.get("place_in_sentence", 0.0) and _counts_the_thing(r) for r in rows[:NEAR_DEPTH]):
        return False
    for n in near[:NEAR_DEPTH]:
        for sentence in _NOTE_SENTENCE_END.split(n.passage):
            sentence = sentence.strip()
            if _NOT_LISTED.search(sentence) and _NOTE.search(sentence) and any(name in sentence for name in names):
                return True
    return False


# A statistic of a distribution other than its mean or total: a report states it in the clause of its own number
# ("中位数N元"), after the mean's.
_STATISTIC = re.compile(r"中位数|众数")


def statistic_unsaid(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count or amount asked as a median (`_STATISTIC`) where the top number, in a report, says none in its own
    clause: it is the mean (人均可支配收入N元) or the total, not the median asked."""
    asked = _STATISTIC.search(q.text)
    if q.kind not in THING_KINDS or asked is None or not near or not rows or not rows[0].get("report_genre", 0.0):
        return False
    return asked.group() not in _CLAUSE_BREAK.split(near[0].before)[-1]


# A word ending the thing that measures it, no noun of its own: 总量 of 羊毛产量总量, 数量 of 酒店数量. The head noun is
# the word before it.
_MEASURE_WORDS = frozenset({"总量", "总额", "数量", "总数", "数目", "金额", "规模"})
# A head noun ending in a measure (进口额, 存栏量) is said where its stem is (进口): "进口羊毛N亿元" states 进口额.
_MEASURE_END = "额量数"
# The top number covers little of the thing asked (`thing_cover` under this): it is about something else. A cover of 0
# is mostly a table cell, whose label the column's header holds (a place's row under "地区生产总值"): the header is in
# the passage `head_unsaid` reads.
_FEW = 0.4
# A head noun of this many Han characters is a compound (工程预算, 出口退税): its last two characters name it too.
_COMPOUND_HEAD = 4
_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")
# A word that only asks a size ("茶园面积有多大": 有多大, 多长, 是多高): the analysis keeps it in the thing, no report says it.
_SIZE_ASKED = re.compile(rf"^[有是要约]?{MEASURE_ASKED}$")


def head_forms(words: Sequence[str]) -> set[str]:
    """The forms of the thing's head noun a text may say it by (`words`: the thing's words, `qa.features.Needle.words`,
    head last): the last word of two characters or more that is not a measure word (`_MEASURE_WORDS`) nor a word asking
    a size (`_SIZE_ASKED`: 面积 of 面积有多大), and for a compound of four characters its last two (工程预算 → 工程预算,
    预算), for one ending in a measure its stem (进口额 → 进口额, 进口). Empty where the thing has no such word."""
    nouns = [w for w in words if len(w) > 1 and w not in _MEASURE_WORDS and not _SIZE_ASKED.match(w)]
    if not nouns:
        return set()
    head = nouns[-1]
    if len(head) >= _COMPOUND_HEAD and _HAN_ONLY.fullmatch(head):
        return {head, head[-2:]}  # a compound jieba keeps whole (工程预算) is said by its last word too (预算)
    return {head, head[:-1]} if len(head) > 2 and head[-1] in _MEASURE_END else {head}


def head_may_be_unsaid(q: Question, rows: Sequence[dict[str, float]]) -> bool:
    """Whether `head_unsaid` may refuse the question (its near texts are built only then): a count or an amount, not a
    plan, in a report, the top number covering little of the thing (`thing_cover` under `_FEW`; 0 too: a table's cell
    whose column the passage labels, which `head_unsaid` reads by the whole passage, its header with it) and, for a
    count or a cell, not in the unit the question names (`unit_exact`: "有几家" answered "…客栈N家" may be the thing
    under the report's own name — 客栈 for a user's 住宿点; an amount's 元 is every money figure's unit, but a table's
    cell in it may sit under a header its passage lacks)."""
    if q.kind not in ("count", "amount") or not rows or not rows[0].get("report_genre", 0.0) or plan_asked(q):
        return False
    cover = rows[0].get("thing_cover", 0.0)
    # a cell in the amount asked (a county's row of 亿元 figures) may be the thing under a header the passage cut off
    unit_named = rows[0].get("unit_exact", 0.0) and (q.kind == "count" or cover == 0.0)
    return cover < _FEW and not unit_named


def head_unsaid(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]], words: Sequence[str]) -> bool:
    """A count or an amount asked (not a plan) where the top number covers little of the thing (`head_may_be_unsaid`)
    and no near number's passage, heading or report title says the thing's head noun (`head_forms`: 酒店 of 温泉酒店,
    进口 of 进口额): the reports never speak of the thing asked, the top number counts something else ("举办文化节N场"
    under a question on 温泉酒店). `qa.answerable.class_unstated` needs the head said and a class word unsaid; here the
    head itself is unsaid."""
    forms = head_forms(words)
    if not forms or not head_may_be_unsaid(q, rows) or not all_reports(near):
        return False
    return not any(
        form in n.passage or form in n.heading or form in n.title for n in near[:NEAR_DEPTH] for form in forms
    )


SIBLING_GIVEN = "报告只给出了同一类中另一项的数字，没有给出所问这一项的数字。"
HEAD_UNSAID = "报告没有提到所问的事项，只给出了别的事项的数字。"
SUM_UNSTATED = "报告只分别给出了所问各项的数字，没有给出它们的合计数。"
PEOPLE_CLASS_UNSAID = "报告没有单独给出所问这一类人的数字，只给出了总体（或别的人群）的数字。"
JOINED_ONLY = "报告只给出了所问这一类与另一类的合计数，没有单独给出这一类的数字。"
WHOLE_GIVEN = "报告没有单独给出所问这一类的数字，只给出了总体的数字。"
LISTED_ONLY = "报告只给出了所问这一项与别的项合在一起的数字，没有单独给出这一项的数字。"
PART_UNSAID = "报告只给出了总体（或与别的项合在一起）的数字，没有单独给出所问的这一部分的数字。"
PERIOD_UNSAID = "报告没有给出所问时段（上半年、季度等）的数字，只给出了别的时段（如全年）的数字。"
PER_HEAD_UNSAID = "报告只给出了总数，没有给出所问的人均（户均）数。"
CLASS_UNSAID = "报告没有提到所问的这一类，只给出了总体的数字。"
BOUND_OTHER = "报告给出的是另一个范围（如另一个年龄段）的数字，没有给出所问范围的数字。"
OTHER_UNIT = "报告给出的数字计的是别的单位（如人、人次、个），没有给出所问单位的数字。"
SHARE_BASE_UNSAID = "报告给出的是另一部分（或另一基数）的比例，没有给出所问的比例。"


# A stock asked (有多少, 总数): `narrower_counted` may read it (the thing's words decide there).
_CLASS_STOCK = re.compile(r"(?:有|共有|现有)(?:多少|几)|(?:总数|人数)(?:是|为|有)?(?:多少)?[?？]?$")


def may_be_given_instead(q: Question) -> bool:
    """Whether a rule here reading the near numbers' texts may refuse the question: a plan, a share, a new count, an
    extent, a median, a place, one member of a family of sibling measures (`sibling_may_be_given`), one class of
    people asked (`people_class_may_be_unsaid`) or a thing with a modifier (`class_of_another_figure`: a count or an
    amount named in two words or more); `head_unsaid` is asked for apart: `head_may_be_unsaid`."""
    return (
        plan_asked(q)
        or share_asked(q)
        or new_asked(q)
        or q.scope in _EXTENT_LEVEL
        or bool(_STATISTIC.search(q.text))
        or bool(q.places or q.local_places)
        or sibling_may_be_given(q)
        or people_class_may_be_unsaid(q)
        or _modified_thing(q)
        or stock_asked(q)  # `deed_counted_for_thing`: a stock answered by a deed's count
        or bool(_CLASS_STOCK.search(q.text))  # `narrower_counted`: a class's stock (its words are read there)
        or population_asked(q)
        or bool(_REMAINING_ASKED.search(q.text) or _CUMULATIVE_ASKED.search(q.text))
        or may_be_other_thing(q)  # a part of the year, a figure per head, a unit of another kind (branch thing21)
        or may_be_undone_or_rank(q)  # what is left undone, a rank within an extent (branch train12)
        or may_be_grade_of_another(q)  # one grade of a graded class (branch train12)
    )


def _modified_thing(q: Question) -> bool:
    """A count, amount or share whose thing may carry a modifier: four Han characters or more (精品茶叶 of 精品茶叶产量)."""
    return q.kind in THING_KINDS and len(re.findall(r"[\u4e00-\u9fff]", q.head or q.target)) >= 4


def given_instead(
    q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]], words: Sequence[str] = ()
) -> str | None:
    """The reason the reports give another figure in the place of the one asked, or None (`near`, `rows`: the near
    number candidates' texts and features, best first; `words`: the thing's words, head last, for `head_unsaid`)."""
    if place_named_elsewhere(q, near, rows):
        return "报告只在别的数字旁提到所问的地方，给出的是它所在的更大地区的数字。"
    if local_named_elsewhere(q, near, rows, _counts_the_thing):  # a village or town the gazetteer lacks (train15)
        return LOCAL_NAMED_ELSEWHERE
    if target_given_elsewhere(q, near, rows):
        return TARGET_UNSTATED
    if group_named_elsewhere(q, rows):
        return "报告只给出了包括所问地区在内的几个地区的合计数，没有单独给出该地区的数字。"
    if growth_list_for_share(q, near, rows):
        return "报告只给出了增长（变化）的速度，没有给出所问的比例。"
    if stock_for_new(q, near, rows):
        return "报告只给出了现有的总数，没有给出所问的新增数。"
    if flow_for_stock(q, near, words) or year_for_cumulative(q, near, words):
        return "报告只给出了当年的变化（新增或减少）数，没有给出所问的现有数或累计数。"
    if place_in_note_only(q, near, rows):
        return "报告注明所问地方的数字没有单独列出。"
    if statistic_unsaid(q, near, rows):
        return "报告没有给出所问的中位数（众数），只给出了平均数或总数。"
    if extent_narrower_only(q, near):
        return f"报告只给出了下属地方的数字，没有给出{q.scope}的数字。"
    if head_unsaid(q, near, rows, words):
        return HEAD_UNSAID
    if sibling_given_only(q, near, words):
        return SIBLING_GIVEN
    if people_class_unsaid(q, near, words):
        return PEOPLE_CLASS_UNSAID
    if (
        whole_given_only(q, near, words)
        or class_of_another_figure(q, near, words)
        or other_parts_listed(q, near, words)
    ):
        return WHOLE_GIVEN
    if sibling_class_in_slot(q, near, words):
        return SIBLING_GIVEN
    if class_of_whole_only(q, near):  # "甲院区女会员" where only "甲院区会员N人" and the whole's "女会员M人" are given
        return CLASS_OF_WHOLE_ONLY
    if share_base_unsaid(q, near, words) or part_is_base(q, near):
        return SHARE_BASE_UNSAID
    if share_for_growth(q, near, words):  # "营业收入增长多少" answered by "占服务业比重N%"
        return SHARE_FOR_GROWTH
    if other_rate_for_share(q, near):  # "X占职工的比例" answered by "入会率N%"
        return OTHER_RATE
    if people_joined_only(q, near) or several_joined(q, near):
        return JOINED_ONLY
    if joined_sum_only(q, near, words):  # "发放助学金和学习用品合计N万元" under a question on 助学金
        return JOINED_SUM
    if wider_body_unsaid(q, near):  # 全国人大代表 asked, a town's 人大代表 counted
        return WIDER_BODY_UNSAID
    if sum_unstated(q, near):
        return SUM_UNSTATED
    if report_of_place_inside(q, near):  # 甲县 asked, "甲县乙镇人民政府工作报告"'s figure given
        return PLACE_INSIDE_ONLY
    if level_for_extent(q, near, words):  # 全市 asked, "市级税收收入N亿元" given
        return LEVEL_FOR_EXTENT
    if narrower_counted(q, near, words):  # "有多少志愿者" answered by "志愿者党员N人", "慰问志愿者N人"
        return NARROWER_COUNTED
    if deed_counted_for_thing(q, near, words):
        return DEED_COUNTED
    if money_only_for_count(q, near, rows, head_forms(words)):
        return MONEY_ONLY
    if population_part_only(q, near) or one_class_for_everyone(q, near, words):
        return POPULATION_PART
    if listed_item_only(q, near, words) or listed_after_count(q, near, words):
        return LISTED_ONLY
    if part_of_whole_unsaid(q, near, words):
        return PART_UNSAID
    if rate_of_another_period(q, near):  # "一年多少钱" answered by "每人每月N元"
        return OTHER_PERIOD
    if money_noun_other_unit(q, near, words):  # "人均文化消费" answered by "人均文化场馆面积N平方米"
        return OTHER_MEASURE
    if class_given_as_share(q, near, words):  # "青年会员有多少人" where only "青年会员比例为N%" is given
        return SHARE_ONLY
    if period_unsaid(q, near) or holiday_unsaid(q, near):
        return PERIOD_UNSAID
    if per_head_unsaid(q, near, words):
        return PER_HEAD_UNSAID
    if unit_of_another_count(q, near, words):
        return OTHER_UNIT
    if class_unsaid_in_report(q, near):
        return CLASS_UNSAID
    if bound_other(q, near):
        return BOUND_OTHER
    if undone_unsaid(q, near):
        return UNDONE_UNSAID
    if rank_unsaid(q, near):
        return RANK_UNSAID
    if grade_of_another(q, near):
        return GRADE_OTHER
    if list_of_another_measure(q, near, words):
        return LIST_OF_ANOTHER
    return None
