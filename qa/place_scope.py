"""Question-level "not stated" rules for the place or scope asked (branch abstain5).

Like `qa.answerable`'s rules, each reads the analysed question and its near number candidates, and where the
reports do not give the figure for the place, extent or year asked, the answer is `found: false` with a short
reason. These read the candidates' texts (`NearText`: the number's statement, its passage, heading and report
title, the matching view), not fitted features: no model reads them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

from index.normalize import match_view
from index.places import Place
from index.segments import BREAK_COMMA
from qa.analysis import SUM_OR_LIST_ASKED, Question, word_tag
from qa.answerable import THING_KINDS
from qa.features import PLAN_WORDS, Passage, dating_year, holds_word, own_years, section_heading

# The number candidates the rules read: the same depth as `qa.answerable.GATE_DEPTH`.
NEAR_DEPTH = 10


@dataclass(frozen=True)
class NearText:
    """A near number candidate's texts, in the matching view (`index.normalize.match_view`)."""

    statement: str  # the number's sentence, or its row of a flattened table
    before: str  # the statement up to the number
    passage: str
    heading: str
    title: str  # its report's title
    territory: str | None = None  # the whole territory its report's title is about (`territory_of`), if any
    present: int | None = None  # the year its report is on (`qa.features.present_year`)
    start: int = 0  # where the statement starts in the passage
    report: bool = True  # its document is written as a report (`qa.features.report_genre`)
    town: str | None = None  # the town its report's title is about (`qa.report_towns`), if any
    extent: str | None = None  # the extent its report's title gives (全省, 全市, 全县, 全区, 全国), read for 全省 asked


def all_reports(near: Sequence[NearText]) -> bool:
    """There are near candidates and every one is in a document written as a report: an encyclopedia's questions
    paraphrase their passage, name places loosely and date figures by the sentences around them, so these rules
    read reports only (as `qa.answerable.thing_unstated`)."""
    return bool(near) and all(n.report for n in near[:NEAR_DEPTH])


# -- a whole territory asked (全港, 全澳, 全台) -------------------------------------------------------------------
# Hong Kong, Macau and Taiwan are wholes of cpca's table (81, 82, 71); a question asking the territory's extent
# (`Question.scope`) with no place is answered only by a figure of the whole territory: a sentence stating it
# (全港, 本港 — a Hong Kong text's word for the territory; a Taiwan text's 全国 is Taiwan's whole) or a report on the
# territory itself. A district's or a county's report gives its own figures, even where it names the territory.
TERRITORY_CODES = {"全港": "81", "全澳": "82", "全台": "71"}
# Not a comparison with the whole ("占全港…", "居全台第一", "较全港平均高"), the extent before the number.
_NOT_COMPARED = r"(?<![占居列于比较高低])"
# The territory's name is the whole only where no district of it follows ("香港东区", "台湾台东县"); its extent words
# (全港, 本港, 全台) always are.
_TERRITORY_IN_TEXT = {
    "全港": re.compile(
        rf"{_NOT_COMPARED}(?:全港|本港|香港(?!仔)(?:特别行政区)?(?:整体|全年|的)?(?![^\d，,。；;]{{0,4}}区))"
    ),
    "全澳": re.compile(
        rf"{_NOT_COMPARED}(?:全澳|本澳|澳门(?:特别行政区)?(?:整体|全年|的)?(?![^\d，,。；;]{{0,4}}堂区))"
    ),
    "全台": re.compile(rf"{_NOT_COMPARED}(?:全台|台湾(?:地区|省)?(?![^\d，,。；;]{{0,4}}[县市])|全国)"),
}


def territory_of(places: Sequence[Place]) -> str | None:
    """The territory's extent (全港, 全澳, 全台) where every place named (a report's title) is that territory's whole:
    a territory's report, not a district's or a county's."""
    wholes = {scope for p in places for scope, code in TERRITORY_CODES.items() if p.level == 0 and p.adcode[:2] == code}
    return next(iter(wholes)) if len(wholes) == 1 and all(p.level == 0 for p in places) else None


def territory_stated(scope: str, before: str) -> bool:
    """The text before a number states the whole territory asked (全港, 本港, 香港; a Taiwan text's 全国), not a part
    of it nor a comparison with it."""
    pattern = _TERRITORY_IN_TEXT.get(scope)
    return bool(pattern and pattern.search(before))


