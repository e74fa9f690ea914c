"""Question-level "not stated" where the question asks the thing of a part of the year, per head, or in another unit
than any near figure gives (branch thing21).

Read on the near number candidates' texts (`NearText`, the matching view), reports only, by
`qa.given_instead.given_instead`:
- `period_unsaid`: a part of a year asked (上半年, 一季度, 前三季度, 1-6月: `months_asked`) that no near passage, heading
  or report title names in any form: the reports give the year's figure (or another part's), not the part asked.
- `holiday_unsaid` (branch near23): a holiday asked as a period (国庆期间, 春节假期, 暑期) that no near passage, heading
  or report title names: the year's figure, not the holiday's.
- `per_head_unsaid`: a figure per head asked (人均, 户均, 每人) where the top number's statement and heading say no such
  word and no line of a near passage says one with the thing's head: the reports give the total.
- `unit_of_another_count`: a count asked in a unit of one kind (户, 户数, 人次, 家, 平方米, 件数, 金额) where the top
  number is in a unit of another kind (人, 个, 元…: `COUNT_KINDS`, `_CONFLICTS`) and no near number in the kind asked
  says the thing's head: the reports count other units (people for households, visits for firms, sites for an area).
- `bound_other`: a class bounded by a figure asked (65岁以上老人) where the top number's statement bounds the same
  measure by another figure (60岁以上老年人): the figure of another range.
- `class_unsaid_in_report`: a narrower class asked (女, 青年, 外资, 涉外 … before the thing's noun: `CLASS_MODIFIERS`)
  that neither the top number's passage nor any near passage of its report says: the report speaks of the whole.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.analysis import PER_HEAD_ASKED, Question
from qa.answerable import THING_KINDS
from qa.place_scope import NEAR_DEPTH, NearText, all_reports
from qa.sibling_measures import clause_after, own_clause

# -- a part of the year asked ----------------------------------------------------------------------------------------
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_MONTH = r"(1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
# A month range (1-6月, 1至6月, 一至六月, 1~6月), a half year, a quarter or the first quarters (longest forms first).
_PERIOD = re.compile(
    rf"{_MONTH}\s*(?:-|~|～|至|到|—|–)\s*{_MONTH}\s*月"
    r"|(上半年|下半年)"
    r"|前([一二三])(?:个)?季度"
    r"|(?:第)?([一二三四1-4])季度"
    r"|(首季度|首季)"
)
_HALVES = {"上半年": (1, 6), "下半年": (7, 12)}
_QUARTER_OF = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def _month(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text.startswith("十"):
        return 10 + (_CN_DIGITS[text[1]] if len(text) > 1 else 0)
    return _CN_DIGITS[text]


def periods_named(text: str) -> set[tuple[int, int]]:
    """The parts of a year `text` names, as month ranges (上半年 and 1-6月 → (1, 6); 二季度 → (4, 6); 前三季度 → (1, 9))."""
    out: set[tuple[int, int]] = set()
    for m in _PERIOD.finditer(text):
        if m.group(1):
            out.add((_month(m.group(1)), _month(m.group(2))))
        elif m.group(3):
            out.add(_HALVES[m.group(3)])
        elif m.group(4):
            out.add((1, 3 * _QUARTER_OF[m.group(4)]))
        elif m.group(5):
            quarter = _QUARTER_OF[m.group(5)]
            out.add((3 * quarter - 2, 3 * quarter))
        else:
            out.add((1, 3))
    return out


def months_asked(q: Question) -> tuple[int, int] | None:
    """The one part of a year (not the whole: 1-12月) the question asks, or None."""
    named = {p for p in periods_named(q.text) if p != (1, 12)}
    return next(iter(named)) if len(named) == 1 else None


def _period_forms_equal(text: str, months: tuple[int, int]) -> bool:
    """`text` names the part of the year (the half year a 二季度 ends counts too: a 1-6月 table is its report)."""
    named = periods_named(text)
    return months in named or (months[0] > 1 and (1, months[1]) in named)


def period_unsaid(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of a part of a year (`months_asked`) where no near number's passage, heading or
    report title names it in any form (上半年 = 1-6月 = 1至6月): a year report's figures are the year's."""
    months = months_asked(q)
    if months is None or q.kind not in THING_KINDS or not all_reports(near):
        return False
    return not any(_period_forms_equal(f"{n.passage}\n{n.heading}\n{n.title}", months) for n in near[:NEAR_DEPTH])


