"""Named features of answer candidates: each a small pure function of the question, the candidate and the
text around it. `qa.scorer` combines them with weights fitted by `eval.train_scorer`; nothing here is tuned
by hand to any report or question set.

Number mentions (count, amount, share, date and ordinal questions): `number_features`; the sentences and
clauses that answer who / what / how questions have theirs in `qa.span_features`.
All text matching reads the matching view (`index.normalize.match_view`: simplified script) of a passage, so
traditional-script reports are matched like simplified ones; offsets are the same in both (t2s keeps
lengths), and `TextView.to_original` maps them back where a view does not.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from index.numbers import CURRENCIES, NumberMention, calendar_years, names_rate
from index.places import Place
from index.segments import (
    BREAK_COMMA,
    METHOD_NOTE,
    SENTENCE_OR_LINE_END,
    clause_bounds,
    elided_thing_left,
    listed_thing,
    segment_bounds,
    sentence_bounds,
    table_cell_labels,
    table_lead_in,
    table_row_bounds,
    table_title,
)
from qa.analysis import (
    MONEY_HEAD,
    PEOPLE_UNITS,
    PER_UNIT,
    PERIOD,
    PERSON_UNITS,
    ZONE_KINDS,
    Question,
    local_stems,
    names_people,
    word_tag,
    zone_names,
)
from qa.report_words import said_otherwise

_PUNCT = re.compile(r"[\s\"“”‘’'()（）《》「」『』、,，.。:：;；!！?？-]")
_HAN2 = re.compile(r"[\u4e00-\u9fff]{2}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
_HEADING_LIKE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|\d+[.、]|[(（][一二三四五六七八九十\d]+[)）])")

# Count measure words: a count question that names none is answered by one of these.
COUNT_UNITS = frozenset(
    [
        "个",
        "家",
        "所",
        "处",
        "座",
        "支",
        "项",
        "场",
        "名",
        "人",
        "位",
        "户",
        "件",
        "次",
        "期",
        "批",
        "条",
        "套",
        "种",
        "类",
        "部",
        "本",
        "册",
        "篇",
        "届",
        "座",
    ]
)
SAME_FAMILY = (
    frozenset({"个", "家", "所", "处", "座"}),
    frozenset({"人", "名", "位"}),
    frozenset({"场", "场次"}),
    frozenset({"次", "人次", "件次"}),
    # money in any currency answers 多少钱 / 资金 (measure 元); lengths, weights, times in any of their units
    frozenset({"元", "块", *CURRENCIES}),
    frozenset({"米", "公尺", "公里", "千米", "厘米", "公分", "毫米", "英尺", "英里", "英寸", "海里"}),
    frozenset({"公斤", "千克", "斤", "克", "吨", "公吨"}),
    frozenset({"小时", "个小时", "分钟", "秒", "天", "周", "个月"}),
)
# What kind of mention answers what kind of question.
_MENTION_KINDS = {
    "count": ("quantity",),
    "amount": ("quantity",),
    "share": ("quantity",),
    "date": ("year", "date"),
    "ordinal": ("ordinal",),
}


# -- where a candidate sits -----------------------------------------------------------------------------


# -- the thing asked, as bigrams -------------------------------------------------------------------------

_FOUND_IN_CLAUSE, _FOUND_IN_SENTENCE, _FOUND_IN_PASSAGE = 1.0, 0.6, 0.4
TAG_CHARS = 40  # part-of-speech tagging sees at most this much of the thing asked: bounded cost


@dataclass(frozen=True, slots=True)
class Needle:
    """The thing asked, as character bigrams taken inside jieba words (no junk bigrams across words:
    思政宣讲 → 思政, 宣讲, not 政宣). The last word is the head noun of a Chinese noun phrase."""

    grams: tuple[str, ...]
    weights: tuple[float, ...]
    tail: tuple[str, ...]  # head-noun bigrams
    last_word: str = ""  # the head noun itself
    words: tuple[str, ...] = ()  # the words of the thing asked (modifiers and head noun), in order

    @classmethod
    def of(
        cls, text: str, cut: Callable[[str], list[str]], pos: Callable[[str], list[tuple[str, str]]] | None = None
    ) -> Needle:
        words: list[str] = []
        run = ""  # runs of single-character words are kept together (占 比 → 占比); lone ones dropped
        for word in [*cut(_PUNCT.sub("", text)), ""]:
            if len(word) == 1:
                run += word
                continue
            if len(run) > 1:
                words.append(run)
            run = ""
            if word:
                words.append(word)
        if not words and text:
            words = [text]
        per_word = [[w[i : i + 2] for i in range(len(w) - 1)] or [w] for w in words]
        grams = tuple(g for word in per_word for g in word)
        last = len(per_word[-1]) if per_word else 0
        # The final bigram is the head noun's own; the rest of the last word comes next.
        weights = tuple(
            2.0 if i == len(grams) - 1 else 1.5 if i >= len(grams) - last else 1.0 for i in range(len(grams))
        )
        # Heads: the final bigram, and with part-of-speech tags that of every noun a verb follows (a noun
        # phrase ending inside the clause). Tagging sees only the last TAG_CHARS characters: bounded cost.
        tail = set(grams[-1:])
        if pos is not None:
            tagged = pos(text[-TAG_CHARS:])
            tail.update(
                word[-2:]
                for (word, flag), (_, following) in itertools.pairwise(tagged)
                if flag.startswith("n") and following == "v" and len(word) > 1
            )
        return cls(grams, weights, tuple(sorted(tail)), words[-1] if words else "", tuple(words))

    def coverage(self, clause: str, sentence: str = "", passage: str = "") -> float:
        """Weighted share of the bigrams found, clause hits counting fully and farther ones less; a word of the thing
        the clause or sentence writes in full (`abbreviates`) has its bigrams found there. Not the passage: a full name
        anywhere in it would raise every number of the passage alike, against "no answer"."""
        if not self.grams:
            return 0.0
        weight = [_FOUND_IN_PASSAGE if g in passage else 0.0 for g in self.grams]
        for text, value in ((sentence, _FOUND_IN_SENTENCE), (clause, _FOUND_IN_CLAUSE)):
            if text:
                weight = [value if hit else old for hit, old in zip(self.found_in(text), weight)]
        return sum(w * v for w, v in zip(self.weights, weight)) / sum(self.weights)

    def found_in(self, text: str, expand: bool = True) -> list[bool]:
        """Which bigrams `text` holds: all of a word's where `text` names it by a report's term for it (护士 as 护理人员,
        `said_otherwise`), and with `expand` where `text` writes the word in full (在校生 as 在校学生, `abbreviates`)."""
        found = [g in text for g in self.grams]
        if not all(found):
            at = 0
            for word in self.words:
                n = max(len(word) - 1, 1)
                if not all(found[at : at + n]) and (said_otherwise(word, text) or (expand and abbreviates(word, text))):
                    found[at : at + n] = [True] * n
                at += n
        return found

    def share_in(self, text: str, expand: bool = False) -> float:
        """Weighted share of the bigrams found in `text` alone (with `expand`, a word written in full: `found_in`)."""
        if not self.grams:
            return 0.0
        return sum(w for hit, w in zip(self.found_in(text, expand), self.weights) if hit) / sum(self.weights)

    def words_in(self, text: str) -> float:
        """Share of the thing's words found whole (or written in full: `abbreviates`) in `text`, the head noun counting
        double: bigrams shared with a near-synonym ("平均房价" for "房价中位数") cover a part of each word, whole words do
        not."""
        words = [w for w in self.words if len(w) > 1]
        if not words:
            return 0.0
        weights = [2.0 if i == len(words) - 1 else 1.0 for i in range(len(words))]
        return sum(w for word, w in zip(words, weights) if said_in(word, text)) / sum(weights)

    def tail_in(self, clause: str) -> bool:
        return any(g in clause for g in self.tail)

    def names(self, clause: str, subject: str) -> bool:
        """Is the thing asked what this number counts? Its head noun is in the clause whole, or ends the
        number's subject; a clause holding only the head's last characters as a modifier does not count."""
        if not self.grams:
            return False
        final = self.grams[-1]
        said = self.last_word in clause or said_otherwise(self.last_word, clause)
        return said or subject.endswith(final) or any(t in clause for t in self.tail if t != final)

    def precision(self, subject: str, cut: Callable[[str], list[str]]) -> float:
        """Share of the subject's own bigrams that the needle holds (a closer subject scores higher)."""
        own = Needle.of(subject, cut).grams
        return sum(g in self.grams for g in own) / len(own) if own else 0.0

    def nearest(self, text: str, start: int, end: int) -> int | None:
        """Characters between text[start:end] and the nearest bigram of the needle in `text`, None if none."""
        best: int | None = None
        for g in set(self.grams):
            i = text.find(g)
            while i >= 0:
                # a bigram overlapping the mention is at distance 0 (clamped for every bigram, so the result
                # does not depend on the set's iteration order)
                d = max(start - (i + len(g)) if i < start else i - end if i >= end else 0, 0)
                best = d if best is None else min(best, d)
                i = text.find(g, i + 1)
        return best


# A word's characters in order inside one run of Han characters, the first and last its own, at most this many times
# its length: 在校生 in 在校学生, 贫困户 in 贫困家庭户, 中院 in 中级人民法院, 起诉 in 提起公诉.
_ABBREVIATION_REACH = 3
_HAN = "\u4e00-\u9fff"


@functools.lru_cache(maxsize=4096)
def _written_in_full(word: str) -> re.Pattern[str]:
    gap = f"[{_HAN}]{{0,{(_ABBREVIATION_REACH - 1) * len(word)}}}?"
    return re.compile(re.escape(word[0]) + "".join(gap + re.escape(c) for c in word[1:]))


def abbreviates(word: str, text: str) -> bool:
    """Does `text` write `word` (two Han characters or more) in full, its characters in order with others between
    them, within `_ABBREVIATION_REACH` times its length (在校生 in "在校学生", 中院 in "中级人民法院")? A user asks by the
    short name a report spells out; the word itself found whole is no abbreviation."""
    if len(word) < 2 or word in text or not _HAN2.fullmatch(word[:2]):
        return False
    limit = _ABBREVIATION_REACH * len(word)
    return any(len(m.group()) <= limit for m in _written_in_full(word).finditer(text))


# -- the features -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Passage:
    """A retrieved passage as the features see it: the matching view of its text, where it ranked."""

    view: str  # simplified, normalised text (offsets as in the chunk text)
    heading: str
    rank: int  # 0-based among the passages about the place asked
    fused: float  # fusion score normalised to 0..1
    title: str = ""


# A change of a rate ("失业率比上年下降多少", "增速比全国快多少") is stated in percentage points; the rate's own
# level, in %, is then only of its family.
_RATE_CHANGE = re.compile(
    r"(?:率|比重|占比|比例|增速|增幅)[^,，。?？]{0,8}?(?:提高|下降|增加|减少|上升|回落|降低|加快|放缓|高|低)了?(?:多少|几)"
)
_POINTS = ("个百分点", "百分点")


def points_asked(q: Question) -> bool:
    """Whether the question asks a change of a percentage, answered in percentage points."""
    return q.measure == "%" and bool(_RATE_CHANGE.search(q.text))


# Measure words that count the same thing: a 场次 is one 场 (of events), a 批次 one 批.
_SAME_MEASURE = frozenset({frozenset({"场", "场次"}), frozenset({"批", "批次"})})


def unit_fit(q: Question, unit: str) -> dict[str, float]:
    asked = q.measure
    exact = unit == asked or unit in q.units or frozenset({unit, asked}) in _SAME_MEASURE
    family = not exact and asked is not None and any(asked in f and unit in f for f in SAME_FAMILY)
    if points_asked(q):
        exact, family = unit in _POINTS, unit == "%"
    return {
        "unit_exact": float(exact),
        "unit_family": float(family),
        # A unit the question does not ask for: against its measure word, or against the units its thing is
        # counted in (people asked, money offered).
        "unit_conflict": float((asked is not None or bool(q.units)) and not exact and not family),
        "unit_count_unasked": float(asked is None and not q.units and unit in COUNT_UNITS),
        # people counted where the question names no people (a count of sites is not a count of 人)
        "unit_people_unasked": float(asked is None and not q.units and unit in PEOPLE_UNITS),
        "unit_none": float(unit == ""),
        # read by `Assistant._admissible`, not by the number model: a share is never how much money ("多少钱", or an
        # amount whose thing is money: 生产总值, 预算收入…)
        "share_for_money": float(
            unit == "%"
            and (
                bool(_MONEY_ASKED.search(q.text))
                or (
                    q.kind == "amount"
                    and q.measure == "元"
                    and bool(MONEY_HEAD.search(q.head))
                    and not _SHARE_WORDS.search(q.text)
                )
            )
        ),
        # read by `Assistant.unstated`: money asked is never a count or a measure of another dimension (a fund's 经费
        # is not its 38个队), a count asked by its measure word never money or a share (多少家 of firms is not their
        # profit in 亿元); the top number of such a dimension is no answer
        "dimension_conflict": float(dimension_conflict(q, unit)),
    }


_MONEY_UNITS = next(f for f in SAME_FAMILY if "元" in f)
# Money asked by its measure word after 多少/几 ("多少亿元", "几万元"), the way a user asks an amount of money.
_MONEY_MEASURE_ASKED = re.compile(r"(?:多少|几)[十百千万亿]*(?:元|块)")
# A count asked by its measure word after 多少/几 ("多少家", "几所"; not 几个月: a time).
_COUNT_MEASURE_ASKED = re.compile(r"(?:多少|(?<!哪)几)(?P<measure>[个家所处座项名人位户]|人次)(?!小时|月|钟头|星期)")


def money_asked(q: Question) -> bool:
    """Money asked: measure 元 and the thing money by its last word (经费, 补助金额) or 元 asked in so many words
    (多少亿元), no word of a share (占, 比重: the share is then the answer)."""
    return (
        q.measure == "元"
        and (bool(MONEY_HEAD.search(q.head)) or bool(_MONEY_MEASURE_ASKED.search(q.text)))
        and not _SHARE_WORDS.search(q.text)
    )


def dimension_conflict(q: Question, unit: str) -> bool:
    """A figure of another dimension than the one asked: money asked (`money_asked`) and the figure in a unit that is
    no money ("环保志工队计38队" under a question on the teams' 经费; a growth rate under "多少亿元"), or a count asked by
    its measure word (多少家) and the figure money or a share. A figure with no unit (a table cell) is read by the
    model, as before. A count asked and a length, a weight, an area or a volume given conflict too."""
    if not unit:
        return False
    if money_asked(q):
        return unit not in _MONEY_UNITS
    asked = _COUNT_MEASURE_ASKED.search(q.text)
    if asked is None or q.measure != asked["measure"]:
        return False
    if unit in _MONEY_UNITS or unit in SHARE_UNITS or unit in _PHYSICAL_UNITS:
        return True
    # people asked (多少人, 几名) and things counted ("建成献血屋N个"); not the reverse: 多少个 counts people in speech
    return q.measure in PERSON_UNITS and unit in _COUNTED_THINGS


# Measure words that count things or households, never persons.
_COUNTED_THINGS = frozenset(
    {"个", "家", "户", "所", "处", "座", "项", "件", "条", "台", "辆", "套", "篇", "部", "艘", "架", "栋"}
)
# Units of a length, a weight, an area or a volume: no count of people or things is stated in them ("献血量N吨"
# under "多少人献血").
_PHYSICAL_UNITS = frozenset(
    {
        *next(f for f in SAME_FAMILY if "米" in f),
        *next(f for f in SAME_FAMILY if "吨" in f),
        *("亩", "公顷", "平方米", "平方公里", "平方千米", "立方米", "升", "毫升"),
    }
)


# A share asked in words ("占总收入多少", 比重, 百分之几) though the thing is money: the share is the answer.
_SHARE_WORDS = re.compile(r"占|比重|比例|百分|率")
# Money asked in so many words: 多少钱, 几多钱 (Cantonese), 几块钱.
_MONEY_ASKED = re.compile(r"(?:多少|几多|几)块?钱")
UNIT_FEATURES = ("unit_exact", "unit_family", "unit_conflict", "unit_count_unasked", "unit_people_unasked", "unit_none")


def date_part_fit(q: Question, mention: NumberMention) -> float:
    """1 when a date question's candidate states the part of a date asked (the year for 西元几年, the month
    for 几月, the day for 几日): a year question is not answered by "6月12日", a month question not by "1920年".
    Date questions are judged by this through the unit features (`date_unit_fit`)."""
    if q.kind != "date":
        return 0.0
    unit = {"year": "年", "month": "月", "day": "日"}.get(q.date_part or "year", "年")
    return float(mention.unit == unit or (unit == "日" and mention.unit == "号"))


def date_unit_fit(q: Question, mention: NumberMention) -> dict[str, float]:
    """The unit features of a date question's candidate: the "unit" a date question asks is the part of a date
    (年 for 西元几年, 月 for 几月), so a date stating it fits exactly (1935年6月 for a year, as 1935年 does) and
    one lacking it conflicts — the same features as a count's measure word, so a date question's candidates
    stand against "no answer" as before (a feature only date questions have would shift them all)."""
    fit = date_part_fit(q, mention)
    out = dict.fromkeys(UNIT_FEATURES, 0.0)
    out.update(unit_exact=fit, unit_conflict=1.0 - fit, unit_none=float(mention.unit == ""))
    return out


def _grams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1) if _HAN2.fullmatch(text[i : i + 2])}


SLOT_REACH = 8  # characters either side of a number read for the words next to the question's interrogative


def slot_fit(q: Question, text: str, start: int, end: int, counted: str = "") -> dict[str, float]:
    """How much of the question's words next to its interrogative (`Question.slot_left/right`) stand next to
    the number, on the same side: "X于几年建成" is stated "X于1920年建成" (bigrams, so a word shared with the
    question but far from the number does not count). `counted`: the thing a number counts and its deed, stated
    after it (`counted_after`), stands where "X多少人" puts X, before the interrogative."""
    out = {}
    for name, words, around in (
        ("slot_left", q.slot_left, text[max(0, start - SLOT_REACH) : start] + "\n" + counted),
        ("slot_right", q.slot_right, text[end : end + SLOT_REACH]),
    ):
        grams = _grams(words)
        out[name] = sum(g in around for g in grams) / len(grams) if grams else 0.0
    return out


def value_in_question(q: Question, mention: NumberMention) -> float:
    """1 when the number's value is one the question itself states ("…约为多少的12倍": 12 is given, not
    asked), compared by value, so a traditional-script 12倍 or a 1.2万 for 12000 is found too."""
    return float(any(abs(float(mention.value) - v) < 1e-9 for v in q.stated_values))


