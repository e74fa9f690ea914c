"""Other names of the thing asked that a passage uses: measure synonyms of statistical reports and abbreviations.

A user asks 社零 where the report writes 社会消费品零售总额, or 青年创业贷款 where it writes 青创贷; the cover
features (the thing's bigrams in the number's item, clause, sentence) see neither. `alias_forms` gives the thing
asked under the names the passage holds instead, and `alias_gain` how much better such a name covers a text than the
thing's own words: the number features `alias_cover` / `alias_lead` (`qa.features.number_features`).

Two general mechanisms, one small table, and the plan word a target is asked by:
- `MEASURE_SYNONYMS`: the names statistical reports (公报, 政府工作报告) give one measure; kept here only.
- abbreviations, formed as Chinese abbreviations are: the short form takes characters of the full name in order,
  the first one its first (`expansion`: the question abbreviates, 规上 for 规模以上; `short_forms`: the text
  abbreviates, one character from the start of each of several words of the thing, 青创贷 for 青年创业贷款).
- a target asked (…目标, …计划, …任务): the thing without that word, as the plan's sentence names it.
All texts are the matching view, lowercased (GDP asked as gdp).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Interchangeable names of one measure in statistical reports; a name found in the thing asked (the longest
# first) is replaced by each other name of its group.
MEASURE_SYNONYMS: tuple[tuple[str, ...], ...] = (
    # growth of the economy: the rate of the regional GDP
    ("经济增长", "经济增速", "地区生产总值增长", "生产总值增长", "gdp增长", "gdp增速"),
    # the size of the economy
    ("地区生产总值", "生产总值", "gdp", "经济总量"),
    ("社会消费品零售总额", "社零总额", "社零", "消费品零售总额"),
    ("规模以上", "规上"),
    ("固定资产投资", "固投"),
    ("一般公共预算收入", "地方财政收入", "财政收入"),
    ("进出口总额", "外贸进出口总额", "外贸总额", "外贸进出口"),
)

# A plan's figure is stated without the word the question asks it by ("2026年新增就业目标" for "…新增就业1.2万人以上"):
# the thing without that word is its name in the plan's sentence.
_PLAN_WORD = re.compile(r"(?:(?:预期|年度|主要)?(?:目标|计划|任务)(?:值|数)?)+$")
ABBREVIATION_REACH = 3  # a short form's characters stand within three times its length in the full name
_HAN = re.compile(r"[\u4e00-\u9fff]")
_NOT_GRAM = re.compile(r"[\s\"“”‘’'()（）《》「」『』、,，.。:：;；!！?？\-]")


def _synonyms(thing: str) -> list[str]:
    # every other name of the group, held by the passage or not: a report may split it ("地区生产总值N亿元，增长M%"
    # for 经济增长), and `alias_gain` reads how much of it a text holds
    forms = []
    for group in MEASURE_SYNONYMS:
        for name in sorted(group, key=len, reverse=True):
            if name in thing:
                forms += [thing.replace(name, other) for other in group if other != name]
                break
    return forms


def expansion(short: str, text: str) -> str:
    """The first span of `text` that `short` abbreviates (its first character first, the others in order within
    `ABBREVIATION_REACH` times its length; longer than it), or "" where `text` holds it whole or not at all."""
    if len(short) < 2 or short in text:
        return ""
    reach = ABBREVIATION_REACH * len(short)
    start = text.find(short[0])
    while start >= 0:
        at = start
        for char in short[1:]:
            at = text.find(char, at + 1, start + reach)
            if at < 0:
                break
        else:
            return text[start : at + 1]
        start = text.find(short[0], start + 1)
    return ""


def short_forms(words: Sequence[str], text: str) -> list[tuple[str, str]]:
    """(short form, the words it stands for) for each run of `text` made of the first characters of two or more of
    the thing's `words`, in order (青创贷 for 青年·创业·贷款; a word may be skipped: 社零 for 社会·消费品·零售), where
    the run is not the thing's own text."""
    firsts: dict[str, list[int]] = {}
    for i, word in enumerate(words):
        if word and _HAN.match(word[0]):
            firsts.setdefault(word[0], []).append(i)
    thing = "".join(words)
    found: list[tuple[str, str]] = []
    for p, char in enumerate(text):
        if char not in firsts or (p and text[p - 1] in firsts):
            continue  # a run starts at a word's first character, not inside a longer run
        for first in firsts[char]:
            last, q = first, p + 1
            while q < len(text):
                later = [i for i in firsts.get(text[q], []) if i > last]
                if not later:
                    break
                last, q = later[0], q + 1
            short = text[p:q]
            if len(short) >= 2 and short not in thing:
                found.append((short, "".join(words[first : last + 1])))
    return found


def alias_forms(thing: str, words: Sequence[str], text: str) -> tuple[str, ...]:
    """The thing asked under the names `text` gives it instead: measure synonyms, a word of the thing that the text
    holds only in full (its expansion), a run of its words the text abbreviates. Empty where it uses none."""
    bare = _PLAN_WORD.sub("", thing)
    forms = [bare, *_synonyms(bare)] if len(bare) >= 2 and bare != thing else []
    forms += _synonyms(thing)
    for word in words:
        full = expansion(word, text)
        if full:
            forms.append(thing.replace(word, full))
    forms += [thing.replace(span, short) for short, span in short_forms(words, text) if span in thing]
    return tuple(dict.fromkeys(f for f in forms if f != thing))


def bigram_share(thing: str, text: str) -> float:
    """Share of the thing's character bigrams (punctuation dropped) found in `text`."""
    bare = _NOT_GRAM.sub("", thing)
    grams = [bare[i : i + 2] for i in range(len(bare) - 1)] or ([bare] if bare else [])
    return sum(g in text for g in grams) / len(grams) if grams else 0.0


def alias_gain(thing: str, aliases: Sequence[str], text: str) -> float:
    """How much better the best of the thing's other names covers `text` than its own words (0 when none does)."""
    if not aliases:
        return 0.0
    return max(0.0, max(bigram_share(a, text) for a in aliases) - bigram_share(thing, text))


def tail_only(thing: str, text: str) -> float:
    """1 when `text` names only the tail of the thing asked under another front: the longest proper suffix of the
    thing it holds (two characters or more) is not preceded there by the thing's own character before it (asked
    远洋渔业产量, "全年渔业产量…": a wider or other thing sharing its end). 0 when `text` holds the thing whole, or
    the thing is shorter than three characters."""
    if len(thing) < 3 or thing in text:
        return 0.0
    for a in range(1, len(thing) - 1):
        if thing[a:] in text:
            return float(thing[a - 1] not in text)
    return 0.0