def territory_unstated(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of a whole territory (全港, 全澳, 全台) with no place named, where no near
    candidate is stated of the whole (`territory_stated` before the number) nor comes from a report on the territory
    itself: the reports give a district's, a county's or another place's figures."""
    if q.scope not in TERRITORY_CODES or q.places or q.local_places or q.kind not in THING_KINDS or not near:
        return False
    # Any genre, unlike the other rules: like 全国 (`Assistant._admissible`), the extent is a constraint — an article
    # on a city's union work does not give Hong Kong's figure either.
    return not any(n.territory == q.scope or territory_stated(q.scope, n.before) for n in near[:NEAR_DEPTH])


# -- a province's whole asked (全省) with no place, only a city's or a county's reports near (branch swap20) ----------
# "全省有多少X" (我省, 本省: `qa.analysis`) is answered by a province's report, or by a sentence stating the province's
# whole (全省共有…, 我省…, also in a city's report: "全省首批…中我市…"). A city's, a county's or the nation's report
# gives its own extent's figures.
_PROVINCE_STATED = re.compile(rf"{_NOT_COMPARED}(?:全省|我省|本省)")
# Extents whose reports give no province's whole (a report whose title names no place says nothing: not read).
_NOT_PROVINCE = frozenset({"全市", "全县", "全区", "全国"})


def province_unstated(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of 全省 with no place named, every near candidate in a report whose title gives an
    extent other than a province's (`NearText.extent`: a city's, a county's, the nation's), and none stated of the
    province's whole (全省 in its sentence before the number, not a comparison: 占全省, 居全省): the reports give a
    city's or a county's figures, not the province's."""
    if q.scope != "全省" or q.places or q.local_places or q.kind not in THING_KINDS or not all_reports(near):
        return False
    near = near[:NEAR_DEPTH]
    if not all(n.extent in _NOT_PROVINCE for n in near):
        return False
    return not any(_PROVINCE_STATED.search(sentence_before(n)) for n in near)


def sentence_before(n: NearText) -> str:
    """The number's sentence up to the number (its statement may start at a clause: "全省共有…，其中…N个")."""
    return _SENTENCE_BREAK.split(n.passage[: n.start + len(n.before)])[-1]


# -- a province or a city asked that no passage is about (branch swap20) -------------------------------------------
# The scope filter admits a passage about a place inside the one asked (`index.places.places_match`: a county's passage
# for its province's question). Where no passage of any indexed text is about the province or the city itself (named,
# or its report's, article's or section's place), the texts speak of parts of it only: its whole's figure is not
# given, in any genre (a magazine's article on one of its counties gives no figure of the city).
WHOLE_UNNAMED = "报告只给出了所问地区下属地方的数字，没有给出整个地区的数字。"


def whole_unnamed(q: Question, about: Callable[[], Collection[str]]) -> bool:
    """A count, amount or share asked of one province or city (`Question.places`, level 0 or 1), no town named, that
    no indexed passage is about (`about()`: the adcodes of the places passages are about, not the places around them;
    read only for such a question, as building it reads every passage's places once)."""
    if q.kind not in THING_KINDS or len(q.places) != 1 or q.local_places or q.places[0].level > 1:
        return False
    return q.places[0].adcode not in about()


# -- a year asked that no figure of the thing is given for ------------------------------------------------------
# A candidate is about the thing asked where its clause or sentence says half of the thing's characters (as for
# `qa.answerable.change_unstated`); a plan's figure is no year's figure unless a plan is asked.
_ABOUT_THE_THING = 0.5
_TABLE_ROW = re.compile(r"[\t｜|]")
_LAST_YEAR = re.compile(r"上一?年|去年")
# A statement saying nothing but a year and its figure ("2023年为N。") goes on from the sentence before: about the
# same thing, whatever its cover.
_GOING_ON = re.compile(
    r"^\s*(?:(?:19|20)\d{2}年[底末]?|上一?年|去年)?(?:度|同期)?(?:的)?(?:为|是|达|达到|约|共|则为)*\s*$"
)
_CLAUSE_START = re.compile(rf"[；;：:]|{BREAK_COMMA}")


def stated_years(n: NearText) -> set[int]:
    """The years a near candidate's figure is given for: those its statement states before it (not a comparison's
    base), else those its section heading states ("一、2023年工作回顾"), else the year its report is on; empty for
    a table's row (its column says its year: the number features read that)."""
    if _TABLE_ROW.search(n.statement):
        return set()
    clause = _CLAUSE_START.split(n.before)[-1]
    dated = dating_year(clause)  # "较2022年的N": N is 2022's
    if dated is not None:
        return {dated}
    if _LAST_YEAR.search(clause):  # "比上年的N", "上年为N": the year before the report's
        return {n.present - 1} if n.present is not None else set()
    own = own_years(n.before)
    if own:
        return own
    return own_years(section_heading_of(n)) or ({n.present} if n.present is not None else set())


def section_heading_of(n: NearText) -> str:
    """The heading of the section the candidate's statement stands in (`qa.features.section_heading`)."""
    return section_heading(Passage(n.passage, n.heading, 0, 0.0, n.title), n.start)


# A statement before another one: back to the sentence or clause break before it.
_SENTENCE_BREAK = re.compile(r"[。；;！!？?\n]")
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")


def goes_on_about(q: Question, n: NearText) -> bool:
    """A statement that only goes on from the one before ("2023年为N。", `_GOING_ON`) is about the thing asked where
    that statement says half of the thing's characters (`Question.head`, places and years left out): after "…经济总量
    居全市第三位" a year's figure is the economy's, not that of the firms asked."""
    if not _GOING_ON.match(n.before):
        return False
    pieces = [p for p in _SENTENCE_BREAK.split(n.passage[: n.start]) if p.strip()]
    previous = pieces[-1] if pieces else ""
    named = "".join(place_names(q))
    thing = {c for c in _HAN_CHAR.findall(re.sub(r"\d{2,4}年|上一?年|去年|前年", "", q.head)) if c not in named}
    return bool(thing) and len(thing & set(previous)) >= _ABOUT_THE_THING * len(thing)


# A question asking what was actually done in a year ("实际完成", "实际新建"): a plan for that year does not answer it.
_ACTUAL_ASKED = re.compile(r"实际|实绩")


def later_plan(n: NearText, years: set[int]) -> bool:
    """A figure under a plan's section (`plan_section`) dated after the year its report is on ("114年度施政重点" in a
    review of 113年): the report's plan for that year, no figure of what was done in it. Read only where the question
    asks what was actually done (`_ACTUAL_ASKED`): a later year asked otherwise ("2025年预算安排", "要提高到") asks
    the plan."""
    return bool(years) and n.present is not None and min(years) > n.present and plan_section(n)


def year_unstated(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked for one year where near candidates about the thing (`target_cover`) are given,
    and each is dated to another year (`stated_years`), is stated for a part of a year not asked (`period_other`:
    "2024年上半年为N" for 2024's figure) or is a plan the question does not ask: the reports give the thing for other
    years only. Reports only, and no plan asked (a plan is for a year it is not stated in)."""
    if q.year is None or q.kind not in THING_KINDS or not near or PLAN_WORDS.search(q.text):
        return False
    about = [
        (n, r)
        for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH])
        if r.get("target_cover", 0.0) >= _ABOUT_THE_THING or goes_on_about(q, n)
    ]
    if not all_reports(near):
        return False
    facts = [(n, r) for n, r in about if not r.get("plan_unasked", 0.0) and not r.get("section_plan", 0.0)]
    # a year after the report's asked without a word of doing (预算, 安排, 提高到) asks the plan the report states
    actual = _ACTUAL_ASKED.search(q.text) is not None
    if not facts:
        return False
    if year_item_in_run(q.year, near[:NEAR_DEPTH], [n for n, _ in about]):
        return False
    for n, r in facts:
        years = stated_years(n)
        if r.get("period_other", 0.0):  # a half year's figure ("2024年上半年为N") is no figure of the whole year
            continue
        if actual and later_plan(n, years):  # next year's plan is no figure of what that year did
            continue
        if not years or q.year in years:
            return False
    return True


# A year's item of a multi-year run: the figure right after its year ("…分别为2022年N人、2023年M人", "其中2022年N项、
# 2023年M项"), an optional 为/是/达到 between.
_YEAR_ITEM_END = r"年(?:为|是|达到?|有)?$"


def year_item_in_run(year: int, near: Sequence[NearText], about: Sequence[NearText]) -> bool:
    """A near number is the item of the year asked in a run of years ("近三年…其中2022年N项、2023年M项") whose statement
    is one of a candidate about the thing (`about`): the run's sentence names the thing once, so the year's own item
    covers little of it and only the run's total or first item reads as about the thing — the year's figure is given."""
    item = re.compile(f"{year}{_YEAR_ITEM_END}")
    statements = {(a.passage, a.statement) for a in about}
    return any(item.search(n.before) and (n.passage, n.statement) in statements for n in near)


# -- a year asked relative to now (去年, 前年) --------------------------------------------------------------------
# A report titled by its year ("甲市总工会2024年工作报告", or a government's 2025 report on 2024) dates the user's 去年
# from that year: the year before it, whose figure the report gives only as "上年为N" or "比2023年的N". An undated
# text (an article) leaves 去年 unresolved: its reader often means the year the text is about. Not a comparison
# (比去年增长: `qa.answerable.change_unstated`).
_RELATIVE_YEAR = re.compile(r"(?<![比较与同和跟])(去年|前年)(?!以来|同期)")
_YEARS_BACK = {"去年": 1, "前年": 2}


def relative_year_asked(q: Question) -> int | None:
    """How many years back from now the question asks (去年 1, 前年 2), where it names no calendar year."""
    found = _RELATIVE_YEAR.search(q.text) if q.year is None else None
    return _YEARS_BACK[found.group(1)] if found else None


def row_years(n: NearText) -> set[int]:
    """The years a table's row is given for, by the table's caption ("表2 2024年末各县工会组织情况"): the first line
    above it that is no row and states a year; none where a row above states years (its columns date it)."""
    if not _TABLE_ROW.search(n.statement):
        return set()
    for line in reversed(n.passage[: n.start].split("\n")):
        years = own_years(line)
        if years:
            return set() if _TABLE_ROW.search(line) else years
    return set()


def relative_year_unstated(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked for 去年 or 前年 (`relative_year_asked`), every near candidate in a report whose
    title names its year, where no candidate about the thing (`target_cover`) is given for that year counted back
    from the title's (`stated_years`; a figure the number features read as last year's, `past_asked`, for 去年): the
    reports state their own year's figure only. No plan asked (its year is the plan's)."""
    back = relative_year_asked(q)
    if back is None or q.kind not in THING_KINDS or PLAN_WORDS.search(q.text) or not all_reports(near):
        return False
    about = [
        (n, r) for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH]) if r.get("target_cover", 0.0) >= _ABOUT_THE_THING
    ]
    if not about:
        return False
    for n, r in about:
        titled = own_years(n.title)
        if not titled or n.present is None:
            return False  # an undated text: 去年 is not resolved against it
        asked = max(titled) - back
        years = stated_years(n) or row_years(n)
        if not years or asked in years or (r.get("past_asked", 0.0) and asked == n.present - 1):
            return False  # a table's row (its column dates it), or a figure of the year asked
    return True


# -- a sum of two names asked that no statement gives ----------------------------------------------------------
# "A和B…合计", "A同B…加埋" (read 合计), "A、B…加起来": the question opens on two names joined and asks their sum. Names
# the gazetteer knows are refused at analysis (`qa.analysis`: no sums across places); these are names it lacks — a
# town, a neighbourhood — or things.
_JOINED_SUM = re.compile(
    r"^(?P<first>[\u4e00-\u9fff]{2,5}?)(?:和|与|及|同|跟|、)(?P<second>[\u4e00-\u9fff]{2})"
    r".{0,30}?(?:合计|加起来|合起来|总和|之和|一共|总共|加在一起|共计|总计)"
)


def joined_sum_unstated(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked as the sum of two names ("A和B…合计") the gazetteer lacks (a question naming a
    place sums things of it: "甲县A和B一共"), where no near candidate's statement names both (the second by its first
    two characters): the reports give no such sum, at most each one's figure."""
    found = _JOINED_SUM.search(q.text)
    if found is None or q.kind not in THING_KINDS or q.places or q.local_places or not all_reports(near):
        return False
    first, second = found.group("first"), found.group("second")
    return not any(first in n.statement and second in n.statement for n in near[:NEAR_DEPTH])


# -- a name the question opens on that no passage says --------------------------------------------------------------
# A question naming no place the gazetteer knows, no extent and no document, opening on a name ("甲角长者人口", a
# neighbourhood of a district, a town without its suffix): where no near candidate's passage, heading or report
# title says its first two characters, the reports are about somewhere (or something) else. Only the frame of a
# question (a year, 请问) is passed over; one opening on a question word or a particle names nothing.
_OPENING_FRAME = re.compile(
    r"^(?:请问|问一下|我想知道|(?:19|20)\d{2}年[度底末初]?|\d{2,3}年[度底末]?|上一?年|去年|今年|全年|本年度?|目前|现在|截至)+"
)
_NAME_START = re.compile(r"[\u4e00-\u9fff]{2}")
_NO_NAME = re.compile(r"^[的有为在是共和与及了哪几多什怎如请帮那这该其你我他它本全各每]|^(?:目前|现在|一共|总共|合计)")


# jieba's dictionary tags of a word that says what is done, not whom or where: a verb (持有, 获得), a preposition (通过),
# a conjunction or an adverb.
_DEED_TAGS = ("v", "p", "c", "d")


def opens_on_deed(opening: str) -> bool:
    """Whether a question's first two characters are a word of the deed or the plan asked, not a name: a plan word (计划
    新建几套, 预计, 力争) or a word jieba's dictionary tags as a verb, preposition, conjunction or adverb ("通过竞赛晋升
    的人数", "持有证书的比例"). A user's paraphrase opens so; a name the reports never say (甲溪, 长城) does not."""
    return PLAN_WORDS.match(opening) is not None or word_tag(opening).startswith(_DEED_TAGS)


def opening_name(q: Question) -> str | None:
    """The first two characters of the name a question opens on, where it names no place, extent, zone or document
    (`Question.places`, `local_places`, `scope`, `zone`, `document`): None where it opens on no name, or on a word of
    the deed or plan asked (`opens_on_deed`)."""
    if q.places or q.local_places or q.scope or q.document or q.zone:
        return None
    found = _NAME_START.match(_OPENING_FRAME.sub("", q.text))
    if found is None or _NO_NAME.search(found.group()) or opens_on_deed(found.group()):
        return None
    return found.group()


def opening_unsaid(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of a name the question opens on (`opening_name`), every near candidate in a
    document written as a report (an encyclopedia's questions paraphrase their passage), where no near candidate's
    passage, heading or report title says it, or the top one's does not while a near report's title does (a report on
    the name is there, the top number is another text's) — or none about the thing asked (`target_cover`) says it
    in its statement, heading or report title: a table of a district's neighbourhoods without the one asked, the
    district's figure under a question on one of them."""
    name = opening_name(q) if q.kind in THING_KINDS else None
    near = near[:NEAR_DEPTH]
    if name is None or not all_reports(near):
        return False
    if not any(holds_word(n.passage + "\n" + n.heading + "\n" + n.title, name) for n in near):
        return True
    # a report on the name itself is near (its title says it), and the top number comes from a text that never says
    # it: another place's figure, where the name's own report does not give the thing ("甲市工业投资" answered from
    # another city's bulletin)
    # — unless the name's report says the thing as well as the top number does in a figure of its own, not a plan
    # (the ranking's miss, not a figure the reports lack)
    top = near[0]
    plan_asked = PLAN_WORDS.search(q.text) is not None
    own = [
        r.get("target_cover", 0.0)
        for n, r in zip(near, rows)
        if name in n.title and (plan_asked or not r.get("plan_unasked", 0.0))
    ]
    if (
        own
        and name not in top.passage + "\n" + top.heading + "\n" + top.title
        and max(own) < rows[0].get("target_cover", 0.0)
    ):
        return True
    # a plan's figure ("目标全年探访N户") names where the work is planned, not where the figure asked was made
    about = [
        n
        for n, r in zip(near, rows)
        if r.get("target_cover", 0.0) >= _ABOUT_THE_THING and (plan_asked or not r.get("plan_unasked", 0.0))
    ]
    return bool(about) and not any(
        holds_word(n.heading + "\n" + n.title, name)
        or named_alone(name, n.statement, SUM_OR_LIST_ASKED.search(q.text) is not None)
        # the full name a short form abbreviates (规上 of "规模以上工业增加值…"): said, as in the passage check above
        or (name not in n.statement and holds_word(n.statement, name))
        for n in about
    )


# Items of an enumeration ("涵盖甲角、乙湾、丙岭等地区"): a short name between joiners.
_ITEM_BREAK = re.compile(rf"[、。；;：:和及与等\n\t]|{BREAK_COMMA}")
_ITEM_CHARS = 5
# What joins short names into one item: a list's 、, or 及 / 和 / 与 ("负责甲湾及乙岭一带": one area of both); not where
# 分别 follows (each named gets its own figure).
_JOINERS = "、及和与"
_EACH = re.compile(r"分别|各自")


# A name joined with another before a sum ("A法院与B法庭合计受理N件", "A和B两镇共计N户"): the figure is of both together.
_JOINED_WITH_ANOTHER = re.compile(
    r"[^，,。；;：:\n]{0,16}?(?:与|和|及|同|、)[^，,。；;：:\n]{1,24}?(?:合计|共计|总计|一共|合共|加起来|加埋)"
)


def named_alone(name: str, statement: str, sum_asked: bool = False) -> bool:
    """The statement names `name` other than as one item of an enumeration of short names ("A、B、C等地区") or, where
    no sum is asked (`sum_asked`), joined with another name before a sum (`_JOINED_WITH_ANOTHER`): a sentence listing a
    district's neighbourhoods, or giving two courts' joint figure, gives no figure of one of them."""
    joiners = "、" if sum_asked else _JOINERS  # a sum asked: names joined are what it asks
    for found in re.finditer(re.escape(name), statement):
        if not sum_asked and _JOINED_WITH_ANOTHER.match(statement, found.start()):
            continue
        left = max((m.end() for m in _ITEM_BREAK.finditer(statement, 0, found.start())), default=0)
        right = _ITEM_BREAK.search(statement, found.end())
        end = right.start() if right else len(statement)
        listed = (
            end - left <= _ITEM_CHARS
            and left == found.start()
            and (
                (left > 0 and statement[left - 1] in joiners)
                or (right is not None and right.group() in joiners and not _EACH.search(statement, end))
            )
        )
        if not listed:
            return True
    return False


# -- a scenic area asked by a place's name (甲山景区 under the city 甲山) -------------------------------------------
# A gazetteer place's name followed (at most three characters on: 甲山石湖景区) by a scenic area's kind: the question
# asks the scenic area, not the place. A report gives such an area a figure or two by its name (visitors received);
# the place's other figures (入境游客, 门票收入) stay the place's. (A street's, community's or village's kind right after
# a place's name most often means all of the place's: 甲市社区居委会, 乙区村级服务站点; not read here.)
_PART_KIND = re.compile(
    r"^(?:[^\W\d_的之有和与及了是哪些什么个多少几每各等其这那全本该市县区镇乡]{0,3}?)(?:风景名胜区|风景区|景区|景点)"
)
# A part's statement is about the thing asked where its text before the number says more than half of the thing's
# characters other than the place and its kind: "甲山景区接待游客N" is about 游客 and 接待游客, not 入境游客.
_PART_COVER = 0.5


def part_asked(q: Question) -> str | None:
    """The scenic area the question asks by a place's name (`_PART_KIND` after a gazetteer place's name: "甲山景区"),
    or None."""
    for start, end in q.place_spans:
        kind = _PART_KIND.match(q.text[end:])
        if kind:
            return q.text[start : end + kind.end()]
    return None


def part_unstated(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of a scenic area by a place's name (`part_asked`), every near candidate in a
    report, where no near statement names the area (not as one item of a list: `named_alone`) before a number whose
    text after the name says more than half of the thing's characters (those of neither the place nor the area's
    name): the reports give the area's other figures, or the place's."""
    part = part_asked(q) if q.kind in THING_KINDS else None
    if part is None or not all_reports(near):
        return False
    thing = {c for c in _HAN_CHAR.findall(q.head) if c not in part and c not in "".join(place_names(q))}
    if not thing:
        return False
    return not any(
        named_alone(part, n.before) and len(thing & set(n.before.split(part)[-1])) > _PART_COVER * len(thing)
        for n in near[:NEAR_DEPTH]
    )


# -- one place asked, only a place inside it or around it given ---------------------------------------------------
def narrower_only(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of the whole of one place (a province, a city: `whole_asked`) where every near
    candidate comes from a report on a place inside it and its sentence does not name the place asked
    (`narrower_unnamed`): a city's 全市 figure for a province's question, a county's for its city's."""
    return (
        q.kind in THING_KINDS
        and len(q.places) == 1
        and not q.local_places
        and whole_asked(q)
        and all_reports(near)
        and all(r.get("narrower_unnamed", 0.0) for r in rows[:NEAR_DEPTH])
    )


# A place named with its administrative suffix (河北省, 甲市, 乙州): the whole unit is asked.
_UNIT_SUFFIX = re.compile(r"(?:省|市|自治区|州|盟|地区)$")


def whole_asked(q: Question) -> bool:
    """The question asks the whole of its place: by an extent (全省, 全区) or by the place's name with its
    administrative suffix (河北省). A bare name ("甲省的某项计划" said as 甲) is how a user names a report's place
    as much as the whole's: a programme of one of its cities is still "甲的" programme."""
    return bool(q.scope) or any(_UNIT_SUFFIX.search(q.text[s:e]) for s, e in q.place_spans)


def place_names(q: Question) -> tuple[str, ...]:
    """The names the question gives its places by: as written (matching view) and in full."""
    return tuple(n for n in {q.text[s:e] for s, e in q.place_spans} | {p.name for p in q.places} if n)


# A name run on into a longer place's: "甲石" in "甲石港区" (a district named after its city), "甲石新区".
_RUN_ON_PLACE = re.compile(r"[^\W\d_的之和与及各全本该等]{1,2}?(?:区|县|镇|乡|街道|社区|村)")


def names_place(text: str, name: str) -> bool:
    """`text` names the place `name`: an occurrence not run on into a longer place's name (`_RUN_ON_PLACE`), unless
    the name is written with its own suffix (甲石市)."""
    return any(
        name[-1] in "省市县区州盟" or not _RUN_ON_PLACE.match(text, found.end())
        for found in re.finditer(re.escape(name), text)
    )


# A statement of the whole's extent (全县, 全市) in a town's report: the county's or city's figure, not the town's.
_WHOLE_EXTENT = re.compile(r"全(?:省|市|县|区|州|盟)")
_COUNTY_SUFFIX = re.compile(r"(?:县|区|旗)$")


TOWN_ONLY = "报告只给出了所问地区下属乡镇（街道）的数字，没有给出整个地区的数字。"


def town_report_only(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of one gazetteer place as a whole (`whole_asked`: 全县, 丙市), no town named, where
    every near candidate comes from a report on a town (`NearText.town`, read from its title: "丙县甲溪镇2024年工作报告")
    whose statement names neither the place asked nor a whole's extent (全县): the town's figures, not the whole's.
    The gazetteer reads such a title as its county's, so `narrower_only` does not see the town. A county or a
    district named with its suffix (丙县, 丁区) is asked whole too: a town is no county, as a city is no province."""
    if q.kind not in THING_KINDS or len(q.places) != 1 or q.local_places:
        return False
    if not whole_asked(q) and not any(_COUNTY_SUFFIX.search(q.text[s:e]) for s, e in q.place_spans):
        return False
    near = near[:NEAR_DEPTH]
    if not all_reports(near):
        return False
    names = place_names(q)
    return all(
        n.town is not None
        and not _WHOLE_EXTENT.search(n.statement)
        and not any(names_place(n.statement, name) for name in names)
        for n in near
    )


def wider_only(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A count, amount or share asked of one place (a district, a county) where every near candidate comes from a
    report on a place around it, and neither its sentence (by the number's end: `wider_unnamed`; nor after it:
    `place_in_sentence`) nor its passage's or section's heading ("三、甲区") names the place asked: the whole's figure,
    not the place's."""
    if q.kind not in THING_KINDS or len(q.places) != 1 or q.local_places or not all_reports(near):
        return False
    names = place_names(q)
    return all(
        r.get("wider_unnamed", 0.0)
        and not r.get("place_in_sentence", 0.0)
        and not any(names_place(n.heading, name) or names_place(section_heading_of(n), name) for name in names)
        for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH])
    )


# A section of plans in words `qa.features`' plan headings do not hold (工作要点, 重点任务, 主要举措), or dated to a year
# after the one its report is on ("二、2025年工作要点" in a review of 2024).
_PLAN_SECTION = re.compile(r"要点|重点|举措|部署|计划|规划|目标|安排|打算|展望|思路|任务")


# A numbered section's title at a line's start (二、, （三）, 第二部分): above a list of numbered items ("1.…；"), whose
# last item `section_heading` would read as the heading.
_SECTION_TITLE = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])[^\n]*",
    re.M,
)