def year_like(mention: NumberMention) -> float:
    """1 for a bare four-digit number that reads as a year ("2007专辑", "1998赛季"): a calendar year written
    without 年, not a count or an amount."""
    return float(
        mention.kind == "quantity"
        and not mention.unit
        and mention.qualifier is None
        and isinstance(mention.value, int)
        and 1800 <= mention.value <= 2100
    )


def year_fit(
    q: Question,
    sentence: str,
    passage: Passage,
    document_years: frozenset[int] = frozenset(),
    dated: int | None = None,
    for_number: bool = False,
    at: int | None = None,
    present: int | None = None,
) -> dict[str, float]:
    """+1 when the year asked is stated in the sentence, −1 when the sentence states only other years.
    A sentence and passage that state no year speak of the document's present — the year it reports on
    (`present`, `present_year`: 2024 in a review of 2024 delivered at a session in 2025), else the latest year the
    document states (`document_years`): "现有…" in a report written in one year is not another year's figure, and a
    year the document never states gets none of its figures. A year that is only the base of a comparison
    ("…N个,较2022年的M个", "比2022年多N人") does not date a number of the sentence (`for_number`) — except
    the number it dates itself (`dated`, `dating_year`: M is 2022's figure, N this year's); a sentence answer
    (`for_number` False) holding 2022's M is about 2022 too. For a number at offset `at` of the sentence, a
    bracketed aside's years date only the numbers inside it (`number_years`), nor does an aside date the passage;
    nor does a title's year after `present` (the session's year a review was delivered in)."""
    if q.year is None:
        return {"year_match": 0.0, "year_conflict": 0.0}
    if for_number:
        own = number_years(sentence, at) if at is not None else own_years(sentence)
        years = own | ({dated} if dated is not None else set())
        around = own_years(without_asides(passage.heading + "\n" + passage.view)) | {
            # a title's year after the one its document reports on is the year it was delivered in
            # ("某市人民检察院工作报告（2025年）" on 2024's work), not the year of its passages
            year
            for year in own_years(passage.title)
            if present is None or year <= present
        }
    else:
        years = {y for y, _, _ in calendar_years(sentence)}
        around = {y for y, _, _ in calendar_years(passage.title + passage.heading + passage.view)}
    if not years and not around and document_years:
        now = present if present is not None else max(document_years)
        return {"year_match": float(q.year == now), "year_conflict": float(q.year != now)}
    return {
        "year_match": float(q.year in years or (not years and q.year in around)),
        "year_conflict": float(
            bool(years) and q.year not in years or not years and bool(around) and q.year not in around
        ),
    }


# A year as the base of a comparison: "比2022年", "较111年度的", "与2022年相比".
_BASE_BEFORE = re.compile(r"(?:比|较|相比|比起|相较|对比)于?$")
# "由2019年的N增加到M", "从2019年底的N户减少到M户": the year dates N, where the change started, not M.
_FROM_BEFORE = re.compile(r"(?:由|从)$")
_FROM_VALUE_AFTER = re.compile(r"年?[底末初]?的?\d")
_BASE_AFTER_WITH = re.compile(r"[底末初度]?(?:同期)?(?:相比|比较)")


# -- bracketed asides: another year's figure or a comparison in brackets ------------------------------------
# "全年新建N个(2023年新建M个)", "地区生产总值N亿元(2023年为M亿元)": the aside states a figure of its own. Its years
# date the numbers inside it, not the sentence around it, so they neither make the sentence "another year's" nor
# give its other numbers a past year. An aside stating no figure ("人口约N人(2008年)", "(截至2023年底)") dates
# its sentence: it stays. Asides are short and hold no sentence end (the view is NFKC: "(" for "（").
_ASIDE = re.compile(r"\([^()\n。！？]{1,80}\)")


def aside_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every bracketed aside of a (matching-view) text that states a figure besides its dates,
    brackets included."""
    out = []
    for m in _ASIDE.finditer(text):
        inner = m.group()
        for _, start, end in reversed(calendar_years(inner)):
            inner = inner[:start] + inner[end:]
        if _OTHER_FIGURE.search(_DATE_PART.sub("", inner)):
            out.append(m.span())
    return out


def without_asides(text: str, at: int | None = None) -> str:
    """`text` with its bracketed asides blanked to spaces (offsets kept), except the one holding offset `at`."""
    spans = [(a, b) for a, b in aside_spans(text) if at is None or not a < at < b]
    if not spans:
        return text
    out, last = [], 0
    for a, b in spans:
        out += [text[last:a], " " * (b - a)]
        last = b
    out.append(text[last:])
    return "".join(out)


def number_years(sentence: str, at: int) -> set[int]:
    """The years a sentence states as its own for the number at offset `at`: a number inside an aside takes the
    aside's years where it states any (else the sentence's), a number outside takes the sentence's without
    its asides."""
    for a, b in aside_spans(sentence):
        if a < at < b:
            inside = own_years(sentence[a:b])
            return inside or own_years(without_asides(sentence, at))
    return own_years(without_asides(sentence))


# "比上年的N", "上年为N", "去年同期N": the number is last year's — the year before the one its sentence (outside
# asides) or else its document reports on. No other figure and no word of change in between.
def last_year_dated(clause_before: str, sentence_years: set[int], present: int | None) -> int | None:
    """The calendar year of a figure its clause gives to 上年/去年, or None."""
    if not given_to_last_year(clause_before):
        return None
    base = max(sentence_years) if sentence_years else present
    return base - 1 if base is not None else None


def given_to_last_year(clause_before: str) -> bool:
    """The number's clause gives it to 上年/去年: the last such word before it, with no other figure and no word
    of change in between ("比上年增加N" gives N to the change, not to last year)."""
    last = max(_LAST_YEAR.finditer(clause_before), key=lambda m: m.start(), default=None)
    if last is None:
        return False
    between = clause_before[last.end() :]
    return not _OTHER_FIGURE.search(between) and not _CHANGE_WORD.search(between)


def own_years(text: str) -> set[int]:
    """The years a text states as its own, without those that are only the base of a comparison."""
    out = set()
    for year, start, end in calendar_years(text):
        before = text[max(0, start - 3) : start]
        if (
            _BASE_BEFORE.search(before)
            or (before.endswith(("与", "同")) and _BASE_AFTER_WITH.match(text, end))
            or (_FROM_BEFORE.search(before) and _FROM_VALUE_AFTER.match(text, end))
        ):
            continue
        out.add(year)
    return out


# Between a dating year and its number: a change ("比2022年增加N个": N is a difference, not 2022's figure).
_CHANGE_WORD = re.compile(r"增加|减少|增长|下降|上升|提高|降低|回落|扩大|缩小|成长|多|少|增|减")


def dating_year(clause_before: str) -> int | None:
    """The year a number is stated for, when its own clause dates it: the last year in the clause before the
    number, with no other figure and no word of change in between ("较2022年的N", "2022年新增N户")."""
    years = calendar_years(clause_before)
    if not years:
        return None
    between = _DATE_PART.sub("", clause_before[years[-1][2] :])
    if _OTHER_FIGURE.search(between) or _CHANGE_WORD.search(between.replace("新增", "")):
        return None
    return years[-1][0]


# Words of a plan or a target ("计划新建…", "力争…", "预期目标…", "将把…提高到"): a figure aimed at,
# not one reached — unless the question asks the plan.
_PLAN = re.compile(
    r"计划|规划|力争|争取|目标|预期|预计|预定|拟|下达(?:的)?(?:目标)?任务|"
    r"将(?:把|继续|新建|建成|达到|提高|实现|完成|力争|努力|推动|争取|新增|再)"
)
_PLAN_ASKED = re.compile(r"计划|规划|力争|争取|目标|预期|预计|预定|拟|打算|将|要|任务")
# A figure named a task or target by the words right after it ("完成上级下达的N个任务", "N个的目标").
_PLAN_AFTER = re.compile(r"\s*(?:的)?(?:年度)?(?:目标)?(?:任务|目标|计划)")


def planned(sentence_before: str, after: str = "") -> bool:
    """Words of planning before the number in its sentence (or in its table column's header, joined by the
    caller), or a task or target named right after it."""
    return bool(_PLAN.search(sentence_before) or _PLAN_AFTER.match(after))


# A plan's completion asked (目标完成率, 计划完成情况): what was done against the plan, a result, not the plan.
_PLAN_COMPLETION = re.compile(r"(?:目标|计划|任务)(?:的)?完成(?:率|情况|比例|进度)")


def without_plan_completion(text: str) -> str:
    """A question's text with a plan's completion asked (`_PLAN_COMPLETION`) left out, for reading a plan asked."""
    return _PLAN_COMPLETION.sub("完成率", text)


def plan_asked(q: Question, present: int | None = None) -> bool:
    """The question asks a plan: in words (计划, 目标, 将…), or by asking a year after the one the number's document
    reports on (2025年 of a review of 2024 can only be answered by what it plans for 2025)."""
    return bool(_PLAN_ASKED.search(without_plan_completion(q.text))) or (
        q.year is not None and present is not None and q.year > present
    )


def plan_unasked(q: Question, sentence_before: str, after: str = "", present: int | None = None) -> float:
    """1 for a count, amount or share stated as a plan or target (words of planning before it in its
    sentence, or 任务/目标 right after it) where the question asks no plan."""
    return float(
        q.kind in ("count", "amount", "share") and not plan_asked(q, present) and planned(sentence_before, after)
    )


# The heading of the section a sentence stands in: the last short line before it with no sentence end
# ("二、明年主要目标", "（三）下一步工作安排"), or the passage's own heading.
_HEADING_CHARS = 30
_PLAN_HEADING = re.compile(r"计划|规划|目标|预期|打算|安排|展望|思路|任务|草案|未来|今后|下一步|下一?阶段")
# Words only a review says (工作总结, 工作回顾, 执行情况): under a title of both a review and plans, the review's figures.
_REVIEW_WORDS = "工作回顾|回顾|工作总结|总结|执行情况|完成情况"
_REVIEW_HEADING = re.compile(_REVIEW_WORDS)
# Words of planning. In a question, a plan clearly asked: narrower than _PLAN_ASKED (no 将/要, which most questions
# about a year's work hold). In a statement (`qa.given_instead`), a target stated.
PLAN_WORDS = re.compile(r"计划|规划|目标|预期|预计|预定|力争|争取|打算|拟|任务")


def section_heading(passage: Passage, sentence_start: int) -> str:
    lines = (passage.heading + "\n" + passage.view[:sentence_start]).split("\n")[:-1]  # the last is the sentence's
    # A table's header or row line is short and has no full stop too, but heads no section: a column named
    # 完成目标比例 does not make its table a plan.
    heads = [
        line
        for line in lines
        if line.strip() and len(line) <= _HEADING_CHARS and "。" not in line and not _TABLE_LINE.search(line)
    ]
    return heads[-1] if heads else ""


_TABLE_LINE = re.compile(r"[\t｜|]")


def section_plan(q: Question, heading: str, present: int | None = None) -> float:
    """1 for a count, amount or share under a heading of plans (…主要目标, …工作安排, …预算草案) where the question
    asks no plan: the section states what is to be done, whatever the sentence's own words. A heading naming a year
    after the one its document reports on (`present`: "二、2025年财政收支" in a review of 2024) heads next year's
    figures, for a question that asks no year."""
    if q.kind not in ("count", "amount", "share") or plan_asked(q, present):
        return 0.0
    if _REVIEW_HEADING.search(heading):
        return 0.0  # a title of both ("2024年工作总结和2025年工作思路"): its opening states the year's work, not plans
    if _PLAN_HEADING.search(heading):
        return 1.0
    return float(q.year is None and present is not None and any(year > present for year in own_years(heading)))


def plan_unstated(q: Question, sentence_before: str, heading: str, after: str = "") -> float:
    """1 where the question asks a plan or target (年度计划, 目标任务) and the number has no word of planning
    before it in its sentence nor in its section's heading: a figure of what was done, not the plan."""
    return float(
        q.kind in ("count", "amount", "share")
        and bool(PLAN_WORDS.search(without_plan_completion(q.text)))
        and not planned(sentence_before, after)
        and not _PLAN_HEADING.search(heading)
    )


# A change asked ("比上年提高了多少X", "增加了几个"), and a level stated ("提高到N元", "达到N"): the level
# reached is not the change.
_CHANGE_QUESTION = re.compile(
    r"(?:增加|减少|增长|下降|上升|提高|降低|上涨|回落|扩大|缩小|上调|下调)了?(?:多少|几)|多了多少|少了多少|增幅|降幅|增量"
)
_LEVEL_BEFORE = re.compile(r"(?:到|至)(?:每人每[月年天日]|每[月年人户天])?(?:约|近|超过)?$|达到(?:约|近)?$")


def change_question(text: str) -> bool:
    """Does a question ask a change (增加了多少, 提高了几个, 增幅), with or without its base?"""
    return _CHANGE_QUESTION.search(text) is not None


def level_unasked(q: Question, clause_before: str) -> float:
    """1 for a level reached (…提高到N, 达到N) where the question asks a change."""
    return float(
        q.kind in ("count", "amount", "share")
        and bool(_CHANGE_QUESTION.search(q.text))
        and bool(_LEVEL_BEFORE.search(clause_before))
    )


# Words that make a figure another figure of the same thing: a median is no mean, 农村 no 城镇, 常住 no 户籍, a
# national honour no provincial one. General statistical vocabulary, not words of any report.
_QUALIFIER = re.compile(
    r"中位数|平均|人均|累计|户籍|常住|城镇|农村|城市|城乡|规模以上|全国|省级|市级|县级|国家级|示范|在册|登记|调查|实际"
)


def qualifier_asked(text: str) -> bool:
    """Whether a question names its thing with a statistical qualifier (`_QUALIFIER`: 省级, 农村, 常住, 人均…)."""
    return _QUALIFIER.search(text) is not None


# Qualifiers that exclude one another: a clause stating one of a group speaks of that one, not of its siblings.
_QUALIFIER_GROUPS = (
    frozenset({"中位数", "平均", "人均"}),
    frozenset({"城镇", "农村", "城市", "城乡"}),
    frozenset({"户籍", "常住"}),
    frozenset({"全国", "省级", "市级", "县级", "国家级"}),
)


def _siblings(word: str) -> frozenset[str]:
    return next((g - {word} for g in _QUALIFIER_GROUPS if word in g), frozenset())


_LEAD_BEFORE = 60  # characters of the text before a number's sentence that its qualifiers may stand in


def qualifier_unstated(q: Question, around: str, lead: str = "") -> float:
    """1 when the thing asked carries a qualifier (`_QUALIFIER`: 中位数, 农村, 常住, 全国…) that the number's own
    item and clause do not state: the figure of the unqualified or otherwise qualified thing beside it.
    A qualifier its sentence states before the number (`lead`) holds for it too, unless its own item or clause
    states a sibling (人均 in "X人均收入N元，其中农村居民M元" holds for M; 平均 does not hold for "中位数N元")."""
    asked = {m.group() for m in _QUALIFIER.finditer(q.head or q.target)}
    return float(
        any(word not in around and (word not in lead or any(x in around for x in _siblings(word))) for word in asked)
    )


# A grade on a scale: the grade (一…五, 特, 甲乙丙丁, A…E, 1…5) and the scale's word (等, 级, 类, 星级, 星, 档); not a
# tier of government (省一级, 市一级: "at the provincial level").
# The words of a grade's scale, longest first (四星级, 二等, 一级).
GRADE_SCALES = ("星级", "等", "级", "类", "星", "档")
GRADE = re.compile(rf"(?<![省市县区镇乡])([一二三四五特甲乙丙丁ABCDE1-5])({'|'.join(GRADE_SCALES)})")


def grade_left_out(thing: str, own: str, said: str) -> float:
    """1 where the thing asked names a grade (甲级 of 甲级设计单位, `GRADE`) that the number's own item and clause (`own`)
    do not say and its passage (`said`) does: the figure of the whole beside the grade's own ("设计单位N家，其中甲级M家")."""
    return float(any(m.group() not in own and m.group() in said for m in GRADE.finditer(thing)))


def modifier_left_out(distinguishing: Sequence[str], question: str, own: str, lead: str, said: str) -> float:
    """1 where a modifier of the thing asked (a distinguishing word right before the next word of the thing in the
    question: 海水 of 海水/产品产量, 高技能 of 高技能/人才) is not in the number's own item and clause (`own`, whole or
    abbreviated) nor before it in its sentence, section heading or table caption (`lead`), `own` holds the word it
    modifies, and the passage (`said`) says the modifier right before that word's start elsewhere: the passage states
    the narrower class asked, and this number is the wider one's (全年粮食产量 beside 其中稻谷N万吨).
    `_QUALIFIER` words (城镇, 人均…) are `qualifier_unstated`'s own."""
    for modifier, word in itertools.pairwise(distinguishing):
        if (
            modifier + word in question
            and word in own
            and modifier + word[:2] in said
            and not _QUALIFIER.search(modifier)
            and not _FRAMING_WORD.match(modifier)
            and modifier not in lead
            and not holds_word(own, modifier)
        ):
            return 1.0
    return 0.0


# A difference stated against a base ("比上年增加N个", "较2022年减少N户"): a change, not the level asked.
_CHANGE_BEFORE = re.compile(
    r"(?:比|较|同比|环比|相比).{0,16}?(?:增加|减少|增长|下降|上升|提高|降低|回落|扩大|缩小|成长|多|少|增|减)了?"
    r"(?:约|近|超过|达|逾)?$"
)
_CHANGE_ASKED = re.compile(r"增加|减少|增长|下降|上升|提高|降低|变化|多了|少了|增幅|降幅|增量|相比|比上|较上|差")


# A change stated right before its number ("增长5.1%", "比上年增加N个", "减少12.5个百分点"): the figure is a change.
# Not a bound (至少, 最多) and not the new ones of a year (新增N个 is no change against a base).
_RISE_OR_FALL = "增加|减少|增长|下降|上升|提高|降低|回落|扩大|缩小|上涨|下跌"
# The figures of a list before the number share its change word: "分别增长x%和y%" states both as changes.
_LISTED_BEFORE = r"(?:\d[\d.]*(?:%|‰|个百分点|倍)?(?:、|和|及|与))*"
_CHANGE_RIGHT_BEFORE = re.compile(
    rf"(?:{_RISE_OR_FALL}|(?<![最至])多|(?<![至最])少|(?<!新)增|减)了?(?:约|近|超过|达|逾)?{_LISTED_BEFORE}$"
)
# A change against a base asked outright ("比上年增加多少", "较2023年下降几个百分点", "较上年少了几户"): answered by a
# figure stated as a change (`change_stated`), not by the level beside it (`qa.answerable.change_unstated`).
CHANGE_AGAINST_BASE_ASKED = re.compile(
    rf"(?:比|较|同比|环比|相比)[^，。,？?]{{0,12}}?(?:{_RISE_OR_FALL}|多|少|增|减)了?(?:多少|几)"
)