# -- a holiday asked (branch near23) -----------------------------------------------------------------------------------
# A holiday or a school break asked as a period ("国庆期间", "春节假期", "五一黄金周", "暑期"), each with the forms a report
# names it in: the figure of a holiday is said with its name.
_HOLIDAYS: tuple[tuple[str, ...], ...] = (
    ("国庆", "十一黄金周", "十一假期"),
    ("春节", "新春", "过年"),
    ("五一", "劳动节"),
    ("中秋",),
    ("元旦",),
    ("端午",),
    ("清明",),
    ("暑期", "暑假", "夏季", "暑"),  # 暑托班 is 暑期托管班
    ("寒假", "寒期"),
)
_HOLIDAY_ASKED = re.compile(
    r"(国庆|春节|五一|中秋|元旦|端午|清明)(?:节)?(?:期间|假期|长假|黄金周|小长假|假日|当天)|(暑期|暑假|寒假)"
)


def holiday_asked(q: Question) -> tuple[str, ...] | None:
    """The forms of the one holiday or school break the question asks as a period (`_HOLIDAY_ASKED`), or None."""
    if _HOLIDAY_ASKED.search(q.text) is None:
        return None
    named = [forms for forms in _HOLIDAYS if any(f in q.text for f in forms)]  # 国庆和春节期间: two, a sum
    return named[0] if len(named) == 1 else None


def holiday_unsaid(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share asked of a holiday (`holiday_asked`: 国庆期间) that no near number's passage, heading
    or report title names in any of its forms: the reports give the year's figure (or another period's), not the
    holiday's. A part of the year's reading (`period_unsaid`) for the periods a calendar does not number."""
    forms = holiday_asked(q)
    if forms is None or q.kind not in THING_KINDS or not all_reports(near):
        return False
    return not any(f in f"{n.passage}\n{n.heading}\n{n.title}" for n in near[:NEAR_DEPTH] for f in forms)


# -- a figure per head asked -----------------------------------------------------------------------------------------
# A statement giving a figure per head, or an average of any kind (平均, 均…): per head may be said so.
_PER_HEAD_SAID = re.compile(r"人均|户均|每|平均|均值|均为|均达")


def per_head_unsaid(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count or amount asked per head (`PER_HEAD_ASKED`) where the top number's statement (up to it and its own
    clause after it) and heading say no word of an average, and no sentence or table line of a near passage says one
    with the thing's head (`words`, head last; a table's column "甲人均收入" heads its rows' figures): the report gives
    the total, not the figure per head."""
    if q.kind not in ("count", "amount") or not PER_HEAD_ASKED.search(q.text) or not all_reports(near):
        return False
    top = near[0]
    if _PER_HEAD_SAID.search(top.before + clause_after(top) + top.heading):
        return False
    nouns = [w.lower() for w in words if not _PER_HEAD_SAID.search(w)]  # 人均 of 常住人口人均 is no head
    head = nouns[-1] if nouns else ""
    return not any(
        _PER_HEAD_SAID.search(line) and head in line for n in near[:NEAR_DEPTH] for line in _LINE.split(n.passage)
    )


_LINE = re.compile(r"[。！？!?\n]")


# -- a count asked in a unit of another kind ---------------------------------------------------------------------
# Count units by what they count: people, visits (a person counted each time), households, bodies and sites, areas.
COUNT_KINDS: dict[str, str] = {
    "人": "people",
    "名": "people",
    "位": "people",
    "人次": "visits",
    "户": "households",
    "家": "bodies",
    "所": "bodies",
    "座": "bodies",
    "个": "bodies",
    "件": "items",
    "元": "money",
    "金额": "money",
    "平方米": "area",
    "亩": "area",
    "公顷": "area",
}
# The unit right after a figure (Arabic digits only: 八万余人 is not read).
_UNIT_AFTER_NUMBER = re.compile(
    r"[约近超逾余多]?[\d.,]+\s*(?:万|亿|千|百)?\s*(?:多|余)?(平方米|人次|公顷|人|名|位|户|家|所|座|亩|个|件|元)"
)
# The unit asked after 多少/几 (people by 人, 名, 位: not 名额, a count of places), households or items asked by their
# number (户数 of 会员户数, 件数 of 罚款件数), or a sum of money (金额).
_UNIT_ASKED = re.compile(r"(?:多少|几)(平方米|人次|公顷|户|家|亩|人|名(?!额)|位)(?!次)|(户|件)数|(金额)")
# Pairs (asked, given) a report's figure cannot be read as: households for people, firms for visits, an area for sites.
_CONFLICTS = frozenset(
    {
        ("households", "people"),
        ("households", "visits"),
        ("visits", "households"),
        ("visits", "bodies"),
        ("bodies", "visits"),
        ("bodies", "people"),
        ("area", "bodies"),
        ("area", "people"),
        ("visits", "people"),
        ("items", "money"),
        ("money", "bodies"),
        ("money", "people"),
        # people asked, sites, households, money or an area given ("服务中心接待了多少人" answered by "建成服务中心N个")
        ("people", "bodies"),
        ("people", "households"),
        ("people", "money"),
        ("people", "area"),
    }
)


def number_unit(n: NearText) -> str | None:
    """The count unit right after the number (`COUNT_KINDS`), or None."""
    found = _UNIT_AFTER_NUMBER.match(n.statement[len(n.before) :])
    return found.group(1) if found else None