def plan_section(n: NearText) -> bool:
    """The number's section heading (or its passage's, or the last numbered section title above it) is a plan's: words
    of planning, or a year after its report's."""
    titles = _SECTION_TITLE.findall(n.passage[: n.start])
    heading = "\n".join((section_heading_of(n), n.heading, titles[-1] if titles else ""))
    if _PLAN_SECTION.search(heading):
        return True
    return n.present is not None and any(year > n.present for year in own_years(heading))


# -- the top number's own list item against the thing asked (branch abstain8) -----------------------------------------
# A number's own item: the Han characters right before it back to a list or clause break ("…、视力残疾及听力残疾" → 视力
# 残疾及听力残疾; "…公顷，杨桃产量" → 杨桃产量).
_OWN_ITEM = re.compile(r"[\u4e00-\u9fff]+$")
# Two classes joined in one item: "A及B", "A和B", "A与B".
_ITEM_JOINER = re.compile(r"以及|及|和|与|暨")
# The same, for a caller's cheap look at a number's subject before its texts are built.
JOINED_IN_ITEM = _ITEM_JOINER
_SUFFIX_MIN = 2  # characters two names share at their end to be read as the same head (产量, 种植面积)


def own_item(before: str) -> str:
    """The item of a list a number states, by the Han characters right before it (`NearText.before`)."""
    found = _OWN_ITEM.search(before)
    return found.group() if found else ""


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def shared_suffix(a: str, b: str) -> int:
    """How many characters `a` and `b` share at their ends."""
    k = 0
    while k < min(len(a), len(b)) and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def joined_class_only(q: Question, near: Sequence[NearText]) -> bool:
    """The top number's own item joins two classes of one head ("视力残疾及听力残疾N万人": A残疾 and B残疾), the question
    names one of them (听力) and none of the other's characters: the figure is of both together, not of the class asked.
    Reports only. Two things joined under one head asked as a whole ("甲和乙集体提案" under 集体提案) name no class."""
    if q.kind not in THING_KINDS or not all_reports(near[:1]):
        return False
    parts = [p for p in _ITEM_JOINER.split(own_item(near[0].before)) if p]
    if len(parts) != 2:
        return False
    shared = shared_suffix(*parts)
    if shared < _SUFFIX_MIN:
        return False
    kinds = [p[: len(p) - shared] for p in parts]
    if min(len(k) for k in kinds) < _SUFFIX_MIN:
        return False
    return any(one in q.text and not set(other) & set(q.text) for one, other in (kinds, kinds[::-1]))