# Where a question names its base ("X比上年增加多少" → X): the thing asked ends before it. A clause stating another
# thing's change against the same base ("…营业收入比上年增长N%") shares the base's words, not the thing's.
_BASE_COMPARED = re.compile(rf"(?:同比|环比|相比|比|较)[^，。,]{{0,12}}?(?:{_RISE_OR_FALL}|多|少|增|减)")


def without_base(target: str) -> str:
    """The thing asked without the base it is compared with and the change word ("户外驿站比上年增加" → "户外驿站")."""
    found = _BASE_COMPARED.search(target)
    return target[: found.start()] if found and found.start() > 0 else target


def change_stated(clause_before: str) -> float:
    """1 for a number its clause states as a change (a rise or fall, with or without a base)."""
    return float(bool(_CHANGE_RIGHT_BEFORE.search(clause_before)))


def change_unasked(q: Question, clause_before: str) -> float:
    """1 for a number stated as a change against a base where a count or amount question asks a level."""
    return float(
        q.kind in ("count", "amount")
        and not _CHANGE_ASKED.search(q.text)
        and bool(_CHANGE_BEFORE.search(clause_before))
    )


# A stock stated: "全市现有N家", "共有N个", "总数达N". (?<!没|具|所): no 没有/具有/所有.
_STOCK_IN_TEXT = re.compile(r"现有|共有|拥有|总数|总计|合计|共计|总量|(?<![没具所])有")


# A deed done by or to so many of the things counted, said before the number ("录入N家X") or after it ("N家X开展
# 某活动"): a part taking part, not the stock. 建成/覆盖 are left out: "全市建成N个" states a stock.
_DEED_IN_TEXT = re.compile(
    r"新建|新增|发放|举办|开展|组织|帮助|协助|帮扶|慰问|走访|培训|录入|入驻|注册|吸收|参加|"
    r"参与|对接|受理|办理|资助|救助|表彰|评选|培育|认定|签订|调解|接待|改造|获评|获得"
)


def stock_fit(q: Question, clause_before: str, clause_after: str = "") -> dict[str, float]:
    """For a question asking how many there are (`Question.stock`): `stock_stated`, the number's clause says
    it is what there is (现有/共有/有…); `deed_stated`, it says something was done by or to so many instead
    (录入N家, N家…开展…) and states no stock."""
    if not q.stock:
        return {"stock_stated": 0.0, "deed_stated": 0.0}
    stock = bool(_STOCK_IN_TEXT.search(clause_before))
    deed = bool(_DEED_IN_TEXT.search(clause_before + "," + clause_after))
    return {"stock_stated": float(stock), "deed_stated": float(not stock and deed)}


# What a count says of its things: how many were added in the period (新建N个, 全年新吸收N人, 增设N处) or how
# many there are in all (累计N个, 总数达到N处, 共有N家) — a report gives both side by side.
NEW_IN_TEXT = re.compile(
    r"新(?:建|增|吸收|发展|命名|认定|设立|设|开设|培育|招收|纳入|登记|注册|入会|创建|组建|评定|开工|投用|建成)|增设|增建"
)
_TOTAL_IN_TEXT = re.compile(r"累计|总数|总量|总计|合计|共计|共有|现有|拥有|总共|一共|年[末底](?:共|有|拥有|共有)")
# A level reached ("…企业达到N家"): a total too, where the clause says no addition (`increment_fit`).
_LEVEL_REACHED = re.compile(r"达到|增至|增加到|发展到")
_TOTAL_ASKED = re.compile(r"累计|总数|总量|总计|合计|共计|一共|总共|共有|现有|拥有|全部")


def increment_fit(
    q: Question, clause_before: str, sentence_before: str = "", asked_names: tuple[str, ...] = (), own: str = ""
) -> dict[str, float]:
    """`new_unasked`: the question asks how many there are in all (累计, 总数, 一共, 有多少: `Question.stock`)
    and the number's clause says how many were added (新建N个, 增设N处) and states no total — or the question asks
    the whole (those words, or its extent: 全市…) and the number is a part its sentence (`sentence_before`, up to the
    number) names after 其中 (`part_unasked`) — or the number sums a breakdown's other parts (`rest_summed`);
    `total_unasked`: the question asks how many were added and the clause states a total (累计N个, 年末有N家) and no
    addition."""
    if q.kind not in ("count", "amount"):
        return {"new_unasked": 0.0, "total_unasked": 0.0}
    asks_total = bool(_TOTAL_ASKED.search(q.text)) or q.stock
    part = part_unasked(q, sentence_before, asked_names, own) if asks_total or (q.scope or "").startswith("全") else 0.0
    part = max(part, rest_summed(q.text, clause_before, asked_names))
    if q.kind != "count":
        return {"new_unasked": part, "total_unasked": 0.0}
    asks_new = bool(NEW_IN_TEXT.search(q.text))
    says_new = bool(NEW_IN_TEXT.search(clause_before))
    says_total = bool(_TOTAL_IN_TEXT.search(clause_before) or _LEVEL_REACHED.search(clause_before))
    return {
        "new_unasked": max(part, float(asks_total and not asks_new and says_new and not says_total)),
        "total_unasked": float(asks_new and not asks_total and says_total and not says_new),
    }


# The rest of a breakdown summed ("其余12个乡镇合计N人", "其他各县共计N个"): the parts not named one by one.
_REST_SUMMED = re.compile(r"(?:其余|其他|其它)[^，,。；;]{0,16}?(?:合计|共计|总计|共)")


def rest_summed(question: str, clause_before: str, asked_names: Sequence[str] = ()) -> float:
    """1 for a number its clause states as the sum of a breakdown's remaining parts (其余…合计N) where the question does
    not ask the rest: neither the whole nor any one part named. A sum naming the place asked ("甲县、乙区等其余县区合计N")
    is that place's group's (`group_total`; `qa.answerable.group_only` refuses it), not read here."""
    return float(
        bool(_REST_SUMMED.search(clause_before))
        and not re.search("其余|其他|其它", question)
        and not any(name in clause_before for name in asked_names)
    )


# What opens a breakdown: "…共N件，其中A类M件", "按类型分，A类M个", "分县区看，A县M人" (what follows names parts).
_PART_OF = re.compile(r"其中|按[\u4e00-\u9fff]{1,6}分(?![析配别布])|分[\u4e00-\u9fff]{1,6}看")


def part_unasked(q: Question, sentence_before: str, asked_names: tuple[str, ...] = (), own: str = "") -> float:
    """1 when the number's sentence up to it (`sentence_before`) names, after its last 其中 (按…分, 分…看), a part the
    question does not, and no whole again: a two-character run of the text there that the question does not hold
    ("全市学校N所，其中小学M所" for a question on all schools; none for "全市小学多少所"), in its own item of a list of
    parts ("其中小学M所、初中K所": 初中's; a part named by the place asked, `asked_names`, is asked). A part whose
    text, or the number's own item and clause (`own`), says the thing asked where the whole's does not is the part
    asked ("学校N所，其中民办学校M所" for 民办学校; "其中建成N个服务站点" for 服务站点)."""
    opens = list(_PART_OF.finditer(sentence_before))
    if not opens:
        return 0.0
    part = sentence_before[opens[-1].end() :]
    if _WHOLE_IN_TEXT.search(part):  # "其中A类N人，全市X总量达到M人": the breakdown ended, a whole again
        return 0.0
    # a list of parts (A类x个、B类y个): the number's own item names its part
    part = _DIGIT_RUN.sub(" ", _LIST_SEPARATOR.split(part)[-1])
    whole, thing = sentence_before[: opens[-1].start()], q.head or q.target
    if any(gram in part + "\n" + own and not said_in(gram, whole) for gram in _bigrams(thing)):
        return 0.0  # the thing asked is said of the part, not of the whole before it: the part is asked
    asked = (q.text, *asked_names)
    # a part may be named by a grade or a code (4A级景区, 5G基站 under A级景区, 基站): its runs keep Latin letters and
    # digits that are no figure (`_DIGIT_RUN` leaves a digit before a letter)
    runs = _PART_NAME_RUN.findall(part)
    return float(any(all(gram not in a for a in asked) for run in runs for gram in _bigrams(run)))


# The first part a breakdown names after a number: the text after 其中 (按…分, 分…看) up to its first figure or list mark,
# without a word of approximation or a verb of stating before the figure (其中城区约N个, 其中城区有N个).
_FIRST_PART = re.compile(r"[，,：:\s]*([^\d，,。；;、：:\n]{1,16})")
_BEFORE_FIGURE = re.compile(r"(?:约|近|超过|逾|达到|达|有|为|共|合计|共计)+$")


def part_asked_after(question: str, own: str, after: str) -> float:
    """1 where the number's sentence goes on (`after`, from the number to the sentence's end) to a breakdown whose first
    part the question names as the breakdown does (its name, two Han characters or more, whole in `question`: a place
    asked too, "全市…N个，其中甲县M个" for 甲县) and the number's own text (`own`: its sentence up to it, its item and
    clause) does not, or says only joined with another item (`joined_only`: "甲费用和乙津贴共计N元，其中乙津贴M元" for 乙津贴):
    the whole's figure, with the part asked stated after it ("全区建成书屋N个，其中城区M个" for 城区书屋). The mirror of
    `part_unasked` (a part given, the whole asked)."""
    opens = _PART_OF.search(after)
    if not opens or _PART_OF.search(own):
        return 0.0
    # each part of the breakdown, the first and those listed after it ("其中A 9家、B 37家": B asked too)
    for piece in _PART_ITEM_BREAK.split(after[opens.end() :]):
        first = _FIRST_PART.match(piece)
        if first is None:
            continue
        name = _BEFORE_FIGURE.sub("", first.group(1).strip())
        if (
            _HAN_RUN.fullmatch(name) is not None
            and name in question
            and (not said_in(name, own) or joined_only(name, own))
            and not _FRAMING_WORD.match(name)
            and not _NO_PART.match(name)
        ):
            return 1.0
    return 0.0


_PART_ITEM_BREAK = re.compile(rf"[、；;]|{BREAK_COMMA}")
# A piece of a breakdown that is a change or a share of the part before it (…M人，增长4.0%), no part of its own.
_NO_PART = re.compile(r"^(?:同比|比上|较上|增长|增加|下降|减少|提高|降低|占)")


def breakdown_next(text: str, end: int) -> str:
    """The sentence after the one ending at `end` where it opens a breakdown (`_PART_OF` first: "全市共有X N人。其中，A M
    人、B K人", "…N人；按行业分，A M人"): the parts of the figure its sentence before stated; empty otherwise."""
    rest = text[end:].lstrip(" \t")
    if _PART_OF.match(rest) is None:
        return ""
    stop = SENTENCE_OR_LINE_END.search(rest)
    return rest[: stop.end()] if stop else rest


# Words joining items of one statement ("甲费用和乙津贴共计N元", "甲、乙N个").
_JOINER = "和及与、"


def joined_only(name: str, text: str) -> bool:
    """Does `text` say `name` only as one item joined with another: next to a joining word ("甲费用和乙津贴共计N元": 乙津贴),
    or, a two-character name, beside a two-character word opening with its first character ("接待来信来访来电N件次":
    来访)? Such a statement's figure is the items' together; a breakdown after it gives the item's own."""
    found = [at.start() for at in re.finditer(re.escape(name), text)]
    if not found:
        return False
    for start in found:
        end = start + len(name)
        if (start > 0 and text[start - 1] in _JOINER) or (end < len(text) and text[end] in _JOINER):
            continue
        if len(name) == 2 and any(
            _HAN_RUN.fullmatch(pair) is not None and pair[0] == name[0]
            for pair in (text[max(start - 2, 0) : start], text[end : end + 2])
        ):
            continue
        return False
    return True


# What a number's subject may say before the thing it counts and still count the thing itself: an extent, the year or
# its end, a stock or a total, a deed of stating it (全市拥有X, 全年发放X, 累计建成X).
_BARE_BEFORE = re.compile(
    r"^(?:全国|我国|全省|全市|全区|全县|全州|全镇|全年|年末|年底|本年|当年|今年|目前|现有|共有|拥有|设有|建有|共|有|累计|合计|总计|"
    r"发放|建成|实现|完成|达到|达)*$"
)
_EXTENT_LEAD = re.compile(r"^(?:全国|我国|全省|全市|全区|全县|全州|全镇|全年)+")


def asked_core(thing: str, names: Sequence[str]) -> str:
    """The thing asked without the places asked and the extent before it ("甲市全市工会驿站" → 工会驿站): what a number's
    subject ends on where it counts the thing."""
    for name in sorted(names, key=len, reverse=True):
        thing = thing.replace(name, "\n")
    return _EXTENT_LEAD.sub("", thing.split("\n")[-1])


# A measure word ending a number's subject (…参保人数, …资金总额): the thing it measures is the words before it.
_SUBJECT_MEASURE = re.compile(r"(?:人数|总数|数量|户数|个数|总量|总额|金额|规模)$")


def kind_before(subject: str, core: str) -> str | None:
    """What a number's subject (`NumberMention.subject`) names before the thing asked (`core`, `asked_core`): "" where it
    counts the thing itself (拥有X, 全年发放X), the words before it where they name a kind of it (春节专项X, 龙头X), None
    where the subject does not end on the thing."""
    if len(core) >= 2 and not subject.endswith(core):
        # the subject's measure word the thing asked leaves off (参保人数 under a question whose thing is 参保)
        subject = _SUBJECT_MEASURE.sub("", subject)
    if len(core) < 2 or not subject.endswith(core):
        return None
    before = subject[: len(subject) - len(core)]
    return "" if _BARE_BEFORE.match(before) else before


def kind_unasked(before: str | None, question: str) -> bool:
    """Is `before` (`kind_before`) a kind's name the question does not hold: two Han characters or more, none of its
    two-character runs in the question, no framing word (甲类X beside a question on X)?"""
    if not before or not _HAN_RUN.search(before) or _FRAMING_WORD.match(before):
        return False
    return not any(g in question for run in _HAN_RUN.findall(before) for g in _bigrams(run))


def said_in(word: str, text: str) -> bool:
    """Does `text` say `word`, whole, written in full (`abbreviates`: 低保 in 最低生活保障) or by a report's term for it
    (`said_otherwise`: 护士 by 护理人员)?"""
    return word in text or abbreviates(word, text) or said_otherwise(word, text)


_LIST_SEPARATOR = re.compile(r"[、；;]")


# a figure and its measure word: no part's name; a digit before a Latin letter is a grade or a code (4A, 5G), a name
_DIGIT_RUN = re.compile(r"(?<![0-9A-Za-z])\d[\d.,，]*(?![\d.,，A-Za-z])(?:%|[\u4e00-\u9fff])?")
_PART_NAME_RUN = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]{2,}")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")


def whole_before_parts(statement: str, at: int) -> bool:
    """Is the number ending at `at` stated before the 其中 that opens its statement's breakdown, with no 其中 before
    it ("全市共有N人，其中A县x人、B县y人": N is the whole the parts divide)?"""
    return _PART_OF.search(statement, 0, at) is None and _PART_OF.search(statement, at) is not None


def _bigrams(run: str) -> list[str]:
    return [run[i : i + 2] for i in range(len(run) - 1)]


# Last year's figure: "上年为N", "去年同期N", "注：上年该项N" (no change word between: "比上年增加N" is a change).
_LAST_YEAR = re.compile(r"上年度?|去年|上一年|前一年")
_PAST_ASKED = re.compile(r"上年|去年|前年|上一年|此前|以前|过去|历年|当年|之前|提高前|调整前|原来|原先|原有")


# Before a year that does not date what follows: a base (比/较/由/从 YEAR), a start (自 YEAR).
_NOT_DATING = re.compile(r"(?:比|较|相比|由|从|自|与|同)于?$")


def stated_year(clause_before: str, sentence_before: str) -> int | None:
    """The year a number is stated for: the year its own clause dates it with (`dating_year`), else the last
    year its sentence states before it that is no base or start ("由2016年的N提高到M": not M's), with no
    word of change in between, else None."""
    if "年" not in sentence_before:  # most sentences date nothing: no regex scan
        return None
    year = dating_year(clause_before)
    if year is not None:
        return year
    for year, start, end in reversed(calendar_years(sentence_before)):
        if _NOT_DATING.search(sentence_before[max(0, start - 3) : start]):
            continue
        return None if _CHANGE_WORD.search(sentence_before[end:].replace("新增", "")) else year
    return None


def past_unasked(q: Question, clause_before: str, sentence_before: str, present: int | None, header: str = "") -> float:
    """1 for a figure of an earlier year than the one its document reports on (`present`, the year it states
    most) where the question asks no year and no past: "注：2021年该项为N" or "比上年末的N个" in a report on
    2022 — also a figure its clause gives to 上年/去年, where no year or the document's own year is asked."""
    if q.kind not in ("count", "amount", "share") or _PAST_ASKED.search(q.text):
        return 0.0
    return float(_past_figure(q, clause_before, sentence_before, present, header))


def _past_figure(q: Question, clause_before: str, sentence_before: str, present: int | None, header: str) -> bool:
    """A figure given to last year (上年/去年 in its clause), or dated (its clause, or a table column) earlier
    than the year its document reports on — where the question names no other year."""
    if (q.year is None or q.year == present) and given_to_last_year(clause_before):
        return True
    if q.year is not None or present is None:
        return False
    year = stated_year(clause_before, sentence_before)
    if year is None and header:  # a table cell dated by its column's header ("项目｜2023年｜2024年")
        header_years = {y for y, _, _ in calendar_years(header)}
        year = header_years.pop() if len(header_years) == 1 else None
    return year is not None and year < present


# Last year's figure asked outright ("上年新建多少", "去年的X"), not a change against it ("比上年增长多少").
_LAST_YEAR_ASKED = re.compile(r"(?<![比较与同和跟])(?:上年度?|去年|上一年|前一年)(?!以来)")


def past_asked(
    q: Question, clause_before: str, sentence_before: str, present: int | None, header: str = ""
) -> dict[str, float]:
    """Where the question asks last year's figure and names no year: `past_asked` 1 for a figure of last year
    (as `past_unasked` reads it), `past_asked_other` 1 for any other figure (most often this year's, which
    the same sentence states first)."""
    if q.kind not in ("count", "amount", "share") or q.year is not None or not _LAST_YEAR_ASKED.search(q.text):
        return {"past_asked": 0.0, "past_asked_other": 0.0}
    past = _past_figure(q, clause_before, sentence_before, present, header)
    return {"past_asked": float(past), "past_asked_other": float(not past)}