def unit_of_another_count(q: Question, near: Sequence[NearText], words: Sequence[str]) -> bool:
    """A count asked in a unit of one kind (`_UNIT_ASKED`: 多少户, 户数, 多少人次, 几家, 多少平方米, 金额) where the top
    number's unit counts another kind (`_CONFLICTS`: 人 under 多少户, 人次 under 几家, 家 under 金额) and no near number
    in a unit of the kind asked says the thing's head in its own clause (`words`, head last, measure words aside;
    "困难家庭42户" is no household count of 会员): the reports count other units, not the ones asked."""
    asked = _UNIT_ASKED.search(q.text)
    # (a count of what money is said of — 罚款件数 — may be read as an amount: the unit asked decides)
    if asked is None or q.kind not in ("count", "amount") or not all_reports(near):
        return False
    kind = COUNT_KINDS[asked.group(1) or asked.group(2) or asked.group(3)]
    given = number_unit(near[0])
    if given is None or (kind, COUNT_KINDS[given]) not in _CONFLICTS:
        return False
    nouns = [w.lower() for w in words if len(w) > 1 and w not in _MEASURE_NOUNS]
    for n in near[:NEAR_DEPTH]:
        unit = number_unit(n)
        if unit and COUNT_KINDS[unit] == kind and (not nouns or nouns[-1] in own_clause(n)):
            return False
    return True


# Words that measure the thing and name none (户数 of 会员户数): no word of the thing a clause must say.
_MEASURE_NOUNS = frozenset({"户数", "件数", "人数", "人次", "金额", "数量", "总数", "总额", "面积"})


def may_be_other_thing(q: Question) -> bool:
    """Whether a rule here may refuse the question (its near texts are built only then)."""
    return q.kind in THING_KINDS and (
        months_asked(q) is not None
        or holiday_asked(q) is not None
        or bool(PER_HEAD_ASKED.search(q.text))
        or bool(_UNIT_ASKED.search(q.text))
        or bool(classes_asked(q))
        or bool(bounds(q.text))
    )


# -- a narrower class asked that the top number's report never names -------------------------------------------------
# Words that name a class of people or of bodies before the noun they narrow (女职工, 青年会员, 外资企业, 涉外案件).
CLASS_MODIFIERS = (
    "女",
    "青年",
    "农民工",
    "退休",
    "残疾",
    "困难",
    "农村",
    "外籍",
    "少数民族",
    "外资",
    "涉外",
    "民营",
    "乡镇",
)


def classes_asked(q: Question) -> list[str]:
    """The class modifiers the thing asked carries (`CLASS_MODIFIERS`, in its head and before a Han character)."""
    thing = q.head or q.target
    return [m for m in CLASS_MODIFIERS if re.search(re.escape(m) + r"[\u4e00-\u9fff]", thing)]


def class_unsaid_in_report(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share of a narrower class (`classes_asked`: 外资 of 外资企业) where the top number's passage,
    heading and report title never say one of the modifiers, nor does any near passage of the same report: the report
    speaks of the whole only (another report's class is another place's)."""
    modifiers = classes_asked(q)
    if not modifiers or q.kind not in THING_KINDS or not all_reports(near):
        return False
    top = near[0]
    texts = [f"{n.passage}\n{n.heading}\n{n.title}" for n in near[:NEAR_DEPTH] if n.title == top.title]
    return any(not any(m in t for t in texts) for m in modifiers)


# -- a range asked that the statement bounds otherwise ---------------------------------------------------------------
# A class bounded by a figure (65岁以上老人, 年销售额2000万元以上企业, 50人以下企业): its count is not that of the class
# bounded by another figure in the same measure ("60岁以上老年人N万人" under 80岁以上).
_BOUND = re.compile(r"(\d+(?:\.\d+)?)\s*(周岁|岁|万元|亿元|元|万人|人|吨|亩|平方米|公里|年)(?:及)?(以上|以下|以内)")


def bounds(text: str) -> set[tuple[str, float, str]]:
    """(measure, figure, side) of each range `text` bounds by a figure ("60岁以上" → ("岁", 60, "以上"); 周岁 is 岁)."""
    return {(m[2].replace("周岁", "岁"), float(m[1]), m[3]) for m in _BOUND.finditer(text)}


def bound_other(q: Question, near: Sequence[NearText]) -> bool:
    """A count, amount or share of a class bounded by a figure (`bounds` of the question), where the top number's
    statement bounds the same measure on the same side by another figure and never by the one asked, in a report:
    the figure of another range."""
    asked = bounds(q.text)
    if not asked or q.kind not in THING_KINDS or not near or not near[0].report:
        return False
    stated = bounds(near[0].statement)
    return any(
        (measure, figure, side) not in stated and any(m == measure and s == side and f != figure for m, f, s in stated)
        for measure, figure, side in asked
    )