# A number's own item naming examples and then their class: "白茶、红茶等干茶N吨" (the item is 红茶等干茶).
_EXAMPLES_THEN_CLASS = re.compile(r"^(?P<example>[\u4e00-\u9fff]{2,}?)等(?P<whole>[\u4e00-\u9fff]{2,})$")
EXAMPLES_LISTED = "等"  # a caller's cheap look at a number's subject before its texts are built
EXAMPLE_OF_CLASS = "报告只给出了包括所问这一类在内的一大类的合计数，没有单独给出这一类的数字。"


def example_of_class_only(q: Question, near: Sequence[NearText]) -> bool:
    """The top number's own item lists examples and then their class ("白茶、红茶等干茶N吨": of 干茶, with 白茶 and 红茶
    among them), and the question names the example (红茶产量) but not the class: the figure is the class's, of the
    example asked and others together, not the example's own. Reports only."""
    if q.kind not in THING_KINDS or not all_reports(near[:1]):
        return False
    found = _EXAMPLES_THEN_CLASS.match(own_item(near[0].before))
    return found is not None and found.group("example") in q.text and found.group("whole") not in q.text


# A list after the number naming what its figure spans ("签约额N亿元，主要涉及A、B和C"): a kind of items introduced by
# a word of spanning, then items joined by 、 和 及 与.
_SPANS_AFTER = re.compile(r"(?:主要)?(?:涉及|包括|包含|涵盖)(?P<items>[^。；;！？!?]*)")
_LIST_JOINER = re.compile(r"以及|[、和及与，,]")