# A year only planned for: a deadline or target ("预计于20XX年建成", "20XX年重点任务", "20XX年发展目标"), or a
# section or draft of next year's plans ("20XX年工作打算", "20XX年预算草案", "20XX年施政重点").
_PLAN_YEAR_BEFORE = re.compile(r"(?:预计|预定|计划|力争|争取|拟|将)[于在]?[^\S\n]*$")
_PLAN_YEAR_AFTER = re.compile(
    r"[^，。；,;\n]{0,2}?(?:任务|目标|规划|计划|安排|打算|草案|施政重点|工作重点)"
    # a year opening a clause of intent ("20XX年，全市将力争…")
    r"|[，,][^，。；,;\n]{0,10}?(?:将|力争|争取|计划|拟)"
)
# A report's delivery date ("——20XX年1月在…会议上"): the session it was read at, not a year it reports on.
_DELIVERED_AFTER = re.compile(r"\d{1,2}月[^\n。]{0,40}?(?:会议|大会|会)上")
# A year a report reviews, named on a short line (its title or a section heading) before a word of review: "一、20XX年
# 工作回顾", "某局20XX年工作总结", "关于某市20XX年预算执行情况和…的报告". A report delivered at a session early in the
# next year is dated by that year (its title, its delivery date, its plans) more often than by the year it is on.
_REVIEW_AFTER = re.compile(rf"度?[^，。；,;:\n]{{0,6}}?(?:{_REVIEW_WORDS}|主要工作|工作情况|施政成果|工作成效)")
_REVIEW_LINE_CHARS = 40


def present_year(text: str) -> int | None:
    """The year a document reports on: the latest year a short line of it (its title, a section heading) names as
    reviewed (`_REVIEW_AFTER`: "2024年工作回顾" in a report delivered in 2025), if that is its latest year or the one
    before; else the year it states most often (the later one of a tie), where that is its latest year or the one
    before (a report on a year names the next one only for its plans); else None — a history (an encyclopedia
    article) reports on no one year. A year named only as a deadline, target or plan (`_PLAN_YEAR_*`) or as the date
    a report was delivered at a session (`_DELIVERED_AFTER`) is no year reported on: a district's review of 2024 that
    says a hall "预计于2027年建成" still reports on 2024."""
    counts: dict[int, int] = {}
    reviewed: set[int] = set()
    for year, start, end in calendar_years(text):
        if _PLAN_YEAR_BEFORE.search(text[max(0, start - 5) : start]) or _PLAN_YEAR_AFTER.match(text, end):
            continue
        if _DELIVERED_AFTER.match(text, end):
            continue
        counts[year] = counts.get(year, 0) + 1
        if _REVIEW_AFTER.match(text, end) and _short_line(text, start):
            reviewed.add(year)
    if not counts:
        return None
    latest = max(counts)
    if reviewed and max(reviewed) >= latest - 1:
        return max(reviewed)
    most = max(counts, key=lambda y: (counts[y], y))
    return most if most >= latest - 1 else None


def _short_line(text: str, at: int) -> bool:
    """Whether the line holding offset `at` is a title's or a heading's: short, with no sentence end."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    line = text[start : end if end != -1 else len(text)]
    return len(line) <= _REVIEW_LINE_CHARS and "。" not in line


def section_year_other(q: Question, passage: Passage, sentence_start: int, sentence: str) -> float:
    """1 when a sentence that states no year follows, in its passage (or heading), a statement of another year
    than the one asked: under "2021年工作回顾" an undated "全年完成…" is that year's figure, whatever year the
    report's title carries."""
    if q.year is None or calendar_years(sentence):
        return 0.0
    before = _stated_years(passage.view[:sentence_start]) or _stated_years(passage.heading)
    return float(bool(before) and before[-1] != q.year)


# A document's date in brackets on its own ("（20XX年3月）", "(20XX年3月15日)" under a bulletin's title): when it was
# issued, not a year its statements are about — a bulletin on one year is issued early in the next.
_DATE_LINE = re.compile(r"[（(]\s*\d{4}年\d{1,2}月(?:\d{1,2}日)?\s*[）)]")


def _stated_years(text: str) -> list[int]:
    """The calendar years `text` states, in order, but a bracketed issue date's."""
    issued = [(m.start(), m.end()) for m in _DATE_LINE.finditer(text)]
    return [year for year, start, _ in calendar_years(text) if not any(a <= start < b for a, b in issued)]


def local_unnamed_passage(q: Question, passage: str) -> float:
    """1 when the question asks places the gazetteer lacks (X村, X镇, X街道) and one of them is named nowhere in the
    number's passage, heading or report title (`passage`), not even by its bare name: the passage is not about it."""
    return float(any(not any(s in passage for s in local_stems((name,))) for name in q.local_places))


def local_place_unnamed(q: Question, passage: Passage, sentence: str) -> float:
    """1 when the question asks a place the gazetteer lacks (a town, a street) that neither the sentence nor
    its report's title names: the passage names the place somewhere, but this sentence speaks of the whole
    report's extent (a district's total under a town's question)."""
    stems = local_stems(q.local_places)
    return float(bool(stems) and not any(s in passage.title or s in sentence for s in stems))


# Between a year and the number it dates: a month or day of that date, no other figure.
_DATE_PART = re.compile(r"\d{1,2}月(?:\d{1,2}日)?|\d{1,2}日")
_OTHER_FIGURE = re.compile(r"[\d０-９]|[一二三四五六七八九十两百千万亿]+[个家人名项万亿元%]")


def year_attached(q: Question, clause_before: str, sentence: str) -> dict[str, float]:
    """The year a number is stated for, when its own clause dates it: the last year in the clause before the
    number, with no other figure in between ("比2022年底的N个", "较111年度的N人", "2022年新增N户"). A comparison
    gives last year's figure beside this year's in one sentence, which states both years: the year asked dates
    one of them. `year_attached`: that year is the one asked; `year_attached_other`: it is another year. Only
    in a sentence that states two years or more: in a sentence of one year, `year_fit` says all there is."""
    if q.year is None or len(years_stated(sentence)) < 2:
        return {"year_attached": 0.0, "year_attached_other": 0.0}
    years = calendar_years(clause_before)
    if not years or _OTHER_FIGURE.search(_DATE_PART.sub("", clause_before[years[-1][2] :])):
        return {"year_attached": 0.0, "year_attached_other": 0.0}
    year = years[-1][0]
    return {"year_attached": float(year == q.year), "year_attached_other": float(year != q.year)}


def years_stated(text: str) -> frozenset[int]:
    """The calendar years a (matching-view) text states."""
    return frozenset(y for y, _, _ in calendar_years(text))


# Extents wider than a place of each level (0 province, 1 city, 2 county), as a clause states its own extent
# ("全国建成…"), not a comparison ("占全国…", "居全省…"). 全市 is left out: a county-level city says it of itself.
# Nor the name of an honour or a body ("全国XX奖章", "全省XX会").
# Nor a rank among the nation's ("在全国率先…", "全国领先", "全国首个"), nor a grade conferred ("建成全国XX",
# "获评全省XX": the thing is of the nation's grade; its count is still the place's own).
_NOT_EXTENT = (
    "(?!级|劳模|劳动模范|五一|模范|先进|示范|优秀|文明|工人先锋|三八|总工会|人大|政协|重点|百强|十佳|首|技术能手|技能大师"
    "|最美|道德|一流|前列|第|排名|率先|领先"
    # a title of that level named before its honour word (全国巾帼文明岗示范点, 全省和谐劳动关系模范单位), not a verb of stating
    "|(?:(?![有共建计现达为])[\u4e00-\u9fff]){1,6}?(?:示范|先进|模范|优秀))"
)
_CONFERRED = "(?<!建成)(?<!创建)(?<!获评)(?<!评为)(?<!荣获)(?<!获得)(?<!授予)(?<!命名)(?<!入选)(?<!成为)"
# Levels of places the gazetteer lacks, by suffix: 3 a town or street (全区/全县/全市 are wider), a city 1.
_LOCAL_LEVEL = {"镇": 3, "乡": 3, "道": 3, "区": 2.5, "县": 2.5, "市": 1}  # 区: X新区, a city's district
_SCOPE_IN_TEXT = re.compile(rf"{_CONFERRED}(?:全国|我国|全省|全市|全区|全县|全州|全镇){_NOT_EXTENT}")
_WIDER_THAN = {
    0: re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:全国|我国){_NOT_EXTENT}"),
    1: re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:全国|我国|全省){_NOT_EXTENT}"),
    2: re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:全国|我国|全省){_NOT_EXTENT}"),
    3: re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:全国|我国|全省|全市|全区|全县){_NOT_EXTENT}"),
    # a city's district or a county: the city's whole (全市/全州/全盟) is wider
    2.5: re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:全国|我国|全省|全市|全州|全盟){_NOT_EXTENT}"),
}
_DISTRICT_LEVEL = 2.5


def _district_level(place: Place) -> float:
    """The level whose wider extents a place's figure excludes: a city's district or a county (X区, X县, X旗)
    never says 全市 of itself, so 全市's figure is wider than it (a county-level city, X市, may say 全市 of
    itself: it stays at the county level, where 全市 is not counted wider)."""
    return _DISTRICT_LEVEL if place.level == 2 and place.name.endswith(("区", "县", "旗")) else place.level


def scope_fit(q: Question, sentence: str, clause: str = "", document_scope: str | None = None) -> dict[str, float]:
    """The extent asked (全国/全市…) against the extents the sentence states — or, where it states none and
    names no place, the extent of its whole document (`document_scope`: a national statistical bulletin's
    sentences are national ones); `scope_wider`: a question about a place, answered by a clause about a
    wider extent (a city asked, 全国's figure given)."""
    wider = 0.0
    if q.scope is None and q.kind in ("count", "amount") and (q.places or q.local_places):
        levels = [_district_level(p) for p in q.places] + [_LOCAL_LEVEL.get(name[-1], 1) for name in q.local_places]
        pattern = _WIDER_THAN.get(min(levels))
        wider = float(bool(pattern and pattern.search(clause)))
    if q.scope is None:
        return {"scope_match": 0.0, "scope_other": 0.0, "scope_wider": wider}
    said = {("全国" if s == "我国" else s) for s in _SCOPE_IN_TEXT.findall(sentence)}
    if not said and document_scope:
        said = {document_scope}
    return {
        "scope_match": float(q.scope in said),
        "scope_other": float(bool(said) and q.scope not in said),
        "scope_wider": wider,
    }


# Words that state a whole extent or a total ("全X现有…", "共有…", "总数…"): a question about a whole place
# is answered by its total, not by a count of some part or of a platform's entries.
# A number for each unit ("每个X配备…", "人均…"): not the total a question without 每/人均 asks.
_PER_UNIT_BEFORE = re.compile(r"每|人均|户均|平均|各(?=[个家所位名])")
_WHOLE_IN_TEXT = re.compile(
    r"全国|我国|全省|全市|全区|全县|全州|全镇|现有|共有|总数|总计|合计|共计|累计|总量|总共|一共"
)


# A place name followed, inside its own list item, by a figure: "其中A市78个、B市42个" names each place with its own.
_OWN_FIGURE = re.compile(r"[^、，,；;。：:\n]{0,12}?\d")


def place_listed(place_names: tuple[str, ...], text: str) -> float:
    """The place asked is named in `text` only as an item of a list of places ("A省、B市、C市等"): the text
    speaks of the list, not of that place."""
    found = False
    for name in place_names:
        if not name:
            continue
        i = text.find(name)
        while i >= 0:
            before, after = text[i - 1 : i], text[i + len(name) : i + len(name) + 1]
            if not (before and before in "、和及与") and not (after and after in "、和及与等"):
                return 0.0
            if _OWN_FIGURE.match(text, i + len(name)):
                return 0.0  # "…、B市42个、": the place's own row of a breakdown, not one name of a group
            found = True
            i = text.find(name, i + 1)
    return float(found)


# "A、B和C分别…x、y和z": the k-th number after 分别 (respectively) is the k-th item of the list before it, in
# the clause that holds both — a construction of Chinese prose in general, for places or any items.
RESPECTIVELY = re.compile(r"分别|依次")
_ITEM_JOINER = re.compile(r"以及|、|和|与|及|跟|同")
_CLAUSE_BREAK = re.compile(rf"[。；;：:！？!?\n]|{BREAK_COMMA}")  # not 1,126家's comma
_SENTENCE_BREAK = re.compile(r"[。；;！？!?\n]")


# One word naming two items in order ("城乡X分别为x、y": the town's, then the country's), and what each is called.
_PAIR_PARTS = {"城乡": ("城镇", "农村")}
_PAIR_WORD = re.compile("|".join(_PAIR_PARTS))
# Another name of a part (a question on 城市低保 asks 城镇's item).
_PART_ALIAS = {"城镇": "城市", "农村": "乡村"}


def respective_items(text: str, spans: list[tuple[int, int]]) -> dict[int, tuple[str, tuple[str, ...]]]:
    """{start of a number: (its item, the whole list)} for the numbers paired by 分别 with a list of items
    ("甲区、乙区分别建成12个、8个" → 12个 ↔ 甲区, 8个 ↔ 乙区). `spans` are the text's number mentions, in
    any order; a list and its numbers pair only when there are at least as many numbers as items."""
    out: dict[int, tuple[str, tuple[str, ...]]] = {}
    ordered = sorted(spans)
    listed: tuple[tuple[int, tuple[str, ...]], ...] = ()  # (where an earlier 分别 stands, its items)
    for m in RESPECTIVELY.finditer(text):
        breaks = [b for b in _CLAUSE_BREAK.finditer(text, 0, m.start())]
        clause_start = breaks[-1].end() if breaks else 0
        if not text[clause_start : m.start()].strip() and breaks and breaks[-1].group() in ",，":
            # "…A N元、B M元，分别增长x%和y%": 分别 opens its clause, the items are the clause before
            clause_start = breaks[-2].end() if len(breaks) > 1 else 0
        earlier = [items for at, items in listed if clause_start <= at]
        if earlier:
            # "A和B分别达到x和y，分别增长p和q": the second 分别 pairs with the first's list
            items = earlier[-1]
        else:
            items = tuple(x for x in (i.strip() for i in _ITEM_JOINER.split(text[clause_start : m.start()])) if x)
        if len(items) == 1 and (pair := _PAIR_WORD.search(items[0])):
            # "城乡低保标准分别为x、y": one word names both items, the town's first and the country's second
            items = tuple(
                items[0][: pair.start()] + part + items[0][pair.end() :] for part in _PAIR_PARTS[pair.group()]
            )
        listed += ((m.start(), items),)
        if len(items) < 2:
            continue
        stop = next((b.start() for b in _SENTENCE_BREAK.finditer(text, m.end())), len(text))
        numbers = [start for start, end in ordered if m.end() <= start and end <= stop]
        if len(numbers) < len(items):
            continue
        for item, start in zip(items, numbers):
            out.setdefault(start, (item, items))
    return out


def respective_fit(
    q: Question, place_names: tuple[str, ...], pairing: tuple[str, tuple[str, ...]] | None
) -> dict[str, float]:
    """`respective_match`: the number's own item of a 分别 list is what the question names (a place or a
    thing) and no other item is; `respective_other`: another item is, and its own is not."""
    if pairing is None:
        return {"respective_match": 0.0, "respective_other": 0.0}

    own, items = pairing

    def told(item: str) -> bool:
        pair = _telling_pair(item, items)
        if pair in _PART_ALIAS and len({x.replace(pair, "").replace(_telling_pair(x, items), "") for x in items}) == 1:
            # the parts of one word (城乡X → 城镇X, 农村X): asked only where the question names the part's thing whole
            return item in q.text or item.replace(pair, _PART_ALIAS[pair]) in q.text
        return (
            any(name and name in item for name in place_names)
            or (len(item) >= 2 and item in q.text)
            or bool(pair and pair in q.text)
        )

    def named(item: str) -> bool:
        # The head asked names an item only where the question tells no item apart: in "城镇和农村居民收入"
        # the last item holds the head all the items share.
        return told(item) or (len(q.head) >= 2 and q.head in item and not any(told(x) for x in items))

    others = any(named(x) for x in items if x != own)
    return {
        "respective_match": float(named(own) and not others),
        "respective_other": float(others and not named(own)),
    }


def _telling_pair(item: str, items: tuple[str, ...]) -> str:
    """The first pair of Han characters of one list item that no other item holds: the word that tells it from the
    others (城区 in "城区职工工资N元" beside "园区职工工资M元"; 货车 of 货车司机 beside 快递员, not its head 司机, which a
    question on 网约车司机 holds too). "" where there is none."""
    others = [x for x in items if x != item]
    for i in range(len(item) - 1):
        pair = item[i : i + 2]
        if _HAN_PAIR.fullmatch(pair) and not any(pair in x for x in others):
            return pair
    return ""


_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


# "由X提高到Y", "从X增至Y": X is the value before a change, Y the value now.
_CHANGE_FROM_BEFORE = re.compile(r"(?:由|从)[^，,。；;由从]{0,12}$")
_CHANGE_TO_AFTER = re.compile(
    r"^\s*(?:提高|增加|增长|上升|提升|上调|下调|下降|降低|减少|扩大|缩小|调整|升|降|增)?(?:到|至|为)"
)


def change_from(clause_before: str, after: str) -> float:
    """The number is where a change started ("由每月680元提高到710元": 680元), not the figure now."""
    return float(bool(_CHANGE_FROM_BEFORE.search(clause_before) and _CHANGE_TO_AFTER.match(after)))


def place_only_later(place_names: tuple[str, ...], sentence: str, mention_end: int) -> float:
    """The place asked is named in the sentence only after the number: "共建成236个，其中甲市78个…" — the
    number is the whole the place's own figure is part of."""
    before, after = sentence[:mention_end], sentence[mention_end:]
    return float(not place_named(place_names, before) and bool(place_named(place_names, after)))


def place_named(place_names: tuple[str, ...], text: str) -> float:
    return float(any(name and name in text for name in place_names))


_ERA = re.compile(r"西元|公元|西历|民国|纪元")
# The base a change is measured from ("比上年", "同比") and a note of method ("按可比价格计算"): a growth question asks
# them whether or not it says so.
_CHANGE_BASE = re.compile(rf"(?:比|较)(?:上年|去年|上年末|上年同期)|同比|{METHOD_NOTE}")