def examples_after_only(q: Question, near: Sequence[NearText]) -> bool:
    """The top number's statement, after the number, lists what its figure spans ("乙园区签约额N亿元，主要涉及A、B和C":
    the park's figure, with A, B and C in it), and the question names one item (A项目签约额) that the statement before
    the number and its headings never say: the figure is the whole's, of the item asked and others together, as
    `example_of_class_only` reads "A、B等C N" before a number. Reports only."""
    if q.kind not in THING_KINDS or not all_reports(near[:1]):
        return False
    top = near[0]
    found = _SPANS_AFTER.search(top.statement[len(top.before) :])
    if found is None:
        return False
    items = [item for item in _LIST_JOINER.split(found.group("items")) if len(item) >= 2]
    if len(items) < 2:
        return False
    text = match_view(q.text).text
    asked = [item for item in items if item in text]
    return bool(asked) and not any(
        asked[0] in where for where in (top.before, top.heading, section_heading_of(top), top.title)
    )


# -- a growth asked, the top number another thing's growth (branch townplace19) -----------------------------------
# "X增长多少" asks X's change; a report's bare "增长N%" after another thing's figure ("完成建筑业总产值N亿元，增长M%")
# is that thing's. The thing's head word (its last two characters: 投资 of 水利投资) must be said in the statement before
# the number, or in its heading (a section on the thing: "（三）水利投资").
_GROWTH_ASKED = re.compile(r"(?:增长|增速|增幅|增长率|下降|减少|提高)了?$")
GROWTH_ASKED = _GROWTH_ASKED  # a caller's cheap look before the near texts are built
GROWTH_OF_ANOTHER = "报告只给出了其他事项的增长，没有给出所问事项的增长。"
_BARE_CHANGE = re.compile(r"^(?:同比|比上年|较上年|比去年)?(?:增长|增速|增幅|下降|减少|提高)(?:了|为|达)?$")
_HEAD_WORD = re.compile(r"[\u4e00-\u9fff]{2}$")
_ENDS_IN_CHANGE = re.compile(r"(?:增长|增速|增幅|下降|减少|提高)(?:了|为|达)?$")