def _unbased(text: str, change_asked: bool) -> str:
    """The text without a change's base and a note of method where a change is asked (they frame it), else as is."""
    return _CHANGE_BASE.sub("", text) if change_asked else text


def best_sentence_cover(needle: Needle, text: str) -> float:
    """The highest share of the thing asked that one sentence of `text` holds: the answer sentence of a
    passage is usually the one that says most of what was asked."""
    best, left = 0.0, 0
    for m in SENTENCE_OR_LINE_END.finditer(text + "\n"):
        best = max(best, needle.share_in(text[left : m.end()]))
        left = m.end()
    return best


def bigram_precision(text: str, question: str) -> float:
    """Share of the Chinese bigrams of `text` that the question holds: an item naming more than was asked
    ("全国…" or "市级…" when the question says "省级…") is a worse fit."""
    # the bigrams inside each run of Han characters (the pairs `_HAN2` matches), counted without a list
    grams = found = 0
    for run in _HAN_RUN.findall(text):
        grams += len(run) - 1
        found += sum(run[i : i + 2] in question for i in range(len(run) - 1))
    return found / grams if grams else 0.0


def distance_fit(needle: Needle, sentence: str, start: int, end: int) -> float:
    """1 next to the words asked, falling towards 0 with distance (characters) inside the sentence."""
    d = needle.nearest(sentence, start, end)
    return 0.0 if d is None else 1.0 / (1.0 + d / 8.0)


def item_place_other(
    place_names: tuple[str, ...],
    asked: tuple[Place, ...],
    item: str,
    found: Sequence[Place],
    local_names: Sequence[str],
    within: Callable[[Place, Place], bool],
) -> float:
    """1 when the number's own list item or table row names a place that is neither the one asked nor one
    that encloses it, and does not name the one asked: another district's row of a breakdown ("其中A市78个、
    B市42个", "A区｜734.2亿元｜5.9%"), or a part's figure where the whole place is asked. `found` are the
    gazetteer's places in `item`, `local_names` the suffixed names it lacks (towns, streets: X镇, X街道)."""
    if place_named(place_names, item):
        return 0.0
    for place in found:
        if place not in asked and not any(within(a, place) for a in asked):
            return 1.0
    return float(any(not any(n in name or name in n for n in place_names) for name in local_names))


def row_label(text: str, start: int, end: int) -> str:
    """The first cell of the flattened table row ("指标: X; 完成值: 1.2万; 增速: 3%") holding text[start:end],
    when the number is in a later cell, else ""."""
    bounds = table_row_bounds(text, start, end)
    if bounds is None:
        return ""
    first_end = _ROW_CELL_END.search(text, bounds[0], bounds[1])
    return text[bounds[0] : first_end.start()] if first_end and first_end.start() < start else ""


_ROW_CELL_END = re.compile(r"[;；]")


def wider_unnamed(report_wider: bool, place_names: tuple[str, ...], lead: str) -> float:
    """1 when the report speaks of a place around the one asked and its sentence has not named the place asked
    by the number's end (`lead`): "共建成236个，其中甲市78个" — 236个 is the whole's, the place's own comes later."""
    return float(report_wider and not place_named(place_names, lead))


# Extents around a place that its own figures never state, by the kind of place asked: a district or county (X区,
# X县, X旗: a city's or Hong Kong's, 全港), a Taiwan township (X乡, X镇: its county's 全县), a town or street
# the gazetteer lacks (X镇, X街道: 全区/全县/全市 around it).
_AROUND_DISTRICT = "全国|我国|全省|全市|全州|全盟|全港|全澳"
_AROUND_TOWN = _AROUND_DISTRICT + "|全区|全县"
_AROUND = {
    "district": re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:{_AROUND_DISTRICT}){_NOT_EXTENT}"),
    "town": re.compile(rf"{_CONFERRED}(?<![占居列于比])(?:{_AROUND_TOWN}){_NOT_EXTENT}"),
}


def _around_kind(q: Question) -> str | None:
    """Which extents are wider than the narrowest place asked (`_AROUND`), or None for a city or province."""
    kinds = set()
    for place in q.places:
        if place.level == 2 and place.name.endswith(("乡", "镇")):
            kinds.add("town")
        elif place.level == 2 and place.name.endswith(("区", "县", "旗")):
            kinds.add("district")
    for name in q.local_places:
        kinds.add("town" if name.endswith(("镇", "乡", "街道", "道")) else "district" if name.endswith("区") else "")
    return "town" if "town" in kinds else "district" if "district" in kinds else None


def wider_stated(q: Question, place_names: tuple[str, ...], sentence_lead: str, sentence: str) -> float:
    """1 when a district, county, township or town is asked and the number's sentence, by the number, states the
    extent around it ("全市…；会员N万人" under a district's question) without naming the place asked: the figure is the
    whole's — the passage is about the parent, not the sub-area asked."""
    kind = _around_kind(q) if q.scope is None else None
    if kind is None or place_named(place_names, sentence):
        return 0.0
    return float(bool(_AROUND[kind].search(sentence_lead)))


def _full_stop_before(text: str, at: int) -> int:
    """Where the sentence holding `at` starts, counting only full stops and line breaks (not ；)."""
    return max(text.rfind(c, 0, at) for c in "。！？!?\n") + 1


# A list of places summed before the number: "A、B、C合计N", "A和B共N", or counted as a group ("A、B、C三个城区
# 新建…", "A和B两县…": not "…两县各…", where each place has the figure).
_GROUP_SUM = re.compile(
    r"合计|共计|总计|总共|一共|加起来|合起来|共有|共(?=[\d约近])"
    r"|(?<![\d.])等?[两二三四五六七八九十\d]{1,2}个?(?:县市区|县区|区县|城区|街道|乡镇|县|区|市|镇|乡|地)(?![各分])"
)
_LIST_JOIN = "、和及与"


def group_total(place_names: tuple[str, ...], sentence_lead: str) -> float:
    """1 when the place asked is named before the number only as one item of a list of places whose figure is
    given together ("A市、B区、C区基层工会合计1,482个", "注：A区、B区…合计5,270人，未分列"): a sum of several places,
    not the figure of the one asked."""
    clause_start = max(sentence_lead.rfind(c) for c in "；;。\n")
    lead = sentence_lead[clause_start + 1 :]
    for name in place_names:
        i = lead.find(name) if name else -1
        if i < 0:
            continue
        before, after = lead[i - 1 : i], lead[i + len(name) : i + len(name) + 1]
        if not ((before and before in _LIST_JOIN) or (after and after in _LIST_JOIN)):
            continue
        if _GROUP_SUM.search(lead, i + len(name)):
            return 1.0
    return 0.0


def own_row(place_names: tuple[str, ...], item: str, breakdown: bool, item_elsewhere: bool) -> float:
    """1 for the place asked's own row of a breakdown: its list item or table row names that place (and no
    other), in a sentence that names other places or in a table — "其中A市78个、B市42个" for B市, not the total
    before it nor a sentence that merely names the place."""
    return float(breakdown and not item_elsewhere and bool(place_named(place_names, item)))


# A bound stated beside the figure: "总数突破N家，达到M家", "超过50万人", "1万人以上" — a round
# threshold, not the count, unless the question asks the bound itself.
_BOUND_BEFORE = re.compile(r"(?:突破|超过|超出|逾|高于|多于|不少于|不低于|不下于)\s*$")
_BOUND_QUALIFIERS = frozenset({"超过", "超", "逾", "不低于", "不少于", "至少", "以上"})
_BOUND_ASKED = re.compile(r"突破|超过|超出|逾|以上|不少于|不低于|至少|多于|高于")


def bound_stated(q: Question, clause_before: str, qualifier: str | None) -> float:
    """1 for a number stated as a threshold passed (突破/超过/以上…) where the question asks no bound. A year's target
    asked is often set as a bound ("2030年力争新增X 500人以上"): in a clause of planning that bound is the figure asked.
    Without a year, "X目标" is as often the target a report says it met (完成目标任务N人), which stays unbounded."""
    if _BOUND_ASKED.search(q.text):
        return 0.0
    if q.year is not None and PLAN_WORDS.search(q.text) and _PLAN.search(clause_before):
        return 0.0
    return float(bool(_BOUND_BEFORE.search(clause_before)) or qualifier in _BOUND_QUALIFIERS)


def _rate_column(text: str, start: int, end: int) -> bool:
    """text[start:end] is in a separated table's column whose header names a rate or growth (增长, 同比, 结案率, (%))."""
    labels = table_cell_labels(text, start, end)
    return bool(labels and labels[0]) and names_rate(labels[0][labels[2]]) if labels else False


def column_header(text: str, start: int, end: int) -> str:
    """The header cell of the column holding text[start:end] and the row's first cell, for a number in a row of
    a separated table with a header line above (`index.segments.table_cell_labels`), else ""."""
    labels = table_cell_labels(text, start, end)
    if not labels or not labels[0]:
        return ""
    header, cells, column = labels
    return header[column] + " " + cells[0]


# -- what the reports do not say: features of abstention (a candidate stating a neighbouring thing, place or time) --

# The zone kinds as a text states them, for a number of a zone where the question asks none.
_ZONE_IN_TEXT = re.compile("|".join(sorted({a for names in ZONE_KINDS.values() for a in names}, key=len, reverse=True)))


def zone_fit(q: Question, sentence_before: str, statement: str, title: str) -> dict[str, float]:
    """`zone_unnamed`: the question asks a development zone (`Question.zone`: 经开区, X高新区) that neither the
    number's sentence nor its report's title names — the city's figure, not the zone's; `zone_unasked`: the
    sentence names a zone before the number (郴州高新区…达到N亿元) where the question asks none."""
    names = zone_names(q)
    return {
        "zone_unnamed": float(bool(names) and not any(n in statement or n in title for n in names)),
        "zone_unasked": float(not names and bool(_ZONE_IN_TEXT.search(sentence_before))),
    }


def present_year_other(q: Question, sentence: str, clause_before: str, present: int | None, heading: str = "") -> float:
    """1 for a number whose sentence states no year of its own (nor its clause a dating year) in a document that
    reports on another year than the one asked (`present_year`): an undated figure speaks of its document's year,
    even where its passage names the year asked as a comparison's base ("2023年为N亿元。…达到M户") — or of the
    year its section's heading names ("二、2025年主要目标" in a review of 2024), where it names one."""
    if q.year is None or present is None:
        return 0.0
    if own_years(sentence) or dating_year(clause_before) is not None:
        return 0.0
    section = own_years(heading)
    return float(q.year not in section if section else q.year != present)


def narrower_unnamed(report_narrower: bool, place_names: tuple[str, ...], sentence: str) -> float:
    """1 where the report is about a place inside the one asked (a city's report, a province asked) and the sentence
    does not name the place asked: the city's 全市 figure, not the province's."""
    return float(report_narrower and not place_named(place_names, sentence))


def scope_unstated(q: Question, sentence: str, document_scope: str | None) -> float:
    """1 where the question asks an extent (全省, 全港…), the sentence states none and its document's title gives
    another or none (a district's report for 全港): the sentence speaks of a part, not the whole asked. A sentence
    stating another extent is `scope_other`'s: the two never fire together."""
    if q.scope is None:
        return 0.0
    return float(not _EXTENT_IN_TEXT.search(sentence) and document_scope != q.scope)


_EXTENT_IN_TEXT = re.compile(
    rf"{_CONFERRED}(?:全国|我国|全省|全市|全区|全县|全州|全镇|全盟|全旗|全港|全澳){_NOT_EXTENT}"
)


def _periods(text: str) -> set[str]:
    """The parts of a year a text states (`qa.analysis.PERIOD`: 上半年, 一季度, 1-9月; 全年 is the whole)."""
    return {re.sub(r"^第", "", m.group()) for m in PERIOD.finditer(text)} - {"全年"}


def period_other(q: Question, sentence_before: str, heading: str) -> float:
    """1 for a number stated for a part of a year (its sentence before it or its section heading says 上半年,
    一季度, 1-9月) that the question does not ask: a half year's figure is not the year's."""
    stated = _periods(sentence_before) or _periods(heading)
    return float(bool(stated) and not stated & _periods(q.text))


# Qualifiers of the same measure that exclude one another (a registered rate is no surveyed one).
_SIBLING_QUALIFIERS = (
    frozenset({"登记", "调查"}),
    frozenset({"中位数", "平均", "人均"}),
    frozenset({"城镇", "农村"}),
    frozenset({"户籍", "常住"}),
    frozenset({"全国", "省级", "省部级", "市级", "县级"}),
    # the kinds of social insurance: a report lists their 参保人数 side by side
    frozenset({"养老保险", "医疗保险", "失业保险", "工伤保险", "生育保险"}),
)


def qualifier_other(
    q: Question, own: str, words: Sequence[str] = (), said: str = "", cut: Callable[[str], list[str]] | None = None
) -> float:
    """1 where the thing asked carries a qualifier (登记失业率, 农村居民…) and the number's own item and clause (`own`)
    state a sibling of it and not it (调查失业率): the figure of the neighbouring measure. Also where `own` qualifies
    the thing asked (its words `words`, `Needle.words`) by a word the question does not hold (`narrower_stated`):
    the figure of one kind of the thing, beside the thing's own in its passage."""
    asked = q.head or q.target
    for group in _SIBLING_QUALIFIERS:
        for word in group:
            if word in asked and word not in own and any(x in own and x not in asked for x in group - {word}):
                return 1.0
    if period_sibling(asked, own):
        return 1.0
    return float(cut is not None and narrower_stated(words, q.text, own, said, cut))


# A measure of one period by its first character (年降水量, 月平均工资, 日均客流: 年, 月, 日), not a word of its own
# ending in it (全年, 今年, 每月, 当日; a year 2024年).
_PERIOD_MEASURE = re.compile(
    r"(?<![全今去明当每本上下同次逐近0-9〇零一二三四五六七八九十])([年月日])([\u4e00-\u9fff]{2,4})"
)


def period_sibling(asked: str, own: str) -> bool:
    """The thing asked is a measure of one period (年降水量) and the number's own item and clause (`own`) state the
    same measure of another period (日降水量) and not the one asked: a day's record under a question on the year's."""
    for m in _PERIOD_MEASURE.finditer(asked):
        period, measure = m.group(1), m.group(2)
        if period + measure in own:
            continue
        if any(other + measure in own for other in "年月日" if other != period):
            return True
    return False


# A deed done for or with the people or things a number counts, the number right after its preposition or verb
# and the thing counted after the number: "为N名老人提供康复服务", "组织N名教师参加体检", "对N家企业开展检查".
# General vocabulary of giving, helping, organising and visiting; a few words of amount may stand between.
_COUNTED_AFTER_LEAD = re.compile(
    r"(?:为|向|对|给|帮助|帮扶|组织|资助|救助|救治|慰问|走访|安置|扶持|奖励|表彰|吸纳|招募|选派|带动|引导|动员|"
    r"指导|接待|协助|支持)(?:了)?(?:约|近|超过|逾|累计|共计|共|全部)?$"
)


def counted_after(clause_before: str, after: str, subject: str) -> str:
    """The thing a number counts and the deed done with it, read after the number up to its clause's end, where the
    number follows a preposition or verb of giving or organising (`_COUNTED_AFTER_LEAD`) and its forward subject starts
    the text after it (`after`: from the number's end, past its measure word, to its clause's end) and a deed follows
    it: "为N名老人提供康复服务" → "老人提供康复服务". The thing is named there, not before the number; "" otherwise."""
    after = after.removeprefix("的")
    if not subject or not _COUNTED_AFTER_LEAD.search(clause_before) or not after.startswith(subject):
        return ""
    return after if _HAN_RUN.search(after[len(subject) :]) else ""


def counts_another(head: Needle, own: str, counted: str) -> bool:
    """Does the number count other people (`counted`: the people noun right after its measure word, "选派9名干部") where
    its own item and clause (`own`) name the people asked only as a modifier of something else ("…参加会员代表培训班" for
    会员)? The noun after "N名" is who is counted; the thing's head whole in `own`, none of its bigrams in that noun.
    Only where the head names people itself: a deed asked in people ("参加体检多少人", "康复服务多少人") is counted by
    the people it was done for or by, named after the number ("组织N名教师参加体检", "为N名老人提供康复服务")."""
    word = head.last_word
    return (
        len(counted) > 1
        and names_people(counted)
        and len(word) > 1
        and names_people(word)
        and word in own.replace(counted, "\n")
        and not any(g in counted for g in head.grams)
    )


# Nouns of kinship: "困难职工子女" are other people than the 困难职工 they are the children of.
_KIN_END = re.compile(r"^(?:的)?(?:子女|家属|家长|配偶|父母|遗属|亲属|孩子)$")


def kin_counted(head: Needle, subject: str) -> bool:
    """Does the number count the relatives of the people asked ("资助困难职工子女N名" for 困难职工): its subject ends
    on a noun of kinship after the thing's head?"""
    word = head.last_word
    if len(word) < 2 or word not in subject:
        return False
    return bool(_KIN_END.match(subject[subject.rindex(word) + len(word) :]))


# Right before the thing: a negation (未达标企业) or 中 "among" (志愿者中党员: those of one group) narrows it.
_NARROWING_BEFORE = "不未非无中"
_PLACE_SUFFIXES = "省市区县镇乡村州旗盟"
_INSERTED = re.compile(r"[\u4e00-\u9fff]{1,4}")  # a word between two of the thing's words: one to four characters


def narrower_stated(words: Sequence[str], question: str, own: str, said: str, cut: Callable[[str], list[str]]) -> bool:
    """Does `own` (a number's item and clause) name a narrower thing than `question` asks (`words`, the thing's words;
    framing words aside) where `said` (its passage) names the thing itself too: a word the question does not hold
    between two of the thing's words that the question says together (发放助学贷款 beside 发放贷款), a negation or 中
    right before the thing (未达标企业 beside 达标企业, 志愿者中党员 beside 党员), or the thing starting one character
    inside a longer word of `own` (jieba: 女职工 beside 职工)? A report names its thing with words of its own as often
    as not (社区养老驿站 for 社区驿站): a narrower name with no plain one beside it is no other thing's."""
    content = [w for w in words if len(w) > 1 and not _FRAMING_WORD.match(w)]
    if not content:
        return False
    for first, second in itertools.pairwise(content[-2:]):  # the head's own slot: 审结[刑事]案件, not 中心[转介]成功
        if first + second not in question or first + second in own or first + second not in said:
            continue
        for found in re.finditer(re.escape(first) + "(.{1,4}?)" + re.escape(second), own):
            gap = found.group(1)
            if (
                _INSERTED.fullmatch(gap)
                and gap not in question
                and not _FRAMING_WORD.match(gap)
                and not _QUALIFIER.fullmatch(gap)  # 人均, 常住…: the qualifier features read those
            ):
                return True
    lead = content[0]
    at = own.find(lead)
    if at < 0:
        return False
    before = own[at - 1] if at else ""
    if before and before in _NARROWING_BEFORE and own[max(at - 2, 0) : at] != "其中":
        # (其中 opens a breakdown: `part_unasked` reads it)
        if before + lead in question:
            return False
        # no plain mention of the thing in `own`, and one in `said`
        return own.count(lead) == own.count(before + lead) and said.count(lead) > said.count(before + lead)
    bound = bound_before(own, at, cut)
    if len(bound) == 1:  # one character bound to the thing (女职工; not 常住人口: two, a qualifier)
        return (
            _INSERTED.fullmatch(bound) is not None
            and bound not in _PLACE_SUFFIXES  # a place's name before the thing (甲区工会): its own row
            and bound + lead not in question
            and not _FRAMING_WORD.match(bound)
            and own.count(lead) == own.count(bound + lead)
            and said.count(lead) > said.count(bound + lead)
        )
    return kind_stated(bound, lead, question, own, said)