def _says_growth_of(n: NearText, word: str) -> bool:
    """The candidate is a change (its own item ends in a change word) and its sentence up to the number, its statement
    or its headings say `word`. The sentence, not only the statement, which may be cut at a comma ("…N亿元，按可比价格
    计算，增长M%")."""
    if not _ENDS_IN_CHANGE.search(own_item(n.before)):
        return False
    sentence = _SENTENCE_BREAK.split(n.passage[: n.start + len(n.before)])[-1]
    return any(word in text for text in (sentence, n.before, n.heading, section_heading_of(n)))


def growth_of_another(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> bool:
    """A change asked of a thing ("水利投资增长多少"), where the top number, in a report, is a bare change (its own item
    only a change word: 增长, 同比增长) that does not say the thing's head word (`_says_growth_of`), and no near candidate
    that is no plan the question does not ask (`plan_unasked`) is a change saying it: the growth of the thing named
    before it, not of the one asked — a report that states the thing's growth elsewhere is the ranking's miss."""
    found = _GROWTH_ASKED.search(q.head) if q.kind in THING_KINDS else None
    if found is None or not near or not all_reports(near[:1]):
        return False
    word = _HEAD_WORD.search(q.head[: found.start()])
    if word is None or not _BARE_CHANGE.match(own_item(near[0].before)):
        return False
    return not any(
        _says_growth_of(n, word.group()) and not r.get("plan_unasked", 0.0)
        for n, r in zip(near[:NEAR_DEPTH], rows[:NEAR_DEPTH])
    )


def may_be_unstated(q: Question) -> bool:
    """Whether a rule here may refuse the question: a whole territory, a year or a sum of two names asked (the near
    candidates' texts are read only then)."""
    return q.kind in THING_KINDS and (
        q.scope in TERRITORY_CODES
        or q.scope == "全省"
        or q.year is not None
        or relative_year_asked(q) is not None
        or part_asked(q) is not None
        or bool(_JOINED_SUM.search(q.text))
        or opening_name(q) is not None
        or (len(q.places) == 1 and not q.local_places)
    )


def place_unstated(q: Question, near: Sequence[NearText], rows: Sequence[dict[str, float]]) -> str | None:
    """The reason the reports do not give the figure for the place, extent or year asked, or None. `near` and `rows`:
    the near number candidates' texts and features, best first."""
    if territory_unstated(q, near):
        return f"报告只给出了其中个别地区的数字，没有给出{q.scope}的数字。"
    if province_unstated(q, near):
        return "报告只给出了个别市县（或全国）的数字，没有给出全省的数字。"
    if joined_sum_unstated(q, near):
        return "报告没有给出所问几项（几个地方）的合计数。"
    if narrower_only(q, near, rows):
        return "报告只给出了所问地区下属地方的数字，没有给出整个地区的数字。"
    if town_report_only(q, near):
        return TOWN_ONLY
    if part_unstated(q, near):
        return "报告没有给出所问景区本身的这个数字，只给出了景区的其他数字或整个地区的数字。"
    if wider_only(q, near, rows):
        return "报告只给出了所问地方所在的更大地区的数字，没有单独给出该地方的数字。"
    if year_unstated(q, near, rows):
        return f"报告没有给出{q.year}年的这个数字，只给出了其他年份（或年内其他时段）的数字。"
    if relative_year_unstated(q, near, rows):
        return "报告只给出了报告当年的数字，没有给出所问那一年的数字。"
    if opening_unsaid(q, near, rows):
        return "报告没有提到问题开头所说的地方或事项，只给出了其他的数字。"
    return None