def bound_before(own: str, at: int, cut: Callable[[str], list[str]]) -> str:
    """What jieba binds to the word at `own[at:]` from before: the start of the token it ends (女 of 女职工, 民办 of
    民办学校), else the whole token right before it (寄宿制 of 寄宿制/学校); "" at a token of no Han characters."""
    start = 0
    for token in cut(own):
        end = start + len(token)
        if start < at < end:
            return own[start:at]
        if end == at:
            return token if _HAN_RUN.fullmatch(token) else ""
        if end > at:
            break
        start = end
    return ""


# Words that say the thing counted is the whole (各级各类学校, 共有学校; 学校总数): where the passage says one, the plain
# thing asked is that whole, not a kind of it.
WHOLE_BEFORE_THING = "(?:各级各类|各类|所有|全部|共有|现有|拥有|总共|一共|共计|合计|累计)"
_WHOLE_AFTER_THING = "(?:总数|总量|总计|合计|共计|总额)"
# jieba's tags of a word before the thing that names a kind of it: a noun, a distinguishing word, an adjective, an idiom
# or abbreviation (寄宿制 n, 一贯制 i, 县级 b), or none (a word its dictionary lacks). Not a verb (新建学校), not a verbal
# noun (服务户外劳动者: what is done to them), not a place (甲县学校).
_KIND_TAGS = frozenset({"n", "nz", "ng", "nt", "b", "a", "an", "i", "l", "j", ""})


def kind_word(word: str) -> bool:
    """Does `word`, bound right before a thing, name a kind of it (寄宿制 of 寄宿制学校, 农村 of 农村居民, 女 of 女职工):
    Han characters, no framing word (全年, 其中), jieba's tag of a noun, a distinguishing word or an adjective, or
    none (`_KIND_TAGS`; not a verb: 新建学校, not a place: 甲县学校)? Unlike `kind_stated` it keeps the qualifiers
    (城镇, 市级): `qa.parts_given` reads them as the kinds of a thing stated only in parts."""
    if _HAN_ONLY.fullmatch(word) is None or _FRAMING_WORD.match(word):
        return False
    tag = word_tag(word)
    # a statistical qualifier jieba tags a place (城镇, 城市: ns) is a kind; one it tags a verb (登记) is not
    return tag in _KIND_TAGS or (tag == "ns" and _QUALIFIER.fullmatch(word) is not None)


def kind_stated(modifier: str, lead: str, question: str, own: str, said: str) -> bool:
    """Does `own` name one kind of the thing asked (`lead`, the thing's first word) by a word of two characters or more
    right before it (`modifier`: 寄宿制 of 寄宿制学校, 民办 of 民办学校) that the question does not hold, where the passage
    (`said`) states the whole thing (各级各类学校, 共有学校, 学校总数) and `own` does not? A plain thing asked is that whole."""
    whole = re.compile(WHOLE_BEFORE_THING + re.escape(lead) + "|" + re.escape(lead) + _WHOLE_AFTER_THING)
    return (
        len(modifier) > 1
        and _HAN_RUN.fullmatch(modifier) is not None
        and modifier not in question
        and not _FRAMING_WORD.match(modifier)
        and not _QUALIFIER.search(modifier)  # 人均, 常住…: the qualifier features read those
        and word_tag(modifier) in _KIND_TAGS
        and not whole.search(own)
        and whole.search(said) is not None
    )


# The answerability gate's own features of a number (`qa.answerable`; not the number model's): which of the
# thing's words its text leaves unsaid, by the word's part of speech, and a sibling modifier stated in place of
# one asked. A per-word model: the gate's fitted weight per class says which kind of question word matters —
# a modifier (陆上, 新) or a verb of the thing (发展, 新建) left unsaid marks a neighbouring thing, a plain noun
# less so (reports name a thing by a shorter noun).
GATE_NUMBER_FEATURES = (
    "unsaid_head",
    "unsaid_noun",
    "unsaid_verb",
    "unsaid_modifier",
    "modifier_other",
    "unsaid_passage",
    "report_text",
    "report_genre",
    "modifier_sibling",
)
# Read by the "not stated" rules of the thing asked (`qa.answerable.measure_unstated`, …; branch abstain6), computed
# by `thing_rule_features`.
THING_RULE_FEATURES = (
    "share_unit",
    "measure_unit",
    "flow_stated",
    "thing_stated_near",
    "modifiers_unsaid_near",
    "head_in_own",
    "opposite_stated",
    "asked_side_said",
    "lone_unsaid_passage",
    "lone_head_in_own",
)
# Read by the question-level rules of `qa.answerable` (a change asked, none stated; a neighbouring thing stated in
# place of the one asked; a village no passage names), not by any fitted model.
RULE_NUMBER_FEATURES = (
    "change_stated",
    "thing_cover",
    "thing_unsaid_passage",
    "sibling_in_slot",
    "local_unnamed_passage",
    "thing_absent_passage",
    "share_for_money",  # read by `Assistant._admissible`
    "dimension_conflict",  # read by `qa.answer.dimension_only_other`
    *THING_RULE_FEATURES,
)
_DIGIT = re.compile(r"\d")

# Words naming a report as a kind of document (a work report, a summary, a bulletin, a yearbook's entry, a plan),
# read in its title and its short opening lines; and numbered section headings (一、 （二） 第三章) at a line's start.
# An encyclopedia's article (CMRC, DRCD) is one untitled paragraph about a thing: neither.
_REPORT_GENRE_WORDS = re.compile(
    r"报告|总结|公报|通报|汇报|计划|安排|纪要|年鉴|年报|要点|白皮书|综述|概览|情况|回顾|亮点|工作|成效"
)
_SECTION_HEADING = re.compile(
    r"(?m)^[ \t\u3000]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+[章节部分])"
)
# A title line is short; the first few lines of a document hold it (after a web page's breadcrumb line).
_TITLE_LINE_CHARS = 60
_OPENING_LINES = 6


# A work article (a union's or government's news / magazine piece on its work: a headline, a byline, catchy
# headings, ● bullets, figures throughout) has no report title or numbered heading, yet it is a present-day
# administrative text whose figures are its place's own, as a report's are (what it is spared: qa.answer). Its words of
# administration and tallies are dense (work articles run at 25–85 per 1,000 characters, encyclopedia
# passages at under 12) and varied (a work article uses 9 or more of them, an encyclopedia passage 5 at most, so a
# passage repeating one word, 组织 or 会员, is not one), and it is of the present day (a
# year 20xx or a present-day marker).
_WORK_WORDS = re.compile(
    r"全市|全县|全省|全区|全州|全旗|累计|建成|开展|职工|工会|企业|万元|亿元|同比|万人|人次|会员|惠及|覆盖|组织|推动|推进|实施"
)
_PRESENT_DAY = re.compile(r"20[0-4]\d年|近年来|今年|新时代")
WORK_ARTICLE_DENSITY = 18.0  # work words per 1,000 characters
WORK_ARTICLE_VARIETY = 7  # distinct work words
_WORK_ARTICLE_MIN_CHARS = 400  # a shorter text's density says little
_WORK_ARTICLE_READ = 20_000


def work_article(text: str) -> bool:
    """Whether a text (matching view) reads as a present-day work article of an administration or union: long
    enough, of the present day, and dense in varied administrative words (`_WORK_WORDS`)."""
    sample = text[:_WORK_ARTICLE_READ]
    if len(sample) < _WORK_ARTICLE_MIN_CHARS or _PRESENT_DAY.search(sample) is None:
        return False
    words = _WORK_WORDS.findall(sample)
    return len(set(words)) >= WORK_ARTICLE_VARIETY and len(words) * 1000 / len(sample) >= WORK_ARTICLE_DENSITY


def report_form(title: str, text: str) -> bool:
    """Whether a document is written in a report's form (matching view of its title and text): a word of the report
    genres in its title or in one of its short opening lines, or two numbered section headings."""
    if _REPORT_GENRE_WORDS.search(title):
        return True
    opening = [
        line for line in text.split("\n", _OPENING_LINES)[:_OPENING_LINES] if len(line.strip()) <= _TITLE_LINE_CHARS
    ]
    if any(_REPORT_GENRE_WORDS.search(line) for line in opening):
        return True
    return len(_SECTION_HEADING.findall(text, 0, 200_000)) >= 2


def report_genre(title: str, text: str) -> bool:
    """Whether a document is written as a report: in a report's form (`report_form`) or as a work article
    (`work_article`). The gate's document-level cue: users of a report ask for the figure of a thing it names
    exactly, where an encyclopedia's questions paraphrase their passage."""
    return report_form(title, text) or work_article(text)


def word_class(flag: str) -> str:
    """A jieba part-of-speech flag as one of the gate's word classes: noun, verb or modifier (adjectives,
    distinguishing words, directions, places like 陆上/海上, adverbs…)."""
    if flag.startswith("v"):
        return "verb"
    if flag.startswith("n") and flag not in ("ns", "nr"):
        return "noun"
    return "modifier"


def words_unsaid(words: Sequence[str], classes: Sequence[str], said: str) -> dict[str, float]:
    """Which of the thing's words (`Needle.words`, with `word_class` each) `said` (the number's sentence, its
    table header and section heading) does not hold: `unsaid_head` 1 when the head noun (the last word) is not
    in it; for the other words, the share of them unsaid, split by class (`unsaid_noun`, `unsaid_verb`,
    `unsaid_modifier`)."""
    out = {"unsaid_head": 0.0, "unsaid_noun": 0.0, "unsaid_verb": 0.0, "unsaid_modifier": 0.0}
    kept = [(w, c) for w, c in zip(words, classes) if len(w) > 1]
    if not kept:
        return out
    *modifiers, (head, _) = kept
    out["unsaid_head"] = float(head not in said)
    for word, cls in modifiers:
        if word not in said:
            out[f"unsaid_{cls}"] += 1.0 / len(modifiers)
    return out


def passage_unsaid(words: Sequence[str], passage: str) -> float:
    """The share of the thing's words (of two characters or more) that `passage` does not hold."""
    kept = [w for w in words if len(w) > 1]
    return sum(w not in passage for w in kept) / len(kept) if kept else 0.0


def modifier_other(words: Sequence[str], question: str, own: str, cut: Callable[[str], list[str]]) -> float:
    """1 when a word of the thing asked that is not its head (陆上 of 陆上风电) is missing from the number's own
    item and clause (`own`), which holds the word it modifies (风电) right after another word of the same length
    that the question does not hold (海上风电): the figure of a sibling thing."""
    kept = [w for w in words if len(w) > 1]
    for word, following in itertools.pairwise(kept):
        if word in own or following not in own:
            continue
        tokens = cut(own)
        for before, token in itertools.pairwise(tokens):
            if (
                token == following
                and before != word
                and len(before) == len(word)
                and before not in question
                and not _DIGIT.search(before)
            ):
                return 1.0
    return 0.0


def modifier_sibling(words: Sequence[str], question: str, own: str, cut: Callable[[str], list[str]]) -> float:
    """1 when a word of the thing asked before its head (女 of 女职工, 夜间 of 夜间游客, one character or more)
    is missing from the number's own item and clause (`own`), which holds the head (the last word) right after a
    word the question does not hold (日间游客, 货车司机): the figure of a sibling thing, named by another word in
    the modifier's slot. Looser than `modifier_other` (any length, any word of the thing)."""
    if len(words) < 2:
        return 0.0
    *modifiers, head = words
    if len(head) < 2 or head not in own or all(w in own for w in modifiers if not _DIGIT.search(w)):
        return 0.0
    tokens = [t for t in cut(own) if t.strip()]

    def sibling(word: str) -> bool:
        return bool(word) and word not in question and not _DIGIT.search(word) and not _PUNCT.search(word)

    for before, token in itertools.pairwise(["", *tokens]):
        # the head after its own word (货车 司机), or at the end of one compound word (高级技师)
        if (token == head and sibling(before)) or (token.endswith(head) and sibling(token[: -len(head)])):
            return 1.0
    return 0.0


# Words of a thing asked that frame it rather than tell it from its neighbours: an extent (全市), a total or a count
# (合计, 总数, 人数), a period or a year (全年, 去年, 2024年), a plan (计划, 目标: `plan_unasked` reads those), or a
# connective (其中, 以及). A report leaves them unsaid as often as not, so a figure that leaves one unsaid is no
# neighbouring thing's, and one before the head names no neighbour.
_FRAMING_WORD = re.compile(
    r"^(?:全国|我国|全省|全市|全区|全县|全镇|全港|全澳|本年度?|年度|本年|当年|今年|去年|上年|全年|年末|年底|目前|现在|"
    r"截至|累计|合计|总计|共计|总共|一共|共|总|总数|总量|总额|数量|人数|数目|规模|完成|实际|全部|所有|主要|各类|各项|"
    r"有关|相关|情况|工作|计划|目标|任务|预计|预期|力争|争取|其中|其余|另有|包括|以及|及|和|与|等|的|\d.*)$"
)


def framing_word(word: str) -> bool:
    """A word that frames the thing asked rather than names it (全年, 全市, 总数, 其中: `_FRAMING_WORD`)."""
    return _FRAMING_WORD.match(word) is not None


def plain_verbs(text: str, tags: Sequence[tuple[str, str]], words: Sequence[str]) -> frozenset[str]:
    """Those of `words` (in order in `text`) that jieba's tags of `text` (`tags`, in context) read as plain verbs
    only (flag v; 生育 of 生育保险 is vn, a verbal noun, and stays a modifier)."""
    spans, at = [], 0
    for word, flag in tags:
        spans.append((at, at + len(word), flag))
        at += len(word)
    out, start = set(), 0
    for word in words:
        found = text.find(word, start)
        if found < 0:
            continue
        start = found + len(word)
        flags = [f for s, e, f in spans if s < start and found < e]
        if flags and all(f == "v" for f in flags):
            out.add(word)
    return frozenset(out)


def distinguishing_words(
    words: Sequence[str],
    place_names: Sequence[str],
    question: str = "",
    place_spans: Sequence[tuple[int, int]] = (),
    verbs: frozenset[str] = frozenset(),
) -> tuple[str, ...]:
    """The words of the thing asked (`Needle.words`, head noun last) that tell it from its neighbours: the head and
    the words of one noun phrase with it in `question` (each runs on to the head with no other character between:
    not 活动 of "活动的职工"), without framing words (`_FRAMING_WORD`), plain verbs (`verbs`: 接待 of 接待…的人次 — a
    report says the deed in other words), the places asked (江门 of 江门户外驿站) and words cut across a place's name
    (a word whose every occurrence in `question` overlaps one of `place_spans`)."""
    names = [n for n in place_names if len(n) > 1]
    lowered = question.lower()

    def in_place(word: str) -> bool:
        if any(n in word or word in n for n in names):
            return True
        at = [i for i in range(len(question)) if question.startswith(word, i)]
        return bool(at) and all(any(s < i + len(word) and i < e for s, e in place_spans) for i in at)

    def in_phrase(k: int) -> bool:  # the words from the k-th to the head stand together in the question
        return not lowered or "".join(words[k:]).lower() in lowered

    last = len(words) - 1
    return tuple(
        w
        for k, w in enumerate(words)
        if not _FRAMING_WORD.match(w) and not in_place(w) and (k == last or (w not in verbs and in_phrase(k)))
    )


_ABBREVIATION_REACH = 3  # an abbreviation's characters stand within three times its length in the full name


def holds_word(text: str, word: str) -> bool:
    """`text` holds `word` whole, or as the full name a short form abbreviates: its characters in order within
    `_ABBREVIATION_REACH` times its length (规上 in 规模以上, 工联 in 工会联合会), or by a report's term for it
    (`said_otherwise`: 护士 by 护理人员)."""
    if word in text or said_otherwise(word, text):
        return True
    if len(word) < 2:
        return False
    reach = _ABBREVIATION_REACH * len(word)
    start = text.find(word[0])
    while start >= 0:
        at = start
        for char in word[1:]:
            at = text.find(char, at + 1, start + reach)
            if at < 0:
                break
        else:
            return True
        start = text.find(word[0], start + 1)
    return False


def short_form_said(text: str, word: str) -> bool:
    """`text` holds the short form a report writes for a four-character `word` made of two words: their first
    characters (暑期托管 → 暑托, 医疗保险 → 医保, 规模以上 → 规上). `holds_word` reads the other way: a question's
    short form of the text's full name."""
    return len(word) == 4 and _HAN_ONLY.fullmatch(word) is not None and word[0] + word[2] in text


def _pair_short_form(text: str, first: str, second: str) -> bool:
    """`text` holds the short form of two words of one name: their first characters (暑期 托管服务 → 暑托)."""
    return len(first) > 1 and len(second) > 1 and first[0] + second[0] in text


def _pairs_with(word: str, words: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs of neighbouring words of the thing asked (all its words, plain verbs too: 暑期 托管) holding `word`."""
    lowered = [w.lower() for w in words]
    return [pair for pair in itertools.pairwise(lowered) if word in pair]


def _named_otherwise(text: str, word: str, following: str) -> bool:
    """`text` names `word` in other words: right before `following` (the thing's next word) it has as many Han
    characters as `word`, one of them `word`'s in another place (名茶博览会 for 茶都博览会: a nickname reordered). A
    sibling keeps the characters it shares in place (第二期 under 第一期, 男职工 under 女职工)."""
    at = text.find(following)
    while at >= 0:
        slot = text[max(0, at - len(word)) : at]
        shared = any(a == b for i, a in enumerate(slot) for j, b in enumerate(word) if i != j)
        if len(slot) == len(word) and _HAN_ONLY.fullmatch(slot) and shared:
            return True
        at = text.find(following, at + 1)
    return False


def thing_absent(distinguishing: Sequence[str], passage: str, words_asked: Sequence[str] = ()) -> float:
    """1 when a distinguishing word of the thing asked other than its head is nowhere in the number's passage, its
    heading or its report's title — not whole, not abbreviated (`holds_word`), not as its short form
    (`short_form_said`: a report's 暑托班 says 暑期托管), not named otherwise before the thing's next word
    (`_named_otherwise`) — while it says another of them: the passage speaks of the thing, never of the class asked.
    Where it says none of them, the question describes the thing in its own words (户外劳动者服务站点 for a report's
    服务站点), as a user may."""
    lowered = passage.lower()
    words = [w.lower() for w in distinguishing]
    said = [
        holds_word(lowered, w)
        or short_form_said(lowered, w)
        # two words of one name (暑期 托管服务): the name's short form, their first characters (暑托), says both
        or any(_pair_short_form(lowered, *pair) for pair in _pairs_with(w, words_asked or words))
        or _named_otherwise(lowered, w, words[k + 1])
        for k, w in enumerate(words[:-1])
    ]
    return float(not all(said) and any(said))


def thing_unsaid(distinguishing: Sequence[str], passage: str) -> float:
    """1 when a distinguishing word of the thing asked other than its head (`distinguishing_words`: 夜间 of 夜间游客,
    货运 of 货运航线) is nowhere in the number's passage, its heading or its report's title, even abbreviated: the
    passage does not speak of the thing asked at all."""
    lowered = passage.lower()  # the question is lowercased (APP asked as app)
    return float(any(not holds_word(lowered, w.lower()) for w in distinguishing[:-1]))


_HAN_ONLY = re.compile(r"[\u4e00-\u9fff]+")


def slot_sibling(distinguishing: Sequence[str], question: str, own: str, passage: str) -> float:
    """1 when the number's own item and clause (`own`) name the head of the thing asked (the last of its
    `distinguishing_words`) after another word in the slot of one of its modifiers that the passage (`passage`: its
    text, heading and title) does not hold: the words the question has between that modifier and the head come
    right before the head, and before them as many Han characters as the modifier has, not the modifier, not in the
    question and no framing word (日间游客 under 夜间游客, 客运航线 under 货运航线: 客运 in 货运's slot):
    a neighbouring thing's figure. A modifier the passage names elsewhere (博览会 under 茶都博览会成交额 — 茶都 a
    name the text gives otherwise) has no slot to fill."""
    if len(distinguishing) < 2:
        return 0.0
    *modifiers, head = distinguishing
    if len(head) < 2 or head not in own:
        return 0.0
    lowered = passage.lower()
    for k, word in enumerate(modifiers):
        if word in own or holds_word(lowered, word.lower()):
            continue
        between = "".join(modifiers[k + 1 :])
        at = own.find(head)
        while at >= 0:
            before = own[:at]
            if before.endswith(between):
                slot = before[: len(before) - len(between)][-len(word) :]
                if (
                    len(slot) == len(word)
                    and _HAN_ONLY.fullmatch(slot)
                    and slot != word
                    and slot not in question
                    and not _FRAMING_WORD.match(slot)
                ):
                    return 1.0
            at = own.find(head, at + 1)
    return 0.0


# A figure's own kind by its unit: a share (%, ‰, 成, percentage points) or a count or an amount (人, 家, 元, 吨…).
# A number with no unit is neither (a ratio 3:5, a bare table cell): it may be either.
SHARE_UNITS = frozenset({"%", "‰", "成", "个百分点", "百分点"})


# A modifier said of a head in one phrase: the modifier, then the head within a few characters of the same clause
# (玉米种植产值, 玉米产业产值 — not "玉米种植面积…，柑橘产值").
_PHRASE_GAP = 6
_PHRASE_FILL = r"[^，,。；;：:！？!?、\n\t|()（）]"


def phrase_said(modifier: str, head: str, text: str) -> bool:
    """`text` says `modifier` and then `head` in one phrase: at most `_PHRASE_GAP` characters between them, no
    punctuation, line or cell break."""
    return re.search(f"{re.escape(modifier)}{_PHRASE_FILL}{{0,{_PHRASE_GAP}}}{re.escape(head)}", text) is not None


def near_text(sentence: str, heading: str, passage: Passage) -> str:
    """What a report says about a number (`sentence`: its own sentence, with its table header and row label joined):
    that, its section heading, its passage's heading and its report's title. Not the sentence before: a report lists
    one crop's area, then another's output ("玉米种植面积N公顷；…柑橘产值N元")."""
    return "\n".join((sentence, heading, passage.heading, passage.title))


def thing_near(
    distinguishing: Sequence[str], near: str, own: str, passage: str, header_row: str = ""
) -> dict[str, float]:
    """How the number speaks of the thing asked (`distinguishing_words`: modifiers, head last): `thing_stated_near`, the
    text about it (`near`, `header_row`) holds every modifier and the head, or its passage (`passage`) says each modifier
    with the head in one phrase (`phrase_said`); `modifiers_unsaid_near`, the text about it holds none of the modifiers
    (玉米 under 玉米产值 said only of 玉米种植面积 in another sentence); `head_in_own`, its own item, subject or clause
    (`own`) names the head whole (a count of 产值 — of what, the words before it say). Lowercased: questions are."""
    if len(distinguishing) < 2 or len(distinguishing[-1]) < 2:
        return {"thing_stated_near": 0.0, "modifiers_unsaid_near": 0.0, "head_in_own": 0.0}
    *modifiers, head = (w.lower() for w in distinguishing)
    about = (near + "\n" + header_row).lower()
    passage = passage.lower()
    stated = all(phrase_said(m, head, passage) for m in modifiers) or (
        holds_word(about, head) and all(holds_word(about, m) for m in modifiers)
    )
    return {
        "thing_stated_near": float(stated),
        "modifiers_unsaid_near": float(not any(holds_word(about, m) for m in modifiers)),
        "head_in_own": float(head in own.lower()),
    }


# The two sides of one measure (what comes in, what goes out; on land, at sea; sold at home, abroad; a herd kept, sold) and the word a
# report joins them in (进出口 is neither 进口 nor 出口 alone): a report giving one side, or both joined, gives no figure
# of the side asked.
OPPOSITE_SIDES = (
    ("收入", "支出", "收支"),
    ("进口", "出口", "进出口"),
    ("内销", "外销", "内外销"),
    ("入境", "出境", "出入境"),
    ("流入", "流出", ""),
    ("陆上", "海上", ""),
    ("国内", "国外", ""),
    ("境内", "境外", ""),
    ("省内", "省外", ""),
    ("内贸", "外贸", "内外贸"),
    ("存栏", "出栏", ""),  # a herd's standing head and the head sold off in the year
    ("市内", "市外", ""),
    ("县内", "县外", ""),
    ("男性", "女性", ""),
    ("男职工", "女职工", ""),
    ("公办", "民办", ""),
    ("公立", "私立", ""),
    ("线上", "线下", ""),
)


def asked_sides(thing: str) -> tuple[tuple[str, str, str], ...]:
    """(the side asked, the other side, the word joining both) for each pair of `OPPOSITE_SIDES` of which the thing
    asked names one side only (the 支出 of 经费支出); where it names both joined (进出口总额), (the joining word, each
    side, the joining word): either side alone is no figure of the whole."""
    out = []
    for one, other, joined in OPPOSITE_SIDES:
        if joined and joined in thing:
            out += [(joined, one, joined), (joined, other, joined)]
            continue
        for asked, side in ((one, other), (other, one)):
            bare = thing.replace(joined, "") if joined else thing
            if asked in bare and side not in bare:
                out.append((asked, side, joined))
    return tuple(out)


def side_fit(sides: Sequence[tuple[str, str, str]], about: str) -> dict[str, float]:
    """`opposite_stated`: the number's sentence and table labels (`about`) name the other side of a pair the thing asks
    one side of, or both sides joined, and not the side asked (经费收入 under 经费支出, 进出口总额 under 出口总额, "在建海上
    光伏项目3个，总装机容量N" under 陆上光伏装机容量), or one side alone where both joined are asked (出口总额 under
    进出口总额); `asked_side_said`: they name the side asked outside the joining word (the joining word, where asked)."""
    opposite = said = False
    for asked, side, joined in sides:
        if asked == joined:  # both sides joined asked: said as joined, or one side alone stated
            said = said or joined in about
            opposite = opposite or (joined not in about and side in about)
            continue
        bare = about.replace(joined, "\0") if joined else about
        if asked in bare:
            said = True
        elif side in bare or (joined and joined in about):
            opposite = True
    return {"opposite_stated": float(opposite), "asked_side_said": float(said)}


# Part-of-speech flags of a one-character modifier that tells a kind of people or things from the rest (女 of 女会员:
# b, a distinguishing word; 小 of 小微企业: a, an adjective) — a lone character `Needle.words` drops. A one-character
# noun (鹅 of 鹅存栏) is no such modifier: read so, it refused right numbers on text nobody here wrote (nineteenth
# session, docs/answering.md).
_LONE_MODIFIER_FLAGS = ("a", "b")
_LONE_REACH = 3  # characters a report may put between such a modifier and its noun (女职工会员, 女性会员)
# 男 and 女 tell people apart whatever jieba tags them (it tags 男 a noun, 女 a distinguishing word).
_SEX_MODIFIERS = frozenset("男女")


def lone_modifiers(tags: Sequence[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """(modifier, noun) for each one-character modifier of the thing asked right before a noun of two or more
    characters, by jieba's tags of the thing (`tags`): (女, 会员) of 女会员."""
    return tuple(
        (word, noun)
        for (word, flag), (noun, noun_flag) in itertools.pairwise(tags)
        if len(word) == 1
        and (flag in _LONE_MODIFIER_FLAGS or word in _SEX_MODIFIERS)
        and len(noun) > 1
        and noun_flag.startswith("n")
    )


def lone_fit(lone: Sequence[tuple[str, str]], own: str, passage: str) -> dict[str, float]:
    """`lone_unsaid_passage`: the passage (`passage`: its text, heading and title) never says a one-character modifier
    asked before its noun (`lone_modifiers`: no 女…会员 within `_LONE_REACH` characters); `lone_head_in_own`: the number's
    own text (`own`) names such a noun (会员 — a count of all members, not of the women among them)."""
    unsaid = [
        noun
        for modifier, noun in lone
        if not re.search(f"{re.escape(modifier)}.{{0,{_LONE_REACH}}}{re.escape(noun)}", passage)
    ]
    return {
        "lone_unsaid_passage": float(bool(unsaid)),
        "lone_head_in_own": float(any(noun in own for noun in unsaid)),
    }


def table_header_row(text: str, start: int, end: int) -> str:
    """The header line of the separated table holding text[start:end] (`index.segments.table_cell_labels`), else ""."""
    labels = table_cell_labels(text, start, end)
    return " ".join(labels[0]) if labels and labels[0] else ""


# What a period added, said before a count: the additions of `increment_fit` and the intake verbs of a report
# (全年招聘N名, 引进N人, 净增N家): a flow, not the stock a total is asked of.
FLOW_IN_TEXT = re.compile(NEW_IN_TEXT.pattern + r"|招聘|招录|招收|引进|录用|净增|增加")
# A total asked outright (总数, 累计, 现有…): `_TOTAL_ASKED`.
TOTAL_ASKED = _TOTAL_ASKED


def thing_rule_features(unit: str, clause_before: str, report: bool = True) -> dict[str, float]:
    """The unit and flow features of `THING_RULE_FEATURES` for one number, read by the rules of `qa.answerable` that
    tell the thing a report counts from the one asked: `share_unit` / `measure_unit`, the number is a share / a count
    or amount by its unit; `flow_stated`, its clause says it was added in the period (新增, 新建, 招聘…) and states
    no total or stock (累计, 现有, 共有…). Outside a document written as a report (`report` false) only
    `measure_unit` is read: a count or an amount is no share in any text ("占全市多少" answered by "312家"), while an
    encyclopedia's shares and flows are asked in its own words."""
    flow = (
        report
        and FLOW_IN_TEXT.search(clause_before)
        and not (_TOTAL_IN_TEXT.search(clause_before) or _STOCK_IN_TEXT.search(clause_before))
    )
    return {
        "share_unit": float(report and unit in SHARE_UNITS),
        "measure_unit": float(bool(unit) and unit not in SHARE_UNITS),
        "flow_stated": float(bool(flow)),
    }


ABSTENTION_FEATURES = (
    "zone_unnamed",
    "zone_unasked",
    "present_year_other",
    "narrower_unnamed",
    "scope_unstated",
    "period_other",
    "qualifier_other",
)


def abstention_features(
    q: Question,
    passage: Passage,
    sentence: str,
    sentence_before: str,
    clause_before: str,
    own: str,
    heading: str,
    place_names: tuple[str, ...],
    report_narrower: bool,
    document_scope: str | None,
    document_present: int | None,
    words: Sequence[str] = (),
    cut: Callable[[str], list[str]] | None = None,
) -> dict[str, float]:
    """The features of `ABSTENTION_FEATURES` for one number: a zone, a place's part, an extent, a year, a part of a
    year or a qualifier that the question asks and the number's text does not state (or the reverse)."""
    return {
        **zone_fit(q, sentence_before, sentence, passage.title),
        "present_year_other": present_year_other(q, sentence, clause_before, document_present, heading),
        "narrower_unnamed": narrower_unnamed(report_narrower, place_names, sentence),
        "scope_unstated": scope_unstated(q, sentence, document_scope),
        "period_other": period_other(q, sentence_before, heading),
        "qualifier_other": qualifier_other(q, own, words, passage.view, cut),
    }


# A number against the other candidates of its question (`relative_features`; branch cross11). Every other number
# feature reads one candidate alone, so a sentence naming the thing asked exactly in the third-retrieved report
# cannot beat a near miss in the best-retrieved one by more than the absolute cover weights allow. The cover compared
# is `words_in_sentence` (the thing's words whole in the number's sentence, the head noun double): on the train
# splits it ranked better than the same features over `target_cover` or `cover_item` (docs/answering.md).
RELATIVE_FEATURES = (
    "cover_gap",
    "cover_top",
    "covered_rank",
    "top_reports_other",
)
RELATIVE_COVER = "words_in_sentence"
# Within this much of the best cover a candidate counts as covering the thing as well as the best.
COVER_TIE = 0.05


def relative_features(
    values: Sequence[Mapping[str, float]], documents: Sequence[str], tie: float = COVER_TIE
) -> list[dict[str, float]]:
    """Each candidate's `RELATIVE_FEATURES` among the candidates of one question (`values`: their features, with
    `RELATIVE_COVER` and `rank`; `documents`: their document ids): `cover_gap` its cover less the best one (≤ 0),
    `cover_top` whether it is within `tie` of that best (and the best names some of the thing), `covered_rank`
    1/(1 + n) where n counts the better-retrieved passages holding a top candidate (0 unless it is one itself), and
    `top_reports_other` whether another document holds a top candidate too (two reports state the thing: the cover
    does not tell which one is asked). A pure function of the candidate set: the trainer recomputes it on its cache."""
    covers = [v.get(RELATIVE_COVER, 0.0) for v in values]
    best = max(covers, default=0.0)
    top = [best > 0.0 and c >= best - tie for c in covers]
    # passages holding a top candidate, best-retrieved first (`rank` is 1/(1 + the passage's retrieval rank))
    passages = sorted({v.get("rank", 0.0) for v, t in zip(values, top) if t}, reverse=True)
    top_documents = {d for d, t in zip(documents, top) if t}
    return [
        {
            "cover_gap": c - best,
            "cover_top": float(t),
            "covered_rank": 1.0 / (1.0 + passages.index(v.get("rank", 0.0))) if t else 0.0,
            "top_reports_other": float(t and len(top_documents - {d}) > 0),
        }
        for v, c, t, d in zip(values, covers, top, documents)
    ]


# A number against the other numbers of its own sentence (`item_features`; branch item17). Most ranking misses with
# the right number among the candidates are between numbers of one sentence ("甲类N个，乙类M个"): the per-candidate
# covers of each number's own item (`cover_item`, `item_precision`) say how well each item names the thing, but not
# whether a sibling's item names it better. These are a pure function of those features and the sentence each
# candidate stands in (`SENTENCE_KEY`), so the trainer recomputes them on its cache.
ITEM_FEATURES = (
    "item_gap",
    "precision_gap",
    "item_best",
    "item_share",
    "distance_gap",
)
# The number's sentence start in its passage (a key, not a model feature): which candidates share a sentence.
SENTENCE_KEY = "sentence_at"


def item_features(values: Sequence[Mapping[str, float]], sentences: Sequence[str]) -> list[dict[str, float]]:
    """Each candidate's `ITEM_FEATURES` among the candidates standing in the same sentence (`sentences`: one key per
    candidate, equal for the numbers of one sentence of one passage): `item_gap` its item's cover of the thing asked
    (`cover_item`) less the best item's of its sentence (≤ 0), `precision_gap` likewise for the share of its item's
    words the question holds (`item_precision`), `item_best` whether its item is the one sentence's single best (cover,
    then precision; 0 for a number alone in its sentence or covering nothing), `item_share` its item's cover over its
    sentence's (`cover_sentence`: how much of what the sentence says of the thing its own item says) and `distance_gap`
    its nearness to the thing's words (`distance`) less the nearest sibling's (≤ 0)."""
    groups: dict[str, list[int]] = {}
    for i, key in enumerate(sentences):
        groups.setdefault(key, []).append(i)
    out: list[dict[str, float]] = [{} for _ in values]
    for members in groups.values():
        covers = [values[i].get("cover_item", 0.0) for i in members]
        precisions = [values[i].get("item_precision", 0.0) for i in members]
        distances = [values[i].get("distance", 0.0) for i in members]
        fits = list(zip(covers, precisions))
        best = max(fits)
        single = len(members) > 1 and best[0] > 0.0 and fits.count(best) == 1
        for i, fit, distance in zip(members, fits, distances):
            sentence_cover = values[i].get("cover_sentence", 0.0)
            out[i] = {
                "item_gap": fit[0] - max(covers),
                "precision_gap": fit[1] - max(precisions),
                "item_best": float(single and fit == best),
                "item_share": min(fit[0] / sentence_cover, 1.0) if sentence_cover > 0.0 else 0.0,
                "distance_gap": distance - max(distances),
            }
    return out


NUMBER_FEATURES = (
    "cover_item",
    "cover_clause",
    "cover_sentence",
    "cover_passage",
    "head_named_clause",
    "head_named_sentence",
    "head_word_named",
    "subject_cover",
    "subject_precision",
    "item_precision",
    "target_cover",
    "sentence_lead",
    "unit_exact",
    "unit_family",
    "unit_conflict",
    "unit_count_unasked",
    "unit_none",
    "kind_fit",
    "is_range",
    "is_label",
    "qualifier",
    "rank",
    "fused",
    "distance",
    "place_in_sentence",
    "scope_match",
    "scope_other",
    "year_match",
    "year_conflict",
    "in_question",
    "whole_scope",
    "sub_place",
    "unit_people_unasked",
    "per_unit_unasked",
    "report_elsewhere",
    "scope_wider",
    "report_narrower",
    "place_listed",
    "words_in_sentence",
    "section_year_other",
    "local_unnamed",
    "slot_left",
    "slot_right",
    "value_in_question",
    "year_like",
    "year_attached",
    "year_attached_other",
    "plan_unasked",
    "change_unasked",
    "stock_stated",
    "deed_stated",
    "respective_match",
    "respective_other",
    "place_in_item",
    "change_from",
    "place_only_later",
    "section_plan",
    "plan_unstated",
    "level_unasked",
    "qualifier_unstated",
    "item_place_other",
    "bound_stated",
    "column_cover",
    "cover_lead",
    "own_row",
    "wider_unnamed",
    "new_unasked",
    "total_unasked",
    "past_unasked",
    "past_asked",
    "past_asked_other",
    "wider_stated",
    "group_total",
    *ABSTENTION_FEATURES,
    *RELATIVE_FEATURES,
    *ITEM_FEATURES,
)


def number_features(
    q: Question,
    head: Needle,
    target: Needle,
    mention: NumberMention,
    passage: Passage,
    place_names: tuple[str, ...],
    cut: Callable[[str], list[str]],
    best_sentence: float = 0.0,
    document_years: frozenset[int] = frozenset(),
    sub_place: bool = False,
    report_elsewhere: bool = False,
    document_scope: str | None = None,
    report_narrower: bool = False,
    respective: tuple[str, tuple[str, ...]] | None = None,
    item_elsewhere: bool = False,
    breakdown: bool = False,
    report_wider: bool = False,
    document_present: int | None = None,
    word_classes: Sequence[str] = (),
    document_genre: bool = False,
    thing: Needle | None = None,
    distinguishing: Sequence[str] = (),
    lone: Sequence[tuple[str, str]] = (),
) -> dict[str, float]:
    """The features of one number mention as the answer to `q`; `best_sentence` is the best coverage of the
    thing asked by any sentence of the passage (`best_sentence_cover`), `document_years` the years its
    document states, `sub_place` whether the sentence names a place inside the one asked and not that place
    (a district's row under a city question), `report_elsewhere` whether its report is about other places,
    `document_scope` the extent its document's title gives (全国, 全省, 全市…; `qa.answer`), `report_narrower`
    whether its report is about places inside the one asked, `respective` the number's item of a 分别 list
    (`respective_items`), `item_elsewhere` whether its own item names another place (`item_place_other`), `breakdown` whether its
    sentence names places besides the one asked (a figure broken down by place), `report_wider` whether its
    report is about a place around the one asked (`wider_unnamed`), `document_present` the year its document
    reports on (`present_year`), `word_classes` the `word_class` of each of `head.words` (the gate's features
    `GATE_NUMBER_FEATURES` are computed when given), `document_genre` whether its document is written as a
    report (`report_genre`), `thing` the thing asked without the base it is compared with (`without_base`; default
    `target`), `distinguishing` the thing's `distinguishing_words` (the rule features `thing_unsaid_passage` and
    `sibling_in_slot` are computed when it holds two or more), `lone` its one-character modifiers (`lone_modifiers`)."""
    text = passage.view
    # A cell of a separated table states what its column's header says, for the row's first cell: the header is
    # read as part of its item, clause and sentence ("地区生产总值" over "A区|734.2亿元").
    header = column_header(text, mention.start, mention.end)
    # Likewise a cell of a flattened "label: value; …" row states it of the row's first cell ("指标: X").
    label = row_label(text, mention.start, mention.end)
    joined = (" " + header if header else "") + (" " + label if label else "")
    # What the table's caption says it is about ("表1 各县一般公共预算收入" over "县区｜完成数｜增长") is read with the
    # cell's sentence, not its item or clause, and not for a column of rates: the caption names the table's quantity,
    # and a growth cell read with it ties the value it is the growth of.
    # A table with no header: the line that opens its rows ("分县区看，城镇新增就业如下：") says what they count,
    # read the same way.
    title = (
        (table_title(text, mention.start, mention.end) if header else table_lead_in(text, mention.start, mention.end))
        if not _rate_column(text, mention.start, mention.end)
        else ""
    )
    changed = bool(_CHANGE_ASKED.search(q.text))  # a change asked: its clause says what changed (`segment_bounds`)
    segment_left, segment_right = segment_bounds(text, mention.start, mention.end, changed)
    own_left, own_right = clause_bounds(text, mention.start, mention.end)
    if (elided := elided_thing_left(text, segment_left, mention.start)) is not None:
        # "…工作室18家，累计达到126家": the running total counts what the clause before names
        segment_left, own_left = elided, min(own_left, elided)
    # "…；乙县212.3亿元": the list's first item says what its place items count, read with the item as a header is.
    # Set off by a stop, not a space: its words are no neighbour of the item's last word ("万人" before "参保" is no
    # sibling thing).
    list_thing = None if joined else listed_thing(text, segment_left, mention.start)
    listed = "；" + list_thing if list_thing else ""
    segment = text[segment_left:segment_right]  # the number's own list item or clause
    item = segment + mention.subject + joined + listed
    clause = text[own_left:own_right] + joined + listed
    s_left, s_right = sentence_bounds(text, mention.start, mention.end)
    sentence = text[s_left:s_right] + joined + listed + (" " + title if title else "")
    # What the text itself says about the number (`thing_near`), the list's inferred thing left out: words of the
    # item's own sentence next to it ("乙县N亿元，以日用瓷为主") name no kind of the list's thing.
    said_near = text[s_left:s_right] + joined + (" " + title if title else "")
    # The lead over the passage's best sentence leaves the caption out: the best is of bare sentences, and a cell
    # read with its caption would out-cover every one of them (a share above 1, fitted on none).
    lead_sentence = text[s_left:s_right] + joined + listed
    whole = passage.heading + text
    clause_left, clause_right = clause_bounds(text, mention.start, mention.end)
    clause_before = text[clause_left : mention.start]
    heading = section_heading(passage, s_left)
    sentence_own_years = number_years(sentence, mention.start - s_left)
    named_clause = head.names(item + clause, mention.subject)
    # "为N名老人提供康复服务": the number's subject read with the deed after it, as "老人提供康复服务N名" would state it
    deed_after = counted_after(clause_before, text[mention.end : clause_right], mention.subject)
    subject = deed_after or mention.subject
    out = {
        SENTENCE_KEY: float(s_left),
        "cover_item": head.share_in(item),
        "cover_clause": head.share_in(clause),
        "cover_sentence": head.share_in(sentence),
        "cover_passage": head.share_in(whole),
        "head_named_clause": float(named_clause),
        "head_named_sentence": float(named_clause or head.names(sentence, mention.subject)),
        # The head noun whole in the number's item or clause (联合工会 itself, not another 工会 sharing its end).
        "head_word_named": float(len(head.last_word) > 1 and head.last_word in item + clause),
        "subject_cover": head.coverage(subject),
        "subject_precision": head.precision(_unbased(subject, changed), cut) if subject else 0.0,
        # words of extent and total (全X现有…) say the item is the whole, not that it names more than asked
        # nor do era words (西元1702年: 西元 frames any year, as in the question's 西元几年)
        "item_precision": bigram_precision(
            _unbased(
                _ERA.sub("", _WHOLE_IN_TEXT.sub("", segment.replace(text[mention.start : mention.end], ""))),
                changed,
            ),
            q.text,
        ),
        "target_cover": target.coverage(clause, sentence, whole),
        "sentence_lead": head.share_in(lead_sentence) / best_sentence if best_sentence else 0.0,
        **(unit_fit(q, mention.unit) if q.kind != "date" else date_unit_fit(q, mention)),
        **slot_fit(q, text, mention.start, mention.end, deed_after),
        "value_in_question": value_in_question(q, mention),
        "year_like": year_like(mention),
        "kind_fit": float(mention.kind in _MENTION_KINDS.get(q.kind, ("quantity",))),
        "is_range": float(mention.kind == "range"),
        "is_label": float(mention.kind == "other"),
        "qualifier": float(mention.qualifier is not None),
        "rank": 1.0 / (1.0 + passage.rank),
        "fused": passage.fused,
        "distance": distance_fit(head, sentence, mention.start - s_left, mention.end - s_left),
        "place_in_sentence": place_named(place_names, sentence),
        **scope_fit(q, sentence, clause, "" if place_named(place_names, sentence) else document_scope),
        **year_fit(
            q,
            sentence,
            passage,
            document_years,
            dating_year(clause_before) or last_year_dated(clause_before, sentence_own_years, document_present),
            for_number=True,
            at=mention.start - s_left,
            present=document_present,
        ),
        # the number as the matching view writes it (the mention's own text is as written: 30分鐘)
        "in_question": float(text[mention.start : mention.end] in q.text),
        "whole_scope": float(bool(_WHOLE_IN_TEXT.search(clause))),
        "sub_place": float(sub_place),
        "report_elsewhere": float(report_elsewhere),
        "report_narrower": float(report_narrower),
        "place_listed": place_listed(place_names, sentence),
        "words_in_sentence": head.words_in(sentence),
        "section_year_other": section_year_other(q, passage, s_left, sentence),
        "local_unnamed": local_place_unnamed(q, passage, sentence),
        # read by `qa.answerable.local_place_unstated`, not by the number model
        "local_unnamed_passage": local_unnamed_passage(q, whole + "\n" + passage.title) if q.local_places else 0.0,
        **year_attached(q, clause_before, sentence),
        # a table cell's column header says whether it is the plan ("年度计划") or what was done
        "plan_unasked": plan_unasked(
            q, text[s_left : mention.start] + joined, text[mention.end : mention.end + 8], document_present
        ),
        "change_unasked": change_unasked(q, clause_before),
        # read by the question-level rule `qa.answerable.change_unstated`, not by the number model
        "change_stated": change_stated(clause_before),
        # the thing asked, without its base, said in the number's sentence (a change is often stated in the
        # clause after the thing's level: "X达N，比上年增长M%")
        # up to the end of the number's clause: "税收收入N亿元，增加M亿元；社会保险费收入K亿元" says no change of the latter
        "thing_cover": (thing or target).share_in(text[s_left:clause_right] + joined, expand=True),
        **stock_fit(q, clause_before, text[mention.end : clause_right]),
        **respective_fit(q, place_names, respective),
        # the place asked names the number's own list item ("其中甲区12个、乙区8个")
        "place_in_item": place_named(place_names, segment),
        "own_row": own_row(
            place_names,
            segment,
            breakdown or bool(header) or table_row_bounds(text, mention.start, mention.end) is not None,
            item_elsewhere,
        ),
        # where a change started is the figure of the year asked when that year dates it ("由2019年的N增加到M")
        "change_from": change_from(clause_before, text[mention.end : mention.end + 8])
        * float(q.year is None or dating_year(clause_before) != q.year),
        "place_only_later": place_only_later(place_names, sentence, mention.end - s_left),
        "section_plan": section_plan(q, heading, document_present),
        "plan_unstated": plan_unstated(
            q, text[s_left : mention.start] + joined, heading, text[mention.end : mention.end + 8]
        ),
        "level_unasked": level_unasked(q, clause_before),
        # a 分别 list's item is the number's own too ("甲区、乙区分别…x、y": y is 乙区's); the lead reaches into the
        # sentence before: "…开展县级评比12次；次年开展9次" (9次 is 县级 too)
        # a listed qualifier (城镇, 人均…) asked and unsaid; or a modifier asked that the passage says of the narrower
        # class elsewhere, unsaid here (the wider class's figure: 水产品 beside 海水产品)
        "qualifier_unstated": max(
            qualifier_unstated(
                q,
                item + clause + (respective[0] if respective else ""),
                text[max(0, s_left - _LEAD_BEFORE) : mention.start],
            ),
            # (the sentence up to its full stop: "甲区有X卫生机构N个；乙县机构M个" says X of M too). Reports only: an
            # encyclopedia's questions paraphrase their passage (a DRCD question lost its figure without this)
            modifier_left_out(
                distinguishing,
                q.text,
                item + clause,
                text[_full_stop_before(text, mention.start) : mention.start] + joined + heading + title,
                whole,
            )
            if document_genre
            else 0.0,
            grade_left_out(q.head or q.target, item + clause, whole) if document_genre else 0.0,
            # the whole's figure, the part asked named after it ("…N个，其中城区M个" for 城区…); reports only, as above
            part_asked_after(
                q.text,
                text[s_left : mention.start] + item + clause + heading,
                text[mention.end : s_right] + breakdown_next(text, s_right),
            )
            if document_genre
            else 0.0,
        ),
        "item_place_other": float(item_elsewhere),
        "bound_stated": bound_stated(q, clause_before, mention.qualifier),
        "column_cover": head.share_in(header),
        # what its sentence has said of the thing asked by the number's end: a clause that names no thing
        # ("…新建X4家，累计达到21家", "其中甲市78个、乙市42个") speaks of the thing its sentence named first
        # (and of a thing counted after its number, by the deed's end: "为N名老人提供康复服务")
        "cover_lead": head.share_in(text[s_left : mention.end] + deed_after),
        "wider_unnamed": wider_unnamed(report_wider, place_names, text[s_left : mention.end]),
        # the whole sentence up to its full stop: "全市建立…；工会会员N" states 全市 before the semicolon
        "wider_stated": wider_stated(
            q, place_names, text[_full_stop_before(text, mention.start) : mention.start], sentence
        ),
        "group_total": group_total(place_names, text[s_left : mention.start]),
        # a table cell's row label and column header say what it counts ("新建X(个)")
        **increment_fit(q, clause_before + joined, text[s_left : mention.start], place_names, item + clause),
        # an aside's year ("(2023年为N)") is no year the figures after it are stated for
        "past_unasked": past_unasked(
            q, clause_before, without_asides(text[s_left : mention.start]), document_present, header
        ),
        **past_asked(q, clause_before, without_asides(text[s_left : mention.start]), document_present, header),
        "per_unit_unasked": float(
            # 平均每年3月解冻: an average date is no per-unit figure; a share only as a change (人均…增长M%)
            (q.kind in ("count", "amount") or (q.kind == "share" and changed))
            and not PER_UNIT.search(q.text)
            # a change clause's figure ("…人均收入N元，增长M%") is a per-unit one too
            and bool(_PER_UNIT_BEFORE.search(text[min(clause_left, segment_left) : mention.start]))
        ),
        **abstention_features(
            q,
            passage,
            sentence,
            text[s_left : mention.start] + joined,
            clause_before,
            item + clause,
            heading,
            place_names,
            report_narrower,
            document_scope,
            document_present,
            head.words,
            cut,
        ),
    }
    # a number counting another thing than the one its clause names ("选派9名干部参加会员代表培训班" for 会员) is a
    # neighbouring thing's figure, as a narrower one is (read by the same feature)
    after = text[mention.end : mention.end + len(mention.subject) + 1].removeprefix("的")
    people = mention.unit in PEOPLE_UNITS and bool(q.units & PEOPLE_UNITS or q.measure in PEOPLE_UNITS)
    if people and after.startswith(mention.subject) and counts_another(head, item + clause, mention.subject):
        out["qualifier_other"] = 1.0
    if mention.unit in PEOPLE_UNITS and kin_counted(head, mention.subject):
        out["qualifier_other"] = 1.0
    if word_classes:
        out.update(words_unsaid(head.words, word_classes, sentence + heading))
        out["modifier_other"] = modifier_other(head.words, q.text, item + clause, cut)
        # the thing's words its whole passage (with its report's title) does not hold: a name no text here gives
        out["unsaid_passage"] = passage_unsaid(head.words, whole + passage.title)
        # a report on a year (not an encyclopedia's history): where users ask for the figure of a thing the text
        # names exactly, while wiki questions paraphrase their passage's words
        out["report_text"] = float(document_present is not None)
        # a document written as a report (`report_genre`), and a sibling thing's figure in its place
        out["report_genre"] = float(document_genre)
        out["modifier_sibling"] = modifier_sibling(head.words, q.text, item + clause, cut)
    # read by `qa.answerable.thing_unstated` (every candidate carries them, 0 where the thing has one word): the
    # passage of a report never names the thing asked, and this number's clause names its head with another word in
    # a modifier's slot (a neighbouring thing's figure). Reports only: an encyclopedia's questions paraphrase.
    said = whole + "\n" + passage.title
    named = len(distinguishing) > 1
    out["thing_unsaid_passage"] = thing_unsaid(distinguishing, said) if named and document_genre else 0.0
    # read by `qa.answerable.class_unstated`: as above, a short form said counting as the word (暑托 for 暑期托管)
    out["thing_absent_passage"] = thing_absent(distinguishing, said, head.words) if named and document_genre else 0.0
    # the number's own texts apart (a line break is no Han character): "…30个" + its subject "服务站点" would read
    # "个服务站点", the end of one text and the start of the next, as a word in the slot
    own_texts = "\n".join((segment, mention.subject, clause))
    out["sibling_in_slot"] = slot_sibling(distinguishing, q.text, own_texts, said) if named else 0.0
    # read by `qa.answerable.measure_unstated` and `total_unstated` (their share and flow readings in a report only:
    # an encyclopedia's figures are asked in its own words)
    out.update(thing_rule_features(mention.unit, clause_before, document_genre))
    # read by `qa.answerable.thing_elsewhere`: the thing's words said about this number, in a report only
    out.update(
        thing_near(
            distinguishing,
            near_text(said_near, heading, passage),
            own_texts,
            said,
            table_header_row(text, mention.start, mention.end),
        )
        if named and document_genre
        # a text not written as a report may state the thing in other words: it leaves the thing possibly stated
        else {**thing_near((), "", "", ""), "thing_stated_near": float(not document_genre)}
    )
    # read by `qa.answerable.other_side_only`: one side of a measure asked (支出), the other given (收入)
    sides = asked_sides((q.head or q.target).lower()) if document_genre else ()
    out.update(side_fit(sides, sentence.lower()))
    # read by `qa.answerable.lone_modifier_unstated`: 女 of 女会员 said nowhere, 会员 counted
    out.update(lone_fit(lone, own_texts.lower(), said.lower()))
    return out
